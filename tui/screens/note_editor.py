"""Writing a note: a multi-line editor; `ctrl+s` saves, `esc` cancels (asking first when
something was typed). Returns the text, or None."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui.screens.base import Dialog
from tui.screens.confirm import ConfirmScreen


class NoteEditor(Dialog[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.original = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="note-editor"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield TextArea(self.original, id="note-text", soft_wrap=True)
            yield Static(Text(self.t("ui.note.editor_hint"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify(self.t("ui.note.empty"), severity="warning", markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(self.t("ui.note.discard")), answered)
