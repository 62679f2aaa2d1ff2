"""The overview (`o`): per plan, per section, per lead unit, sortable by keys; Enter shows the
row's tasks in the tree."""
from __future__ import annotations

from textual.widgets import DataTable

from test_ui_helpers import (
    SIZE,
    make_app,
    screen_text,
    settle,
    tree,
)


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c.plain if hasattr(c, "plain") else c) for c in table.get_row_at(i)]
            for i in range(table.row_count)]


async def test_overview_per_plan_section_and_lead_unit(small_ledger, tmp_path):
    small_ledger.set_state([1, 5], "done")
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(app)
        assert "总览" in text and "完成率" in text and "逾期" in text
        rows = table_rows(app)
        # name, total, done, doing, todo, na, overdue, percent
        assert rows[0][:7] == ["某市2021年政务公开工作要点分工方案", "6", "2", "1", "3", "0", "1"]
        assert rows[0][7].strip().endswith("33%")
        await pilot.press("2")
        await settle(pilot)
        names = [r[0].strip() for r in table_rows(app)]
        assert names[0] == "#1 一、做好常态化疫情防控信息公开" and names[1] == "（一）加强年报管理"
        await pilot.press("3")
        await settle(pilot)
        units = {r[0]: r for r in table_rows(app)}
        assert set(units) == {"市卫生健康局", "市发展改革委", "市政务服务数据管理局"}
        assert units["市卫生健康局"][1:3] == ["1", "1"]


async def test_overview_sorts_by_keys(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("s")  # by total, biggest first
        totals = [int(r[1]) for r in table_rows(app)]
        assert totals == sorted(totals, reverse=True) == [51, 50, 48, 47, 27]
        assert "排序：总数 ↓" in screen_text(app)
        await pilot.press("r")
        assert [int(r[1]) for r in table_rows(app)] == [27, 47, 48, 50, 51]


async def test_enter_shows_the_rows_tasks_in_the_tree(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "3")
        await settle(pilot)
        names = [r[0] for r in table_rows(app)]
        index = names.index("市发展改革委")
        await pilot.press(*["j"] * index, "enter")
        await settle(pilot)
        shown = {n.data.id for n in tree(app).loaded_nodes() if n.data.kind == "task"}
        assert shown == {2}  # the tasks 市发展改革委 leads (it only supports task 1)
        text = screen_text(app)
        assert "牵头单位：市发展改革委" in text and "共 1 项" in text
        await pilot.press("o", "2", "enter")  # the first section, with its subsection
        await settle(pilot)
        shown = {n.data.id for n in tree(app).loaded_nodes() if n.data.kind == "task"}
        assert shown == {1, 2, 3, 4}


def test_store_figures_the_overview_uses(sample_ledger):
    """Ledger.section_progress, unit_progress and unit_task_ids (added for the UI) agree with
    the per-section and per-task reads."""
    from store.models import Progress

    for plan in sample_ledger.plans():
        progress = sample_ledger.section_progress(plan.id)
        stack = [None]
        while stack:
            parent = stack.pop()
            for s in sample_ledger.sections(plan.id, parent):
                assert progress[s.id] == s.progress
                stack.append(s.id)
    tasks = {t.id: t for t in sample_ledger.tasks()}
    for unit, prog in sample_ledger.unit_progress("lead"):
        ids = sample_ledger.unit_task_ids(unit.id, role="lead")
        assert len(ids) == len(set(ids)) == prog.total == unit.tasks
        assert all(unit.name in tasks[i].lead or any(r.unit_id == unit.id and r.role == "lead"
                                                      for r in tasks[i].unit_refs) for i in ids)
        done = sum(tasks[i].state == "done" for i in ids)
        assert prog == Progress(prog.total, done, prog.doing, prog.todo, prog.na, prog.overdue)
    assert sum(p.total for _u, p in sample_ledger.unit_progress(None)) >= len(tasks)
