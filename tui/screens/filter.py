"""`f`: narrow the tree by state, due date and unit. Returns a `View`, or None when cancelled.

The unit picker lists the units the plans name (loaded in a worker: at 100,000 tasks counting
them takes a moment); typing filters it by name, alias or pinyin initials (`fgw`). "My unit"
is the configured unit with its aliases and the names joined to it, and the catch-alls (各单位,
市直各单位 …) when the ledger says they count (issue 19: `store.usecases.units.mine_names`).
"""
from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from store.filtering import TaskFilter
from store.usecases.units import mine_names
from tui.screens.base import Dialog
from tui.widgets.filter_bar import View
from tui.widgets.labels import SOON_DAYS, safe

STATE_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ui.filter.all", ()),
    ("ui.state.open", ("open",)),
    ("state.todo", ("todo",)),
    ("state.doing", ("doing",)),
    ("state.done", ("done",)),
    ("state.na", ("na",)),
)
DUE_CHOICES = ("ui.filter.any_due", "ui.filter.overdue", "ui.filter.due_soon")
UNITS_SHOWN = 300


def unit_rank(words: str, query: str) -> int | None:
    """How well a unit's words (name, aliases and their pinyin initials, space-separated)
    match what was typed: 0 a whole word, 1 a word's start, 2 a word's start after its first
    character (市发改委 for fgw), 3 anywhere, None not at all. `fgw` puts 发改委 before
    政府管委会, whose initials hold f g w by chance."""
    best = None
    for word in words.split():
        if word == query:
            return 0
        rank = 1 if word.startswith(query) else 2 if word[1:].startswith(query) else 3 if query in word else None
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


class FilterScreen(Dialog[View | None]):
    BINDINGS = [
        Binding("ctrl+s", "apply", "key.apply", id="apply"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, ledger, view: View, *, my_unit: str | None) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.view = view
        self.my_unit = my_unit
        self.units: list[tuple[str, int, str]] = []
        """(name, tasks, searchable text: aliases and initials)"""
        self.chosen: set[str] = set(view.picked_units)

    def compose(self) -> ComposeResult:
        f = self.view.filter
        t = self.t
        with Vertical(id="dialog-box", classes="filter"):
            yield Static(Text(t("ui.filter.title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.filter.state")), classes="filter-label")
                with RadioSet(id="states", classes="grid"):
                    for code, states in STATE_CHOICES:
                        yield RadioButton(Content(t(code)), value=tuple(f.states) == states)
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.filter.due")), classes="filter-label")
                due_index = 1 if f.overdue else 2 if f.due_within is not None else 0
                with RadioSet(id="due"):
                    for i, code in enumerate(DUE_CHOICES):
                        yield RadioButton(Content(t(code, days=SOON_DAYS)), value=i == due_index)
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.filter.units")), classes="filter-label")
                with Vertical(id="unit-picker"):
                    if self.my_unit:
                        label = t("ui.filter.mine", unit=safe(self.my_unit))
                    else:
                        label = t("ui.filter.mine_unset")
                    yield Checkbox(Content(label), value=self.view.mine, id="mine",
                                   disabled=not self.my_unit)
                    yield Input(id="unit-search", placeholder=t("ui.filter.unit_search"))
                    yield SelectionList[str](id="units")
                    yield Static(Text(t("ui.filter.loading_units"), style="dim"), id="units-note")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.filter.apply"), id="apply", variant="primary")
                yield Button(t("ui.filter.clear"), id="clear")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#states", RadioSet).focus()
        self._load_units()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_units(self) -> None:
        from store.pinyin import initials

        units = []
        for u in self.ledger.units():
            if u.tasks:
                words = " ".join([u.name, *u.aliases, initials(u.name), *(initials(a) for a in u.aliases)])
                units.append((u.name, u.tasks, words.lower()))
        self.app.call_from_thread(self._units_loaded, units)

    def _units_loaded(self, units) -> None:
        self.units = units
        self._show_units("")

    def _show_units(self, query: str) -> None:
        query = query.strip().lower()
        if query:
            ranked = [(unit_rank(u[2], query), i, u) for i, u in enumerate(self.units)]
            shown = [u for rank, _, u in sorted(r for r in ranked if r[0] is not None)]
        else:
            shown = list(self.units)
        selection = self.query_one("#units", SelectionList)
        selection.clear_options()
        selection.add_options(
            Selection(Text(self.t("ui.filter.unit_count", name=safe(name), count=count)), name,
                      name in self.chosen)
            for name, count, _ in shown[:UNITS_SHOWN]
        )
        note = self.query_one("#units-note", Static)
        if not shown:
            note.update(Text(self.t("ui.filter.no_units"), style="dim"))
        elif len(shown) > UNITS_SHOWN:
            note.update(Text(self.t("ui.filter.more_units", count=len(shown) - UNITS_SHOWN), style="dim"))
        else:
            note.update(Text(self.t("ui.filter.units_hint", count=len(self.chosen)), style="dim"))

    @on(Input.Changed, "#unit-search")
    def _unit_search(self, event: Input.Changed) -> None:
        self._show_units(event.value)

    @on(Input.Submitted, "#unit-search")
    def _unit_search_done(self, event: Input.Submitted) -> None:
        selection = self.query_one("#units", SelectionList)
        if selection.option_count and selection.highlighted is None:
            selection.highlighted = 0
        selection.focus()

    @on(SelectionList.SelectedChanged, "#units")
    def _units_changed(self, event: SelectionList.SelectedChanged) -> None:
        selection = event.selection_list
        selected = set(selection.selected)
        for i in range(selection.option_count):
            value = selection.get_option_at_index(i).value
            if value in selected:
                self.chosen.add(value)
            else:
                self.chosen.discard(value)
        self.query_one("#units-note", Static).update(
            Text(self.t("ui.filter.units_hint", count=len(self.chosen)), style="dim")
        )

    def result(self) -> View:
        states = STATE_CHOICES[max(self.query_one("#states", RadioSet).pressed_index, 0)][1]
        due = self.query_one("#due", RadioSet).pressed_index
        mine = self.query_one("#mine", Checkbox).value and bool(self.my_unit)
        picked = tuple(sorted(self.chosen))
        names: list[str] = list(picked)
        if mine:
            cfg = self.app.config
            # issue 19 (revisions/units): the catch-alls count when the ledger says they do
            names = list(mine_names(self.ledger, cfg.unit, cfg.aliases, cfg.catch_alls)) + [n for n in names if n]
        task_filter = TaskFilter(
            plan_ids=self.view.filter.plan_ids,
            states=states,
            units=tuple(dict.fromkeys(names)),
            overdue=due == 1,
            due_within=SOON_DAYS if due == 2 else None,
            query=self.view.filter.query,
        )
        return replace(self.view, filter=task_filter, mine=mine, picked_units=picked)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(View(filter=TaskFilter(query=self.view.filter.query)))
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        self.dismiss(None)
