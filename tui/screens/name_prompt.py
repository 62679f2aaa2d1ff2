"""Asked once, before the first note, when the config has no clerk name."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.screens.base import Dialog


class NamePrompt(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="name-prompt"):
            yield Static(Text(self.t("ui.name.title"), style="bold"), classes="dialog-title")
            yield Static(Text(self.t("ui.name.why")), classes="dialog-text")
            yield Input(id="name", placeholder=self.t("ui.name.placeholder"))
            yield Static(Text(self.t("ui.name.hint"), style="dim"), classes="dialog-hint")

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if not name:
            self.notify(self.t("ui.name.empty"), severity="warning", markup=False)
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
