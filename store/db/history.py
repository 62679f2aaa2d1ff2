"""The history's rules and the undo/redo cursor.

Every change is a change-set (who, when, from where) with one row per field changed, so undo
is "write the inverse as a new change-set", and redo "write the undo's inverse". What a field
means is its part's business: each part registers, per table and field it records, how to
write a value back (`apply`), how to tell that a recorded change is still the row's value
(`is_current`: undo refuses otherwise), and per table how people name a row (for that refusal).
This module knows no table.

DECISIONS ("Undo"): `u` undoes this actor's newest ordinary change-set (not an undo, not a
redo, not already undone, not replayed history); `ctrl+r` redoes the newest undo unless an
ordinary change has been made since. When a value is no longer the change's "after", undo
refuses naming the task, and the next undo offers the next older change-set.
"""
from __future__ import annotations

from typing import Callable

from store.db.database import Database, Transaction, id_list
from store.errors import UndoRefused
from store.models import Change, ChangeSet


def inverse(ch: Change) -> Change:
    if ch.field == "created":  # a row added (a note, a plan imported): undone by deleting it
        return Change(ch.table, ch.row_id, "deleted", 0, 1)
    return Change(ch.table, ch.row_id, ch.field, ch.after, ch.before)


_ORDINARY = "cs.actor = :actor AND cs.kind = 'change' AND coalesce(cs.summary, '') != 'replayed'"


class Undo:
    """This actor's undo and redo over the change-sets of the database."""

    def __init__(self, db: Database):
        self.db = db

    def _undo_candidate(self, c) -> int | None:
        row = c.execute(
            f"SELECT cs.id FROM changesets cs WHERE {_ORDINARY} "
            "AND cs.id NOT IN (SELECT value FROM json_each(:skipped)) "
            "AND NOT EXISTS (SELECT 1 FROM changesets u WHERE u.kind = 'undo' "
            "  AND u.target_id = cs.id AND NOT EXISTS (SELECT 1 FROM changesets r "
            "  WHERE r.kind = 'redo' AND r.target_id = u.id)) "
            "ORDER BY cs.id DESC LIMIT 1",
            {"actor": self.db.actor, "skipped": id_list(self.db.undo_skips)},
        ).fetchone()
        return row[0] if row else None

    def _redo_candidate(self, c) -> int | None:
        row = c.execute(
            "SELECT u.id FROM changesets u WHERE u.actor = :actor AND u.kind = 'undo' "
            "AND NOT EXISTS (SELECT 1 FROM changesets r WHERE r.kind = 'redo' "
            "  AND r.target_id = u.id) ORDER BY u.id DESC LIMIT 1",
            {"actor": self.db.actor},
        ).fetchone()
        if row is None:
            return None
        later = c.execute(
            f"SELECT 1 FROM changesets cs WHERE {_ORDINARY} AND cs.id > :id LIMIT 1",
            {"actor": self.db.actor, "id": row[0]},
        ).fetchone()
        return None if later else row[0]

    def _one(self, c, cs_id: int | None) -> ChangeSet | None:
        return None if cs_id is None else self.db.read_changesets([cs_id], conn=c)[0]

    def peek_undo(self) -> ChangeSet | None:
        """The change-set `undo()` would undo (so the UI can ask first for an import)."""
        c = self.db.conn()
        return self._one(c, self._undo_candidate(c))

    def peek_redo(self) -> ChangeSet | None:
        """The undo change-set `redo()` would redo."""
        c = self.db.conn()
        return self._one(c, self._redo_candidate(c))

    def undo(self, *, source: str = "ui") -> ChangeSet:
        """Undo this actor's newest ordinary change-set; returns the undo change-set written.

        Refuses (UndoRefused naming the row) when a value has changed since; that change-set
        is then skipped, so the next call offers the next older one. Nothing to undo:
        UndoRefused("undo.nothing").
        """
        conflict: tuple[int, UndoRefused] | None = None
        result = None
        with self.db.transaction(source=source, kind="undo") as tx:
            target = self._undo_candidate(tx.conn)
            if target is None:
                raise UndoRefused("undo.nothing")
            changes = self._one(tx.conn, target).changes
            stale = next((ch for ch in changes if not self.db.rules.is_current(tx.conn, ch)), None)
            if stale is not None:
                conflict = (target, self._changed_since(tx.conn, stale))
            else:
                result = self._write_inverse(tx, changes, target)
        if conflict is not None:
            self.db.undo_skips.add(conflict[0])
            raise conflict[1]
        return result

    def redo(self, *, source: str = "ui", refuse: Callable[[ChangeSet], str | None] = lambda cs: None
             ) -> ChangeSet:
        """Redo the newest undo, unless an ordinary change has been made since. `refuse` may
        name a catalog code for undo change-sets that cannot be redone (a plan deleted whole)."""
        with self.db.transaction(source=source, kind="redo") as tx:
            undo_id = self._redo_candidate(tx.conn)
            if undo_id is None:
                raise UndoRefused("redo.nothing")
            undo = self._one(tx.conn, undo_id)
            code = refuse(undo)
            if code:
                raise UndoRefused(code)
            stale = next((ch for ch in undo.changes if not self.db.rules.is_current(tx.conn, ch)), None)
            if stale is not None:
                raise self._changed_since(tx.conn, stale)
            return self._write_inverse(tx, undo.changes, undo_id)

    def _changed_since(self, conn, stale: Change) -> UndoRefused:
        """The refusal naming the row changed since: its kind (tasks → task) and its label."""
        return UndoRefused(task=self.db.rules.label(conn, stale), what=stale.table.removesuffix("s"))

    def _write_inverse(self, tx: Transaction, changes, target: int) -> ChangeSet:
        summary = tx.execute("SELECT summary FROM changesets WHERE id = ?", (target,)).fetchone()[0]
        tx.describe(summary=summary, target_id=target)
        for ch in reversed(changes):
            back = inverse(ch)
            tx.record(back)
            tx.apply(back)
        return tx.changeset()
