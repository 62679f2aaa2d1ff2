"""The .xlsx export (openpyxl): a summary sheet, then one sheet per plan with the ledger.

Each plan sheet: the plan's title and heading, a frozen and styled header row with an
autofilter, columns sized for Chinese text, wrapped text, the 完成情况 cells coloured by state,
到期日 and 更新时间 as real Excel dates. Printing: A4 landscape, fit to the page width, the header
row repeated on every page.

Text is always a string cell: a value that starts with = + - @ gets the quote prefix, so Excel
and WPS show it and never evaluate it (openpyxl alone would write "=1+1" as a formula).
Styles are set once on prototype cells and copied as style arrays: 10,000 tasks take under
two seconds.
"""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.formatting.rule import DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from store.cells import FORMULA_START, text_lines
from store.exporting.report import (
    HEADER_FILL,
    OVERDUE_COLOUR,
    STATE_COLOURS,
    Report,
    SummaryLine,
    sum_values,
)

WIDTHS = {
    "no": 6, "section": 18, "text": 42, "lead": 14, "units": 22, "time_limit": 12,
    "due": 11.5, "state": 11, "notes": 32, "updated": 16.5, "period": 20,
}
CHANGED_FILL = "FFF2CC"
"""A row changed in the period: its 序号 and 本期进展 cells are shaded."""
"""Column widths in Excel's units (about one Latin digit; a Chinese character takes two)."""
NAME_WIDTH = 60
"""Width of the summary sheet's name column."""
MAX_CELL = 32767
LINE_HEIGHT = 14.5
"""Points per line of 10-point Chinese text (SimSun in Excel/WPS, Noto CJK in LibreOffice)."""
MAX_ROW_HEIGHT = 409  # Excel's limit
FONT_NAME = "宋体"
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def row_height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def sheet_names(titles: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, not starting or ending
    with an apostrophe, not "History", and unique without regard to case."""
    taken = {r.casefold() for r in reserved} | {"history"}
    out: list[str] = []
    for title in titles:
        base = _BAD_SHEET.sub("_", title or "").replace("\n", " ").strip().strip("'").strip()
        base = base or "Sheet"
        name, n = base[:31].rstrip("'"), 1
        while name.casefold() in taken:
            n += 1
            suffix = f"({n})"
            name = base[: 31 - len(suffix)].rstrip().rstrip("'") + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


class _Styles:
    """Prototype cells whose style arrays are copied onto the cells written."""

    def __init__(self, wb: Workbook):
        ws = wb.create_sheet("_proto")
        self._ws = ws
        self._n = 0
        base = Font(name=FONT_NAME, size=10)
        top = Alignment(wrap_text=True, vertical="top")
        centre = Alignment(wrap_text=True, vertical="top", horizontal="center")
        self.text = self._make(font=base, alignment=top, border=_BORDER)
        self.centre = self._make(font=base, alignment=centre, border=_BORDER)
        changed = PatternFill("solid", fgColor=CHANGED_FILL)
        self.centre_changed = self._make(font=Font(name=FONT_NAME, size=10, bold=True), alignment=centre,
                                         border=_BORDER, fill=changed)
        self.changed = self._make(font=base, alignment=top, border=_BORDER, fill=changed)
        self.date = self._make(font=base, alignment=centre, border=_BORDER, fmt="yyyy-mm-dd")
        self.date_overdue = self._make(font=Font(name=FONT_NAME, size=10, bold=True, color=OVERDUE_COLOUR),
                                       alignment=centre, border=_BORDER, fmt="yyyy-mm-dd")
        self.datetime = self._make(font=base, alignment=centre, border=_BORDER, fmt="yyyy-mm-dd hh:mm")
        self.state = {
            key: self._make(font=Font(name=FONT_NAME, size=10, bold=True, color=text),
                            alignment=centre, border=_BORDER,
                            fill=PatternFill("solid", fgColor=fill))
            for key, (fill, text) in STATE_COLOURS.items()
        }
        self.header = self._make(font=Font(name=FONT_NAME, size=10, bold=True),
                                 alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
                                 border=_BORDER, fill=PatternFill("solid", fgColor=HEADER_FILL))
        self.title = self._make(font=Font(name=FONT_NAME, size=16, bold=True),
                                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.meta = self._make(font=Font(name=FONT_NAME, size=10, color="404040"),
                               alignment=Alignment(vertical="center", wrap_text=True))
        self.heading = self._make(font=Font(name=FONT_NAME, size=12, bold=True),
                                  alignment=Alignment(vertical="center"))
        self.number = self._make(font=base, alignment=Alignment(horizontal="right", vertical="top"),
                                 border=_BORDER)
        self.percent = self._make(font=base, alignment=Alignment(horizontal="right", vertical="top"),
                                  border=_BORDER, fmt="0%")
        self.overdue_number = self._make(font=Font(name=FONT_NAME, size=10, bold=True, color=OVERDUE_COLOUR),
                                         alignment=Alignment(horizontal="right", vertical="top"),
                                         border=_BORDER)
        self._names: dict[tuple[int, bool], object] = {}
        wb.remove(ws)

    def _make(self, *, font, alignment, border=None, fill=None, fmt=None):
        self._n += 1
        c = self._ws.cell(self._n, 1)
        c.font = font
        c.alignment = alignment
        if border is not None:
            c.border = border
        if fill is not None:
            c.fill = fill
        if fmt is not None:
            c.number_format = fmt
        return c._style

    def name(self, depth: int, bold: bool):
        """A summary name cell, indented by depth."""
        key = (depth, bold)
        if key not in self._names:
            ws = self._ws
            self._n += 1
            c = ws.cell(self._n, 1)
            c.font = Font(name=FONT_NAME, size=10, bold=bold)
            c.alignment = Alignment(wrap_text=True, vertical="top", indent=min(depth, 15))
            c.border = _BORDER
            self._names[key] = c._style
        return self._names[key]


def _put(ws, row: int, col: int, value, style):
    """Write a value with a copy of a prototype style; text is never a formula: a text cell
    starting with = + - @ gets the quote prefix (Excel's "this is text" mark)."""
    cell = ws.cell(row, col)
    style = StyleArray(style)
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + "…"
        cell._value = value  # bypass type guessing: text stays text ("=1+1", "#N/A")
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            style.quotePrefix = 1
    elif value is not None:
        cell.value = value
    cell._style = style
    return cell


def write_xlsx(report: Report) -> bytes:
    wb = Workbook()
    st = _Styles(wb)
    summary = wb.active
    names = sheet_names([p.title for p in report.plans], reserved=(report.t("export.summary"),))
    summary.title = report.t("export.summary")
    continued = 0
    for plan, name in zip(report.plans, names):
        continued += _plan_sheet(wb.create_sheet(name), report, plan, st)
    _summary_sheet(summary, report, st, continued)
    wb.properties.title = report.title
    wb.properties.creator = "taizhang"
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def _page_setup(ws, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&P / &N"


def _heading(ws, report: Report, st: _Styles, title: str, meta: list[tuple[str, str]], width: int) -> int:
    """Title and meta lines across `width` columns; returns the next free row."""
    last = get_column_letter(width)
    _put(ws, 1, 1, title, st.title)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    sep = "　　" if report.lang == "zh" else "    "
    colon = "：" if report.lang == "zh" else ": "
    line = sep.join(f"{k}{colon}{v}" for k, v in meta)
    _put(ws, 2, 1, line, st.meta)
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 20
    return 3


def split_cell(text: str, limit: int = MAX_CELL) -> list[str]:
    """`text` in pieces Excel can hold (at most `limit` characters, counted as Excel counts them,
    in UTF-16 units), cut at a line break near the end where there is one."""
    if len(text) <= limit // 2 or len(text.encode("utf-16-le")) // 2 <= limit:
        return [text]
    pieces: list[str] = []
    rest = text
    while rest:
        if len(rest.encode("utf-16-le")) // 2 <= limit:
            pieces.append(rest)
            break
        cut = limit
        while len(rest[:cut].encode("utf-16-le")) // 2 > limit:
            cut -= 1
        brk = rest.rfind("\n", cut - 2000, cut)
        if brk > 0:
            cut = brk + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


def _plan_sheet(ws, report: Report, plan, st: _Styles) -> int:
    """The plan's sheet; returns how many cells were too long for Excel and went on in
    continuation rows (no text is cut: the rest follows in rows marked 续 under the task)."""
    meta = list(plan.meta) + [(report.t("export.exported_at"), report.exported_at)]
    if report.filter_text:
        meta.append((report.t("export.filter"), report.filter_text))
    if report.period_title:
        meta.append((report.t("export.col.period"), report.period_title))
    columns = report.columns
    head = _heading(ws, report, st, plan.title, meta, len(columns))
    for col, name in enumerate(columns, 1):
        _put(ws, head, col, report.headers[name], st.header)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    ws.row_dimensions[head].height = 22
    r = head
    w = WIDTHS
    at = {name: i for i, name in enumerate(columns, 1)}
    continued = 0
    for row in plan.rows:
        r += 1
        # Texts Excel cannot hold in one cell go on in rows below (nothing is cut).
        t = {"section": row.section_text("\n"), "text": row.text, "lead": row.lead, "units": row.units,
             "time_limit": row.time_limit, "notes": row.notes_text("\n"), "period": row.period}
        more = {k: pieces for k, v in t.items() if isinstance(v, str) and len(v) > MAX_CELL // 2
                and len(pieces := split_cell(v)) > 1}
        continued += len(more)
        t.update({k: pieces[0] for k, pieces in more.items()})
        _put(ws, r, at["no"], row.no, st.centre_changed if row.changed else st.centre)
        _put(ws, r, at["section"], t["section"], st.text)
        _put(ws, r, at["text"], t["text"], st.text)
        _put(ws, r, at["lead"], t["lead"], st.text)
        _put(ws, r, at["units"], t["units"], st.text)
        _put(ws, r, at["time_limit"], t["time_limit"], st.text)
        _put(ws, r, at["due"], row.due, st.date_overdue if row.overdue else st.date)
        _put(ws, r, at["state"], row.state_word, st.state[row.style])
        if "period" in at:
            _put(ws, r, at["period"], t["period"], st.changed if row.changed else st.text)
        _put(ws, r, at["notes"], t["notes"], st.text)
        _put(ws, r, at["updated"], row.updated, st.datetime)
        lines = max(text_lines(t[k], w[k]) for k in ("section", "text", "lead", "units", "time_limit", "notes", "period"))
        ws.row_dimensions[r].height = row_height(lines)
        if more:
            r = _continuation_rows(ws, r, report, at, more, st)
    ws.freeze_panes = ws.cell(head + 1, 1)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(columns))}{max(r, head + 1)}"
    _page_setup(ws, f"{head}:{head}")
    return continued


def _continuation_rows(ws, r: int, report: Report, at: dict[str, int], more: dict[str, list[str]],
                       st: _Styles) -> int:
    """The rest of each too-long text, a piece per row below its task, marked （续）."""
    for k in range(1, max(len(v) for v in more.values())):
        r += 1
        _put(ws, r, at["no"], report.t("export.continued"), st.centre)
        lines = 1
        for name, pieces in more.items():
            if k < len(pieces) and name in at:
                _put(ws, r, at[name], pieces[k], st.text)
                lines = max(lines, text_lines(pieces[k], WIDTHS[name]))
        ws.row_dimensions[r].height = row_height(lines)
    return r


def _summary_sheet(ws, report: Report, st: _Styles, continued: int = 0) -> None:
    width = 1 + len(report.sum_headers)
    meta = [(report.t("export.exported_at"), report.exported_at)]
    if len(report.plans) == 1:
        meta = list(report.plans[0].meta) + meta
    if report.filter_text:
        meta.append((report.t("export.filter"), report.filter_text))
    r = _heading(ws, report, st, report.title, meta, width)
    ws.column_dimensions["A"].width = NAME_WIDTH
    for col in range(2, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 9
    if not report.plans:
        _put(ws, r + 1, 1, report.t("export.no_tasks"), st.meta)
        _page_setup(ws)
        return
    r = _table(ws, r + 1, report, st, report.t("export.by_section"), report.t("export.sum.name"),
               report.summary_lines(), plans=True)
    r = _table(ws, r + 1, report, st, report.t("export.by_unit"), report.t("export.sum.unit"),
               list(report.units), plans=False)
    _put(ws, r, 1, report.t("export.by_unit_note"), st.meta)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    ws.row_dimensions[r].height = 30
    if continued:
        r += 1
        _put(ws, r, 1, report.t("export.cells_continued", count=continued, limit=f"{MAX_CELL:,}"), st.meta)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.row_dimensions[r].height = 30
    _page_setup(ws)


def _table(ws, r: int, report: Report, st: _Styles, caption: str, name_header: str,
           lines: list[SummaryLine], plans: bool) -> int:
    """A summary table with its caption at row r; returns the row after it."""
    _put(ws, r, 1, caption, st.heading)
    r += 1
    for col, h in enumerate([name_header, *report.sum_headers], 1):
        _put(ws, r, col, h, st.header)
    first = r + 1
    for line in lines:
        r += 1
        bold = plans and (line.depth == 0)
        _put(ws, r, 1, line.name, st.name(line.depth, bold))
        lines = text_lines(line.name, NAME_WIDTH - 2 * line.depth)
        if lines > 1:
            ws.row_dimensions[r].height = row_height(lines)
        for col, value in enumerate(sum_values(line), 2):
            _put(ws, r, col, value, st.number)
        _put(ws, r, 7, line.ratio, st.percent)
        _put(ws, r, 8, line.progress.overdue or None, st.overdue_number)
    if r >= first:
        ws.conditional_formatting.add(
            f"G{first}:G{r}",
            DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="70AD47"),
        )
    return r + 2
