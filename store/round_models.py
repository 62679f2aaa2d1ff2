"""The reporting rounds' read models: a round, a unit's return in it, a task on a unit's form
and what changed in a period. Only the rounds, forms and merge code use them (not the first
screen), so they live apart from `store.models`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.models import Task


EVERY = "*"
"""In `Round.catch_alls`: the tasks of every catch-all go on the forms."""


def parse_catch_alls(values) -> list[str]:
    """What the clerk typed for a round's catch-alls (repeated, or split at 、 and commas): the
    names, or `[EVERY]` for 全部 / all."""
    names = [n.strip() for v in values for n in str(v).replace("，", "、").replace(",", "、").split("、")
             if n.strip()]
    return [EVERY] if any(n in ("全部", "all", EVERY) for n in names) else names


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
    catch_alls: tuple[str, ...] = ()
    """The catch-alls (各单位 …) whose tasks go on every unit's form this round: none by default,
    `EVERY` for all of them (the round's options, issue 20)."""

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
    reported_on: str | None = None
    """The day the form counts as filled in (its 填报日期, else the day received): late is
    judged by it."""


@dataclass(frozen=True)
class FormTask:
    """A task as one unit's form shows it, with the unit's role on it."""

    task: Task
    role: str
    """`lead`, `support` or `responsible` (the role the plan gives the unit, or the catch-all)."""
    via_catch_all: bool = False
    role_text: str | None = None
    """What the form's role column says when it is not the role's word: a task that reaches the
    unit only through a catch-all names the catch-all (各地级以上市人民政府（统一要求）)."""


@dataclass(frozen=True)
class PeriodChange:
    """What happened to a task since a snapshot (the export's 本期进展)."""

    task_id: int
    state_before: str | None
    state_now: str
    new_notes: int
    flag_before: str | None = None
    flag_now: str | None = None

    @property
    def changed(self) -> bool:
        return self.state_before != self.state_now or self.new_notes > 0


@dataclass(frozen=True)
class Period:
    """A round's period (本期): from the close of the round closed last before it opened (else
    its own opening) to its close (else now), each end a snapshot of every task's state."""

    round: Round
    start_round: Round
    """Whose snapshot starts the period: an earlier round's close, or this round's opening."""
    start_kind: str
    """`close` or `open`."""
    start_id: int
    end_id: int | None
    """The round's closing snapshot; None while it is open (the period runs to now)."""
