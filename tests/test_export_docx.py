"""The .docx export, read back with python-docx."""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

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

HEADERS = ["序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限", "到期日", "完成情况", "进展说明", "更新时间"]


@pytest.fixture
def plans(ledger):
    return busy(ledger)


@pytest.fixture
def doc(ledger, plans):
    data = export_to(ledger, "docx", plan_ids=[plans[0]])
    assert isinstance(data, bytes)
    return Document(io.BytesIO(data))


def _rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_landscape_a4(doc):
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert abs(s.page_width - Cm(29.7)) < Cm(0.05) and abs(s.page_height - Cm(21)) < Cm(0.05)


def test_title_heading_and_tables(doc):
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == PLAN1_TITLE
    assert "发文单位：某市人民政府办公室" in texts[1] and "文号：某府办〔2021〕5号" in texts[1]
    assert "导出时间：2021-10-15 10:" in texts[1]
    assert "一、汇总" in texts and "二、台账" in texts
    assert len(doc.tables) == 3  # per section, per unit, the ledger


def test_the_ledger_table(doc):
    rows = _rows(doc.tables[2])
    assert rows[0] == HEADERS
    body = rows[1:]
    assert [r[2] for r in body] == PLAN1_TEXTS
    assert [r[7] for r in body] == PLAN1_STATES
    assert [r[0] for r in body] == ["1", "2", "3", "4", "5", "6"]
    assert body[2][1] == "一、做好常态化疫情防控信息公开\n（一）加强年报管理"
    assert body[0][6] == "2021-06-30" and body[2][6] == ""
    notes = body[0][8].split("\n")
    assert notes[0].startswith("2021-10-15 张三（市政府办）：第二条") and notes[1].startswith("2021-10-15 王五")
    assert body[4][4] == "市政务服务数据管理局牵头，市财政局、市卫健局配合"


def test_header_row_repeats_on_every_page(doc):
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])


def test_state_cells_shaded(doc):
    table = doc.tables[2]
    fills = []
    for row in table.rows[1:]:
        shd = row.cells[7]._tc.tcPr.find(qn("w:shd"))
        fills.append(shd.get(qn("w:fill")))
    c = {k: v[0] for k, v in STATE_COLOURS.items()}
    assert fills == [c["done"], c["lagging"], c["na"], c["todo"], c["doing"], c["todo"]]


def test_east_asian_font_on_runs_and_styles(doc):
    body = doc.element.body
    runs = [r for r in body.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    assert runs
    for r in runs:
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), r.xpath("string(.)")
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "宋体" and normal.get(qn("w:eastAsiaTheme")) is None
    cell = doc.styles["Ledger Table Text"].element.rPr.find(qn("w:rFonts"))
    assert cell.get(qn("w:eastAsia")) == "宋体"


def test_summary_tables(doc):
    rows = _rows(doc.tables[0])
    assert rows[0] == ["方案 / 栏目", "已完成", "进行中", "未开始", "不涉及", "任务数", "完成率", "逾期"]
    got = {r[0]: tuple(int(x or 0) for x in (r[1], r[2], r[3], r[4], r[5], r[7])) for r in rows[1:]}
    assert got == PLAN1_SUMMARY
    assert rows[1][6] == "20%"
    units = {r[0]: tuple(int(x or 0) for x in (r[1], r[2], r[3], r[4], r[5], r[7])) for r in _rows(doc.tables[1])[1:]}
    assert units == PLAN1_UNITS


def test_page_numbers_in_the_footer(doc):
    footer = doc.sections[0].footer._element
    instrs = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))]
    assert instrs == ["PAGE", "NUMPAGES"]
    assert "第" in "".join(t.text or "" for t in footer.iter(qn("w:t")))


def test_hostile_text_is_plain_text(ledger, plans):
    doc = Document(io.BytesIO(export_to(ledger, "docx", plan_ids=[plans[1]])))
    assert doc.paragraphs[0].text == "=攻击<b>方案</b>|测试"
    rows = _rows(doc.tables[2])
    assert [r[2] for r in rows[1:]] == [*FORMULAS[:4], HOSTILE]
    assert rows[5][4] == "=市审计局"


def test_several_plans_each_with_its_heading(ledger, plans):
    doc = Document(io.BytesIO(export_to(ledger, "docx")))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "工作任务落实情况台账"
    assert f"（1）{PLAN1_TITLE}" in texts and "（2）=攻击<b>方案</b>|测试" in texts
    assert len(doc.tables) == 4
    summary = _rows(doc.tables[0])
    assert summary[-1][0] == "合计" and summary[-1][5] == "11"
