"""Each trap the documents of other offices hold, on its own: merges spelled two ways, section
rows across the table, irregular grids, gridBefore, nested tables, numbering through styles,
two-row headers, tables split in two, ledgers' state columns, spreadsheets styled to row 200 with
a wrong dimension, saved web pages, scanned PDFs, and the formats that need converting.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

import render_plans as R
from store.errors import ImportFailed
from store.importing import file_kind, read_plan
from store.importing.docx_numbering import format_number
from store.importing.docx_reader import read_docx_bytes
from store.states import STATE_WORDS, form_word, state_from_cell, state_from_word

P, TC, TR = R.p_xml, R.tc_xml, R.tr_xml


def tasks(draft):
    return list(draft.iter_tasks())


def codes(draft):
    return [w.code for w in draft.warnings]


def docx_with(tmp_path: Path, *blocks: str, name: str = "plan.docx", numbering=None) -> Path:
    doc = R.new_docx()
    if numbering:
        numbering(doc)
    for b in blocks:
        R.add_xml(doc, b)
    R.add_paragraph(doc, "")
    path = tmp_path / name
    doc.save(str(path))
    return path


def header(*words: str) -> str:
    return TR("".join(TC(P(w)) for w in words))


# ---- merges -------------------------------------------------------------------------------


def test_vmerge_with_and_without_val_covers_exactly_its_rows(tmp_path):
    rows = [
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开"), vmerge="restart") + TC(P("1.公开规划纲要。")) + TC(P("市发展改革局"), vmerge="restart")),
        TR(TC(P(""), vmerge="bare") + TC(P("2.集中发布规划。")) + TC(P(""), vmerge="continue")),
        TR(TC(P(""), vmerge="continue") + TC(P("3.公开专项规划。")) + TC(P("市自然资源局"))),
        TR(TC(P("财政公开"), vmerge="restart") + TC(P("4.公开预算。")) + TC(P("市财政局"), vmerge="restart")),
        TR(TC(P(""), vmerge="bare") + TC(P("5.公开决算。")) + TC(P(""), vmerge="bare")),
        TR(TC(P(""), vmerge="bare") + TC(P("6.公开债务。")) + TC(P(""))),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0]
    assert [(s.title, [t.no for t in s.tasks]) for s in draft.sections] == [
        ("规划公开", ["1", "2", "3"]), ("财政公开", ["4", "5", "6"])]
    units = {t.no: t.units for t in tasks(draft)}
    assert units == {"1": "市发展改革局", "2": "市发展改革局", "3": "市自然资源局",
                     "4": "市财政局", "5": "市财政局", "6": None}
    # The merged units cell stops where its span stops: task 6 has none, and says so.
    assert ("table 1 row 7", "warn.no_units") in [(w.origin, w.code) for w in draft.warnings]


def test_a_row_merged_across_the_table_is_a_section(tmp_path):
    rows = [
        header("工作任务", "具体任务", "责任单位", "完成时限"),
        TR(TC(P("一、加强政策解读"), span=4)),
        TR(TC(P("（一）健全机制")) + TC(P("1.健全解读机制。")) + TC(P("市政府办公室")) + TC(P("2023年6月底前"))),
        TR(TC(P("")) + TC(P("2.开展深度解读。")) + TC(P("市委宣传部")) + TC(P("持续推进"))),
        TR(TC(P("二、回应社会关切"), span=4)),
        TR(TC(P("（一）做好留言办理")) + TC(P("3.做好网民留言办理。")) + TC(P("市政务服务数据管理局")) + TC(P("年底前"))),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 4)))[0]
    assert [(s.label, s.title, [(c.label, c.title, [t.no for t in c.tasks]) for c in s.sections]) for s in draft.sections] == [
        ("一、", "加强政策解读", [("（一）", "健全机制", ["1", "2"])]),
        ("二、", "回应社会关切", [("（一）", "做好留言办理", ["3"])]),
    ]
    t = {t.no: t for t in tasks(draft)}
    assert draft.year == 2023
    assert (t["1"].due, t["2"].time_limit_kind, t["2"].due, t["3"].due) == ("2023-06-30", "continuous", None, "2023-12-31")


def test_irregular_merges_never_raise(tmp_path):
    rows = [
        header("工作任务", "具体要求", "责任单位"),
        # A continuation with nothing above it, and a merge whose spans do not match.
        TR(TC(P("规划公开"), vmerge="continue") + TC(P("1.公开规划纲要。"), span=1) + TC(P("市发展改革局"))),
        TR(TC(P("财政公开"), span=2, vmerge="restart") + TC(P("市财政局"))),
        TR(TC(P(""), vmerge="continue") + TC(P("2.公开预算。")) + TC(P("市财政局"))),
        # More cells than the grid has, and fewer.
        TR(TC(P("")) + TC(P("3.公开决算。")) + TC(P("市财政局")) + TC(P("多出的格"))),
        TR(TC(P("")) + TC(P("4.公开债务。"))),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0]
    assert [t.no for t in tasks(draft)] == ["1", "2", "3", "4"]
    assert tasks(draft)[0].units == "市发展改革局"


def test_python_docx_row_cells_raises_on_such_grids_and_we_do_not(tmp_path):
    import docx

    rows = [
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开"), span=2, vmerge="restart") + TC(P("市发展改革局"))),
        TR(TC(P(""), vmerge="continue") + TC(P("1.公开规划纲要。")) + TC(P("市发展改革局"))),
    ]
    path = docx_with(tmp_path, R.tbl_xml(rows, 3))
    table = docx.Document(str(path)).tables[0]
    try:
        [c.text for row in table.rows for c in row.cells]
    except ValueError:
        pass  # what python-docx does on hand-edited grids (older versions); the reader walks the XML
    assert [t.no for t in tasks(read_plan(path)[0])] == ["1"]


def test_grid_before_puts_cells_in_their_columns(tmp_path):
    rows = [
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开")) + TC(P("1.公开规划纲要。")) + TC(P("市发展改革局"))),
        TR(TC(P("2.集中发布规划。")) + TC(P("市政府办公室")), grid_before=1),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0]
    assert [(s.title, [t.no for t in s.tasks]) for s in draft.sections] == [("规划公开", ["1", "2"])]
    assert tasks(draft)[1].units == "市政府办公室"
    assert tasks(draft)[1].text == "集中发布规划。"


def test_a_nested_table_stays_in_its_cell(tmp_path):
    inner = R.tbl_xml([TR(TC(P("指标")) + TC(P("目标值"))), TR(TC(P("公开率")) + TC(P("100%")))], 2)
    rows = [
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开")) + TC(P("1.公开规划纲要，达到下表要求："), inner=inner + P("")) + TC(P("市发展改革局"))),
        TR(TC(P("")) + TC(P("2.集中发布规划。")) + TC(P("市政府办公室"))),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0]
    t1, t2 = tasks(draft)
    assert t1.text.startswith("公开规划纲要") and "公开率 | 100%" in t1.text
    assert (t2.no, t2.units) == ("2", "市政府办公室")


def test_a_layout_table_around_the_whole_plan_gives_way(tmp_path):
    plan = R.tbl_xml([
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开")) + TC(P("1.公开规划纲要。")) + TC(P("市发展改革局"))),
        TR(TC(P("")) + TC(P("2.集中发布规划。")) + TC(P("市政府办公室"))),
    ], 3)
    outer = R.tbl_xml([TR(TC(P("某市2023年政务公开工作要点分工方案"), inner=plan + P("")))], 1)
    draft = read_plan(docx_with(tmp_path, outer))[0]
    assert draft.title == "某市2023年政务公开工作要点分工方案"
    assert [t.no for t in tasks(draft)] == ["1", "2"]


# ---- headers and tables ---------------------------------------------------------------------


def test_two_row_header_lead_over_support(tmp_path):
    rows = [
        TR(TC(P("序号"), vmerge="restart") + TC(P("工作任务"), vmerge="restart") + TC(P("责任单位"), span=2)
           + TC(P("完成时限"), vmerge="restart")),
        TR(TC(P(""), vmerge="bare") + TC(P(""), vmerge="bare") + TC(P("牵头")) + TC(P("配合")) + TC(P(""), vmerge="bare")),
        TR(TC(P("1")) + TC(P("公开规划纲要。")) + TC(P("市发展改革局")) + TC(P("各区政府")) + TC(P("2023年底前"))),
        TR(TC(P("2")) + TC(P("公开预算决算。")) + TC(P("市财政局")) + TC(P("")) + TC(P("持续推进"))),
    ]
    draft = read_plan(docx_with(tmp_path, R.tbl_xml(rows, 5)))[0]
    t1, t2 = tasks(draft)
    assert (t1.no, t1.text, t1.lead, t1.support, t1.due) == ("1", "公开规划纲要。", ("市发展改革局",), ("各区政府",), "2023-12-31")
    assert (t2.lead, t2.support, t2.time_limit_kind) == (("市财政局",), (), "continuous")


def test_two_row_header_in_a_web_page(tmp_path):
    page = (
        "<html><body><table>"
        "<tr><th rowspan=2>序号</th><th rowspan=2>重点任务</th><th colspan=2>责任单位</th></tr>"
        "<tr><th>牵头单位</th><th>配合单位</th></tr>"
        "<tr><td>1</td><td>公开规划纲要。</td><td>市发展改革局</td><td>各区政府</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    t = tasks(read_plan(path)[0])[0]
    assert (t.lead, t.support) == (("市发展改革局",), ("各区政府",))


def test_a_table_split_in_two_is_one_table(tmp_path):
    first = R.tbl_xml([
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("规划公开")) + TC(P("1.公开规划纲要。")) + TC(P("市发展改革局"))),
        TR(TC(P("")) + TC(P("2.集中发布规划。")) + TC(P("市政府办公室"))),
    ], 3)
    second = R.tbl_xml([  # the header repeated
        header("工作任务", "具体要求", "责任单位"),
        TR(TC(P("")) + TC(P("3.公开专项规划。")) + TC(P("市自然资源局"))),
    ], 3)
    third = R.tbl_xml([  # no header at all
        TR(TC(P("财政公开")) + TC(P("4.公开预算。")) + TC(P("市财政局"))),
    ], 3)
    draft = read_plan(docx_with(tmp_path, first, P("（续表）"), second, P(""), third))[0]
    assert [(s.title, [t.no for t in s.tasks]) for s in draft.sections] == [
        ("规划公开", ["1", "2", "3"]), ("财政公开", ["4"])]
    assert "warn.table_skipped" not in codes(draft)


def test_headings_written_between_tables(tmp_path):
    def table(n, text, units):
        return R.tbl_xml([header("序号", "工作任务", "责任单位"), TR(TC(P(str(n))) + TC(P(text)) + TC(P(units)))], 3)

    headerless = R.tbl_xml([TR(TC(P("3")) + TC(P("公开债务。")) + TC(P("区财政局")))], 3)
    path = docx_with(tmp_path, P("某区2023年政务公开重点工作任务分工方案"), P("一、规划公开"), table(1, "公开规划纲要。", "区发展改革局"),
                     P("二、财政公开"), table(2, "公开预算。", "区财政局"), P("三、债务公开"), headerless)
    draft = read_plan(path)[0]
    assert [(s.label, s.title, [t.no for t in s.tasks]) for s in draft.sections] == [
        ("一、", "规划公开", ["1"]), ("二、", "财政公开", ["2"]), ("三、", "债务公开", ["3"])]
    assert "warn.row_joined" not in codes(draft)
    assert draft.title == "某区2023年政务公开重点工作任务分工方案"


def test_units_cell_lead_and_support(tmp_path):
    rows = [header("序号", "工作任务", "责任单位"), TR(TC(P("1")) + TC(P("做好网站栏目维护。")) + TC(P("办公室牵头，各科室配合")))]
    t = tasks(read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0])[0]
    assert (t.lead, t.support, t.responsible) == (("办公室",), ("各科室",), ())


def test_a_units_cell_of_several_paragraphs(tmp_path):
    """Lines that end a clause are clauses; a name wrapped over two lines is one name."""
    rows = [header("序号", "工作任务", "责任单位"),
            TR(TC(P("1")) + TC(P("做好网站栏目维护。")) + TC(P("办公室牵头") + P("各科室配合"))),
            TR(TC(P("2")) + TC(P("做好政策解读。")) + TC(P("市发展改革局、") + P("市教育局"))),
            TR(TC(P("3")) + TC(P("做好基层公开。")) + TC(P("各县（区）人民") + P("政府（管委会）")))]
    t1, t2, t3 = tasks(read_plan(docx_with(tmp_path, R.tbl_xml(rows, 3)))[0])
    assert (t1.units, t1.lead, t1.support) == ("办公室牵头；各科室配合", ("办公室",), ("各科室",))
    assert t2.responsible == ("市发展改革局", "市教育局")
    assert t3.responsible == ("各县（区）人民政府（管委会）",)


def test_letterhead_doc_no_date_and_title_above_the_table(tmp_path):
    rows = [header("工作任务", "具体要求", "责任单位"), TR(TC(P("规划公开")) + TC(P("1.公开规划纲要。")) + TC(P("区发展改革局")))]
    path = docx_with(tmp_path, P("某某区人民政府办公室文件"), P("某府办〔2022〕12号"),
                     P("某某区人民政府办公室关于印发某某区2022年政务公开工作要点分工方案的通知"),
                     P("各镇人民政府，区直各单位："), P("现将方案印发给你们，请认真贯彻落实。"), P("2022年3月8日"),
                     P("某某区2022年政务公开"), P("工作要点分工方案"), R.tbl_xml(rows, 3))
    draft = read_plan(path)[0]
    assert (draft.title, draft.doc_no, draft.issued, draft.issuer, draft.year) == (
        "某某区2022年政务公开工作要点分工方案", "某府办〔2022〕12号", "2022-03-08", "某某区人民政府办公室", 2022)


# ---- Word numbering -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, n, drawn",
    [
        ("decimal", 12, "12"), ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 12, "十二"),
        ("chineseCounting", 20, "二十"), ("chineseCountingThousand", 23, "二十三"), ("chineseCountingThousand", 105, "一百零五"),
        ("taiwaneseCountingThousand", 11, "十一"), ("ideographTraditional", 1, "甲"), ("ideographTraditional", 3, "丙"),
        ("decimalEnclosedCircle", 3, "③"), ("decimalEnclosedCircle", 20, "⑳"), ("decimalEnclosedCircle", 21, "21"),
        ("upperLetter", 2, "B"), ("lowerRoman", 4, "iv"), ("decimalZero", 7, "07"), ("bogusFormat", 5, "5"),
    ],
)
def test_number_formats(fmt, n, drawn):
    assert format_number(n, fmt) == drawn


def _numbering_doc(tmp_path, body_xml: list[str], setup) -> Path:
    return docx_with(tmp_path, *body_xml, numbering=setup)


def test_numbering_counts_in_document_order_through_table_cells_with_start_overrides(tmp_path):
    ids = {}

    def setup(doc):
        nb = R.NumberingBuilder(doc)
        a = nb.abstract([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
        ids["n"] = nb.num(a)
        ids["restart"] = nb.num(a, {2: 7})  # "set numbering value" to 7 at the third level
        b = nb.abstract([("decimalEnclosedCircle", "%1"), ("ideographTraditional", "%1")])
        ids["c"] = nb.num(b)

    body = lambda: [  # noqa: E731 - built after setup has the ids
        P("总体要求", num=(ids["n"], 0)),
        P("目标", num=(ids["n"], 1)),
        R.tbl_xml([TR(TC(P("第一项", num=(ids["n"], 2))) + TC(P("圈一", num=(ids["c"], 0)))),
                   TR(TC(P("第二项", num=(ids["n"], 2))) + TC(P("圈二", num=(ids["c"], 0))))], 2),
        P("第三项", num=(ids["n"], 2)),
        P("跳到七", num=(ids["restart"], 2)),
        P("接着八", num=(ids["n"], 2)),
        P("任务分工", num=(ids["n"], 0)),
        P("新的二级", num=(ids["n"], 1)),
    ]
    doc = R.new_docx()
    setup(doc)
    for b in body():
        R.add_xml(doc, b)
    path = tmp_path / "n.docx"
    doc.save(str(path))
    d = read_docx_bytes(path.read_bytes(), path.name)
    from store.importing.document import Paragraph, Table

    labels = []
    for b in d.blocks:
        if isinstance(b, Paragraph):
            labels.append((b.label, b.text))
        elif isinstance(b, Table):
            labels.extend((c.label, c.text) for r in b.rows for c in r.cells)
    assert labels == [
        ("一、", "总体要求"), ("（一）", "目标"), ("1.", "第一项"), ("①", "圈一"), ("2.", "第二项"), ("②", "圈二"),
        ("3.", "第三项"), ("7.", "跳到七"), ("8.", "接着八"), ("二、", "任务分工"), ("（一）", "新的二级"),
    ]


def test_numbering_through_paragraph_styles_and_based_on(tmp_path):
    def setup(doc):
        nb = R.NumberingBuilder(doc)
        a = nb.abstract([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
        n = nb.num(a)
        nb.style("TZSection", n)  # level 0 when the style names no level
        nb.style("TZSubBase", n, ilvl=1)
        from docx.oxml import parse_xml

        doc.styles.element.append(parse_xml(
            f'<w:style xmlns:w="{R.W_NS}" w:type="paragraph" w:styleId="TZSub"><w:name w:val="TZSub"/>'
            '<w:basedOn w:val="TZSubBase"/></w:style>'))
        nb.style("TZTask", n, ilvl=2)

    path = _numbering_doc(tmp_path, [
        P("规划公开", style="TZSection"),
        P("公开规划纲要", style="TZSub"),
        P("主动公开国民经济和社会发展规划纲要。", style="TZTask"),
        P("市发展改革局牵头，各区政府配合"),
        P("公开专项规划", style="TZSub"),
        P("集中发布专项规划。", style="TZTask"),
        P("市自然资源局"),
        P("财政公开", style="TZSection"),
        P("公开预算决算", style="TZSub"),
        P("公开部门预算。", style="TZTask"),
        P("市财政局"),
    ], setup)
    draft = read_plan(path)[0]
    assert [(s.label, s.title, [(c.label, c.title, [t.no for t in c.tasks]) for c in s.sections]) for s in draft.sections] == [
        ("一、", "规划公开", [("（一）", "公开规划纲要", ["1"]), ("（二）", "公开专项规划", ["1"])]),
        ("二、", "财政公开", [("（一）", "公开预算决算", ["1"])]),
    ]  # the task level restarts under each （…） heading, as Word draws it (with a warning)
    assert "warn.restart" in codes(draft)
    assert tasks(draft)[0].lead == ("市发展改革局",)


def test_a_level_linked_to_a_style_gives_the_level(tmp_path):
    """A style with numId but no ilvl: the level whose w:pStyle names the style."""
    def setup(doc):
        nb = R.NumberingBuilder(doc)
        a = nb.abstract([("chineseCounting", "%1、"), ("chineseCounting", "（%2）")], styles={0: "TZH1", 1: "TZH2"})
        n = nb.num(a)
        nb.style("TZH1", n)
        nb.style("TZH2", n)

    path = _numbering_doc(tmp_path, [P("甲", style="TZH1"), P("乙", style="TZH2"), P("丙", style="TZH2")], setup)
    d = read_docx_bytes(path.read_bytes(), path.name)
    assert [(b.label, b.text) for b in d.blocks] == [("一、", "甲"), ("（一）", "乙"), ("（二）", "丙")]


def test_typed_and_drawn_labels_are_never_doubled(tmp_path):
    ids = {}

    def setup(doc):
        nb = R.NumberingBuilder(doc)
        ids["n"] = nb.num(nb.abstract([("decimal", "%1.")]))
        ids["h"] = nb.num(nb.abstract([("chineseCounting", "（%1）")]))

    doc = R.new_docx()
    setup(doc)
    rows = [header("工作任务", "具体要求", "责任单位"),
            TR(TC(P("（一）做好规划公开", num=(ids["h"], 0))) + TC(P("1.公开规划纲要。", num=(ids["n"], 0))) + TC(P("市发展改革局"))),
            TR(TC(P("")) + TC(P("集中发布规划。", num=(ids["n"], 0))) + TC(P("市政府办公室")))]
    R.add_xml(doc, R.tbl_xml(rows, 3))
    R.add_paragraph(doc, "")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    draft = read_plan(path)[0]
    assert [(s.label, s.title) for s in draft.sections] == [("（一）", "做好规划公开")]
    assert [(t.no, t.text) for t in tasks(draft)] == [("1", "公开规划纲要。"), ("2", "集中发布规划。")]


# ---- spreadsheets -------------------------------------------------------------------------


def _patch_dimension(path: Path, ref: str) -> None:
    """Rewrite the sheet's <dimension> as WPS sometimes writes it: wrong."""
    import re

    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data[info.filename] = z.read(info.filename)
    sheet = "xl/worksheets/sheet1.xml"
    data[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in data.items():
            z.writestr(name, blob)


def test_xlsx_styled_to_row_200_with_a_wrong_dimension(tmp_path):
    import openpyxl
    from openpyxl.styles import Border, PatternFill, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分工表"
    ws.append(["某县2023年政务公开工作任务台账"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "工作任务", "责任单位", "完成时限"])
    ws.append([1, "公开规划纲要。", "县发展改革局", "2023年6月底前"])
    ws.append([])  # a blank row between
    ws.append([2, "公开预算。", "县财政局", "年底前"])
    ws.append([3, "公开债务信息。", "县财政局", "持续推进"])
    thin = Side(style="thin")
    for r in range(7, 201):
        for c in range(1, 5):
            cell = ws.cell(r, c)
            cell.fill = PatternFill("solid", fgColor="FFFFCC")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    path = tmp_path / "ledger.xlsx"
    wb.save(str(path))
    _patch_dimension(path, "A1:B3")
    draft = read_plan(path)[0]
    assert draft.title == "某县2023年政务公开工作任务台账"
    assert [(t.no, t.units, t.due) for t in tasks(draft)] == [
        ("1", "县发展改革局", "2023-06-30"), ("2", "县财政局", "2023-12-31"), ("3", "县财政局", None)]
    assert not [w for w in draft.warnings if w.code.startswith("warn.row")]


def test_merged_ranges_from_openpyxl_when_calamine_gives_none(tmp_path, monkeypatch):
    from store.importing import xlsx_reader

    d = read_plan(Path(__file__).resolve().parent.parent / "samples" / "000_7d25082f6ea4d9c0.txt")[0]
    path = tmp_path / "ledger.xlsx"
    R.write_xlsx_ledger(d, path)
    monkeypatch.setattr(xlsx_reader, "_calamine_merges", lambda sheet: None)
    got = read_plan(path)[0]
    assert [(t.no, t.units) for t in got.iter_tasks()] == [(t.no, t.units) for t in d.iter_tasks()]
    assert [s.title for s in got.sections] == [s.title for s in d.sections]


def _ledger(tmp_path, header_row, rows, name="ledger.xlsx"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(header_row)
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(str(path))
    return path


def test_section_rows_numbered_in_the_number_column(tmp_path):
    path = _ledger(tmp_path, ["序号", "工作任务", "责任单位", "完成时限"], [
        ["一", "规划公开", None, None],
        [1, "公开规划纲要。", "县发展改革局", "年底前"],
        ["（一）", "专项规划", None, None],
        [2, "公开专项规划。", "县自然资源局", "持续推进"],
        ["二、", "财政公开", None, None],
        [3, "公开预算。", "县财政局", "2023年3月底前"],
    ])
    draft = read_plan(path)[0]
    assert [(s.label, s.title, [t.no for t in s.tasks], [(c.label, c.title, [t.no for t in c.tasks]) for c in s.sections])
            for s in draft.sections] == [
        ("一、", "规划公开", ["1"], [("（一）", "专项规划", ["2"])]),
        ("二、", "财政公开", ["3"], []),
    ]


def test_ledger_state_words_flags_and_unknown_words(tmp_path):
    path = _ledger(tmp_path, ["序号", "工作任务", "责任单位", "完成情况", "存在问题"], [
        [1, "公开规划纲要。", "县发展改革局", "已完成", None],
        [2, "公开预算。", "县财政局", "推进缓慢", "资金未到位"],
        [3, "公开债务。", "县财政局", "部分完成", None],
        [4, "公开决算。", "县财政局", "不适用", None],
        [5, "公开补贴。", "县财政局", None, None],
    ])
    draft = read_plan(path)[0]
    t = {t.no: t for t in tasks(draft)}
    assert [(t[n].state, t[n].flag) for n in "12345"] == [
        ("done", None), ("doing", "滞后"), ("todo", None), ("na", None), ("todo", None)]
    assert [n.text for n in t["2"].notes] == ["完成情况：推进缓慢", "存在问题：资金未到位"]
    assert [n.text for n in t["3"].notes] == ["完成情况：部分完成"]
    assert ("sheet 台账 row 4", "warn.state_unknown") in [(w.origin, w.code) for w in draft.warnings]


def test_a_state_column_of_prose_is_kept_as_notes_with_one_warning(tmp_path):
    path = _ledger(tmp_path, ["序号", "工作任务", "责任单位", "落实情况"], [
        [1, "公开规划纲要。", "县发展改革局", "已在县政府网站公开"],
        [2, "公开预算。", "县财政局", "按要求在20日内公开"],
    ])
    draft = read_plan(path)[0]
    assert [t.state for t in tasks(draft)] == ["todo", "todo"]
    assert [n.text for n in tasks(draft)[0].notes] == ["落实情况：已在县政府网站公开"]
    assert codes(draft).count("warn.state_column_notes") == 1
    assert "warn.state_unknown" not in codes(draft)


def test_an_xls_that_is_really_a_web_page(tmp_path):
    path = tmp_path / "导出.xls"
    path.write_text("<html><head><meta charset='utf-8'></head><body><table><tr><td>序号</td><td>工作任务</td>"
                    "<td>责任单位</td></tr><tr><td>1</td><td>公开规划。</td><td>县发展改革局</td></tr></table></body></html>",
                    encoding="utf-8")
    assert file_kind(path) == "html"
    assert [t.units for t in tasks(read_plan(path)[0])] == ["县发展改革局"]


def test_a_wps_spreadsheet_needs_saving_as_xlsx(tmp_path):
    path = tmp_path / "台账.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.needs_xlsx"
    message = info.value.message("zh")
    assert "另存为" in message and ".xlsx" in message and "台账.et" in message


def test_an_et_that_is_an_xlsx_inside_is_read(tmp_path):
    path = _ledger(tmp_path, ["序号", "工作任务", "责任单位"], [[1, "公开规划纲要。", "县发展改革局"]], name="台账.et")
    assert [t.no for t in tasks(read_plan(path)[0])] == ["1"]


def test_hidden_sheets_are_skipped_and_every_visible_sheet_read(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["填表说明：请按季度更新。"])
    hidden = wb.create_sheet("旧表")
    hidden.append(["序号", "工作任务", "责任单位"])
    hidden.append([1, "旧任务。", "某局"])
    hidden.sheet_state = "hidden"
    plan = wb.create_sheet("分工表")
    plan.append(["序号", "工作任务", "责任单位"])
    plan.append([1, "公开规划纲要。", "县发展改革局"])
    path = tmp_path / "book.xlsx"
    wb.save(str(path))
    draft = read_plan(path)[0]
    assert [(t.no, t.text) for t in tasks(draft)] == [("1", "公开规划纲要。")]
    assert "warn.sheet_hidden" in codes(draft)


# ---- web pages ----------------------------------------------------------------------------


def test_a_saved_government_page(tmp_path):
    page = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某市2021年政务公开工作要点分工方案_某市人民政府门户网站</title>
<script>document.write('<table><tr><td>序号</td><td>工作任务</td></tr></table>')</script></head>
<body><table class="layout"><tr><td>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">工作方案</a></li></ul>
<h1>某市2021年政务公开工作要点分工方案</h1><p>发布日期：2021-05-06</p>
<table border="1"><tr><td>工作任务</td><td>具体要求</td><td>责任单位</td></tr>
<tr><td rowspan="0">规划公开</td><td><p>1.公开规划纲要。</p><p>2.公开专项规划。</p></td><td rowspan="2">市发展改革局</td></tr>
<tr><td>3.公开区域规划。</td></tr>
</table><p style="display:none">隐藏的文字</p></td></tr></table></body></html>"""
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    draft = read_plan(path)[0]
    assert draft.title == "某市2021年政务公开工作要点分工方案"
    assert [(s.title, [t.no for t in s.tasks]) for s in draft.sections] == [("规划公开", ["1", "2", "3"])]
    assert [t.units for t in tasks(draft)] == ["市发展改革局"] * 3


# ---- PDF ----------------------------------------------------------------------------------


def _image_only_pdf() -> bytes:
    """A one-page PDF holding a picture and no text: what a scanner makes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
        b"<< /Length 32 >>\nstream\nq 200 0 0 200 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_scanned_pdf_asks_for_a_text_version(tmp_path):
    pytest.importorskip("pdfplumber")
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(_image_only_pdf())
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.pdf_scanned"
    assert "文字" in info.value.message("zh") and "text" in info.value.message("en")


def test_pdf_without_the_extra_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import fails as if not installed
    path = tmp_path / "plan.pdf"
    path.write_bytes(_image_only_pdf())
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.pdf_missing"
    assert "taizhang[pdf]" in info.value.message("en")
    assert "install.bat pdf" in info.value.message("zh")  # the offline bundle's way (no pip index)


# ---- formats that need converting -----------------------------------------------------------


@pytest.mark.parametrize("name", ["方案.doc", "方案.wps", "方案.rtf"])
def test_legacy_word_files_without_libreoffice_say_save_as_docx(tmp_path, monkeypatch, name):
    from store.importing import convert

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    path = tmp_path / name
    path.write_bytes(b"{\\rtf1 hello}" if name.endswith(".rtf") else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.needs_docx"
    assert "另存为" in info.value.message("zh") and ".docx" in info.value.message("zh")


def test_a_doc_that_is_a_docx_inside_is_read_without_converting(tmp_path, monkeypatch):
    from store.importing import convert

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    rows = [header("序号", "工作任务", "责任单位"), TR(TC(P("1")) + TC(P("公开规划纲要。")) + TC(P("县发展改革局")))]
    path = docx_with(tmp_path, R.tbl_xml(rows, 3), name="改了后缀.doc")
    assert [t.no for t in tasks(read_plan(path)[0])] == ["1"]


def test_a_macro_enabled_word_file_is_read_like_a_docx(tmp_path):
    rows = [header("序号", "工作任务", "责任单位"), TR(TC(P("1")) + TC(P("公开规划纲要。")) + TC(P("县发展改革局")))]
    src = docx_with(tmp_path, R.tbl_xml(rows, 3))
    path = tmp_path / "宏.docm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            zout.writestr(info, blob)
    assert [t.no for t in tasks(read_plan(path)[0])] == ["1"]


@pytest.mark.parametrize("content, suffix, why", [
    (b"PK\x03\x04not really a zip", ".docx", "import.bad_docx"),
    (b"PK\x03\x04not really a zip", ".xlsx", "import.bad_sheet"),
    (b"", ".docx", "import.empty"),
])
def test_broken_office_files_are_refused_clearly(tmp_path, content, suffix, why):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == why
    assert path.name in info.value.message("zh")


# ---- state words --------------------------------------------------------------------------


@pytest.mark.parametrize("word, expected", [
    ("已完成", ("done", None)), ("完成", ("done", None)), ("已办结", ("done", None)), ("办结", ("done", None)),
    ("推进中", ("doing", None)), ("正在推进", ("doing", None)), ("进行中", ("doing", None)), ("序时推进", ("doing", None)),
    ("正常推进", ("doing", None)), ("正在办理", ("doing", None)),
    ("未启动", ("todo", None)), ("未开始", ("todo", None)), ("尚未启动", ("todo", None)),
    ("不涉及", ("na", None)), ("不适用", ("na", None)), ("无此项", ("na", None)),
    ("滞后", ("doing", "滞后")), ("推进缓慢", ("doing", "滞后")), ("欠进度", ("doing", "滞后")),
    (" 已完成。", ("done", None)), ("未完成", None), ("持续推进", None), ("长期坚持", None), ("常态化", None), ("", None),
])
def test_state_words(word, expected):
    assert state_from_word(word) == expected


def test_state_cells_and_form_words():
    assert state_from_cell("已完成，已于6月在网站公开") == (("done", None), True)
    assert state_from_cell("已完成") == (("done", None), False)
    assert state_from_cell("完成率60%") == (None, True)
    assert all(state_from_word(form_word(s, f)) == (s, f) for s, f in set(STATE_WORDS.values()))


# ---- the preview ------------------------------------------------------------------------------


def test_dry_run_lists_states_and_doubtful_rows_with_their_origins(tmp_path, capsys):
    from tui.cli import main

    path = _ledger(tmp_path, ["序号", "工作任务", "责任单位", "完成情况"], [
        [1, "公开规划纲要。", "县发展改革局", "已完成"],
        [None, None, "县财政局", None],
        [2, "公开预算。", None, "滞后"],
    ])
    db = tmp_path / "never.db"
    code = main(["import", str(path), "--dry-run", "--db", str(db), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0 and not db.exists()
    assert "<done>" in out and "behind" in out
    assert "sheet 台账 row 3: " in out  # the units with no task
