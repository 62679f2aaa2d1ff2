"""Importing a plan file: the preview the clerk confirms, then the import.

The preview says per plan what would come in (sections, tasks, due dates, states and notes a
ledger export carries), whether the very document was imported before (it is skipped), and
which plan it revises — DECISIONS: both titled, the same title and 文号, another document.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from store.models import ImportResult, PlanSummary

if TYPE_CHECKING:
    from store.drafts import PlanDraft
    from store.ledger import Ledger


@dataclass(frozen=True)
class DraftPreview:
    draft: PlanDraft
    sections: int
    tasks: int
    due: int
    same: PlanSummary | None
    """The plan that already holds this very document: importing it again skips it."""
    revises: PlanSummary | None
    """The plan this one is a revised version of."""
    states: dict[tuple[str, str | None], int] = field(default_factory=dict)
    """Tasks not 未开始 by (state, flag) — a ledger export carries them."""
    notes: int = 0

    @property
    def fresh(self) -> bool:
        return self.same is None


def read(path: str | Path, reading: str | None = None) -> list[PlanDraft]:
    """The plans in a file (a ledger export may hold several), in the reading named or the best."""
    from store.importing import read_plan

    return read_plan(Path(path), reading=reading)


def preview(ledger: Ledger, drafts: list[PlanDraft]) -> list[DraftPreview]:
    out = []
    for draft in drafts:
        tasks = list(draft.iter_tasks())
        states = Counter((t.state, t.flag) for t in tasks if t.state != "todo" or t.flag)
        same = ledger.plan_with_sha256(ledger.draft_sha256(draft))
        out.append(DraftPreview(
            draft=draft,
            sections=sum(1 for _ in draft.iter_sections()),
            tasks=len(tasks),
            due=sum(1 for t in tasks if t.due),
            same=same,
            revises=None if same is not None else ledger.revision_of(draft),
            states=dict(states),
            notes=sum(len(t.notes) for t in tasks),
        ))
    return out


def import_drafts(ledger: Ledger, drafts: list[PlanDraft], *, source: str = "import",
                  progress: Callable[[int, int], None] | None = None) -> list[tuple[PlanDraft, ImportResult]]:
    """Import each plan in a transaction of its own (a plan imported before is skipped)."""
    results = []
    for i, draft in enumerate(drafts):
        if progress is not None:
            progress(i, len(drafts))
        results.append((draft, ledger.import_plan(draft, source=source)))
    return results
