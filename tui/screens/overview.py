"""`o`: the table clerks build by hand with COUNTIF — per plan, per section, per lead unit:
total, done, doing, to do, not applicable, overdue and percent done, with a bar.

`1` `2` `3` switch the table, `s` sorts by the next column and `r` reverses; `enter` returns a
`View` of that row's tasks, which the main screen applies to the tree. Above the table, the
current round and its 催报名单: as many whole names as two lines hold, then how many there are in
all, and `w` shows every one.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, LoadingIndicator, Static

from store.filtering import TaskFilter
from store.models import Progress
from tui import keys
from tui.screens.base import Dialog
from tui.widgets.filter_bar import View
from tui.widgets.footer import LedgerFooter
from tui.widgets.labels import bar, fit, one_line

TABLES = ("plans", "sections", "units")
CHASE_LINES = 2
"""Lines of the 催报名单 above the table; `w` shows the rest."""
COLUMNS = ("name", "total", "done", "doing", "todo", "na", "overdue", "percent")
BAR_WIDTH = 10


@dataclass(frozen=True)
class Row:
    kind: str
    ident: int
    name: str
    progress: Progress
    depth: int = 0
    order: int = 0

    def value(self, column: str):
        if column == "name":
            return self.order
        if column == "percent":
            return self.progress.percent
        return getattr(self.progress, column)


class OverviewScreen(Dialog[View | None]):
    BINDINGS = [
        Binding("1", "table('plans')", "key.by_plan", id="by_plan"),
        Binding("2", "table('sections')", "key.by_section", id="by_section"),
        Binding("3", "table('units')", "key.by_unit", id="by_unit"),
        Binding("s", "sort", "key.sort", id="sort"),
        Binding("r", "reverse", "key.reverse", id="reverse"),
        *keys.bindings("chase"),
        Binding("enter", "jump", "key.jump", id="jump", priority=True),
        Binding("escape,q,o", "close", "key.close_overview", id="close_overview"),
        Binding("j", "cursor(1)", "key.down", show=False, id="down"),
        Binding("k", "cursor(-1)", "key.up", show=False, id="up"),
    ]

    def __init__(self, ledger, catch_alls=()) -> None:
        super().__init__(classes="full")
        self.ledger = ledger
        self.catch_alls = tuple(catch_alls)
        self.rows: dict[str, list[Row]] = {}
        self.table_name = "plans"
        self.sort_column = "name"
        self.descending = False
        self.round_state = None
        """(round, returned, expected, the 催报名单 by unit) of the current round, once loaded."""

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-box"):
            yield Static(Text(""), id="overview-title", classes="dialog-title")
            yield Static(Text(""), id="overview-round")
            yield LoadingIndicator(id="overview-loading")
            yield DataTable(id="overview-table", cursor_type="row", zebra_stripes=True)
        yield LedgerFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.display = False
        self.name_width = max(20, self.app.size.width - 6 * 8 - (BAR_WIDTH + 6) - 8)
        for column in COLUMNS:
            label = Text(self.t(f"ui.overview.col.{column}"), justify="left" if column == "name" else "right")
            if column == "name":
                table.add_column(label, key=column, width=self.name_width)
            elif column == "percent":
                table.add_column(label, key=column, width=BAR_WIDTH + 5)
            else:
                table.add_column(label, key=column, width=6)
        self._show_title()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        ledger = self.ledger
        plans = ledger.plans()
        rows: dict[str, list[Row]] = {"plans": [], "sections": [], "units": []}
        for i, p in enumerate(plans):
            rows["plans"].append(Row("plan", p.id, p.display_title, p.progress, order=i))
        order = 0
        for p in plans:
            sections = ledger.all_sections(p.id)
            progress = ledger.section_progress(p.id)
            children: dict[int | None, list] = {}
            for s in sections:
                children.setdefault(s.parent_id, []).append(s)

            def walk(parent, depth):
                nonlocal order
                for s in sorted(children.get(parent, []), key=lambda s: s.position):
                    name = f"#{p.id} " + f"{s.label or ''}{s.title}" if depth == 0 else f"{s.label or ''}{s.title}"
                    rows["sections"].append(Row("section", s.id, name, progress.get(s.id, Progress()),
                                                depth=depth, order=order))
                    order += 1
                    walk(s.id, depth + 1)

            walk(None, 0)
        for i, (unit, progress) in enumerate(ledger.unit_progress("lead")):
            rows["units"].append(Row("unit", unit.id, unit.name, progress, order=i))
        self.app.call_from_thread(self._loaded, rows, self._round_state())

    def _round_state(self):
        """The current round, how many forms came back of how many, and who is still to
        return one (the 催报名单, by unit); None when no round is open."""
        from tui.screens.rounds import chase_units

        r = self.ledger.current_round()
        if r is None:
            return None
        returns = self.ledger.round_returns(r, self.catch_alls)
        got = sum(1 for x in returns if x.status in ("returned", "late"))
        return r, got, len(returns), chase_units(returns)

    def _round_text(self, width: int) -> Text:
        """The current round and its 催报名单 in `width` cells: whole names only, as many as
        `CHASE_LINES` lines hold; when some are left out, how many there are and the key."""
        if self.round_state is None:
            return Text(self.t("round.no_current"), style="dim")
        r, got, expected, chase = self.round_state
        due = self.t("round.due_part", due=r.due) if r.due else ""
        text = Text(one_line(self.t("round.current", name=r.name, due=due, returned=got, expected=expected)),
                    style="bold", no_wrap=True, overflow="ellipsis")
        if not chase:
            return text
        style = "bold red" if any(overdue for _, overdue, _ in chase) else ""
        key = self.app.get_key_display(next(b for _k, b in self.app.keymap_applied(keys.bindings("chase"))))
        more = self.t("returns.chase_more", count=len(chase), key=key)
        lines = [self.t("returns.chase_count", count=len(chase))]

        def room(line: int, i: int) -> int:
            """Cells line `line` may fill with name `i`: the last line keeps room for `more`."""
            return width - (cell_len(more) if line == CHASE_LINES - 1 and i < len(chase) - 1 else 0)

        shown = 0
        for i, (name, _, _) in enumerate(chase):
            piece = name + ("、" if i < len(chase) - 1 else "")
            if cell_len(lines[-1] + piece) <= room(len(lines) - 1, i):
                lines[-1] += piece
            elif len(lines) < CHASE_LINES and cell_len(piece) <= room(len(lines), i):
                lines.append(piece)
            else:
                break
            shown += 1
        if shown < len(chase):
            lines[-1] = lines[-1].rstrip("、") + more
        for line in lines:
            text.append("\n")
            text.append(line, style=style)
        return text

    def _show_round(self) -> None:
        width = self.query_one("#overview-round", Static).content_region.width or self.app.size.width - 2
        self.query_one("#overview-round", Static).update(self._round_text(max(20, width)))

    def on_resize(self) -> None:
        if self.round_state is not None:
            self._show_round()

    def action_chase(self) -> None:
        from tui.screens.rounds import ChaseScreen

        if self.round_state is None or not self.round_state[3]:
            name = self.round_state[0].name if self.round_state else ""
            self.notify(self.t("ui.chase.none", name=name) if name else self.t("round.no_current"),
                        markup=False)
            return
        titles = {p.id: p.display_title for p in self.ledger.plans(overdue=False)}
        self.app.push_screen(ChaseScreen(self.round_state[0].name, self.round_state[3], titles))

    def _loaded(self, rows: dict[str, list[Row]], round_state=None) -> None:
        self.rows = rows
        self.round_state = round_state
        self._show_round()
        self.query_one(LoadingIndicator).display = False
        table = self.query_one(DataTable)
        table.display = True
        self._fill()
        table.focus()

    def _show_title(self) -> None:
        t = self.t
        title = Text(t("ui.overview.title"), style="bold")
        for i, name in enumerate(TABLES, 1):
            title.append("   ")
            title.append(f"{i} {t(f'ui.overview.{name}')}", "bold reverse" if name == self.table_name else "dim")
        arrow = "↓" if self.descending else "↑"
        title.append("   " + t("ui.overview.sorted", column=t(f"ui.overview.col.{self.sort_column}"), arrow=arrow),
                     "dim")
        self.query_one("#overview-title", Static).update(title)

    def _bar_styles(self) -> tuple[Style, Style]:
        theme = self.app.current_theme
        done = Style(bgcolor=getattr(theme, "success", None) or "green")
        rest = Style(bgcolor=getattr(theme, "panel", None) or getattr(theme, "surface", None) or "grey30")
        return done, rest

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        rows = sorted(self.rows.get(self.table_name, []), key=lambda r: r.value(self.sort_column),
                      reverse=self.descending)
        done_style, rest_style = self._bar_styles()
        for r in rows:
            p = r.progress
            name = fit(Text("  " * r.depth + one_line(r.name)), self.name_width)
            pct = Text.assemble(bar(p, BAR_WIDTH, done_style, rest_style), f" {p.percent:>3}%")
            overdue = Text(str(p.overdue), style="bold red" if p.overdue else "", justify="right")
            cells = [name, *(Text(str(getattr(p, c)), justify="right") for c in ("total", "done", "doing", "todo", "na")),
                     overdue, pct]
            table.add_row(*cells, key=f"{r.kind}:{r.ident}")
        self._show_title()

    def action_table(self, name: str) -> None:
        if name != self.table_name:
            self.table_name = name
            self.sort_column, self.descending = "name", False
            self._fill()

    def action_sort(self) -> None:
        i = COLUMNS.index(self.sort_column)
        self.sort_column = COLUMNS[(i + 1) % len(COLUMNS)]
        self.descending = self.sort_column != "name"  # figures: biggest first
        self._fill()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._fill()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        if delta > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if not table.display or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, ident = key.partition(":")
        row = next(r for r in self.rows[self.table_name] if r.kind == kind and r.ident == int(ident))
        ledger = self.ledger
        if kind == "plan":
            ids = ledger.filter_task_ids(TaskFilter(plan_ids=(row.ident,)))
            label = self.t("ui.view.plan", name=row.name)
        elif kind == "section":
            ids = [t.id for t in ledger.tasks(section_id=row.ident, recursive=True)]
            label = self.t("ui.view.section", name=row.name)
        else:
            ids = ledger.unit_task_ids(row.ident, role="lead")
            label = self.t("ui.view.lead_unit", name=row.name)
        self.dismiss(View(picked=frozenset(ids), picked_label=label))

    def action_close(self) -> None:
        self.dismiss(None)
