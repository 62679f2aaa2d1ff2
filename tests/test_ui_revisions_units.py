"""Issue 19 items 4 and 5 at the keyboard: a revised plan merged through the import preview (its
diff, a pairing corrected, another target chosen, undone with u); the unit names screen (U:
join, part, the catch-alls); the clerk's name and unit (`,`, and asked on the first run)."""
from __future__ import annotations

import tomllib

from textual.widgets import DataTable

from revision_variants import ADDED, REWORDED_4, revised_003
from test_ui_helpers import (
    SIZE,
    dialog_text,
    make_app,
    screen_text,
    settle,
    toasts,
    wait_until,
)
from tui.config import load_config

BIG = (120, 50)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def preview(app) -> str:
    """The whole import preview (it scrolls: the dialog shows part of a long diff), flattened."""
    static = app.screen.query_one("#import-preview-text")
    return "".join(str(static.content).split())


async def open_import(pilot, name: str) -> None:
    await pilot.press("i")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(pilot)


# ---- a revised plan ------------------------------------------------------------------------------


async def test_a_revision_is_previewed_corrected_merged_and_undone(sample_ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short path to type
    (tmp_path / "rev.txt").write_text(revised_003(), encoding="utf-8")
    ledger = sample_ledger
    four, eighteen = ledger.task_by_key("P4-0004"), ledger.task_by_key("P4-0018")
    ledger.set_state(four.id, "done")
    ledger.add_note(four.id, "已修订解读工作制度。")
    ledger.add_note(eighteen.id, "公报数据库已上线。")
    app = make_app(ledger, tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await open_import(pilot, "rev.txt")
        text = preview(app)
        assert "的修订版，将并入该方案" in dialog_text(app)
        assert "改写1项" in text and "新增1项，删去1项" in text
        assert "原：进一步健全政策解读工作机制" in text and "【删去】18．[P4-0018]" in text
        assert len(ledger.plans()) == 5 and ledger.task(four.id).text != REWORDED_4  # nothing written
        # ctrl+o: the added task (highlighted first) is the dropped 18, says the clerk
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "选择修订版中的一项任务" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "对应原方案的哪项任务" in shown and ADDED[:10] in shown
        await pilot.press("down", "enter")  # below "no task of the plan": the dropped task first
        await settle(pilot)
        text = preview(app)
        assert "新增0项，删去0项" in text and "（您指定的配对）" in text
        await pilot.press("enter")  # confirm: merged
        await settle(pilot)
        await wait_until(pilot, lambda: any("修订版已并入" in m for m in toasts(app)), "the merge notice")
        assert ledger.task(four.id).text == REWORDED_4 and ledger.task(four.id).state == "done"
        assert [n.text for n in ledger.notes(four.id)] == ["已修订解读工作制度。"]
        paired = ledger.task(eighteen.id)
        assert paired.text == ADDED and paired.key == "P4-0018" and paired.plan_id == 4
        assert [n.text for n in ledger.notes(paired.id)] == ["公报数据库已上线。"]
        assert len(ledger.plans()) == 5  # nothing dropped, no archive, no plan beside it
        # u: asks, then puts the plan back in one step
        await pilot.press("u")
        await settle(pilot)
        assert "撤销修订方案" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        await wait_until(pilot, lambda: ledger.task(four.id).text != REWORDED_4, "the undo")
        assert ledger.task(eighteen.id).text.startswith("建立健全政府公报体制机制")
        assert ledger.task(four.id).state == "done"


async def test_the_clerk_imports_a_revision_as_a_new_plan(sample_ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rev.txt").write_text(revised_003(), encoding="utf-8")
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await open_import(pilot, "rev.txt")
        assert "的修订版，将并入该方案" in dialog_text(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "这份文件修订的是哪个方案" in screen_text(app)
        await pilot.press("home", "enter")  # the first line: not a revision
        await settle(pilot)
        text = preview(app)
        assert "您选择作为新方案导入" in text and "将并入" not in text
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: len(sample_ledger.plans()) == 6, "the new plan")
        assert sample_ledger.plans()[-1].progress.total == 27


# ---- unit names -----------------------------------------------------------------------------------


def overview_units(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [table.get_row_at(i)[0].plain.strip() for i in range(table.row_count)]


async def test_units_screen_joins_and_parts_names(sample_ledger, tmp_path):
    ledger = sample_ledger
    kept = ledger.unit_id_named("市政府办公室")
    short = ledger.unit_id_named("市府办公室")
    app = make_app(ledger, tmp_path, unit="市政府办公室")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "3")  # the overview by lead unit: two rows for one office
        await settle(pilot)
        before = overview_units(app)
        assert "市府办公室" in before and "市政府办公室" in before
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        text = screen_text(app)
        assert "单位名称（按拼音排序）" in text and "本单位：市政府办公室" in text
        await pilot.press("slash", *"府办公室", "enter")  # find; the list shows the matches
        await settle(pilot)
        await pilot.press("space", "equals_sign")  # mark 市府办公室; = on 市政府办公室, the name kept
        await settle(pilot)
        await wait_until(pilot, lambda: "= 市政府办公室" in screen_text(app), "the join shown")
        assert {e.id: e.same_as for e in ledger.unit_listing()}[short] == kept
        assert any("合并单位名称：市府办公室 → 市政府办公室" in m for m in toasts(app))
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("o", "3")
        await settle(pilot)
        after = overview_units(app)
        assert "市政府办公室" in after and "市府办公室" not in after  # one row where there were two
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert {e.id: e.same_as for e in ledger.unit_listing()}[short] is None
        assert any("已撤销：合并单位名称" in m for m in toasts(app))
        # parted from the units screen too
        ledger.join_units([short], kept)
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("slash", *"府办公室", "enter")
        await settle(pilot)
        await pilot.press("minus")  # on 市府办公室: parted
        await settle(pilot)
        await wait_until(pilot, lambda: {e.id: e.same_as for e in ledger.unit_listing()}[short] is None,
                         "the names parted")


async def test_catch_alls_switch_in_the_units_screen_changes_my_unit(small_ledger, tmp_path):
    from test_ui_find import bar_text, shown_tasks

    app = make_app(small_ledger, tmp_path, unit="区党政办")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def mine_on() -> None:
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("tab", "tab", "space", "ctrl+s")
            await settle(pilot)

        await mine_on()
        assert shown_tasks(app) == {6} and "单位：本单位" in bar_text(app)
        await pilot.press("U")
        await settle(pilot)
        assert "泛指：不算本单位" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        await wait_until(pilot, lambda: "泛指：算本单位" in screen_text(app), "the switch shown")
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: shown_tasks(app) == {3, 6}, "my unit with the catch-alls")
        await pilot.press("u")  # undone on the main screen: 本单位 follows at once
        await settle(pilot)
        await wait_until(pilot, lambda: shown_tasks(app) == {6}, "the catch-alls not mine again")


# ---- my name and unit ---------------------------------------------------------------------------


async def test_settings_dialog_saves_the_unit_and_the_catch_alls(sample_ledger, tmp_path):
    from store.usecases.units import catch_alls_count

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert "我的姓名和单位" in dialog_text(app)
        await pilot.press("enter", "ctrl+u")  # name kept; the unit field emptied
        await type_text(pilot, "市教育局")
        await pilot.press("enter")
        await type_text(pilot, "教育局,市教局")
        await pilot.press("tab", "space", "ctrl+s")  # catch-alls count: on; save
        await settle(pilot)
        saved = tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))
        assert saved["clerk"]["unit"] == "市教育局" and saved["clerk"]["aliases"] == ["教育局", "市教局"]
        assert app.config.unit == "市教育局" and sample_ledger.actor_unit == "市教育局"
        await wait_until(pilot, lambda: catch_alls_count(sample_ledger), "the ledger's setting")
        assert any("已保存到配置文件" in m for m in toasts(app))


async def test_the_first_run_asks_name_and_unit(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path, name=None, unit=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "欢迎使用台账：请填写您的姓名和单位" in dialog_text(app)
        await type_text(pilot, "王五")
        await pilot.press("enter")
        await type_text(pilot, "市政府办公室")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sample_ledger.actor == "王五" and sample_ledger.actor_unit == "市政府办公室"
        await pilot.press("l", "j", "l", "j", "space")  # a tick names the clerk in the history
        await settle(pilot)
        task = sample_ledger.task_by_key("P1-0001")
        assert task.state == "done" and sample_ledger.history(task.id)[0].actor == "王五"
    cfg = load_config(tmp_path / "config.toml")
    assert (cfg.name, cfg.unit) == ("王五", "市政府办公室")
    again = make_app(sample_ledger, tmp_path, name=cfg.name, unit=cfg.unit)
    async with again.run_test(size=SIZE) as pilot:  # asked no more
        await settle(pilot)
        assert "欢迎使用台账" not in screen_text(again)
