"""`R`: reporting rounds. The list on the left, the selected round's returns on the right (who
has reported, who is late, who is missing: the 催报名单). `n` opens a round, `c` closes one (the
ledger is snapshotted as the start of the next period), `b` writes its 情况通报 (.docx and .md)
into the export folder, `w` shows the whole 催报名单 (also from the overview)."""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from store.errors import TaizhangError
from store.forms.describe import returns_lines
from tui import keys
from tui.screens.base import Dialog
from tui.widgets.labels import one_line, safe


def chase_units(returns) -> list[tuple[str, bool, tuple[int, ...]]]:
    """The 催报名单 by unit: (name, overdue, the plans whose form it has not returned), each unit
    once, overdue ones first (as `round_returns` orders them)."""
    units: dict[str, list] = {}
    for x in returns:
        if x.status in ("missing", "overdue"):
            entry = units.setdefault(one_line(x.unit), [False, []])
            entry[0] = entry[0] or x.status == "overdue"
            entry[1].append(x.plan_id)
    return [(name, overdue, tuple(plans)) for name, (overdue, plans) in units.items()]


class ChaseScreen(Dialog[None]):
    """The whole 催报名单 of a round, one unit a line, scrolled by keys."""

    DEFAULT_CSS = """
    #chase-box { height: 1fr; padding: 0 1; }
    #chase-body { height: 1fr; }
    #chase-list { height: auto; }
    """
    BINDINGS = [
        Binding("escape,q,w", "close", "key.close_overview", id="close_chase"),
        Binding("j,down", "scroll(1)", "key.down", show=False, id="down"),
        Binding("k,up", "scroll(-1)", "key.up", show=False, id="up"),
        Binding("pagedown,space", "page(1)", "key.page_down", show=False, id="page_down"),
        Binding("pageup", "page(-1)", "key.page_up", show=False, id="page_up"),
        Binding("g,home", "edge(False)", "key.top", show=False, id="top"),
        Binding("G,end", "edge(True)", "key.bottom", show=False, id="bottom"),
    ]

    def __init__(self, round_name: str, units, plan_titles: dict[int, str]) -> None:
        super().__init__(classes="full")
        self.round_name = round_name
        self.units = units
        self.plan_titles = plan_titles

    def compose(self) -> ComposeResult:
        several = len({p for _, _, plans in self.units for p in plans}) > 1
        text = Text()
        for i, (name, overdue, plans) in enumerate(self.units, 1):
            status = self.t("returns.overdue" if overdue else "returns.missing")
            text.append(f"{i:>4}  ")
            text.append(status, style="bold red" if overdue else "")
            text.append(f"  {name}")
            if several:
                titles = "；".join(one_line(self.plan_titles.get(p, str(p))) for p in plans)
                text.append(f"  [{titles}]", style="dim")
            text.append("\n")
        with Vertical(id="chase-box"):
            yield Static(Text(self.t("ui.chase.title", name=safe(self.round_name), count=len(self.units)),
                              style="bold"), classes="dialog-title")
            with VerticalScroll(id="chase-body"):
                yield Static(text, id="chase-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chase-body").focus()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#chase-body", VerticalScroll).scroll_relative(y=delta, animate=False)

    def action_page(self, delta: int) -> None:
        body = self.query_one("#chase-body", VerticalScroll)
        body.scroll_relative(y=delta * max(1, body.size.height - 1), animate=False)

    def action_edge(self, end: bool) -> None:
        body = self.query_one("#chase-body", VerticalScroll)
        body.scroll_end(animate=False) if end else body.scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


class NewRoundDialog(Dialog[tuple[str, str | None, bool] | None]):
    """Name, due date and whether the round covers only the current plan."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, plan_title: str | None) -> None:
        super().__init__(classes="dialog")
        self.plan_title = plan_title

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box"):
            yield Static(Text(t("ui.round.new_title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("ui.round.name")), classes="dialog-text")
            yield Input(id="round-name", placeholder=t("ui.round.name_hint"))
            yield Static(Text(t("ui.round.due")), classes="dialog-text")
            yield Input(id="round-due", placeholder="2024-07-15")
            if self.plan_title:
                yield Checkbox(safe(t("ui.round.only_plan", plan=self.plan_title)), id="round-only", value=False)
            yield Static(Text(""), id="round-status")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.round.create"), id="go", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#round-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._go()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "go":
            self._go()
        else:
            self.dismiss(None)

    def _go(self) -> None:
        name = self.query_one("#round-name", Input).value.strip()
        if not name:
            self.query_one("#round-status", Static).update(Text(self.t("round.no_name"), style="bold red"))
            self.query_one("#round-name", Input).focus()
            return
        due = self.query_one("#round-due", Input).value.strip() or None
        only = bool(self.plan_title) and self.query_one("#round-only", Checkbox).value
        self.dismiss((name, due, only))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RoundsScreen(Dialog[None]):
    BINDINGS = [
        Binding("n", "new_round", "key.round_new", id="round_new"),
        Binding("c", "close_round", "key.round_close", id="round_close"),
        *keys.bindings("bulletin", "chase"),
        Binding("escape,q,R", "back", "key.close_overview", id="close_rounds"),
    ]

    def __init__(self, ledger, catch_alls=(), plan_id: int | None = None) -> None:
        super().__init__(classes="full")
        self.ledger = ledger
        self.catch_alls = tuple(catch_alls)
        self.plan_id = plan_id
        self.rounds = []

    def compose(self) -> ComposeResult:
        with Vertical(id="rounds-box"):
            yield Static(Text(self.t("ui.round.title"), style="bold"), classes="dialog-title")
            with Horizontal(id="rounds-body"):
                yield OptionList(id="rounds-list")
                with VerticalScroll(id="rounds-returns"):
                    yield Static(Text(""), id="rounds-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, select: int | None = None) -> None:
        rounds = self.ledger.rounds()
        counts = []
        for r in rounds:
            returns = self.ledger.round_returns(r, self.catch_alls)
            counts.append((sum(1 for x in returns if x.status in ("returned", "late")), len(returns)))
        self.app.call_from_thread(self._loaded, rounds, counts, select)

    def _loaded(self, rounds, counts, select) -> None:
        self.rounds = rounds
        options = self.query_one(OptionList)
        options.clear_options()
        if not rounds:
            self.query_one("#rounds-detail", Static).update(Text(self.t("ui.round.none")))
        for r, (got, expected) in zip(rounds, counts):
            state = self.t("round.open" if r.is_open else "round.is_closed")
            line = Text(safe(r.name), style="bold" if r.is_open else "")
            line.append(f"  {r.due or '-'}  {state}  {got}/{expected}", style="dim")
            options.add_option(Option(line, id=str(r.id)))
        if rounds:
            index = next((i for i, r in enumerate(rounds) if r.id == select), 0)
            options.highlighted = index
            self._show(rounds[index])
        options.focus()

    @on(OptionList.OptionHighlighted, "#rounds-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        r = next((r for r in self.rounds if str(r.id) == event.option.id), None)
        if r is not None:
            self._show(r)

    def _show(self, r) -> None:
        lines = returns_lines(self.ledger, r, self.catch_alls, self.lang)
        chase = self.t("returns.chase")
        if chase in lines:  # the 催报名单 says how many units it names (all of them, below)
            count = len(chase_units(self.ledger.round_returns(r, self.catch_alls)))
            lines[lines.index(chase)] = self.t("returns.chase_count", count=count)
        text = Text()
        for i, line in enumerate(lines):
            style = "bold" if i == 0 else ("bold red" if self.t("returns.overdue") in line else "")
            text.append(safe(line) + "\n", style=style)
        self.query_one("#rounds-detail", Static).update(text)

    def _selected(self):
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.rounds:
            return None
        return self.rounds[options.highlighted]

    def action_new_round(self) -> None:
        if self.ledger.read_only:
            self.notify(self.t("db.read_only", path=str(self.ledger.path)), severity="warning")
            return
        title = None
        if self.plan_id is not None:
            title = self.ledger.plan(self.plan_id).display_title

        def made(answer) -> None:
            if answer is None:
                return
            name, due, only = answer

            def made_round(r) -> None:
                self.notify(safe(self.t("ui.round.created", name=r.name)), markup=False)
                self._load(r.id)

            self._change(made_round, self.ledger.new_round, name, due=due,
                         plan_ids=[self.plan_id] if only else [])

        self.app.push_screen(NewRoundDialog(title), made)

    def action_close_round(self) -> None:
        r = self._selected()
        if r is None or not r.is_open:
            return
        from tui.screens.confirm import ConfirmScreen

        def closed(_) -> None:
            self.notify(safe(self.t("round.closed_done", name=r.name)), markup=False)
            self._load(r.id)

        def answered(yes: bool) -> None:
            if yes:
                self._change(closed, self.ledger.close_round, r.id)

        self.app.push_screen(ConfirmScreen(self.t("ui.round.confirm_close", name=r.name)), answered)

    @work(group="write", exit_on_error=False)
    async def _change(self, then, fn, *args, **kwargs) -> None:
        """A change to the ledger on the app's writing thread (tui/writer.py): the screen keeps
        answering keys while another program holds the write lock."""
        try:
            result = await self.app.writer.run(fn, *args, **kwargs)
        except TaizhangError as e:
            self.notify(safe(e.message(self.lang)), severity="error", markup=False)
            return
        then(result)

    def action_chase(self) -> None:
        r = self._selected()
        if r is None:
            return
        units = chase_units(self.ledger.round_returns(r, self.catch_alls))
        if not units:
            self.notify(self.t("ui.chase.none", name=r.name), markup=False)
            return
        titles = {p.id: p.display_title for p in self.ledger.plans(overdue=False)}
        self.app.push_screen(ChaseScreen(r.name, units, titles))

    # ---- 情况通报 ------------------------------------------------------------------------

    def action_bulletin(self) -> None:
        r = self._selected()
        if r is None:
            self.notify(self.t("bulletin.no_round"), severity="warning", markup=False)
            return
        from store.exporting.bulletin import default_paths

        config = self.app.config
        targets = default_paths(config.export_dir(), r.name, self.lang)
        there = [p for p in targets if p.exists()]
        if not there:
            self._write_bulletin(r, targets)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_bulletin(r, targets)

        paths = "\n".join(str(p) for p in there)
        self.app.push_screen(ConfirmScreen(self.t("ui.export.overwrite", path=paths)), answered)

    @work(thread=True, exclusive=True, group="bulletin", exit_on_error=False)
    def _write_bulletin(self, r, targets) -> None:
        """Gather and write the round's 情况通报 off the UI thread; say where it went."""
        from store.exporting.bulletin import gather, write_files

        config = self.app.config
        self.app.call_from_thread(self.notify, self.t("ui.bulletin.writing"), markup=False)
        b = gather(self.ledger, r, settings=config.bulletin_settings(), catch_alls=self.catch_alls,
                   lang=self.lang)
        try:
            written = write_files(b, targets, force=True)
        except OSError as exc:
            message = self.t("ui.export.failed", detail=str(exc))
            self.app.call_from_thread(self.notify, safe(message), severity="error", markup=False, timeout=10)
            return
        message = "\n".join(self.t("bulletin.written", path=str(p)) for p in written)
        self.app.call_from_thread(self.notify, safe(message), markup=False, timeout=10)

    def action_back(self) -> None:
        self.dismiss(None)
