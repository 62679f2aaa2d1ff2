"""The .csv export: UTF-8 with a BOM, one row per task, formulas defused."""
from __future__ import annotations

import csv
import io

import pytest

from export_data import FORMULAS, HOSTILE, PLAN1_STATES, PLAN1_TEXTS, PLAN1_TITLE, busy
from store.exporting import export_to
from store.exporting.csv_export import defuse

HEADER = ["方案", "序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限", "到期日", "完成情况", "进展说明", "更新时间"]


@pytest.fixture
def plans(ledger):
    return busy(ledger)


def _read(data: str):
    raw = data.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_one_row_per_task_with_the_ledger_columns(ledger, plans):
    rows = _read(export_to(ledger, "csv"))
    assert rows[0] == HEADER
    body = rows[1:]
    assert len(body) == 6 + 5
    plan1 = [r for r in body if r[0] == PLAN1_TITLE]
    assert [r[3] for r in plan1] == PLAN1_TEXTS
    assert [r[8] for r in plan1] == PLAN1_STATES
    assert plan1[2][2] == "一、做好常态化疫情防控信息公开 / （一）加强年报管理"
    assert plan1[0][7] == "2021-06-30" and plan1[2][7] == ""
    assert plan1[0][9].split("\n")[0].startswith("2021-10-15 张三（市政府办）：第二条：")
    assert plan1[0][10].startswith("2021-10-15 10:")
    assert plan1[4][5] == "市政务服务数据管理局牵头，市财政局、市卫健局配合"


def test_no_summary_rows(ledger, plans):
    rows = _read(export_to(ledger, "csv", plan_ids=[plans[0]]))
    assert len(rows) == 1 + 6
    assert not any("合计" in cell or "汇总" in cell for r in rows for cell in r)


def test_formula_like_cells_start_with_an_apostrophe(ledger, plans):
    rows = _read(export_to(ledger, "csv", plan_ids=[plans[1]]))
    assert [r[3] for r in rows[1:]] == ["'" + f for f in FORMULAS[:4]] + [HOSTILE]
    assert rows[1][0] == "'=攻击<b>方案</b>|测试"
    assert rows[1][2] == "一、-特殊字符|栏目"  # the label comes first: not a formula
    assert rows[5][5] == "'=市审计局"
    assert rows[1][9].endswith("：+备注也以加号开头")  # inside a cell: harmless, left as it is


def test_defuse():
    assert defuse("=1+1") == "'=1+1"
    assert defuse("@x") == "'@x" and defuse("+1") == "'+1" and defuse("-1") == "'-1"
    assert defuse("\t=1") == "'\t=1"
    assert defuse("正常 =1") == "正常 =1" and defuse("") == ""


def test_english_headers(ledger, plans):
    rows = _read(export_to(ledger, "csv", lang="en"))
    assert rows[0][:4] == ["Plan", "No.", "Work item", "Task"]
    assert rows[1][8] == "done"
