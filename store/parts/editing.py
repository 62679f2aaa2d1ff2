"""Keeping the ledger by hand (issue 19): correcting tasks, sections and plans, adding them,
moving and deleting them — every one a change-set, undone and redone like a tick.

What each recorded field means, for undo and redo, is registered here:

- a column (`tasks.text`, `sections.title`, `plans.doc_no` …): the value it holds;
- `tasks.units`: the task's units as one value — the text as written and the names per role
  (`{"text", "lead", "support", "responsible"}`), written to `tasks.units` and `task_units`;
- `place` (tasks and sections): where a row sits among its siblings, as the row it follows
  (`{"section": S, "after": T}`, `{"parent": P, "after": S}`; `after` None: first). Order
  numbers are never recorded: after every move, add or delete the plan's sections are numbered
  1, 2, … under each parent and its tasks 1, 2, … in document order (a section's own tasks,
  then its subsections'), so exports keep the tree's order and undo needs no more than `place`;
- `row` (tasks, sections, plans): the whole row as JSON with everything that hangs from it
  (units, notes; sections and tasks below; a plan's forms and returns), or None when it does not
  exist. Adding records (None → rows), deleting (rows → None): undo puts the rows back exactly,
  under their ids and keys, and the search rows with them.

Task keys (`P1-0012`) are never changed and never reused: a new task's key comes from
`plans.next_seq`, which only ever grows; ids of deleted rows are never given to new ones
(`Transaction.fresh_id`).
"""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from datetime import date
from typing import Any, Iterable

from store.db import Database, FieldRule
from store.db.database import id_list
from store.errors import EditConflict, NotFoundError, TaizhangError, UndoRefused
from store.models import ROLES, ChangeSet
from store.parts.search_index import SearchIndex
from store.parts.tasks import task_label, touch
from store.parts.units import Units
from store.textclean import strip_control

TASK_FIELDS = ("text", "no", "units", "time_limit", "time_limit_kind", "due")
"""The task's fields a clerk corrects (state and notes have their own ways)."""
SECTION_FIELDS = ("label", "title")
PLAN_FIELDS = ("title", "doc_no", "issuer", "issued", "year")
KINDS = ("date", "year_end", "continuous", "recurring", "relative", "unknown")

SUMMARIES = (
    "edit.task", "edit.section", "edit.plan", "add.task", "add.section", "add.plan",
    "move.task", "move.section", "delete.task", "delete.section", "delete.plan",
    "archive.plan", "unarchive.plan",
)
"""The change-sets this part writes say what they are in their summary (undo copies it)."""

# Tables a deleted row's snapshot may hold, in the order they are put back.
_RESTORE_ORDER = ("plans", "sections", "tasks", "task_units", "notes", "forms", "submissions")


# ---- reading rows as JSON ------------------------------------------------------------------


def _dicts(cur: sqlite3.Cursor) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _rows(c, table: str, column: str, ids: Iterable[int]) -> list[dict]:
    return _dicts(c.execute(
        f"SELECT * FROM {table} WHERE {column} IN (SELECT value FROM json_each(?)) ORDER BY rowid",
        (id_list(ids),)))


def _subtree(c, section_id: int) -> list[int]:
    """The section and every section below it, parents first."""
    return [r[0] for r in c.execute(
        "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL "
        "SELECT s.id, sub.depth + 1 FROM sections s JOIN sub ON s.parent_id = sub.id) "
        "SELECT id FROM sub ORDER BY depth, id", (section_id,))]


def _tasks_under(c, section_ids: list[int]) -> list[int]:
    return [r[0] for r in c.execute(
        "SELECT id FROM tasks WHERE section_id IN (SELECT value FROM json_each(?)) ORDER BY seq",
        (id_list(section_ids),))]


def units_value(c, task_id: int) -> dict:
    """The task's units as one value: the text as written and the names per role."""
    row = c.execute("SELECT units FROM tasks WHERE id = ?", (task_id,)).fetchone()
    value: dict[str, Any] = {"text": row[0] if row else None, **{r: [] for r in ROLES}}
    for role, written in c.execute(
            "SELECT role, written FROM task_units WHERE task_id = ? ORDER BY role, position",
            (task_id,)):
        value[role].append(written)
    return value


def _after_moving(siblings: list[int], row_id: int, delta: int) -> int | None:
    """The sibling a row moved `delta` places (-1 up, +1 down) comes after (None: first);
    refused at the top or the bottom."""
    j = siblings.index(row_id) + delta
    if j < 0:
        raise TaizhangError("edit.at_top")
    if j >= len(siblings):
        raise TaizhangError("edit.at_bottom")
    rest = [s for s in siblings if s != row_id]
    return rest[j - 1] if j > 0 else None


def _task_value(c, task_id: int, field: str) -> Any:
    if field == "units":
        return units_value(c, task_id)
    row = c.execute(f"SELECT {field} FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return row[0] if row else None


_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_day(value: str | None, code: str = "edit.bad_due") -> str | None:
    """A date as typed — 2022-06-30, 2022/6/30, 2022.6.30, 2022年6月30日 — as YYYY-MM-DD; None
    when empty; `code` (a clear refusal naming what was typed) when it is not a date."""
    text = strip_control(str(value or ""))[0].strip()
    if not text:
        return None
    m = _DAY.fullmatch(text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise TaizhangError(code, value=text) from None


def valid_due(value: str | None) -> str | None:
    """A due date as stored (YYYY-MM-DD), or `edit.bad_due`."""
    return parse_day(value, "edit.bad_due")


def clean_text(value: str | None, *, required: bool = False, code: str = "edit.empty_text") -> str | None:
    """Text from the keyboard as stored: control characters removed, spaces trimmed; None
    when empty (or `code` when it is required)."""
    cleaned = strip_control(value or "")[0].strip()
    if not cleaned:
        if required:
            raise TaizhangError(code)
        return None
    return cleaned


def clean_number(value: str | None) -> str | None:
    """A task's number as stored: full-width digits made plain, spaces trimmed."""
    cleaned = clean_text(value)
    return unicodedata.normalize("NFKC", cleaned).strip() if cleaned else None


class Editing:
    def __init__(self, db: Database, units: Units, index: SearchIndex):
        self.db = db
        self.units = units
        self.index = index
        rules = db.rules
        for field in ("text", "no", "time_limit", "time_limit_kind", "due"):
            rules.add("tasks", field, FieldRule(is_current=self._column_is("tasks", field),
                                                apply=self._write_task_column(field)))
        rules.add("tasks", "units", FieldRule(is_current=self._units_is, apply=self._write_units))
        rules.add("tasks", "place", FieldRule(is_current=self._task_place_is,
                                              apply=self._write_task_place))
        rules.add("tasks", "row", FieldRule(is_current=self._exists_as("tasks"),
                                            apply=self._write_task_row))
        for field in SECTION_FIELDS:
            rules.add("sections", field, FieldRule(is_current=self._column_is("sections", field),
                                                   apply=self._write_section_column(field)))
        rules.add("sections", "place", FieldRule(is_current=self._section_place_is,
                                                 apply=self._write_section_place))
        rules.add("sections", "row", FieldRule(is_current=self._exists_as("sections"),
                                               apply=self._write_section_row))
        for field in (*PLAN_FIELDS, "archived"):
            rules.add("plans", field, FieldRule(is_current=self._column_is("plans", field),
                                                apply=self._write_plan_column(field)))
        rules.add("plans", "row", FieldRule(is_current=self._exists_as("plans"),
                                            apply=self._write_plan_row))
        rules.label_with("sections", self._section_label)
        rules.label_with("plans", self._plan_label)  # as the app shows it: the file's name if untitled

    # ---- the history's rules -------------------------------------------------------------

    @staticmethod
    def _column_is(table: str, field: str):
        def is_current(c, ch) -> bool:
            row = c.execute(f"SELECT {field} FROM {table} WHERE id = ?", (ch.row_id,)).fetchone()
            return row is not None and row[0] == ch.after
        return is_current

    @staticmethod
    def _exists_as(table: str):
        def is_current(c, ch) -> bool:
            there = c.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ch.row_id,)).fetchone()
            return (there is not None) == (ch.after is not None)
        return is_current

    def _write_task_column(self, field: str):
        def apply(tx, task_id: int, value) -> None:
            touch(tx, task_id)
            tx.execute(f"UPDATE tasks SET {field} = ? WHERE id = ?", (value, task_id))
            if field == "text":
                self.index.reindex_task(tx.conn, task_id)
        return apply

    def _units_is(self, c, ch) -> bool:
        return c.execute("SELECT 1 FROM tasks WHERE id = ?", (ch.row_id,)).fetchone() is not None \
            and units_value(c, ch.row_id) == ch.after

    def _write_units(self, tx, task_id: int, value: dict) -> None:
        touch(tx, task_id)
        c = tx.conn
        c.execute("DELETE FROM task_units WHERE task_id = ?", (task_id,))
        cache: dict = {}
        for role in ROLES:
            position = 0
            for written in value.get(role) or ():
                unit = self.units.register(c, written, cache)
                if unit is None:
                    continue
                c.execute("INSERT INTO task_units (task_id, role, position, unit_id, written) "
                          "VALUES (?, ?, ?, ?, ?)", (task_id, role, position, unit[0], written))
                position += 1
        c.execute("UPDATE tasks SET units = ? WHERE id = ?", (value.get("text"), task_id))
        self.index.reindex_task(c, task_id)

    def _task_place_is(self, c, ch) -> bool:
        return self._task_place(c, ch.row_id) == ch.after

    def _write_task_place(self, tx, task_id: int, value: dict) -> None:
        plan = tx.execute("SELECT plan_id FROM sections WHERE id = ?", (value["section"],)).fetchone()
        if plan is None:
            raise UndoRefused("edit.section_gone")
        touch(tx, task_id)
        self.arrange(tx, plan[0], put_task=(task_id, value["section"], value["after"]))

    def _section_place_is(self, c, ch) -> bool:
        return self._section_place(c, ch.row_id) == ch.after

    def _write_section_place(self, tx, section_id: int, value: dict) -> None:
        plan = tx.execute("SELECT plan_id FROM sections WHERE id = ?", (section_id,)).fetchone()
        if plan is None:
            raise UndoRefused("edit.section_gone")
        self.arrange(tx, plan[0], put_section=(section_id, value["parent"], value["after"]))

    def _write_section_column(self, field: str):
        def apply(tx, section_id: int, value) -> None:
            tx.execute(f"UPDATE sections SET {field} = ? WHERE id = ?", (value, section_id))
            if field == "title":  # the titles above a task are part of its search row
                for task_id in _tasks_under(tx.conn, _subtree(tx.conn, section_id)):
                    self.index.reindex_task(tx.conn, task_id)
        return apply

    @staticmethod
    def _write_plan_column(field: str):
        def apply(tx, plan_id: int, value) -> None:
            tx.execute(f"UPDATE plans SET {field} = ? WHERE id = ?", (value, plan_id))
        return apply

    def _write_task_row(self, tx, task_id: int, value) -> None:
        if value is None:
            plan = tx.execute("SELECT plan_id FROM tasks WHERE id = ?", (task_id,)).fetchone()
            _retire(tx, [task_id])
            self.index.drop_tasks(tx.conn, [task_id])
            tx.execute("DELETE FROM tasks WHERE id = ?", (task_id,))  # units, notes cascade
            if plan is not None:
                self.arrange(tx, plan[0])
            return
        self._restore(tx, value)
        place = value["place"]
        self.arrange(tx, value["tasks"][0]["plan_id"], put_task=(task_id, place["section"], place["after"]))

    def _write_section_row(self, tx, section_id: int, value) -> None:
        c = tx.conn
        if value is None:
            plan = c.execute("SELECT plan_id FROM sections WHERE id = ?", (section_id,)).fetchone()
            below = _subtree(c, section_id)
            tx.retire_ids("sections", below)
            _retire(tx, _tasks_under(c, below))
            self.index.drop_tasks(c, _tasks_under(c, below))
            tx.execute("DELETE FROM sections WHERE id = ?", (section_id,))  # all below cascades
            if plan is not None:
                self.arrange(tx, plan[0])
            return
        self._restore(tx, value)
        place = value["place"]
        self.arrange(tx, value["sections"][0]["plan_id"],
                     put_section=(section_id, place["parent"], place["after"]))

    def _write_plan_row(self, tx, plan_id: int, value) -> None:
        if value is None:
            c = tx.conn
            tx.retire_ids("sections", [r[0] for r in c.execute(
                "SELECT id FROM sections WHERE plan_id = ?", (plan_id,))])
            _retire(tx, [r[0] for r in c.execute("SELECT id FROM tasks WHERE plan_id = ?", (plan_id,))])
            self.index.drop_plan(tx.conn, plan_id)
            tx.execute("DELETE FROM plans WHERE id = ?", (plan_id,))  # everything cascades
            return
        self._restore(tx, value)

    def _restore(self, tx, snapshot: dict) -> None:
        """Put rows back as they were (their ids, keys, order numbers), with their search rows."""
        c = tx.conn
        c.execute("PRAGMA defer_foreign_keys = ON")  # reset at the transaction's end
        try:
            for table in _RESTORE_ORDER:
                for row in snapshot.get(table, ()):
                    cols = list(row)
                    c.execute(f"INSERT INTO {table} ({', '.join(cols)}) "
                              f"VALUES ({', '.join('?' for _ in cols)})", [row[k] for k in cols])
        except sqlite3.IntegrityError as exc:
            raise UndoRefused("edit.restore_clash") from exc
        for row in snapshot.get("tasks", ()):
            self.index.reindex_task(c, row["id"])

    @staticmethod
    def _plan_label(c, plan_id: int) -> str:
        """A plan as the app shows it: its title, else its file's name; a plan deleted since,
        as its last snapshot had it."""
        row = c.execute("SELECT coalesce(title, source) FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None:
            snap = c.execute("SELECT before FROM changes WHERE tbl = 'plans' AND row_id = ? "
                             "AND field = 'row' AND before IS NOT NULL ORDER BY id DESC LIMIT 1",
                             (plan_id,)).fetchone()
            plans = (json.loads(snap[0]) or {}).get("plans") if snap else None
            row = (plans[0].get("title") or plans[0].get("source"),) if plans else None
        return (row[0] if row else None) or f"#{plan_id}"

    def _section_label(self, c, section_id: int) -> str:
        row = c.execute("SELECT label, title FROM sections WHERE id = ?", (section_id,)).fetchone()
        return f"{row[0] or ''}{row[1]}" if row else f"#{section_id}"

    # ---- places and order ----------------------------------------------------------------

    @staticmethod
    def _task_place(c, task_id: int) -> dict | None:
        row = c.execute("SELECT section_id, seq FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return None
        before = c.execute(
            "SELECT id FROM tasks WHERE section_id IS ? AND (seq < ? OR (seq = ? AND id < ?)) "
            "ORDER BY seq DESC, id DESC LIMIT 1", (row[0], row[1], row[1], task_id)).fetchone()
        return {"section": row[0], "after": before[0] if before else None}

    @staticmethod
    def _section_place(c, section_id: int) -> dict | None:
        row = c.execute("SELECT parent_id, position, plan_id FROM sections WHERE id = ?",
                        (section_id,)).fetchone()
        if row is None:
            return None
        before = c.execute(
            "SELECT id FROM sections WHERE plan_id = ? AND parent_id IS ? "
            "AND (position < ? OR (position = ? AND id < ?)) "
            "ORDER BY position DESC, id DESC LIMIT 1",
            (row[2], row[0], row[1], row[1], section_id)).fetchone()
        return {"parent": row[0], "after": before[0] if before else None}

    def arrange(self, tx, plan_id: int, *, put_task: tuple | None = None,
                put_section: tuple | None = None) -> None:
        """Number a plan's sections 1, 2, … under each parent and its tasks 1, 2, … in document
        order, after putting one task (`(task, section, after)`) or one section
        (`(section, parent, after)`) where it goes. Only rows whose numbers change are written;
        tasks whose section path changed get their search rows anew."""
        c = tx.conn
        sections = c.execute("SELECT id, parent_id, position FROM sections WHERE plan_id = ?",
                             (plan_id,)).fetchall()
        parent_of = {sid: parent for sid, parent, _ in sections}
        children: dict[int | None, list[int]] = {}
        for sid, parent, position in sorted(sections, key=lambda s: (s[2], s[0])):
            children.setdefault(parent, []).append(sid)
        moved_sections: set[int] = set()
        if put_section is not None:
            sid, parent, after = put_section
            if sid not in parent_of or (parent is not None and parent not in parent_of):
                raise UndoRefused("edit.section_gone")
            up = parent
            while up is not None:
                if up == sid:
                    raise TaizhangError("edit.into_own_child")
                up = parent_of[up]
            children[parent_of[sid]].remove(sid)
            _insert_after(children.setdefault(parent, []), sid, after)
            if parent_of[sid] != parent:
                moved_sections.add(sid)
            parent_of[sid] = parent
        tasks = c.execute("SELECT id, section_id, seq FROM tasks WHERE plan_id = ? ORDER BY seq, id",
                          (plan_id,)).fetchall()
        section_of = {tid: sid for tid, sid, _ in tasks}
        seq_of = {tid: seq for tid, _, seq in tasks}
        by_section: dict[int | None, list[int]] = {}
        for tid, sid, _ in tasks:
            by_section.setdefault(sid, []).append(tid)
        moved_task = None
        if put_task is not None:
            tid, sid, after = put_task
            if tid not in section_of:
                raise NotFoundError(what="task", ident=tid)
            if sid not in parent_of:
                raise UndoRefused("edit.section_gone")
            by_section[section_of[tid]].remove(tid)
            _insert_after(by_section.setdefault(sid, []), tid, after)
            if section_of[tid] != sid:
                moved_task = tid
                c.execute("UPDATE tasks SET section_id = ? WHERE id = ?", (sid, tid))
        # sections: parent and position
        stored = {sid: (parent, position) for sid, parent, position in sections}
        for parent, kids in children.items():
            for position, sid in enumerate(kids, 1):
                if stored[sid] != (parent, position):
                    c.execute("UPDATE sections SET parent_id = ?, position = ? WHERE id = ?",
                              (parent, position, sid))
        # tasks: document order
        order: list[int] = list(by_section.get(None, ()))
        stack = list(reversed(children.get(None, [])))
        while stack:
            sid = stack.pop()
            order.extend(by_section.get(sid, ()))
            stack.extend(reversed(children.get(sid, [])))
        placed = set(order)
        order.extend(t for t, _, _ in tasks if t not in placed)  # (a task of another plan's section)
        changed = [(n, tid) for n, tid in enumerate(order, 1) if seq_of.get(tid) != n]
        if changed:
            c.executemany("UPDATE tasks SET seq = ? WHERE id = ?", changed)
        if moved_task is not None:
            self.index.reindex_task(c, moved_task)
        for sid in moved_sections:
            for task_id in _tasks_under(c, _subtree(c, sid)):
                self.index.reindex_task(c, task_id)

    # ---- snapshots -----------------------------------------------------------------------

    def _task_snapshot(self, c, task_ids: list[int]) -> dict:
        return {
            "tasks": _rows(c, "tasks", "id", task_ids),
            "task_units": _rows(c, "task_units", "task_id", task_ids),
            "notes": _rows(c, "notes", "task_id", task_ids),
        }

    def _section_snapshot(self, c, section_id: int) -> dict:
        ids = _subtree(c, section_id)
        by_id = {r["id"]: r for r in _rows(c, "sections", "id", ids)}
        return {"sections": [by_id[i] for i in ids], **self._task_snapshot(c, _tasks_under(c, ids))}

    # ---- tasks ---------------------------------------------------------------------------

    def _task_row(self, tx, task_id: int) -> tuple:
        row = tx.execute("SELECT plan_id, section_id FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            raise NotFoundError(what="task", ident=task_id)
        return row

    def number_taken(self, c, plan_id: int, section_id: int | None, no: str,
                     exclude: int | None = None) -> bool:
        """Is this number another task's? Plans numbered through are checked whole; plans whose
        numbering starts again in each section (numbers repeat) are checked in the section."""
        repeats = c.execute("SELECT count(no) != count(DISTINCT no) FROM tasks WHERE plan_id = ?",
                            (plan_id,)).fetchone()[0]
        if repeats:
            sql, params = "section_id IS ?", (section_id,)
        else:
            sql, params = "plan_id = ?", (plan_id,)
        return c.execute(f"SELECT 1 FROM tasks WHERE {sql} AND no = ? AND id IS NOT ? LIMIT 1",
                         (*params, no, exclude)).fetchone() is not None

    def next_number(self, plan_id: int, section_id: int | None) -> str | None:
        """The number a task added to this section would take: the plan's highest number plus
        one (numbered through), or the section's (numbering that starts again per section)."""
        c = self.db.conn()
        repeats = c.execute("SELECT count(no) != count(DISTINCT no) FROM tasks WHERE plan_id = ?",
                            (plan_id,)).fetchone()[0]
        sql, params = ("section_id IS ?", (section_id,)) if repeats else ("plan_id = ?", (plan_id,))
        numbers = [int(r[0]) for r in c.execute(f"SELECT no FROM tasks WHERE {sql}", params)
                   if r[0] and str(r[0]).isdigit()]
        return str(max(numbers) + 1) if numbers else "1"

    def _check_task_values(self, c, plan_id, section_id, values: dict, exclude: int | None) -> dict:
        """The values as stored, or a clear refusal (nothing is written)."""
        out = dict(values)
        if "text" in out:
            out["text"] = clean_text(out["text"], required=True)
        if "no" in out:
            out["no"] = clean_number(out["no"])
            if out["no"] and self.number_taken(c, plan_id, section_id, out["no"], exclude):
                raise TaizhangError("edit.no_exists", no=out["no"])
        if "due" in out:
            out["due"] = valid_due(out["due"])
        if "time_limit" in out:
            out["time_limit"] = clean_text(out["time_limit"])
        if "time_limit_kind" in out and out["time_limit_kind"] not in (None, *KINDS):
            raise ValueError(f"time_limit_kind must be one of {KINDS}")
        if "units" in out:
            u = out["units"] or {}
            out["units"] = {"text": clean_text(u.get("text")),
                            **{r: [n for n in (clean_text(x) for x in u.get(r) or ()) if n] for r in ROLES}}
        unknown = set(out) - set(TASK_FIELDS)
        if unknown:
            raise ValueError(f"not a task field: {sorted(unknown)}")
        return out

    def edit_task(self, task_id: int, values: dict, *, expect: dict | None = None,
                  source: str = "ui") -> ChangeSet | None:
        """Correct a task's fields (`values`: field → new value, of TASK_FIELDS), in one change-set;
        None when nothing changed. `expect` holds the values the clerk saw: a field another copy
        has changed since is not overwritten — `EditConflict` names it, with both values."""
        with self.db.transaction(source=source, summary="edit.task", target_id=None) as tx:
            plan_id, section_id = self._task_row(tx, task_id)
            new = self._check_task_values(tx.conn, plan_id, section_id, values, task_id)
            conflicts = []
            todo = []
            for field in TASK_FIELDS:
                if field not in new:
                    continue
                now = _task_value(tx.conn, task_id, field)
                if expect is not None and field in expect and expect[field] != now:
                    conflicts.append((field, expect[field], now, new[field]))
                elif now != new[field]:
                    todo.append((field, now, new[field]))
            if conflicts:
                raise EditConflict(kind="task", name=task_label(tx.conn, task_id), conflicts=conflicts)
            for field, now, value in todo:
                tx.change("tasks", task_id, field, now, value)
            return tx.changeset()

    def add_task(self, section_id: int, values: dict, *, after: Any = "end",
                 source: str = "ui") -> tuple[ChangeSet, int]:
        """A task added by hand under a section, after task `after` (None: first; "end": last).
        Its key is the plan's next (`plans.next_seq`), never one a task has had."""
        with self.db.transaction(source=source, summary="add.task") as tx:
            c = tx.conn
            row = c.execute("SELECT plan_id FROM sections WHERE id = ?", (section_id,)).fetchone()
            if row is None:
                raise NotFoundError(what="section", ident=section_id)
            plan_id = row[0]
            new = self._check_task_values(c, plan_id, section_id, values, None)
            if not new.get("text"):
                raise TaizhangError("edit.empty_text")
            if after == "end":
                last = c.execute("SELECT id FROM tasks WHERE section_id = ? ORDER BY seq DESC LIMIT 1",
                                 (section_id,)).fetchone()
                after = last[0] if last else None
            elif after is not None:
                found = c.execute("SELECT section_id FROM tasks WHERE id = ?", (after,)).fetchone()
                if found is None or found[0] != section_id:
                    raise NotFoundError(what="task", ident=after)
            seq = c.execute("SELECT next_seq FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
            while c.execute("SELECT 1 FROM tasks WHERE key = ?", (f"P{plan_id}-{seq:04d}",)).fetchone():
                seq += 1
            c.execute("UPDATE plans SET next_seq = ? WHERE id = ?", (seq + 1, plan_id))
            task_id = tx.fresh_id("tasks")
            units = new.get("units") or {"text": None}
            task = {
                "id": task_id, "key": f"P{plan_id}-{seq:04d}", "plan_id": plan_id,
                "section_id": section_id, "seq": 0, "no": new.get("no"), "text": new["text"],
                "units": units.get("text"), "time_limit": new.get("time_limit"),
                "time_limit_kind": new.get("time_limit_kind"), "due": new.get("due"),
                "state": "todo", "flag": None, "extra": "{}", "updated_at": tx.at, "origin": None,
            }
            links, cache = [], {}
            for role in ROLES:
                position = 0
                for written in units.get(role) or ():
                    unit = self.units.register(c, written, cache)
                    if unit is not None:
                        links.append({"task_id": task_id, "role": role, "position": position,
                                      "unit_id": unit[0], "written": written})
                        position += 1
            snapshot = {"tasks": [task], "task_units": links, "notes": [],
                        "place": {"section": section_id, "after": after}}
            tx.change("tasks", task_id, "row", None, snapshot)
            return tx.changeset(), task_id

    def delete_task(self, task_id: int, *, source: str = "ui") -> ChangeSet:
        """Delete a task with its notes; undo puts it back as it was (id, key, notes, units)."""
        with self.db.transaction(source=source, summary="delete.task") as tx:
            self._task_row(tx, task_id)
            snapshot = {**self._task_snapshot(tx.conn, [task_id]),
                        "place": self._task_place(tx.conn, task_id)}
            tx.change("tasks", task_id, "row", snapshot, None)
            return tx.changeset()

    def move_task(self, task_id: int, section_id: int, after: Any = "end", *,
                  source: str = "ui") -> ChangeSet | None:
        """Put a task under a section of its plan, after task `after` (None: first; "end": last)."""
        with self.db.transaction(source=source, summary="move.task") as tx:
            c = tx.conn
            plan_id, _ = self._task_row(tx, task_id)
            target = c.execute("SELECT plan_id FROM sections WHERE id = ?", (section_id,)).fetchone()
            if target is None:
                raise NotFoundError(what="section", ident=section_id)
            if target[0] != plan_id:
                raise TaizhangError("edit.other_plan")
            if after == "end":
                last = c.execute("SELECT id FROM tasks WHERE section_id = ? AND id != ? "
                                 "ORDER BY seq DESC LIMIT 1", (section_id, task_id)).fetchone()
                after = last[0] if last else None
            return self._place_task(tx, task_id, {"section": section_id, "after": after})

    def move_task_by(self, task_id: int, delta: int, *, source: str = "ui") -> ChangeSet | None:
        """One place up (-1) or down (+1) among the tasks of its section."""
        with self.db.transaction(source=source, summary="move.task") as tx:
            _, section_id = self._task_row(tx, task_id)
            sibs = [r[0] for r in tx.execute("SELECT id FROM tasks WHERE section_id IS ? "
                                             "ORDER BY seq, id", (section_id,))]
            after = _after_moving(sibs, task_id, delta)
            return self._place_task(tx, task_id, {"section": section_id, "after": after})

    def _place_task(self, tx, task_id: int, place: dict) -> ChangeSet | None:
        now = self._task_place(tx.conn, task_id)
        if now == place:
            return None
        tx.change("tasks", task_id, "place", now, place)
        return tx.changeset()

    # ---- sections ------------------------------------------------------------------------

    def _section_row(self, tx, section_id: int) -> tuple:
        row = tx.execute("SELECT plan_id, parent_id FROM sections WHERE id = ?",
                         (section_id,)).fetchone()
        if row is None:
            raise NotFoundError(what="section", ident=section_id)
        return row

    def edit_section(self, section_id: int, values: dict, *, expect: dict | None = None,
                     source: str = "ui") -> ChangeSet | None:
        """A section's number label (一、) and title."""
        with self.db.transaction(source=source, summary="edit.section") as tx:
            self._section_row(tx, section_id)
            new = dict(values)
            if "title" in new:
                new["title"] = clean_text(new["title"], required=True, code="edit.empty_title")
            if "label" in new:
                new["label"] = clean_text(new["label"])
            return self._edit_columns(tx, "sections", section_id, SECTION_FIELDS, new, expect,
                                      self._section_label(tx.conn, section_id))

    def _edit_columns(self, tx, table: str, row_id: int, fields, new: dict, expect, label: str,
                      kind: str = "section"):
        unknown = set(new) - set(fields)
        if unknown:
            raise ValueError(f"not a field of {table}: {sorted(unknown)}")
        conflicts, todo = [], []
        for field in fields:
            if field not in new:
                continue
            now = tx.execute(f"SELECT {field} FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]
            if expect is not None and field in expect and expect[field] != now:
                conflicts.append((field, expect[field], now, new[field]))
            elif now != new[field]:
                todo.append((field, now, new[field]))
        if conflicts:
            raise EditConflict(kind=kind, name=label, conflicts=conflicts)
        for field, now, value in todo:
            tx.change(table, row_id, field, now, value)
        return tx.changeset()

    def add_section(self, plan_id: int, title: str, *, label: str | None = None,
                    parent_id: int | None = None, after: Any = "end",
                    source: str = "ui") -> tuple[ChangeSet, int]:
        """A section added by hand to a plan, under `parent_id` (None: the top), after section
        `after` (None: first; "end": last)."""
        title = clean_text(title, required=True, code="edit.empty_title")
        with self.db.transaction(source=source, summary="add.section") as tx:
            c = tx.conn
            if c.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone() is None:
                raise NotFoundError(what="plan", ident=plan_id)
            if parent_id is not None:
                found = c.execute("SELECT plan_id FROM sections WHERE id = ?", (parent_id,)).fetchone()
                if found is None:
                    raise NotFoundError(what="section", ident=parent_id)
                if found[0] != plan_id:
                    raise TaizhangError("edit.other_plan")
            if after == "end":
                last = c.execute("SELECT id FROM sections WHERE plan_id = ? AND parent_id IS ? "
                                 "ORDER BY position DESC, id DESC LIMIT 1", (plan_id, parent_id)).fetchone()
                after = last[0] if last else None
            section_id = tx.fresh_id("sections")
            row = {"id": section_id, "plan_id": plan_id, "parent_id": parent_id, "position": 0,
                   "label": clean_text(label), "title": title}
            snapshot = {"sections": [row], "tasks": [], "task_units": [], "notes": [],
                        "place": {"parent": parent_id, "after": after}}
            tx.change("sections", section_id, "row", None, snapshot)
            return tx.changeset(), section_id

    def delete_section(self, section_id: int, *, source: str = "ui") -> ChangeSet:
        """Delete a section with everything below it (sections, tasks, notes)."""
        with self.db.transaction(source=source, summary="delete.section") as tx:
            self._section_row(tx, section_id)
            snapshot = {**self._section_snapshot(tx.conn, section_id),
                        "place": self._section_place(tx.conn, section_id)}
            tx.change("sections", section_id, "row", snapshot, None)
            return tx.changeset()

    def move_section(self, section_id: int, parent_id: int | None, after: Any = "end", *,
                     source: str = "ui") -> ChangeSet | None:
        """Put a section under another of its plan (None: the top), after section `after`."""
        with self.db.transaction(source=source, summary="move.section") as tx:
            c = tx.conn
            plan_id, _ = self._section_row(tx, section_id)
            if parent_id is not None:
                found = c.execute("SELECT plan_id FROM sections WHERE id = ?", (parent_id,)).fetchone()
                if found is None:
                    raise NotFoundError(what="section", ident=parent_id)
                if found[0] != plan_id:
                    raise TaizhangError("edit.other_plan")
                if parent_id in _subtree(c, section_id):
                    raise TaizhangError("edit.into_own_child")
            if after == "end":
                last = c.execute("SELECT id FROM sections WHERE plan_id = ? AND parent_id IS ? "
                                 "AND id != ? ORDER BY position DESC, id DESC LIMIT 1",
                                 (plan_id, parent_id, section_id)).fetchone()
                after = last[0] if last else None
            return self._place_section(tx, section_id, {"parent": parent_id, "after": after})

    def move_section_by(self, section_id: int, delta: int, *, source: str = "ui") -> ChangeSet | None:
        with self.db.transaction(source=source, summary="move.section") as tx:
            plan_id, parent_id = self._section_row(tx, section_id)
            sibs = [r[0] for r in tx.execute(
                "SELECT id FROM sections WHERE plan_id = ? AND parent_id IS ? ORDER BY position, id",
                (plan_id, parent_id))]
            after = _after_moving(sibs, section_id, delta)
            return self._place_section(tx, section_id, {"parent": parent_id, "after": after})

    def _place_section(self, tx, section_id: int, place: dict) -> ChangeSet | None:
        now = self._section_place(tx.conn, section_id)
        if now == place:
            return None
        tx.change("sections", section_id, "place", now, place)
        return tx.changeset()

    # ---- plans ---------------------------------------------------------------------------

    def new_plan(self, title: str, *, issuer: str | None = None, year: int | None = None,
                 doc_no: str | None = None, issued: str | None = None,
                 source: str = "ui") -> tuple[ChangeSet, int]:
        """An empty plan kept without a document (督办事项 from a leader's instruction, a
        meeting's decisions): sections and tasks are added by hand."""
        import hashlib  # only here: hashlib and secrets cost a first screen 4 ms
        import secrets

        title = clean_text(title, required=True, code="edit.empty_title")
        issued = valid_due(issued) if issued else None
        year = read_year(year)
        with self.db.transaction(source=source, summary="add.plan") as tx:
            c = tx.conn
            plan_id = 1 + c.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'plans'), 0), "
                "coalesce((SELECT max(id) FROM plans), 0), "
                "coalesce((SELECT max(row_id) FROM changes WHERE tbl = 'plans'), 0))").fetchone()[0]
            sha = hashlib.sha256(f"taizhang-by-hand|{plan_id}|{tx.at}|{secrets.token_hex(8)}"
                                 .encode("utf-8")).hexdigest()
            row = {"id": plan_id, "sha256": sha, "title": title, "issuer": clean_text(issuer),
                   "doc_no": clean_text(doc_no), "issued": issued, "year": year, "source": None,
                   "imported_at": tx.at, "extra": "{}", "archived": 0, "archived_from": None,
                   "next_seq": 1}
            tx.change("plans", plan_id, "row", None, {"plans": [row]})
            return tx.changeset(), plan_id

    def edit_plan(self, plan_id: int, values: dict, *, expect: dict | None = None,
                  source: str = "ui") -> ChangeSet | None:
        """A plan's title, 文号, issuer, date (issued) and year."""
        new = dict(values)
        if "title" in new:
            new["title"] = clean_text(new["title"], required=True, code="edit.empty_title")
        for field in ("doc_no", "issuer"):
            if field in new:
                new[field] = clean_text(new[field])
        if "issued" in new:
            new["issued"] = valid_due(clean_text(new["issued"]))
        if "year" in new:
            new["year"] = read_year(new["year"])
        with self.db.transaction(source=source, summary="edit.plan") as tx:
            label = tx.execute("SELECT title FROM plans WHERE id = ?", (plan_id,)).fetchone()
            if label is None:
                raise NotFoundError(what="plan", ident=plan_id)
            return self._edit_columns(tx, "plans", plan_id, PLAN_FIELDS, new, expect,
                                      self._plan_label(tx.conn, plan_id), "plan")

    def archive_plan(self, plan_id: int, archived: bool = True, *, source: str = "ui") -> ChangeSet | None:
        """Hide a plan (last year's) from the tree, search, the overview, forms and exports, or
        show it again; nothing in it changes."""
        with self.db.transaction(source=source,
                                 summary="archive.plan" if archived else "unarchive.plan") as tx:
            row = tx.execute("SELECT archived FROM plans WHERE id = ?", (plan_id,)).fetchone()
            if row is None:
                raise NotFoundError(what="plan", ident=plan_id)
            if bool(row[0]) != archived:
                tx.change("plans", plan_id, "archived", row[0], int(archived))
            return tx.changeset()

    def delete_plan(self, plan_id: int, *, source: str = "ui") -> ChangeSet:
        """Delete a plan with everything in it (the caller backs the file up first); undo puts
        it all back."""
        with self.db.transaction(source=source, summary="delete.plan") as tx:
            c = tx.conn
            plan = _rows(c, "plans", "id", [plan_id])
            if not plan:
                raise NotFoundError(what="plan", ident=plan_id)
            sections = [r[0] for r in c.execute("SELECT id FROM sections WHERE plan_id = ? ORDER BY id",
                                                (plan_id,))]
            tasks = [r[0] for r in c.execute("SELECT id FROM tasks WHERE plan_id = ? ORDER BY seq",
                                             (plan_id,))]
            snapshot = {"plans": plan, "sections": _rows(c, "sections", "id", sections),
                        **self._task_snapshot(c, tasks),
                        "forms": _rows(c, "forms", "plan_id", [plan_id]),
                        "submissions": _rows(c, "submissions", "plan_id", [plan_id])}
            tx.change("plans", plan_id, "row", snapshot, None)
            return tx.changeset()

    # ---- what a deletion takes with it ---------------------------------------------------

    def counts(self, kind: str, ident: int) -> dict[str, int]:
        """What deleting a task, section or plan deletes with it, for the confirmation."""
        c = self.db.conn()
        if kind == "task":
            tasks = [ident]
            sections: list[int] = []
        elif kind == "section":
            sections = _subtree(c, ident)
            tasks = _tasks_under(c, sections)
        else:
            sections = [r[0] for r in c.execute("SELECT id FROM sections WHERE plan_id = ?", (ident,))]
            tasks = [r[0] for r in c.execute("SELECT id FROM tasks WHERE plan_id = ?", (ident,))]
        notes = c.execute("SELECT count(*) FROM notes WHERE deleted = 0 AND task_id IN "
                          "(SELECT value FROM json_each(?))", (id_list(tasks),)).fetchone()[0]
        out = {"sections": len(sections), "tasks": len(tasks), "notes": notes}
        if kind == "section":
            out["subsections"] = len(sections) - 1
        if kind == "plan":
            out["returns"] = c.execute("SELECT count(*) FROM submissions WHERE plan_id = ?",
                                       (ident,)).fetchone()[0]
        return out


def _retire(tx, task_ids: list[int]) -> None:
    """Tasks deleted whole, and their notes: ids never given again."""
    tx.retire_ids("tasks", task_ids)
    tx.retire_ids("notes", [r[0] for r in tx.execute(
        "SELECT id FROM notes WHERE task_id IN (SELECT value FROM json_each(?))", (id_list(task_ids),))])


def _insert_after(items: list, item, after) -> None:
    if after is None:
        items.insert(0, item)
    elif after in items:
        items.insert(items.index(after) + 1, item)
    else:  # the row it followed is gone: last
        items.append(item)


def read_year(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip().rstrip("年"))
    except ValueError:
        raise TaizhangError("edit.bad_year", year=str(value)) from None
    if not 1900 <= year <= 2200:
        raise TaizhangError("edit.bad_year", year=str(value))
    return year


# ---- in words ------------------------------------------------------------------------------


def describe(db: Database, cs: ChangeSet, lang: str) -> tuple[str, dict]:
    """What one of this part's change-sets did (for the notice after it, an undo or a redo)."""
    from store import i18n

    c = db.conn()
    kind, _, table = (cs.summary or "").partition(".")
    main = [ch for ch in cs.changes if ch.table == ("tasks" if table == "task" else
                                                     "sections" if table == "section" else "plans")
            and ch.field not in ("updated_at", "time_limit_kind")]
    if not main:
        return "change.other", {"count": len(cs.changes)}
    first = main[0]
    snap = first.before if isinstance(first.before, dict) else (
        first.after if isinstance(first.after, dict) else None)
    if table == "task":
        row = (snap or {}).get("tasks", [{}])[0] if first.field == "row" else {}
        name = task_label(c, first.row_id)
        if name.startswith("#") and row:
            name = row.get("no") or row.get("key") or name
        params = {"task": name}
    elif table == "section":
        row = (snap or {}).get("sections", [{}])[0] if first.field == "row" else {}
        name = db.rules.label(c, first)
        if name.startswith("#") and row:
            name = f"{row.get('label') or ''}{row.get('title') or ''}"
        params = {"name": name}
    else:
        row = (snap or {}).get("plans", [{}])[0] if first.field == "row" else {}
        name = db.rules.label(c, first)
        if name.startswith("#") and row:
            name = row.get("title") or row.get("source") or name
        params = {"title": name}
    if kind == "edit":
        sep = "、" if lang == "zh" else ", "
        params["fields"] = sep.join(dict.fromkeys(i18n.t(f"field.{ch.field}", lang) for ch in main))
    if kind == "delete" and snap:
        params.update(notes=sum(1 for n in snap.get("notes", ()) if not n.get("deleted")),
                      tasks=len(snap.get("tasks", ())))
    return f"change.{kind}_{table}", params
