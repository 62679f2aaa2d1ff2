"""Import (`i`) and export (`e`) in workers, and changes made by another process shown without
losing the selection."""
from __future__ import annotations

import json
import shutil

from store.exporting import FORMATS

from test_ui_helpers import (
    ROOT,
    SIZE,
    cursor_item,
    dialog_text,
    find_row,
    make_app,
    open_first_task,
    open_ledger,
    screen_text,
    settle,
    toasts,
)

SAMPLE_TXT = ROOT / "samples" / "001_daa3ec869686ac31.txt"


async def type_path(pilot, path) -> None:
    await pilot.press(*str(path))


async def test_import_from_an_empty_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative paths: typing is slow in a test
    plan = tmp_path / "plan.txt"
    shutil.copyfile(SAMPLE_TXT, plan)
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "台账里还没有方案" in screen_text(app)
            await pilot.press("i")
            await settle(pilot)
            assert "导入方案" in dialog_text(app)
            await type_path(pilot, "plan.txt")
            await pilot.press("enter")
            await settle(pilot)
            assert "将导入《" in dialog_text(app) and ledger.plans() == []  # a preview first
            await pilot.press("enter")
            await settle(pilot)
            plans = ledger.plans()
            assert len(plans) == 1 and plans[0].progress.total == 51
            assert "高新区贯彻落实国家和省市2021年政务公开工作" in screen_text(app)
            assert any("已导入《" in m and "51 项任务" in m for m in toasts(app))
            # The same file again: skipped, said so.
            await pilot.press("i")
            await settle(pilot)
            await type_path(pilot, "pl")
            await pilot.press("right")  # completes the file name
            assert app.screen.query_one("#import-path").value == "plan.txt"
            await pilot.press("enter")
            await settle(pilot)
            assert "已导入过" in dialog_text(app)  # the preview says so
            await pilot.press("enter")
            await settle(pilot)
            assert len(ledger.plans()) == 1
            assert any("已导入过" in m for m in toasts(app))
    finally:
        ledger.close()


async def test_import_errors_are_shown_in_the_clerks_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await type_path(pilot, "nothere.txt")
            await pilot.press("enter")
            await settle(pilot)
            assert "找不到文件" in dialog_text(app)
            await pilot.press(*["backspace"] * len("nothere.txt"))
            await type_path(pilot, "photo.txt")
            await pilot.press("enter")
            await settle(pilot)
            assert "这不是文字版的方案" in dialog_text(app)
            assert ledger.plans() == []
            await pilot.press("escape")
            await settle(pilot)
            assert "台账里还没有方案" in screen_text(app)
    finally:
        ledger.close()


async def test_a_generated_docx_is_previewed_before_it_is_written(tmp_path, monkeypatch):
    """`i` on a Word plan: counts, 文号, the first tasks and the doubtful rows are shown, nothing
    is written until the clerk confirms; another path drops the preview; esc writes nothing."""
    import render_plans as R
    from store.importing import read_plan

    monkeypatch.chdir(tmp_path)
    draft = read_plan(SAMPLE_TXT)[0]
    R.write_docx_numbered(draft, tmp_path / "a.docx")
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = screen_text(app)
            for suffix in (".docx", ".xlsx", ".html", "PDF", ".doc", ".wps", ".xls", ".ods", ".txt", ".json"):
                assert suffix in text, suffix  # the empty start names every format
            await pilot.press("i")
            await settle(pilot)
            assert ".docx" in dialog_text(app) and ".xlsx" in dialog_text(app) and "PDF" in dialog_text(app)
            await type_path(pilot, "a.docx")
            await pilot.press("enter")
            await settle(pilot)
            text = dialog_text(app)
            assert "将导入《高新区贯彻落实国家和省市2021年政务公开工作要点分工方案》" in text
            assert "12个栏目，51项任务" in text and "珠高办〔2021〕50号" in text
            assert "前5项任务" in text and "1.主动公开国民经济" in text
            assert "没有跳过或存疑的行" in text and "尚未写入" in text
            assert ledger.plans() == []
            # Another path: the preview of the old one goes.
            await pilot.press("backspace")
            await settle(pilot)
            assert "将导入" not in dialog_text(app)
            await pilot.press("x", "enter")
            await settle(pilot)
            assert "将导入《" in dialog_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert ledger.plans() == []
            await pilot.press("i")
            await settle(pilot)
            await type_path(pilot, "a.docx")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            [plan] = ledger.plans()
            assert plan.progress.total == 51 and plan.source == "a.docx"
            assert any("已导入《" in m for m in toasts(app))
    finally:
        ledger.close()


async def test_the_preview_lists_states_and_doubtful_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "p.txt"
    plan.write_text(
        "序号\t工作任务\t责任单位\t完成情况\n"
        "1\t建立重点任务台账。\t市政府办公室\t已完成\n"
        "2\t公开权责清单。\t市财政局\t滞后\n"
        "5\t编制年度报告。\t各区县人民政府\t\n",
        encoding="utf-8",
    )
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path, language="en")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await type_path(pilot, "p.txt")
            await pilot.press("enter")
            await settle(pilot)
            text = dialog_text(app)
            assert "Wouldimportp.txt:1sections,3tasks" in text
            assert "done1" in text and "inprogress(behind)1" in text
            assert "warning(s)" in text and "line4:tasknumbersskipfrom2to5" in text
            assert ledger.plans() == []
    finally:
        ledger.close()


async def test_export_the_current_plan_and_the_filtered_tasks(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        text = dialog_text(app)
        assert "导出落实情况" in text and "当前方案" in text
        for name, fmt in FORMATS.items():  # every format of the registry is offered
            assert f".{fmt.suffix}" in text
        await pilot.press(*["down"] * list(FORMATS).index("json"), "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        target = tmp_path / "exports" / "广东省贯彻落实国务院办公厅2021年政务公开工作要点分工方案-2021-10-15.json"
        assert target.exists(), list((tmp_path / "exports").iterdir())
        data = json.loads(target.read_text(encoding="utf-8"))
        assert [p["id"] for p in data["plans"]] == [1]
        assert any("已导出到" in m for m in toasts(app))
        # a search, then "the filtered tasks" is offered and chosen by default
        await pilot.press("slash", "年", "报", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "当前筛选结果（" in dialog_text(app)
        await pilot.press(*["down"] * list(FORMATS).index("json"), "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        target = tmp_path / "exports" / "台账-筛选-2021-10-15.json"
        data = json.loads(target.read_text(encoding="utf-8"))
        keys = {t["key"] for p in data["plans"] for t in _tasks(p)}
        wanted = {t.key for t in sample_ledger.tasks(ids=sample_ledger.search("年报"))}
        assert keys == wanted
        # again: the file exists, so it asks before overwriting
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*["down"] * list(FORMATS).index("json"), "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "文件已存在" in dialog_text(app)


def _tasks(section):
    for s in section.get("sections", []):
        yield from s.get("tasks", [])
        yield from _tasks(s)


async def test_another_process_change_shows_without_losing_the_selection(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        await pilot.press("j")  # task 2
        selected = cursor_item(app).key
        other = open_ledger(sample_ledger.path, actor="other")
        try:
            other.set_state([1, 2], "done")
            other.add_note(2, "另一台电脑写的备注", author="李四")
        finally:
            other.close()
        app.screen._poll()  # what the timer does
        await settle(pilot)
        assert find_row(app, "[x] 1 ") and find_row(app, "[x] 2 ")
        assert "2/50" in find_row(app, "▾ 广东省")
        assert cursor_item(app).key == selected
        assert "另一台电脑写的备注" in screen_text(app)
        # the timer is there
        assert any(t.name == "data_version" for t in app.screen._timers)


async def test_ticks_never_fold_the_wal_in_and_the_poll_does_it_in_a_worker(sample_ledger, tmp_path,
                                                                           monkeypatch):
    import tui.screens.main

    monkeypatch.setattr(tui.screens.main, "POLL_SECONDS", 3600)  # the test runs the poll itself
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        conn = sample_ledger.db.conn()
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        before = sample_ledger.commits_since_checkpoint
        await pilot.press("space", "j", "space")
        await settle(pilot)
        assert sample_ledger.commits_since_checkpoint == before + 2
        assert find_row(app, "[x] 1 ") and find_row(app, "[x] 2 ")
        app.screen._poll()  # what the timer does
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert sample_ledger.commits_since_checkpoint == 0
        # folded: the database file alone, without its WAL, holds both ticks
        copy = tmp_path / "folded.db"
        shutil.copyfile(sample_ledger.path, copy)
        other = open_ledger(copy, actor="other")
        try:
            assert [t.state for t in other.tasks(ids=[1, 2])] == ["done", "done"]
        finally:
            other.close()


async def test_full_collections_wait_for_the_clerk_to_pause(sample_ledger, tmp_path):
    import gc

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] >= 1 << 30  # Python never starts a full pass by itself
        assert any(t.name == "collector" for t in app._timers)
        gc.collect(1)  # a middle-generation pass: a full pass is now due
        await pilot.press("j")
        full = gc.get_stats()[2]["collections"]
        assert app.collector.collect_when_idle() is False  # a key was just pressed
        assert gc.get_stats()[2]["collections"] == full
        app.collector.last_input -= 2  # … and then the clerk pauses (what two seconds would do)
        assert app.collector.collect_when_idle() is True
        assert gc.get_stats()[2]["collections"] == full + 1
        assert app.collector.collect_when_idle() is False  # nothing due any more
    assert gc.get_threshold()[2] < 1 << 30  # as it was, for whatever runs next in this process
