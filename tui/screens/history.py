"""`H`: the history of the whole ledger (issue 19) — every change, newest first, with who made
it, when, from where, and what it changed in full (a text or a note edited shows the whole text
before and after). Narrowed by plan, unit, person and dates (the fields at the top; `enter` in
a field applies them); `enter` on a change jumps to its task; `t` shows in the tree the tasks
changed since the "from" date (and an export then holds just them).

Returns ("jump", task_id), ("view", View), or None.
"""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.errors import TaizhangError
from store.filtering import TaskFilter
from store.parts.history_browse import PAGE, HistoryItem, HistoryQuery, check_day
from store.usecases.naming import find_plan_ids
from tui import keys
from tui.screens.base import Dialog
from tui.widgets.filter_bar import View
from tui.widgets.footer import LedgerFooter
from tui.widgets.history_lines import change_lines, subject
from tui.widgets.labels import safe
from tui.widgets.notes_log import when

LINES_PER_CHANGESET = 24
"""A merge or an import changes hundreds of rows: the list shows this many lines of one."""
FIELDS = ("plan", "unit", "actor", "since", "until")


class HistoryScreen(Dialog[tuple | None]):
    BINDINGS = [
        Binding("enter", "jump", "key.history_jump", id="history_jump"),
        *keys.bindings("history_since"),
        Binding("escape,q", "close", "key.close_history", id="close_history"),
        Binding("ctrl+f", "filters", "key.history_filters", id="history_filters"),
    ]

    def __init__(self, ledger, *, plan_id: int | None = None, since: str | None = None) -> None:
        super().__init__(classes="full")
        self.ledger = ledger
        self.start_plan = plan_id
        self.start_since = since
        self.items: list[HistoryItem] = []
        self.query_now: HistoryQuery | None = None
        self.more = False

    def compose(self) -> ComposeResult:
        t = self.t
        plan = ""
        if self.start_plan is not None:
            try:
                plan = str(self.start_plan)
            except TaizhangError:
                plan = ""
        with Vertical(id="history-box"):
            yield Static(Text(t("history.title"), style="bold"), id="history-heading")
            with Horizontal(id="history-filters"):
                for name, value in (("plan", plan), ("unit", ""), ("actor", ""),
                                    ("since", self.start_since or ""), ("until", "")):
                    yield Static(Text(t(f"history.filter.{name}")), classes="history-label")
                    yield Input(value, id=f"h-{name}", placeholder=t(f"history.hint.{name}"),
                                classes=f"history-{name}")
            yield OptionList(id="history-list")
            yield Static(Text(""), id="history-status")
        yield LedgerFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    # ---- loading -------------------------------------------------------------------------

    def _query(self) -> HistoryQuery:
        """The fields as a query; a clear message (and no query) for what cannot be read."""
        value = {name: self.query_one(f"#h-{name}", Input).value.strip() for name in FIELDS}
        plan_id = None
        if value["plan"]:
            plan_id = find_plan_ids(self.ledger, [value["plan"]])[0]
        unit_ids = None
        if value["unit"]:
            unit_ids = tuple(sorted(self.ledger.unit_ids_named([value["unit"]])))
            if not unit_ids:
                raise TaizhangError("history.no_unit", unit=value["unit"])
        return HistoryQuery(plan_id=plan_id, unit_ids=unit_ids, actor=value["actor"] or None,
                            since=check_day(value["since"]), until=check_day(value["until"]))

    def reload(self) -> None:
        try:
            query = self._query()
        except TaizhangError as exc:
            self._status(exc.message(self.lang), error=True)
            return
        self.query_now = query
        self.items = []
        self.query_one(OptionList).clear_options()
        self._status(self.t("history.loading"))
        self._load(query)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _load(self, query: HistoryQuery) -> None:
        items = self.ledger.history_items(query)
        described = [(item, self.ledger.describe(item.changeset, self.lang)) for item in items]
        self.app.call_from_thread(self._loaded, query, described)

    def _loaded(self, query: HistoryQuery, described) -> None:
        if query.before_id is None and query != self.query_now:
            return  # fields changed since: a newer load is on its way
        listing = self.query_one(OptionList)
        for item, (code, params) in described:
            self.items.append(item)
            listing.add_option(Option(self._item_text(item, self.t(code, **params)), id=str(item.changeset.id)))
        self.more = len(described) == query.limit
        if not self.items:
            self._status(self.t("history.none"))
        else:
            self._status(self.t("history.count", count=len(self.items))
                         + ("  " + self.t("history.more") if self.more else ""))
        if listing.highlighted is None and self.items:
            listing.highlighted = 0

    def _status(self, message: str, error: bool = False) -> None:
        self.query_one("#history-status", Static).update(
            Text(safe(message), style="bold red" if error else "dim"))

    def _item_text(self, item: HistoryItem, what: str) -> Text:
        cs = item.changeset
        head = Text.assemble((when(cs.at), "bold"), "  ", safe(cs.actor or ""))
        if cs.actor_unit:
            head.append(f"（{safe(cs.actor_unit)}）")
        head.append("  " + self.t(f"history.source.{cs.source}"), style="dim")
        if cs.kind in ("undo", "redo"):
            head.append("  " + self.t(f"ui.history.{cs.kind}"), style="italic")
        head.append("  " + safe(what))
        lines: list[Text] = [head]
        for ch in cs.changes:
            if len(lines) > LINES_PER_CHANGESET:
                break
            subject = self._subject(item, ch)
            note_text = None
            if ch.table == "notes" and ch.field == "deleted":
                try:
                    note_text = self.ledger.note(ch.row_id).text
                except TaizhangError:
                    note_text = None
            where = item.names.get(("place", ch.table, ch.row_id))
            lines.extend(change_lines(ch, self.lang, subject, note_text, where))
        shown = sum(1 for ch in cs.changes if ch.field != "updated_at")
        if len(lines) > LINES_PER_CHANGESET:
            lines = lines[:LINES_PER_CHANGESET]
            lines.append(Text("    " + self.t("history.cut", count=shown), style="dim"))
        return Text("\n").join(lines)

    def _subject(self, item: HistoryItem, ch) -> str:
        return subject(ch.table, item.names.get((ch.table, ch.row_id)), self.lang)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        listing = self.query_one(OptionList)
        if self.more and event.option_index >= listing.option_count - 3 and self.query_now:
            self.more = False
            last = self.items[-1].changeset.id
            q = self.query_now
            self._load(HistoryQuery(q.plan_id, q.unit_ids, q.actor, q.since, q.until,
                                    before_id=last, limit=PAGE))

    # ---- the clerk's keys ------------------------------------------------------------------

    @on(Input.Submitted)
    def _apply(self, event: Input.Submitted) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def action_filters(self) -> None:
        self.query_one("#h-plan", Input).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or listing.highlighted >= len(self.items):
            return
        item = self.items[listing.highlighted]
        there = [tid for tid, _name, exists in item.tasks if exists]
        if not there:
            self.notify(self.t("history.no_task"), severity="warning", markup=False)
            return
        self.dismiss(("jump", there[0]))

    def action_changed_since(self) -> None:
        try:
            since = check_day(self.query_one("#h-since", Input).value)
        except TaizhangError as exc:
            self._status(exc.message(self.lang), error=True)
            return
        if not since:
            self._status(self.t("history.since_needed"), error=True)
            self.query_one("#h-since", Input).focus()
            return
        self.dismiss(("view", View(filter=TaskFilter(changed_since=since))))

    def action_close(self) -> None:
        self.dismiss(None)
