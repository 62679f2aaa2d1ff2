"""The builder: heading, task, units and time-limit events → the section tree → a PlanDraft.

Both front ends (table.py, prose.py) call it. It knows the task-number rules (the next number, a
gap of up to five, a restart after a heading, a duplicate at a cell's start), the heading rule (a
heading equal to the open one of its level continues it), and turns the tree into frozen drafts
with their units, time limits, states and notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.drafts import ImportWarning, NoteDraft, PlanDraft, SectionDraft, TaskDraft
from store.importing import labels as L
from store.importing.annotations import trailing_annotation
from store.importing.meta import year_of
from store.states import state_from_cell
from store.textrules import clean_text, clean_title, join_wrapped, squeeze, strip_tags
from store.timelimits import find_date_phrase, parse_time_limit
from store.units import parse_units

IMPORT_AUTHOR = "导入"
"""The author of notes read from a ledger's columns."""


@dataclass
class TaskNode:
    no: str | None
    text: str
    origin: str
    units: str | None = None
    units_inherited: bool = False
    time_text: str | None = None
    time_from_column: bool = False
    extra: dict = field(default_factory=dict)
    row_key: object = None
    states: list = field(default_factory=list)
    """(column name, text) from a ledger's 完成情况 columns."""
    notes: list = field(default_factory=list)
    """(column name, text) from a ledger's 进展情况 / 佐证材料 / 存在问题 columns."""


@dataclass
class SectionNode:
    label: str | None
    title: str
    level: int
    children: list = field(default_factory=list)  # SectionNode | TaskNode in order


class Builder:
    """Turns heading / task / units / time-limit events into the section tree."""

    def __init__(self, source: str):
        self.source = source
        self.roots: list[SectionNode] = []
        self.open: list[SectionNode] = []  # open sections, shallowest first
        self.tasks: list[TaskNode] = []
        self.warnings: list[ImportWarning] = []
        self.last_no: int = 0
        self.task_labels: dict[str, int] = {}
        """How the tasks were numbered: label style ("1.", "（一）", "序号" for a 序号 column) → tasks."""
        self.heading_since_task = False

    def warn(self, origin: str, code: str, **params):
        self.warnings.append(ImportWarning(origin, code, tuple(params.items())))

    # headings
    def heading(self, level: int, label: str | None, title: str, origin: str) -> None:
        title = clean_title(title)
        if not title and not label:
            return
        for sec in self.open:
            if sec.level == level and sec.label == label and _same_words(sec.title, title):
                # The same heading again (after a page break): that section continues, and any
                # deeper section that was open stays open.
                return
        while self.open and self.open[-1].level >= level:
            self.open.pop()
        section = SectionNode(label, title, level)
        if self.open:
            self.open[-1].children.append(section)
        else:
            self.roots.append(section)
        self.open.append(section)
        self.heading_since_task = True

    def extend_heading(self, text: str) -> None:
        if self.open:
            sec = self.open[-1]
            sec.title = clean_title(join_wrapped(sec.title, text))

    def current_heading_open_for_wrap(self) -> bool:
        return bool(self.open) and not self.open[-1].title.endswith(("。", "；", "：", ":")) and not any(
            isinstance(c, TaskNode) for c in self.open[-1].children
        )

    # tasks
    def accept(self, label: L.Label, at_cell_start: bool) -> str | None:
        """Is this number the next task here? Returns None, "ok", "gap", "restart", "dup" or "start"."""
        n = label.ordinal
        expected = self.last_no + 1
        if n == expected:
            return "ok"
        if label.style == "1":  # no dot: only the exact next number
            return None
        if expected < n <= expected + 5:
            return "gap"
        if n == 1 and self.heading_since_task and self.last_no > 0:
            return "restart"
        if at_cell_start and n <= self.last_no:
            return "dup"
        if at_cell_start and not self.tasks and n <= 999:
            return "start"  # the plan's first task: an excerpt may start at any number (warning)
        return None

    def task(self, no: int | None, text: str, origin: str, verdict: str = "ok") -> TaskNode:
        if verdict == "gap":
            self.warn(origin, "warn.gap", before=self.last_no, after=no)
        elif verdict == "restart":
            self.warn(origin, "warn.restart", no=no)
        elif verdict == "dup":
            self.warn(origin, "warn.duplicate", no=no, before=self.last_no)
        elif verdict == "start":
            self.warn(origin, "warn.starts_at", no=no)
        if no is not None:
            self.last_no = no
        task = TaskNode(str(no) if no is not None else None, text, origin)
        if not self.open:
            # Tasks before any heading sit in an untitled section of their own.
            self.heading(0, None, "", origin)
            if not self.open:
                section = SectionNode(None, "", 0)
                self.roots.append(section)
                self.open.append(section)
        self.open[-1].children.append(task)
        self.tasks.append(task)
        self.heading_since_task = False
        return task

    def _states_and_notes(self, t: TaskNode, worded: set[str]) -> tuple[str, str | None, tuple[NoteDraft, ...]]:
        """A ledger row's state from its 完成情况 word, and its notes (dated at the import)."""
        state, flag = "todo", None
        notes: list[NoteDraft] = []
        for name, value in t.states:
            found, more = state_from_cell(value) if name in worded else (None, True)
            if found is not None:
                state, flag = found
                if more or flag:
                    notes.append(NoteDraft(f"{name}：{value}", author=IMPORT_AUTHOR, source="import"))
                continue
            notes.append(NoteDraft(f"{name}：{value}", author=IMPORT_AUTHOR, source="import"))
            if name in worded:
                self.warn(t.origin, "warn.state_unknown", no=t.no or "?", word=squeeze(value)[:20])
        for name, value in t.notes:
            notes.append(NoteDraft(f"{name}：{value}", author=IMPORT_AUTHOR, source="import"))
        return state, flag, tuple(notes)

    # output
    def draft(self, meta, warnings) -> PlanDraft:
        texts = [t.text for t in self.tasks] + [t.time_text or "" for t in self.tasks]
        texts += [s.title for s in _walk(self.roots)]
        year = year_of(meta.title, texts, meta.issued)
        # A 完成情况 column none of whose cells is a state word is a column of notes.
        state_columns = {name for t in self.tasks for name, _ in t.states}
        worded = {name for t in self.tasks for name, value in t.states if state_from_cell(value)[0]}
        for name in sorted(state_columns - worded):
            self.warn("", "warn.state_column_notes", column=name)
        out_tasks: dict[int, TaskDraft] = {}
        for t in self.tasks:
            if not (t.units and t.units.strip()):
                _take_annotation(t)
            state, flag, notes = self._states_and_notes(t, worded)
            units = parse_units(t.units) if t.units else None
            if t.time_text and t.time_from_column:
                tl = parse_time_limit(t.time_text, year, meta.issued)
            else:
                tl = find_date_phrase(t.text, year)
            if t.units is None or not t.units.strip():
                self.warn(t.origin, "warn.no_units", no=t.no or "?")
            out_tasks[id(t)] = TaskDraft(
                no=t.no,
                text=t.text,
                units=units.as_written if units else None,
                lead=units.lead if units else (),
                support=units.support if units else (),
                responsible=units.responsible if units else (),
                time_limit=tl.text if tl else None,
                time_limit_kind=tl.kind if tl else None,
                due=tl.due if tl else None,
                extra=tuple(t.extra.items()),
                state=state,
                flag=flag,
                notes=notes,
                origin=t.origin,
            )

        def freeze(sec: SectionNode) -> SectionDraft:
            return SectionDraft(
                label=sec.label,
                title=sec.title,
                sections=tuple(freeze(c) for c in sec.children if isinstance(c, SectionNode)),
                tasks=tuple(out_tasks[id(c)] for c in sec.children if isinstance(c, TaskNode)),
            )

        return PlanDraft(
            title=meta.title,
            sections=tuple(freeze(s) for s in self.roots if _has_tasks(s)),
            issuer=meta.issuer,
            doc_no=meta.doc_no,
            issued=meta.issued,
            year=year,
            source=self.source,
            warnings=tuple(warnings) + tuple(self.warnings),
        )


def _take_annotation(t: TaskNode) -> None:
    """A task with no units of its own whose text ends with （…牵头，…配合，2023年6月底前）:
    the bracket gives its units and time limit and leaves the text (annotations.py)."""
    found = trailing_annotation(t.text)
    if found is None:
        return
    t.text = found.text
    if found.units:
        t.units = found.units
    if found.time_limit and not (t.time_text and t.time_from_column):
        t.time_text, t.time_from_column = found.time_limit, True


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk([c for c in s.children if isinstance(c, SectionNode)])


def _has_tasks(sec: SectionNode) -> bool:
    return any(isinstance(c, TaskNode) or _has_tasks(c) for c in sec.children)


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


# ---- shared: split a cell of task text into items ------------------------------------------


def split_items(builder: Builder, raw: str, origin: str, task_style: str | None) -> list[tuple[L.Label, str, str]] | None:
    """If the cell starts with an acceptable task number, the items it holds: (label, verdict, text)."""
    text = strip_tags(raw).strip()
    label = L.parse_label(text) or L.parse_bare_number(text)
    if label is None:
        return None
    if task_style:
        if not L.same_family(label.style, task_style):
            return None
    elif not L.is_number_style(label.style):
        return None
    verdict = builder.accept(label, at_cell_start=True)
    if verdict is None:
        return None
    style = "1." if label.style == "1" else label.style
    builder.task_labels[style] = builder.task_labels.get(style, 0) + 1
    items = [(label, verdict, 0, len(text) - len(label.rest))]
    for n, start, body in L.find_items(text, label.ordinal + 1):
        items.append((L.Label("1.", n, str(n), ""), "ok", start, body))
    out = []
    for i, (lab, verd, start, body) in enumerate(items):
        end = items[i + 1][2] if i + 1 < len(items) else len(text)
        out.append((lab, verd, text[body:end]))
    return out


def open_heading(builder: Builder, text: str, origin: str, levels: dict[str, int]) -> None:
    flat = clean_text(text).replace("\n", "")
    lab = L.parse_label(flat)
    if lab and not L.is_number_style(lab.style):
        style, label, title = lab.style, lab.text, lab.rest
    else:
        style, label, title = "", None, flat
    level = levels.setdefault(style, len(levels) + 1)
    builder.heading(level, label, title, origin)

