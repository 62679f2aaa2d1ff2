"""Write one unit's 反馈表 (.xlsx) for one plan and round, from the database, with openpyxl.

The sheet: a merged title row, 填报单位 (filled, locked) with 填报人 / 联系电话 / 填报日期 to fill,
a short 填报说明, then the header row and one row per task. 任务编号 is the first column, visible
and text, because pastes overwrite hidden columns and Excel turns number-like text into numbers.
Locked columns carry the plan; the columns to fill are text-formatted and wrapped, with a
dropdown for 完成情况. Sheet protection is on only as a guard against slips: the reader never
trusts it. A hidden sheet and the document's properties carry what the reader needs to know the
file again: plan (id and hash), unit, round, export time, format version, and per row the state
it was sent with and a fingerprint of its locked text.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from store.cells import FORMULA_START, text_lines, xml_safe
from store.forms import layout
from store.models import PlanSummary
from store.round_models import FormTask, Round

WIDTHS = {
    "key": 8, "no": 4, "section": 10, "text": 30, "lead": 9, "support": 9, "units": 10,
    "role": 6, "time_limit": 8, "state": 7, "progress": 24, "evidence": 9, "problems": 11,
    "next": 11, "remarks": 6,
}
"""Column widths (Excel's units: a Latin digit of the workbook's font; a Chinese character takes
two). About 160 in all, so the sheet fitted to the width of A4 landscape prints its 10-point text
at 7 to 9 points, depending on the fonts the machine has (the form first had 259: 5 to 6)."""
LINE_HEIGHT = 13.5
"""Points per line of 10-point Chinese text (SimSun in Excel and WPS, Noto CJK in LibreOffice)."""
MIN_ROW_HEIGHT = 40.5
"""Three lines: room to write a short answer by hand on a printed form."""
MAX_ROW_HEIGHT = 409  # Excel's limit
HEAD_ROW = 4
"""The header row; the reader does not rely on it (it finds the header by its words)."""

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_FILL_HEAD = PatternFill("solid", fgColor="FFF2CC")
_FONT = "宋体"


@dataclass(frozen=True)
class FormMeta:
    plan_id: int
    plan_sha256: str
    plan_title: str
    unit_id: int
    unit: str
    round_id: int | None
    round_name: str | None
    exported_at: str


def form_title(plan: PlanSummary, round_: Round | None) -> str:
    title = f"{plan.display_title}落实情况反馈表"
    return f"{title}（{round_.name}）" if round_ else title


INSTRUCTIONS = (
    "填报说明：1. 完成情况请从下拉列表中选择（已完成 / 推进中 / 滞后 / 未启动 / 不涉及）；"
    "2. 单元格留空表示没有变化；3. 佐证材料可填文字或链接；4. 请勿插入或删除列，不要修改灰色部分；"
    "5. 请保存为 .xlsx 格式发回（WPS 请“另存为”.xlsx，不要存为 .et）。"
)


def _text(cell, value: str | None) -> None:
    value = xml_safe(value)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def _default_font(wb: Workbook, font: Font) -> None:
    """The workbook's default font (the Normal style's, the first in styles.xml): column widths
    are counted in its digits, so with Calibri, which machines without it replace by a wider
    font, the form prints smaller there. openpyxl has no public setter: the first font is it."""
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([font, *list(wb._fonts)[1:]])


def row_height(text: str, width: float, minimum: float = MIN_ROW_HEIGHT) -> float:
    """Points for `text` wrapped in a column `width` units wide, at least `minimum`."""
    return min(MAX_ROW_HEIGHT, max(minimum, text_lines(text or "", width) * LINE_HEIGHT + 4))


def page_setup(ws) -> None:
    """Printing: A4 landscape, fitted to the page's width (as many pages down as it takes), the
    header row on every page, narrow margins, centred, page numbers in the footer."""
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def write_form(meta: FormMeta, plan: PlanSummary, round_: Round | None, rows: list[FormTask],
               sections: dict[int | None, str]) -> bytes:
    """The form as .xlsx bytes. `sections` maps a section id to its path as one line."""
    wb = Workbook()
    _default_font(wb, Font(name=_FONT, size=10, family=3, charset=134))
    ws = wb.active
    ws.title = layout.DATA_SHEET
    width = len(layout.COLUMNS)
    last = get_column_letter(width)
    base = Font(name=_FONT, size=10)
    bold = Font(name=_FONT, size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    ws.merge_cells(f"A1:{last}1")
    title = ws["A1"]
    _text(title, form_title(plan, round_))
    title.font = Font(name=_FONT, size=14, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28

    # Row 2: 填报单位 (locked) then 填报人, 联系电话, 填报日期 to fill; each value right of its label.
    head = [("unit", meta.unit, False), ("filler", "", True), ("phone", "", True), ("date", "", True)]
    col = 1
    spans = (3, 3, 3, 3)
    for (field, value, to_fill), span in zip(head, spans):
        label = ws.cell(2, col)
        _text(label, layout.FORM_HEAD[field])
        label.font = bold
        cell = ws.cell(2, col + 1)
        _text(cell, value)
        cell.font = base
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if span > 2:
            ws.merge_cells(start_row=2, start_column=col + 1, end_row=2, end_column=col + span - 1)
        if to_fill:
            cell.protection = unlocked
            cell.number_format = "@"
            cell.border = _BORDER
        col += span
    span_width = sum(WIDTHS[layout.COLUMNS[c]] for c in range(1, spans[0]))  # the unit's merged cell
    ws.row_dimensions[2].height = row_height(meta.unit, span_width, minimum=20)
    ws.merge_cells(f"A3:{last}3")
    note = ws["A3"]
    _text(note, INSTRUCTIONS)
    note.font = Font(name=_FONT, size=9, color="7F5600")
    note.alignment = wrap
    ws.row_dimensions[3].height = row_height(INSTRUCTIONS, sum(WIDTHS.values()), minimum=15)

    for i, name in enumerate(layout.COLUMNS, 1):
        cell = ws.cell(HEAD_ROW, i)
        _text(cell, layout.HEADERS[name])
        cell.font = bold
        cell.fill = _FILL_HEAD if name in layout.FILL else _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[name]
    ws.row_dimensions[HEAD_ROW].height = max(row_height(layout.HEADERS[n], WIDTHS[n], minimum=15) for n in layout.COLUMNS)

    fingerprints: list[tuple[str, str, str, str]] = []
    for r, ft in enumerate(rows, HEAD_ROW + 1):
        t = ft.task
        support = "、".join(t.support)
        values = {
            "key": t.key, "no": t.no or "", "section": sections.get(t.section_id, ""),
            "text": t.text, "lead": "、".join(t.lead), "support": support,
            "units": t.units or "", "role": layout.ROLE_WORDS[ft.role],
            "time_limit": t.time_limit or "",
        }
        for i, name in enumerate(layout.COLUMNS, 1):
            cell = ws.cell(r, i)
            cell.border = _BORDER
            cell.font = base
            cell.alignment = wrap
            if name in layout.FILL:
                cell.protection = unlocked
                cell.number_format = "@"
            else:
                _text(cell, values[name])
                cell.fill = _LOCKED_FILL
        # Neither Excel nor LibreOffice fits a row to wrapped text when it opens a file: the
        # height is set here, from the text and the column's width.
        ws.row_dimensions[r].height = max(row_height(values[n], WIDTHS[n]) for n in values)
        fingerprints.append((t.key, t.state, t.flag or "", layout.fingerprint(
            t.no, t.text, "、".join(t.lead), support, t.units, t.time_limit)))
    end = HEAD_ROW + max(len(rows), 1)

    state_col = get_column_letter(layout.COLUMNS.index("state") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(layout.DROPDOWN) + '"',
                        allow_blank=True, showDropDown=False)
    dv.error = "请从下拉列表中选择完成情况"
    dv.errorTitle = "完成情况"
    dv.prompt = "请选择：" + " / ".join(layout.DROPDOWN)
    dv.showInputMessage = True
    dv.showErrorMessage = False  # a typed variant (完成) is read, not refused
    ws.add_data_validation(dv)
    dv.add(f"{state_col}{HEAD_ROW + 1}:{state_col}{end}")

    ws.freeze_panes = ws.cell(HEAD_ROW + 1, 2)
    page_setup(ws)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False

    info = wb.create_sheet(layout.META_SHEET)
    info.sheet_state = "hidden"
    fields = [
        ("format", layout.FORMAT), ("version", str(layout.VERSION)),
        ("plan_id", str(meta.plan_id)), ("plan_sha256", meta.plan_sha256),
        ("plan_title", meta.plan_title), ("unit_id", str(meta.unit_id)), ("unit", meta.unit),
        ("round_id", "" if meta.round_id is None else str(meta.round_id)),
        ("round", meta.round_name or ""), ("exported_at", meta.exported_at),
    ]
    for r, (k, v) in enumerate(fields, 1):
        _text(info.cell(r, 1), k)
        _text(info.cell(r, 2), v)
    start = len(fields) + 2
    for i, name in enumerate(("key", "sent_state", "sent_flag", "fingerprint")):
        _text(info.cell(start, i + 1), name)
    for r, row in enumerate(fingerprints, start + 1):
        for i, v in enumerate(row):
            _text(info.cell(r, i + 1), v)
    info.protection.sheet = True

    props = wb.properties
    props.title = form_title(plan, round_)
    props.subject = f"{layout.FORMAT} v{layout.VERSION}"
    props.creator = "taizhang"
    props.keywords = meta.plan_sha256
    for k, v in fields:
        if v:
            wb.custom_doc_props.append(StringProperty(name=f"taizhang.{k}", value=v))

    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()
