"""Keeping a damaged database's files as they were, before anything reads past the damage.

A damaged write-ahead log is copied aside with its database (into a folder of its own under
`backups/`, never pruned) before the file is opened; a database that fails SQLite's integrity
check is refused for writing, naming the newest backup that passes it.
"""
from __future__ import annotations

from typing import NamedTuple

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from store.backup import backups_dir, list_backups
from store.db.wal import WalState


class WalRecovery(NamedTuple):
    """A damaged WAL found when opening: what SQLite can replay, and where the files were kept."""

    state: WalState | None
    copy: Path | None
    """The folder holding the database and its WAL as they were (None: it could not be made)."""
    unusable: bool = False
    """The WAL could not be used at all (opening.Found.wal_unusable): the file was opened as
    it stood at its last checkpoint, the log kept in `copy`."""


def copy_aside(db_path: Path, reason: str) -> Path | None:
    """Copy the database and its -wal (and -shm) into `backups/<name>-<time>-<reason>/`."""
    folder = backups_dir(db_path) / f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S}-{reason}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                shutil.copy2(source, folder / source.name)
    except OSError:
        return None
    return folder


def quick_check(conn: sqlite3.Connection) -> bool:
    """SQLite's own check of the file's structure (pages, free list, indexes' order)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def file_passes_check(path: Path, *, with_wal: bool = True) -> bool:
    """Does this database file (a backup) pass the quick check, read without writing?
    `with_wal=False`: the file alone, a -wal beside it left unread (and no -shm made)."""
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + ("?mode=ro" if with_wal else "?mode=ro&immutable=1"),
                               uri=True)
    except sqlite3.Error:
        return False
    try:
        return quick_check(conn)
    finally:
        conn.close()


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of this database that passes the check."""
    for candidate in reversed(list_backups(db_path)):
        if file_passes_check(candidate):
            return candidate
    return None


def set_aside_unusable_wal(db_path: Path) -> Path | None:
    """Copy the database with its unusable -wal (and -shm) aside, then remove the log and its
    index so SQLite never replays it; None (nothing removed) when no copy could be made."""
    copy = copy_aside(db_path, "unusable-wal")
    if copy is None:
        return None
    try:
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    except OSError:
        return None
    return copy
