"""A cheap look inside a spreadsheet file, before a reader builds its sheets.

python-calamine builds each sheet as one grid from the first to the last cell that holds a value
(to_python from A1), empty cells included: two cells at A1 and XFD1048576 make 17 billion of them
and abort the process. This module reads the same file without building anything and says, per
sheet, where its last cell with a value is (`rows`, `cols`, 1-based; 0 for an empty sheet), so
store.limits can refuse a sheet too big to build. It reads what it passes on the way too:

- .xlsx/.xlsm: each worksheet's XML, streamed in blocks and matched with one regular expression
  (a cell has a value when it holds `<v>` or `<is>`; a styled empty cell does not count, as for
  calamine); merged ranges, formula cells and hyperlink targets; the custom document properties.
- .ods: content.xml, streamed with lxml; repeated rows and cells (`number-rows-repeated`) are
  counted, never expanded; merged ranges (`number-columns-spanned` …).
- .xls (BIFF8/BIFF5 in an OLE compound file): the Workbook stream's cell records.

Every part it reads has passed store.limits.check_package first (zip), or is bounded by the file
itself (.xls is read from the file's bytes, which are capped).
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import Iterator
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

_BLOCK = 4 * 1024 * 1024


@dataclass
class SheetScan:
    name: str
    rows: int = 0
    """The last row (1-based) holding a cell with a value; 0: none."""
    cols: int = 0
    """The last column (1-based) holding a cell with a value."""
    visible: bool = True
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    """Merged ranges, 0-based ((row, col), (last row, last col))."""
    formulas: set[tuple[int, int]] = field(default_factory=set)
    """Cells (0-based) holding a formula (.xlsx only)."""
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    """Hyperlink targets by cell (0-based, the range's first cell; .xlsx only)."""
    measured: bool = True
    """False when the sheet's part could not be found to be measured (a broken package)."""

    def see(self, row: int, col: int) -> None:
        """A cell with a value at (row, col), 1-based."""
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col


@dataclass
class BookScan:
    sheets: dict[str, SheetScan]
    props: dict[str, str] = field(default_factory=dict)
    """Custom document properties (.xlsx), by name."""
    kind: str = ""
    """"xlsx", "ods", "xls", or "" for a file the scan does not read."""

    @property
    def built_at_open(self) -> bool:
        """calamine builds every sheet of an .xls or .ods when it opens the file (an .xlsx's
        only when a sheet is asked for): then every sheet must pass before it is opened."""
        return self.kind in ("xls", "ods")

    def to_check(self) -> list[SheetScan]:
        """The sheets a reader will build: all of them, or an .xlsx's visible ones."""
        return [s for s in self.sheets.values() if s.visible or self.built_at_open]

    def sheet(self, name: str) -> SheetScan | None:
        return self.sheets.get(name)

    def largest(self) -> SheetScan:
        """The sheet with the largest grid (for a sheet the scan could not name)."""
        best = SheetScan("")
        for s in self.sheets.values():
            if s.rows * s.cols > best.rows * best.cols or s.rows > best.rows:
                best = s
        return best


class ScanError(Exception):
    """The file is not what its first bytes say (a broken package, a broken OLE file)."""


class NativeError(Exception):
    """The spreadsheet reader (Rust) gave up on a damaged file with a panic."""


def native(call, *args, **kwargs):
    """`call(*args, **kwargs)` into python-calamine, made safe for a damaged file: a Rust panic
    (pyo3's PanicException, which is no Exception) becomes NativeError, and the report Rust
    writes to standard error (a backtrace, with RUST_BACKTRACE set) goes nowhere instead of
    over the clerk's terminal or the app's screen."""
    import os
    import sys

    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    saved = None
    try:
        saved = os.dup(2)
        sink = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(sink, 2)
        finally:
            os.close(sink)
    except OSError:  # no standard error to hide (pythonw on Windows)
        if saved is not None:
            os.close(saved)
        saved = None
    try:
        return call(*args, **kwargs)
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise NativeError(str(exc)[:200]) from None
        raise
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)


def scan_book(raw: bytes) -> BookScan:
    """Scan an .xlsx/.xlsm, .ods or .xls held in `raw` (a zip must have passed check_package)."""
    if raw[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                names = set(z.namelist())
                if "content.xml" in names and "xl/workbook.xml" not in names:
                    return _scan_ods(z)
                return _scan_xlsx(z, names)
        except Exception as exc:  # BadZipFile, a missing part, broken XML (lxml's errors) …
            raise ScanError(f"{type(exc).__name__}: {exc}") from exc
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        try:
            return _scan_xls(raw)
        except Exception as exc:  # struct.error, a sector out of range, a loop …
            raise ScanError(f"{type(exc).__name__}: {exc}") from exc
    return BookScan({})


# ---- .xlsx ----------------------------------------------------------------------------------

_ATTR = r"""\s{name}\s*=\s*["']([^"']*)["']"""
_R = re.compile(_ATTR.format(name="r").encode())
_REF = re.compile(_ATTR.format(name="ref").encode())
_RID = re.compile(_ATTR.format(name=r"(?:[\w.-]+:)?id").encode())
_NAME = re.compile(_ATTR.format(name="name").encode())
_STATE = re.compile(_ATTR.format(name="state").encode())
_TARGET = re.compile(_ATTR.format(name="Target").encode())
_ID = re.compile(_ATTR.format(name="Id").encode())
_TYPE = re.compile(_ATTR.format(name="Type").encode())
_P = rb"(?:[\w.-]+:)?"
# In document order: a row's start, a cell (self-closed, or with its content), a merged range,
# a hyperlink. Cell content is short (a value, a formula, an inline string).
_SHEET_ITEMS = re.compile(
    rb"<" + _P + rb"row\b([^>]*?)/?>"
    rb"|<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)"
    rb"|<" + _P + rb"mergeCell\b([^>]*?)/?>"
    rb"|<" + _P + rb"hyperlink\b([^>]*?)/?>",
    re.DOTALL,
)
_HAS_VALUE = re.compile(rb"<" + _P + rb"(?:v|is)[\s>/]")
_HAS_FORMULA = re.compile(rb"<" + _P + rb"f[\s>/]")
_CELL_REF = re.compile(rb"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_SHEET_TAG = re.compile(rb"<" + _P + rb"sheet\b([^>]*?)/?>")
_REL_TAG = re.compile(rb"<" + _P + rb"Relationship\b([^>]*?)/?>")
_ROW_START = re.compile(rb"<" + _P + rb"row\b")


def _attr(pattern: re.Pattern, attrs: bytes) -> str | None:
    m = pattern.search(attrs)
    return _unescape(m.group(1).decode("utf-8", "replace")) if m else None


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    from html import unescape

    return unescape(text)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _parse_ref(ref: str | None) -> tuple[int, int] | None:
    """(row, col) 1-based of "B7" / "$B$7"; None when it is not a cell name."""
    if not ref:
        return None
    m = _CELL_REF.match(ref.strip().encode())
    if not m:
        return None
    return int(m.group(2)), _col_number(m.group(1))


def _parse_range(ref: str | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    if not ref:
        return None
    first, _, last = ref.partition(":")
    a = _parse_ref(first)
    b = _parse_ref(last) if last else a
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


def _rels(z: zipfile.ZipFile, names: set[str], part: str) -> dict[str, str]:
    """A part's relationships: id → the target's path in the package (external ones as written)."""
    rels_path = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
    if rels_path not in names:
        return {}
    out: dict[str, str] = {}
    for m in _REL_TAG.finditer(z.read(rels_path)):
        rid, target = _attr(_ID, m.group(1)), _attr(_TARGET, m.group(1))
        if rid is None or target is None:
            continue
        if b"External" in m.group(1):
            out[rid] = target
        elif target.startswith("/"):
            out[rid] = normpath(target.lstrip("/"))
        else:
            out[rid] = normpath(join(dirname(part), target))
    return out


def _scan_xlsx(z: zipfile.ZipFile, names: set[str]) -> BookScan:
    book = "xl/workbook.xml"
    if book not in names:
        return BookScan({})
    rels = _rels(z, names, book)
    sheets: dict[str, SheetScan] = {}
    for m in _SHEET_TAG.finditer(z.read(book)):
        attrs = m.group(1)
        name, rid = _attr(_NAME, attrs), _attr(_RID, attrs)
        if name is None:
            continue
        scan = SheetScan(name, visible=(_attr(_STATE, attrs) or "visible") == "visible")
        part = rels.get(rid or "")
        if part not in names:  # part names compare without case, as Office does
            part = next((n for n in names if part and n.lower() == part.lower()), part)
        scan.measured = part in names
        if scan.measured:
            rels_of = _rels(z, names, part)
            if not _scan_sheet_fast(z, part, scan, rels_of):
                _scan_sheet_xml(z, part, scan, rels_of)
        sheets[name] = scan
    return BookScan(sheets, _custom_props(z, names), "xlsx")


# The fast path, for sheets whose cells all carry their reference (every writer we know):
# a cell with a value is one not closed on the spot (`<c r="B7" s="1"/>`, `<c r="B7"></c>`).
_VALUED = re.compile(rb'<' + _P + rb'c\s[^>]*?\br="\$?([A-Za-z]{1,3})\$?(\d{1,7})"[^>/]*>(?!</' + _P + rb'c>)')
_OPEN_CELLS = re.compile(rb"<" + _P + rb"c(?:\s[^>]*)?(?<!/)>(?!</" + _P + rb"c>)")
_FORMULA_CELL = re.compile(rb'<' + _P + rb'c\s[^>]*?\br="\$?([A-Za-z]{1,3})\$?(\d{1,7})"[^>/]*>\s*<' + _P + rb'f[\s>/]')
_MERGE_REFS = re.compile(rb"<" + _P + rb"mergeCell\b([^>]*?)/?>")
_LINK_TAGS = re.compile(rb"<" + _P + rb"hyperlink\b([^>]*?)/?>")


def _merge_range(attrs: bytes):
    """A <mergeCell>'s range, 0-based ((top, left), (bottom, right)); None when unreadable."""
    rng = _parse_range(_attr(_REF, attrs))
    if not rng:
        return None
    (r1, c1), (r2, c2) = rng
    return (r1 - 1, c1 - 1), (r2 - 1, c2 - 1)


def _link(attrs: bytes, rels: dict[str, str]):
    """A <hyperlink>'s cell (0-based) and external target; None without either."""
    at = _parse_ref((_attr(_REF, attrs) or "").split(":")[0])
    target = rels.get(_attr(_RID, attrs) or "")
    return ((at[0] - 1, at[1] - 1), target) if at is not None and target else None


def _whole_rows(z: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """A sheet's XML in blocks of whole rows: each block cut before the last row's start (rows
    do not nest), the rest carried into the next; read bounded, never the whole part at once."""
    carry = b""
    with z.open(part) as f:
        while True:
            block = f.read(_BLOCK)
            data = carry + block
            if block:
                last = None
                for m in _ROW_START.finditer(data):
                    last = m.start()
                if not last:
                    carry = data
                    continue
                data, carry = data[:last], data[last:]
            yield data
            if not block:
                return


def _scan_sheet_fast(z: zipfile.ZipFile, part: str, scan: SheetScan, rels: dict[str, str]) -> bool:
    """Measure a sheet with a few C-speed searches per block; False (nothing recorded) when
    some cell has no reference, for the slow path to count them."""
    rows = cols = 0
    merges: list = []
    formulas: set = set()
    links: dict = {}
    letters: set[bytes] = set()
    for data in _whole_rows(z, part):
        refs = _VALUED.findall(data)
        if len(refs) != len(_OPEN_CELLS.findall(data)):
            return False
        if refs:
            rows = max(rows, max(int(r) for _, r in refs))
            letters.update(c.upper() for c, _ in refs)
        if b"<f" in data or b":f" in data:
            formulas.update((int(r) - 1, _col_number(c) - 1) for c, r in _FORMULA_CELL.findall(data))
        if b"mergeCell" in data:
            merges.extend(m for m in map(_merge_range, _MERGE_REFS.findall(data)) if m)
        if b"hyperlink" in data:
            links.update(k for k in (_link(attrs, rels) for attrs in _LINK_TAGS.findall(data)) if k)
    cols = max((_col_number(c) for c in letters), default=0)
    if rows and cols:
        scan.see(rows, cols)
    scan.merges.extend(merges)
    scan.formulas.update(formulas)
    scan.links.update(links)
    return True


def _scan_sheet_xml(z: zipfile.ZipFile, part: str, scan: SheetScan, rels: dict[str, str]) -> None:
    """The slow path: every row and cell in order, counting cells that carry no reference."""
    row, col = 0, 0
    for data in _whole_rows(z, part):
        for m in _SHEET_ITEMS.finditer(data):
            if m.group(1) is not None:  # <row>
                r = _attr(_R, m.group(1))
                row = int(r) if r and r.isdigit() else row + 1
                col = 0
            elif m.group(2) is not None:  # <c>
                at = _parse_ref(_attr(_R, m.group(2)))
                if at is not None:
                    row, col = at
                else:
                    row, col = max(row, 1), col + 1
                content = m.group(3)
                if content:
                    if _HAS_VALUE.search(content):
                        scan.see(row, col)
                    if _HAS_FORMULA.search(content):
                        scan.formulas.add((row - 1, col - 1))
            elif m.group(4) is not None:  # <mergeCell>
                merged = _merge_range(m.group(4))
                if merged:
                    scan.merges.append(merged)
            else:  # <hyperlink>: external targets, as Excel follows them
                link = _link(m.group(5), rels)
                if link:
                    scan.links[link[0]] = link[1]


_PROPERTY = re.compile(rb"<" + _P + rb"property\b([^>]*?)>(.*?)</" + _P + rb"property>", re.DOTALL)
_TEXT = re.compile(rb">([^<]*)<")


def _custom_props(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    part = "docProps/custom.xml"
    if part not in names:
        return {}
    out: dict[str, str] = {}
    for m in _PROPERTY.finditer(z.read(part)):
        name = _attr(_NAME, m.group(1))
        value = _TEXT.search(m.group(2) + b"<")
        if name is not None and value is not None:
            out[name] = _unescape(value.group(1).decode("utf-8", "replace"))
    return out


# ---- .ods -----------------------------------------------------------------------------------

_T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TX = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def _scan_ods(z: zipfile.ZipFile) -> BookScan:
    from lxml import etree

    table, row_tag = f"{{{_T}}}table", f"{{{_T}}}table-row"
    cell_tags = (f"{{{_T}}}table-cell", f"{{{_T}}}covered-table-cell")
    sheets: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    row = 0
    with z.open("content.xml") as f:
        for event, el in etree.iterparse(f, events=("start", "end"), resolve_entities=False, no_network=True,
                                         huge_tree=False):
            if event == "start":
                if el.tag == table and scan is None:
                    scan, row = SheetScan(el.get(f"{{{_T}}}name") or ""), 0
                continue
            if el.tag == row_tag and scan is not None:
                repeat = _int(el.get(f"{{{_T}}}number-rows-repeated"))
                col, last = 0, 0
                for cell in el:
                    if cell.tag not in cell_tags:
                        continue
                    cols = _int(cell.get(f"{{{_T}}}number-columns-repeated"))
                    if cell.get(f"{{{_O}}}value-type") is not None or len(cell):
                        last = col + cols
                    spanned_c = _int(cell.get(f"{{{_T}}}number-columns-spanned"))
                    spanned_r = _int(cell.get(f"{{{_T}}}number-rows-spanned"))
                    if cell.tag == cell_tags[0] and (spanned_c > 1 or spanned_r > 1):
                        scan.merges.append(((row, col), (row + spanned_r - 1, col + spanned_c - 1)))
                    col += cols
                if last:
                    scan.see(row + repeat, last)
                row += repeat
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif el.tag == table and scan is not None:
                sheets[scan.name] = scan
                scan = None
                el.clear()
    return BookScan(sheets, kind="ods")


# ---- .xls -----------------------------------------------------------------------------------

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


def _ole_streams(raw: bytes, wanted: tuple[str, ...]) -> bytes | None:
    """The first of the `wanted` streams of an OLE compound file (the Workbook of an .xls)."""
    if len(raw) < 512:
        raise ValueError("truncated OLE header")
    ss = 1 << struct.unpack_from("<H", raw, 0x1E)[0]
    mss = 1 << struct.unpack_from("<H", raw, 0x20)[0]
    if ss not in (512, 4096) or mss > ss:
        raise ValueError("bad sector size")
    n_fat, first_dir = struct.unpack_from("<II", raw, 0x2C)
    cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", raw, 0x38)
    sectors = max((len(raw) - ss) // ss, 0)

    def sector(n: int) -> bytes:
        if n >= sectors + 1:
            raise ValueError("sector out of range")
        return raw[(n + 1) * ss:(n + 2) * ss]

    difat = list(struct.unpack_from("<109I", raw, 0x4C))
    n, seen = first_difat, 0
    while n not in (_FREE, _END) and seen <= n_difat and seen <= sectors:
        data = sector(n)
        entries = struct.unpack(f"<{ss // 4}I", data)
        difat.extend(entries[:-1])
        n, seen = entries[-1], seen + 1
    fat: list[int] = []
    for s in difat[:n_fat]:
        if s in (_FREE, _END):
            continue
        fat.extend(struct.unpack(f"<{ss // 4}I", sector(s)))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out, n = [], start
        while n not in (_FREE, _END) and n < len(table):
            out.append(n)
            if len(out) > limit:
                raise ValueError("a sector chain loops")
            n = table[n]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat, sectors))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        e = directory[off:off + 128]
        name_len = struct.unpack_from("<H", e, 64)[0]
        name = e[:max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        kind = e[66]
        start, size = struct.unpack_from("<II", e, 116)
        entries.append((name, kind, start, size))
    root = next((e for e in entries if e[1] == 5), None)
    for want in wanted:
        for name, kind, start, size in entries:
            if kind != 2 or name != want:
                continue
            if size < cutoff and root is not None:
                minifat = []
                for s in chain(first_minifat, fat, sectors):
                    minifat.extend(struct.unpack(f"<{ss // 4}I", sector(s)))
                ministream = b"".join(sector(s) for s in chain(root[2], fat, sectors))
                data = b"".join(ministream[m * mss:(m + 1) * mss] for m in chain(start, minifat, len(minifat)))
            else:
                data = b"".join(sector(s) for s in chain(start, fat, sectors))
            return data[:size]
    return None


# Cell records that hold a value: LABELSST, LABEL, RSTRING, NUMBER, RK, BOOLERR, FORMULA (BIFF8 and
# the older numbers of BIFF5); MULRK holds several.
_CELL_RECORDS = {0x00FD, 0x0204, 0x00D6, 0x0203, 0x027E, 0x0205, 0x0006, 0x0406, 0x0206}
_MULRK = 0x00BD
_BOF = 0x0809
_BOUNDSHEET = 0x0085
_MERGEDCELLS = 0x00E5


def _scan_xls(raw: bytes) -> BookScan:
    stream = _ole_streams(raw, ("Workbook", "Book"))
    if stream is None:
        return BookScan({}, kind="xls")
    names: dict[int, tuple[str, bool]] = {}
    sheets: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    pos, end = 0, len(stream)
    unnamed = 0
    biff8 = True
    while pos + 4 <= end:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4:pos + 4 + rlen]
        if rtype == _BOF:
            version, kind = struct.unpack_from("<HH", data, 0) if len(data) >= 4 else (0, 0)
            if kind == 0x0005:  # the workbook globals
                biff8 = version >= 0x0600
            if kind == 0x0010:  # a worksheet
                name, visible = names.get(pos, (None, True))
                if name is None:
                    unnamed += 1
                    name = f"#{unnamed}"
                scan = SheetScan(name, visible=visible)
                sheets[name] = scan
            else:
                scan = None
        elif rtype == _BOUNDSHEET and len(data) >= 8:
            offset = struct.unpack_from("<I", data, 0)[0]
            visible = data[4] & 0x03 == 0
            cch = data[6]
            if biff8:  # a flag byte, then the characters in Latin-1 or UTF-16
                wide = len(data) > 7 and data[7] & 0x01
                text = data[8:8 + cch * (2 if wide else 1)]
                name = text.decode("utf-16-le" if wide else "latin-1", "replace")
            else:  # BIFF5: bytes in the workbook's code page
                name = data[7:7 + cch].decode("gb18030", "replace")
            names[offset] = (name, visible)
        elif scan is not None and len(data) >= 4:
            if rtype in _CELL_RECORDS:
                r, c = struct.unpack_from("<HH", data, 0)
                scan.see(r + 1, c + 1)
            elif rtype == _MULRK and len(data) >= 6:
                r, c = struct.unpack_from("<HH", data, 0)
                last = struct.unpack_from("<H", data, len(data) - 2)[0]
                scan.see(r + 1, max(c, last) + 1)
            elif rtype == _MERGEDCELLS and len(data) >= 2:
                count = struct.unpack_from("<H", data, 0)[0]
                for i in range(min(count, (len(data) - 2) // 8)):
                    r1, r2, c1, c2 = struct.unpack_from("<HHHH", data, 2 + 8 * i)
                    scan.merges.append(((r1, c1), (r2, c2)))
        pos += 4 + rlen
    return BookScan(sheets, kind="xls")
