"""Issue 19 (revisions/units) — `U`: every unit name of the ledger, sorted by pinyin, with how
many tasks name it; the clerk joins names that are one body (教育局 = 市教育局) and parts them
again, and says whether the catch-alls (各单位, 省直各单位 …) count as "my unit".

`space` marks names, `=` joins the marked names to the one under the cursor (its name is the
one kept), `-` parts the name under the cursor, `c` switches the catch-alls, `/` finds a name
(by characters or pinyin initials). Each change is a change-set (`u` on the main screen undoes
it). Returns True when something changed (the main screen reloads), else None.
"""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from store.errors import TaizhangError
from tui import keys
from tui.screens.base import Dialog
from tui.screens.filter import unit_rank
from tui.widgets.footer import LedgerFooter
from tui.widgets.labels import safe


class UnitsScreen(Dialog[bool | None]):
    BINDINGS = [
        *keys.bindings("unit_mark", "unit_join", "unit_split", "unit_catch_alls"),
        Binding("slash", "find", "key.unit_find", id="unit_find"),
        Binding("escape,q", "close", "key.close_overview", id="close_overview"),
        Binding("j", "cursor(1)", "key.down", show=False, id="down"),
        Binding("k", "cursor(-1)", "key.up", show=False, id="up"),
    ]

    def __init__(self, ledger, config) -> None:
        super().__init__(classes="full")
        self.ledger = ledger
        self.config = config
        self.entries: list = []
        self.words: dict[int, str] = {}
        """unit id → its name, aliases and their initials (what `/` finds by)."""
        self.catch_all_ids: set[int] = set()
        self.mine: set[int] = set()
        self.catch_alls_mine = False
        self.marked: set[int] = set()
        self.changed = False
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="units-box"):
            yield Static(Text(self.t("ui.units.title"), style="bold"), id="units-title", classes="dialog-title")
            yield Static(Text(""), id="units-state")
            yield Input(id="units-find", placeholder=self.t("ui.units.find"))
            yield DataTable(id="units-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(self.t("ui.units.hint"), style="dim"), id="units-hint")
        yield LedgerFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in (("mark", 3), ("name", 30), ("tasks", 8), ("joined", 40)):
            table.add_column(Text(self.t(f"ui.units.col.{key}")), key=key, width=width)
        self.query_one("#units-find").display = False
        table.focus()
        self._load()

    # ---- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        from store.pinyin import initials
        from store.parts.rounds import is_catch_all
        from store.usecases.units import catch_alls_count, mine_ids

        cfg = self.config
        entries = self.ledger.unit_listing()
        words = {e.id: " ".join([e.name, *e.aliases, initials(e.name), *(initials(a) for a in e.aliases)]).lower()
                 for e in entries}
        catch = {e.id for e in entries if is_catch_all(e.name, cfg.catch_alls)}
        mine = mine_ids(self.ledger, cfg.unit, cfg.aliases)
        self.app.call_from_thread(self._loaded, entries, words, catch, mine, catch_alls_count(self.ledger))

    def _loaded(self, entries, words, catch, mine, catch_alls_mine) -> None:
        self.entries, self.words, self.catch_all_ids, self.mine = entries, words, catch, mine
        self.catch_alls_mine = catch_alls_mine
        self.marked &= {e.id for e in entries}
        self.busy = False
        self._fill()

    def _shown(self) -> list:
        find = self.query_one("#units-find", Input)
        query = find.value.strip().lower() if find.display else ""
        if not query:
            return list(self.entries)
        ranked = [(unit_rank(self.words[e.id], query), i, e) for i, e in enumerate(self.entries)]
        return [e for rank, _, e in sorted(r for r in ranked if r[0] is not None)]

    def _fill(self) -> None:
        t = self.t
        table = self.query_one(DataTable)
        keep = self._current()
        table.clear()
        names = {e.id: e.name for e in self.entries}
        for e in self._shown():
            mark = Text("[x]" if e.id in self.marked else "[ ]")
            style = "dim" if e.tasks == 0 and e.group_tasks == 0 else ""
            name = Text(safe(e.name), style=style)
            if e.id in self.mine:
                name.append(" ★", "bold")
            tasks = Text(t("ui.units.tasks", count=e.tasks), justify="right")
            if e.same_as is not None:
                joined = Text(t("ui.units.joined_to", name=safe(names.get(e.same_as, "?"))), style="cyan")
            elif e.group_tasks != e.tasks:
                joined = Text(t("ui.units.with_joined", count=e.group_tasks), style="cyan")
            elif e.id in self.catch_all_ids:
                joined = Text(t("ui.units.catch_all"), style="dim")
            else:
                joined = Text("")
            table.add_row(mark, name, tasks, joined, key=str(e.id))
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
            except Exception:  # noqa: BLE001 - the row is filtered out: stay where the cursor is
                pass
        self._show_state()

    def _show_state(self) -> None:
        t = self.t
        unit = self.config.unit
        state = Text(t("ui.units.count", count=len(self.entries)))
        state.append("  ")
        state.append(t("ui.units.my_unit", unit=safe(unit)) if unit else t("ui.units.no_unit"))
        state.append("  ")
        state.append(t("units.catch_alls_yes" if self.catch_alls_mine else "units.catch_alls_no"),
                     "bold" if self.catch_alls_mine else "")
        if self.marked:
            state.append("  ")
            state.append(t("ui.units.marked", count=len(self.marked)), "bold yellow")
        self.query_one("#units-state", Static).update(state)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    # ---- keys -----------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if delta > 0 else table.action_cursor_up()

    def action_mark(self) -> None:
        current = self._current()
        if current is None:
            return
        self.marked.symmetric_difference_update({current})
        self._fill()
        self.action_cursor(1)

    def action_join(self) -> None:
        into = self._current()
        if into is None or self.busy:
            return
        joining = self.marked - {into}
        if not joining:
            self.notify(self.t("ui.units.join_how"), markup=False)
            return
        self._write("join", sorted(joining), into)

    def action_split(self) -> None:
        current = self._current()
        if current is None or self.busy:
            return
        entry = next(e for e in self.entries if e.id == current)
        if entry.same_as is None and not any(e.same_as == current for e in self.entries):
            self.notify(self.t("units.not_joined", name=entry.name), markup=False)
            return
        self._write("split", current)

    def action_catch_alls(self) -> None:
        if not self.busy:
            self._write("catch_alls", not self.catch_alls_mine)

    def action_find(self) -> None:
        find = self.query_one("#units-find", Input)
        find.display = True
        find.focus()

    @on(Input.Changed, "#units-find")
    def _found(self, event: Input.Changed) -> None:
        self._fill()

    @on(Input.Submitted, "#units-find")
    def _find_done(self, event: Input.Submitted) -> None:
        event.stop()
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=0, animate=False)
        table.focus()

    def action_close(self) -> None:
        find = self.query_one("#units-find", Input)
        if find.has_focus:  # esc in the find box: back to the list, the box emptied
            find.value = ""
            find.display = False
            self.query_one(DataTable).focus()
            return
        self.dismiss(True if self.changed else None)

    # ---- writing --------------------------------------------------------------------------

    def _write(self, what: str, *args) -> None:
        if self.ledger.read_only:
            self.notify(self.t("ui.read_only_refused"), severity="warning", markup=False)
            return
        self.busy = True
        self._run(what, args)

    @work(thread=True, exclusive=True, group="units-write", exit_on_error=False)
    def _run(self, what: str, args: tuple) -> None:
        from store.usecases.units import set_catch_alls_count

        ledger = self.ledger
        try:
            if what == "join":
                ids, into = args
                cs = ledger.join_units(ids, into)
            elif what == "split":
                cs = ledger.split_unit(args[0])
            else:
                cs = set_catch_alls_count(ledger, args[0])
            message = None
            if cs is not None:
                code, params = ledger.describe(cs, self.lang)
                message = self.t(code, **params)
        except TaizhangError as exc:
            self.app.call_from_thread(self._failed, exc.message(self.lang))
            return
        self.app.call_from_thread(self._written, what, message)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.notify(safe(message), severity="error", markup=False)

    def _written(self, what: str, message: str | None) -> None:
        self.changed = True
        if what == "join":
            self.marked.clear()
        if message:
            self.notify(safe(message), markup=False)
        self._load()
