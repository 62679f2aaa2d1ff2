"""The .xlsx export, read back with openpyxl."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from export_data import (
    FORMULAS,
    HOSTILE,
    PLAN1_STATES,
    PLAN1_SUMMARY,
    PLAN1_TEXTS,
    PLAN1_TITLE,
    PLAN1_UNITS,
    busy,
)
from store.exporting import export_to
from store.exporting.report import STATE_COLOURS
from store.exporting.xlsx import sheet_names, text_lines
from store.filtering import TaskFilter

HEADERS = ["序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限", "到期日", "完成情况", "进展说明", "更新时间"]
HEAD = 3  # the header row, under the title and the heading line


@pytest.fixture
def plans(ledger):
    return busy(ledger)


@pytest.fixture
def book(ledger, plans):
    data = export_to(ledger, "xlsx")
    assert isinstance(data, bytes)
    return load_workbook(io.BytesIO(data))


def test_a_summary_sheet_then_a_sheet_per_plan(book):
    assert book.sheetnames == ["汇总", PLAN1_TITLE, "=攻击<b>方案<_b>|测试"]


def test_the_plan_sheet_holds_the_ledger(book):
    ws = book[PLAN1_TITLE]
    assert ws["A1"].value == PLAN1_TITLE
    assert "发文单位：某市人民政府办公室" in ws["A2"].value and "文号：某府办〔2021〕5号" in ws["A2"].value
    assert "导出时间：2021-10-15 10:" in ws["A2"].value
    assert [c.value for c in ws[HEAD]] == HEADERS
    rows = list(ws.iter_rows(min_row=HEAD + 1, values_only=True))
    assert [r[2] for r in rows] == PLAN1_TEXTS
    assert [r[7] for r in rows] == PLAN1_STATES
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[2][1] == "一、做好常态化疫情防控信息公开\n（一）加强年报管理"
    assert rows[4][3] == "市政务服务数据管理局"
    assert rows[4][4] == "市政务服务数据管理局牵头，市财政局、市卫健局配合"
    notes = rows[0][8].split("\n")
    assert notes[0].startswith("2021-10-15 张三（市政府办）：第二条") and notes[1].startswith("2021-10-15 王五")
    assert rows[1][8] == "2021-09-01 李四（市发展改革委）：已召开专题会议"


def test_dates_are_real_excel_dates(book):
    ws = book[PLAN1_TITLE]
    due = ws.cell(HEAD + 1, 7)
    assert due.value == datetime(2021, 6, 30) and due.is_date and due.number_format == "yyyy-mm-dd"
    assert ws.cell(HEAD + 3, 7).value is None  # continuous: no due date
    updated = ws.cell(HEAD + 1, 10)
    assert isinstance(updated.value, datetime) and updated.is_date
    assert updated.value.date() == date(2021, 10, 15)
    assert ws.cell(HEAD + 4, 7).font.b and ws.cell(HEAD + 4, 7).font.color.rgb.endswith("C00000")  # overdue


def test_header_frozen_styled_filtered_and_wrapped(book):
    ws = book[PLAN1_TITLE]
    assert ws.freeze_panes == f"A{HEAD + 1}"
    assert ws.auto_filter.ref == f"A{HEAD}:J{HEAD + 6}"
    header = ws.cell(HEAD, 1)
    assert header.font.b and header.fill.fgColor.rgb.endswith("D9E1F2")
    assert ws.cell(HEAD + 1, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width >= 40 and ws.column_dimensions["A"].width <= 8
    assert ws.print_title_rows == f"${HEAD}:${HEAD}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.row_dimensions[HEAD + 1].height >= 14  # heights set for wrapped text


def test_state_cells_coloured_by_state(book):
    ws = book[PLAN1_TITLE]
    fills = [ws.cell(HEAD + i, 8).fill.fgColor.rgb[-6:] for i in range(1, 7)]
    c = {k: v[0] for k, v in STATE_COLOURS.items()}
    assert fills == [c["done"], c["lagging"], c["na"], c["todo"], c["doing"], c["todo"]]


def test_formula_like_text_is_written_as_text(ledger, plans):
    data = export_to(ledger, "xlsx")
    ws = load_workbook(io.BytesIO(data))["=攻击<b>方案<_b>|测试"]
    assert ws["A1"].value == "=攻击<b>方案</b>|测试" and ws["A1"].data_type == "s"
    assert ws["A1"].quotePrefix
    cells = [ws.cell(HEAD + i, 3) for i in range(1, 6)]
    assert [c.value for c in cells] == [*FORMULAS[:4], HOSTILE]
    for c in cells[:4]:
        assert c.data_type == "s" and c.quotePrefix, c.value
    assert not cells[4].quotePrefix
    assert ws.cell(HEAD + 5, 5).value == "=市审计局" and ws.cell(HEAD + 5, 5).quotePrefix
    assert ws.cell(HEAD + 1, 9).value.endswith("：+备注也以加号开头")
    # and in the file itself: no formula anywhere, the texts are strings with quotePrefix styles
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any("<f>" in z.read(n).decode() for n in sheets)
        assert 'quotePrefix="1"' in z.read("xl/styles.xml").decode()


def test_summary_sheet_numbers(ledger, plans):
    ws = load_workbook(io.BytesIO(export_to(ledger, "xlsx", plan_ids=[plans[0]])))["汇总"]
    assert ws["A1"].value == PLAN1_TITLE
    values = [[c.value for c in row] for row in ws.iter_rows()]
    names = [v[0] for v in values]
    start = names.index("方案 / 栏目")
    assert values[start][1:8] == ["已完成", "进行中", "未开始", "不涉及", "任务数", "完成率", "逾期"]
    got = {}
    for v in values[start + 1:start + 1 + len(PLAN1_SUMMARY)]:
        got[v[0]] = (v[1], v[2], v[3], v[4], v[5], v[7] or 0)
        assert v[6] == pytest.approx({PLAN1_TITLE: 0.2}.get(v[0], v[6]))
    assert got == PLAN1_SUMMARY
    u = names.index("牵头单位")
    units = {v[0]: (v[1], v[2], v[3], v[4], v[5], v[7] or 0) for v in values[u + 1:u + 1 + len(PLAN1_UNITS)]}
    assert units == PLAN1_UNITS
    assert ws.cell(start + 2, 7).number_format == "0%"


def test_filtered_workbook_only_holds_the_chosen_tasks(ledger, plans):
    data = export_to(ledger, "xlsx", task_filter=TaskFilter(states=("open",), plan_ids=(plans[0],)))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", PLAN1_TITLE]
    rows = list(book[PLAN1_TITLE].iter_rows(min_row=HEAD + 1, values_only=True))
    assert [r[2] for r in rows] == [PLAN1_TEXTS[i] for i in (1, 3, 4, 5)]
    assert "筛选条件：完成情况：未完成" in book["汇总"]["A2"].value


def test_sheet_names_obey_excel():
    names = sheet_names(["a/b:c*d?e[f]g\\h", "x" * 40, "x" * 40, "'quoted'", "", "History", "汇总", "汇总"],
                        reserved=("汇总",))
    assert names[0] == "a_b_c_d_e_f_g_h"
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[1] == "x" * 31 and names[2].endswith("(2)") and len(names[2]) == 31
    assert names[3] == "quoted"
    assert names[4] == "Sheet" and names[5] == "History(2)"
    assert names[6] == "汇总(2)" and names[7] == "汇总(3)"


def test_text_lines_counts_chinese_as_two_units():
    assert text_lines("", 10) == 1
    assert text_lines("中" * 9, 10) == 2
    assert text_lines("a\nb\nc", 10) == 3
