"""The report every status export lays out: rows, summary, and choosing what goes in."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from export_data import (
    PLAN1_PERCENT,
    PLAN1_STATES,
    PLAN1_SUMMARY,
    PLAN1_TEXTS,
    PLAN1_TITLE,
    PLAN1_UNITS,
    busy,
)
from store.exporting import FORMATS, export_to, resolve
from store.exporting.report import build_report, xml_safe
from store.filtering import TaskFilter, my_units
from store.ledger import Ledger
from store.unitnames import DEFAULT_CATCH_ALLS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def plans(ledger):
    return busy(ledger)


def _counts(line):
    p = line.progress
    return (p.done, p.doing, p.todo, p.na, p.total, p.overdue)


def test_rows_in_document_order_with_words_and_notes(ledger, plans):
    p1, _ = plans
    report = build_report(ledger, plan_ids=[p1])
    assert report.title == PLAN1_TITLE
    rows = report.plans[0].rows
    assert [r.text for r in rows] == PLAN1_TEXTS
    assert [r.state_word for r in rows] == PLAN1_STATES
    assert [r.no for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[2].path == ("一、做好常态化疫情防控信息公开", "（一）加强年报管理")
    assert rows[0].lead == "市卫生健康局" and rows[4].lead == "市政务服务数据管理局"
    assert rows[4].units == "市政务服务数据管理局牵头，市财政局、市卫健局配合"  # as written
    assert rows[0].notes[0].startswith("2021-10-15 张三（市政府办）：第二条")  # newest first
    assert rows[0].notes[1].startswith("2021-10-15 王五（市卫生健康局）：第一条")
    assert rows[1].notes == ("2021-09-01 李四（市发展改革委）：已召开专题会议",)
    assert [r.overdue for r in rows] == [False, False, False, True, False, False]
    assert str(rows[3].due) == "2021-09-30" and rows[2].due is None
    assert rows[1].style == "lagging" and rows[0].style == "done"


def test_summary_per_plan_section_and_lead_unit(ledger, plans):
    p1, _ = plans
    report = build_report(ledger, plan_ids=[p1])
    lines = report.summary_lines()
    assert {line.name: _counts(line) for line in lines} == PLAN1_SUMMARY
    assert {line.name: line.progress.percent for line in lines} == PLAN1_PERCENT
    assert [line.depth for line in lines] == [0, 1, 2, 1, 2]
    assert {u.name: _counts(u) for u in report.units} == PLAN1_UNITS


def test_unfiltered_summary_agrees_with_the_ledger(tmp_path):
    """The report counts what the tree shows: plans and sections, on the sample."""
    db = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", db)
    from conftest import TickingClock

    with Ledger(db, clock=TickingClock()) as led:
        ids = [t.id for t in led.tasks(plan_id=2)]
        led.set_state(ids[:7], "done")
        led.set_state(ids[7:9], "na")
        report = build_report(led)
        assert report.task_count == 223
        for plan_report in report.plans:
            assert plan_report.summary.progress == led.plan(plan_report.plan.id).progress
            expected = {}

            def walk(parent, plan_id=plan_report.plan.id):
                for s in led.sections(plan_id, parent):
                    if s.progress.total:
                        expected[s.id] = s.progress
                    walk(s.id)

            walk(None)
            assert [s.progress for s in plan_report.sections] == list(expected.values())
        assert report.total.progress.total == 223 and report.total.progress.done == 7


def test_english_words_and_headers(ledger, plans):
    report = build_report(ledger, plan_ids=[plans[0]], lang="en")
    assert report.headers["state"] == "Status"
    assert [r.state_word for r in report.plans[0].rows][:3] == ["done", "in progress (behind)", "not applicable"]


def test_xml_safe_drops_what_xml_cannot_hold():
    assert xml_safe("a\x00b\x0bc\ufffe\td\r\ne") == "abc\td\ne"
    assert xml_safe(None) == ""


# ---- choosing what goes in: each filter, through export_to --------------------------------


def _csv_texts(data: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    return [r[3] for r in rows[1:]]


def _texts(*seqs):
    return [PLAN1_TEXTS[s - 1] for s in seqs]


@pytest.mark.parametrize(
    "task_filter, seqs",
    [
        (TaskFilter(states=("done",)), [1]),
        (TaskFilter(states=("open",)), [2, 4, 5, 6]),
        (TaskFilter(states=("todo", "na")), [3, 4, 6]),
        (TaskFilter(units=("市发展改革委",)), [1, 2]),
        (TaskFilter(units=("市发改委",)), [1, 2]),  # an alias
        (TaskFilter(units=("区党政办",)), [6]),  # matches 区党政办（文秘科、宣传科）
        (TaskFilter(units=my_units("区党政办", (), DEFAULT_CATCH_ALLS)), [3, 6]),  # my unit
        (TaskFilter(overdue=True), [4]),
        (TaskFilter(due_within=80), [2, 6]),
        (TaskFilter(query="考核"), [6]),
        (TaskFilter(states=("open",), units=("市发展改革委",)), [2]),
    ],
)
def test_each_filter_through_export_to(ledger, plans, task_filter, seqs):
    p1, _ = plans
    f = task_filter.with_(plan_ids=(p1,))
    assert _csv_texts(export_to(ledger, "csv", task_filter=f)) == _texts(*seqs)
    report = build_report(ledger, task_ids=resolve(ledger, task_filter=f)[1])
    assert report.plans[0].summary.progress.total == len(seqs)


def test_filter_over_all_plans_and_plan_ids(ledger, plans):
    p1, p2 = plans
    both = _csv_texts(export_to(ledger, "csv", task_filter=TaskFilter(states=("todo",))))
    assert len(both) == 2 + 5  # plan 1's two todo tasks, the hostile plan's five
    only2 = export_to(ledger, "csv", plan_ids=[p2], task_filter=TaskFilter(states=("todo",)))
    assert len(_csv_texts(only2)) == 5
    assert _csv_texts(export_to(ledger, "csv", task_filter=TaskFilter(plan_ids=(p1,)))) == PLAN1_TEXTS
    assert _csv_texts(export_to(ledger, "csv", plan_ids=[p1], task_ids=[])) == []


def test_a_filtered_report_says_what_it_holds(ledger, plans):
    md = export_to(ledger, "md", task_filter=TaskFilter(plan_ids=(plans[0],), states=("open",), overdue=True))
    assert "筛选条件：完成情况：未完成；已逾期" in md
    assert "筛选条件" not in export_to(ledger, "md", plan_ids=[plans[0]])


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_nothing_matches_still_makes_a_file(ledger, plans, fmt):
    data = export_to(ledger, fmt, task_filter=TaskFilter(query="没有这样的任务"))
    if fmt == "csv":
        assert data.count("\r\n") == 1  # the header row only
    elif isinstance(data, str):
        assert "没有符合条件的任务" in data
    else:
        assert data[:2] == b"PK"  # a zip: xlsx and docx open (their own tests read them)


def test_registry_names_suffixes_and_labels():
    from store import i18n

    assert set(FORMATS) == {"xlsx", "csv", "docx", "html", "md", "json"}
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.suffix == name
        assert i18n.t(fmt.label, "zh") != fmt.label and i18n.t(fmt.label, "en") != fmt.label
    assert FORMATS["xlsx"].binary and FORMATS["docx"].binary and not FORMATS["csv"].binary


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html", "md", "csv"])
def test_characters_xml_cannot_hold_never_break_an_export(ledger, fmt):
    from store.drafts import PlanDraft, SectionDraft, TaskDraft

    bad = "甲\x0b乙\ufffe丙\x01"
    draft = PlanDraft(title="标题" + bad, sha256="bad-chars", sections=(
        SectionDraft("一、", "栏目" + bad, tasks=(TaskDraft(no="1", text="任务" + bad, units="单位" + bad,
                                                          responsible=("单位" + bad,)),)),))
    ledger.import_plan(draft)
    report = build_report(ledger)
    row = report.plans[0].rows[0]
    assert row.text == "任务甲乙丙" and row.units == "单位甲乙丙" and row.path == ("一、栏目甲乙丙",)
    assert report.plans[0].title == "标题甲乙丙"
    assert export_to(ledger, fmt)
