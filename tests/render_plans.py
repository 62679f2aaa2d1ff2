"""Render a PlanDraft as the documents offices send: .docx (merged cells, or Word numbering),
.xlsx ledger, .html page — so a test can import the file and compare draft with draft.

Generic on purpose: it lays out any plan's section tree, not the five samples'. A section with
subsections is a row merged across the table ("一、…"); the deepest sections are a 工作任务
column, merged down over their tasks (or left empty below the first row); units equal on
consecutive tasks of a section are one merged cell. Also the small XML helpers the trap tests
use to write the odd tables hand-edited documents have.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from store.importing import labels as L
from store.drafts import PlanDraft, SectionDraft, TaskDraft

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---- layout -------------------------------------------------------------------------------


@dataclass
class Line:
    kind: str  # "banner" (a section row across the table) or "task"
    section: SectionDraft
    task: TaskDraft | None = None
    heading: SectionDraft | None = None
    """The section shown in the 工作任务 column for a task row (None: the cell is empty)."""
    first_of_heading: bool = False
    rows_of_heading: int = 1
    units_first: bool = True
    units_rows: int = 1


def layout(draft: PlanDraft) -> list[Line]:
    lines: list[Line] = []

    def walk(sections, parent_banner: bool):
        for s in sections:
            if s.sections:
                # A SectionDraft holds its own tasks before its subsections: they sit under the
                # banner row, with an empty 工作任务 cell.
                lines.append(Line("banner", s))
                for t in s.tasks:
                    lines.append(Line("task", s, t, None))
                walk(s.sections, True)
            else:
                show = s if (s.label or s.title) else None
                for i, t in enumerate(s.tasks):
                    lines.append(Line("task", s, t, show, first_of_heading=i == 0, rows_of_heading=len(s.tasks)))

    walk(draft.sections, False)
    # Units merged over consecutive tasks of one section that have the same units.
    i = 0
    while i < len(lines):
        if lines[i].kind != "task":
            i += 1
            continue
        j = i + 1
        while (j < len(lines) and lines[j].kind == "task" and lines[j].section is lines[i].section
               and lines[j].task.units == lines[i].task.units):
            j += 1
        lines[i].units_first, lines[i].units_rows = True, j - i
        for k in range(i + 1, j):
            lines[k].units_first, lines[k].units_rows = False, 0
        i = j
    return lines


def time_column(draft: PlanDraft) -> bool:
    """The plan had a time-limit column (or line): some time limit is not in its task's text."""
    return any(t.time_limit and t.time_limit not in t.text for t in draft.iter_tasks())


def time_cell(t: TaskDraft) -> str:
    return t.time_limit if t.time_limit and t.time_limit not in t.text else ""


def heading_text(s: SectionDraft) -> str:
    return f"{s.label or ''}{s.title}"


def meta_lines(draft: PlanDraft) -> list[str]:
    out = []
    if draft.issuer:
        out.append(f"{draft.issuer}文件")
    if draft.doc_no:
        out.append(draft.doc_no)
    if draft.title:
        out.append(draft.title)
    if draft.issued:
        d = dt.date.fromisoformat(draft.issued)
        out.append(f"{d.year}年{d.month}月{d.day}日")
    return out


def task_text(t: TaskDraft) -> str:
    return f"{t.no}.{t.text}" if t.no else t.text


# ---- docx XML helpers -----------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def p_xml(text: str = "", num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """A w:p; `num` = (numId, ilvl) for direct numbering, `style` a paragraph style id."""
    ppr = ""
    if num or style:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    runs = ""
    for i, line in enumerate(text.split("\n")):
        if i:
            runs += "<w:r><w:br/></w:r>"
        if line:
            runs += f'<w:r><w:t xml:space="preserve">{_esc(line)}</w:t></w:r>'
    return f"<w:p>{ppr}{runs}</w:p>"


def tc_xml(paragraphs: str = "", span: int = 1, vmerge: str | None = None, inner: str = "") -> str:
    """A w:tc; vmerge: None, "restart", "continue" (w:val written) or "bare" (<w:vMerge/>)."""
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += '<w:vMerge w:val="continue"/>'
    elif vmerge == "bare":
        pr += "<w:vMerge/>"
    body = (paragraphs or "") + inner
    if not body or not body.rstrip().endswith("</w:p>"):
        body += "<w:p/>"  # a cell ends with a paragraph
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def tr_xml(cells: str, grid_before: int = 0) -> str:
    pr = f'<w:trPr><w:gridBefore w:val="{grid_before}"/></w:trPr>' if grid_before else ""
    return f"<w:tr>{pr}{cells}</w:tr>"


def tbl_xml(rows: list[str], cols: int) -> str:
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(cols))
    borders = "".join(
        f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
        f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def new_docx():
    import docx

    return docx.Document()


def add_xml(doc, xml: str) -> None:
    """Append a block (w:p or w:tbl) to the body, before the section properties."""
    from docx.oxml import parse_xml

    if not xml.startswith("<w:tbl xmlns"):
        xml = xml.replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1) if xml.startswith("<w:p>") else xml
    el = parse_xml(xml)
    body = doc.element.body
    sect = body.find(f"{{{W_NS}}}sectPr")
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


def add_paragraph(doc, text: str, num=None, style=None) -> None:
    add_xml(doc, p_xml(text, num, style))


class NumberingBuilder:
    """Adds abstract numbering definitions and lists to a python-docx document."""

    def __init__(self, doc):
        self.doc = doc
        self.el = doc.part.numbering_part.element
        ids = [int(a.get(f"{{{W_NS}}}abstractNumId")) for a in self.el.iter(f"{{{W_NS}}}abstractNum")]
        nums = [int(n.get(f"{{{W_NS}}}numId")) for n in self.el.iter(f"{{{W_NS}}}num")]
        self.next_abstract = max(ids, default=0) + 1
        self.next_num = max(nums, default=0) + 1

    def abstract(self, levels: list[tuple[str, str]], styles: dict[int, str] | None = None) -> int:
        """levels: [(numFmt, lvlText)] for ilvl 0, 1, …; styles: ilvl → pStyle linked to it."""
        from docx.oxml import parse_xml

        aid = self.next_abstract
        self.next_abstract += 1
        lvls = ""
        for i, (fmt, text) in enumerate(levels):
            pstyle = f'<w:pStyle w:val="{styles[i]}"/>' if styles and i in styles else ""
            lvls += (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
                     f'<w:lvlText w:val="{_esc(text)}"/><w:lvlJc w:val="left"/></w:lvl>')
        el = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{aid}">'
                       f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        first_num = self.el.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.el.append(el)
        return aid

    def num(self, abstract_id: int, starts: dict[int, int] | None = None) -> int:
        from docx.oxml import parse_xml

        nid = self.next_num
        self.next_num += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
            for k, v in (starts or {}).items()
        )
        self.el.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{nid}"><w:abstractNumId w:val="{abstract_id}"/>'
                                 f"{overrides}</w:num>"))
        return nid

    def style(self, style_id: str, num_id: int, ilvl: int | None = None) -> None:
        """A paragraph style whose paragraphs are numbered (numPr inherited by the paragraph)."""
        from docx.oxml import parse_xml

        ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        el = parse_xml(f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
                       f'<w:name w:val="{style_id}"/><w:basedOn w:val="Normal"/>'
                       f'<w:pPr><w:numPr>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style>')
        self.doc.styles.element.append(el)


# ---- .docx with merged cells (typed numbers) ----------------------------------------------


def write_docx_merged(draft: PlanDraft, path: Path) -> Path:
    doc = new_docx()
    for line in meta_lines(draft):
        add_paragraph(doc, line)
    has_time = time_column(draft)
    header = ["工作任务", "具体要求", "责任单位"] + (["完成时限"] if has_time else [])
    cols = len(header)
    rows = [tr_xml("".join(tc_xml(p_xml(h)) for h in header))]
    continue_style = ["bare", "continue"]
    k = 0
    for line in layout(draft):
        if line.kind == "banner":
            rows.append(tr_xml(tc_xml(p_xml(heading_text(line.section)), span=cols)))
            continue
        t = line.task
        k += 1
        cells = ""
        # 工作任务: merged down over the section's tasks (both merge spellings, alternating).
        if line.heading is None:
            cells += tc_xml(p_xml(""))
        elif line.first_of_heading:
            cells += tc_xml(p_xml(heading_text(line.heading)), vmerge="restart" if line.rows_of_heading > 1 else None)
        else:
            cells += tc_xml(p_xml(""), vmerge=continue_style[k % 2])
        cells += tc_xml(p_xml(task_text(t)))
        if line.units_first:
            cells += tc_xml(p_xml(t.units or ""), vmerge="restart" if line.units_rows > 1 else None)
        else:
            cells += tc_xml(p_xml(""), vmerge=continue_style[(k + 1) % 2])
        if has_time:
            cells += tc_xml(p_xml(time_cell(t)))
        rows.append(tr_xml(cells))
    add_xml(doc, tbl_xml(rows, cols))
    add_paragraph(doc, "")  # Word always ends a document with a paragraph
    doc.save(str(path))
    return path


# ---- .docx with Word numbering (序号 column, （一） labels), split in two tables --------------


@dataclass
class _Lists:
    """Which list draws each heading style and the 序号 column, restarting where the plan does."""

    nb: NumberingBuilder
    heading_abstract: int = 0
    number_abstract: int = 0
    styles: dict = field(default_factory=dict)  # label style → (ilvl, style id)
    counters: dict = field(default_factory=dict)
    heading_num: int = 0
    number_num: int = 0
    last_no: int = 0


_FORMAT = {"一、": ("chineseCounting", "%{n}、"), "（一）": ("chineseCounting", "（%{n}）"),
           "1.": ("decimal", "%{n}."), "（1）": ("decimal", "（%{n}）"), "①": ("decimalEnclosedCircle", "%{n}")}


def write_docx_numbered(draft: PlanDraft, path: Path, split: bool = True) -> Path:
    doc = new_docx()
    for line in meta_lines(draft):
        add_paragraph(doc, line)
    nb = NumberingBuilder(doc)
    # Heading label styles in order of first appearance → levels of one multilevel list.
    order: list[str] = []
    for s in draft.iter_sections():
        if s.label:
            lab = L.parse_label(s.label + "x")
            if lab and lab.style not in order:
                order.append(lab.style)
    levels = []
    style_ids = {}
    for i, st in enumerate(order):
        fmt, text = _FORMAT.get(st, ("chineseCounting", "%{n}、"))
        levels.append((fmt, text.replace("{n}", str(i + 1))))
        style_ids[i] = f"TZHeading{i + 1}"
    lists = _Lists(nb)
    if levels:
        lists.heading_abstract = nb.abstract(levels, styles=style_ids)
        lists.heading_num = nb.num(lists.heading_abstract)
        for i, st in enumerate(order):
            # The headings are numbered through their paragraph style (numPr inherited), written
            # as Word writes a list linked to heading styles (ilvl in the style below level 1).
            nb.style(style_ids[i], lists.heading_num, ilvl=i if i else None)
            lists.styles[st] = (i, style_ids[i])
    lists.number_abstract = nb.abstract([("decimal", "%1")])
    lists.number_num = nb.num(lists.number_abstract)
    heading_counters: dict[int, int] = {}

    def heading_paragraph(s: SectionDraft) -> str:
        if not s.label:
            return p_xml(s.title)
        lab = L.parse_label(s.label + "x")
        ilvl, style_id = lists.styles[lab.style]
        expected = heading_counters.get(ilvl, 0) + 1
        heading_counters[ilvl] = lab.ordinal
        for deeper in [k for k in heading_counters if k > ilvl]:
            del heading_counters[deeper]
        if lab.ordinal != expected:
            # Word's "restart numbering" / "set numbering value": a list with a start override.
            num = nb.num(lists.heading_abstract, {ilvl: lab.ordinal})
            return p_xml(s.title, num=(num, ilvl), style=style_id)
        return p_xml(s.title, style=style_id)

    def number_paragraph(t: TaskDraft) -> str:
        if not t.no:
            return p_xml("")
        n = int(t.no)
        num = lists.number_num
        if n != lists.last_no + 1:
            num = lists.number_num = nb.num(lists.number_abstract, {0: n})
        lists.last_no = n
        return p_xml("", num=(num, 0))

    has_time = time_column(draft)
    header = ["序号", "工作任务", "具体要求", "责任单位"] + (["完成时限"] if has_time else [])
    cols = len(header)
    header_row = tr_xml("".join(tc_xml(p_xml(h)) for h in header))
    all_lines = layout(draft)
    cut = len(all_lines) // 2 if split else len(all_lines)
    for part in (all_lines[:cut], all_lines[cut:]):
        if not part:
            continue
        rows = [header_row]
        for line in part:
            if line.kind == "banner":
                rows.append(tr_xml(tc_xml(heading_paragraph(line.section), span=cols)))
                continue
            t = line.task
            heading = heading_paragraph(line.heading) if line.heading is not None and line.first_of_heading else p_xml("")
            cells = tc_xml(number_paragraph(t)) + tc_xml(heading) + tc_xml(p_xml(t.text)) + tc_xml(p_xml(t.units or ""))
            if has_time:
                cells += tc_xml(p_xml(time_cell(t)))
            rows.append(tr_xml(cells))
        add_xml(doc, tbl_xml(rows, cols))
        add_paragraph(doc, "")
    doc.save(str(path))
    return path


# ---- .docx as prose: numbered paragraphs (一、 （一） 1.), a units line and a time line --------


def write_docx_prose(draft: PlanDraft, path: Path) -> Path:
    """The plan written as paragraphs, every label drawn by Word's numbering."""
    doc = new_docx()
    for line in meta_lines(draft):
        add_paragraph(doc, line)
    nb = NumberingBuilder(doc)
    order: list[str] = []
    for s in draft.iter_sections():
        if s.label:
            lab = L.parse_label(s.label + "x")
            if lab and lab.style not in order:
                order.append(lab.style)
    levels = [(_FORMAT[st][0], _FORMAT[st][1].replace("{n}", str(i + 1))) for i, st in enumerate(order)]
    levels.append(("decimal", f"%{len(order) + 1}."))
    # Task numbers run through the plan: their level never restarts.
    aid = nb.abstract(levels)
    from docx.oxml import parse_xml

    for a in nb.el.iter(f"{{{W_NS}}}abstractNum"):
        if a.get(f"{{{W_NS}}}abstractNumId") == str(aid):
            lvl = a.findall(f"{{{W_NS}}}lvl")[-1]
            lvl.insert(1, parse_xml(f'<w:lvlRestart xmlns:w="{W_NS}" w:val="0"/>'))
    num = nb.num(aid)
    task_level = len(order)

    def walk(sections):
        for s in sections:
            if s.label:
                ilvl = order.index(L.parse_label(s.label + "x").style)
                add_paragraph(doc, s.title, num=(num, ilvl))
            elif s.title:
                add_paragraph(doc, s.title)
            group: list[TaskDraft] = []
            for t in s.tasks:
                group.append(t)
            for i, t in enumerate(group):
                add_paragraph(doc, t.text, num=(num, task_level))
                nxt = group[i + 1] if i + 1 < len(group) else None
                if nxt is None or nxt.units != t.units or time_cell(nxt) != time_cell(t):
                    if t.units:
                        add_paragraph(doc, t.units)
                    if time_cell(t):
                        add_paragraph(doc, time_cell(t))
            walk(s.sections)

    walk(draft.sections)
    doc.save(str(path))
    return path


# ---- .xlsx ledger ---------------------------------------------------------------------------

STATE_CYCLE = ["已完成", "推进中", "", "滞后", "未启动", "", "不涉及", "正常推进", "", "已办结，已在网站公开"]
NOTE_CYCLE = ["", "已在政府网站专栏发布", "", "", "按月更新"]


def write_xlsx_ledger(draft: PlanDraft, path: Path, letterhead: bool = False) -> dict[str, tuple[str, str]]:
    """The plan as a ledger (merged title row, merged sections and units, 完成情况 on some rows).

    With `letterhead`, the document's lines above the table (issuer, 文号, title, date) come first,
    each merged across the sheet, as when a plan's Word file is pasted into Excel.
    Returns task key (its position "i") → (state word written, progress note written).
    """
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分工表"
    has_time = time_column(draft)
    header = ["序号", "工作任务", "具体要求", "责任单位"] + (["完成时限"] if has_time else []) + ["完成情况", "进展情况"]
    cols = len(header)
    title = draft.title or "重点任务落实台账"
    above = meta_lines(draft) if letterhead and draft.title else [title]
    for r, text in enumerate(above, 1):
        ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=cols)
    r = len(above) + 1
    for c, h in enumerate(header, 1):
        ws.cell(r, c, h)
    written: dict[str, tuple[str, str]] = {}
    lines = layout(draft)
    k = 0
    for line in lines:
        r += 1
        if line.kind == "banner":
            ws.cell(r, 1, heading_text(line.section))
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=cols)
            continue
        t = line.task
        ws.cell(r, 1, int(t.no) if t.no else None)
        if line.heading is not None and line.first_of_heading:
            ws.cell(r, 2, heading_text(line.heading))
            if line.rows_of_heading > 1:
                ws.merge_cells(start_row=r, start_column=2, end_row=r + line.rows_of_heading - 1, end_column=2)
        ws.cell(r, 3, t.text)
        if line.units_first:
            ws.cell(r, 4, t.units)
            if line.units_rows > 1:
                ws.merge_cells(start_row=r, start_column=4, end_row=r + line.units_rows - 1, end_column=4)
        c = 5
        if has_time:
            ws.cell(r, c, time_cell(t) or None)
            c += 1
        state = STATE_CYCLE[k % len(STATE_CYCLE)]
        note = NOTE_CYCLE[k % len(NOTE_CYCLE)]
        ws.cell(r, c, state or None)
        ws.cell(r, c + 1, note or None)
        written[str(k)] = (state, note)
        k += 1
    wb.save(str(path))
    return written


# ---- .html page -----------------------------------------------------------------------------


def write_html(draft: PlanDraft, path: Path, encoding: str = "utf-8") -> Path:
    e = html.escape
    has_time = time_column(draft)
    header = ["工作任务", "具体要求", "责任单位"] + (["完成时限"] if has_time else [])
    cols = len(header)
    site = "某市人民政府门户网站"
    page_title = f"{draft.title}_{site}" if draft.title else site
    out = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        f"<title>{e(page_title)}</title>",
        "<style>td { border: 1px solid #000 }</style><script>var x = '<td>不是文字</td>';</script></head>",
        '<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>',
        '<div class="article">',
    ]
    for line in meta_lines(draft):
        out.append(f"<p>{e(line)}</p>")
    out.append('<table border="1" cellspacing="0"><tbody>')
    out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
    for line in layout(draft):
        if line.kind == "banner":
            out.append(f'<tr><td colspan="{cols}"><p><strong>{e(heading_text(line.section))}</strong></p></td></tr>')
            continue
        t = line.task
        cells = ""
        if line.heading is None:
            cells += "<td>&nbsp;</td>"
        elif line.first_of_heading:
            cells += f'<td rowspan="{line.rows_of_heading}">{e(heading_text(line.heading))}</td>'
        cells += f"<td>{e(task_text(t)).replace(chr(10), '<br>')}</td>"
        if line.units_first:
            cells += f'<td rowspan="{line.units_rows}">{e(t.units or "")}</td>'
        if has_time:
            cells += f"<td>{e(time_cell(t))}</td>"
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    out.append('</div><div class="footer"><p>主办：某市人民政府办公室</p></div></body></html>')
    path.write_bytes("\n".join(out).encode(encoding))
    return path


# ---- plain text shapes (issue 21): what copy-paste, web pages and crawlers make of a plan ------
#
# Each renders the same table layout as the .docx above (a banner row for a section with
# subsections, the 工作任务 cell on a section's first row only, units merged over a run of equal
# units), then loses the grid the way the shape does. `TEXT_SHAPES` names them all.


def table_rows(draft: PlanDraft, number_column: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the plan as a table whose merged cells are empty below their first row;
    a banner row has one cell."""
    has_time = time_column(draft)
    header = (["序号"] if number_column else []) + ["工作任务", "具体要求", "责任单位"] + (["完成时限"] if has_time else [])
    rows: list[list[str]] = []
    for line in layout(draft):
        if line.kind == "banner":
            rows.append([heading_text(line.section)])
            continue
        t = line.task
        heading = heading_text(line.heading) if line.heading is not None and line.first_of_heading else ""
        text = t.text if number_column else task_text(t)
        cells = ([t.no or ""] if number_column else []) + [heading, text, (t.units or "") if line.units_first else ""]
        if has_time:
            cells.append(time_cell(t))
        rows.append(cells)
    return header, rows


def _title_lines(draft: PlanDraft) -> list[str]:
    return meta_lines(draft)


def text_tabs_lost_merge(draft: PlanDraft) -> str:
    """Tab-separated, the merged first column lost: a row below a section's first has one cell fewer."""
    header, rows = table_rows(draft)
    out = _title_lines(draft) + ["\t".join(header)]
    for cells in rows:
        if len(cells) > 1 and not cells[0]:
            cells = cells[1:]
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def text_pipes(draft: PlanDraft, variant: str = "rows") -> str:
    """`|` tables: "rows" (`| a | b |` with a header and a `|---|` rule), "bare" (no outer bars, no
    header), "cells" (each cell on its own line, `|` alone on the lines between), "ends" (each cell
    line ending in ` |`, a lone `|` for an empty cell)."""
    header, rows = table_rows(draft)
    out = _title_lines(draft)
    if variant == "rows":
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for cells in rows:
            cells = cells + [""] * (len(header) - len(cells)) if len(cells) > 1 else cells
            out.append("| " + " | ".join(cells) + " |")
    elif variant == "bare":
        for cells in rows:
            out.append(" | ".join(cells))
    elif variant == "cells":
        for cells in [header] + rows:
            out.append("|")
            for c in cells:
                if c:
                    out.append(c)
                out.append("|")
    elif variant == "ends":
        for cells in [header] + rows:
            for c in cells:
                out.append(f"{c} |" if c else "|")
    else:
        raise ValueError(variant)
    return "\n".join(out) + "\n"


def text_cells(draft: PlanDraft, number_column: bool = False) -> str:
    """One cell per line, no separator at all: empty cells leave no line."""
    header, rows = table_rows(draft, number_column)
    out = _title_lines(draft) + header
    for cells in rows:
        out.extend(c for c in cells if c)
    return "\n".join(out) + "\n"


BOILERPLATE_BEFORE = "当前位置：首页 > 政务公开 > 政策文件 > 正文 【字体：大 中 小】 打印本页"
BOILERPLATE_AFTER = "附件下载： 分工方案.docx 【打印本页】 【关闭窗口】 主办单位：某市人民政府办公室 网站标识码 4400000001"


def _spaced(word: str) -> str:
    return " ".join(word) if len(word) % 2 == 0 else "　".join(word)


def text_flat(draft: PlanDraft, glue: bool = False, number_column: bool = False) -> str:
    """The whole page flattened into one running line by a crawler: boilerplate around, header
    words spaced out, cells joined by a space — or (`glue`) a task's units glued to its text."""
    header, rows = table_rows(draft, number_column)
    parts = [BOILERPLATE_BEFORE] + _title_lines(draft) + [_spaced(h) for h in header]
    for cells in rows:
        cells = [c for c in cells if c]
        if glue and len(cells) >= 2 and not number_column:
            # text and units glued: "…工作。省政府办公厅"
            i = next((k for k, c in enumerate(cells) if L.parse_label(c) and L.is_number_style(L.parse_label(c).style)), None)
            if i is not None and i + 1 < len(cells) and cells[i].endswith("。"):
                cells = cells[:i] + [cells[i] + cells[i + 1]] + cells[i + 2:]
        parts.extend(cells)
    parts.append(BOILERPLATE_AFTER)
    return " ".join(parts) + "\n"


def text_labelled(draft: PlanDraft, leader: bool = True) -> str:
    """`1. 任务文字` then 牵头单位：… / 配合单位：… / 责任单位：… / 完成时限：… lines (and a
    牵头负责领导：… line naming a person, which is not a unit)."""
    out = _title_lines(draft)

    def walk(sections):
        for s in sections:
            if s.label or s.title:
                out.append(heading_text(s))
            for k, t in enumerate(s.tasks):
                out.append(task_text(t))
                if t.lead:
                    out.append("牵头单位：" + "、".join(t.lead))
                if t.support:
                    out.append("配合单位：" + "、".join(t.support))
                if t.responsible:
                    out.append("责任单位：" + "、".join(t.responsible))
                if time_cell(t):
                    out.append("完成时限：" + time_cell(t))
                if leader and k % 3 == 0:
                    out.append("牵头负责领导：王副局长")
            walk(s.sections)

    walk(draft.sections)
    return "\n".join(out) + "\n"


def _pinyin_injected(text: str, every: int = 9) -> str:
    """A mirror site's pinyin after some characters: 經(jīng)濟."""
    from pypinyin import Style, pinyin

    out, k = [], 0
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff":
            k += 1
            if k % every == 0:
                out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def text_traditional(draft: PlanDraft) -> str:
    """The tab table in traditional characters, with pinyin injected after some characters and
    half-width brackets and dots in the labels: （一）→ (一), 1. → 1．"""
    import re

    import opencc

    text = opencc.OpenCC("s2t").convert(text_tabs_lost_merge(draft))
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"（([一二三四五六七八九十]+)）", r"(\1)", line)
        line = re.sub(r"(^|\t)(\d{1,3})\.", r"\1\2．", line)
        lines.append(_pinyin_injected(line))
    return "\n".join(lines)


TEXT_SHAPES = {
    "pipes-rows": lambda d: text_pipes(d, "rows"),
    "pipes-bare": lambda d: text_pipes(d, "bare"),
    "pipes-cells": lambda d: text_pipes(d, "cells"),
    "pipes-ends": lambda d: text_pipes(d, "ends"),
    "lost-merge": text_tabs_lost_merge,
    "cells": text_cells,
    "cells-numbered": lambda d: text_cells(d, number_column=True),
    "flat": text_flat,
    "flat-glued": lambda d: text_flat(d, glue=True),
    "flat-numbered": lambda d: text_flat(d, number_column=True),
    "labelled": text_labelled,
    "traditional": text_traditional,
}
"""Every text shape a plan is re-rendered in (tests/test_text_shapes.py)."""
