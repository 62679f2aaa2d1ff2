"""Plain data handed between the importers, the store and the UI.

Drafts (`PlanDraft`, `SectionDraft`, `TaskDraft`) are what an importer produces and the store
writes in one transaction; the read models (`PlanSummary`, `Section`, `Task`, `Note`, `Change`)
are what the store hands out. All frozen: nobody edits a row by mutating an object.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATES = ("todo", "doing", "done", "na")
ROLES = ("lead", "support", "responsible")


@dataclass(frozen=True)
class ImportWarning:
    """Something the importer doubted; `code` is a key of the i18n catalog."""

    origin: str
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class NoteDraft:
    text: str
    at: str | None = None
    author: str | None = None
    unit: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class HistoryDraft:
    """A past change carried by a JSON export, replayed as history on import."""

    at: str
    actor: str | None
    unit: str | None
    source: str | None
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class TaskDraft:
    no: str | None
    text: str
    units: str | None = None
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    time_limit: str | None = None
    time_limit_kind: str | None = None
    due: str | None = None
    state: str = "todo"
    flag: str | None = None
    updated_at: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    notes: tuple[NoteDraft, ...] = ()
    history: tuple[HistoryDraft, ...] = ()
    origin: str | None = None


@dataclass(frozen=True)
class SectionDraft:
    label: str | None
    title: str
    sections: tuple["SectionDraft", ...] = ()
    tasks: tuple[TaskDraft, ...] = ()


@dataclass(frozen=True)
class PlanDraft:
    title: str | None
    sections: tuple[SectionDraft, ...]
    issuer: str | None = None
    doc_no: str | None = None
    issued: str | None = None
    year: int | None = None
    source: str | None = None
    sha256: str | None = None
    warnings: tuple[ImportWarning, ...] = ()

    def iter_tasks(self):
        """Every task in document order, depth first."""

        def walk(sections):
            for s in sections:
                yield from s.tasks
                yield from walk(s.sections)

        return walk(self.sections)

    def iter_sections(self):
        def walk(sections):
            for s in sections:
                yield s
                yield from walk(s.sections)

        return walk(self.sections)


# ---- read models -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int = 0
    done: int = 0
    doing: int = 0
    todo: int = 0
    na: int = 0
    overdue: int | None = 0
    """Open tasks due before today; None where it was not counted (`Ledger.plans`)."""

    @property
    def percent(self) -> int:
        """Percent done = done ÷ (total − na), rounded down; 0 when nothing counts."""
        base = self.total - self.na
        return (self.done * 100) // base if base > 0 else 0


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str | None
    issuer: str | None
    doc_no: str | None
    issued: str | None
    year: int | None
    source: str | None
    sha256: str
    imported_at: str
    progress: Progress = field(default_factory=Progress)

    @property
    def display_title(self) -> str:
        return self.title or self.source or f"#{self.id}"


@dataclass(frozen=True)
class Section:
    id: int
    plan_id: int
    parent_id: int | None
    position: int
    label: str | None
    title: str
    progress: Progress = field(default_factory=Progress)
    has_children: bool = True


@dataclass(frozen=True)
class UnitRef:
    name: str
    """The name as written in the plan."""
    role: str
    unit_id: int | None = None


@dataclass(frozen=True)
class Task:
    id: int
    key: str
    plan_id: int
    section_id: int | None
    seq: int
    no: str | None
    text: str
    units: str | None
    time_limit: str | None
    time_limit_kind: str | None
    due: str | None
    state: str
    flag: str | None
    updated_at: str
    extra: dict = field(default_factory=dict)
    unit_refs: tuple[UnitRef, ...] = ()

    def names(self, role: str) -> list[str]:
        return [u.name for u in self.unit_refs if u.role == role]

    @property
    def lead(self) -> list[str]:
        return self.names("lead")

    @property
    def support(self) -> list[str]:
        return self.names("support")

    @property
    def responsible(self) -> list[str]:
        return self.names("responsible")


@dataclass(frozen=True)
class Note:
    id: int
    task_id: int
    at: str
    author: str | None
    unit: str | None
    source: str | None
    text: str
    edited_at: str | None = None


@dataclass(frozen=True)
class Change:
    """One field of one row changed by one change-set."""

    table: str
    row_id: int
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangeSet:
    id: int
    at: str
    actor: str
    actor_unit: str | None
    source: str
    kind: str
    target_id: int | None
    summary: str | None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Round:
    """A reporting period: its forms go out, the units' forms come back before `due`."""

    id: int
    name: str
    due: str | None
    plan_ids: tuple[int, ...]
    """The plans it covers; empty means every plan."""
    opened_at: str
    closed_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def covers(self, plan_id: int) -> bool:
        return not self.plan_ids or plan_id in self.plan_ids


@dataclass(frozen=True)
class UnitReturn:
    """Whether one unit has returned its form for one plan in a round (the 催报名单's line)."""

    plan_id: int
    unit_id: int
    unit: str
    status: str
    """`returned`, `late` (returned after the due date), `missing`, or `overdue` (missing after it)."""
    received_at: str | None = None
    submission_id: int | None = None
    filler: str | None = None


@dataclass(frozen=True)
class FormTask:
    """A task as one unit's form shows it, with the unit's role on it."""

    task: Task
    role: str
    """`lead`, `support` or `responsible` (the role the plan gives the unit, or the catch-all)."""
    via_catch_all: bool = False


@dataclass(frozen=True)
class PeriodChange:
    """What happened to a task since a snapshot (the export's 本期进展)."""

    task_id: int
    state_before: str | None
    state_now: str
    new_notes: int

    @property
    def changed(self) -> bool:
        return self.state_before != self.state_now or self.new_notes > 0
