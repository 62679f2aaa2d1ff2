"""Notes: n opens the editor (asking the clerk's name once), notes newest first, edit keeps
the old text in the history, delete asks first."""
from __future__ import annotations

import tomllib

from test_ui_helpers import (
    SIZE,
    cursor_item,
    dialog_text,
    flat,
    region_text,
    make_app,
    open_first_task,
    screen_text,
    settle,
    toasts,
)
from textual.widgets import TextArea


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["enter" if ch == "\n" else "space" if ch == " " else ch for ch in text])


async def test_first_note_asks_the_name_once_and_saves_it(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path, name=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "欢迎使用台账" in screen_text(app)  # issue 19: the first run asks; esc: not now
        await pilot.press("escape")
        await settle(pilot)
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        await pilot.press("n")
        await settle(pilot)
        assert "您的姓名" in screen_text(app)
        await type_text(pilot, "王五")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, TextArea)  # then the editor
        await type_text(pilot, "已召开会议\n第二行")
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = sample_ledger.notes(task_id)
        assert [(n.author, n.text) for n in notes] == [("王五", "已召开会议\n第二行")]
        saved = tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))
        assert saved["clerk"]["name"] == "王五"
        # The history names the clerk from now on, not the login name.
        assert sample_ledger.history(task_id)[0].actor == "王五"
        text = screen_text(app)
        assert "进展情况（1）" in text and "已召开会议" in text and "第二行" in text
        assert "王五（市政府办）" in text
        # The second note does not ask again.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "已完成")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [n.text for n in sample_ledger.notes(task_id)] == ["已完成", "已召开会议\n第二行"]
        text = screen_text(app)
        assert text.index("已完成") < text.index("已召开会议")  # newest first


async def test_escape_cancels_and_asks_before_discarding(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "草稿")
        await pilot.press("escape")
        await settle(pilot)
        assert "放弃" in dialog_text(app)
        await pilot.press("n")  # keep writing
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert sample_ledger.notes(task_id) == []
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")  # empty: refused, editor stays
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        assert any("空" in m for m in toasts(app))


async def test_edit_keeps_history_and_delete_asks(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j", "j")  # task 2, which has a note
        await settle(pilot)
        task_id = cursor_item(app).id
        note = small_ledger.notes(task_id)[0]
        await pilot.press("tab")  # into the notes
        await pilot.press("enter")
        await settle(pilot)
        area = app.screen.query_one(TextArea)
        assert area.text == "已召开专题会议"
        await type_text(pilot, " 已部署")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert small_ledger.note(note.id).text == "已召开专题会议 已部署"
        history = small_ledger.history(task_id)
        assert history[0].changes[0].before == "已召开专题会议"
        text = flat("".join(region_text(app, app.screen.query_one("#detail"))))
        assert "已召开专题会议已部署" in text and "修改于" in text
        # the history: the whole text before and after (issue 19), not one cut line each
        assert "修改备注原：已召开专题会议新：已召开专题会议已部署" in text
        # delete: asks, n keeps it, y removes it
        await pilot.press("tab", "tab")
        await settle(pilot)
        from tui.widgets.notes_log import NoteItem

        assert isinstance(app.focused, NoteItem)
        await pilot.press("d")
        await settle(pilot)
        assert "删除这条备注" in dialog_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert small_ledger.notes(task_id)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert small_ledger.notes(task_id) == []
        assert "进展情况（0）" in screen_text(app)
        await pilot.press("u")  # and undo brings it back
        await settle(pilot)
        assert [n.text for n in small_ledger.notes(task_id)] == ["已召开专题会议 已部署"]
        assert "已撤销：任务 2 删除备注" in toasts(app)[-1]


async def test_notes_and_history_entries_move_with_j_and_k(small_ledger, tmp_path):
    from tui.widgets.notes_log import NoteItem

    small_ledger.add_note(2, "第二条", author="赵六")
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j", "j")
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused.note.text == "第二条"
        await pilot.press("j")
        assert isinstance(app.focused, NoteItem) and app.focused.note.text == "已召开专题会议"
        await pilot.press("k")
        assert app.focused.note.text == "第二条"
