"""The read models: what the store hands out (`PlanSummary`, `Section`, `Task`, `Note`,
`Change`). All frozen: nobody edits a row by mutating an object.

What an importer produces is in `store.drafts`, and the reporting rounds' models are in
`store.round_models`: each class here costs half a millisecond of every start (dataclasses
are built by `exec`), so what the first screen never uses lives apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

STATES = ("todo", "doing", "done", "na")
ROLES = ("lead", "support", "responsible")


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
    archived: bool = False
    """Hidden from the tree, search, the overview, forms and exports unless asked for (issue 19)."""
    archived_from: int | None = None
    """For a plan of tasks a revision dropped: the live plan they left (issue 19)."""

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


class UnitInfo(NamedTuple):
    """A unit of the ledger: its name, aliases and how many tasks name it."""

    id: int
    name: str
    aliases: list[str]
    tasks: int


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
