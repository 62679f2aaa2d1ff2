"""Ledger settings (issue 19): choices that belong to the ledger, not to one clerk's config —
kept in the `settings` table (schema v5) as JSON values, each change a change-set like any
other, so it is in the history and undoable.

A setting's row is never deleted once made: undo writes its earlier value back (JSON null for
"not set", which reads as the default), so the history's row id always names the same key.
"""
from __future__ import annotations

import json
from typing import Any

from store.db import Database, FieldRule

MINE_CATCH_ALLS = "mine.catch_alls"
"""Do catch-all unit names (各单位, 省直各单位 …) count as "my unit"? Default: no (issue 19 —
with them, 本单位 matched 199 of the sample's 234 tasks)."""

DEFAULTS: dict[str, Any] = {MINE_CATCH_ALLS: False}


class Settings:
    def __init__(self, db: Database):
        self.db = db
        db.rules.add("settings", "value", FieldRule(is_current=self._value_is, apply=self._write))
        db.rules.label_with("settings", self._label)

    # ---- the history's rules -------------------------------------------------------------

    @staticmethod
    def _row(c, row_id: int):
        return c.execute("SELECT key, value FROM settings WHERE rowid = ?", (row_id,)).fetchone()

    def _value_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and json.loads(row[1]) == ch.after

    @staticmethod
    def _write(tx, row_id: int, value) -> None:
        tx.execute("UPDATE settings SET value = ? WHERE rowid = ?",
                   (json.dumps(value, ensure_ascii=False), row_id))

    def _label(self, c, row_id: int) -> str:
        row = self._row(c, row_id)
        return row[0] if row else f"#{row_id}"

    # ---- reading and writing -------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """The setting's value; its default when it was never set (or set back to null)."""
        row = self.db.conn().execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        value = None if row is None else json.loads(row[0])
        if value is None:
            return DEFAULTS.get(key, default) if default is None else default
        return value

    def set(self, key: str, value: Any, *, source: str = "ui"):
        """Set a ledger setting in one change-set (None when it already held that value)."""
        with self.db.transaction(source=source, summary="setting") as tx:
            row = tx.execute("SELECT rowid, value FROM settings WHERE key = ?", (key,)).fetchone()
            if row is None:
                row_id = tx.execute("INSERT INTO settings (key, value) VALUES (?, 'null')",
                                    (key,)).lastrowid
                before = None
            else:
                row_id, before = row[0], json.loads(row[1])
            if before == value:
                return None
            tx.change("settings", row_id, "value", before, value)
            return tx.changeset()
