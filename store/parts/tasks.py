"""Tasks: reading them, and their states (todo, doing, done, n/a, with the 滞后 flag).

A state change is one change-set however many tasks it touches. Each change can be made on the
state the clerk saw (`expect`): when another copy of the app changed the task since, it is
refused (`StateChanged`) rather than applied over a state nobody saw — a second window's tick
must never reverse the first's.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from store.db import Database, FieldRule
from store.db.database import id_list
from store.errors import NotFoundError, StateChanged
from store.models import STATES, ChangeSet, Task, UnitRef

KEEP_FLAG: Any = type("KeepFlag", (), {"__repr__": lambda self: "KEEP_FLAG"})()
"""Pass as `flag=` to `set_state` to keep a task's flag (by default a state change clears it)."""

TASK_COLS = (
    "id, key, plan_id, section_id, seq, no, text, units, time_limit, time_limit_kind, due, "
    "state, flag, updated_at, extra"
)
_CYCLE = {"todo": "doing", "doing": "done", "done": "todo", "na": "todo"}


def task_label(c, task_id: int) -> str:
    """The task as people name it: its number, else its key."""
    row = c.execute("SELECT no, key FROM tasks WHERE id = ?", (task_id,)).fetchone()
    if row is None:
        return f"#{task_id}"
    return row[0] or row[1]


def touch(tx, task_id: int) -> None:
    """A task's field is being written: keep its 更新时间 right (issue 19).

    An ordinary change sets it to the change's time and keeps the time it had in `task_times`
    (once per task and change-set); an undo puts back the time the undone change-set found, a
    redo the time it set. The history's change lists stay as they were: 更新时间 is bookkeeping,
    not a change the clerk made."""
    if task_id in tx.touched:
        return
    tx.touched.add(task_id)
    c = tx.conn
    if tx.kind == "change":
        row = c.execute("SELECT updated_at FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return
        c.execute("INSERT OR IGNORE INTO task_times (changeset_id, task_id, before, after) "
                  "VALUES (?, ?, ?, ?)", (tx.changeset_id, task_id, row[0], tx.at))
        c.execute("UPDATE tasks SET updated_at = ? WHERE id = ?", (tx.at, task_id))
        return
    target = tx.target_id
    if target is None:
        return
    if tx.kind == "undo":
        found = c.execute("SELECT before FROM task_times WHERE changeset_id = ? AND task_id = ?",
                          (target, task_id)).fetchone()
    else:  # a redo: the time the change-set its undo undid set
        found = c.execute(
            "SELECT tt.after FROM changesets u JOIN task_times tt ON tt.changeset_id = u.target_id "
            "WHERE u.id = ? AND tt.task_id = ?", (target, task_id)).fetchone()
    if found is not None:
        c.execute("UPDATE tasks SET updated_at = ? WHERE id = ?", (found[0], task_id))


class Tasks:
    def __init__(self, db: Database):
        self.db = db
        for field in ("state", "flag"):
            db.rules.add("tasks", field, FieldRule(
                is_current=self._field_is(field), apply=self._write_field(field)))
        db.rules.label_with("tasks", task_label)

    @staticmethod
    def _field_is(field: str):
        def is_current(c, ch) -> bool:
            row = c.execute(f"SELECT {field} FROM tasks WHERE id = ?", (ch.row_id,)).fetchone()
            return row is not None and row[0] == ch.after
        return is_current

    @staticmethod
    def _write_field(field: str):
        def apply(tx, task_id: int, value) -> None:
            touch(tx, task_id)
            tx.execute(f"UPDATE tasks SET {field} = ? WHERE id = ?", (value, task_id))
        return apply

    # ---- reading -------------------------------------------------------------------------

    def rows(self, where: str, params: tuple) -> list[Task]:
        c = self.db.conn()
        rows = c.execute(
            f"SELECT {TASK_COLS} FROM tasks WHERE {where} ORDER BY plan_id, seq", params
        ).fetchall()
        if not rows:
            return []
        refs: dict[int, list[UnitRef]] = {}
        for task_id, written, role, unit_id in c.execute(
            "SELECT task_id, written, role, unit_id FROM task_units "
            "WHERE task_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY task_id, CASE role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 ELSE 2 END, "
            "position",
            (id_list(r[0] for r in rows),),
        ):
            refs.setdefault(task_id, []).append(UnitRef(written, role, unit_id))
        return [
            Task(*r[:-1], extra=json.loads(r[-1] or "{}"), unit_refs=tuple(refs.get(r[0], ())))
            for r in rows
        ]

    def list(self, section_id: int | None = None, plan_id: int | None = None,
             ids: Iterable[int] | None = None, *, recursive: bool = False) -> list[Task]:
        """Tasks in plan and seq order: of a section (directly in it, or `recursive`ly below it),
        of a plan, with the given ids, or all of them."""
        where, params = [], []
        if section_id is not None:
            if recursive:
                where.append(
                    "section_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                    "SELECT s.id FROM sections s JOIN sub ON s.parent_id = sub.id) "
                    "SELECT id FROM sub)"
                )
            else:
                where.append("section_id = ?")
            params.append(section_id)
        if plan_id is not None:
            where.append("plan_id = ?")
            params.append(plan_id)
        if ids is not None:
            where.append("id IN (SELECT value FROM json_each(?))")
            params.append(id_list(ids))
        return self.rows(" AND ".join(where) or "1", tuple(params))

    def get(self, task_id: int) -> Task:
        found = self.rows("id = ?", (task_id,))
        if not found:
            raise NotFoundError(what="task", ident=task_id)
        return found[0]

    def by_key(self, key: str) -> Task:
        found = self.rows("key = ?", (key.strip().upper(),))
        if not found:
            raise NotFoundError(what="task", ident=key)
        return found[0]

    def key_exists(self, key: str) -> bool:
        return self.db.conn().execute("SELECT 1 FROM tasks WHERE key = ?",
                                      (key,)).fetchone() is not None

    def hand_changed_at(self, task_ids: Iterable[int]) -> dict[int, str]:
        """Per task: when someone last changed its state by hand (not by a merge, nor by an
        undo or redo, which put back what was); tasks never changed so are left out. One query
        for a whole merge (issue 20)."""
        return dict(self.db.conn().execute(
            "SELECT ch.row_id, max(cs.at) FROM changes ch JOIN changesets cs ON cs.id = ch.changeset_id "
            "WHERE ch.tbl = 'tasks' AND ch.field IN ('state', 'flag') AND cs.source != 'merge' "
            "AND cs.kind = 'change' "
            "AND ch.row_id IN (SELECT value FROM json_each(?)) GROUP BY ch.row_id", (id_list(task_ids),)))

    # ---- states --------------------------------------------------------------------------

    def change_states(self, task_ids, new_state: Callable[[str], str], *, source: str,
                      flag: Any, expect: tuple[str, str | None] | None = None) -> ChangeSet | None:
        """Move tasks to `new_state(old)`, in one change-set; None when nothing changed.

        `expect` is the (state, flag) the clerk saw, for a single task: if the task holds
        another, nothing is written and `StateChanged` says what it holds now."""
        ids = [task_ids] if isinstance(task_ids, int) else list(dict.fromkeys(task_ids))
        with self.db.transaction(source=source, summary="state") as tx:
            rows = tx.execute(
                "SELECT id, state, flag FROM tasks WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY plan_id, seq",
                (id_list(ids),),
            ).fetchall()
            if len(rows) != len(ids):
                missing = set(ids) - {r[0] for r in rows}
                raise NotFoundError(what="task", ident=min(missing))
            if expect is not None and len(rows) == 1 and (rows[0][1], rows[0][2]) != tuple(expect):
                raise StateChanged(task=task_label(tx.conn, rows[0][0]),
                                   state=rows[0][1], flag=rows[0][2])
            for task_id, state, old_flag in rows:
                state_to = new_state(state)
                if state_to not in STATES:
                    raise ValueError(f"state must be one of {STATES}, not {state_to!r}")
                flag_to = old_flag if flag is KEEP_FLAG else flag
                if state_to != state:
                    tx.change("tasks", task_id, "state", state, state_to)
                if flag_to != old_flag:
                    tx.change("tasks", task_id, "flag", old_flag, flag_to)
            return tx.changeset()

    def set_state(self, task_ids, state: str, *, source: str = "ui", flag: Any = None,
                  expect: tuple[str, str | None] | None = None) -> ChangeSet | None:
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        return self.change_states(task_ids, lambda _: state, source=source, flag=flag,
                                  expect=expect)

    def cycle_state(self, task_id: int, *, source: str = "ui",
                    expect: tuple[str, str | None] | None = None) -> ChangeSet | None:
        return self.change_states(task_id, _CYCLE.__getitem__, source=source, flag=None,
                                  expect=expect)

    def toggle_done(self, task_id: int, *, source: str = "ui",
                    expect: tuple[str, str | None] | None = None) -> ChangeSet | None:
        return self.change_states(task_id, lambda s: "todo" if s == "done" else "done",
                                  source=source, flag=None, expect=expect)
