"""Choosing tasks: one filter for the UI's filter bar, the exports and the command line.

A `TaskFilter` combines plans, states, units ("my unit" with its aliases and the catch-alls),
due dates and a search query; `store.parts.scopes` runs it over the ledger.
"""
from __future__ import annotations

from dataclasses import dataclass

STATE_CHOICES = ("todo", "doing", "done", "na", "open")
"""`open` is "not done": todo and doing."""


@dataclass(frozen=True)
class TaskFilter:
    plan_ids: tuple[int, ...] = ()
    states: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    """Unit names as the user typed them; a task matches when any of its units is one of them."""
    overdue: bool = False
    due_within: int | None = None
    """Days from today: tasks due in that window and not done."""
    query: str | None = None
    # issue 19
    changed_since: str | None = None
    """A date (YYYY-MM-DD): tasks changed on or after it (the task, its notes, or its plan
    imported since)."""
    archived: bool = False
    """Archived plans' tasks pass too (otherwise they are hidden, as from the tree)."""

    @property
    def is_empty(self) -> bool:
        return not (self.plan_ids or self.states or self.units or self.overdue
                    or self.due_within is not None or self.query or self.changed_since)

    def with_(self, **changes) -> "TaskFilter":
        from dataclasses import replace

        return replace(self, **changes)


def my_units(unit: str | None, aliases=(), catch_alls=()) -> tuple[str, ...]:
    """The names that mean "my unit": the unit, its aliases, and every catch-all."""
    names: list[str] = []
    for name in (unit, *aliases, *catch_alls):
        if name and name not in names:
            names.append(name)
    return tuple(names)


@dataclass(frozen=True)
class Scope:
    """What a filter leaves of the ledger: tasks, the sections leading to them, their plans."""

    task_ids: frozenset[int]
    section_ids: frozenset[int]
    plan_ids: frozenset[int]
