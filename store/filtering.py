"""Choosing tasks: one filter for the UI's filter bar, the exports and the command line.

A `TaskFilter` combines plans, states, units ("my unit" with its aliases and the catch-alls),
due dates and a search query. `filter_task_ids(ledger, f)` returns the matching task ids in plan
order; `sections_for(ledger, ids)` the sections that lead to them, so a tree can show matching
tasks with their parents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from store.unitnames import aliases_for, base_name, normalise_name

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

    @property
    def is_empty(self) -> bool:
        return not (self.plan_ids or self.states or self.units or self.overdue or self.due_within is not None or self.query)

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


def unit_ids(ledger, names) -> set[int]:
    """Units the given names designate: by normalised name, the name without its bracketed
    qualifier (区党政办 matches 区党政办（文秘科）), or an alias (发改委 = 发展改革委)."""
    wanted: set[str] = set()
    for name in names:
        norm = normalise_name(name)
        if norm:
            wanted.add(norm)
            wanted.update(aliases_for(norm, ledger.abbreviations))
    found: set[int] = set()
    for u in ledger.units():
        keys = {normalise_name(u.name), base_name(u.name)}
        keys.update(normalise_name(a) for a in u.aliases)
        if keys & wanted:
            found.add(u.id)
    return found


def filter_task_ids(ledger, f: TaskFilter) -> list[int]:
    """The ids of the tasks that pass every part of the filter, in plan and document order."""
    where: list[str] = []
    params: list = []
    if f.plan_ids:
        where.append(f"t.plan_id IN ({','.join('?' * len(f.plan_ids))})")
        params += list(f.plan_ids)
    if f.states:
        states = set(f.states)
        if "open" in states:
            states.discard("open")
            states.update(("todo", "doing"))
        where.append(f"t.state IN ({','.join('?' * len(states))})")
        params += sorted(states)
    today = ledger.today()
    if f.overdue:
        where.append("t.due IS NOT NULL AND t.due < ? AND t.state NOT IN ('done', 'na')")
        params.append(today)
    if f.due_within is not None:
        until = (date.fromisoformat(today) + timedelta(days=f.due_within)).isoformat()
        where.append("t.due IS NOT NULL AND t.due >= ? AND t.due <= ? AND t.state NOT IN ('done', 'na')")
        params += [today, until]
    if f.units:
        ids = unit_ids(ledger, f.units)
        if not ids:
            return []
        where.append(
            f"t.id IN (SELECT task_id FROM task_units WHERE unit_id IN ({','.join('?' * len(ids))}))"
        )
        params += sorted(ids)
    order: dict[int, int] | None = None
    if f.query and f.query.strip():
        found = ledger.search(f.query)
        if not found:
            return []
        order = {tid: i for i, tid in enumerate(found)}
        where.append(f"t.id IN (SELECT value FROM json_each(?))")
        import json

        params.append(json.dumps(found))
    sql = "SELECT t.id FROM tasks t"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    sql += " ORDER BY t.plan_id, t.seq"
    ids = [r[0] for r in ledger._conn().execute(sql, params)]
    if order is not None:
        ids.sort(key=order.__getitem__)  # search ranks unit matches first
    return ids


def sections_for(ledger, task_ids) -> set[int]:
    """Every section that holds one of these tasks, with all its ancestors."""
    import json

    rows = ledger._conn().execute(
        "WITH RECURSIVE up(id) AS ("
        "  SELECT DISTINCT section_id FROM tasks WHERE id IN (SELECT value FROM json_each(?)) AND section_id IS NOT NULL"
        "  UNION SELECT s.parent_id FROM sections s JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL)"
        " SELECT id FROM up",
        (json.dumps(list(task_ids)),),
    ).fetchall()
    return {r[0] for r in rows}
