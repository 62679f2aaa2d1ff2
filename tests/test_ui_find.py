"""Finding: `/` search (short Chinese words, pinyin initials) narrowing the tree with matches
highlighted, Enter to the first match so space ticks it, Esc to clear; `f` filters by state,
due date, unit and "my unit", combined with search, shown in the bar with the count."""
from __future__ import annotations

import threading

from store.filtering import TaskFilter
from test_ui_helpers import (
    SIZE,
    cursor_item,
    dialog_text,
    make_app,
    settle,
    toasts,
    tree,
    tree_rows,
    wait_until,
)


def bar_text(app) -> str:
    from test_ui_helpers import region_text

    return "".join(region_text(app, app.screen.query_one("#filter-bar")))


def shown_tasks(app) -> set[int]:
    return {n.data.id for n in tree(app).loaded_nodes() if n.data.kind == "task"}


async def search(pilot, query: str, submit: bool = True) -> None:
    await pilot.press("slash", *query)
    if submit:
        await pilot.press("enter")
    await settle(pilot)


async def test_search_narrows_the_tree_and_enter_then_space_ticks(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "疫情")
        expected = set(sample_ledger.search("疫情"))
        assert len(expected) == 22
        assert "共 22 项" in bar_text(app)
        assert shown_tasks(app) == expected  # 22 matches: all opened at once
        # only matching tasks and their parents
        plans = {n.data.id for n in tree(app).loaded_nodes() if n.data.kind == "plan"}
        assert plans == {t.plan_id for t in sample_ledger.tasks(ids=expected)}
        # matches are highlighted in the labels
        t = tree(app)
        first = t.cursor_node
        assert first.data.kind == "task" and first.data.id in expected
        label = t.task_label(first.data.obj, 200)
        match_style = t.get_component_rich_style("task-tree--match", partial=True)
        assert any(span.style == match_style for span in label.spans)
        assert app.focused is t
        await pilot.press("space")
        await settle(pilot)
        assert sample_ledger.task(first.data.id).state == "done"
        # Esc clears: the whole tree again, cursor kept
        await pilot.press("escape")
        await settle(pilot)
        assert "共" not in bar_text(app)
        assert {n.data.kind for n in tree(app).root.children} == {"plan"}
        assert len(tree(app).root.children) == 5
        assert cursor_item(app).id == first.data.id


async def test_short_words_and_pinyin_initials(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "年报")
        assert shown_tasks(app) == set(sample_ledger.search("年报")) != set()
        await pilot.press("escape")
        await settle(pilot)
        await search(pilot, "fgw")  # 发改委 / 发展改革委
        found = set(sample_ledger.search("fgw"))
        assert found and shown_tasks(app) == found
        text = "\n".join(tree_rows(app))
        assert "共 %d 项" % len(found) in bar_text(app)
        assert text


async def test_search_as_you_type_without_enter(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "年报", submit=False)
        await pilot.pause(0.4)  # the typing pause before the search runs
        await settle(pilot)
        assert shown_tasks(app) == set(sample_ledger.search("年报"))
        assert app.focused is app.screen.query_one("#search")  # still typing


async def test_search_with_no_result(sample_ledger, tmp_path):
    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "zzzz")
        assert "共 0 项" in bar_text(app)
        assert list(tree(app).loaded_nodes()) == []
        assert any("没有找到" in m for m in toasts(app))
        await pilot.press("escape")
        await settle(pilot)
        assert len(tree(app).root.children) == 5


async def test_filter_by_state_and_due_with_count(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "筛选任务" in dialog_text(app)
        # state: all → 未完成 (right arrow moves the radio set, enter picks)
        await pilot.press("right", "enter")
        await pilot.press("tab", "right", "enter")  # due: 已逾期
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected = set(small_ledger.filter_task_ids(TaskFilter(states=("open",), overdue=True)))
        assert expected == {1, 4}
        assert shown_tasks(app) == expected
        bar = bar_text(app)
        assert "状态：未完成" in bar and "已逾期" in bar and "共 2 项" in bar
        # combine with a search: 疫情 among them
        await search(pilot, "疫情")
        both = set(small_ledger.filter_task_ids(TaskFilter(states=("open",), overdue=True, query="疫情")))
        assert both == {1, 4}  # 4 sits under the section 做好常态化疫情防控信息公开
        assert shown_tasks(app) == both
        assert "共 2 项" in bar_text(app) and "状态：未完成" in bar_text(app)
        await pilot.press("escape")  # clears the search, keeps the filter
        await settle(pilot)
        assert shown_tasks(app) == expected
        await pilot.press("escape")  # then the filter
        await settle(pilot)
        assert not app.screen.query_one("#filter-bar").display


async def test_my_unit_includes_catch_alls(small_ledger, tmp_path):
    from store.usecases.units import set_catch_alls_count

    set_catch_alls_count(small_ledger, True)  # issue 19: only when the ledger says they count
    app = make_app(small_ledger, tmp_path, unit="区党政办")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "tab")  # states → due → my unit
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # task 6 names 区党政办（文秘科、宣传科）; task 3 is addressed to 各县（区）人民政府
        assert shown_tasks(app) == {3, 6}
        assert "单位：本单位" in bar_text(app)


async def test_unit_picker_filters_by_pinyin(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # → the unit search box (my unit is a checkbox)
        await pilot.press("f", "g", "w")
        await settle(pilot)
        units = app.screen.query_one("#units")
        names = [units.get_option_at_index(i).value for i in range(units.option_count)]
        assert names == ["市发展改革委"]
        await pilot.press("enter")  # to the list
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_tasks(app) == {1, 2}
        assert "单位：市发展改革委" in bar_text(app)


async def test_search_does_not_freeze_on_a_large_ledger(tmp_path):
    """The search runs in a worker: the UI thread stays free while it runs."""
    from conftest import big_draft
    from test_ui_helpers import open_ledger

    ledger = open_ledger(tmp_path / "big.db")
    ledger.import_plan(big_draft(3000, title="一个大方案"))
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            release = threading.Event()
            threads = []
            real = ledger.filter_scope

            def slow_filter(f, within=None):
                threads.append(threading.current_thread())
                release.wait(10)
                return real(f, within)

            ledger.filter_scope = slow_filter
            await pilot.press("slash", "工", "作", "enter")
            await pilot.pause()
            # The search is still running, and the keyboard still works.
            assert threads and threads[0] is not threading.main_thread()
            # A search still running says so (a quick one never flashes the notice).
            await wait_until(pilot, lambda: "正在查找" in bar_text(app), "the busy notice")
            await pilot.press("tab")
            assert app.focused is not app.screen.query_one("#search")
            release.set()
            await settle(pilot)
            count = len(ledger.search("工作"))
            assert count > 200
            assert f"共 {count} 项" in bar_text(app)
            # Too many to open all: only the path to the first match is open.
            assert cursor_item(app).kind == "task"
            assert len(list(tree(app).loaded_nodes())) < 400
    finally:
        ledger.close()


async def test_a_failing_search_says_so_and_does_not_hang(sample_ledger, tmp_path):
    def broken(_filter, within=None):
        raise RuntimeError("disk I/O error")

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sample_ledger.filter_scope = broken
        await search(pilot, "疫情")
        assert any("出错了" in m and "disk I/O error" in m for m in toasts(app))
        assert "正在查找" not in bar_text(app)
        assert app.is_running


async def test_ticking_a_section_in_a_filtered_view_marks_only_what_is_shown(small_ledger, tmp_path):
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "年报")  # tasks 3 and 4, under 一、 › （一）加强年报管理
        assert shown_tasks(app) == {3, 4}
        await pilot.press("g", "j")  # the section 一、
        assert cursor_item(app).kind == "section"
        await pilot.press("space")
        await settle(pilot)
        assert "2项任务" in dialog_text(app) and "只包括当前搜索" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert [t.id for t in small_ledger.tasks() if t.state == "done"] == [3, 4]  # not 1 or 2


def test_unit_rank_puts_whole_words_and_starts_first():
    from tui.screens.filter import unit_rank

    assert unit_rank("发改委 fgw", "fgw") == 0
    assert unit_rank("市发展改革委 市发改委 sfzggw sfgw", "fgw") == 2
    assert unit_rank("卫生健康局 卫健局 wsjkj wjj", "wj") == 1
    assert unit_rank("各县（区）人民政府（管委会） gxqrmzfgwh", "fgw") == 3
    assert unit_rank("市财政局 sczj", "fgw") is None


async def test_moving_focus_does_not_keep_old_footer_keys_alive(sample_ledger, tmp_path):
    """Each focus change recomposes the footer; Textual's footer kept every old key alive
    through its `compact` binding, so a day of searching grew without bound."""
    import gc

    from textual.widgets._footer import FooterKey

    app = make_app(sample_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(8):
            await pilot.press("slash")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        gc.collect()
        alive = [k for k in gc.get_objects() if isinstance(k, FooterKey)]
        shown = list(app.screen.query(FooterKey))
        assert shown and len(alive) <= 2 * len(shown)


async def test_a_search_after_a_tick_shows_the_sections_progress_as_it_is_now(small_ledger, tmp_path):
    """The tree keeps the sections it has read between searches; a tick in a plan makes it
    read that plan's sections again, so the search shows the new progress, as does Esc."""
    app = make_app(small_ledger, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j")  # the plan open: its sections read (and kept)
        await settle(pilot)
        assert "0/4" in next(r for r in tree_rows(app) if "一、" in r)
        await pilot.press("l", "j", "space")  # tick task 1, in section 一 (four tasks below)
        await settle(pilot)
        assert small_ledger.task(1).state == "done"
        await search(pilot, "疫情")
        assert 1 in shown_tasks(app) and "共 4 项" in bar_text(app)  # the section's title matches
        assert "1/4" in next(r for r in tree_rows(app) if "一、" in r)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert "1/4" in next(r for r in tree_rows(app) if "一、" in r)
