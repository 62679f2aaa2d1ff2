"""The history as a clerk reads it (issue 19): every change-set, newest first, narrowed to a
plan, a unit, a person or a time; each with the tasks it touched, named as the clerk knows them
(number and key) even when they have since been deleted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from store.db import Database
from store.db.database import decode, id_list
from store.models import Change, ChangeSet
from store.parts.editing import parse_day

PAGE = 200
"""Change-sets read at a time (the screen asks for the next page as the clerk scrolls on)."""


@dataclass(frozen=True)
class HistoryQuery:
    plan_id: int | None = None
    unit_ids: tuple[int, ...] | None = None
    """The tasks naming one of these units (None: any; empty: none can match)."""
    actor: str | None = None
    """Part of the person's name."""
    since: str | None = None
    """YYYY-MM-DD, inclusive."""
    until: str | None = None
    """YYYY-MM-DD, inclusive."""
    before_id: int | None = None
    """For the next page: change-sets older than this one."""
    limit: int = PAGE


@dataclass(frozen=True)
class HistoryItem:
    changeset: ChangeSet
    tasks: tuple[tuple[int, str, bool], ...]
    """The tasks the change-set touched: (id, name, still there), in the order changed."""
    names: dict
    """(table, row id) → how the row is named (a task's number and key, a note's task, a
    section's title, a plan's title)."""


def day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def check_day(value: str | None) -> str | None:
    """A date the clerk typed (2021-10-11, 2021/10/11, 2021年10月11日) as YYYY-MM-DD."""
    return parse_day(value, "edit.bad_date")


class HistoryBrowse:
    def __init__(self, db: Database):
        self.db = db

    def items(self, q: HistoryQuery) -> list[HistoryItem]:
        """The change-sets that pass the query, newest first, at most `q.limit`."""
        c = self.db.conn()
        where, params = ["1"], {}
        if q.since:
            where.append("cs.at >= :since")
            params["since"] = check_day(q.since)
        if q.until:
            where.append("cs.at < :until")
            params["until"] = day_after(check_day(q.until))
        if q.actor and q.actor.strip():
            where.append("instr(cs.actor, :actor) > 0")
            params["actor"] = q.actor.strip()
        if q.before_id is not None:
            where.append("cs.id < :before")
            params["before"] = q.before_id
        if q.unit_ids is not None and not q.unit_ids:
            return []
        if q.plan_id is not None or q.unit_ids is not None:
            tasks = "SELECT id FROM tasks t WHERE 1"
            if q.plan_id is not None:
                tasks += " AND t.plan_id = :plan"
                params["plan"] = q.plan_id
            if q.unit_ids is not None:
                tasks += " AND t.id IN (SELECT task_id FROM task_units WHERE unit_id IN " \
                         "(SELECT value FROM json_each(:units)))"
                params["units"] = id_list(q.unit_ids)
            touched = [
                f"(ch.tbl = 'tasks' AND ch.row_id IN ({tasks}))",
                f"(ch.tbl = 'notes' AND ch.row_id IN (SELECT id FROM notes WHERE task_id IN ({tasks})))",
            ]
            if q.plan_id is not None and q.unit_ids is None:
                touched += ["(ch.tbl = 'sections' AND ch.row_id IN "
                            "(SELECT id FROM sections WHERE plan_id = :plan))",
                            "(ch.tbl = 'plans' AND ch.row_id = :plan)"]
            where.append("EXISTS (SELECT 1 FROM changes ch WHERE ch.changeset_id = cs.id AND ("
                         + " OR ".join(touched) + "))")
        params["limit"] = q.limit
        ids = [r[0] for r in c.execute(
            f"SELECT cs.id FROM changesets cs WHERE {' AND '.join(where)} "
            "ORDER BY cs.id DESC LIMIT :limit", params)]
        return [self._item(c, cs) for cs in self.db.read_changesets(ids, conn=c)]

    def _item(self, c, cs: ChangeSet) -> HistoryItem:
        names: dict = {}
        tasks: dict[int, tuple[str, bool]] = {}

        def task_name(task_id: int) -> tuple[str, bool]:
            if task_id in tasks:
                return tasks[task_id]
            row = c.execute("SELECT no, key FROM tasks WHERE id = ?", (task_id,)).fetchone()
            there = row is not None
            if row is None:  # deleted since: its last snapshot says who it was
                snap = c.execute(
                    "SELECT before, after FROM changes WHERE tbl = 'tasks' AND row_id = ? "
                    "AND field = 'row' ORDER BY id DESC LIMIT 1", (task_id,)).fetchone()
                task = None
                for blob in (snap or ()):
                    value = decode(blob)
                    if value and value.get("tasks"):
                        task = value["tasks"][0]
                        break
                row = (task["no"], task["key"]) if task else (None, f"#{task_id}")
            name = f"{row[0]}（{row[1]}）" if row[0] else row[1]
            tasks[task_id] = (name, there)
            return tasks[task_id]

        for ch in cs.changes[:500]:  # a merge or an import: its first rows name it well enough
            if ch.field == "place" and isinstance(ch.after, dict):  # where it went
                target = ch.after.get("section", ch.after.get("parent"))
                names[("place", ch.table, ch.row_id)] = (
                    self.db.rules.label(c, Change("sections", target, "", None, None))
                    if target is not None else None)
            elif ch.table == "units" and ch.field == "same_as":  # the name it joined or left
                target = ch.after if ch.after is not None else ch.before
                names[("place", ch.table, ch.row_id)] = (
                    self.db.rules.label(c, Change("units", target, "", None, None))
                    if target is not None else None)
            key = (ch.table, ch.row_id)
            if key in names:
                continue
            if ch.table == "tasks":
                names[key] = task_name(ch.row_id)[0]
            elif ch.table == "notes":
                row = c.execute("SELECT task_id FROM notes WHERE id = ?", (ch.row_id,)).fetchone()
                if row:
                    names[key] = task_name(row[0])[0]
                    names[("note_task", ch.row_id)] = row[0]
            elif ch.field == "row" and ch.table in ("sections", "plans"):
                snap = ch.before or ch.after or {}
                rows = snap.get(ch.table) or [{}]
                names[key] = (f"{rows[0].get('label') or ''}{rows[0].get('title') or ''}"
                              or rows[0].get("source") or f"#{ch.row_id}")
            else:
                names[key] = self.db.rules.label(c, ch)
        order = [tid for tid in tasks]
        for key, value in names.items():
            if key[0] == "note_task" and value not in order:
                order.append(value)
        return HistoryItem(cs, tuple((tid, *task_name(tid)) for tid in order), names)
