"""Backups with SQLite's backup API, kept in `backups/` beside the database.

Written before any migration, import or merge (and by hand with `taizhang backup`); the newest
ten are kept. A backup is written as `….part` and renamed when whole; a `.part` that a killed
process left behind (untouched for ten minutes) is removed when the next backup is written. A backup is a complete, consistent database even while another process writes,
because SQLite's online backup copies a snapshot, WAL included.
"""
from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from store.atomic import clean_stale

KEEP = 10
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)(?:-(?P<reason>[a-z]+))?\.db$")
_PART = re.compile(r"^.+-\d{8}-\d{6}(?:-\d+)?(?:-[a-z]+)?\.part$")
"""A backup being written; one left behind by a killed process is removed by the next backup."""


def backups_dir(db_path: str | os.PathLike) -> Path:
    return Path(db_path).resolve().parent / "backups"


def _target(db_path: Path, reason: str, now: datetime) -> Path:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while (folder / name).exists():
        n += 1
        name = f"{db_path.stem}-{stamp}-{n}-{reason}.db"
    return folder / name


def write_backup(source: sqlite3.Connection, db_path: str | os.PathLike, reason: str = "manual",
                 now: datetime | None = None, keep: int = KEEP) -> Path:
    """Copy the open database into backups/ and prune the oldest beyond `keep`."""
    db_path = Path(db_path)
    target = _target(db_path, reason, now or datetime.now())
    clean_stale(target.parent, _PART)
    tmp = target.with_suffix(".part")
    dest = sqlite3.connect(str(tmp))
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    os.replace(tmp, target)
    prune(db_path, keep)
    return target


def list_backups(db_path: str | os.PathLike) -> list[Path]:
    """This database's backups, oldest first."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m and m.group("stem") == db_path.stem:
            found.append((p.stat().st_mtime, p.name, p))
    return [p for _, _, p in sorted(found)]


def prune(db_path: str | os.PathLike, keep: int = KEEP) -> None:
    backups = list_backups(db_path)
    for old in backups[: max(len(backups) - keep, 0)]:
        try:
            old.unlink()
        except OSError:
            pass  # a backup we cannot remove is kept, never a reason to fail


def restore_into(backup_file: str | os.PathLike, target: sqlite3.Connection) -> None:
    """Replace the target database's content with the backup's, in one step."""
    src = sqlite3.connect(f"file:{Path(backup_file).resolve().as_posix()}?mode=ro", uri=True)
    try:
        src.backup(target)
    finally:
        src.close()
