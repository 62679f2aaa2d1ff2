"""The report every status export writes: the ledger's rows and its summary, computed once.

`build_report(ledger, plan_ids=…, task_ids=…, lang=…)` reads the chosen tasks, their section
paths and notes in a few queries and returns a `Report`: per plan a heading and the rows in
document order; a summary per plan and section, and per lead unit, counted over exactly the
tasks the report holds (a filtered report sums what it shows). The writers (xlsx, csv, docx,
html, md) only lay it out; all words come from the i18n catalog in the report's language.

All text is made safe for XML here (characters XML 1.0 forbids are dropped), so no writer can
fail on a stray control character; escaping for each format stays with its writer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Iterable

from store import i18n
from store.cells import XML_BAD
from store.cells import xml_safe as xml_safe
from store.models import Progress

if TYPE_CHECKING:
    from store.filtering import TaskFilter
    from store.ledger import Ledger
    from store.models import Note, PlanSummary, Task

COLUMNS = ("no", "section", "text", "lead", "units", "time_limit", "due", "state", "notes", "updated")
"""The ledger's columns, in order; headers are `export.col.<name>` in the catalog."""

STYLE_KEYS = ("todo", "doing", "done", "na", "lagging")
STATE_COLOURS: dict[str, tuple[str, str]] = {
    # state (or "lagging" for 进行中 with the 滞后 flag): (fill, text), RGB hex
    "todo": ("EDEDED", "404040"),
    "doing": ("FFEB9C", "7F5600"),
    "done": ("C6EFCE", "006100"),
    "na": ("DDEBF7", "1F4E78"),
    "lagging": ("FFC7CE", "9C0006"),
}
OVERDUE_COLOUR = "C00000"
HEADER_FILL = "D9E1F2"


@dataclass(frozen=True)
class Row:
    """One task as the ledger shows it."""

    task_id: int
    key: str
    no: str
    path: tuple[str, ...]
    """Section labels and titles from the top of the plan down."""
    text: str
    lead: str
    """Lead units as written, joined with 、."""
    units: str
    """The units cell as written in the plan."""
    time_limit: str
    due: date | None
    state: str
    flag: str | None
    state_word: str
    notes: tuple[str, ...]
    """Each note as one line (date, author, text), newest first."""
    updated: datetime | None
    """Local time without the offset (what a spreadsheet shows)."""
    overdue: bool
    period: str = ""
    """What changed since the period's baseline (本期进展), in words; empty when nothing did."""

    @property
    def changed(self) -> bool:
        return bool(self.period)

    @property
    def style(self) -> str:
        """The colour key: the state, or "lagging" for a task flagged 滞后."""
        return "lagging" if self.flag else self.state

    def section_text(self, sep: str = "\n") -> str:
        return sep.join(self.path)

    def notes_text(self, sep: str = "\n") -> str:
        return sep.join(self.notes)

    @property
    def due_text(self) -> str:
        return self.due.isoformat() if self.due else ""

    @property
    def updated_text(self) -> str:
        return self.updated.strftime("%Y-%m-%d %H:%M") if self.updated else ""


@dataclass(frozen=True)
class SummaryLine:
    """One line of a summary: a plan (depth 0), a section (depth ≥ 1) or a unit."""

    name: str
    depth: int
    progress: Progress

    @property
    def base(self) -> int:
        """The tasks that count for percent done: total − not applicable."""
        return self.progress.total - self.progress.na

    @property
    def ratio(self) -> float | None:
        """Done as a fraction (rounded down to whole percent like the UI), None when nothing counts."""
        return self.progress.percent / 100 if self.base > 0 else None

    @property
    def percent_text(self) -> str:
        return f"{self.progress.percent}%" if self.base > 0 else "—"


@dataclass(frozen=True)
class PlanReport:
    plan: "PlanSummary"
    title: str
    meta: tuple[tuple[str, str], ...]
    """(label, value) pairs for the heading: issuer, 文号, issue date, where known."""
    rows: tuple[Row, ...]
    summary: SummaryLine
    sections: tuple[SummaryLine, ...]
    """The plan's sections that hold reported tasks, depth first, each counting all below it."""


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    exported_at: str
    """Display form of the export time (YYYY-MM-DD HH:MM)."""
    today: str
    filter_text: str
    """What the filter chose, in words; empty when everything is in the report."""
    plans: tuple[PlanReport, ...]
    total: SummaryLine
    units: tuple[SummaryLine, ...]
    headers: dict[str, str] = field(default_factory=dict)
    period_title: str = ""
    """Where 本期进展 counts from, in words, without the column's name (a writer shows it after
    the 本期进展 label: "本期进展：自轮次…以来的变化"); empty when there is no round (and no such column)."""

    @property
    def period_line(self) -> str:
        """The period in one line, label and all: 本期进展：自轮次“…”开启以来的变化."""
        if not self.period_title:
            return ""
        colon = "：" if self.lang == "zh" else ": "
        return f"{self.t('export.col.period')}{colon}{self.period_title}"

    @property
    def columns(self) -> tuple[str, ...]:
        """The ledger's columns, with 本期进展 after 完成情况 when a round gives a period."""
        if not self.period_title:
            return COLUMNS
        i = COLUMNS.index("state") + 1
        return (*COLUMNS[:i], "period", *COLUMNS[i:])

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    @property
    def rows(self) -> Iterable[tuple[PlanReport, Row]]:
        for p in self.plans:
            for r in p.rows:
                yield p, r

    @property
    def task_count(self) -> int:
        return sum(len(p.rows) for p in self.plans)

    def summary_lines(self) -> list[SummaryLine]:
        """Plans with their sections below them, then (for several plans) the total."""
        out: list[SummaryLine] = []
        for p in self.plans:
            out.append(p.summary)
            out.extend(p.sections)
        if len(self.plans) > 1:
            out.append(self.total)
        return out

    @property
    def sum_headers(self) -> list[str]:
        """Headers of a summary table after the name: done, doing, todo, na, total, %, overdue."""
        t = self.t
        return [
            t("state.done"), t("state.doing"), t("state.todo"), t("state.na"),
            t("export.sum.total"), t("export.sum.percent"), t("export.sum.overdue"),
        ]


def sum_values(line: SummaryLine) -> list[int]:
    p = line.progress
    return [p.done, p.doing, p.todo, p.na, p.total]


def _progress(rows: Iterable[Row]) -> Progress:
    counts = dict(total=0, done=0, doing=0, todo=0, na=0, overdue=0)
    for r in rows:
        counts["total"] += 1
        counts[r.state] += 1
        counts["overdue"] += r.overdue
    return Progress(**counts)


def _local(ts: str | None) -> datetime | None:
    if not ts:
        return None
    try:
        return datetime.fromisoformat(ts).replace(tzinfo=None)
    except ValueError:
        return None


def _due(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _note_line(n: "Note", lang: str) -> str:
    author = xml_safe(n.author) or ""
    unit = xml_safe(n.unit)
    if unit and unit != author:
        author = i18n.t("export.note_unit", lang, author=author, unit=unit) if author else unit
    return i18n.t("export.note", lang, date=(n.at or "")[:10], author=author, text=xml_safe(n.text)).strip()


def describe_filter(task_filter: "TaskFilter | None", lang: str) -> str:
    """The filter in words for a report's heading (plans are left out: the heading names them)."""
    if task_filter is None:
        return ""
    parts: list[str] = []
    if task_filter.states:
        words = [i18n.t("export.filter.open" if s == "open" else f"state.{s}", lang) for s in task_filter.states]
        parts.append(i18n.t("export.filter.states", lang, value="、".join(words)))
    if task_filter.units:
        parts.append(i18n.t("export.filter.units", lang, value="、".join(task_filter.units)))
    if task_filter.overdue:
        parts.append(i18n.t("export.filter.overdue", lang))
    if task_filter.due_within is not None:
        parts.append(i18n.t("export.filter.due_within", lang, days=task_filter.due_within))
    if task_filter.query and task_filter.query.strip():
        parts.append(i18n.t("export.filter.query", lang, value=task_filter.query.strip()))
    if task_filter.changed_since:  # issue 19
        parts.append(i18n.t("export.filter.changed_since", lang, date=task_filter.changed_since))
    return xml_safe("；".join(parts) if lang == "zh" else "; ".join(parts))


def build_report(
    ledger: "Ledger",
    *,
    plan_ids: Iterable[int] | None = None,
    task_ids: Iterable[int] | None = None,
    lang: str = i18n.DEFAULT_LANG,
    filter_text: str = "",
    period: bool = True,
    round: "str | int | None" = None,
) -> Report:
    """Read the chosen plans (all when None) and tasks (all of those plans when None).

    With `period` and a reporting round, rows say what changed in the period (本期进展): the
    current one (the open round's; else the round closed last), or the named round's."""
    wanted_plans = None if plan_ids is None else set(plan_ids)
    wanted_tasks = None if task_ids is None else set(task_ids)
    today = ledger.today()
    plans: list[PlanReport] = []
    units: dict[object, list] = {}  # key → [name, rows]
    all_rows: list[Row] = []
    no_unit = i18n.t("export.no_unit", lang)
    words: dict[tuple[str, str | None], str] = {}
    span = (ledger.period_of(round) if round is not None else ledger.current_period()) if period else None
    changes = ledger.period_changes(wanted_tasks, round=span.round) if span else {}
    # issue 19: archived plans only when named (`--archived` names them all)
    for plan in ledger.plans(archived=wanted_plans is not None):
        if wanted_plans is not None and plan.id not in wanted_plans:
            continue
        tasks = ledger.tasks(plan_id=plan.id)
        if wanted_tasks is not None:
            tasks = [t for t in tasks if t.id in wanted_tasks]
            if not tasks:
                continue  # a filtered report leaves out the plans it has nothing of
        sections = {s.id: s for s in ledger.all_sections(plan.id)}
        names = {
            sid: xml_safe(f"{s.label or ''}{s.title}".strip()) for sid, s in sections.items()
        }
        paths: dict[int | None, tuple[int, ...]] = {None: ()}
        path_names: dict[int | None, tuple[str, ...]] = {}

        def path_ids(sid: int | None) -> tuple[int, ...]:
            if sid not in paths:
                s = sections.get(sid)
                paths[sid] = () if s is None else (*path_ids(s.parent_id), sid)
            return paths[sid]

        def path_of(sid: int | None) -> tuple[str, ...]:
            if sid not in path_names:
                path_names[sid] = tuple(names[i] for i in path_ids(sid))
            return path_names[sid]

        notes = ledger.notes_by_task([t.id for t in tasks])
        rows: list[Row] = []
        per_section: dict[int, list[Row]] = {}
        for t in tasks:
            row = _row(t, path_of(t.section_id), notes.get(t.id, ()), today, lang, words,
                       changes.get(t.id))
            rows.append(row)
            for sid in path_ids(t.section_id):
                per_section.setdefault(sid, []).append(row)
            refs = [u for u in t.unit_refs if u.role == "lead"] or [
                u for u in t.unit_refs if u.role == "responsible"] or list(t.unit_refs)
            if not refs:
                units.setdefault(("none",), [no_unit, []])[1].append(row)
            for u in {(u.unit_id or u.name): u for u in refs}.values():
                units.setdefault(u.unit_id or u.name, [xml_safe(u.name), []])[1].append(row)
        all_rows.extend(rows)

        def walk(parent: int | None, depth: int) -> list[SummaryLine]:
            out: list[SummaryLine] = []
            kids = sorted((s for s in sections.values() if s.parent_id == parent),
                          key=lambda s: s.position)
            for s in kids:
                if s.id in per_section:
                    out.append(SummaryLine(names[s.id], depth, _progress(per_section[s.id])))
                    out.extend(walk(s.id, depth + 1))
            return out

        title = xml_safe(plan.display_title)
        meta = tuple(
            (i18n.t(code, lang), xml_safe(value))
            for code, value in (("export.issuer", plan.issuer), ("export.doc_no", plan.doc_no),
                                ("export.issued", plan.issued))
            if value
        )
        plans.append(PlanReport(plan, title, meta, tuple(rows),
                                SummaryLine(title, 0, _progress(rows)), tuple(walk(None, 1))))
    unit_lines = [SummaryLine(name, 0, _progress(rs)) for name, rs in units.values()]
    exported = _local(ledger.now())
    report_title = plans[0].title if len(plans) == 1 else i18n.t("export.title_all", lang)
    return Report(
        lang=lang,
        title=report_title,
        exported_at=exported.strftime("%Y-%m-%d %H:%M") if exported else "",
        today=today,
        filter_text=filter_text,
        plans=tuple(plans),
        total=SummaryLine(i18n.t("export.sum.all", lang), 0, _progress(all_rows)),
        units=tuple(unit_lines),
        headers={c: i18n.t(f"export.col.{c}", lang) for c in ("plan", *COLUMNS, "period")},
        period_title=_period_title(span, lang),
    )


def _period_title(span, lang: str) -> str:
    if span is None:
        return ""
    if span.end_id is not None:  # a closed round: its period as it closed
        return i18n.t("export.period.of_round", lang, name=xml_safe(span.round.name),
                      start=span.start_round.closed_at[:10] if span.start_kind == "close" else span.round.opened_at[:10],
                      end=(span.round.closed_at or "")[:10])
    return i18n.t(f"export.period.since_{span.start_kind}", lang, name=xml_safe(span.start_round.name))


def _period_text(change, lang: str) -> str:
    if change is None:
        return ""
    parts = []
    if change.state_before != change.state_now:
        before = i18n.state_word(change.state_before, lang) if change.state_before else i18n.t("export.period.new", lang)
        parts.append(f"{before} → {i18n.state_word(change.state_now, lang)}")
    if change.new_notes:
        parts.append(i18n.t("export.period.notes", lang, count=change.new_notes))
    return ("；" if lang == "zh" else "; ").join(parts)


def _state_word(state: str, flag: str | None, lang: str) -> str:
    word = i18n.state_word(state, lang)
    if flag:
        word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{flag}", lang))
    return word


def _row(t: "Task", path: tuple[str, ...], notes, today: str, lang: str, words: dict,
         change=None) -> Row:
    due = _due(t.due)
    key = (t.state, t.flag)
    state_word = words.get(key)
    if state_word is None:
        state_word = words[key] = _state_word(t.state, t.flag, lang)
    no, text, units, limit = t.no or "", t.text or "", t.units or "", t.time_limit or ""
    lead = "、".join(t.lead)
    if XML_BAD.search("".join((no, text, units, limit, lead))) or "\r" in text + units:
        no, text, units, limit = xml_safe(no), xml_safe(text), xml_safe(units), xml_safe(limit)
        lead = "、".join(xml_safe(n) for n in t.lead)
    return Row(
        task_id=t.id,
        key=t.key,
        no=no,
        path=path,
        text=text,
        lead=lead,
        units=units,
        time_limit=limit,
        due=due,
        state=t.state,
        flag=t.flag,
        state_word=state_word,
        notes=tuple(_note_line(n, lang) for n in reversed(notes)),
        updated=_local(t.updated_at),
        overdue=bool(t.due and t.due < today and t.state not in ("done", "na")),
        period=_period_text(change, lang),
    )


def row_values(row: Row, section_sep: str = " / ", notes_sep: str = "\n",
               columns: tuple[str, ...] = COLUMNS) -> list[str]:
    """The row's cells as text, in the order of `columns` (csv and md)."""
    values = {
        "no": row.no, "section": row.section_text(section_sep), "text": row.text,
        "lead": row.lead, "units": row.units, "time_limit": row.time_limit, "due": row.due_text,
        "state": row.state_word, "period": row.period, "notes": row.notes_text(notes_sep),
        "updated": row.updated_text,
    }
    return [values[c] for c in columns]
