"""The file failed SQLite's check: say so, and offer the newest good backup or leave.

Nothing more is written into a damaged file (`Database.verify`), and browsing it may hit the
damaged pages, so the clerk chooses here: restore the newest backup that passes the check (the
damaged files are kept as they were first), or quit and ask IT.
"""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.screens.base import Dialog
from tui.widgets.labels import safe


class DamagedScreen(Dialog[bool]):
    """Dismissed with True to restore `backup`, False to quit."""

    BINDINGS = [
        Binding("r", "answer(True)", "key.restore_backup", id="restore_backup"),
        Binding("q,escape", "answer(False)", "key.quit", id="quit"),
    ]

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__(classes="dialog")
        self.message = message
        self.backup = backup

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="confirm"):
            yield Static(Text(safe(self.message)), id="confirm-message")
            with Horizontal(classes="buttons"):
                if self.backup is not None:
                    yield Button(self.t("ui.damaged.restore"), id="restore", variant="error")
                yield Button(self.t("ui.damaged.quit"), id="quit")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "restore")

    def action_answer(self, restore: bool) -> None:
        if restore and self.backup is None:
            return
        self.dismiss(restore)
