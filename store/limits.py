"""How much one file may make taizhang hold, and the checks that keep it there (issue 23).

A plan or a returned form is read whole into memory, and the libraries that read them build
what the file describes, not what it weighs: a 5 KB .xlsx with something in A1 and in
XFD1048576 makes the spreadsheet reader allocate a grid of 17 billion cells; a 3.6 MB .docx can
unpack to 900 MB of XML. So every file is measured first, cheaply, and refused with a message
that says what is wrong before anything is built:

- a zip package (.docx .xlsx .ods): the number of parts, each part's unpacked size, the total,
  and the compression ratio of any big part (declared sizes are binding: both Python's zipfile
  and the Rust reader stop at them);
- a spreadsheet: each sheet's grid from A1 to the last cell that holds a value, and its rows
  (store/sheetscan.py reads them from the file without building the sheet);
- a document: paragraphs and table rows, counted while they are read; then the tasks of the
  plan, and the warnings printed (the rest are counted, not listed).

The caps sit far above any plan or form seen (the largest real plans have a few hundred tasks and
unpack to a few MB), and far below what would exhaust an office laptop: every refused file is
read in under 300 MB (bench/hostile_files.py measures it). A .json export is ours and is not
capped here.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from store.errors import TaizhangError

MB = 1024 * 1024

MAX_PARTS = 5_000
"""Parts in one zip package; a .docx has a few dozen, with pictures a few hundred."""
MAX_PART_BYTES = 64 * MB
"""One part unpacked (document.xml, a sheet, shared strings, a picture)."""
MAX_UNPACKED_BYTES = 256 * MB
"""All parts unpacked together."""
MAX_RATIO = 200
"""Unpacked ÷ packed for one part, checked for parts over RATIO_FLOOR: Office XML packs 5 to 30
times (machine-written, very repetitive XML up to about 150), a zip bomb 250 to 1,000 times."""
RATIO_FLOOR = 8 * MB
MAX_XML_ELEMENTS = 1_000_000
"""Elements of the XML parts parsed whole into a tree (a .docx's document, numbering, styles):
about 100 bytes each in memory; a plan of thousands of tasks has a few hundred thousand."""
MAX_SHEET_CELLS = 2_000_000
"""A sheet's grid, rows × columns from A1 to the last cell with a value (the reader builds it
whole, empty cells included)."""
MAX_BOOK_CELLS = 2 * MAX_SHEET_CELLS
"""The grids of all the visible sheets of one workbook together."""
MAX_ROWS = 30_000
"""Rows of a sheet; paragraphs and table rows of a document: checked before the plan is
assembled, which takes about 260 MB for 30,000 rows of tasks (bench/hostile_files.py)."""
MAX_TASKS = 20_000
"""Tasks in one plan read from a document (a plan has tens to hundreds; the cap leaves a
hundredfold)."""
MAX_PDF_PAGES = 2_000
"""Pages of a PDF plan."""
MAX_HTML_BYTES = 20 * MB
"""A saved web page (the same as a text plan: a page is parsed whole into a tree)."""
MAX_WARNINGS = 1_000
"""Warnings of one import kept and printed; the rest are counted in one last line."""


class LimitExceeded(TaizhangError):
    """A file beyond one of the caps above. The catalog code says which; the importer wraps it
    in ImportFailed (naming the file), the merge shows it against the file's name."""

    code = "limit.part"


def _mb(n: int) -> str:
    return f"{n / MB:.0f}" if n >= 10 * MB else f"{n / MB:.1f}"


def check_package(raw: bytes | zipfile.ZipFile) -> None:
    """Refuse a zip package whose parts, unpacked, would be more than a plan or form could be
    (zipfile.BadZipFile when it is no zip at all)."""
    try:
        z = raw if isinstance(raw, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(raw))
        infos = z.infolist()
    except zipfile.BadZipFile:
        raise
    except Exception as exc:  # a damaged directory: EOFError, NotImplementedError ("zip file version 24.9") …
        raise zipfile.BadZipFile(f"{type(exc).__name__}: {exc}") from exc
    if len(infos) > MAX_PARTS:
        raise LimitExceeded("limit.parts", parts=f"{len(infos):,}", limit=f"{MAX_PARTS:,}")
    total = 0
    for info in infos:
        size = info.file_size
        if size > MAX_PART_BYTES:
            raise LimitExceeded("limit.part", part=info.filename[-80:], size=_mb(size), limit=_mb(MAX_PART_BYTES))
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise LimitExceeded("limit.ratio", part=info.filename[-80:], size=_mb(size),
                                ratio=f"{size / max(info.compress_size, 1):,.0f}", limit=MAX_RATIO)
        total += size
    if total > MAX_UNPACKED_BYTES:
        raise LimitExceeded("limit.unpacked", size=_mb(total), limit=_mb(MAX_UNPACKED_BYTES))


def count_elements(stream, limit: int | None = None, block: int = 4 * MB) -> int:
    """The elements of the XML read from `stream` (a file object), counted by their start tags
    in blocks, without parsing; LimitExceeded past `limit` (MAX_XML_ELEMENTS)."""
    limit = MAX_XML_ELEMENTS if limit is None else limit
    count, prev = 0, b""
    while True:
        data = stream.read(block)
        if not data:
            return count
        joined = prev + data
        # Start tags: "<" not followed by "/", "?" or "!" (a tag cut at the block's end is
        # counted in the next: the last byte is carried over).
        count += joined.count(b"<") - joined.count(b"</") - joined.count(b"<?") - joined.count(b"<!")
        if prev == b"<":
            count -= 1  # counted with the block before
        prev = joined[-1:]
        if count > limit:
            raise LimitExceeded("limit.elements", limit=f"{limit:,}")


_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(raw: bytes) -> None:
    """Refuse a PDF whose compressed (Flate) streams unpack to more than a plan could hold:
    pdfminer inflates a stream whole, so a 3 MB page can take gigabytes. Each stream between
    `stream` and `endstream` is inflated here in bounded steps and only counted, against
    MAX_PART_BYTES each and MAX_UNPACKED_BYTES in all."""
    per_stream, total = MAX_PART_BYTES, MAX_UNPACKED_BYTES
    seen = 0
    pos = 0
    while True:
        m = _STREAM.search(raw, pos)
        if m is None:
            return
        start = m.end()
        end = raw.find(b"endstream", start)
        if end < 0:
            return
        pos = end + 9
        head = raw[start:start + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] * 256 + head[1]) % 31:
            continue  # no zlib header: not Flate (an image, text, another filter)
        d = zlib.decompressobj()
        out = 0
        data = memoryview(raw)[start:end]
        try:
            chunk = d.decompress(data, 1 * MB)
            while chunk:
                out += len(chunk)
                if out > per_stream or seen + out > total:
                    raise LimitExceeded("limit.pdf_stream", limit=_mb(min(per_stream, total)))
                chunk = d.decompress(d.unconsumed_tail, 1 * MB)
        except zlib.error:
            pass  # not Flate after all (an image, a broken stream): pdfminer judges it
        seen += out


def cell_name(row: int, col: int) -> str:
    """The A1 name of a cell, 1-based (16384, 1048576 → XFD1048576)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def check_sheet(sheet: str, rows: int, cols: int) -> None:
    """Refuse a sheet whose grid (A1 to the last cell with a value: `rows` × `cols`) is too big
    to build; the message names the far cell, which is what the clerk must go and delete."""
    if rows * cols > MAX_SHEET_CELLS:
        raise LimitExceeded("limit.sheet_cells", sheet=sheet, cell=cell_name(rows, cols),
                            cells=f"{rows * cols:,}", limit=f"{MAX_SHEET_CELLS:,}")
    if rows > MAX_ROWS:
        raise LimitExceeded("limit.sheet_rows", sheet=sheet, rows=f"{rows:,}", limit=f"{MAX_ROWS:,}")


def check_book(sheets) -> None:
    """Refuse a workbook when one of `sheets` (store.sheetscan.SheetScan: a name, `rows`,
    `cols`) is too big to build, or all of them together are."""
    cells = 0
    for s in sheets:
        if not getattr(s, "measured", True):
            raise LimitExceeded("limit.unmeasured", sheet=s.name)
        check_sheet(s.name, s.rows, s.cols)
        cells += s.rows * s.cols
    if cells > MAX_BOOK_CELLS:
        raise LimitExceeded("limit.book_cells", cells=f"{cells:,}", limit=f"{MAX_BOOK_CELLS:,}")


class RowCounter:
    """Counts paragraphs and table rows as a reader produces them, and stops the read at the cap
    (before the rest of a huge document is built)."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_ROWS if limit is None else limit
        self.count = 0

    def add(self, n: int = 1) -> None:
        self.count += n
        if self.count > self.limit:
            raise LimitExceeded("limit.rows", limit=f"{self.limit:,}")


def check_tasks(count: int) -> None:
    if count > MAX_TASKS:
        raise LimitExceeded("limit.tasks", tasks=f"{count:,}", limit=f"{MAX_TASKS:,}")


def bounded_draft(draft, name: str):
    """A plan read from a document, checked: ImportFailed past MAX_TASKS; its warnings capped
    at MAX_WARNINGS (one more line counts the rest)."""
    from dataclasses import replace

    from store.errors import ImportFailed

    try:
        check_tasks(sum(1 for _ in draft.iter_tasks()))
    except LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    if len(draft.warnings) > MAX_WARNINGS:
        draft = replace(draft, warnings=cap_warnings(draft.warnings))
    return draft


def cap_warnings(warnings: list, limit: int | None = None) -> list:
    """The first `limit` (MAX_WARNINGS) warnings and one that counts the rest (the caller's
    sequence type kept)."""
    limit = MAX_WARNINGS if limit is None else limit
    if len(warnings) <= limit:
        return warnings
    from store.drafts import ImportWarning

    rest = len(warnings) - limit
    return type(warnings)(list(warnings[:limit]) + [ImportWarning("", "warn.more", (("count", f"{rest:,}"),))])
