"""Read a returned 反馈表: find the data, not the layout.

The sheet may be renamed or moved, columns reordered, blank rows added: the data sheet is the
one with a header row whose words name our columns, and each column is mapped by its header's
words. Values come from python-calamine (.xlsx, .xls, .ods alike); from an .xlsx openpyxl adds
what calamine cannot see: hyperlink targets and which cells hold formulas. Who the file is from
comes from the hidden sheet, else the document properties, else the 填报单位 cell; whatever is
still unknown the caller must ask for.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from store.errors import TaizhangError
from store.forms import layout
from store.textclean import strip_control

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def form_files(path: Path) -> list[Path]:
    """The file itself, or the spreadsheets in a folder (not Office's ~$ lock files)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir()
                      if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))
    return [path]
_SCAN_ROWS = 40


@dataclass
class ReadCell:
    text: str
    flags: tuple[str, ...] = ()
    """`number`, `date`, `formula`, `control`: how the value was not plain text."""


@dataclass
class ReadRow:
    line: int
    """The sheet's row number (1-based), as the clerk sees it in Excel."""
    cells: dict[str, ReadCell]
    links: list[str] = field(default_factory=list)

    def text(self, col: str) -> str:
        cell = self.cells.get(col)
        return cell.text if cell else ""

    def flags(self, col: str) -> tuple[str, ...]:
        cell = self.cells.get(col)
        return cell.flags if cell else ()


@dataclass
class ReturnedForm:
    path: Path
    sha256: str
    sheet: str
    meta: dict[str, str]
    """format, version, plan_id, plan_sha256, unit_id, unit, round_id, round, exported_at."""
    sent: dict[str, tuple[str, str, str]]
    """Per task key: the state and flag the form went out with, and its locked-text fingerprint."""
    head: dict[str, str]
    """filler, phone, date and unit as the 填报 line gives them."""
    columns: tuple[str, ...]
    rows: list[ReadRow]


def _clean(text: str) -> tuple[str, bool]:
    # NFKC is for comparing (keys, status words, the locked columns: layout.norm); the text a
    # unit wrote keeps its full-width punctuation, which NFKC would turn into ASCII.
    text, removed = strip_control(text)
    text = text.replace("\u3000", " ") if text.strip("\u3000 ") == "" else text
    lines = [ln.strip() for ln in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines), removed


def cell_text(value) -> ReadCell:
    """A cell's value as the text the unit meant, flagged where Excel changed its type."""
    if value is None:
        return ReadCell("")
    if isinstance(value, bool):
        return ReadCell("是" if value else "否", ("number",))
    if isinstance(value, int):
        return ReadCell(str(value), ("number",))
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return ReadCell(text, ("number",))
    if isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
        return ReadCell(text, ("date",))
    if isinstance(value, date):
        return ReadCell(value.isoformat(), ("date",))
    if isinstance(value, (time, timedelta)):
        return ReadCell(str(value), ("date",))
    text, removed = _clean(str(value))
    return ReadCell(text, ("control",) if removed else ())


def _head_row(values: list[list]) -> tuple[int, dict[int, str]] | None:
    """The row (0-based) whose cells name most of our columns, and its column map."""
    best: tuple[int, dict[int, str]] | None = None
    for r, row in enumerate(values[:_SCAN_ROWS]):
        found: dict[int, str] = {}
        for c, v in enumerate(row):
            if isinstance(v, str):
                col = layout.header_of(v)
                if col and col not in found.values():
                    found[c] = col
        if len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    if best is None:
        return None
    cols = set(best[1].values())
    if not ({"key", "text"} & cols) or not (set(layout.FILL) & cols):
        return None
    return best


def _head_fields(values: list[list], upto: int) -> dict[str, str]:
    """填报单位 / 填报人 / 联系电话 / 填报日期: each the next non-empty cell right of its label."""
    labels = {layout.norm(w): k for k, w in layout.FORM_HEAD.items()}
    out: dict[str, str] = {}
    for row in values[:upto]:
        for c, v in enumerate(row):
            if not isinstance(v, str):
                continue
            word = layout.norm(v.split("：")[0].split(":")[0])
            key = labels.get(word)
            if key is None:
                continue
            rest = v.split("：", 1)[1] if "：" in v else (v.split(":", 1)[1] if ":" in v else "")
            if rest.strip():
                out[key] = cell_text(rest).text
                continue
            for nxt in row[c + 1:]:
                if nxt not in (None, ""):
                    if not (isinstance(nxt, str) and layout.norm(nxt) in labels):
                        out[key] = cell_text(nxt).text
                    break
    return out


def _meta_sheet(values: list[list]) -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
    meta: dict[str, str] = {}
    sent: dict[str, tuple[str, str, str]] = {}
    in_table = False
    for row in values:
        cells = [cell_text(v).text for v in row] + ["", "", "", ""]
        if not any(cells):
            continue
        if cells[0] == "key" and cells[1] == "sent_state":
            in_table = True
            continue
        if in_table:
            sent[cells[0].upper()] = (cells[1], cells[2], cells[3])
        else:
            meta[cells[0]] = cells[1]
    return meta, sent


def _openpyxl_extras(raw: bytes, sheet: str) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]], dict[str, str]]:
    """Hyperlink targets and formula cells of one sheet (0-based row, col), and our document
    properties: what calamine does not give."""
    links: dict[tuple[int, int], str] = {}
    formulas: set[tuple[int, int]] = set()
    props: dict[str, str] = {}
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:
        return links, formulas, props
    try:
        for prop in getattr(wb, "custom_doc_props", []) or []:
            if prop.name.startswith("taizhang."):
                props[prop.name[len("taizhang."):]] = str(prop.value)
        if sheet in wb.sheetnames:
            ws = wb[sheet]
            for row in ws.iter_rows():
                for cell in row:
                    if cell.hyperlink is not None and cell.hyperlink.target:
                        links[(cell.row - 1, cell.column - 1)] = cell.hyperlink.target
                    if cell.data_type == "f":
                        formulas.add((cell.row - 1, cell.column - 1))
    finally:
        wb.close()
    return links, formulas, props


def read_form(path: str | Path) -> ReturnedForm:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise TaizhangError("merge.too_big", path=p.name, size=f"{size / 1e6:.1f}")
        raw = p.read_bytes()
    except TaizhangError:
        raise
    except OSError as exc:
        raise TaizhangError("merge.unreadable", path=p.name, detail=exc.strerror or type(exc).__name__) from exc
    if p.suffix.lower() in (".et", ".ett", ".wps"):
        raise TaizhangError("merge.needs_xlsx", path=p.name, suffix=p.suffix)
    try:
        import python_calamine as pc

        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as exc:
        raise TaizhangError("merge.not_sheet", path=p.name) from exc
    meta: dict[str, str] = {}
    sent: dict[str, tuple[str, str, str]] = {}
    found = None
    try:
        for sm in wb.sheets_metadata:
            if "WorkSheet" not in str(sm.typ):
                continue
            values = wb.get_sheet_by_name(sm.name).to_python(skip_empty_area=False)
            if sm.name == layout.META_SHEET:
                meta, sent = _meta_sheet(values)
                continue
            if found is None:
                head = _head_row(values)
                if head is not None:
                    found = (sm.name, values, head)
    finally:
        try:
            wb.close()
        except Exception:
            pass
    if found is None:
        raise TaizhangError("merge.no_header", path=p.name)
    sheet, values, (head_row, colmap) = found
    links: dict = {}
    formulas: set = set()
    if raw[:4] == b"PK\x03\x04" and b"opendocument" not in raw[:200]:
        links, formulas, props = _openpyxl_extras(raw, sheet)
        if meta.get("format") != layout.FORMAT and props.get("format") == layout.FORMAT:
            meta = props
    if meta.get("format") != layout.FORMAT:
        meta = {}
    rows: list[ReadRow] = []
    for r in range(head_row + 1, len(values)):
        row = values[r]
        cells: dict[str, ReadCell] = {}
        row_links: list[str] = []
        for c, col in colmap.items():
            v = row[c] if c < len(row) else None
            cell = cell_text(v)
            if (r, c) in formulas:
                cell = ReadCell(cell.text, (*cell.flags, "formula"))
            if (r, c) in links:
                row_links.append(links[(r, c)])
            if col in layout.LOCKED and col != "key" and cell.flags:
                cell = ReadCell(cell.text, tuple(f for f in cell.flags if f != "number"))
            cells[col] = cell
        if not any(cell.text for cell in cells.values()):
            continue  # a blank row
        if sum(1 for c in cells.values() if layout.header_of(c.text)) >= 3:
            continue  # the header repeated (a copy pasted below, a print title typed in)
        rows.append(ReadRow(r + 1, cells, row_links))
    return ReturnedForm(
        path=p,
        sha256=hashlib.sha256(raw).hexdigest(),
        sheet=sheet,
        meta=meta,
        sent=sent,
        head=_head_fields(values, head_row),
        columns=tuple(colmap.values()),
        rows=rows,
    )
