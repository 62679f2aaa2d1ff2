"""Browsing: the lazy tree, labels cut by display width, the detail pane, moving by keyboard,
the empty start, config notices, English."""
from __future__ import annotations

from rich.cells import cell_len

from store import i18n
from tui.widgets.labels import ELLIPSIS
from test_ui_helpers import (
    SIZE,
    cursor_item,
    find_row,
    make_app,
    open_first_task,
    open_ledger,
    screen_text,
    settle,
    toasts,
    tree,
)


async def test_opens_with_plans_only_and_loads_children_when_opened(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        t = tree(app)
        assert [n.data.kind for n in t.loaded_nodes()] == ["plan"] * 5
        assert not any(n.data.loaded for n in t.loaded_nodes())
        text = screen_text(app)
        assert "广东省贯彻落实国务院办公厅2021年政务公开工" in text
        assert "0/50" in text
        await pilot.press("l")  # open plan 1: its sections only
        await settle(pilot)
        kinds = [n.data.kind for n in t.loaded_nodes()]
        assert kinds.count("section") == len(sample_ledger.sections(1))
        assert "task" not in kinds
        await pilot.press("j", "l")  # open its first section: its tasks
        await settle(pilot)
        assert [n.data.kind for n in t.loaded_nodes()].count("task") == 2
        assert "做好各类规划主动公开" in screen_text(app)


async def test_labels_are_cut_by_display_width_and_line_up(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j")
        await settle(pilot)
        t = tree(app)
        rows = screen_text(app).splitlines()
        # Every tree row's text ends inside the tree: the detail pane's text starts at the same
        # cell column on every row that has some (a label one cell too wide would push it right).
        width = t.region.right
        detail_starts = set()
        for row in rows[1 : 1 + 12]:
            cells = [ch for ch in row for _ in range(cell_len(ch))]  # one entry per cell
            assert cells[width - 1 : width] in ([" "], []), row  # the tree's last cell is blank
            rest = "".join(cells[width:])
            if rest.strip():
                detail_starts.add(width + len(rest) - len(rest.lstrip()))
        assert len(detail_starts) == 1, detail_starts
        # Long task text is cut with an ellipsis; fractions stay in one column.
        task_rows = [r for r in rows if r.lstrip().startswith("[ ]")]
        assert any(ELLIPSIS in r for r in task_rows)
        fraction_columns = set()
        for r in rows[1:20]:
            if "/" in r and "%" in r:
                prefix = r[: r.index("%")]
                fraction_columns.add(cell_len(prefix))
        assert len(fraction_columns) == 1  # every percent sign in one column, Chinese or not


async def test_a_plans_detail_counts_its_overdue_tasks_and_follows_a_tick(small_ledger, tmp_path):
    """The tree's plan lines skip the overdue count (`plans(overdue=False)`); the detail pane
    of the plan under the cursor counts it, before and after a tick."""
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_item(app).kind == "plan"
        assert i18n.t("ui.detail.overdue_count", "zh", count=2) in screen_text(app)
        await pilot.press("l", "j", "l", "j")  # task 1, due 2021-06-30
        await settle(pilot)
        assert cursor_item(app).obj.no == "1"
        await pilot.press("space", "left_square_bracket")
        await settle(pilot)
        assert cursor_item(app).kind == "plan"
        text = screen_text(app)
        assert i18n.t("ui.detail.overdue_count", "zh", count=1) in text
        assert i18n.t("ui.detail.overdue_count", "zh", count=2) not in text
    assert small_ledger.plan(1).progress.overdue == 1


async def test_detail_pane_shows_the_task_in_full(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j", "j")  # plan → section 一 → task 2
        await settle(pilot)
        item = cursor_item(app)
        assert item.kind == "task" and item.obj.no == "2"
        text = screen_text(app)
        assert "第 2 项" in text
        assert "进行中（滞后）" in text
        assert "牵头单位" in text and "市发展改革委" in text
        assert "2021年12月底前" in text and "截止 2021-12-31" in text
        assert "已召开专题会议" in text and "李四（市发展改革委）" in text
        assert "牵头领导" in text and "张三" in text  # kept extra columns


async def test_due_dates_overdue_soon_and_flag_in_the_tree(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l")
        await settle(pilot)
        row1 = find_row(app, "[ ] 1 ")
        assert "06-30 逾期" in row1  # due 2021-06-30, today 2021-10-15
        row2 = find_row(app, "[~] 2 ")
        assert "滞后" in row2 and "12-31" in row2 and "逾期" not in row2
        await pilot.press("j", "j", "j", "l")  # open （一）
        await settle(pilot)
        row3 = find_row(app, "[ ] 3 ")
        assert "逾期" not in row3  # continuous: no due date
        # Task 6 is due today: within 14 days, marked 临期.
        await pilot.press("G")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("G", "l", "j")
        await settle(pilot)
        row6 = find_row(app, "[ ] 6 ")
        assert "10-15 临期" in row6


async def test_moving_with_vim_keys_plans_and_panes(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_item(app).key == ("plan", 1)
        await pilot.press("right_square_bracket")
        assert cursor_item(app).key == ("plan", 2)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert cursor_item(app).key == ("plan", 4)
        await pilot.press("left_square_bracket")
        assert cursor_item(app).key == ("plan", 3)
        await pilot.press("G")
        assert cursor_item(app).key == ("plan", 5)
        await pilot.press("g")
        assert cursor_item(app).key == ("plan", 1)
        await pilot.press("enter")  # enter opens
        await settle(pilot)
        assert tree(app).cursor_node.is_expanded
        await pilot.press("j", "l", "j")
        assert cursor_item(app).kind == "task"
        await pilot.press("h")  # to the parent section
        assert cursor_item(app).kind == "section"
        await pilot.press("h")  # close it
        assert not tree(app).cursor_node.is_expanded
        await pilot.press("k")
        assert cursor_item(app).key == ("plan", 1)
        await pilot.press("enter")  # enter closes
        assert not tree(app).cursor_node.is_expanded
        await pilot.press("down", "up")
        assert cursor_item(app).key == ("plan", 1)
        # tab: to the detail pane and back
        await pilot.press("tab")
        assert app.focused is not tree(app)
        await pilot.press("tab")
        assert app.focused is tree(app)


async def test_tab_goes_to_the_notes_of_a_task(small_ledger, tmp_path):
    from tui.widgets.notes_log import NoteItem

    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j", "j")
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, NoteItem)
        assert app.focused.note.text == "已召开专题会议"


async def test_empty_database_says_what_to_do(tmp_path):
    ledger = open_ledger(tmp_path / "empty.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = screen_text(app)
            assert "台账里还没有方案" in text
            assert "按 i 导入方案文件" in text
            await pilot.press("slash")
            await settle(pilot)
            assert any("按 i 导入" in m for m in toasts(app))
    finally:
        ledger.close()


async def test_english_by_config(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_task(pilot)
        text = screen_text(app)
        assert "Task 1" in text and "to do" in text
        assert "Tick" in text and "Search" in text  # the footer
        assert "勾选" not in text


async def test_config_problems_are_shown_at_start(sample_ledger, tmp_path):
    from tui.config import load_config

    bad = tmp_path / "bad.toml"
    bad.write_text('[clerk]\nname = "张三"\nunit = \n', encoding="utf-8")
    cfg = load_config(bad)
    assert cfg.problems
    from tui.app import TaizhangApp

    app = TaizhangApp(sample_ledger, cfg)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = toasts(app)
        assert any("第 3 行" in m and "默认设置" in m for m in shown)
        assert "广东省" in screen_text(app)  # and the app runs on defaults


async def test_unknown_keymap_ids_are_reported(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path, keymap={"tick": "t", "nonsense": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("nonsense" in m for m in toasts(app))


async def test_big_tree_renders_only_what_is_open(tmp_path):
    """A 3,000-task ledger starts with one node per plan and opens a plan without loading tasks."""
    from conftest import big_draft

    ledger = open_ledger(tmp_path / "big.db")
    for n in (1, 2):
        ledger.import_plan(big_draft(1500, title=f"第{n}个大方案"))
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            t = tree(app)
            assert len(list(t.loaded_nodes())) == 2  # two plans of 1,500
            await pilot.press("l")
            await settle(pilot)
            assert {n.data.kind for n in t.loaded_nodes()} == {"plan", "section"}
            assert "0/1500" in find_row(app, "▾ 第1个大方案")
            assert "0/50" in find_row(app, "▸ 第1栏目")
    finally:
        ledger.close()


def test_catalog_has_every_key_description():
    from tui import keys

    for k in keys.KEYS:
        assert k.code in i18n.CATALOG, k.code
        assert i18n.t(k.code, "zh") != i18n.t(k.code, "en") or k.id in ("na",)


async def test_the_screen_draws_no_ambiguous_width_characters_of_its_own(sample_ledger, tmp_path):
    """Terminals set for CJK draw ambiguous-width characters (… · ○ ▶ box lines) two cells
    wide, which pushes the rest of a row to the right. The app's own marks, bars, ellipsis and
    separators avoid them, so only the documents' own characters (here “ ”) can."""
    import unicodedata

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j", "l", "j", "j", "j", "l")
        await settle(pilot)
        shown = {ch for ch in screen_text(app) if unicodedata.east_asian_width(ch) == "A"}
        assert ELLIPSIS in screen_text(app)
        assert shown <= {"“", "”"}, shown
        from textual.scrollbar import ScrollBar

        glyphs = "".join(ScrollBar.renderer.VERTICAL_BARS + ScrollBar.renderer.HORIZONTAL_BARS)
        assert not [ch for ch in glyphs if unicodedata.east_asian_width(ch) == "A"]


async def test_dialogs_and_marks_draw_no_ambiguous_width_characters(sample_ledger, tmp_path):
    """The same for every dialog: no borders of block or box glyphs, and marks that say
    on and off by themselves — (*) ( ) [x] [ ] — not by colour alone."""
    import unicodedata

    def ambiguous() -> set[str]:
        # Left: the documents' own quotes, and the arrows that name keys (↑ ↓ ← →) or a
        # change ("before → after"): they can move the end of a line of prose, not a column.
        return {ch for ch in screen_text(app) if unicodedata.east_asian_width(ch) == "A"} - set("“”→←↑↓")

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (("f",), ("e",), ("i",), ("?",), ("o",), ("space",)):
            await pilot.press(*keys)
            await settle(pilot)
            assert not ambiguous(), (keys, ambiguous())
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        text = screen_text(app)
        assert "(*) 全部" in text and "( ) 未完成" in text
        await pilot.press("tab", "tab", "tab", "f", "g", "w", "enter", "space")
        await settle(pilot)
        text = screen_text(app)
        assert "[ ] 本单位" in text
        picked = [line.strip() for line in text.splitlines() if line.strip().startswith("[x]")]
        assert len(picked) == 1 and "发展改革委" in picked[0], text  # fgw ranks 发改委 first
        assert not ambiguous()
