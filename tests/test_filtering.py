"""The one task filter shared by the UI, the exports and the command line."""
from __future__ import annotations

import pytest
from conftest import make_draft

from store.filtering import TaskFilter, my_units


def _nos(ledger, f):
    return [ledger.task(i).no for i in ledger.filter_task_ids(f)]


def test_empty_filter_gives_every_task_in_order(ledger):
    ledger.import_plan(make_draft())
    assert _nos(ledger, TaskFilter()) == ["1", "2", "3", "4", "5", "6"]


def test_states_and_open(ledger):
    ledger.import_plan(make_draft())
    ids = ledger.filter_task_ids(TaskFilter())
    ledger.set_state(ids[0], "done")
    ledger.set_state(ids[2], "na")
    assert _nos(ledger, TaskFilter(states=("done",))) == ["1"]
    assert _nos(ledger, TaskFilter(states=("open",))) == ["2", "4", "5", "6"]
    assert _nos(ledger, TaskFilter(states=("na", "doing"))) == ["2", "3"]


def test_overdue_and_due_soon_use_the_clock(ledger):
    ledger.import_plan(make_draft())
    # today is 2021-10-15: task 1 (06-30) and 4 (09-30) are overdue, 6 (10-15) is due today.
    assert _nos(ledger, TaskFilter(overdue=True)) == ["1", "4"]
    assert _nos(ledger, TaskFilter(due_within=14)) == ["6"]
    ledger.set_state(ledger.filter_task_ids(TaskFilter(overdue=True))[0], "done")
    assert _nos(ledger, TaskFilter(overdue=True)) == ["4"]


def test_unit_by_name_alias_and_bracketed_form(ledger):
    ledger.import_plan(make_draft())
    assert _nos(ledger, TaskFilter(units=("市发展改革委",))) == ["1", "2"]
    assert _nos(ledger, TaskFilter(units=("市发改委",))) == ["1", "2"]
    assert _nos(ledger, TaskFilter(units=("区党政办",))) == ["6"]
    assert _nos(ledger, TaskFilter(units=("没有这个单位",))) == []


def test_my_unit_includes_the_catch_alls(ledger):
    ledger.import_plan(make_draft())
    mine = my_units("市财政局", aliases=(), catch_alls=("各县（区）人民政府",))
    assert _nos(ledger, TaskFilter(units=mine)) == ["3", "5"]


def test_filters_combine_with_search_and_plans(ledger):
    first = ledger.import_plan(make_draft()).plan_id
    second = ledger.import_plan(make_draft(title="另一方案", sha256="b" * 64, doc_no="另〔2021〕1号")).plan_id
    assert _nos(ledger, TaskFilter(query="十四五")) == ["2", "2"]
    assert _nos(ledger, TaskFilter(query="十四五", plan_ids=(second,))) == ["2"]
    assert _nos(ledger, TaskFilter(query="十四五", states=("doing",), plan_ids=(first,))) == ["2"]
    assert ledger.filter_task_ids(TaskFilter(query="十四五", states=("done",))) == []
    ids = ledger.filter_task_ids(TaskFilter(plan_ids=(first,), units=("区党政办",)))
    sections = ledger.sections_for(ids)
    task = ledger.task(ids[0])
    assert task.section_id in sections
    assert all(s.id in sections for s in ledger.section_path(task.section_id))


@pytest.mark.parametrize("many", [5000, 0], ids=["few matches", "many matches"])
def test_scope_is_what_the_ordered_filter_finds_with_sections_and_plans(tmp_path, monkeypatch, many):
    """filter_scope (the tree's one-statement form) agrees with filter_task_ids and
    sections_for on the samples, for search, states, units, due dates and their mixes —
    whichever way it finds the sections (by task, or section by section above MANY)."""
    import shutil
    from pathlib import Path

    from store.ledger import Ledger
    from store.parts import scopes

    monkeypatch.setattr(scopes, "MANY", many)

    db = tmp_path / "sample.db"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "sample.db", db)
    with Ledger(db, actor="t") as ledger:
        some = ledger.filter_task_ids(TaskFilter())[::3]
        ledger.set_state(some[:40], "done")
        ledger.set_state(some[40:60], "doing")
        filters = [
            TaskFilter(query="疫情"), TaskFilter(query="公开"), TaskFilter(query="gk"),
            TaskFilter(query="年报 公开"), TaskFilter(states=("open",)), TaskFilter(states=("done",)),
            TaskFilter(units=("区党政办",)), TaskFilter(overdue=True), TaskFilter(due_within=90),
            TaskFilter(query="公开", states=("done", "doing"), plan_ids=(2, 3)),
            TaskFilter(query="政务", units=("各单位", "市直各单位")), TaskFilter(),
            TaskFilter(query="财政局"), TaskFilter(query="财政局", states=("open",)),
        ]
        # a query naming a unit finds the unit's tasks whose text never says it
        by_unit = [ledger.task(i) for i in ledger.filter_task_ids(TaskFilter(query="财政局"))]
        assert any("财政局" not in t.text for t in by_unit)
        for f in filters:
            ids = ledger.filter_task_ids(f)
            scope = ledger.filter_scope(f)
            assert scope.task_ids == set(ids), f
            sections = ledger.sections_for(ids)
            assert scope.section_ids == sections, f
            assert scope.plan_ids == {ledger.section(s).plan_id for s in sections}, f
        picked = set(some[:50])
        within = ledger.filter_scope(TaskFilter(query="公开"), within=picked)
        assert within.task_ids == set(ledger.filter_task_ids(TaskFilter(query="公开"))) & picked
        for nothing in (TaskFilter(units=("没有这个单位",)), TaskFilter(query='"'),
                        TaskFilter(query="没有这样的话"), TaskFilter(states=("done",), query="zzzq")):
            assert not ledger.filter_scope(nothing).task_ids, nothing


def test_a_search_in_a_read_only_ledger_leaves_no_copy_of_its_matches(tmp_path):
    """filter_scope gathers the matches in a temporary table of its connection: it works on a
    read-only file, and the table is empty once the scope is made."""
    from store.ledger import Ledger

    db = tmp_path / "t.db"
    with Ledger(db) as led:
        led.import_plan(make_draft())
    db.chmod(0o444)
    try:
        with Ledger(db, read_only=True) as led:
            scope = led.filter_scope(TaskFilter(query="疫情"))
            assert scope.task_ids and len(scope.section_ids) >= 1 and len(scope.plan_ids) == 1
            assert led.db.conn().execute("SELECT count(*) FROM temp.scope_match").fetchone()[0] == 0
            again = led.filter_scope(TaskFilter(query="疫情", states=("done",)))
            assert not again.task_ids  # the second search does not see the first one's rows
    finally:
        db.chmod(0o644)
