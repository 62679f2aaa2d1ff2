"""Read a returned 反馈表: find the data, not the layout.

The sheet may be renamed or moved, columns reordered, blank rows added: the data sheet is the
one with a header row whose words name our columns, and each column is mapped by its header's
words. Values come from python-calamine (.xlsx, .xls, .ods alike), merged cells read as Excel shows
them (the top-left value over the range); store/sheetscan.py measures every sheet first (a file
beyond store/limits.py is refused before anything is built, issue 23) and adds what calamine
cannot see: hyperlink targets, which cells hold formulas, our document properties. Who the file is from
comes from the hidden sheet, else the document properties, else the 填报单位 cell; whatever is
still unknown the caller must ask for.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from store import limits
from store.errors import TaizhangError
from store.forms import layout
from store.sheetscan import BookScan, ScanError, native, scan_book
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


def spread_merges(values: list[list], merges) -> None:
    """Merged cells as Excel shows them: the top-left cell's value over the whole range (a unit
    that types 已完成 in J5 and merges J5:J7 "for looks" reports it for all three rows). Values
    hidden under a merge are not shown by Excel and are not read. Ranges are clipped to the
    grid, and the work to the grid's size (overlapping ranges, which Excel never writes, do not
    multiply it)."""
    height = len(values)
    budget = sum(len(r) for r in values) + height
    for (r1, c1), (r2, c2) in merges:
        if r1 >= height or r1 < 0 or c1 < 0:
            continue
        top = values[r1]
        value = top[c1] if c1 < len(top) else None
        r2 = min(r2, height - 1)
        c2 = min(c2, c1 + 255)
        for r in range(r1, r2 + 1):
            row = values[r]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = value
            budget -= c2 - c1 + 1
            if budget < 0:
                return


def _measure(p: Path, raw: bytes) -> BookScan:
    """Each sheet's extent and what calamine does not give (merged ranges of an .ods, formula
    cells, hyperlink targets, our document properties), read without building anything; a
    package or sheet beyond store.limits is refused here (issue 23)."""
    if raw[:4] == b"PK\x03\x04":
        try:
            limits.check_package(raw)
        except zipfile.BadZipFile as exc:
            raise TaizhangError("merge.not_sheet", path=p.name) from exc
    try:
        return scan_book(raw)
    except ScanError as exc:
        raise TaizhangError("merge.not_sheet", path=p.name) from exc


def _check_sheets(scan: BookScan, names: list[str]) -> None:
    """Refuse the file when a sheet the reader builds (every worksheet, the hidden one with our
    metadata too) would be too big, before any is built."""
    for name in names:
        if scan.sheet(name) is None and not scan.sheets:
            raise limits.LimitExceeded("limit.unmeasured", sheet=name)
    limits.check_book([scan.sheet(n) or scan.largest() for n in names])


def _calamine_merges(sheet) -> list | None:
    try:
        ranges = sheet.merged_cell_ranges
    except Exception:
        return None
    if ranges is None:
        return None
    return [((int(r1), int(c1)), (int(r2), int(c2))) for (r1, c1), (r2, c2) in ranges]


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
    scan = _measure(p, raw)
    limits.check_book(scan.sheets.values())  # an .xls or .ods is built whole when it is opened
    try:
        import python_calamine as pc

        wb = native(pc.CalamineWorkbook.from_filelike, io.BytesIO(raw))
    except Exception as exc:
        raise TaizhangError("merge.not_sheet", path=p.name) from exc
    meta: dict[str, str] = {}
    sent: dict[str, tuple[str, str, str]] = {}
    found = None
    try:
        sheets = [sm.name for sm in native(lambda: list(wb.sheets_metadata)) if "WorkSheet" in str(sm.typ)]
        _check_sheets(scan, sheets)
        for name in sheets:
            sheet = native(wb.get_sheet_by_name, name)
            values = native(sheet.to_python, skip_empty_area=False)
            if name == layout.META_SHEET:
                meta, sent = _meta_sheet(values)
                continue
            if found is None:
                measured = scan.sheet(name)
                merges = native(_calamine_merges, sheet)
                if merges is None and measured is not None:
                    merges = measured.merges
                spread_merges(values, merges or ())
                head = _head_row(values)
                if head is not None:
                    found = (name, values, head)
    except TaizhangError:
        raise
    except Exception as exc:  # a sheet calamine cannot read after all
        raise TaizhangError("merge.not_sheet", path=p.name) from exc
    finally:
        try:
            wb.close()
        except Exception:
            pass
    if found is None:
        raise TaizhangError("merge.no_header", path=p.name)
    sheet, values, (head_row, colmap) = found
    measured = scan.sheet(sheet)
    links = measured.links if measured is not None else {}
    formulas = measured.formulas if measured is not None else set()
    props = {k[len("taizhang."):]: v for k, v in scan.props.items() if k.startswith("taizhang.")}
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
