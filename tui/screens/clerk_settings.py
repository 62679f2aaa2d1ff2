"""Issue 19 (revisions/units): the clerk's name and unit, set from the app — asked on the first
run while either is missing, changed later with `,` — and whether the catch-alls (各单位,
省直各单位 …) count as "my unit", a setting of the ledger.

Returns a `ClerkSettings` (what the clerk entered) or None when cancelled; the main screen
saves the config (tomlkit, `tui.cli.settings.set_value`) and writes the ledger's setting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Static

from tui.screens.base import Dialog

_LIST_SEP = re.compile(r"[,，、;；]")


@dataclass(frozen=True)
class ClerkSettings:
    name: str | None
    unit: str | None
    aliases: tuple[str, ...]
    catch_alls_mine: bool


class ClerkSettingsDialog(Dialog[ClerkSettings | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, *, name: str | None, unit: str | None, aliases=(), catch_alls_mine: bool = False,
                 unit_names=(), first_run: bool = False) -> None:
        super().__init__(classes="dialog")
        self.name_value = name or ""
        self.unit_value = unit or ""
        self.aliases = tuple(aliases)
        self.catch_alls_mine = catch_alls_mine
        self.unit_names = list(unit_names)
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box", classes="clerk-settings"):
            title = "ui.clerk.first_title" if self.first_run else "ui.clerk.title"
            yield Static(Text(t(title), style="bold"), classes="dialog-title")
            if self.first_run:
                yield Static(Text(t("ui.clerk.first_why")), classes="dialog-text")
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.clerk.name")), classes="filter-label")
                yield Input(self.name_value, id="clerk-name", placeholder=t("ui.name.placeholder"))
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.clerk.unit")), classes="filter-label")
                yield Input(self.unit_value, id="clerk-unit", placeholder=t("ui.clerk.unit_placeholder"),
                            suggester=SuggestFromList(self.unit_names, case_sensitive=False))
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.clerk.aliases")), classes="filter-label")
                yield Input("、".join(self.aliases), id="clerk-aliases",
                            placeholder=t("ui.clerk.aliases_placeholder"))
            yield Checkbox(Content(t("ui.clerk.catch_alls")), value=self.catch_alls_mine, id="clerk-catch-alls")
            yield Static(Text(t("ui.clerk.hint"), style="dim"), classes="dialog-hint")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.clerk.save"), id="save", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        first = "#clerk-unit" if self.name_value and not self.unit_value else "#clerk-name"
        self.query_one(first, Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; in the last one it saves."""
        event.stop()
        order = ["clerk-name", "clerk-unit", "clerk-aliases"]
        at = order.index(event.input.id) if event.input.id in order else len(order) - 1
        if at + 1 < len(order):
            self.query_one(f"#{order[at + 1]}", Input).focus()
        else:
            self.action_save()

    def result(self) -> ClerkSettings | None:
        def value(ident: str) -> str:
            return " ".join(self.query_one(ident, Input).value.split())

        name, unit = value("#clerk-name"), value("#clerk-unit")
        aliases = tuple(a.strip() for a in _LIST_SEP.split(self.query_one("#clerk-aliases", Input).value)
                        if a.strip())
        return ClerkSettings(name or None, unit or None, aliases,
                             self.query_one("#clerk-catch-alls", Checkbox).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        found = self.result()
        if found.name is None:
            self.notify(self.t("ui.name.empty"), severity="warning", markup=False)
            self.query_one("#clerk-name", Input).focus()
            return
        self.dismiss(found)

    def action_cancel(self) -> None:
        self.dismiss(None)
