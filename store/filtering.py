"""Choosing tasks: one filter for the UI's filter bar, the exports and the command line.

A `TaskFilter` combines plans, states, units ("my unit" with its aliases and the catch-alls),
due dates and a search query. `filter_task_ids(ledger, f)` returns the matching task ids in plan
order (for exports and the command line); `sections_for(ledger, ids)` the sections that lead to
them. `filter_scope(ledger, f)` gives the tree what it needs in one statement — the matching
tasks, their sections with their ancestors, and their plans, as sets — without ordering or
fetching a row per task: at 100,000 tasks, a query matching most of them takes ~60 ms so.
"""
from __future__ import annotations

import json
import sqlite3
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
    for unit_id, name, aliases in ledger.unit_names():
        keys = {normalise_name(name), base_name(name)}
        keys.update(normalise_name(a) for a in aliases)
        if keys & wanted:
            found.add(unit_id)
    return found


def _conditions(ledger, f: TaskFilter) -> tuple[list[str], dict] | None:
    """SQL conditions on `tasks t` for every part of the filter but the search query, with
    their named parameters; None when the filter's units name no unit (nothing can match)."""
    where: list[str] = []
    params: dict = {}

    def names(prefix: str, values) -> str:
        keys = []
        for i, value in enumerate(values):
            params[f"{prefix}{i}"] = value
            keys.append(f":{prefix}{i}")
        return ", ".join(keys)

    if f.plan_ids:
        where.append(f"t.plan_id IN ({names('plan', f.plan_ids)})")
    if f.states:
        states = set(f.states)
        if "open" in states:
            states.discard("open")
            states.update(("todo", "doing"))
        where.append(f"t.state IN ({names('state', sorted(states))})")
    today = ledger.today()
    if f.overdue:
        where.append("t.due IS NOT NULL AND t.due < :today AND t.state NOT IN ('done', 'na')")
        params["today"] = today
    if f.due_within is not None:
        until = (date.fromisoformat(today) + timedelta(days=f.due_within)).isoformat()
        where.append("t.due IS NOT NULL AND t.due >= :today AND t.due <= :until "
                     "AND t.state NOT IN ('done', 'na')")
        params.update(today=today, until=until)
    if f.units:
        ids = unit_ids(ledger, f.units)
        if not ids:
            return None
        where.append(f"t.id IN (SELECT task_id FROM task_units WHERE unit_id IN ({names('unit', sorted(ids))}))")
    return where, params


def filter_task_ids(ledger, f: TaskFilter) -> list[int]:
    """The ids of the tasks that pass every part of the filter, in plan and document order
    (with a search query: in the search's order, tasks of matching units first)."""
    conditions = _conditions(ledger, f)
    if conditions is None:
        return []
    where, params = conditions
    found: list[int] | None = None
    if f.query and f.query.strip():
        found = ledger.search(f.query)
        if not found or not where:
            return found
    sql = "SELECT t.id FROM tasks t"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    sql += " ORDER BY t.plan_id, t.seq"
    ids = [r[0] for r in ledger._conn().execute(sql, params)]
    if found is not None:
        passing = set(ids)
        return [i for i in found if i in passing]
    return ids


MANY = 5000
"""Matches above which filter_scope finds their sections section by section."""


@dataclass(frozen=True)
class Scope:
    """What a filter leaves of the ledger: tasks, the sections leading to them, their plans."""

    task_ids: frozenset[int]
    section_ids: frozenset[int]
    plan_ids: frozenset[int]


def filter_scope(ledger, f: TaskFilter, within=None) -> Scope:
    """The tasks passing the filter (and among `within`, when given), the sections holding
    them with all their ancestors, and the plans of those sections — as sets, in one
    statement that hands back three JSON arrays rather than a row per task."""
    empty = Scope(frozenset(), frozenset(), frozenset())
    conditions = _conditions(ledger, f)
    if conditions is None:
        return empty
    where, params = conditions
    parts: list[str] = []
    if f.query and f.query.strip():
        from store.search import task_match, unit_match

        tq, uq = task_match(f.query), unit_match(f.query)
        if tq is None:
            return empty
        conn = ledger._conn()
        try:
            units = uq is not None and conn.execute(
                "SELECT json_group_array(rowid) FROM unit_search WHERE unit_search MATCH ?", (uq,)
            ).fetchone()[0]
        except sqlite3.OperationalError:
            units = None
        if units and units != "[]":
            parts.append(
                "SELECT rowid AS id FROM task_search WHERE task_search MATCH :tq UNION "
                "SELECT task_id FROM task_units WHERE unit_id IN (SELECT value FROM json_each(:units))"
            )
            params.update(tq=tq, units=units)
        else:  # no unit goes by that name: no union to build (5–10 ms for a query matching most)
            parts.append("SELECT rowid AS id FROM task_search WHERE task_search MATCH :tq")
            params.update(tq=tq)
    if where:
        parts.append("SELECT t.id FROM tasks t WHERE " + " AND ".join(f"({w})" for w in where))
    if within is not None:
        parts.append("SELECT value AS id FROM json_each(:within)")
        params["within"] = json.dumps([int(i) for i in within])
    if not parts:
        parts.append("SELECT id FROM tasks")
    match = " INTERSECT ".join(f"SELECT id FROM ({p})" for p in parts)
    # The matches go to a temporary table keyed by task id (this connection's own, in memory):
    # `IN` a CTE would first copy its rows and then build an index over the copy, 7 ms of
    # a query matching 87,000 tasks.
    # The sections holding a match: for a few matches, look each one up (few); for many, ask
    # each section whether it holds one (its first task mostly does). Each way is several times
    # the other's cost on the wrong side of ~5,000 matches.
    up = ("(SELECT json_group_array(id) FROM (WITH RECURSIVE up(id) AS (SELECT id FROM {s} UNION "
          "SELECT sec.parent_id FROM sections sec JOIN up ON sec.id = up.id "
          "WHERE sec.parent_id IS NOT NULL) SELECT id FROM up))")
    sql = (
        "WITH few(id) AS (SELECT DISTINCT section_id FROM tasks "
        "  WHERE id IN temp.scope_match AND section_id IS NOT NULL), "
        "many(id) AS (SELECT sec.id FROM sections sec WHERE EXISTS "
        "  (SELECT 1 FROM tasks t WHERE t.section_id = sec.id AND t.id IN temp.scope_match)) "
        "SELECT (SELECT json_group_array(id) FROM temp.scope_match), "
        f"CASE WHEN (SELECT count(*) FROM temp.scope_match) > {MANY} THEN {up.format(s='many')} "
        f"ELSE {up.format(s='few')} END"
    )
    conn = ledger._conn()
    try:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS scope_match (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.scope_match")
        conn.execute(f"INSERT INTO temp.scope_match (id) {match}", params)
        tasks, sections = conn.execute(sql).fetchone()
        conn.execute("DELETE FROM temp.scope_match")  # no copy of the matches outlives the call
    except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing (as search)
        return empty  # (the INSERT failed whole: nothing was left in the table)
    section_ids = frozenset(json.loads(sections))
    plans = conn.execute(
        "SELECT json_group_array(DISTINCT plan_id) FROM sections "
        "WHERE id IN (SELECT value FROM json_each(?))", (sections,)
    ).fetchone()[0]
    return Scope(frozenset(json.loads(tasks)), section_ids, frozenset(json.loads(plans)))


def sections_for(ledger, task_ids) -> set[int]:
    """Every section that holds one of these tasks, with all its ancestors."""
    rows = ledger._conn().execute(
        "WITH RECURSIVE up(id) AS ("
        "  SELECT DISTINCT section_id FROM tasks WHERE id IN (SELECT value FROM json_each(?)) AND section_id IS NOT NULL"
        "  UNION SELECT s.parent_id FROM sections s JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL)"
        " SELECT id FROM up",
        (json.dumps(list(task_ids)),),
    ).fetchall()
    return {r[0] for r in rows}
