"""The ledger's reads and changes: import, progress, states, notes, history, undo and redo."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from conftest import MARKUP, TickingClock, make_draft
from store.errors import NotFoundError, UndoRefused
from store.ledger import KEEP_FLAG, Ledger
from store.drafts import NoteDraft


def count(led: Ledger, table: str) -> int:
    return led.db.conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def changes_of(led: Ledger, cs_id: int) -> list[tuple]:
    return led.db.conn().execute(
        "SELECT tbl, row_id, field, before, after FROM changes WHERE changeset_id = ? ORDER BY id",
        (cs_id,),
    ).fetchall()


TABLES = ("plans", "sections", "tasks", "units", "task_units", "notes", "changesets", "changes",
          "task_search", "unit_search")


def counts(led: Ledger) -> dict[str, int]:
    return {t: count(led, t) for t in TABLES}


# ---- import ----------------------------------------------------------------------------------


def test_import_writes_the_plan(ledger, draft):
    result = ledger.import_plan(draft)
    assert (result.skipped, result.revised_of, result.existing_plan_id) == (False, None, None)
    assert (result.tasks, result.sections, result.due) == (6, 4, 5)
    plan = ledger.plan(result.plan_id)
    assert (plan.title, plan.doc_no, plan.issuer, plan.issued, plan.year, plan.source) == (
        draft.title, draft.doc_no, draft.issuer, draft.issued, 2021, "plan.txt")
    assert plan.imported_at == "2021-10-15T10:00:00+08:00"
    assert len(plan.sha256) == 64
    tasks = ledger.tasks(plan_id=result.plan_id)
    assert [t.key for t in tasks] == [f"P{result.plan_id}-000{i}" for i in range(1, 7)]
    assert [t.seq for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert [t.no for t in tasks] == ["1", "2", "3", "4", "5", "6"]
    t2 = tasks[1]
    assert (t2.state, t2.flag, t2.due, t2.time_limit_kind) == ("doing", "滞后", "2021-12-31",
                                                              "year_end")
    assert t2.extra == {"牵头领导": "张三", "备注": "重点"}
    assert [n.text for n in ledger.notes(t2.id)] == ["已召开专题会议"]
    assert tasks[3].text == MARKUP  # markup is text, stored as given
    assert tasks[0].updated_at == "2021-10-15T10:00:00+08:00"


def test_import_is_one_changeset(ledger, draft):
    result = ledger.import_plan(draft)
    assert count(ledger, "changesets") == 1
    cs = result.changeset
    assert (cs.source, cs.summary, cs.kind, cs.actor, cs.actor_unit) == (
        "import", "import", "change", "tester", "市政府办")
    assert changes_of(ledger, cs.id) == [
        ("plans", result.plan_id, "created", None, json.dumps(draft.title, ensure_ascii=False))]
    assert ledger.describe(cs) == ("change.import", {"title": draft.title})


def test_import_sections_nest_in_document_order(ledger, plan_id):
    top = ledger.sections(plan_id)
    assert [(s.label, s.title, s.position) for s in top] == [
        ("一、", "做好常态化疫情防控信息公开", 1), ("二、", "加强政务公开工作指导监督", 2)]
    sub = ledger.sections(plan_id, top[0].id)
    assert [(s.title, s.parent_id) for s in sub] == [("加强年报管理", top[0].id)]
    assert ledger.sections(plan_id, sub[0].id) == []
    # a section's tasks come before its subsections' tasks
    assert [t.seq for t in ledger.tasks(section_id=top[0].id)] == [1, 2]
    assert [t.seq for t in ledger.tasks(section_id=top[0].id, recursive=True)] == [1, 2, 3, 4]
    assert [t.seq for t in ledger.tasks(section_id=sub[0].id)] == [3, 4]
    path = ledger.section_path(sub[0].id)
    assert [s.title for s in path] == ["做好常态化疫情防控信息公开", "加强年报管理"]


def test_import_units_and_roles(ledger, plan_id):
    t1, t2, _, _, t5, t6 = ledger.tasks(plan_id=plan_id)
    assert (t1.lead, t1.support, t1.responsible) == (["市卫生健康局"], ["市发展改革委"], [])
    assert (t5.lead, t5.support) == (["市政务服务数据管理局"], ["市财政局", "市卫健局"])
    assert t6.responsible == ["区党政办（文秘科、宣传科）"]
    # one unit per normalised name, shared between tasks
    assert t1.unit_refs[1].unit_id == t2.unit_refs[0].unit_id
    units = {u.name: u for u in ledger.units()}
    assert units["市发展改革委"].tasks == 2
    assert units["市发展改革委"].aliases == ["市发改委"]
    assert units["市卫健局"].aliases == ["市卫生健康局"]
    initials = dict(ledger.db.conn().execute("SELECT name, initials FROM units"))
    assert {"sfzggw", "fgw"} <= set(initials["市发展改革委"].split())
    assert {"qdzbwmkxck", "qdzb"} <= set(initials["区党政办（文秘科、宣传科）"].split())


def test_same_written_name_in_another_form_is_the_same_unit(ledger):
    ledger.import_plan(make_draft())
    other = make_draft(title="另一个方案", doc_no=None)
    t = replace(next(other.iter_tasks()), lead=(" 市发展改革委 ",), support=("市发展改革委",))
    other = replace(other, sections=(replace(other.sections[0], tasks=(t,), sections=()),))
    before = count(ledger, "units")
    ledger.import_plan(other)
    assert count(ledger, "units") == before
    task = ledger.tasks(plan_id=2)[0]
    assert task.lead == ["市发展改革委"]  # written text kept, trimmed


def test_same_document_is_skipped(ledger, draft):
    first = ledger.import_plan(draft)
    before = counts(ledger)
    again = ledger.import_plan(draft)
    assert again.skipped is True
    assert again.existing_plan_id == first.plan_id == again.plan_id
    assert again.title == draft.title
    assert counts(ledger) == before


def test_revised_plan_is_imported_as_new(ledger):
    # Ledger.import_plan writes a plan of its own whatever it is; the import use-case merges a
    # revision into the plan it revises (issue 19: tests/test_revisions.py).
    first = ledger.import_plan(make_draft(sha256="a" * 64))
    revised = ledger.import_plan(make_draft(sha256="b" * 64, extra_task="（修订）"))
    assert revised.skipped is False
    assert revised.revised_of == first.plan_id
    assert revised.plan_id != first.plan_id
    assert ledger.tasks(plan_id=revised.plan_id)[0].key == f"P{revised.plan_id}-0001"
    other = ledger.import_plan(make_draft(title="别的方案", doc_no="某府办〔2021〕9号", sha256="c" * 64))
    assert other.revised_of is None
    untitled = ledger.import_plan(make_draft(title=None, doc_no=None, sha256="d" * 64))
    assert untitled.revised_of is None
    # an untitled plan's import is named in the history as the app names the plan: its file
    source = ledger.plan(untitled.plan_id).source
    assert source and ledger.describe(untitled.changeset) == ("change.import", {"title": source})


def test_failed_import_writes_nothing(ledger, draft):
    ledger.import_plan(make_draft(title="先有一个", sha256="0" * 64))
    before = counts(ledger)
    bad_task = replace(draft.sections[1].tasks[0], state="完成")  # not a state key
    bad = replace(draft, sections=(draft.sections[0], replace(draft.sections[1],
                                                              tasks=(bad_task,))))
    with pytest.raises(ValueError):
        ledger.import_plan(bad)
    assert counts(ledger) == before
    assert ledger.db.conn().in_transaction is False


def test_keys_are_never_reused(ledger, draft):
    first = ledger.import_plan(draft)
    ledger.undo()  # deletes the plan
    assert ledger.plans() == []
    second = ledger.import_plan(draft)
    assert second.plan_id == first.plan_id + 1
    assert ledger.tasks()[0].key == f"P{second.plan_id}-0001"


def test_key_has_at_least_four_digits(ledger):
    big = make_draft()
    many = tuple(replace(big.sections[0].tasks[0], no=str(i)) for i in range(1, 10_002))
    ledger.import_plan(replace(big, sections=(replace(big.sections[0], tasks=many,
                                                      sections=()),)))
    keys = [t.key for t in ledger.tasks()]
    assert keys[0] == "P1-0001" and keys[9998] == "P1-9999" and keys[-1] == "P1-10001"
    assert ledger.task_by_key("p1-0012").seq == 12


# ---- progress --------------------------------------------------------------------------------


def test_progress_and_overdue(ledger, plan_id):
    p = ledger.plan(plan_id).progress
    # due before 2021-10-15 and not done/na: tasks 1 (06-30) and 4 (09-30); 6 is due today
    assert (p.total, p.done, p.doing, p.todo, p.na, p.overdue) == (6, 0, 1, 5, 0, 2)
    assert p.percent == 0
    ledger.set_state(1, "done")
    ledger.set_state(4, "na")
    p = ledger.plans()[0].progress
    assert (p.done, p.todo, p.na, p.overdue) == (1, 3, 1, 0)
    assert p.percent == 20  # 1 ÷ (6 − 1)


def test_overdue_follows_the_clock(tmp_path, draft):
    late = TickingClock()
    late.now = late.now.replace(month=12, day=31)
    with Ledger(tmp_path / "t.db", clock=late) as led:
        led.import_plan(draft)
        assert led.plans()[0].progress.overdue == 3  # 1, 4 and 6; 2 is due today, 12-31
        late.now = late.now.replace(year=2022, month=1, day=1)
        assert led.plans()[0].progress.overdue == 4


def kept_counts(led: Ledger) -> list[tuple]:
    return led.db.conn().execute(
        "SELECT plan_id, state, n FROM plan_task_counts WHERE n > 0 ORDER BY 1, 2").fetchall()


def counted_counts(led: Ledger) -> list[tuple]:
    return led.db.conn().execute(
        "SELECT plan_id, state, count(*) FROM tasks GROUP BY 1, 2 ORDER BY 1, 2").fetchall()


def test_plan_counts_kept_by_triggers_follow_every_change(ledger, plan_id):
    """The per-plan counts of schema v4 agree with the tasks after imports, state changes in
    one and in many, undo and redo, and an import undone (its plan deleted)."""
    assert kept_counts(ledger) == counted_counts(ledger) == [(plan_id, "doing", 1), (plan_id, "todo", 5)]
    second = ledger.import_plan(make_draft("另一个方案", doc_no="另〔2021〕1号")).plan_id
    ledger.set_state(1, "done")
    ledger.set_state([2, 3, 4], "na")
    ledger.cycle_state(5)
    assert kept_counts(ledger) == counted_counts(ledger)
    ledger.undo()
    ledger.undo()
    assert kept_counts(ledger) == counted_counts(ledger)
    ledger.redo()
    assert kept_counts(ledger) == counted_counts(ledger)
    while ledger.db.conn().execute("SELECT count(*) FROM plans WHERE id = ?", (second,)).fetchone()[0]:
        ledger.undo()  # back to before the second plan's import
    assert second not in {p for p, *_ in kept_counts(ledger)}
    assert kept_counts(ledger) == counted_counts(ledger)
    p = ledger.plans()[0].progress
    assert (p.total, p.done + p.doing + p.todo + p.na) == (6, 6)


def test_plans_without_overdue_say_it_was_not_counted(ledger, plan_id):
    counted = ledger.plans()[0].progress
    uncounted = ledger.plans(overdue=False)[0].progress
    assert counted.overdue == 2 and uncounted.overdue is None
    assert replace(uncounted, overdue=2) == counted


def test_section_progress_counts_everything_below(ledger, plan_id):
    first, second = ledger.sections(plan_id)
    assert (first.progress.total, first.progress.doing, first.progress.overdue) == (4, 1, 2)
    assert second.progress.total == 2
    sub = ledger.sections(plan_id, first.id)[0]
    assert (sub.progress.total, sub.progress.overdue) == (2, 1)
    ledger.set_state([3, 4], "done")
    first = ledger.sections(plan_id)[0]
    assert (first.progress.done, first.progress.overdue) == (2, 1)


# ---- finding ---------------------------------------------------------------------------------


def test_not_found(ledger, plan_id):
    with pytest.raises(NotFoundError) as info:
        ledger.task(999)
    assert info.value.message("zh") == "找不到任务：999"
    assert info.value.message("en") == "No such task: 999"
    with pytest.raises(NotFoundError):
        ledger.task_by_key("P9-0001")
    with pytest.raises(NotFoundError):
        ledger.plan(42)
    with pytest.raises(NotFoundError):
        ledger.set_state([1, 999], "done")
    assert ledger.task(1).state == "todo"  # nothing half-done


def test_tasks_by_ids_in_seq_order(ledger, plan_id):
    assert [t.id for t in ledger.tasks(ids=[5, 2, 3])] == [2, 3, 5]
    assert len(ledger.tasks()) == 6


# ---- states ----------------------------------------------------------------------------------


def test_set_state_records_history(ledger, plan_id):
    cs = ledger.set_state(2, "done")
    assert (cs.kind, cs.source, cs.actor, cs.actor_unit) == ("change", "ui", "tester", "市政府办")
    # a state key clears the 滞后 flag, and both fields are recorded
    assert changes_of(ledger, cs.id) == [
        ("tasks", 2, "state", '"doing"', '"done"'),
        ("tasks", 2, "flag", '"滞后"', None),
    ]
    task = ledger.task(2)
    assert (task.state, task.flag) == ("done", None)
    assert task.updated_at == cs.at != "2021-10-15T10:00:00+08:00"


def test_set_state_without_change_returns_none(ledger, plan_id):
    before = count(ledger, "changesets")
    assert ledger.set_state(1, "todo") is None
    assert count(ledger, "changesets") == before


def test_flag_rules(ledger, plan_id):
    assert ledger.set_state(2, "doing", flag=KEEP_FLAG) is None  # same state, flag kept
    ledger.set_state(1, "doing", flag="滞后")
    assert ledger.task(1).flag == "滞后"
    cs = ledger.set_state(1, "doing")  # the same state key still clears the flag
    assert [c.field for c in cs.changes] == ["flag"]
    assert ledger.task(1).flag is None
    ledger.set_state(1, "doing", flag="滞后")
    ledger.set_state(1, "done", flag=KEEP_FLAG)
    assert (ledger.task(1).state, ledger.task(1).flag) == ("done", "滞后")


def test_set_state_many_is_one_changeset(ledger, plan_id):
    cs = ledger.set_state([1, 3, 5], "done", source="cli")
    assert cs.source == "cli"
    assert {(c.row_id, c.field) for c in cs.changes} == {(1, "state"), (3, "state"), (5, "state")}
    assert ledger.describe(cs) == ("change.many", {"count": 3, "before": "未开始",
                                                    "after": "已完成"})
    assert ledger.describe(cs, "en")[1]["after"] == "done"


def test_bad_state_and_source(ledger, plan_id):
    with pytest.raises(ValueError):
        ledger.set_state(1, "finished")
    with pytest.raises(ValueError):
        ledger.set_state(1, "done", source="web")
    assert ledger.task(1).state == "todo"


def test_cycle_state(ledger, plan_id):
    seen = []
    for _ in range(4):
        ledger.cycle_state(1)
        seen.append(ledger.task(1).state)
    assert seen == ["doing", "done", "todo", "doing"]
    ledger.set_state(3, "na")
    cs = ledger.cycle_state(3)
    assert ledger.task(3).state == "todo"
    assert ledger.describe(cs) == ("change.state", {"task": "3", "before": "不涉及",
                                                     "after": "未开始"})


def test_toggle_done(ledger, plan_id):
    ledger.toggle_done(2)
    assert (ledger.task(2).state, ledger.task(2).flag) == ("done", None)
    cs = ledger.toggle_done(2)
    assert ledger.task(2).state == "todo"
    assert ledger.describe(cs) == ("change.state", {"task": "2", "before": "已完成",
                                                     "after": "未开始"})


def test_describe_flag(ledger, plan_id):
    cs = ledger.set_state(2, "done")
    assert ledger.describe(cs)[1]["before"] == "进行中（滞后）"
    assert ledger.describe(cs, "en")[1]["before"] == "in progress (behind)"


# ---- notes -----------------------------------------------------------------------------------


def test_add_note(ledger, plan_id):
    note = ledger.add_note(1, "第一条\x1b[31m红色\x1b[0m\r\n第二行\x07")
    assert note.text == "第一条红色\n第二行"
    assert (note.author, note.unit, note.source) == ("tester", "市政府办", "ui")
    other = ledger.add_note(1, MARKUP, author="王五", unit="市财政局", source="cli",
                            at="2021-10-16T08:00:00+08:00")
    assert other.text == MARKUP and other.at == "2021-10-16T08:00:00+08:00"
    assert ledger.history(1)[0].at.startswith("2021-10-15T10:00:")  # the change is now
    assert [n.id for n in ledger.notes(1)] == [other.id, note.id]  # newest first
    cs = ledger.history(1)[0]
    assert cs.changes[0].field == "created" and cs.changes[0].after == MARKUP
    assert ledger.describe(cs) == ("change.note_added", {"task": "1", "count": 1})
    with pytest.raises(ValueError):
        ledger.add_note(1, "  \x1b[0m ")
    with pytest.raises(NotFoundError):
        ledger.add_note(999, "x")


def test_edit_and_delete_note(ledger, plan_id):
    note = ledger.add_note(1, "原文")
    edited = ledger.edit_note(note.id, "改后\x00")
    assert edited.text == "改后" and edited.edited_at is not None
    assert changes_of(ledger, ledger.history(1)[0].id) == [
        ("notes", note.id, "text", '"原文"', '"改后"')]
    n_sets = count(ledger, "changesets")
    assert ledger.edit_note(note.id, "改后") == edited  # no change, no change-set
    assert count(ledger, "changesets") == n_sets
    cs = ledger.delete_note(note.id)
    assert ledger.describe(cs) == ("change.note_deleted", {"task": "1", "count": 1})
    assert ledger.notes(1) == []
    row = ledger.db.conn().execute("SELECT deleted, text FROM notes WHERE id = ?",
                                 (note.id,)).fetchone()
    assert row == (1, "改后")  # kept, marked deleted
    with pytest.raises(NotFoundError):
        ledger.edit_note(note.id, "again")
    with pytest.raises(NotFoundError):
        ledger.delete_note(note.id)


# ---- history ---------------------------------------------------------------------------------


def test_every_change_is_history(ledger, plan_id):
    ledger.toggle_done(1)
    note = ledger.add_note(1, "a")
    ledger.edit_note(note.id, "b")
    ledger.delete_note(note.id)
    ledger.set_state([1, 2], "na")
    ledger.undo()
    history = ledger.history(1)
    assert [(cs.kind, [c.field for c in cs.changes]) for cs in history] == [
        ("undo", ["state"]),
        ("change", ["state"]),  # only task 1's part of the two-task change-set
        ("change", ["deleted"]),
        ("change", ["text"]),
        ("change", ["created"]),
        ("change", ["state"]),
    ]
    ats = [cs.at for cs in history]
    assert ats == sorted(ats, reverse=True)
    assert ledger.history(6) == []


# ---- undo and redo ---------------------------------------------------------------------------


def test_undo_redo_chain(ledger, plan_id):
    a = ledger.toggle_done(1)
    b = ledger.toggle_done(3)
    assert ledger.peek_undo().id == b.id
    undo_b = ledger.undo()
    assert (undo_b.kind, undo_b.target_id) == ("undo", b.id)
    assert changes_of(ledger, undo_b.id) == [("tasks", 3, "state", '"done"', '"todo"')]
    assert ledger.task(3).state == "todo"
    undo_a = ledger.undo()
    assert undo_a.target_id == a.id and ledger.task(1).state == "todo"
    assert ledger.peek_undo().summary == "import"  # the next older one is the import
    assert ledger.can_redo() is True
    redo_a = ledger.redo()
    assert (redo_a.kind, redo_a.target_id) == ("redo", undo_a.id)
    assert ledger.task(1).state == "done"
    redo_b = ledger.redo()
    assert redo_b.target_id == undo_b.id and ledger.task(3).state == "done"
    with pytest.raises(UndoRefused) as info:
        ledger.redo()
    assert info.value.code == "redo.nothing"
    # a redone change can be undone again
    again = ledger.undo()
    assert again.target_id == b.id and ledger.task(3).state == "todo"


def test_undo_restores_flag(ledger, plan_id):
    ledger.set_state(2, "done")
    ledger.undo()
    assert (ledger.task(2).state, ledger.task(2).flag) == ("doing", "滞后")


def test_new_change_clears_redo(ledger, plan_id):
    ledger.toggle_done(1)
    ledger.undo()
    assert ledger.can_redo()
    ledger.toggle_done(5)
    assert ledger.can_redo() is False
    with pytest.raises(UndoRefused):
        ledger.redo()
    assert ledger.task(1).state == "todo"


def test_undo_refuses_when_changed_since_then_offers_older(ledger, tmp_path, plan_id):
    older = ledger.set_state(2, "done")
    newer = ledger.set_state(1, "done")
    with Ledger(ledger.path, clock=TickingClock(), actor="colleague") as other:
        other.set_state(1, "doing")  # task 1 is no longer "done"
    with pytest.raises(UndoRefused) as info:
        ledger.undo()
    assert info.value.code == "undo.conflict" and info.value.params == {"task": "1", "what": "task"}
    assert "任务 1" in info.value.message("zh")
    assert ledger.task(1).state == "doing"  # untouched
    undone = ledger.undo()  # offers the next older one
    assert undone.target_id == older.id
    assert (ledger.task(2).state, ledger.task(2).flag) == ("doing", "滞后")
    assert newer.id not in {cs.target_id for cs in ledger.history(1)}


def test_undo_is_per_actor(ledger, plan_id):
    mine = ledger.toggle_done(1)
    with Ledger(ledger.path, clock=TickingClock(), actor="colleague") as other:
        other.toggle_done(5)
        assert other.peek_undo().changes[0].row_id == 5
    assert ledger.undo().target_id == mine.id
    assert ledger.task(5).state == "done"  # the colleague's change stays


def test_undo_notes(ledger, plan_id):
    note = ledger.add_note(1, "会议纪要")
    ledger.undo()  # an added note is soft-deleted
    assert ledger.notes(1) == []
    ledger.redo()
    assert [n.text for n in ledger.notes(1)] == ["会议纪要"]
    ledger.edit_note(note.id, "会议纪要（修改）")
    ledger.undo()
    assert ledger.notes(1)[0].text == "会议纪要"
    ledger.delete_note(note.id)
    cs = ledger.undo()  # a deleted note comes back
    assert ledger.describe(cs) == ("change.note_added", {"task": "1", "count": 1})
    assert [n.text for n in ledger.notes(1)] == ["会议纪要"]


def test_undo_import(ledger, draft):
    result = ledger.import_plan(draft)
    ledger.add_note(1, "备注")
    ledger.undo()
    peek = ledger.peek_undo()
    assert peek.id == result.changeset.id and peek.summary == "import"
    undo = ledger.undo()
    assert ledger.describe(undo) == ("change.import", {"title": draft.title})
    assert ledger.plans() == [] and ledger.tasks() == []
    assert count(ledger, "sections") == count(ledger, "task_units") == 0
    assert count(ledger, "notes") == count(ledger, "task_search") == 0
    assert ledger.search("疫情") == []
    assert ledger.can_undo() is False
    with pytest.raises(UndoRefused) as info:
        ledger.undo()
    assert info.value.code == "undo.nothing"
    assert ledger.can_redo() is False
    with pytest.raises(UndoRefused) as info:
        ledger.redo()
    assert info.value.code == "redo.import_gone"


def test_replayed_history_is_not_undone(ledger):
    from store.drafts import HistoryDraft

    draft = make_draft()
    t1 = replace(draft.sections[0].tasks[0], state="done", history=(
        HistoryDraft("2021-09-01T09:00:00+08:00", "tester", None, "ui", "state", "todo", "done"),
    ))
    draft = replace(draft, sections=(replace(draft.sections[0],
                                             tasks=(t1, draft.sections[0].tasks[1])),
                                     draft.sections[1]))
    result = ledger.import_plan(draft)
    assert ledger.peek_undo().id == result.changeset.id
    assert ledger.history(1)[0].summary == "replayed"
    ledger.undo()
    assert ledger.can_undo() is False


def test_draft_notes_keep_their_fields(ledger):
    draft = make_draft()
    t = replace(draft.sections[0].tasks[0], notes=(
        NoteDraft("甲", at="2021-01-01T00:00:00+08:00", author="a", unit="u", source="merge"),
        NoteDraft("乙")))
    draft = replace(draft, sections=(replace(draft.sections[0], tasks=(t,), sections=()),))
    ledger.import_plan(draft)
    notes = ledger.notes(1)
    assert [(n.text, n.author, n.unit, n.source) for n in notes] == [
        ("乙", None, None, "import"), ("甲", "a", "u", "merge")]
    assert notes[0].at == "2021-10-15T10:00:00+08:00"


def test_describe_renders_with_the_catalog(ledger, plan_id):
    from store import i18n

    code, params = ledger.describe(ledger.toggle_done(1))
    assert i18n.t(code, "zh", **params) == "任务 1 未开始 → 已完成"


# ---- folding the WAL in ------------------------------------------------------------------------


def test_deferred_checkpoints_keep_commits_in_the_wal_until_a_passive_checkpoint(ledger, plan_id):
    ledger.defer_checkpoints()
    task_ids = [t.id for t in ledger.tasks(plan_id=plan_id)]
    wal = ledger.path.with_name(ledger.path.name + "-wal")
    page = ledger.db.conn().execute("PRAGMA page_size").fetchone()[0]
    before = ledger.commits_since_checkpoint  # the import's commit
    # SQLite would fold the WAL in at 1,000 pages; with fold_later it keeps growing
    for n in range(700):
        ledger.toggle_done(task_ids[n % len(task_ids)])
    assert ledger.commits_since_checkpoint == before + 700
    assert wal.stat().st_size > 1000 * page
    assert ledger.checkpoint_passive() is True
    assert ledger.commits_since_checkpoint == 0
    # folded: another connection reading the database file alone sees every change
    other = Ledger(ledger.path, actor="other")
    try:
        assert [t.state for t in other.tasks(plan_id=plan_id)] == [t.state for t in ledger.tasks(plan_id=plan_id)]
        assert other.db.conn().execute("SELECT count(*) FROM changesets").fetchone()[0] >= 701
    finally:
        other.close()
    # new connections (a worker thread's) keep the rule too
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(
        ledger.db.conn().execute("PRAGMA wal_autocheckpoint").fetchone()[0]))
    thread.start()
    thread.join()
    assert seen == [0]


def _wal_frames(ledger) -> int:
    """Frames in the WAL now (a passive checkpoint reports them without waiting on anyone)."""
    return ledger.db.conn().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]


def _write_pages(ledger, task_ids, pages: int) -> None:
    """Commits of about 100 pages each (rows of note text written straight through the core,
    without the search index: the WAL is what is measured) until `pages` pages are written."""
    text = "材料已报送并归档。" * 4500  # ~120 KB: some 30 pages a row
    for n in range(pages // 100):
        with ledger.db.transaction(source="cli") as tx:
            for k in range(3):
                tx.execute("INSERT INTO notes (task_id, at, author, source, text) "
                           "VALUES (?, ?, 'tester', 'cli', ?)",
                           (task_ids[(n + k) % len(task_ids)], tx.at, f"{n}-{k}{text}"))


def test_without_deferring_sqlite_checkpoints_by_itself(ledger, plan_id):
    """With SQLite's own rule (1,000 pages) the WAL starts over by itself; deferred, it only
    grows until the app's passive checkpoint runs."""
    task_ids = [t.id for t in ledger.tasks(plan_id=plan_id)]
    assert ledger.db.conn().execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    before = ledger.commits_since_checkpoint
    _write_pages(ledger, task_ids, 3000)
    assert ledger.commits_since_checkpoint == before + 30  # counted all the same
    # a checkpoint inside some commit restarted the log: fewer frames than were written
    assert _wal_frames(ledger) < 1000 + 200


def test_deferred_checkpoints_let_the_wal_grow_past_sqlites_own_limit(ledger, plan_id):
    ledger.defer_checkpoints()
    task_ids = [t.id for t in ledger.tasks(plan_id=plan_id)]
    wal = ledger.path.with_name(ledger.path.name + "-wal")
    _write_pages(ledger, task_ids, 3000)
    page = ledger.db.conn().execute("PRAGMA page_size").fetchone()[0]
    assert wal.stat().st_size > 2500 * page  # no commit checkpointed it
