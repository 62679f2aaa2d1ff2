"""Text from documents and notes is shown as the characters it is: markup and escape sequences
never restyle the screen, reach the terminal or crash. And the keys: keymap overrides reach
the footer, the help screen and the palette."""
from __future__ import annotations

from store.drafts import NoteDraft, PlanDraft, SectionDraft, TaskDraft
from test_ui_helpers import (
    SIZE,
    cursor_item,
    dialog_text,
    make_app,
    open_first_task,
    open_ledger,
    screen_text,
    settle,
)

EVIL_TITLE = "[bold]红[/bold]方案[link=http://evil.example]点击[/link]"
EVIL_TEXT = "[bold]x[/] 开始\x1b[31m红色\x1b[0m [/foo] [link=file:///etc/passwd]链接[/link]\x1b]0;标题\x07"
EVIL_NOTE = "[red]备注[/red] [/] \x1b[2J"


def evil_ledger(tmp_path):
    task = TaskDraft(
        no="1", text=EVIL_TEXT, units="[b]市局[/b]牵头", lead=("[b]市局[/b]",),
        time_limit="[i]年底前[/i]", time_limit_kind="year_end", due="2021-12-31",
        extra=(("[u]备注[/u]", "[/]"),),
        notes=(NoteDraft(EVIL_NOTE, at="2021-09-01T09:00:00+08:00", author="[red]王[/red]", unit="[/]"),),
    )
    draft = PlanDraft(
        title=EVIL_TITLE, doc_no="[/]", issuer="[b]x",
        sections=(SectionDraft("[/]", "栏目[bold]\x1b[5m", tasks=(task,)),),
    )
    ledger = open_ledger(tmp_path / "evil.db")
    ledger.import_plan(draft)
    return ledger


def no_escape_reaches_the_terminal(app) -> None:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert "\x1b" not in segment.text and "\x07" not in segment.text, repr(segment.text)


async def test_markup_and_escapes_in_tasks_and_notes_are_shown_literally(tmp_path):
    ledger = evil_ledger(tmp_path)
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = screen_text(app)
            assert "[bold]红[/bold]方案[link=http" in text  # the plan's label, literally
            no_escape_reaches_the_terminal(app)
            await pilot.press("l", "j", "l", "j")
            await settle(pilot)
            assert cursor_item(app).kind == "task"
            text = screen_text(app)
            assert "[bold]x[/] 开始^[[31m红色^[[0m [/foo]" in text
            assert "[link=file:///etc/passwd]链接[/link]^[]0;标题^G" in text
            assert "[red]备注[/red] [/]" in text  # the note (the store removed its ESC)
            assert "[red]王[/red]（[/]）" in text
            assert "[b]市局[/b]" in text and "[i]年底前[/i]" in text and "[u]备注[/u]" in text
            no_escape_reaches_the_terminal(app)
            app.export_screenshot()  # renders without a markup error
            # Through the dialogs and notices too.
            await pilot.press("space")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("[", "/", "]", "ctrl+s")
            await settle(pilot)
            assert [n.text for n in ledger.notes(1)][0] == "[/]"
            await pilot.press("h", "space")  # the section: a confirmation naming it
            await settle(pilot)
            assert "[/]栏目[bold]^[[5m" in dialog_text(app)
            no_escape_reaches_the_terminal(app)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("slash", "[", "/", "]", "enter")  # searching for markup
            await settle(pilot)
            no_escape_reaches_the_terminal(app)
            await pilot.press("escape", "o")
            await settle(pilot)
            assert "[bold]红[/bold]方案" in screen_text(app)
            no_escape_reaches_the_terminal(app)
    finally:
        ledger.close()


async def test_keymap_overrides_reach_footer_help_and_keys(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path, keymap={"tick": "t", "search": "ctrl+f"})
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        await pilot.press("space")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "todo"  # space no longer ticks
        await pilot.press("t")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "done"
        footer = screen_text(app).splitlines()[-1]
        assert "t 勾选" in footer and "space" not in footer and "^f 搜索" in footer
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "t             勾选" in text and "^f            搜索" in text


async def test_help_lists_every_binding_in_the_clerks_language(sample_ledger, tmp_path):
    from tui import keys
    from store import i18n

    for lang in ("zh", "en"):
        app = make_app(sample_ledger, tmp_path, language=lang)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            from tui.screens.help import HelpScreen

            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            for k in keys.KEYS:
                assert i18n.t(k.code, lang) in text, (lang, k.id)
                assert k.id in text
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)


async def test_help_on_a_narrow_terminal_wraps_descriptions_and_keeps_every_id_whole(sample_ledger, tmp_path):
    """An id is what the clerk types into [keymap]: a narrow terminal wraps the descriptions
    instead of cutting ids or running one column into the next (it printed "overviewt")."""
    import re

    from tui import keys

    for lang in ("zh", "en"):
        app = make_app(sample_ledger, tmp_path, language=lang)
        async with app.run_test(size=(100, 60)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            words = set(re.findall(r"[a-z_]+", screen_text(app)))
            assert {k.id for k in keys.KEYS} <= words, (lang, {k.id for k in keys.KEYS} - words)


async def test_palette_lists_the_actions_and_runs_them(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        task_id = cursor_item(app).id
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert {"勾选", "撤销", "搜索", "筛选", "总览", "导出", "导入", "帮助", "退出"} <= commands
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("勾", "选")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sample_ledger.task(task_id).state == "done"


async def test_the_reporting_keys_open_their_screens_and_esc_closes_them(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        for key, title in (("F", "写出反馈表"), ("m", "合并反馈表"), ("R", "报送轮次")):
            await pilot.press(key)
            await settle(pilot)
            assert title in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is main


from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tui.widgets.labels import ELLIPSIS, fit, one_line, pad_between

CHARS = st.sampled_from(list("做好常态化疫情防控信息公开，。（）《》“”…—·abcXYZ012 [/]\x1b\x07\t"))


@settings(deadline=None, max_examples=200, derandomize=True)
@given(st.lists(CHARS, max_size=60).map("".join), st.integers(min_value=0, max_value=50),
       st.lists(CHARS, max_size=12).map("".join))
def test_labels_never_exceed_their_width(text, width, right):
    """Cut by display width: wide characters are never split, the ellipsis fits."""
    shown = one_line(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\t" not in shown
    out = fit(Text(shown), width)
    assert out.cell_len <= width
    assert out.cell_len == cell_len(out.plain)
    if cell_len(shown) > width > 0:
        assert out.plain.endswith(ELLIPSIS)
    line = pad_between(Text(shown), Text(one_line(right)), width)
    assert line.cell_len <= width
