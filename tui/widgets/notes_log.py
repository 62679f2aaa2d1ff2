"""A task's notes, newest first: one focusable item per note, so `enter` edits and `d` deletes
the note under the cursor and the pane scrolls to it by itself."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from store import i18n
from store.models import Note
from tui import keys
from tui.widgets.labels import safe


def when(at: str | None) -> str:
    """ISO time as people read it: 2021-10-15 10:00."""
    return (at or "")[:16].replace("T", " ")


class NoteItem(Static, can_focus=True):
    BINDINGS = [
        *keys.bindings("note_edit", "note_delete"),
        Binding("j,down", "move(1)", "key.down", show=False, id="down"),
        Binding("k,up", "move(-1)", "key.up", show=False, id="up"),
    ]

    def __init__(self, note: Note, lang: str) -> None:
        self.note = note
        self.lang = lang
        super().__init__(self._render_note(), markup=False)

    def _render_note(self) -> Text:
        note = self.note
        who = safe(note.author or "")
        if note.unit:
            who = i18n.t("ui.note.author_unit", self.lang, author=who, unit=safe(note.unit))
        head = Text.assemble((when(note.at), "bold"), "  ", who)
        if note.edited_at:
            head.append("  " + i18n.t("ui.note.edited", self.lang, at=when(note.edited_at)), "dim")
        return Text.assemble(head, "\n", Text(safe(note.text)))

    def action_edit_note(self) -> None:
        self.post_message(NotesLog.EditNote(self.note))

    def action_delete_note(self) -> None:
        self.post_message(NotesLog.DeleteNote(self.note))

    def action_move(self, delta: int) -> None:
        items = list(self.parent.query_children(NoteItem)) if self.parent else []
        if self not in items:
            return
        index = items.index(self) + delta
        if 0 <= index < len(items):
            items[index].focus()


class NotesLog(Vertical, can_focus=False):
    """The notes of one task; empty, it says how to add one."""

    class EditNote(Message):
        """The clerk asked to edit this note."""

        def __init__(self, note: Note) -> None:
            self.note = note
            super().__init__()

    class DeleteNote(Message):
        """The clerk asked to delete this note."""

        def __init__(self, note: Note) -> None:
            self.note = note
            super().__init__()

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.notes: list[Note] = []
        self.task_id: int | None = None

    def show(self, task_id: int | None, notes: list[Note]) -> None:
        if task_id == self.task_id and notes == self.notes:
            return
        focused_id = None
        focused = self.screen.focused if self.is_attached else None
        if isinstance(focused, NoteItem) and focused.parent is self:
            focused_id = focused.note.id
        self.task_id, self.notes = task_id, list(notes)
        self.remove_children()
        items = [NoteItem(n, self.lang) for n in notes]
        if items:
            self.mount_all(items)
            if focused_id is not None:
                target = next((i for i in items if i.note.id == focused_id), items[0])
                self.call_after_refresh(target.focus)

    def first(self) -> NoteItem | None:
        items = list(self.query_children(NoteItem))
        return items[0] if items else None
