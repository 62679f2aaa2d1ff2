"""Ticking off: space, c, x on tasks; a whole section after confirmation; undo and redo with
what they did; progress up the tree at once; read-only refusals."""
from __future__ import annotations

import os
import stat

from test_ui_helpers import (
    SIZE,
    copy_sample,
    cursor_item,
    find_row,
    dialog_text,
    make_app,
    open_first_task,
    open_ledger,
    screen_text,
    settle,
    toasts,
)


async def test_space_ticks_and_unticks_with_progress_up_the_tree(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        await pilot.press("space")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "done"
        assert find_row(app, "[x] 1 ")
        assert "1/2" in find_row(app, "▾ 做好各类规划主动公开")
        assert "1/50" in find_row(app, "▾ 广东省")
        assert "已完成" in screen_text(app)  # the detail pane
        await pilot.press("space")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "todo"
        assert find_row(app, "[ ] 1 ")
        assert "0/50" in find_row(app, "▾ 广东省")


async def test_c_cycles_and_x_marks_not_applicable(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        states = []
        for _ in range(3):
            await pilot.press("c")
            await settle(pilot)
            states.append(sample_ledger.task(task_id).state)
        assert states == ["doing", "done", "todo"]
        await pilot.press("c")
        await settle(pilot)
        assert find_row(app, "[~] 1 ")
        await pilot.press("x")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "na"
        assert find_row(app, "[-] 1 ")
        # n/a leaves the total: 0 done of 49
        assert "0/49" in find_row(app, "▾ 广东省")
        await pilot.press("x")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "todo"


async def test_ticking_a_section_asks_then_marks_all_in_one_change(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "j")  # the second section of plan 1 (3 tasks)
        await settle(pilot)
        item = cursor_item(app)
        assert item.kind == "section"
        ids = [t.id for t in sample_ledger.tasks(section_id=item.id, recursive=True)]
        await pilot.press("space")
        await settle(pilot)
        assert "下的3项任务标为“已完成”" in dialog_text(app)  # the confirmation
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert all(t.state == "todo" for t in sample_ledger.tasks(ids=ids))
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert all(t.state == "done" for t in sample_ledger.tasks(ids=ids))
        assert "3/3" in find_row(app, "▸ 做好市场规则")
        assert "3/50" in find_row(app, "▾ 广东省")
        # One change-set: one undo takes them all back, and says so.
        await pilot.press("u")
        await settle(pilot)
        assert all(t.state == "todo" for t in sample_ledger.tasks(ids=ids))
        assert any("已撤销：3 个任务 已完成 → 未开始" in m for m in toasts(app))
        assert "0/3" in find_row(app, "▸ 做好市场规则")


async def test_undo_and_redo_say_what_they_did(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        await pilot.press("space", "c")  # done, then todo
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "todo"
        await pilot.press("u")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "done"
        assert "已撤销：任务 1 未开始 → 已完成" in toasts(app)[-1]
        await pilot.press("u")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "todo"
        assert "已撤销：任务 1 已完成 → 未开始" in toasts(app)[-1]
        assert find_row(app, "[ ] 1 ")
        await pilot.press("u")
        await settle(pilot)
        assert "没有可撤销的操作" in toasts(app)[-1]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "done"
        assert "已重做：任务 1 未开始 → 已完成" in toasts(app)[-1]
        assert find_row(app, "[x] 1 ")


async def test_undo_of_an_import_asks_first(tmp_path):
    from conftest import make_draft

    ledger = open_ledger(tmp_path / "one.db")
    ledger.import_plan(make_draft())
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert "删除该方案" in dialog_text(app)
            await pilot.press("n")
            await settle(pilot)
            assert len(ledger.plans()) == 1
            await pilot.press("u")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert ledger.plans() == []
            assert "台账里还没有方案" in screen_text(app)
            assert any("已撤销：导入方案" in m for m in toasts(app))
    finally:
        ledger.close()


async def test_read_only_database_shows_a_banner_and_refuses_politely(tmp_path):
    db = copy_sample(tmp_path)
    os.chmod(db, stat.S_IREAD)
    os.chmod(tmp_path, stat.S_IREAD | stat.S_IEXEC)
    try:
        if os.access(db, os.W_OK):  # root ignores permissions: ask for read-only instead
            ledger = open_ledger(db, read_only=True)
        else:
            ledger = open_ledger(db)
        assert ledger.read_only
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)
            assert "只读" in screen_text(app)
            for key in ("space", "c", "x", "u", "n", "i"):
                await pilot.press(key)
                await settle(pilot)
                assert "只读" in toasts(app)[-1]
            assert all(t.state == "todo" for t in ledger.tasks(plan_id=1))
        ledger.close()
    finally:
        os.chmod(tmp_path, stat.S_IRWXU)
        os.chmod(db, stat.S_IREAD | stat.S_IWRITE)
