"""Notes: the timestamped progress notes of a task (进展情况), kept as a log.

Editing keeps the earlier text in the history; deleting marks the note deleted (it stays, and
undo brings it back). Every note is part of its task's search row.
"""
from __future__ import annotations

from typing import Iterable

from store.db import Database, FieldRule
from store.db.database import id_list
from store.errors import NotFoundError
from store.models import ChangeSet, Note
from store.parts.search_index import SearchIndex
from store.parts.tasks import task_label
from store.textclean import strip_control

NOTE_COLS = "id, task_id, at, author, unit, source, text, edited_at"


def clean_note(text: str) -> str:
    """A note's text as stored: control characters and escape sequences removed; not empty."""
    cleaned, _ = strip_control(text)
    if not cleaned.strip():
        raise ValueError("a note needs some text")
    return cleaned


class Notes:
    def __init__(self, db: Database, index: SearchIndex):
        self.db = db
        self.index = index
        rules = db.rules
        rules.add("notes", "created", FieldRule(is_current=self._created_is))
        rules.add("notes", "text", FieldRule(is_current=self._text_is, apply=self._write_text))
        rules.add("notes", "deleted", FieldRule(is_current=self._deleted_is,
                                                 apply=self._write_deleted))
        rules.label_with("notes", self._label)

    # ---- the history's rules -------------------------------------------------------------

    @staticmethod
    def _row(c, note_id: int):
        return c.execute("SELECT text, deleted, task_id FROM notes WHERE id = ?",
                         (note_id,)).fetchone()

    def _created_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and not row[1] and row[0] == ch.after

    def _text_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and not row[1] and row[0] == ch.after

    def _deleted_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and bool(row[1]) == bool(ch.after)

    def _write_text(self, tx, note_id: int, text) -> None:
        tx.execute("UPDATE notes SET text = ?, edited_at = ? WHERE id = ?", (text, tx.at, note_id))
        self._reindex(tx, note_id)

    def _write_deleted(self, tx, note_id: int, deleted) -> None:
        tx.execute("UPDATE notes SET deleted = ? WHERE id = ?", (int(deleted), note_id))
        self._reindex(tx, note_id)

    def _reindex(self, tx, note_id: int) -> None:
        row = self._row(tx.conn, note_id)
        if row:
            self.index.reindex_task(tx.conn, row[2])

    def _label(self, c, note_id: int) -> str:
        row = self._row(c, note_id)
        return task_label(c, row[2]) if row else f"#{note_id}"

    # ---- reading -------------------------------------------------------------------------

    def of_task(self, task_id: int) -> list[Note]:
        """The task's notes, newest first, deleted ones left out."""
        rows = self.db.conn().execute(
            f"SELECT {NOTE_COLS} FROM notes WHERE task_id = ? AND deleted = 0 "
            "ORDER BY at DESC, id DESC",
            (task_id,),
        ).fetchall()
        return [Note(*r) for r in rows]

    def get(self, note_id: int) -> Note:
        row = self.db.conn().execute(
            f"SELECT {NOTE_COLS} FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(what="note", ident=note_id)
        return Note(*row)

    def by_task(self, task_ids: Iterable[int]) -> dict[int, list[Note]]:
        """Notes of many tasks at once, oldest first, deleted ones left out (for exports)."""
        out: dict[int, list[Note]] = {}
        for r in self.db.conn().execute(
            f"SELECT {NOTE_COLS} FROM notes WHERE deleted = 0 AND "
            "task_id IN (SELECT value FROM json_each(?)) ORDER BY task_id, at, id",
            (id_list(task_ids),),
        ):
            out.setdefault(r[1], []).append(Note(*r))
        return out

    # ---- writing -------------------------------------------------------------------------

    def insert(self, tx, task_id: int, text: str, *, author: str | None, unit: str | None,
               source: str, at: str | None = None, reindex: bool = True) -> int:
        """Write a note inside the caller's transaction and keep it in the history. A caller
        writing many notes may pass `reindex=False` and call `reindex` once per task after."""
        note_id = tx.execute(
            "INSERT INTO notes (id, task_id, at, author, unit, source, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tx.fresh_id("notes"), task_id, at or tx.at, author, unit, source, text),
        ).lastrowid
        tx.record_created("notes", note_id, text)
        if reindex:
            self.index.reindex_task(tx.conn, task_id)
        return note_id

    def reindex(self, tx, task_ids: Iterable[int]) -> None:
        """Bring the search rows of these tasks up to date with their notes."""
        for task_id in dict.fromkeys(task_ids):
            self.index.reindex_task(tx.conn, task_id)

    def add(self, task_id: int, text: str, *, author: str | None = None, unit: str | None = None,
            source: str = "ui", at: str | None = None) -> Note:
        """Add a note to a task (control characters and escape sequences removed)."""
        text = clean_note(text)
        with self.db.transaction(source=source, summary="note") as tx:
            if tx.execute("SELECT 1 FROM tasks WHERE id = ?", (task_id,)).fetchone() is None:
                raise NotFoundError(what="task", ident=task_id)
            note_id = self.insert(tx, task_id, text, author=author or self.db.actor,
                                  unit=unit if unit is not None else self.db.actor_unit,
                                  source=source, at=at)
            return Note(*tx.execute(f"SELECT {NOTE_COLS} FROM notes WHERE id = ?",
                                    (note_id,)).fetchone())

    def _live(self, tx, note_id: int) -> tuple[int, str]:
        row = tx.execute(
            "SELECT task_id, text FROM notes WHERE id = ? AND deleted = 0", (note_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(what="note", ident=note_id)
        return row

    def edit(self, note_id: int, text: str, *, source: str = "ui") -> Note:
        """Change a note's text; the old text stays in the history."""
        text = clean_note(text)
        with self.db.transaction(source=source, summary="note") as tx:
            _, old = self._live(tx, note_id)
            if text != old:
                tx.change("notes", note_id, "text", old, text)
            return Note(*tx.execute(f"SELECT {NOTE_COLS} FROM notes WHERE id = ?",
                                    (note_id,)).fetchone())

    def delete(self, note_id: int, *, source: str = "ui") -> ChangeSet:
        """Soft-delete a note (kept, marked deleted, recorded in the history)."""
        with self.db.transaction(source=source, summary="note") as tx:
            self._live(tx, note_id)
            tx.change("notes", note_id, "deleted", 0, 1)
            return tx.changeset()
