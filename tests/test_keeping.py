"""Issue 19 in the store: correcting, adding, arranging, deleting and archiving by hand — each a
change-set with its author and time, undone and redone like a tick, with the search index,
progress and keys right after each; bad input refused in the clerk's language with nothing
written; an edit over another copy's change refused with both shown."""
from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import TickingClock, make_draft
from store.errors import EditConflict, NotFoundError, TaizhangError, UndoRefused
from store.filtering import TaskFilter
from store.ledger import Ledger
from store.parts.history_browse import HistoryQuery
from store.usecases.editing import (
    TaskInput, read_units, task_values, time_limit_preview, units_preview, units_value,
)
from store.usecases.naming import find_plan_ids, find_section_id, find_task


def count(ledger, table: str) -> int:
    return ledger.db.conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def rows(ledger, sql: str, params=()) -> list:
    return [tuple(r) for r in ledger.db.conn().execute(sql, params)]


def task_rows(ledger, task_id: int) -> dict:
    """Everything a task is, row for row (for 'undo puts it back exactly')."""
    return {
        "task": rows(ledger, "SELECT * FROM tasks WHERE id = ?", (task_id,)),
        "units": rows(ledger, "SELECT * FROM task_units WHERE task_id = ? ORDER BY role, position", (task_id,)),
        "notes": rows(ledger, "SELECT * FROM notes WHERE task_id = ? ORDER BY id", (task_id,)),
        "search": rows(ledger, "SELECT body, units, initials FROM task_search WHERE rowid = ?", (task_id,)),
    }


# ---- editing a task ----------------------------------------------------------------------------


def test_edit_text_is_one_changeset_undone_and_redone_with_the_search_index(ledger, plan_id):
    task = ledger.task(1)
    assert ledger.search("督办专区") == []
    cs = ledger.edit_task(1, {"text": "建设政务公开督办专区\n第二行写明要求"})
    assert (cs.kind, cs.summary, cs.actor, cs.actor_unit) == ("change", "edit.task", "tester", "市政府办")
    assert [(c.field, c.before, c.after) for c in cs.changes] == [
        ("text", task.text, "建设政务公开督办专区\n第二行写明要求")]
    assert ledger.search("督办专区") == [1] and ledger.search("疫情防控政策") == []
    assert ledger.search("jsz") == [1]  # pinyin initials of the new text (建设政…)
    assert ledger.task(1).updated_at == cs.at != task.updated_at
    assert ledger.describe(cs) == ("change.edit_task", {"task": "1", "fields": "任务内容"})
    undo = ledger.undo()
    assert undo.kind == "undo" and ledger.task(1).text == task.text
    assert ledger.task(1).updated_at == task.updated_at  # 更新时间 put back too
    assert ledger.search("督办专区") == [] and 1 in ledger.search("疫情防控政策")
    assert ledger.search("jsz") == []
    redo = ledger.redo()
    assert ledger.task(1).text.startswith("建设") and ledger.task(1).updated_at == cs.at
    assert redo.kind == "redo" and ledger.search("督办专区") == [1]


def test_a_tick_undone_puts_back_the_time_it_found(ledger, plan_id):
    before = ledger.task(3).updated_at
    cs = ledger.toggle_done(3)
    assert ledger.task(3).updated_at == cs.at != before
    assert [c.field for c in cs.changes] == ["state"]  # the history lists what the clerk did
    ledger.undo()
    assert ledger.task(3).updated_at == before
    ledger.redo()
    assert ledger.task(3).updated_at == cs.at


def test_edit_units_by_the_importers_rules(ledger, plan_id):
    given = TaskInput(units="市教育局牵头，市财政局、市卫健局配合；各县（区）人民政府")
    values = task_values(given, plan=ledger.plan(plan_id))
    assert values["units"] == {"text": "市教育局牵头，市财政局、市卫健局配合；各县（区）人民政府",
                               "lead": ["市教育局"], "support": ["市财政局", "市卫健局"],
                               "responsible": ["各县（区）人民政府"]}
    before = task_rows(ledger, 3)
    ledger.edit_task(3, values)
    task = ledger.task(3)
    assert (task.lead, task.support, task.responsible) == (["市教育局"], ["市财政局", "市卫健局"],
                                                          ["各县（区）人民政府"])
    assert 3 in ledger.filter_task_ids(TaskFilter(units=("市教育局",)))
    assert 3 in ledger.search("sjyj")  # the unit's initials
    assert 3 in ledger.unit_task_ids(next(u.id for u in ledger.units() if u.name == "市教育局"), "lead")
    ledger.undo()
    after = task_rows(ledger, 3)
    assert after["task"] == before["task"] and after["units"] == before["units"]
    assert after["search"] == before["search"]
    assert 3 not in ledger.filter_task_ids(TaskFilter(units=("市教育局",)))


def test_units_given_role_by_role_keep_the_other_roles(ledger, plan_id):
    task = ledger.task(5)  # lead 市政务服务数据管理局, support 市财政局 and 市卫健局
    values = task_values(TaskInput(lead="市教育局、市科技局"), plan=ledger.plan(plan_id), current=task,
                         current_units=ledger.units_value(5))
    assert values["units"]["lead"] == ["市教育局", "市科技局"]
    assert values["units"]["support"] == ["市财政局", "市卫健局"]
    assert values["units"]["text"] == "市教育局、市科技局牵头；市财政局、市卫健局配合"


def test_time_limit_sets_kind_and_due_unless_a_due_date_is_given(ledger, plan_id):
    plan = ledger.plan(plan_id)
    assert task_values(TaskInput(time_limit="持续推进"), plan=plan) == {
        "time_limit": "持续推进", "time_limit_kind": "continuous", "due": None}
    assert task_values(TaskInput(time_limit="长期"), plan=plan)["time_limit_kind"] == "continuous"
    assert task_values(TaskInput(time_limit="2022年6月底前"), plan=plan)["due"] == "2022-06-30"
    assert task_values(TaskInput(time_limit="年底前"), plan=plan)["due"] == "2021-12-31"  # the plan's year
    assert task_values(TaskInput(time_limit="持续推进", due="2022/3/1"), plan=plan)["due"] == "2022-03-01"
    assert task_values(TaskInput(due="2022年6月30日"), plan=plan) == {"due": "2022-06-30"}
    assert time_limit_preview("持续推进", plan) == "→ 持续推进/长期，没有截止日期"
    assert time_limit_preview("2022年6月底前", plan) == "→ 日期，截止 2022-06-30"


def test_a_due_date_changes_the_overdue_counts(ledger, plan_id):
    assert ledger.plan(plan_id).progress.overdue == 2  # tasks 1 and 4
    ledger.edit_task(1, {"due": "2022-06-30"})
    assert ledger.plan(plan_id).progress.overdue == 1
    section = ledger.task(1).section_id
    assert ledger.section_progress(plan_id)[section].overdue == 1  # task 4, below it
    ledger.edit_task(5, task_values(TaskInput(time_limit="2021年9月底前"), plan=ledger.plan(plan_id)))
    assert ledger.plan(plan_id).progress.overdue == 2
    ledger.undo()
    ledger.undo()
    assert ledger.plan(plan_id).progress.overdue == 2 and ledger.task(1).due == "2021-06-30"


@pytest.mark.parametrize("given, code", [
    (TaskInput(text="   "), "edit.empty_text"),
    (TaskInput(due="2022-02-30"), "edit.bad_due"),
    (TaskInput(due="明年"), "edit.bad_due"),
    (TaskInput(units="做好相关工作"), "edit.units_none"),
])
def test_bad_input_is_refused_in_chinese_before_anything_is_written(ledger, plan_id, given, code):
    sets = count(ledger, "changesets")
    with pytest.raises(TaizhangError) as found:
        ledger.edit_task(1, task_values(given, plan=ledger.plan(plan_id)))
    assert found.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in found.value.message("zh"))
    assert count(ledger, "changesets") == sets


def test_a_number_that_exists_is_refused(ledger, plan_id):
    sets = count(ledger, "changesets")
    with pytest.raises(TaizhangError) as found:
        ledger.edit_task(1, {"no": "５"})  # full-width: the same number
    assert found.value.code == "edit.no_exists"
    assert found.value.message("zh") == "序号 5 已经有任务在用，请换一个序号（或留空）。"
    assert count(ledger, "changesets") == sets and ledger.task(1).no == "1"
    ledger.edit_task(1, {"no": "7"})
    assert ledger.task(1).no == "7"


def test_numbers_that_start_again_per_section_are_checked_in_the_section(tmp_path):
    from store.drafts import PlanDraft, SectionDraft, TaskDraft

    draft = PlanDraft(title="分栏目编号的方案", sections=(
        SectionDraft("一、", "甲", tasks=(TaskDraft("1", "甲一"), TaskDraft("2", "甲二"))),
        SectionDraft("二、", "乙", tasks=(TaskDraft("1", "乙一"),)),
    ))
    with Ledger(tmp_path / "l.db", clock=TickingClock()) as led:
        plan = led.import_plan(draft).plan_id
        second = led.tasks(plan_id=plan)[2]
        led.edit_task(second.id, {"no": "2"})  # 甲 has a 2; numbering starts again per section
        assert led.task(second.id).no == "2"
        with pytest.raises(TaizhangError) as found:
            led.add_task(second.section_id, {"text": "乙三", "no": "2"})
        assert found.value.code == "edit.no_exists"
        assert led.next_number(plan, second.section_id) == "3"


def test_an_edit_over_another_copys_change_is_refused_showing_both(tmp_path):
    path = tmp_path / "two.db"
    one = Ledger(path, clock=TickingClock(), actor="甲")
    one.import_plan(make_draft())
    two = Ledger(path, clock=TickingClock(), actor="乙")
    try:
        seen = one.task(1).text
        two.edit_task(1, {"text": "乙改的内容"})
        sets = count(one, "changesets")
        with pytest.raises(EditConflict) as found:
            one.edit_task(1, {"text": "甲改的内容"}, expect={"text": seen})
        assert found.value.conflicts == [("text", seen, "乙改的内容", "甲改的内容")]
        assert found.value.message("zh").startswith("任务 1的任务内容在你修改期间已被另一处")
        assert one.task(1).text == "乙改的内容" and count(one, "changesets") == sets
        # the clerk chooses to write over it, on what is there now
        one.edit_task(1, {"text": "甲改的内容"}, expect={"text": "乙改的内容"})
        assert two.task(1).text == "甲改的内容"
        # a field nobody else changed goes through
        assert one.edit_task(1, {"due": "2022-01-01"}, expect={"due": "2021-06-30"}) is not None
    finally:
        one.close()
        two.close()


def test_an_undo_refused_names_what_changed_since_a_section_or_a_plan(tmp_path):
    path = tmp_path / "two.db"
    one = Ledger(path, clock=TickingClock(), actor="甲")
    plan_id = one.import_plan(make_draft()).plan_id
    two = Ledger(path, clock=TickingClock(), actor="乙")
    try:
        section = one.task(1).section_id
        one.edit_section(section, {"title": "甲改的栏目"})
        two.edit_section(section, {"title": "乙改的栏目"})
        with pytest.raises(UndoRefused) as found:
            one.undo()
        assert found.value.params["what"] == "section"
        assert found.value.message("zh").startswith("无法撤销：栏目 一、乙改的栏目 已被再次修改")
        assert "section" in found.value.message("en")
        one.edit_plan(plan_id, {"title": "甲改的方案"})
        two.edit_plan(plan_id, {"title": "乙改的方案"})
        with pytest.raises(UndoRefused) as found:
            one.undo()
        assert found.value.message("zh").startswith("无法撤销：方案 乙改的方案 已被再次修改")
    finally:
        one.close()
        two.close()


# ---- adding, arranging, deleting ---------------------------------------------------------------


def test_add_task_takes_the_next_key_never_one_a_task_had(ledger, plan_id):
    section = ledger.task(2).section_id
    cs, new = ledger.add_task(section, {"text": "会议议定：月底前报送进展", "no": "7"})
    task = ledger.task(new)
    assert (task.key, task.no, task.state, task.section_id) == ("P1-0007", "7", "todo", section)
    assert [t.id for t in ledger.tasks(section_id=section)] == [1, 2, new]
    assert ledger.search("会议议定") == [new]
    assert ledger.plan(plan_id).progress.total == 7
    assert ledger.describe(cs) == ("change.add_task", {"task": "7"})
    ledger.delete_task(new)
    _, again = ledger.add_task(section, {"text": "另一项"}, after=None)
    assert ledger.task(again).key == "P1-0008" and again > new  # neither key nor id reused
    assert [t.id for t in ledger.tasks(section_id=section)] == [again, 1, 2]
    ledger.undo()  # the add
    ledger.undo()  # the delete: the first one back, as it was
    assert ledger.task(new).key == "P1-0007" and ledger.search("会议议定") == [new]
    ledger.undo()
    with pytest.raises(NotFoundError):
        ledger.task(new)
    ledger.redo()
    assert ledger.task(new).key == "P1-0007"


def test_delete_task_with_notes_and_undo_puts_back_exactly(ledger, plan_id):
    ledger.add_note(2, "第二条备注")
    before = task_rows(ledger, 2)
    counts = ledger.deletion_counts("task", 2)
    assert counts["notes"] == 2
    cs = ledger.delete_task(2)
    assert ledger.describe(cs) == ("change.delete_task", {"task": "2", "notes": 2, "tasks": 1})
    assert count(ledger, "notes") == 0 and ledger.search("专题会议") == []
    assert ledger.plan(plan_id).progress.total == 5
    ledger.undo()
    assert task_rows(ledger, 2) == before
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [1, 2, 3, 4, 5, 6]
    assert ledger.search("专题会议") == [2]
    # a note added after the delete never takes a deleted note's id
    ledger.redo()
    note = ledger.add_note(1, "删除后加的备注")
    assert note.id > max(r[0] for r in before["notes"])
    ledger.undo()
    ledger.undo()
    assert task_rows(ledger, 2)["notes"] == before["notes"]


def test_move_up_down_and_to_another_section(ledger, plan_id):
    first = ledger.task(1).section_id
    ledger.move_task_by(2, -1)
    assert [t.id for t in ledger.tasks(section_id=first)] == [2, 1]
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [2, 1, 3, 4, 5, 6]  # document order
    with pytest.raises(TaizhangError) as found:
        ledger.move_task_by(2, -1)
    assert found.value.code == "edit.at_top"
    last = ledger.task(6).section_id
    ledger.move_task(2, last)
    assert ledger.task(2).section_id == last and [t.id for t in ledger.tasks(plan_id=plan_id)] == [1, 3, 4, 5, 6, 2]
    assert ledger.search("加强政务公开工作指导监督 解读") == [2]  # its new section's title is in its search row
    ledger.undo()
    ledger.undo()
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [1, 2, 3, 4, 5, 6]
    assert ledger.search("加强政务公开工作指导监督 解读") == []


def test_sections_added_moved_and_deleted(ledger, plan_id):
    top = [s.id for s in ledger.sections(plan_id)]
    cs, new = ledger.add_section(plan_id, "领导批示事项", label="三、")
    assert [s.id for s in ledger.sections(plan_id)] == [*top, new]
    assert ledger.describe(cs) == ("change.add_section", {"name": "三、领导批示事项"})
    _, task = ledger.add_task(new, {"text": "落实批示"})
    ledger.move_section_by(new, -1)
    assert [s.id for s in ledger.sections(plan_id)] == [top[0], new, top[1]]
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [1, 2, 3, 4, task, 5, 6]
    with pytest.raises(TaizhangError) as found:
        child = ledger.sections(plan_id, top[0])[0].id
        ledger.move_section(top[0], child)
    assert found.value.code == "edit.into_own_child"
    assert found.value.message("zh") == "不能把栏目移到它自己下面的栏目里。"
    ledger.move_section(top[0], top[1])  # 一、 under 二、 (which has a higher id)
    progress = ledger.section_progress(plan_id)
    assert progress[top[1]].total == 6 and progress[top[0]].total == 4
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [task, 5, 6, 1, 2, 3, 4]
    ledger.edit_section(top[1], {"title": "监督与评估"})
    assert set(ledger.search("监督与评估")) == {1, 2, 3, 4, 5, 6}
    counts = ledger.deletion_counts("section", top[1])
    assert counts == {"sections": 4, "tasks": 6, "notes": 1, "subsections": 3}
    before = {t: task_rows(ledger, t) for t in range(1, 7)}
    ledger.delete_section(top[1])
    assert ledger.tasks(plan_id=plan_id) == ledger.tasks(section_id=new)
    ledger.undo()
    assert {t: task_rows(ledger, t) for t in range(1, 7)} == before
    for _ in range(5):  # the title, two moves, the task, the section
        ledger.undo()
    assert [s.id for s in ledger.sections(plan_id)] == top
    assert [t.id for t in ledger.tasks(plan_id=plan_id)] == [1, 2, 3, 4, 5, 6]


# ---- plans -------------------------------------------------------------------------------------


def test_a_plan_by_hand_for_items_from_no_document(ledger, plan_id):
    cs, plan = ledger.new_plan("2021年市领导批示督办事项", issuer="市政府办公室", year=2021)
    summary = ledger.plan(plan)
    assert (summary.title, summary.issuer, summary.year, summary.progress.total) == (
        "2021年市领导批示督办事项", "市政府办公室", 2021, 0)
    _, section = ledger.add_section(plan, "领导批示")
    _, task = ledger.add_task(section, {"text": "加快推进政务公开专区建设", "no": "1"})
    assert ledger.task(task).key == f"P{plan}-0001"
    ledger.edit_plan(plan, {"doc_no": "市府办督〔2021〕1号", "issued": "2021年10月11日"})
    assert (ledger.plan(plan).doc_no, ledger.plan(plan).issued) == ("市府办督〔2021〕1号", "2021-10-11")
    with pytest.raises(TaizhangError) as found:
        ledger.new_plan("  ")
    assert found.value.code == "edit.empty_title"


def test_archived_plans_are_hidden_unless_asked_for(ledger, plan_id):
    _, other = ledger.new_plan("另一个方案")
    _, section = ledger.add_section(other, "栏目")
    ledger.add_task(section, {"text": "疫情防控另一项", "units": units_value(read_units("市教育局牵头"))})
    cs = ledger.archive_plan(plan_id)
    assert ledger.describe(cs) == ("change.archive_plan", {"title": "某市2021年政务公开工作要点分工方案"})
    assert [p.id for p in ledger.plans()] == [other]
    assert [p.id for p in ledger.plans(archived=True)] == [plan_id, other]
    assert ledger.plan(plan_id).archived
    assert ledger.search("疫情") == [7] and sorted(ledger.search("疫情", archived=True)) == [1, 2, 3, 4, 7]
    assert ledger.filter_scope(TaskFilter(query="疫情")).task_ids == {7}
    assert ledger.filter_scope(TaskFilter(query="疫情", archived=True)).task_ids == {1, 2, 3, 4, 7}
    assert ledger.filter_task_ids(TaskFilter(states=("todo",))) == [7]
    assert [u.name for u, _ in ledger.unit_progress("lead")] == ["市教育局"]
    # the filter dialog's units: only what the tree it narrows holds
    assert {u.name: u.tasks for u in ledger.units() if u.tasks} == {"市教育局": 1}
    from store.exporting import export_to

    text = export_to(ledger, "csv")
    assert "疫情防控另一项" in text and "做好常态化疫情防控信息公开，及时" not in text
    assert "做好常态化疫情防控信息公开，及时" in export_to(ledger, "csv", plan_ids=[plan_id, other])
    # a revised plan's dropped tasks: an archived plan naming the live one is hidden the same way
    ledger.db.conn().execute("UPDATE plans SET archived_from = ? WHERE id = ?", (other, plan_id))
    assert ledger.plan(plan_id).archived_from == other and [p.id for p in ledger.plans()] == [other]
    ledger.undo()  # the archive... (the UPDATE above was no change-set)
    assert [p.id for p in ledger.plans()] == [plan_id, other]


def test_rounds_and_forms_leave_archived_plans_out(ledger, plan_id):
    _, other = ledger.new_plan("另一个方案")
    ledger.archive_plan(plan_id)
    r = ledger.new_round("2021年第四季度")
    assert ledger.round_plan_ids(r) == [other]


def test_delete_plan_backs_up_first_and_undo_brings_it_all_back(ledger, plan_id, tmp_path):
    from store.exporting import export_to

    ledger.add_note(1, "一条备注")
    before = export_to(ledger, "json")
    counts = ledger.deletion_counts("plan", plan_id)
    assert counts == {"sections": 4, "tasks": 6, "notes": 2, "returns": 0}
    cs, saved = ledger.delete_plan(plan_id)
    assert saved is not None and saved.exists() and "delete-plan" in saved.name
    assert ledger.plans() == [] and count(ledger, "tasks") == 0 and count(ledger, "task_search") == 0
    assert rows(ledger, "SELECT n FROM plan_task_counts WHERE n != 0") == []
    ledger.undo()
    after = export_to(ledger, "json")
    assert json.loads(after)["plans"] == json.loads(before)["plans"]
    assert ledger.search("疫情") == [1, 2, 3, 4]
    ledger.redo()
    assert ledger.plans() == []


# ---- the history ---------------------------------------------------------------------------------


def test_history_newest_first_filtered_by_plan_unit_person_and_dates(tmp_path):
    clock = TickingClock()
    with Ledger(tmp_path / "h.db", clock=clock, actor="张三") as led:
        led.import_plan(make_draft())
        _, other = led.new_plan("督办事项")
        led.edit_task(1, {"text": "改过的第一项"})
        led.actor = "李四"
        led.toggle_done(5)
        led.add_note(6, "备注一")
        items = led.history_items()
        assert [i.changeset.summary for i in items] == ["note", "state", "edit.task", "add.plan", "import"]
        assert items[2].tasks == ((1, "1（P1-0001）", True),)
        assert [i.changeset.actor for i in led.history_items(HistoryQuery(actor="李"))] == ["李四", "李四"]
        assert [i.changeset.summary for i in led.history_items(HistoryQuery(plan_id=other))] == ["add.plan"]
        unit = tuple(led.unit_ids_named(["市政务服务数据管理局"]))
        assert [i.changeset.summary for i in led.history_items(HistoryQuery(unit_ids=unit))] == ["state"]
        assert led.history_items(HistoryQuery(since="2021-10-16")) == []
        assert len(led.history_items(HistoryQuery(until="2021年10月15日"))) == 5
        with pytest.raises(TaizhangError) as found:
            led.history_items(HistoryQuery(since="上周一"))
        assert found.value.code == "edit.bad_date"
        # a deleted task is still named by its number and key
        led.delete_task(1)
        item = led.history_items(HistoryQuery(limit=1))[0]
        assert item.tasks == ((1, "1（P1-0001）", False),)
        page = led.history_items(HistoryQuery(limit=2))
        older = led.history_items(HistoryQuery(limit=2, before_id=page[-1].changeset.id))
        assert [i.changeset.id for i in older] == [page[-1].changeset.id - 1, page[-1].changeset.id - 2]


def test_changed_since_finds_tasks_notes_and_plans_imported_since(tmp_path):
    from datetime import timedelta

    clock = TickingClock()
    with Ledger(tmp_path / "c.db", clock=clock, actor="张三") as led:
        plan = led.import_plan(make_draft()).plan_id
        clock.now += timedelta(days=3)  # 2021-10-18
        led.edit_task(2, {"due": "2022-01-31"})
        led.add_note(4, "新的进展")
        assert led.filter_task_ids(TaskFilter(changed_since="2021-10-18")) == [2, 4]
        assert led.filter_task_ids(TaskFilter(changed_since="2021-10-15")) == [1, 2, 3, 4, 5, 6]
        assert led.filter_task_ids(TaskFilter(changed_since="2021-10-19")) == []
        assert led.filter_scope(TaskFilter(changed_since="2021-10-18")).task_ids == {2, 4}
        from store.exporting import export_to

        md = export_to(led, "md", task_filter=TaskFilter(changed_since="2021-10-18"))
        assert "自 2021-10-18 以来有改动的任务" in md and "按时发布政府信息公开工作年报" not in md
        assert plan == 1


# ---- naming ----------------------------------------------------------------------------------------


def test_plans_sections_and_tasks_are_named_as_the_clerk_names_them(ledger, plan_id):
    _, untitled = ledger.new_plan("河源市2020年政务公开要点分工方案")
    assert find_plan_ids(ledger, ["1"]) == find_plan_ids(ledger, ["#1"]) == [1]
    assert find_plan_ids(ledger, ["某市2021年政务公开工作要点分工方案"]) == [1]
    assert find_plan_ids(ledger, ["河源"]) == [untitled]  # a unique part
    with pytest.raises(TaizhangError) as found:
        find_plan_ids(ledger, ["政务公开"])
    assert found.value.code == "cli.ambiguous_plan" and "#1" in found.value.message("zh")
    with pytest.raises(TaizhangError):
        find_plan_ids(ledger, ["广州"])
    ledger.archive_plan(untitled)
    assert find_plan_ids(ledger, ["政务公开"]) == [1]  # live plans first
    assert find_plan_ids(ledger, ["河源"]) == [untitled]  # then archived ones
    first = ledger.sections(plan_id)[0]
    assert find_section_id(ledger, f"S{first.id}") == first.id
    assert find_section_id(ledger, "年报管理") == ledger.sections(plan_id, first.id)[0].id
    with pytest.raises(TaizhangError) as found:
        find_section_id(ledger, "（一）")
    assert found.value.code == "cli.ambiguous_section"
    assert find_task(ledger, "p1-0003").id == 3
    assert find_task(ledger, "3", [plan_id]).id == 3
    with pytest.raises(TaizhangError):
        find_task(ledger, "3")


def test_the_parse_is_said_in_words():
    assert units_preview("市教育局牵头，市财政局配合") == "牵头：市教育局；配合：市财政局"
    assert units_preview("") == "→ 没有单位"
    assert "没有认出单位名称" in units_preview("做好工作")
    assert units_preview("市教育局、相关工作要求牵头") == "牵头：市教育局；未认作单位：相关工作要求"


def test_ids_of_deleted_rows_are_never_given_again(ledger, plan_id):
    top = ledger.tasks()[-1].id
    ledger.delete_task(top)
    _, new = ledger.add_task(ledger.task(5).section_id, {"text": "新任务"})
    assert new > top
    raw = sqlite3.connect(ledger.path)
    try:
        assert raw.execute("SELECT max_id FROM id_floors WHERE tbl = 'tasks'").fetchone()[0] == top
    finally:
        raw.close()
