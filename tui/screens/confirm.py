"""Yes or no, by keyboard: `y`/`enter` confirms, `n`/`esc` cancels."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.screens.base import Dialog
from tui.widgets.labels import safe


class ConfirmScreen(Dialog[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "key.yes", id="yes"),
        Binding("n,escape", "answer(False)", "key.no", id="no"),
    ]

    def __init__(self, message: str, *, yes: str | None = None, danger: bool = False) -> None:
        super().__init__(classes="dialog")
        self.message = message
        self.yes = yes
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="confirm"):
            yield Static(Text(safe(self.message)), id="confirm-message")
            with Horizontal(classes="buttons"):
                yield Button(self.yes or self.t("ui.confirm.yes"), id="yes",
                             variant="error" if self.danger else "primary")
                yield Button(self.t("ui.confirm.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
