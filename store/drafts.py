"""What an importer produces and the store writes in one transaction: a `PlanDraft` of
`SectionDraft`s and `TaskDraft`s, with the importer's doubts (`ImportWarning`); and what the
import made of it (`ImportResult`). Frozen, like the read models in `store.models`; loaded when
a plan is read or written, never by the first screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.models import ChangeSet


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
class ReadingDraft:
    """How the importer read a document's shape (issue 21): `key` is what the clerk names to
    choose it (`taizhang import --reading KEY`); `parts` say it in words, as catalog codes with
    their parameters ("按“一、”分栏目", "单位在任务文字之后")."""

    key: str
    parts: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()


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
    reading: ReadingDraft | None = None
    """The reading the plan was built by."""
    readings: tuple[ReadingDraft, ...] = ()
    """Every reading of the file that found tasks, best first (the clerk may choose another)."""

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


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    """The new plan, or for a skipped import the plan that already holds this document."""
    skipped: bool
    existing_plan_id: int | None
    revised_of: int | None
    tasks: int
    sections: int
    due: int
    title: str | None = None
    changeset: ChangeSet | None = None
    # issue 19 (revisions/units): a revised document merged into the plan it revises
    revision: Any = None
    """The diff written (store.parts.revisions.RevisionDiff), when the draft was merged into
    `revised_of` rather than imported as a plan of its own."""
    archived_plan_id: int | None = None
    """The archived plan holding the tasks the revision dropped."""
