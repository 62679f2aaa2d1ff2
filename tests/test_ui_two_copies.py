"""Two copies of the app on one file (two clerks, or one clerk with two windows), and a copy
whose write has to wait for another program: nothing one copy does is reversed or hidden by the
other, and the waiting copy says so and stays responsive."""
from __future__ import annotations

import sqlite3

import pytest

import tui.screens.main
from test_ui_helpers import (
    SIZE,
    copy_sample,
    cursor_item,
    find_row,
    has_row,
    make_app,
    open_first_task,
    open_ledger,
    settle,
    toasts,
    wait_until,
)

@pytest.fixture
def no_poll(monkeypatch):
    """The poll timer held back, so a test decides when a copy looks for the other's changes."""
    monkeypatch.setattr(tui.screens.main, "POLL_SECONDS", 3600)


async def test_a_tick_on_a_stale_view_is_refused_and_the_view_refreshed(tmp_path, no_poll):
    """Copy A ticks task 1; copy B, not yet refreshed, ticks it "again": B must not turn it
    back to 未开始; it says what happened and shows the task as it is."""
    db = copy_sample(tmp_path)
    led_a, led_b = open_ledger(db, actor="甲"), open_ledger(db, actor="乙")
    app_a, app_b = make_app(led_a, tmp_path / "a"), make_app(led_b, tmp_path / "b")
    try:
        async with app_a.run_test(size=SIZE) as pa, app_b.run_test(size=SIZE) as pb:
            await open_first_task(pa)
            await open_first_task(pb)
            task_id = cursor_item(app_b).id
            assert find_row(app_b, "[ ] 1 ")
            await pa.press("space")
            await settle(pa)
            assert led_a.task(task_id).state == "done"
            assert find_row(app_b, "[ ] 1 ")  # B has not looked yet: it shows the old state
            await pb.press("space")
            await settle(pb)
            assert led_b.task(task_id).state == "done"  # not reversed
            assert any("另一个窗口" in m for m in toasts(app_b))
            assert find_row(app_b, "[x] 1 ")  # and B now shows what is stored
            assert "1/50" in find_row(app_b, "▾ 广东省")
    finally:
        led_a.close()
        led_b.close()


async def test_own_commits_never_hide_anothers_that_came_before(tmp_path, no_poll):
    """Another copy commits, then this copy ticks before its poll: the poll after still sees the
    other copy's change (the copy's own commits do not mark others' as seen)."""
    db = copy_sample(tmp_path)
    mine = open_ledger(db, actor="甲")
    app = make_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)
            other = open_ledger(db, actor="乙")
            try:
                other.set_state(2, "done")  # task 2, on the same section
            finally:
                other.close()
            await pilot.press("space")  # task 1, this copy
            await settle(pilot)
            assert find_row(app, "[x] 1 ")
            app.screen._poll()  # what the timer does
            await settle(pilot)
            assert find_row(app, "[x] 2 ")
            assert "2/50" in find_row(app, "▾ 广东省")
    finally:
        mine.close()


async def test_each_copy_shows_the_others_change_by_itself(tmp_path):
    """With the poll running as it does for a clerk, a tick in one window appears in the other
    without a key pressed there."""
    db = copy_sample(tmp_path)
    led_a, led_b = open_ledger(db, actor="甲"), open_ledger(db, actor="乙")
    app_a, app_b = make_app(led_a, tmp_path / "a"), make_app(led_b, tmp_path / "b")
    try:
        async with app_a.run_test(size=SIZE) as pa, app_b.run_test(size=SIZE) as pb:
            await open_first_task(pa)
            await open_first_task(pb)
            await pa.press("j", "space")
            await settle(pa)
            assert find_row(app_a, "[x] 2 ")
            await wait_until(pb, lambda: has_row(app_b, "[x] 2 "), "copy B shows A's tick")
            await pb.press("space")  # B ticks task 1 (its cursor never moved)
            await settle(pb)
            await wait_until(pa, lambda: has_row(app_a, "[x] 1 "), "copy A shows B's tick")
            assert {t.no: t.state for t in led_a.tasks(ids=[1, 2])} == {"1": "done", "2": "done"}
    finally:
        led_a.close()
        led_b.close()


async def test_a_tick_waiting_for_another_programs_lock_says_so_and_the_ui_stays_responsive(tmp_path, no_poll):
    db = copy_sample(tmp_path)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path / "a")
    blocker = sqlite3.connect(str(db), isolation_level=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)
            task_id = cursor_item(app).id
            blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
            await pilot.press("space")
            await wait_until(pilot, lambda: any("另一个程序正在写入" in m for m in toasts(app)),
                             "the wait is announced")
            assert ledger.task(task_id).state == "todo"  # not written yet
            await pilot.press("j")  # the UI answers keys meanwhile
            assert cursor_item(app).id != task_id
            blocker.execute("COMMIT")  # the other program is done: the tick goes through
            await settle(pilot)
            assert ledger.task(task_id).state == "done"
            assert find_row(app, "[x] 1 ")
    finally:
        blocker.close()
        ledger.close()


async def test_a_plan_imported_by_the_command_line_appears_though_the_clerk_ticked_meanwhile(tmp_path):
    """`taizhang import` in a terminal, then a tick in the app within the second: the tree
    shows the new plan by itself (the tick's own commit does not hide the import's)."""
    from conftest import make_draft

    db = copy_sample(tmp_path)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path / "a")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)
            cli = open_ledger(db, actor="命令行")
            try:
                cli.import_plan(make_draft(title="某市督办事项台账"), source="cli")
            finally:
                cli.close()
            await pilot.press("space")
            await settle(pilot)
            assert find_row(app, "[x] 1 ")
            await wait_until(pilot, lambda: has_row(app, "▸ 某市督办事项台账"), "the imported plan shows")
    finally:
        ledger.close()
