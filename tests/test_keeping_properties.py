"""Issue 19, item 7: random sequences of edits, additions, moves, deletions, ticks, notes, undos
and redos leave the ledger equal to a rebuild of what it holds — the search index row for row
against a fresh reindex (text, section titles, notes, units, pinyin initials), the per-plan
counts the triggers keep against a GROUP BY, section progress and overdue counts against a
count of the tasks, document order against the tree — with task keys unique and never given to
another task; and undoing every step gives back the ledger exactly as it was (更新时间 too).
"""
from __future__ import annotations

import os
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TickingClock, make_draft
from store.errors import TaizhangError, UndoRefused
from store.ledger import Ledger
from store.parts.search_index import SearchIndex

CI = bool(os.environ.get("CI"))
TEXTS = ("加强政务公开平台建设", "做好疫情防控信息公开", "年报按时发布", "[bold]标记[/] 原样", "新增：会议议定事项\n第二行")
UNITS = ("市教育局牵头，市财政局配合", "市发展改革委负责", "各县（区）人民政府", "区党政办（文秘科、宣传科）", "")
DUES = ("2021-06-30", "2021-12-31", None, "2021-10-15", "2022-03-01")

op = st.one_of(
    st.tuples(st.just("text"), st.integers(0, 40), st.sampled_from(TEXTS)),
    st.tuples(st.just("due"), st.integers(0, 40), st.sampled_from(DUES)),
    st.tuples(st.just("units"), st.integers(0, 40), st.sampled_from(UNITS)),
    st.tuples(st.just("no"), st.integers(0, 40), st.integers(1, 12)),
    st.tuples(st.just("add"), st.integers(0, 40), st.sampled_from(TEXTS)),
    st.tuples(st.just("delete"), st.integers(0, 40), st.none()),
    st.tuples(st.just("move_by"), st.integers(0, 40), st.sampled_from((-1, 1))),
    st.tuples(st.just("move_to"), st.integers(0, 40), st.integers(0, 40)),
    st.tuples(st.just("add_section"), st.integers(0, 40), st.sampled_from(("新栏目", "督办事项"))),
    st.tuples(st.just("delete_section"), st.integers(0, 40), st.none()),
    st.tuples(st.just("move_section"), st.integers(0, 40), st.integers(-1, 40)),
    st.tuples(st.just("section_title"), st.integers(0, 40), st.sampled_from(("改后的栏目", "疫情防控"))),
    st.tuples(st.just("tick"), st.integers(0, 40), st.none()),
    st.tuples(st.just("note"), st.integers(0, 40), st.sampled_from(("已部署", "召开会议"))),
    st.tuples(st.just("new_plan"), st.none(), st.sampled_from(("督办事项", "会议议定事项"))),
    st.tuples(st.just("plan_title"), st.integers(0, 40), st.sampled_from(("改名的方案", "2022年要点"))),
    st.tuples(st.just("archive"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("delete_plan"), st.integers(0, 40), st.none()),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("redo"), st.none(), st.none()),
)


def _units(text: str) -> dict:
    from store.usecases.editing import read_units, units_value

    return units_value(read_units(text))


def apply(led: Ledger, step) -> None:
    kind, a, b = step
    tasks = led.tasks()
    sections = [s for p in led.plans(archived=True) for s in led.all_sections(p.id)]
    task = tasks[a % len(tasks)] if tasks and a is not None else None
    section = sections[a % len(sections)] if sections and a is not None else None
    try:
        if kind == "undo":
            target = led.peek_undo()
            if target is not None and target.summary != "import":  # the plan itself stays
                led.undo()
        elif kind == "redo":
            led.redo()
        elif kind == "add_section":
            plans = led.plans(archived=True)
            plan = plans[a % len(plans)]
            mine = [s for s in sections if s.plan_id == plan.id]
            led.add_section(plan.id, b, parent_id=mine[a % len(mine)].id if mine and a % 2 else None)
        elif kind == "new_plan":
            led.new_plan(b, year=2021)
        elif kind in ("plan_title", "archive", "delete_plan"):
            plans = led.plans(archived=True)
            plan = plans[a % len(plans)]
            if kind == "plan_title":
                led.edit_plan(plan.id, {"title": b})
            elif kind == "archive":
                led.archive_plan(plan.id, b)
            elif plan.id != 1:  # the imported plan stays: the rest has something to work on
                led.delete_plan(plan.id)
        elif kind == "add" and section is not None:
            led.add_task(section.id, {"text": b, "units": _units(UNITS[a % len(UNITS)])})
        elif kind in ("delete_section", "move_section", "section_title") and section is not None:
            if kind == "delete_section":
                led.delete_section(section.id)
            elif kind == "section_title":
                led.edit_section(section.id, {"title": b})
            elif b == -1:
                led.move_section(section.id, None)
            else:
                led.move_section(section.id, sections[b % len(sections)].id)
        elif task is None:
            return
        elif kind == "text":
            led.edit_task(task.id, {"text": b})
        elif kind == "due":
            led.edit_task(task.id, {"due": b})
        elif kind == "units":
            led.edit_task(task.id, {"units": _units(b)})
        elif kind == "no":
            led.edit_task(task.id, {"no": str(b)})
        elif kind == "delete":
            led.delete_task(task.id)
        elif kind == "move_by":
            led.move_task_by(task.id, b)
        elif kind == "move_to":
            same = [s for s in sections if s.plan_id == task.plan_id]
            led.move_task(task.id, same[b % len(same)].id)
        elif kind == "tick":
            led.toggle_done(task.id)
        elif kind == "note":
            led.add_note(task.id, b)
    except UndoRefused as exc:  # nothing to undo or redo; never "changed since" for one clerk
        assert exc.code in ("undo.nothing", "redo.nothing"), exc.message("en")
    except TaizhangError as exc:  # refused input: a clear message and nothing written
        assert exc.code in ("edit.no_exists", "edit.at_top", "edit.at_bottom", "edit.into_own_child"), exc.code


def rows(conn, sql: str) -> list:
    return sorted(tuple(r) for r in conn.execute(sql))


def snapshot(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {
            "tasks": rows(conn, "SELECT * FROM tasks"),
            "sections": rows(conn, "SELECT * FROM sections"),
            "task_units": rows(conn, "SELECT * FROM task_units"),
            "notes": rows(conn, "SELECT * FROM notes WHERE deleted = 0"),
            "plans": rows(conn, "SELECT id, title, archived, doc_no, issuer, issued, year FROM plans"),
            "search": rows(conn, "SELECT rowid, body, units, initials FROM task_search"),
            "counts": rows(conn, "SELECT plan_id, state, n FROM plan_task_counts WHERE n != 0"),
        }
    finally:
        conn.close()


def check_rebuilt(led: Ledger, keys_seen: dict) -> None:
    """The ledger equals what a rebuild of its rows gives."""
    path = led.path
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # search rows: as kept, and as a fresh reindex makes them
        kept = rows(conn, "SELECT rowid, body, units, initials FROM task_search")
        conn.execute("BEGIN")
        conn.execute("DELETE FROM task_search")
        for (task_id,) in conn.execute("SELECT id FROM tasks").fetchall():
            SearchIndex.reindex_task(SearchIndex(None), conn, task_id)
        fresh = rows(conn, "SELECT rowid, body, units, initials FROM task_search")
        conn.execute("ROLLBACK")
        assert kept == fresh
        # the per-plan counts the triggers keep
        assert rows(conn, "SELECT plan_id, state, n FROM plan_task_counts WHERE n != 0") == \
            rows(conn, "SELECT plan_id, state, count(*) FROM tasks GROUP BY plan_id, state")
        # keys: one task each, for ever; the plan's next number above every key it gave
        for task_id, key, plan_id in conn.execute("SELECT id, key, plan_id FROM tasks"):
            assert keys_seen.setdefault(key, task_id) == task_id, f"{key} given to another task"
        for plan_id, next_seq in conn.execute("SELECT id, next_seq FROM plans"):
            for (key,) in conn.execute("SELECT key FROM tasks WHERE key LIKE ?", (f"P{plan_id}-%",)):
                assert int(key.split("-")[1]) < next_seq
        # document order: sections numbered 1.. under each parent, tasks 1.. in tree order
        for (plan_id,) in conn.execute("SELECT id FROM plans").fetchall():
            secs = conn.execute("SELECT id, parent_id, position FROM sections WHERE plan_id = ?",
                                (plan_id,)).fetchall()
            kids: dict = {}
            for sid, parent, position in sorted(secs, key=lambda s: s[2]):
                kids.setdefault(parent, []).append(sid)
            for parent, ids in kids.items():
                positions = [p for sid, par, p in secs if par == parent]
                assert sorted(positions) == list(range(1, len(ids) + 1))
            order: list = []

            def walk(parent):
                for sid in kids.get(parent, []):
                    order.extend(r[0] for r in conn.execute(
                        "SELECT id FROM tasks WHERE section_id = ? ORDER BY seq", (sid,)))
                    walk(sid)

            walk(None)
            by_seq = [r[0] for r in conn.execute("SELECT id FROM tasks WHERE plan_id = ? ORDER BY seq",
                                                 (plan_id,))]
            assert by_seq == order
            assert [r[0] for r in conn.execute("SELECT seq FROM tasks WHERE plan_id = ? ORDER BY seq",
                                               (plan_id,))] == list(range(1, len(order) + 1))
        today = led.today()
        for plan in led.plans(archived=True):
            # section progress and overdue counts against the tasks themselves
            progress = led.section_progress(plan.id)
            for s in led.all_sections(plan.id):
                below = [s.id]
                i = 0
                while i < len(below):
                    below += [x.id for x in led.all_sections(plan.id) if x.parent_id == below[i]]
                    i += 1
                tasks = [t for t in led.tasks(plan_id=plan.id) if t.section_id in below]
                p = progress[s.id]
                assert (p.total, p.done, p.na) == (len(tasks), sum(t.state == "done" for t in tasks),
                                                   sum(t.state == "na" for t in tasks))
                assert p.overdue == sum(bool(t.due and t.due < today and t.state in ("todo", "doing"))
                                        for t in tasks)
            tasks = led.tasks(plan_id=plan.id)
            assert led.plan(plan.id).progress.overdue == sum(
                bool(t.due and t.due < today and t.state in ("todo", "doing")) for t in tasks)
    finally:
        conn.close()


EXAMPLES = int(os.environ.get("KEEPING_EXAMPLES", 25 if CI else 60))
"""KEEPING_EXAMPLES=500 for a long run."""


@settings(max_examples=EXAMPLES, deadline=None, derandomize=CI,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=st.lists(op, min_size=1, max_size=30))
def test_random_edits_leave_the_ledger_equal_to_a_rebuild(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("prop") / "ledger.db"
    with Ledger(path, clock=TickingClock(), actor="tester") as led:
        led.import_plan(make_draft())
        start = snapshot(path)
        keys_seen: dict = {}
        check_rebuilt(led, keys_seen)
        for step in steps:
            apply(led, step)
            check_rebuilt(led, keys_seen)
        # undo every step (not the import): the ledger as it was
        while (target := led.peek_undo()) is not None and target.summary != "import":
            led.undo()
        check_rebuilt(led, keys_seen)
        end = snapshot(path)
    for table in start:
        assert end[table] == start[table], table
