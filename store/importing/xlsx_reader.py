"""Spreadsheets (.xlsx .xlsm .xls .ods, and .et when it is a BIFF file) → Document.

python-calamine reads the values of every format and only the cells that hold something, so the
wrong `<dimension>` WPS writes and rows styled but empty down to row 1,048,576 cost nothing.
Before calamine builds anything, store/sheetscan.py reads each sheet's extent (the last cell with a
value), and store/limits.py refuses a sheet whose grid, A1 on, would be too big to build (issue 23).
Merged ranges come from calamine (it reads `<mergeCells>` while it streams the sheet), else from
that scan (.ods, and .xls where calamine gives none); a full openpyxl load is never needed
(one of a sheet styled to row 100,000 takes seconds). A merged range becomes one cell
with its spans. Blank rows are dropped (a merge spanning them shrinks to
the rows kept). Every visible worksheet is one table, in workbook order; each row remembers
"sheet 分工表 row 7" for warnings.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from store.errors import ImportFailed
from store.importing.cleanup import is_blank, strip_control
from store.importing.document import Cell, Document, Row, Table
from store import limits
from store.importing.files import check_package, read_bytes
from store.drafts import ImportWarning
from store.sheetscan import BookScan, ScanError, SheetScan, native, scan_book

SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".xlsb", ".ods", ".et", ".ett"}
_ZIPPED = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".ods"}


def read_sheet(path: str | Path) -> tuple[Document, bytes]:
    p = Path(path)
    raw = read_bytes(p)
    return read_sheet_bytes(raw, p.name, p.suffix.lower()), raw


def read_sheet_bytes(raw: bytes, name: str, suffix: str) -> Document:
    zipped = raw[:4] == b"PK\x03\x04"
    scan = _measure(raw, name, suffix, zipped or suffix in _ZIPPED)
    # Every sheet calamine will build is measured before the file is opened (an .xls or .ods
    # is built whole when it is opened): its grid, A1 on, is what the caps bound.
    _check(lambda: limits.check_book(scan.to_check()), name)
    try:
        import python_calamine as pc
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ImportFailed(name, None, "import.bad_sheet", detail="python-calamine is not installed") from exc
    try:
        wb = native(pc.CalamineWorkbook.from_filelike, io.BytesIO(raw))
    except Exception as exc:  # CalamineError, PasswordError, ZipError, XmlError …
        if suffix in (".et", ".ett"):
            raise ImportFailed(name, None, "import.needs_xlsx", suffix=suffix) from exc
        detail = "encrypted (password protected)" if type(exc).__name__ == "PasswordError" else f"{type(exc).__name__}: {exc}"
        raise ImportFailed(name, None, "import.bad_sheet", detail=detail[:200]) from exc
    doc = Document(source=name)
    removed = False
    rows = limits.RowCounter()
    try:
        visible = []
        for meta in native(lambda: list(wb.sheets_metadata)):
            if "WorkSheet" not in str(meta.typ):
                continue
            if "Visible" not in str(meta.visible) or "Hidden" in str(meta.visible):
                doc.warnings.append(ImportWarning("", "warn.sheet_hidden", (("sheet", meta.name),)))
                continue
            measured = _measured(scan, meta.name, name)
            _check(lambda: limits.check_book([measured]), name)
            visible.append((meta.name, measured))
        for sheet_name, measured in visible:
            sheet = native(wb.get_sheet_by_name, sheet_name)
            values = native(sheet.to_python, skip_empty_area=False)
            merges = native(_calamine_merges, sheet)
            if merges is None and scan.sheet(sheet_name) is not None:
                merges = measured.merges
            if merges is None:
                if any(len(r) > 1 for r in values):
                    doc.warnings.append(ImportWarning("", "warn.merges_unread", (("detail", sheet_name),)))
                merges = []
            table, had_controls = _table(sheet_name, values, merges)
            del values
            removed = removed or had_controls
            if table is not None:
                _check(lambda: rows.add(len(table.rows)), name)
                doc.blocks.append(table)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(name, None, "import.bad_sheet", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
    finally:
        try:
            wb.close()
        except Exception:
            pass
    if removed:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    return doc


def _check(check, name: str) -> None:
    try:
        check()
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc


def _measure(raw: bytes, name: str, suffix: str, zipped: bool) -> BookScan:
    """Each sheet's extent, merged ranges …, read from the file without building it (and a
    package's parts measured before that)."""
    if zipped:
        check_package(raw, name, "import.bad_sheet")
    try:
        return scan_book(raw)
    except ScanError as exc:
        if suffix in (".et", ".ett"):
            raise ImportFailed(name, None, "import.needs_xlsx", suffix=suffix) from exc
        raise ImportFailed(name, None, "import.bad_sheet", detail=str(exc)[:200]) from exc


def _measured(scan: BookScan, sheet: str, name: str) -> SheetScan | None:
    """The sheet's measure; the largest sheet's when the scan named it otherwise (an old .xls's
    code page); a refusal when the scan could measure nothing (a format it does not read)."""
    found = scan.sheet(sheet)
    if found is not None:
        return found
    if scan.sheets:
        return scan.largest()
    raise ImportFailed(name, None, "limit.unmeasured", sheet=sheet)


def _calamine_merges(sheet) -> list | None:
    """Merged ranges, 0-based ((row, col), (last row, last col)); None when calamine has none to give."""
    try:
        ranges = sheet.merged_cell_ranges
    except Exception:  # an older calamine, or a format it reads no merges from
        return None
    if ranges is None:
        return None
    return [((int(r1), int(c1)), (int(r2), int(c2))) for (r1, c1), (r2, c2) in ranges]


def _value(v) -> str:
    """A cell's value as the sheet shows it: 1.0 → "1", a date → 2021年12月31日."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else format(v, ".15g")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        if (v.hour, v.minute, v.second) == (0, 0, 0):
            return f"{v.year}年{v.month}月{v.day}日"
        return f"{v.year}年{v.month}月{v.day}日 {v:%H:%M}"
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v).replace("_x000D_", "")


def _table(sheet_name: str, values: list[list], merges: list) -> tuple[Table | None, bool]:
    removed = False
    grid: list[list[str]] = []
    for row in values:
        out = []
        for v in row:
            text, had = strip_control(_value(v))
            removed = removed or had
            out.append(text.strip())
        grid.append(out)
    height = len(grid)
    width = max((len(r) for r in grid), default=0)
    # Merges: where each starts, and which slots it covers.
    start_of: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for (r1, c1), (r2, c2) in merges:
        r1, c1 = max(0, int(r1)), max(0, int(c1))
        r2, c2 = max(r1, min(int(r2), height - 1)), max(c1, min(int(c2), c1 + 255))
        if (r1, c1) in owner or (r1, c1) in start_of:
            continue  # overlapping ranges: the first one wins
        m = (r1, c1, r2, c2)
        start_of[(r1, c1)] = m
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    owner.setdefault((r, c), m)
        width = max(width, c2 + 1)
    # Rows with something in them; a merge keeps only the rows it spans that are kept.
    keep = [r for r in range(height) if any(not is_blank(t) for t in grid[r])]
    if not keep:
        return None, removed
    kept = set(keep)
    rows: list[Row] = []
    for r in keep:
        cells: list[Cell] = []
        for c in range(width):
            m = owner.get((r, c))
            if m is not None:
                # Covered, unless the merge starts in a row that was dropped (blank): then the
                # first row kept holds the merged cell.
                r1, c1, r2, c2 = m
                first_kept = next((x for x in range(r1, r2 + 1) if x in kept), None)
                if first_kept != r or c != c1:
                    continue
                span_rows = sum(1 for x in range(r, r2 + 1) if x in kept)
                cells.append(Cell(_at(grid, r1, c1), rowspan=span_rows, colspan=c2 - c1 + 1))
                continue
            text = _at(grid, r, c)
            m = start_of.get((r, c))
            if m:
                _, _, r2, c2 = m
                span_rows = sum(1 for x in range(r, r2 + 1) if x in kept)
                cells.append(Cell(text, rowspan=span_rows, colspan=c2 - c + 1))
            else:
                cells.append(Cell(text))
        rows.append(Row(tuple(cells), f"sheet {sheet_name} row {r + 1}"))
    return Table(tuple(rows), f"sheet {sheet_name}"), removed


def _at(grid: list[list[str]], r: int, c: int) -> str:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""
