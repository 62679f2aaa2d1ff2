"""Plan text copied out of PDF, Word or a web page → Document.

The reader finds the cell separator from the evidence: tabs when many lines hold two or more
tab-separated cells, `|` when lines look like a `|` table, otherwise the text is prose and every
line is a paragraph (a plan laid out one cell per line reads well that way). A blank line inside a
table is a page break: the next row may continue a cell cut by it.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from store.errors import ImportFailed
from store.textclean import strip_control
from store.textrules import is_blank
from store.importing.document import Cell, Document, Paragraph, Row, Table
from store.importing.files import unreadable
from store.drafts import ImportWarning

MAX_BYTES = 20 * 1024 * 1024

_MAGIC = (
    b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff",
    b"\x7fELF", b"SQLite format 3", b"MZ", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!",
)


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030; binary input is refused."""
    if raw.startswith(codecs.BOM_UTF8):
        body, encoding = raw[len(codecs.BOM_UTF8):], "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        body, encoding = raw, "utf-16"
    else:
        if raw.startswith(_MAGIC):
            raise ImportFailed(path, None, "import.binary")
        body, encoding = raw, None
    if encoding:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ImportFailed(path, None, "import.encoding") from exc
    for candidate in ("utf-8", "gb18030"):
        try:
            text = body.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise ImportFailed(path, None, "import.binary")
        return text
    raise ImportFailed(path, None, "import.binary")


def _looks_binary(text: str) -> bool:
    """Many control characters (beyond a stray NUL or escape) mean this is not text."""
    if not text:
        return False
    sample = text[:200_000]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\x1b") or ch == "\ufffd")
    return controls > max(8, len(sample) // 50)


def read_text_file(path: str | Path) -> tuple[Document, bytes]:
    """Read a text plan from disk; returns the document and the raw bytes (for the hash)."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise unreadable(name, exc) from exc
    if p.is_dir():
        raise unreadable(name, folder=True)
    if size > MAX_BYTES:
        raise ImportFailed(name, None, "import.too_large", size=round(size / 1048576, 1), limit=MAX_BYTES // 1048576)
    if size == 0:
        raise ImportFailed(name, None, "import.empty")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise unreadable(name, exc) from exc
    return read_text(decode(raw, name), source=name), raw


def read_text(text: str, source: str | None = None) -> Document:
    """Split decoded text into paragraphs and tables."""
    text, removed = strip_control(text)
    doc = Document(source=source)
    if removed:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    lines = text.split("\n")
    sep = _separator(lines)
    if sep is None:
        for n, line in enumerate(lines, 1):
            cells = [c for c in line.split("\t") if not is_blank(c)]
            if cells:
                doc.blocks.append(Paragraph(" ".join(c.strip() for c in cells), f"line {n}"))
        return doc

    def split(line: str) -> list[str]:
        if sep == "|":
            s = line.strip()
            s = s[1:] if s.startswith("|") else s
            s = s[:-1] if s.endswith("|") else s
            return s.split("|")
        return line.split("\t")

    def is_row(line: str) -> bool:
        return sep in line and not is_blank(line)

    first = next(i for i, line in enumerate(lines) if is_row(line))
    last = max(i for i, line in enumerate(lines) if is_row(line))
    for n in range(first):
        if not is_blank(lines[n]):
            doc.blocks.append(Paragraph(lines[n].strip(), f"line {n + 1}"))
    rows: list[list] = []  # [cells, origin, page_break_before]
    page_break = False
    for n in range(first, last + 1):
        line = lines[n]
        if is_blank(line):
            page_break = True
            continue
        if not is_row(line):
            if rows:
                # A cell with a line break inside it, copied out as a line of its own.
                cells = rows[-1][0]
                idx = max((i for i, c in enumerate(cells) if not is_blank(c)), default=0)
                cells[idx] = cells[idx] + "\n" + line.strip()
            continue
        rows.append([split(line), f"line {n + 1}", page_break])
        page_break = False
    width = max(len(r[0]) for r in rows)
    table_rows = tuple(
        Row(tuple(Cell(c) for c in cells + [""] * (width - len(cells))), origin, brk)
        for cells, origin, brk in rows
    )
    doc.blocks.append(Table(table_rows, f"line {first + 1}"))
    for n in range(last + 1, len(lines)):
        if not is_blank(lines[n]):
            doc.blocks.append(Paragraph(lines[n].strip(), f"line {n + 1}"))
    return doc


def _separator(lines: list[str]) -> str | None:
    """Tabs, `|`, or None (prose) — from how many lines hold two or more non-empty cells."""
    nonblank = [line for line in lines if not is_blank(line)]
    if not nonblank:
        return None
    for sep in ("\t", "|"):
        multi = 0
        for line in nonblank:
            cells = line.strip().strip("|").split(sep) if sep == "|" else line.split(sep)
            if sum(1 for c in cells if not is_blank(c)) >= 2:
                multi += 1
        if multi >= 2 and multi * 10 >= len(nonblank) * 3:
            return sep
    return None
