"""`b` in the rounds screen writes the round's 情况通报; the 催报名单 is shown whole (issue 20):
a count and as many whole names as fit on the overview, `w` for every name, there and in `R`."""
from __future__ import annotations

import re

import pytest
from docx import Document

from store.unitnames import DEFAULT_CATCH_ALLS

from test_ui_helpers import (
    SIZE,
    flat,
    make_app,
    screen_text,
    settle,
    toasts,
)


def chase_names(ledger, r) -> list[str]:
    """Every unit with a form still to return, each once, in the order the screens list them
    (the app's config leaves out the default catch-alls)."""
    returns = ledger.round_returns(r, DEFAULT_CATCH_ALLS)
    return list(dict.fromkeys(x.unit for x in returns if x.status in ("missing", "overdue")))


async def test_b_in_the_rounds_screen_writes_the_bulletin_and_says_where(sample_ledger, tmp_path):
    ledger = sample_ledger
    r = ledger.new_round("十月", due="2021-10-31", plan_ids=[1, 4])
    app = make_app(ledger, tmp_path, unit="某某市人民政府办公室")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert "情况通报" in screen_text(app)  # in the footer
        await pilot.press("b")
        await settle(pilot)
        folder = tmp_path / "exports"
        docx, md = folder / "情况通报-十月.docx", folder / "情况通报-十月.md"
        assert docx.exists() and md.exists()
        notices = "\n".join(toasts(app))
        assert f"已写出情况通报：{docx}" in notices and str(md) in notices
        doc = Document(str(docx))
        assert doc.paragraphs[0].text == "关于十月重点任务落实情况的通报"
        assert doc.paragraphs[-1].text == "2021年10月15日"  # the app's clock
        assert doc.paragraphs[-2].text == "某某市人民政府办公室"  # the clerk's unit by default
        names = chase_names(ledger, r)
        body = "\n".join(p.text for p in doc.paragraphs)
        assert f"催报名单，{len(names)}个" in body and all(n in body for n in names)
        # again: the files are there, so it asks before writing over them
        before = md.read_bytes()
        md.write_text("edited", encoding="utf-8")
        await pilot.press("b")
        await settle(pilot)
        assert "文件已存在" in flat(screen_text(app))
        await pilot.press("n")
        await settle(pilot)
        assert md.read_text(encoding="utf-8") == "edited"
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert md.read_bytes() == before


async def test_b_without_a_round_says_so(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R", "b")
        await settle(pilot)
        assert any("还没有轮次" in m for m in toasts(app))
        assert not (tmp_path / "exports").exists()


@pytest.mark.parametrize("size", [SIZE, (80, 30)])
async def test_the_overview_names_whole_units_counts_them_all_and_w_shows_every_one(sample_ledger, tmp_path, size):
    ledger = sample_ledger
    r = ledger.new_round("十月", due="2021-10-01")  # all five plans, past due: 100+ units overdue
    names = chase_names(ledger, r)
    assert len(names) > 60
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        head = next(i for i, line in enumerate(lines) if "催报名单" in line)
        assert f"催报名单（{len(names)}个单位）：" in lines[head]
        assert f"⋯⋯等{len(names)}个单位（按 w 查看全部）" in lines[head + 1]  # ⋯: one cell wide everywhere
        shown = lines[head].split("：", 1)[1].strip() + "、" + lines[head + 1].split("⋯")[0].strip()
        pieces = [p for p in re.split("、", shown) if p]
        assert pieces == names[: len(pieces)]  # whole names, in order, none cut
        assert lines[head + 1].rstrip().endswith("（按 w 查看全部）")  # nothing cut at the edge
        assert len(pieces) > 5
        # w: every one of them, scrolled to the last
        await pilot.press("w")
        await settle(pilot)
        text = screen_text(app)
        assert f"催报名单：轮次“十月”（{len(names)}个单位）" in text
        assert names[0] in text and names[-1] not in text
        await pilot.press("G")
        await settle(pilot)
        assert names[-1] in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "按 w 查看全部" in screen_text(app)  # back on the overview


async def test_the_rounds_screen_counts_the_chase_list_and_w_shows_it(sample_ledger, tmp_path):
    ledger = sample_ledger
    r = ledger.new_round("十月", due="2021-10-01")
    names = chase_names(ledger, r)
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert f"催报名单（{len(names)}个单位）：" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        assert f"（{len(names)}个单位）" in text and names[-1] in text


async def test_help_on_the_main_screen_says_where_b_and_w_work(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "情况通报（R中）" in text and "催报名单（o、R中）" in text
