"""JSON v1: the export's shape, reading it back, and the export → import → export round trip."""
from __future__ import annotations

import copy
import json

import pytest

from conftest import MARKUP, TickingClock, make_draft
from store.errors import ImportFailed
from store.exporting.json_export import export_json
from store.importing.json_reader import read_json
from store.ledger import Ledger

PLAN_KEYS = {"id", "sha256", "title", "issuer", "doc_no", "issued", "year", "source", "sections"}
SECTION_KEYS = {"label", "title", "sections", "tasks"}
TASK_KEYS = {"key", "no", "text", "units", "lead", "support", "responsible", "time_limit",
             "time_limit_kind", "due", "state", "flag", "updated_at", "extra", "notes", "history"}
NOTE_KEYS = {"id", "at", "author", "unit", "source", "text"}
HISTORY_KEYS = {"at", "actor", "unit", "source", "field", "before", "after"}


def walk_tasks(sections):
    for s in sections:
        yield from s["tasks"]
        yield from walk_tasks(s["sections"])


def walk_sections(sections):
    for s in sections:
        yield s
        yield from walk_sections(s["sections"])


def without_ids(doc: dict) -> dict:
    """The export with what a new database numbers anew taken out: exported_at, ids, keys."""
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    for plan in doc["plans"]:
        plan.pop("id")
        for task in walk_tasks(plan["sections"]):
            task.pop("key")
            for note in task["notes"]:
                note.pop("id")
    return doc


def busy_ledger(led: Ledger) -> None:
    """Tick, flag, note, edit, delete and undo a few tasks, as a clerk would."""
    led.import_plan(make_draft())
    led.toggle_done(1)
    led.set_state(3, "doing", flag="滞后")
    led.set_state([4, 5], "na", source="cli")
    note = led.add_note(1, "已完成并报送")
    led.add_note(3, MARKUP)
    gone = led.add_note(5, "写错了")
    led.edit_note(note.id, "已完成并报送（附件）")
    led.delete_note(gone.id)
    led.cycle_state(6)
    led.undo()  # task 6 back to todo
    led.toggle_done(2)
    led.undo()
    led.redo()  # task 2 done again


@pytest.fixture
def busy(ledger):
    busy_ledger(ledger)
    return ledger


def test_export_shape(busy):
    doc = export_json(busy)
    assert (doc["format"], doc["version"]) == ("taizhang", 1)
    assert doc["exported_at"].startswith("2021-10-15T10:")
    assert doc["exported_at"].endswith("+08:00")
    [plan] = doc["plans"]
    assert set(plan) == PLAN_KEYS
    assert plan["title"] == "某市2021年政务公开工作要点分工方案" and plan["year"] == 2021
    for s in walk_sections(plan["sections"]):
        assert set(s) == SECTION_KEYS
    assert [s["title"] for s in plan["sections"]] == ["做好常态化疫情防控信息公开",
                                                       "加强政务公开工作指导监督"]
    tasks = list(walk_tasks(plan["sections"]))
    assert [t["key"] for t in tasks] == [f"P1-000{i}" for i in range(1, 7)]
    for t in tasks:
        assert set(t) == TASK_KEYS
        for n in t["notes"]:
            assert set(n) == NOTE_KEYS
        for h in t["history"]:
            assert set(h) == HISTORY_KEYS
    t1, t2, t3, t4, t5, t6 = tasks
    assert (t1["lead"], t1["support"], t1["responsible"]) == (["市卫生健康局"], ["市发展改革委"], [])
    assert t5["support"] == ["市财政局", "市卫健局"]
    assert t3["due"] is None and t3["time_limit_kind"] == "continuous"
    assert (t3["state"], t3["flag"]) == ("doing", "滞后")
    assert t2["extra"] == {"牵头领导": "张三", "备注": "重点"}
    assert t4["text"] == MARKUP and t3["notes"][0]["text"] == MARKUP
    assert [n["text"] for n in t1["notes"]] == ["已完成并报送（附件）"]
    assert t5["notes"] == []  # the deleted note is not exported, only its history
    assert [n["text"] for n in t2["notes"]] == ["已召开专题会议"]  # oldest first
    assert t1["history"][0]["at"].startswith("2021-10-15T10:") and t1["history"][0]["at"].endswith("+08:00")
    assert {k: v for k, v in t1["history"][0].items() if k != "at"} == {
        "actor": "tester", "unit": "市政府办", "source": "ui", "field": "state",
        "before": "todo", "after": "done"}
    assert [(h["field"], h["before"], h["after"]) for h in t1["history"]] == [
        ("state", "todo", "done"),
        ("note", None, "已完成并报送"),
        ("note", "已完成并报送", "已完成并报送（附件）"),
    ]
    assert [(h["field"], h["before"], h["after"], h["source"]) for h in t5["history"]] == [
        ("state", "todo", "na", "cli"),
        ("note", None, "写错了", "ui"),
        ("note", "写错了", None, "ui"),
    ]
    assert [(h["field"], h["after"]) for h in t6["history"]] == [("state", "doing"),
                                                                 ("state", "todo")]
    assert [(h["field"], h["after"]) for h in t2["history"]] == [
        ("state", "done"), ("flag", None), ("flag", "滞后"), ("state", "doing"),
        ("state", "done"), ("flag", None)]
    ats = [h["at"] for h in t2["history"]]
    assert ats == sorted(ats)
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc


def test_round_trip(busy, tmp_path):
    first = export_json(busy)
    text = json.dumps(first, ensure_ascii=False, indent=1)
    drafts = read_json(text)
    assert len(drafts) == 1 and drafts[0].sha256 == first["plans"][0]["sha256"]
    with Ledger(tmp_path / "fresh.db", clock=TickingClock(), actor="someone") as fresh:
        result = fresh.import_plan(drafts[0])
        assert (result.skipped, result.tasks, result.sections) == (False, 6, 4)
        second = export_json(fresh)
    assert second["exported_at"] != first["exported_at"]  # the fresh clock's own time
    assert without_ids(second) == without_ids(first)


def test_round_trip_through_a_file_twice(busy, tmp_path):
    path = tmp_path / "export.json"
    first = export_json(busy)
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    with Ledger(tmp_path / "b.db", clock=TickingClock()) as b:
        b.import_plan(read_json(path)[0])
        b.toggle_done(6)
        middle = export_json(b)
    with Ledger(tmp_path / "c.db", clock=TickingClock()) as c:
        c.import_plan(read_json(json.dumps(middle).encode("utf-8"))[0])
        last = export_json(c)
    assert without_ids(last) == without_ids(middle)
    t6 = list(walk_tasks(last["plans"][0]["sections"]))[5]
    assert [(h["field"], h["after"]) for h in t6["history"]] == [
        ("state", "doing"), ("state", "todo"), ("state", "done")]


def test_import_into_the_same_database_is_skipped(busy):
    doc = export_json(busy)
    before = busy.db.conn().execute("SELECT count(*) FROM changesets").fetchone()[0]
    result = busy.import_plan(read_json(json.dumps(doc))[0])
    assert result.skipped is True and result.existing_plan_id == 1
    assert busy.db.conn().execute("SELECT count(*) FROM changesets").fetchone()[0] == before


def test_imported_history_is_history_but_not_undoable(busy, tmp_path):
    doc = export_json(busy)
    with Ledger(tmp_path / "b.db", clock=TickingClock(), actor="tester") as b:
        result = b.import_plan(read_json(json.dumps(doc))[0])
        history = b.history(1)
        assert [cs.summary for cs in history] == ["replayed"] * 3
        assert history[-1].at == busy.history(1)[-1].at  # the original times
        assert history[-1].actor_unit == "市政府办"
        assert b.task(1).updated_at == busy.task(1).updated_at
        assert b.peek_undo().id == result.changeset.id  # only the import itself
        b.undo()
        assert b.can_undo() is False and b.plans() == []


def test_export_selected_plans_and_tasks(busy):
    busy.import_plan(make_draft(title="第二个方案", sha256="e" * 64))
    assert [p["title"] for p in export_json(busy, plan_ids=[2])["plans"]] == ["第二个方案"]
    assert len(export_json(busy)["plans"]) == 2
    doc = export_json(busy, task_ids=[3, 5])
    [plan] = doc["plans"]
    assert [t["key"] for t in walk_tasks(plan["sections"])] == ["P1-0003", "P1-0005"]
    # only the sections that lead to the chosen tasks
    assert [s["title"] for s in walk_sections(plan["sections"])] == [
        "做好常态化疫情防控信息公开", "加强年报管理", "加强政务公开工作指导监督"]
    assert export_json(busy, plan_ids=[2], task_ids=[3])["plans"] == []


def test_empty_ledger_exports_no_plans(ledger):
    doc = export_json(ledger)
    assert doc["plans"] == [] and doc["format"] == "taizhang"


def test_reader_cleans_control_characters(busy):
    doc = export_json(busy)
    task = doc["plans"][0]["sections"][0]["tasks"][0]
    task["text"] = "文本\x1b[2J清屏"
    task["notes"][0]["text"] = "备注\x07"
    [draft] = read_json(json.dumps(doc))
    first = next(draft.iter_tasks())
    assert first.text == "文本清屏" and first.notes[0].text == "备注"
    assert {w.code for w in draft.warnings} == {"warn.control_chars"}
    assert len(draft.warnings) == 2


def test_reader_keeps_everything(busy):
    doc = export_json(busy)
    [draft] = read_json(json.dumps(doc))
    t2 = list(draft.iter_tasks())[1]
    assert (t2.state, t2.flag, t2.due) == ("done", None, "2021-12-31")
    assert dict(t2.extra) == {"牵头领导": "张三", "备注": "重点"}
    assert t2.history[0].field == "state" and t2.history[0].actor == "tester"
    assert t2.notes[0].author == "李四" and t2.notes[0].source == "import"
    assert draft.doc_no == "某府办〔2021〕5号" and draft.issued == "2021-05-10"


def _doc(**change):
    doc = {"format": "taizhang", "version": 1, "exported_at": None, "plans": [
        {"sha256": None, "title": "t", "sections": [
            {"label": None, "title": "s", "sections": [], "tasks": [{"text": "x"}]}]}]}
    doc.update(change)
    return json.dumps(doc)


@pytest.mark.parametrize(
    "text",
    [
        "{not json at all",
        "[1, 2, 3]",
        '{"format": "other", "version": 1, "plans": []}',
        '{"format": "taizhang", "version": 2, "plans": []}',
        '{"format": "taizhang", "version": 1, "plans": {}}',
        _doc(plans=[{"sections": [{"title": "s", "tasks": [{"no": "1"}]}]}]),  # no text
        _doc(plans=[{"sections": [{"title": "s", "tasks": [{"text": "x", "state": "完成"}]}]}]),
        _doc(plans=[{"sections": [{"title": "s", "tasks": [{"text": "x", "lead": "甲"}]}]}]),
        _doc(plans=[{"year": "2021", "sections": []}]),
        _doc(plans=[{"sections": [{"title": "s", "tasks": [{"text": 5}]}]}]),
        _doc(plans=[{"sections": [{"title": "s", "tasks": [{"text": "x", "extra": []}]}]}]),
        _doc(plans=[{"sections": [{"title": "s", "tasks": [
            {"text": "x", "history": [{"field": "state"}]}]}]}]),
        _doc(plans=["plan"]),
    ],
)
def test_reader_refuses_what_is_not_ours(text):
    with pytest.raises(ImportFailed) as info:
        read_json(text)
    assert info.value.why == "import.bad_json"
    assert "taizhang" in info.value.message("zh")


def test_reader_refuses_a_file_that_is_not_ours(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(ImportFailed) as info:
        read_json(path)
    assert info.value.path == str(path) and info.value.why == "import.bad_json"
    with pytest.raises(ImportFailed) as info:
        read_json(tmp_path / "missing.json")
    assert info.value.why == "import.not_found"


def test_reader_minimal_document():
    [draft] = read_json(_doc())
    [task] = list(draft.iter_tasks())
    assert (task.text, task.state, task.flag, task.notes, task.history) == ("x", "todo", None,
                                                                            (), ())
    assert draft.sha256 is None


def test_json_import_without_sha_is_still_skipped_the_second_time(ledger):
    [draft] = read_json(_doc())
    assert ledger.import_plan(draft).skipped is False
    assert ledger.import_plan(read_json(_doc())[0]).skipped is True


def test_exported_json_with_bom_reads(tmp_path, busy):
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode() + json.dumps(export_json(busy)).encode())
    assert read_json(path)[0].title == "某市2021年政务公开工作要点分工方案"
    assert read_json(path.read_text("utf-8"))[0].title.startswith("某市")

