"""A report written to a file: built from the ledger, then written in one step (a half-written
file never takes the place of a good one)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from store.atomic import write_atomically
from store.exporting import export_to


def export_file(ledger, fmt: str, path: str | Path, *, plan_ids: Iterable[int] | None = None,
                task_ids: Iterable[int] | None = None, task_filter=None, lang: str = "zh") -> Path:
    data = export_to(ledger, fmt, plan_ids=plan_ids, task_ids=task_ids, task_filter=task_filter,
                     lang=lang)
    write_atomically(Path(path), data)
    return Path(path)
