"""A short list of choices in a dialog (a plan's actions, a side in a dispute, a bulk
confirmation): enter picks one and returns its id, `esc` returns None."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.base import Dialog
from tui.widgets.labels import safe


class ChoiceMenu(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        """`choices`: (id, label) pairs, in order; labels may hold a document's words."""
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="picker"):
            yield Static(Text(safe(self.title_text), style="bold"), classes="dialog-title")
            yield OptionList(*(Option(Text(safe(label)), id=ident) for ident, label in self.choices),
                             id="menu-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
