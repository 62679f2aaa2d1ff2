"""Issue 19 at the keyboard: E edits, A and S add, D deletes (saying how much), K/J and M move,
H shows the history, P makes, renames, archives and deletes plans, z shows archived ones — each
driven through keys, asserting on the database and on the screen."""
from __future__ import annotations

from test_ui_helpers import (
    SIZE,
    cursor_item,
    dialog_text,
    flat,
    has_row,
    find_row,
    make_app,
    open_first_task,
    open_ledger,
    region_text,
    screen_text,
    settle,
    toasts,
    tree,
    wait_until,
)
from textual.widgets import Input


async def type_text(pilot, text: str) -> None:
    """Keys as a terminal sends them, with the character each types (Pilot's own press drops
    full-width punctuation such as ，and ：, whose key names have no Unicode name to look up)."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for ch in text:
        if ch == "\n":
            await pilot.press("enter")
            continue
        event = events.Key("space" if ch == " " else _character_to_key(ch), ch)
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot.pause()


def detail_text(app) -> str:
    return flat("".join(region_text(app, app.screen.query_one("#detail"))))


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


async def to_field(pilot, app, ident: str) -> None:
    """Tab through the form to a field (as a clerk does)."""
    for _ in range(8):
        if focused_id(app) == ident:
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached {ident}")


async def test_edit_a_task_text_units_time_limit_and_due(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        assert cursor_item(app).id == 1
        before = small_ledger.task(1)
        await pilot.press("E")
        await settle(pilot)
        box = dialog_text(app)
        assert "修改任务1（P1-0001）" in box and "市卫生健康局牵头，市发展改革委配合" in box
        assert "牵头：市卫生健康局；配合：市发展改革委" in box  # the parse, before saving
        assert focused_id(app) == "f-text"
        await pilot.press("f7")  # select all, then type over it
        await type_text(pilot, "建设督办专区\n按月报送进展")
        await to_field(pilot, app, "f-units")
        await pilot.press("ctrl+u")
        await type_text(pilot, "市教育局牵头，市财政局配合")
        await to_field(pilot, app, "f-limit")
        await pilot.press("ctrl+u")
        await type_text(pilot, "持续推进")
        await settle(pilot)
        box = dialog_text(app)
        assert "牵头：市教育局；配合：市财政局" in box and "持续推进/长期，没有截止日期" in box
        await pilot.press("ctrl+s")
        await settle(pilot)
        task = small_ledger.task(1)
        assert task.text == "建设督办专区\n按月报送进展"
        assert (task.lead, task.support) == (["市教育局"], ["市财政局"])
        assert (task.time_limit, task.time_limit_kind, task.due) == ("持续推进", "continuous", None)
        assert small_ledger.search("督办专区") == [1]
        assert find_row(app, "[ ] 1 建设督办专区 按月报送进展")
        assert any("修改任务 1：任务内容、单位、完成时限、截止日期" in m for m in toasts(app))
        text = detail_text(app)
        assert "修改任务内容" in text and "原：做好常态化疫情防控信息公开" in text and "新：建设督办专区" in text
        # the plan's overdue count lost task 1 at once
        assert small_ledger.plan(1).progress.overdue == 1
        await pilot.press("u")
        await settle(pilot)
        assert small_ledger.task(1) == before
        assert find_row(app, "[ ] 1 做好常态化疫情防控信息公开")


async def test_bad_input_is_said_in_the_form_and_nothing_is_written(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        sets = small_ledger.db.conn().execute("SELECT count(*) FROM changesets").fetchone()[0]
        await pilot.press("E")
        await settle(pilot)
        await to_field(pilot, app, "f-no")
        await pilot.press("ctrl+u", "5", "ctrl+s")
        await settle(pilot)
        assert "序号5已经有任务在用" in dialog_text(app)
        await pilot.press("ctrl+u", "1")
        await to_field(pilot, app, "f-due")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2022-13-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "“2022-13-01”不是日期" in dialog_text(app)
        await pilot.press("ctrl+u")
        await to_field(pilot, app, "f-units")
        await pilot.press("ctrl+u")
        await type_text(pilot, "做好相关工作")
        await settle(pilot)
        assert "没有认出单位名称" in dialog_text(app)  # already in the preview
        await to_field(pilot, app, "f-text")
        await pilot.press("f7", "backspace", "ctrl+s")
        await settle(pilot)
        assert "任务内容不能为空" in dialog_text(app)
        await pilot.press("escape")  # typed something: asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert small_ledger.db.conn().execute("SELECT count(*) FROM changesets").fetchone()[0] == sets
        assert small_ledger.task(1).due == "2021-06-30"


async def test_add_a_task_and_a_section_then_move_them(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j")  # the first section
        await settle(pilot)
        assert cursor_item(app).kind == "section"
        await pilot.press("A")
        await settle(pilot)
        assert "新增任务：一、做好常态化疫情防控信息公开" in dialog_text(app)
        assert app.screen.query_one("#f-no", Input).value == "7"  # numbered next
        await type_text(pilot, "会议议定：月底前报送进展")
        await to_field(pilot, app, "f-units")
        await type_text(pilot, "市政数局牵头")
        await pilot.press("ctrl+s")
        await settle(pilot)
        added = small_ledger.tasks(plan_id=1)[2]
        assert (added.key, added.no, added.text, added.lead) == ("P1-0007", "7", "会议议定：月底前报送进展", ["市政数局"])
        assert cursor_item(app).id == added.id  # the cursor on it
        assert find_row(app, "[ ] 7 会议议定")
        # K moves it above task 2, alt+down back, K at the top says so
        await pilot.press("K")
        await settle(pilot)
        assert [t.id for t in small_ledger.tasks(section_id=added.section_id)] == [1, added.id, 2]
        await pilot.press("alt+down")
        await settle(pilot)
        assert [t.id for t in small_ledger.tasks(section_id=added.section_id)] == [1, 2, added.id]
        # M: to another section, picked from the list
        await pilot.press("M")
        await settle(pilot)
        assert "把任务7移到哪个栏目？" in dialog_text(app) and "（现在在这里）" in dialog_text(app)
        await pilot.press("down", "down", "enter")  # 二、加强政务公开工作指导监督
        await settle(pilot)
        target = small_ledger.sections(1)[1].id
        assert small_ledger.task(added.id).section_id == target
        assert cursor_item(app).id == added.id
        # S on the plan: a new top section, at the end
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert cursor_item(app).kind == "plan"
        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "三、")
        await pilot.press("tab")
        await type_text(pilot, "领导批示事项")
        await pilot.press("enter")
        await settle(pilot)
        sections = small_ledger.sections(1)
        assert [f"{s.label}{s.title}" for s in sections][-1] == "三、领导批示事项"
        assert cursor_item(app).kind == "section" and cursor_item(app).id == sections[-1].id
        # K moves the section up; a move into its own child is refused with a clear message
        await pilot.press("K")
        await settle(pilot)
        assert [s.title for s in small_ledger.sections(1)][1] == "领导批示事项"
        await pilot.press("k", "k")  # up to 一、
        await settle(pilot)
        first = small_ledger.sections(1)[0]
        tree(app).goto(("section", first.id))
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # its own subsection （一）
        await settle(pilot)
        assert any("不能把栏目移到它自己下面的栏目里" in m for m in toasts(app))
        assert small_ledger.section(first.id).parent_id is None


async def test_delete_says_how_much_and_undo_brings_it_back(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        box = dialog_text(app)
        assert "删除栏目“一、做好常态化疫情防控信息公开”及其下1个子栏目、4项任务、1条备注？" in box
        await pilot.press("n")
        await settle(pilot)
        assert len(small_ledger.tasks()) == 6
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [t.id for t in small_ledger.tasks()] == [5, 6]
        assert not has_row(app, "▸ 一、") and not has_row(app, "▾ 一、")
        assert small_ledger.plan(1).progress.total == 2
        await pilot.press("u")
        await settle(pilot)
        assert [t.id for t in small_ledger.tasks()] == [1, 2, 3, 4, 5, 6]
        assert small_ledger.notes(2)[0].text == "已召开专题会议"
        assert any("已撤销：删除栏目" in m for m in toasts(app))


async def test_history_screen_shows_full_texts_filters_and_jumps(small_ledger, tmp_path):
    small_ledger.edit_task(4, {"text": "第一段文字，很长很长很长很长很长很长很长很长很长很长很长很长很长。\n第二段：新增的要求"})
    small_ledger.toggle_done(6)
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        await wait_until(pilot, lambda: "显示3条" in flat(screen_text(app)), "the history loaded")
        text = flat(screen_text(app))
        assert text.index("任务6") < text.index("修改任务4") < text.index("导入方案")  # newest first
        assert "原：[bold]x[/]标记文字原样保存" in text  # the whole old text, as the characters it is
        assert "第二段：新增的要求" in text
        # by person: nobody called 李四
        await pilot.press("ctrl+f")
        await pilot.press("tab", "tab")
        assert focused_id(app) == "h-actor"
        await type_text(pilot, "李四")
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: "没有符合条件的修改记录" in flat(screen_text(app)), "filtered")
        await pilot.press("ctrl+f", "tab", "tab")
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        await wait_until(pilot, lambda: "显示3条" in flat(screen_text(app)), "all again")
        await pilot.press("down", "enter")  # the text edit: jump to task 4
        await settle(pilot)
        assert cursor_item(app).kind == "task" and cursor_item(app).id == 4
        # t: the tasks changed since a day, as a view of the tree
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("ctrl+f", "tab", "tab", "tab")
        assert focused_id(app) == "h-since"
        await type_text(pilot, "2021-10-15")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.count == 6  # everything was imported that day
        assert "自2021-10-15以来有改动" in flat(screen_text(app))


async def test_plans_new_rename_archive_show_archived_and_delete(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert "新建方案" in dialog_text(app)
        await pilot.press("enter")  # the first choice: a new plan
        await settle(pilot)
        await type_text(pilot, "2021年市领导批示督办事项")
        await pilot.press("tab", "tab")
        await type_text(pilot, "市政府办公室")
        await pilot.press("ctrl+s")
        await settle(pilot)
        plan = small_ledger.plans()[-1]
        assert (plan.title, plan.issuer, plan.year) == ("2021年市领导批示督办事项", "市政府办公室", 2021)
        assert cursor_item(app).kind == "plan" and cursor_item(app).id == plan.id
        assert find_row(app, "▸ 2021年市领导批示督办事项")
        # A on a plan without sections says what to do first
        await pilot.press("A")
        await settle(pilot)
        assert any("先按 S 新增一个栏目" in m for m in toasts(app))
        # E renames it
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await type_text(pilot, "督办事项台账")
        await pilot.press("enter")
        await settle(pilot)
        assert small_ledger.plan(plan.id).title == "督办事项台账"
        assert find_row(app, "▸ 督办事项台账")
        # archive the first plan: gone from the tree and search; z shows it, marked
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert cursor_item(app).id == 1
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # 归档《…》
        await settle(pilot)
        assert small_ledger.plan(1).archived
        assert not has_row(app, "▸ 某市2021年")
        await pilot.press("z")
        await settle(pilot)
        assert find_row(app, "▸ ［已归档］某市2021年")
        await pilot.press("z")
        await settle(pilot)
        assert not has_row(app, "▸ ［已归档］")
        await pilot.press("u")  # undo the archive
        await settle(pilot)
        assert not small_ledger.plan(1).archived and find_row(app, "▸ 某市2021年")
        # D on a plan: the counts, and a backup first
        tree(app).goto(("plan", plan.id))
        await pilot.press("D")
        await settle(pilot)
        box = dialog_text(app)
        assert "删除方案《督办事项台账》：0个栏目、0项任务、0条备注、0份收回的反馈表？" in box
        await pilot.press("y")
        await settle(pilot)
        assert [p.id for p in small_ledger.plans()] == [1]
        assert any("删除前已备份到" in m for m in toasts(app))


async def test_an_edit_after_another_copy_changed_the_task_shows_both(small_ledger, tmp_path):
    other = open_ledger(small_ledger.path, actor="李四")
    app = make_app(small_ledger, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)
            await pilot.press("E")
            await settle(pilot)
            other.edit_task(1, {"text": "另一处改的内容"})  # while the form is open
            await pilot.press("f7")
            await type_text(pilot, "我改的内容")
            await pilot.press("ctrl+s")
            await settle(pilot)
            box = dialog_text(app)
            assert "在你修改期间已被另一处" in box
            assert "你打开时：做好常态化疫情防控信息公开" in box
            assert "现在（另一处改的）：另一处改的内容" in box and "你的修改：我改的内容" in box
            assert small_ledger.task(1).text == "另一处改的内容"  # nothing overwritten
            await pilot.press("n")
            await settle(pilot)
            assert small_ledger.task(1).text == "另一处改的内容"
            # again, and this time the clerk keeps theirs over it
            await pilot.press("E")
            await settle(pilot)
            other.edit_task(1, {"text": "又改了一次"})
            await pilot.press("f7")
            await type_text(pilot, "我改的内容")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert small_ledger.task(1).text == "我改的内容"
    finally:
        other.close()
