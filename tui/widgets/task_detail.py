"""The right-hand pane: the selected task in full (or a section's figures), its notes and its
history. Everything is `Text` built from data, so nothing in a task or note is read as markup."""
from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import i18n
from store.models import ChangeSet, Note, PlanSummary, Progress, Section, Task
from tui.widgets.history_lines import change_lines
from tui.widgets.labels import SEPARATOR, due_status, fit, highlight, safe, state_word
from tui.widgets.notes_log import NotesLog, when

HISTORY_SHOWN = 30
MATCH = "bold reverse"


class TaskDetail(VerticalScroll):
    """Shows one task, section or plan; the notes log is focusable (tab)."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.shown_task: Task | None = None

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="detail-info")
        yield Static(Text(""), id="notes-title", classes="detail-heading")
        yield NotesLog(self.lang, id="notes")
        yield Static(Text(""), id="history-title", classes="detail-heading")
        yield Static(Text(""), id="history")

    @property
    def notes_log(self) -> NotesLog:
        return self.query_one(NotesLog)

    # ---- what is shown -------------------------------------------------------------------

    def _grid(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        return grid

    def show_task(
        self, task: Task, path: list[Section], notes: list[Note], history: list[ChangeSet], today: str,
        terms: tuple[str, ...] = (),
    ) -> None:
        """A task in full; `terms` (a search) are highlighted in its text."""
        self.shown_task = task
        t = self.t
        head = Text.assemble(
            (safe(task.key), "dim"), "  ", (t("ui.detail.task_no", no=safe(task.no) or "-"), "bold"),
            "  ", (state_word(task.state, task.flag, self.lang), f"bold {_state_colour(task.state)}"),
        )
        grid = self._grid()
        if path:
            grid.add_row(Text(t("ui.field.section")),
                         Text(safe(" › ".join(f"{s.label or ''}{s.title}" for s in path))))
        for role in ("lead", "support", "responsible"):
            names = task.names(role)
            if names:
                grid.add_row(Text(t(f"ui.field.{role}")),
                             Text(safe("、".join(names)), style="bold" if role == "lead" else ""))
        if task.units:
            grid.add_row(Text(t("ui.field.units")), Text(safe(task.units), style="dim"))
        if task.time_limit or task.due:
            grid.add_row(Text(t("ui.field.time_limit")), self._due_text(task, today))
        grid.add_row(Text(t("ui.field.updated")), Text(when(task.updated_at)))
        for name, value in (task.extra or {}).items():
            if value not in (None, ""):
                grid.add_row(Text(safe(str(name))), Text(safe(str(value))))
        self.query_one("#detail-info", Static).update(
            Group(head, Text(""), highlight(Text(safe(task.text)), terms, MATCH), Text(""), grid)
        )
        title = t("ui.notes.title", count=len(notes))
        hint = t("ui.notes.hint" if notes else "ui.notes.empty")
        self.query_one("#notes-title", Static).update(Text.assemble((title, "bold"), "  ", (hint, "dim")))
        self.notes_log.display = True
        self.notes_log.show(task.id, notes)
        self._show_history(history)

    def _due_text(self, task: Task, today: str) -> Text:
        out = Text(safe(task.time_limit or ""))
        if task.due:
            if task.time_limit:
                out.append(SEPARATOR)
            out.append(self.t("ui.detail.due", due=task.due))
            status = due_status(task.due, task.state, today)
            try:
                days = (date.fromisoformat(task.due[:10]) - date.fromisoformat(today)).days
            except ValueError:
                days = None
            if status == "overdue" and days is not None:
                out.append(" " + self.t("ui.detail.overdue_days", days=-days), "bold red")
            elif status == "soon" and days is not None:
                out.append(" " + self.t("ui.detail.left_days", days=days), "bold yellow")
        return out

    def _show_history(self, history: list[ChangeSet]) -> None:
        self.query_one("#history-title", Static).update(
            Text(self.t("ui.history.title"), style="bold") if history else Text("")
        )
        lines = Text()
        for cs in history[:HISTORY_SHOWN]:
            for line in self.describe_changeset(cs):
                if lines:
                    lines.append("\n")
                lines.append_text(line)
        if len(history) > HISTORY_SHOWN:
            lines.append("\n" + self.t("ui.history.more", count=len(history) - HISTORY_SHOWN), "dim")
        self.query_one("#history", Static).update(lines)

    def describe_changeset(self, cs: ChangeSet) -> list[Text]:
        t = self.t
        who = safe(cs.actor or "")
        prefix = Text.assemble((when(cs.at), "dim"), " ", who, " ")
        if cs.kind in ("undo", "redo"):
            prefix.append(t(f"ui.history.{cs.kind}") + " ", "italic")
        out = []
        for ch in cs.changes:
            if ch.field == "updated_at":  # issue 19: bookkeeping, shown as the change's time
                continue
            if (ch.table == "notes" and ch.field == "text") or (ch.table, ch.field) not in _ONE_LINE:
                # issue 19: the full text before and after, and the fields edited by hand
                lines = change_lines(ch, self.lang)
                if lines:
                    out.append(Text.assemble(prefix.copy(), lines[0]))
                    out.extend(lines[1:])
                continue
            if ch.table == "tasks" and ch.field == "state":
                what = t("ui.history.state", before=i18n.state_word(ch.before or "todo", self.lang),
                         after=i18n.state_word(ch.after or "todo", self.lang))
            elif ch.table == "tasks" and ch.field == "flag":
                none = t("ui.history.no_flag")
                what = t("ui.history.flag",
                         before=t(f"flag.{ch.before}") if ch.before else none,
                         after=t(f"flag.{ch.after}") if ch.after else none)
            elif ch.table == "notes" and ch.field == "created":
                what = t("ui.history.note_added", text=_short(ch.after))
            elif ch.table == "notes" and ch.field == "text":
                what = t("ui.history.note_edited", before=_short(ch.before), after=_short(ch.after))
            elif ch.table == "notes" and ch.field == "deleted":
                what = t("ui.history.note_deleted" if ch.after else "ui.history.note_restored")
            elif ch.table == "tasks" and ch.field in ("revision", "revision_added"):  # issue 19
                from store.usecases.importing import revision_words

                what = revision_words(ch, self.lang)
            else:
                what = f"{ch.field}: {ch.before} → {ch.after}"
            out.append(Text.assemble(prefix.copy(), what))
        return out

    def show_heading(self, obj: PlanSummary | Section, path: list[Section]) -> None:
        """A plan or section: its title, where it sits, and its figures."""
        self.shown_task = None
        t = self.t
        if isinstance(obj, PlanSummary):
            title = Text(safe(obj.display_title), style="bold")
            kind = t("ui.detail.plan")
        else:
            title = Text(safe(f"{obj.label or ''}{obj.title}"), style="bold")
            kind = t("ui.detail.section")
        grid = self._grid()
        if isinstance(obj, PlanSummary):
            for code, value in (("ui.field.doc_no", obj.doc_no), ("ui.field.issuer", obj.issuer),
                                ("ui.field.issued", obj.issued), ("ui.field.source", obj.source)):
                if value:
                    grid.add_row(Text(t(code)), Text(safe(str(value))))
            if obj.archived:  # issue 19
                grid.add_row(Text(t("ui.field.archived")), Text(t("ui.plan.archived_mark"), style="bold"))
        elif path:
            grid.add_row(Text(t("ui.field.section")),
                         Text(safe(" › ".join(f"{s.label or ''}{s.title}" for s in path))))
        grid.add_row(Text(t("ui.field.progress")), self._figures(obj.progress))
        hint = Text(t("ui.detail.heading_hint"), style="dim")
        self.query_one("#detail-info", Static).update(
            Group(Text(kind, style="dim"), title, Text(""), grid, Text(""), hint)
        )
        self.query_one("#notes-title", Static).update(Text(""))
        self.notes_log.show(None, [])
        self.notes_log.display = False
        self.query_one("#history-title", Static).update(Text(""))
        self.query_one("#history", Static).update(Text(""))

    def _figures(self, p: Progress) -> Text:
        t = self.t
        out = Text(t("ui.detail.figures", total=p.total, done=p.done, doing=p.doing, todo=p.todo, na=p.na,
                     percent=p.percent))
        if p.overdue:
            out.append(SEPARATOR + t("ui.detail.overdue_count", count=p.overdue), "bold red")
        return out

    def show_message(self, message: str) -> None:
        self.shown_task = None
        self.query_one("#detail-info", Static).update(Text(message))
        self.query_one("#notes-title", Static).update(Text(""))
        self.notes_log.show(None, [])
        self.notes_log.display = False
        self.query_one("#history-title", Static).update(Text(""))
        self.query_one("#history", Static).update(Text(""))


_ONE_LINE = {("tasks", "state"), ("tasks", "flag"), ("notes", "created"), ("notes", "deleted")}
"""Changes the pane says in one line (the rest: `tui.widgets.history_lines`)."""


def _short(value, width: int = 40) -> str:
    """A note's text on one line, cut at `width` cells."""
    return fit(Text(safe(" ".join(str(value or "").split()))), width).plain


def _state_colour(state: str) -> str:
    return {"done": "green", "doing": "yellow", "na": "dim", "todo": ""}.get(state, "")
