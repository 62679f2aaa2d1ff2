"""The app's one writing thread.

Every change the main screen makes to the ledger runs here, one after another in the order the
clerk asked for them, so no keystroke waits on the disk, a checkpoint or another program's
write lock: the screen awaits the result and stays responsive meanwhile. The thread's own
connection is also the one that asks whether another copy has committed (`PRAGMA data_version`
never counts a connection's own commits), so this copy's writes never hide another's.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Callable


class Writer:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="taizhang-writer")

    async def run(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """`fn(*args, **kwargs)` on the writing thread, after everything asked before it."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(fn, *args, **kwargs))

    def close(self) -> None:
        """Finish what was asked, then stop the thread."""
        self._pool.shutdown(wait=True)
