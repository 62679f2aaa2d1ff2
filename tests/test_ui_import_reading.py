"""The import preview says how it read a plan whose shape is in doubt, and ctrl+t reads it the
next way before anything is written (issue 21)."""
from __future__ import annotations

from test_ui_helpers import (
    SIZE,
    dialog_text,
    make_app,
    open_ledger,
    settle,
)

# A units line after task 2 only: "units for the tasks above it" gives 2 and 3 财务科; "units
# right after their task" gives 2 the 办公室 of the row above (a merged cell lost).
PLAN = "一、档案管理\n1.完成文书档案归档。\n办公室\n2.开展档案数字化。\n3.整理会计档案。\n财务科\n"


async def test_the_preview_names_the_reading_and_ctrl_t_switches_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.txt").write_text(PLAN, encoding="utf-8")
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await pilot.press(*"p.txt", "enter")
            await settle(pilot)
            first = dialog_text(app)
            assert "读法：逐行的文字：按“一、”分栏目，按数字编号识别任务，单位另起一行，管其上各项任务" in first
            assert "另有1种读法（每格一行），按^t换一种读法" in first
            assert ledger.plans() == []
            await pilot.press("ctrl+t")
            await settle(pilot)
            second = dialog_text(app)
            assert "读法：每格一行的表格：" in second and "未写单位的沿用上一项" in second
            assert ledger.plans() == []  # still only a preview
            await pilot.press("enter")
            await settle(pilot)
            (plan,) = ledger.plans()
            assert [t.units for t in ledger.tasks(plan_id=plan.id)] == ["办公室", "办公室", "财务科"]
    finally:
        ledger.close()


async def test_a_plain_table_has_one_reading_and_no_switch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("序号\t工作任务\t责任单位\n1\t修订值班制度。\t办公室\n", encoding="utf-8")
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await pilot.press(*"t.txt", "enter")
            await settle(pilot)
            text = dialog_text(app)
            assert "读法：制表符分列的表格：" in text and "换一种读法" not in text
            await pilot.press("ctrl+t")  # nothing else to read it as: the preview stays
            await settle(pilot)
            assert dialog_text(app) == text
    finally:
        ledger.close()
