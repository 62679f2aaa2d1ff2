"""The merge screen of a round a lead office can trust (issue 20): files summed up and opened on
`enter`, co-leads who disagree picked with `t`, suggestions and doubtful rows taken in bulk with
`a`; by keys, on the database."""
from __future__ import annotations

from store.forms import layout
from store.forms.sending import write_forms
from tests.helpers.forms import fill
from tests.test_rounds_trust import DRC, EDU, FIN, trust_draft
from test_ui_helpers import (
    SIZE,
    flat,
    make_app,
    open_ledger,
    screen_text,
    settle,
)

STATE = layout.HEADERS["state"]


def _round(tmp_path):
    ledger = open_ledger(tmp_path / "trust.db")
    ledger.import_plan(trust_draft())
    r = ledger.new_round("第四季度", due="2099-12-31", catch_alls=["各地级以上市人民政府"])
    forms = {w.unit: w.path for w in write_forms(ledger, tmp_path / "sent", round_=r)}
    k = {t.no: t.key for t in ledger.tasks()}
    back = tmp_path / "back"
    back.mkdir()
    fill(forms[DRC], {k["2"]: {STATE: "已完成"}, k["3"]: {STATE: "已完成"}}, out=back / "drc.xlsx")
    fill(forms[FIN], {k["2"]: {STATE: "推进中"}, k["3"]: {STATE: "已完成"}}, out=back / "fin.xlsx")
    fill(forms[EDU], {k["2"]: {STATE: "滞后"}}, out=back / "edu.xlsx", unit=DRC)  # 填报单位 changed
    return ledger, k


def _highlight(app, prefix: str) -> None:
    options = app.screen.query_one("#merge-preview")
    options.highlighted = next(i for i in range(options.option_count)
                               if (options.get_option_at_index(i).id or "").startswith(prefix))


def _choose(app, choice_id: str) -> None:
    options = app.screen.query_one("#menu-list")
    options.highlighted = next(i for i in range(options.option_count)
                               if options.get_option_at_index(i).id == choice_id)


async def test_pick_a_side_take_suggestions_and_confirm_doubt_in_the_preview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ledger, k = _round(tmp_path)
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"back", "enter")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "牵头单位所报不一" in text and "台账暂保留“未开始”，待您选择" in text
        assert "填报单位由“省教育厅”改成了另一个单位“省发展改革委”" in text
        # t on the dispute: a list of the leads' words; take FIN's
        _highlight(app, "d")
        await pilot.press("t")
        await settle(pilot)
        fin = next(uid for u, _, _, uid in app.screen_stack[-2].preview.disagreements[0]["reports"] if u == FIN)
        _choose(app, str(fin))
        await pilot.press("enter")
        await settle(pilot)
        assert "您选定省财政厅所报" in flat(screen_text(app))
        # a on a file: take every suggested state (task 3 reached through the catch-all)
        _highlight(app, "f")
        await pilot.press("a")
        await settle(pilot)
        _choose(app, "all_suggested")
        await pilot.press("enter")
        await settle(pilot)
        # EDU's doubtful rows (its form says another unit): confirmed in bulk, file by file
        preview = app.screen.preview
        edu = next(i for i, f in enumerate(preview.files) if f.unit == EDU)
        _highlight(app, f"f{edu}")
        await pilot.press("a")
        await settle(pilot)
        _choose(app, "file_doubtful")
        await pilot.press("enter")
        await settle(pilot)
        assert not any(r.held for r in preview.files[edu].rows)
        await pilot.press("y")
        await settle(pilot)
    assert ledger.task_by_key(k["2"]).state == "doing" and ledger.task_by_key(k["2"]).flag is None
    assert ledger.task_by_key(k["3"]).state == "done"
    assert {n.unit for n in ledger.notes(ledger.task_by_key(k["2"]).id)} == {DRC, FIN, EDU}


async def test_a_long_preview_is_summed_up_and_enter_opens_a_file(tmp_path, monkeypatch):
    import tui.screens.merge_screen as screen

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(screen, "SHORT", 0)  # as with a province's thousand forms
    ledger, k = _round(tmp_path)
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"back", "enter")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "▸drc.xlsx" in text and "待采用的状态建议1项" in text
        assert "单位报“已完成”（不由该单位定状态" not in text  # the rows are not shown yet
        _highlight(app, "f")
        await pilot.press("enter")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "▾drc.xlsx" in text and "单位报“已完成”（不由该单位定状态" in text
        await pilot.press("escape")
        await settle(pilot)
    assert ledger.task_by_key(k["3"]).state == "todo"  # nothing written without y


async def test_a_new_round_says_whose_catch_all_tasks_go_on_the_forms(tmp_path):
    from store.round_models import EVERY

    ledger = open_ledger(tmp_path / "trust.db")
    ledger.import_plan(trust_draft())
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"四季度")
        app.screen.query_one("#round-catch-alls").focus()
        await pilot.press(*"全部", "enter")
        await settle(pilot)
    [r] = ledger.rounds()
    assert r.name == "四季度" and r.catch_alls == (EVERY,)
    forms = {w.unit: w for w in write_forms(ledger, tmp_path / "f", round_=r)}
    assert forms[EDU].tasks == 4  # its tasks 2, 5 and 6, and task 3 through the catch-all


async def test_a_form_with_no_date_takes_the_day_the_clerk_received_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ledger = open_ledger(tmp_path / "trust.db")
    ledger.import_plan(trust_draft())
    r = ledger.new_round("第四季度", due="2021-10-10")
    forms = {w.unit: w.path for w in write_forms(ledger, tmp_path / "sent", round_=r)}
    fill(forms[FIN], {}, out=tmp_path / "fin.xlsx")  # no 填报日期
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"fin.xlsx", "enter")
        await settle(pilot)
        assert "文件时间2021-10-15（表上未填日期）" in flat(screen_text(app))
        app.screen.query_one("#merge-received").focus()
        await pilot.press(*"2021-10-09", "enter")
        await settle(pilot)
        assert "收到日期2021-10-09（表上未填日期）" in flat(screen_text(app))
        await pilot.press("y")
        await settle(pilot)
    assert {x.unit: x.status for x in ledger.round_returns(r)}[FIN] == "returned"  # not late
