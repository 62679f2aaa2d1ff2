"""Running a `TaskFilter` over the ledger: the matching task ids in plan order (for exports
and the command line), the sections that lead to them, and the scope the tree is narrowed to.

`scope(f)` gives the tree what it needs in one statement — the matching tasks, their sections
with their ancestors, and their plans, as sets — without ordering or fetching a row per task:
at 100,000 tasks, a query matching most of them takes ~60 ms so.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from store.db import Database
from store.filtering import Scope, TaskFilter
from store.parts.search_index import SearchIndex
from store.parts.units import Units
from store.search import task_match, unit_match

CHANGED_SINCE = (
    "SELECT ch.row_id FROM changesets cs JOIN changes ch ON ch.changeset_id = cs.id "
    "WHERE cs.at >= :since AND ch.tbl = 'tasks' "
    "UNION SELECT n.task_id FROM changesets cs JOIN changes ch ON ch.changeset_id = cs.id "
    "JOIN notes n ON n.id = ch.row_id WHERE cs.at >= :since AND ch.tbl = 'notes' "
    "UNION SELECT t2.id FROM tasks t2 WHERE t2.plan_id IN (SELECT ch.row_id FROM changesets cs "
    "JOIN changes ch ON ch.changeset_id = cs.id WHERE cs.at >= :since AND ch.tbl = 'plans' "
    "AND ch.field = 'created')"
)
"""Issue 19: the tasks changed since a date — the task itself, its notes, or its plan imported
since — over the change-sets of that time (`changesets_by_time`)."""

MANY = 5000
"""Matches above which filter_scope finds their sections section by section."""


class Scopes:
    def __init__(self, db: Database, units: Units, index: SearchIndex):
        self.db = db
        self.units = units
        self.index = index

    def _conditions(self, f: TaskFilter) -> tuple[list[str], dict] | None:
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
        today = self.db.today()
        if f.overdue:
            where.append("t.due IS NOT NULL AND t.due < :today AND t.state NOT IN ('done', 'na')")
            params["today"] = today
        if f.due_within is not None:
            until = (date.fromisoformat(today) + timedelta(days=f.due_within)).isoformat()
            where.append("t.due IS NOT NULL AND t.due >= :today AND t.due <= :until "
                         "AND t.state NOT IN ('done', 'na')")
            params.update(today=today, until=until)
        if f.units:
            ids = self.units.ids_named(f.units)
            if not ids:
                return None
            where.append(f"t.id IN (SELECT task_id FROM task_units WHERE unit_id IN ({names('unit', sorted(ids))}))")
        if f.changed_since:  # issue 19
            where.append(f"t.id IN ({CHANGED_SINCE})")
            params["since"] = f.changed_since
        return where, params

    def _archived_tasks(self, f: TaskFilter) -> str | None:
        """Issue 19: the tasks of archived plans, which a filter leaves out unless it asks for
        them (None when there are none: no cost to the searches of a ledger without any)."""
        if f.archived or not self.db.conn().execute(
                "SELECT 1 FROM plans WHERE archived != 0 LIMIT 1").fetchone():
            return None
        return "SELECT id FROM tasks WHERE plan_id IN (SELECT id FROM plans WHERE archived != 0)"


    def task_ids(self, f: TaskFilter) -> list[int]:
        """The ids of the tasks that pass every part of the filter, in plan and document order
        (with a search query: in the search's order, tasks of matching units first)."""
        conditions = self._conditions(f)
        if conditions is None:
            return []
        where, params = conditions
        archived = self._archived_tasks(f)
        if archived:
            where.append(f"t.id NOT IN ({archived})")
        found: list[int] | None = None
        if f.query and f.query.strip():
            found = self.index.search(f.query, archived=True)
            if not found or not where:
                return found
        sql = "SELECT t.id FROM tasks t"
        if where:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where)
        sql += " ORDER BY t.plan_id, t.seq"
        ids = [r[0] for r in self.db.conn().execute(sql, params)]
        if found is not None:
            passing = set(ids)
            return [i for i in found if i in passing]
        return ids


    def scope(self, f: TaskFilter, within=None) -> Scope:
        """The tasks passing the filter (and among `within`, when given), the sections holding
        them with all their ancestors, and the plans of those sections — as sets, in one
        statement that hands back three JSON arrays rather than a row per task."""
        empty = Scope(frozenset(), frozenset(), frozenset())
        conditions = self._conditions(f)
        if conditions is None:
            return empty
        where, params = conditions
        parts: list[str] = []
        if f.query and f.query.strip():
            tq, uq = task_match(f.query), unit_match(f.query)
            if tq is None:
                return empty
            conn = self.db.conn()
            try:
                units = uq is not None and conn.execute(
                    "SELECT json_group_array(rowid) FROM unit_search WHERE unit_search MATCH ?", (uq,)
                ).fetchone()[0]
            except sqlite3.OperationalError:
                units = None
            if units and units != "[]":
                parts.append(  # issue 19 (revisions/units): with the names joined to them
                    "SELECT rowid AS id FROM task_search WHERE task_search MATCH :tq UNION "
                    "SELECT task_id FROM task_units WHERE unit_id IN (SELECT id FROM units WHERE "
                    "coalesce(same_as, id) IN (SELECT coalesce(same_as, id) FROM units "
                    "WHERE id IN (SELECT value FROM json_each(:units))))"
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
        archived = self._archived_tasks(f)
        if archived:  # issue 19: fewer than the matches, mostly: taken away, not intersected
            match += f" EXCEPT {archived}"
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
        conn = self.db.conn()
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


    def sections_for(self, task_ids) -> set[int]:
        """Every section that holds one of these tasks, with all its ancestors."""
        rows = self.db.conn().execute(
            "WITH RECURSIVE up(id) AS ("
            "  SELECT DISTINCT section_id FROM tasks WHERE id IN (SELECT value FROM json_each(?)) AND section_id IS NOT NULL"
            "  UNION SELECT s.parent_id FROM sections s JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL)"
            " SELECT id FROM up",
            (json.dumps(list(task_ids)),),
        ).fetchall()
        return {r[0] for r in rows}
