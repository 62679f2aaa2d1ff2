"""Files written whole or not at all: a report, a form, a backup never exists half-written."""
from __future__ import annotations

import os
from pathlib import Path

_UNSAFE = '<>:"/\\|?*\n\r\t'


def write_atomically(target: Path, data: str | bytes) -> None:
    """Write beside `target`, flush to disk, then rename over it.

    The temporary file is opened with plain `open(…, "xb")`, not `mkstemp`, so the file gets
    the user's usual permissions (mkstemp's 0600 would hide a report from colleagues on a
    shared Linux machine).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".taizhang-{os.urandom(6).hex()}{target.suffix}")
    try:
        with open(tmp, "xb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def safe_filename(title: str, limit: int = 60) -> str:
    """A file name from a plan's title: no characters Windows refuses, no control characters."""
    name = "".join("_" if ch in _UNSAFE or ord(ch) < 32 else ch for ch in title).strip(" .")
    return name[:limit] or "taizhang"
