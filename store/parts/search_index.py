"""The search index: one row of `task_search` per task (its text, the titles of its sections,
its notes, its units and their initials), kept in the same transaction as every write that
changes one of those, and the searches over it."""
from __future__ import annotations

import json
import sqlite3

from store.db import Database
from store.pinyin import text_initial_tokens
from store.search import spaced, task_match, unit_match


def task_row(text, titles, notes, units_text, units) -> tuple[str, str, str]:
    """body, units and initials of a task's search row.

    `units` holds (written, name, aliases, initials) for each unit the task names.
    """
    body = spaced(" ".join([text, *titles, *notes]))
    names: list[str] = [units_text or ""]
    initials: list[str] = []
    for written, name, aliases, unit_initials in units:
        names.extend([written, name, *aliases])
        initials.extend(x for x in unit_initials.split() if x not in initials)
    initials.extend(text_initial_tokens(text))
    return body, spaced(" ".join(dict.fromkeys(names))), " ".join(initials)


class SearchIndex:
    def __init__(self, db: Database):
        self.db = db

    @staticmethod
    def put(c: sqlite3.Connection, task_id: int, row: tuple[str, str, str]) -> None:
        c.execute("INSERT INTO task_search (rowid, body, units, initials) VALUES (?, ?, ?, ?)",
                  (task_id, *row))

    def reindex_task(self, c: sqlite3.Connection, task_id: int) -> None:
        """Rewrite one task's search row from the database (after its text, units, section or
        notes changed)."""
        found = c.execute(
            "SELECT text, units, section_id FROM tasks WHERE id = ?", (task_id,)
        ).fetchone()
        if found is None:
            return
        text, units_text, section_id = found
        titles = [
            r[0]
            for r in c.execute(
                "WITH RECURSIVE up(id, parent_id, title, depth) AS ("
                " SELECT id, parent_id, title, 0 FROM sections WHERE id = ? UNION ALL"
                " SELECT s.id, s.parent_id, s.title, up.depth + 1 FROM sections s"
                " JOIN up ON s.id = up.parent_id) SELECT title FROM up ORDER BY depth DESC",
                (section_id,),
            )
        ]
        notes = [r[0] for r in c.execute(
            "SELECT text FROM notes WHERE task_id = ? AND deleted = 0 ORDER BY id", (task_id,))]
        units = [
            (w, n, json.loads(a), i)
            for w, n, a, i in c.execute(
                "SELECT tu.written, u.name, u.aliases, u.initials FROM task_units tu "
                "JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = ? "
                "ORDER BY tu.role, tu.position",
                (task_id,),
            )
        ]
        c.execute("DELETE FROM task_search WHERE rowid = ?", (task_id,))
        self.put(c, task_id, task_row(text, titles, notes, units_text, units))

    @staticmethod
    def drop_plan(c: sqlite3.Connection, plan_id: int) -> None:
        c.execute(
            "DELETE FROM task_search WHERE rowid IN (SELECT id FROM tasks WHERE plan_id = ?)",
            (plan_id,),
        )

    @staticmethod
    def drop_tasks(c: sqlite3.Connection, task_ids) -> None:
        """Remove these tasks' search rows (issue 19: tasks deleted by hand)."""
        c.execute("DELETE FROM task_search WHERE rowid IN (SELECT value FROM json_each(?))",
                  (json.dumps([int(i) for i in task_ids]),))

    def search(self, query: str, limit: int | None = None, *, archived: bool = False) -> list[int]:
        """Task ids matching every word of the query: tasks of matching units first, then
        tasks whose text, sections, notes, units or initials match, each group in plan order.
        Tasks of archived plans only with `archived` (issue 19)."""
        tq, uq = task_match(query), unit_match(query)
        if tq is None:
            return []
        live = "" if archived else " AND plan_id NOT IN (SELECT id FROM plans WHERE archived != 0)"
        try:
            rows = self.db.conn().execute(
                "WITH t(id) AS (SELECT rowid FROM task_search WHERE task_search MATCH :tq), "
                "u(id) AS (SELECT DISTINCT task_id FROM task_units WHERE unit_id IN "
                "  (SELECT rowid FROM unit_search WHERE unit_search MATCH :uq)) "
                f"SELECT id FROM tasks WHERE id IN (SELECT id FROM t UNION SELECT id FROM u){live} "
                "ORDER BY id NOT IN (SELECT id FROM u), plan_id, seq LIMIT :limit",
                {"tq": tq, "uq": uq, "limit": -1 if limit is None else limit},
            ).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        return [r[0] for r in rows]
