"""`R` rounds, `F` forms, `m` merge, and the round on the overview: by keys, on the database."""
from __future__ import annotations

from store.forms import layout

from tests.helpers.forms import fill
from test_ui_helpers import (
    SIZE,
    flat,
    make_app,
    screen_text,
    settle,
    toasts,
)


async def test_open_a_round_write_forms_merge_one_and_see_who_is_missing(small_ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative paths: typing is slow in a test
    ledger = small_ledger
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # R, n: a new round
        await pilot.press("R")
        await settle(pilot)
        assert "还没有轮次" in flat(screen_text(app))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"四季度")
        await pilot.press("tab", *"2099-12-31", "enter")
        await settle(pilot)
        [r] = ledger.rounds()
        assert r.name == "四季度" and r.due == "2099-12-31" and r.plan_ids == ()
        text = flat(screen_text(app))
        assert "催报名单" in text and "市财政局" in text
        await pilot.press("escape")
        await settle(pilot)
        # F: the forms of the round, into a folder
        await pilot.press("F")
        await settle(pilot)
        folder = app.screen.query_one("#forms-folder")
        folder.value = ""
        await pilot.press(*"out", "enter")
        await settle(pilot)
        written = sorted((tmp_path / "out").glob("*.xlsx"))
        assert len(written) == len(ledger.form_units(ledger.plans()[0].id))
        assert any("已写出反馈表" in m for m in toasts(app))
        # a unit fills its form; m merges it after a preview
        health = next(p for p in written if p.name.startswith("市卫生健康局"))
        key = next(t.key for t in ledger.tasks() if t.no == "1")
        fill(health, {key: {layout.HEADERS["state"]: "已完成", layout.HEADERS["progress"]: "专栏已上线"}},
             out=tmp_path / "back.xlsx")
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"back.xlsx", "enter")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "任务1：未开始→已完成" in text and "专栏已上线" in text
        assert ledger.task_by_key(key).state == "todo"  # nothing written before y
        await pilot.press("y")
        await settle(pilot)
        assert ledger.task_by_key(key).state == "done"
        assert [n.unit for n in ledger.notes(ledger.task_by_key(key).id)] == ["市卫生健康局"]
        assert any("已合并 1 份反馈表" in m for m in toasts(app))
        # the overview shows the round and who is still to report
        await pilot.press("o")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "当前轮次：四季度" in text and "已报1/" in text
        assert "催报名单" in text and "市财政局" in text
        await pilot.press("escape")
        await settle(pilot)
        # u undoes the whole merge, after asking
        await pilot.press("u")
        await settle(pilot)
        assert "撤销这次合并" in flat(screen_text(app))
        await pilot.press("y")
        await settle(pilot)
        assert ledger.task_by_key(key).state == "todo"
        assert ledger.notes(ledger.task_by_key(key).id) == []


async def test_a_conflict_is_the_clerks_choice_in_the_preview(small_ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ledger = small_ledger
    from store.forms.sending import write_forms

    r = ledger.new_round("十月", due="2099-10-31")
    forms = {w.unit: w.path for w in write_forms(ledger, tmp_path / "f", round_=r)}
    key = next(t.key for t in ledger.tasks() if t.no == "1")
    ledger.set_state(ledger.task_by_key(key).id, "na")  # the clerk, after the forms went out
    fill(forms["市卫生健康局"], {key: {layout.HEADERS["state"]: "已完成"}}, out=tmp_path / "c.xlsx")
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"c.xlsx", "enter")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "冲突：台账在发表后已改为不涉及" in text and "【待选择" in text
        options = app.screen.query_one("#merge-preview")
        line = next(i for i in range(options.option_count)
                    if (options.get_option_at_index(i).id or "").startswith("r"))
        options.highlighted = line
        await pilot.press("t")
        await settle(pilot)
        assert "【采用单位所报】" in flat(screen_text(app))
        await pilot.press("y")
        await settle(pilot)
        assert ledger.task_by_key(key).state == "done"
