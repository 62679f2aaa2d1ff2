"""Marking every task of a section or a plan at once (space or x on a heading).

Space ticks the tasks not yet done (n/a ones stay n/a); when all are done already, it takes them
back to 未开始. x marks the others n/a; when all are n/a, it takes them back to 未开始.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple

from store.models import Task


class Marking(NamedTuple):
    task_ids: list[int]
    state: str
    """The state they would be given: the one asked for, or 'todo' to undo a full marking."""


def marking(tasks: Iterable[Task], wanted: str) -> Marking:
    """Which of these tasks `wanted` ('done' or 'na') changes, and to what."""
    tasks = list(tasks)
    if wanted == "done":
        ids = [t.id for t in tasks if t.state not in ("done", "na")]
        if not ids:
            return Marking([t.id for t in tasks if t.state == "done"], "todo")
        return Marking(ids, "done")
    ids = [t.id for t in tasks if t.state != "na"]
    if not ids:
        return Marking([t.id for t in tasks], "todo")
    return Marking(ids, wanted)


def tasks_under(ledger, kind: str, ident: int, within: frozenset[int] | None = None) -> list[Task]:
    """The tasks of a plan or of a section with all below it (among `within`, a filtered view)."""
    if kind == "plan":
        tasks = ledger.tasks(plan_id=ident)
    else:
        tasks = ledger.tasks(section_id=ident, recursive=True)
    if within is not None:
        tasks = [t for t in tasks if t.id in within]
    return tasks
