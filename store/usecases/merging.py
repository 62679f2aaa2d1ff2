"""Merging returned forms: the files of a folder or a list, the preview of what each row would
change, the clerk's choices on it, and writing it (one transaction, one undo step)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from store.errors import TaizhangError
from store.forms.merge import MergePreview, plan_merge
from store.forms.reader import form_files


def files_of(paths: Iterable[str | Path]) -> list[Path]:
    """The spreadsheets named, a folder standing for every spreadsheet in it (a folder with
    none is an error the clerk hears of, not an empty merge)."""
    files = []
    for name in paths:
        found = form_files(Path(name))
        if not found and Path(name).is_dir():
            raise TaizhangError("merge.no_forms", path=str(name))
        files += found
    return files


def preview(ledger, paths: Iterable[str | Path], *, unit: str | None = None,
            round_name: str | None = None, plan_id: int | None = None,
            catch_alls: Iterable[str] = ()) -> MergePreview:
    return plan_merge(ledger, files_of(paths), unit=unit, round_name=round_name, plan_id=plan_id,
                      catch_alls=catch_alls)


def settle_conflicts(preview: MergePreview, prefer: str) -> int:
    """The clerk's one answer for every conflict not yet decided: 'ledger' or 'unit'. How many."""
    undecided = preview.undecided()
    for _, row in undecided:
        row.choice = prefer
    return len(undecided)


def apply(ledger, preview: MergePreview):
    """Write the preview's ready files (a backup first)."""
    return ledger.apply_merge(preview)
