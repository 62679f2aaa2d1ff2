"""The .docx export (python-docx): for printing and for attaching to an official reply.

A4 landscape; the report's title and heading; 一、汇总 (per plan and section, per lead unit);
二、台账 with each plan's ledger table, whose header row repeats on every page; page numbers
in the footer. Chinese is set in 宋体 (SimSun) through `w:eastAsia` on the styles and on every
run, with Times New Roman for Latin letters and digits; headings in 黑体.

python-docx builds the document, its styles and the small parts. The tables are written as
WordprocessingML in one pass and parsed once with lxml (DECISIONS, "Exports"): adding 10,000
rows cell by cell through python-docx takes minutes, this takes well under a second.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from store.exporting.report import (
    HEADER_FILL,
    OVERDUE_COLOUR,
    STATE_COLOURS,
    Report,
    SummaryLine,
    sum_values,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SONG = "宋体"
HEI = "黑体"
LATIN = "Times New Roman"
PAGE_W, PAGE_H = Cm(29.7), Cm(21.0)
MARGIN_LR, MARGIN_TB = Cm(1.5), Cm(1.6)
TEXT_WIDTH = int((PAGE_W - 2 * MARGIN_LR) / 635)  # in twentieths of a point (EMU / 635)
CELL_STYLE = "Ledger Table Text"
CELL_STYLE_ID = "TZCell"
"""A short style id: it is written into every cell's paragraph."""
LEDGER_WIDTHS = {
    "no": 3.5, "section": 11, "text": 24, "lead": 9, "units": 13, "time_limit": 6.5,
    "due": 6.5, "state": 6.5, "notes": 13, "updated": 7, "period": 9,
}
PERIOD_COLOUR = "1F4E78"
"""Percent of the text width per ledger column."""
_CENTRED = {"no", "due", "state", "updated"}


def default_fonts(doc, east_asia: str, latin: str = LATIN) -> None:
    """The document's default fonts as named fonts, not the template's theme fonts (which WPS
    and LibreOffice map each their own way), and Chinese as the East Asian language, for
    Chinese line breaking (no 。 at a line's start). Shared by the report and the 情况通报."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = None if defaults is None else defaults.find(qn("w:rPrDefault"))
    rpr = None if rpr_default is None else rpr_default.find(qn("w:rPr"))
    if rpr is None:
        return
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), latin)
        rfonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

def _fonts(rpr_owner, east_asia: str = SONG, latin: str = LATIN) -> None:
    """Set the Latin and East-Asian fonts of a style or run (python-docx sets only Latin)."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)  # a theme font would win over the names below
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _setup(doc, report: Report) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN_LR
    section.top_margin = section.bottom_margin = MARGIN_TB
    section.footer_distance = Cm(0.8)
    styles = doc.styles
    default_fonts(doc, SONG)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = LATIN
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    for name, size, before, after in (("Heading 1", 15, 12, 6), ("Heading 2", 13, 10, 4)):
        h = styles[name]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = RGBColor(0, 0, 0)
        h.font.name = LATIN
        _fonts(h.element, HEI)
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True
    cell = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.style_id = CELL_STYLE_ID
    cell.base_style = normal
    cell.font.size = Pt(9)
    _fonts(cell.element)
    cell.paragraph_format.space_before = Pt(0)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    doc.core_properties.title = report.title
    doc.core_properties.author = "taizhang"
    _footer(section, report)


def _footer(section, report: Report) -> None:
    """第 X 页 共 Y 页, with PAGE and NUMPAGES fields."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = report.t("export.page", page="\x00PAGE\x00", pages="\x00NUMPAGES\x00")
    for i, piece in enumerate(text.split("\x00")):
        if not piece:
            continue
        if i % 2:
            fld = p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): piece})
            run = p._p.makeelement(qn("w:r"), {})
            t = run.makeelement(qn("w:t"), {})
            t.text = "1"
            run.append(t)
            fld.append(run)
            p._p.append(fld)
        else:
            run = p.add_run(piece)
            run.font.size = Pt(9)
            _fonts(run._r)


def _paragraph(doc, text: str, *, size: float | None = None, bold: bool = False,
               centre: bool = False, style: str | None = None, colour: str | None = None):
    p = doc.add_paragraph(style=style)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    run.font.name = LATIN
    _fonts(run._r, HEI if style and style.startswith("Heading") else SONG)
    return p


# ---- tables as XML, in one pass -------------------------------------------------------------

_RFONTS = f'<w:rFonts w:eastAsia="{SONG}"/>'
"""On every run in a table: the East-Asian font (Latin fonts come from the cell style)."""


def _rpr(bold: bool = False, colour: str | None = None) -> str:
    return ("<w:rPr>" + _RFONTS + ("<w:b/>" if bold else "")
            + (f'<w:color w:val="{colour}"/>' if colour else "") + "</w:rPr>")


_RPR_PLAIN = _rpr()
_RPR_BOLD = _rpr(bold=True)


def _cell(width: int, text: str, *, centre: bool = False, fill: str | None = None,
          rpr: str = _RPR_PLAIN, indent: int = 0, right: bool = False, vcentre: bool = False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if vcentre:
        props += '<w:vAlign w:val="center"/>'
    ppr = f'<w:pPr><w:pStyle w:val="{CELL_STYLE_ID}"/>'
    if indent:
        ppr += f'<w:ind w:left="{indent}"/>'
    if centre:
        ppr += '<w:jc w:val="center"/>'
    elif right:
        ppr += '<w:jc w:val="right"/>'
    ppr += "</w:pPr>"
    paras = []
    for line in (text.split("\n") if text else [""]):
        run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
        paras.append(f"<w:p>{ppr}{run}</w:p>")
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paras)}</w:tc>"


def _table_start(widths: list[int]) -> list[str]:
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]


def _header_row(widths: list[int], headers: list[str]) -> str:
    cells = "".join(_cell(w, h, centre=True, fill=HEADER_FILL, rpr=_RPR_BOLD, vcentre=True)
                    for w, h in zip(widths, headers))
    return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"


def _insert(doc, xml: str) -> None:
    element = etree.fromstring(xml)
    doc.element.body.sectPr.addprevious(element)


def _ledger_table(doc, report: Report, plan) -> None:
    columns = report.columns
    total = sum(LEDGER_WIDTHS[c] for c in columns)
    widths = [int(TEXT_WIDTH * LEDGER_WIDTHS[c] / total) for c in columns]
    w = dict(zip(columns, widths))
    parts = _table_start(widths)
    parts.append(_header_row(widths, [report.headers[c] for c in columns]))
    state_rpr = {k: _rpr(bold=True, colour=text) for k, (_, text) in STATE_COLOURS.items()}
    overdue_rpr = _rpr(bold=True, colour=OVERDUE_COLOUR)
    changed_rpr = _rpr(bold=True, colour=PERIOD_COLOUR)
    for r in plan.rows:
        parts.append(
            "<w:tr>"
            + _cell(w["no"], r.no, centre=True)
            + _cell(w["section"], r.section_text())
            + _cell(w["text"], r.text)
            + _cell(w["lead"], r.lead)
            + _cell(w["units"], r.units)
            + _cell(w["time_limit"], r.time_limit)
            + _cell(w["due"], r.due_text, centre=True, rpr=overdue_rpr if r.overdue else _RPR_PLAIN)
            + _cell(w["state"], r.state_word, centre=True, fill=STATE_COLOURS[r.style][0],
                    rpr=state_rpr[r.style])
            + (_cell(w["period"], r.period, rpr=changed_rpr) if "period" in w else "")
            + _cell(w["notes"], r.notes_text())
            + _cell(w["updated"], r.updated_text, centre=True)
            + "</w:tr>"
        )
    parts.append("</w:tbl>")
    _insert(doc, "".join(parts))


def _summary_table(doc, report: Report, name_header: str, lines: list[SummaryLine], plans: bool) -> None:
    name_w = int(TEXT_WIDTH * 0.44)
    num_w = int((TEXT_WIDTH - name_w) / 8)
    widths = [name_w] + [num_w] * 7
    parts = _table_start(widths)
    parts.append(_header_row(widths, [name_header, *report.sum_headers]))
    overdue_rpr = _rpr(bold=True, colour=OVERDUE_COLOUR)
    for line in lines:
        bold = plans and line.depth == 0
        rpr = _RPR_BOLD if bold else _RPR_PLAIN
        fill = "F2F2F2" if bold else None
        cells = [_cell(name_w, line.name, rpr=rpr, fill=fill, indent=240 * line.depth)]
        cells += [_cell(num_w, str(v), right=True, rpr=rpr, fill=fill) for v in sum_values(line)]
        cells.append(_cell(num_w, line.percent_text, right=True, rpr=rpr, fill=fill))
        overdue = line.progress.overdue
        cells.append(_cell(num_w, str(overdue or ""), right=True, fill=fill,
                           rpr=overdue_rpr if overdue else rpr))
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    parts.append("</w:tbl>")
    _insert(doc, "".join(parts))


def write_docx(report: Report) -> bytes:
    doc = Document()
    _setup(doc, report)
    t = report.t
    colon = "：" if report.lang == "zh" else ": "
    _paragraph(doc, report.title, size=18, bold=True, centre=True)
    meta = []
    if len(report.plans) == 1:
        meta += list(report.plans[0].meta)
    meta.append((t("export.exported_at"), report.exported_at))
    if report.filter_text:
        meta.append((t("export.filter"), report.filter_text))
    _paragraph(doc, "　".join(f"{k}{colon}{v}" for k, v in meta), centre=True, colour="404040")
    if not report.plans:
        _paragraph(doc, t("export.no_tasks"))
    else:
        zh = report.lang == "zh"
        _paragraph(doc, ("一、" if zh else "1. ") + t("export.summary"), style="Heading 1")
        _paragraph(doc, t("export.by_section"), style="Heading 2")
        _summary_table(doc, report, t("export.sum.name"), report.summary_lines(), plans=True)
        _paragraph(doc, t("export.by_unit"), style="Heading 2")
        _summary_table(doc, report, t("export.sum.unit"), list(report.units), plans=False)
        _paragraph(doc, t("export.by_unit_note"), size=9, colour="595959")
        _paragraph(doc, ("二、" if zh else "2. ") + t("export.ledger"), style="Heading 1")
        for i, plan in enumerate(report.plans, 1):
            if len(report.plans) > 1:
                _paragraph(doc, f"（{i}）{plan.title}" if zh else f"2.{i} {plan.title}", style="Heading 2")
                if plan.meta:
                    _paragraph(doc, "　".join(f"{k}{colon}{v}" for k, v in plan.meta), size=9, colour="404040")
            _ledger_table(doc, report, plan)
            doc.add_paragraph()  # Word joins tables that touch; a paragraph keeps them apart
    bio = io.BytesIO()
    doc.save(bio)
    return bio.getvalue()
