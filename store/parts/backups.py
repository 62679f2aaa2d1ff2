"""Backups of the open database into `backups/` beside it, and restoring one."""
from __future__ import annotations

import os
import time
from pathlib import Path

import sqlite3

from store.backup import restore_into, write_backup
from store.db import Database
from store.db.recovery import copy_aside, file_passes_check
from store.errors import ReadOnlyError, TaizhangError

RECENT = 600
"""Seconds within which one backup before an import or merge covers the next (many files)."""


class Backups:
    def __init__(self, db: Database):
        self.db = db
        self._last: float | None = None

    def _has_plans(self) -> bool:
        return self.db.conn().execute("SELECT 1 FROM plans LIMIT 1").fetchone() is not None

    def backup(self, reason: str = "manual") -> Path:
        """Write a consistent copy to backups/ beside the database (the newest ten are kept);
        a damaged database is not copied as if it were good (`db.damaged`)."""
        self.db.verify()
        path = write_backup(self.db.conn(), self.db.path, reason)
        self._last = time.monotonic()
        return path

    def backup_before(self, reason: str) -> Path | None:
        """The backup taken before an import or a merge: skipped when there is nothing to lose
        yet, or when this ledger made one in the last ten minutes (an import of many files)."""
        if self.db.read_only or not self._has_plans():
            return None
        if self._last is not None and time.monotonic() - self._last < RECENT:
            return None
        return self.backup(reason)

    def restore(self, backup_file: str | os.PathLike) -> Path | None:
        """Replace this database's content with a backup's, after backing up the current one."""
        if self.db.read_only:
            raise ReadOnlyError(path=str(self.db.path))
        other = Database(backup_file, read_only=True)  # refuses what is not ours
        try:
            other.conn().execute("SELECT count(*) FROM plans").fetchone()
        finally:
            other.close()
        if not file_passes_check(Path(backup_file)):
            raise TaizhangError("backup.damaged", path=str(backup_file))
        try:
            saved = self.backup("restore") if self._has_plans() else None
        except (TaizhangError, sqlite3.DatabaseError):  # the current file is damaged: keep it as it is
            saved = copy_aside(self.db.path, "damaged")
        restore_into(backup_file, self.db.conn())
        self.db.restored()
        return saved
