"""Plan text copied out of PDF, Word or a web page → Documents, one per way of reading it.

The reader finds the cell separator from the evidence: tabs when many lines hold two or more
tab-separated cells, `|` when lines look like a `|` table — then the text is that table. Otherwise
the text lost its grid, and there are several readings (issue 21), most likely first: every line a
paragraph (prose: a units line covers the tasks above it), one cell per line laid out as rows
again (`|` lines between cells or not; a units line belongs to its row), and running text cut into
cells (shapes.py). A blank line inside a table is a page break: the next row may continue a cell
cut by it. Before any of it, the text is made plain: control characters out, a stray `\\r` a
space, traditional characters simplified, pinyin a mirror site injected taken out.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from store.errors import ImportFailed
from store.textclean import strip_control
from store.importing import labels as L
from store.importing.shapes import RowMaker, flat_pieces, line_pieces, made_blocks
from store.textrules import has_injected_pinyin, is_blank, looks_traditional, simplified, without_pinyin
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


def read_text_source(path: str | Path) -> tuple[str, bytes]:
    """A text plan from disk: its decoded text and its raw bytes (for the hash)."""
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
    return decode(raw, name), raw


def read_text_file(path: str | Path) -> tuple[Document, bytes]:
    """Read a text plan from disk in its most likely reading; returns it and the raw bytes."""
    text, raw = read_text_source(path)
    return read_text(text, source=Path(path).name), raw


def read_text(text: str, source: str | None = None) -> Document:
    """The text's most likely reading (text_documents gives them all)."""
    first = text_documents(text, source)[0]
    return first() if callable(first) else first


def prepare(text: str) -> tuple[str, list[ImportWarning]]:
    """The text as the plan's words: control characters out (a stray \\r a space), traditional
    characters simplified, injected pinyin out — each with a warning."""
    text, removed = strip_control(text)
    warnings = [ImportWarning("", "warn.control_chars")] if removed else []
    if has_injected_pinyin(text):  # first: a reading inside a phrase hides it from the converter
        text = without_pinyin(text)
        warnings.append(ImportWarning("", "warn.pinyin"))
    if looks_traditional(text):
        text = simplified(text)
        warnings.append(ImportWarning("", "warn.traditional"))
    return text, warnings


def text_documents(text: str, source: str | None = None, prepared: list[ImportWarning] | None = None) -> list[Document]:
    """Every reading of the text, most likely first (a tab or `|` table has one). `prepared`: the
    text was made plain already, with these warnings."""
    text, warnings = (text, prepared) if prepared is not None else prepare(text)
    lines = text.split("\n")
    sep = _separator(lines)
    if sep is not None:
        docs = [_table_document(lines, sep, source), lambda: _prepared(_lines_document(lines, source), warnings)]
    else:
        docs = _grid_lost(lines, source)
    return [_prepared(doc, warnings) if isinstance(doc, Document) else doc for doc in docs]


def _prepared(doc: Document, warnings: list[ImportWarning]) -> Document:
    doc.warnings[:0] = warnings
    doc.normalised = True
    return doc


def _lines_document(lines: list[str], source: str | None, shape: str = "lines") -> Document:
    doc = Document(source=source, shape=shape, units_place="line")
    for n, line in enumerate(lines, 1):
        cells = [c for c in line.split("\t") if not is_blank(c)]
        if cells:
            doc.blocks.append(Paragraph(" ".join(c.strip() for c in cells), f"line {n}"))
    return doc


_PIPE_CELL = re.compile(r"^\s*[|｜]\s*$|\s[|｜]\s*$|^\s*[|｜]\s")


def _grid_lost(lines: list[str], source: str | None) -> list[Document]:
    """The readings of a text with no tab or `|` rows: prose lines, one cell per line, running text."""
    numbered = [(line, f"line {n}") for n, line in enumerate(lines, 1) if not is_blank(line)]
    pipes = sum(1 for line, _ in numbered if _PIPE_CELL.search(line)) * 5 >= max(len(numbered), 1)
    if pipes:
        lines = [line.strip().strip("|｜").strip() for line in lines]
        numbered = [(line, o) for line, o in ((ln.strip().strip("|｜").strip(), o) for ln, o in numbered) if line]
    prose = _lines_document(lines, source)
    cell_pieces = line_pieces(numbered)
    cells = _made_document(RowMaker(cell_pieces).run(), source, "pipe-cells" if pipes else "cells", "row")
    docs = [prose, cells]
    table_evidence = pipes or any(p.kind in ("header", "number", "label") for p in cell_pieces)
    if table_evidence:
        docs = [cells, prose]
    flat = flat_pieces(numbered)
    kinds = ("task", "heading", "number", "header", "label")
    structural = sum(1 for p in flat if p.kind in kinds)
    # Running text when cutting at spaces and glued labels finds clearly more than the lines do
    # (a number glued here and there in a plan of lines is no reason to read it another way).
    if structural > 1.2 * sum(1 for p in cell_pieces if p.kind in kinds) + 2:
        made = RowMaker(flat).run()
        flat_docs = [_made_document(made, source, "flat", "before" if _units_first(made.order) else "after"),
                     _pieces_document(flat, source)]
        docs = flat_docs + docs if structural > 2 * max(len(numbered), 1) else docs + flat_docs
    return docs


def _units_first(order: list[str]) -> bool:
    u = next((i for i, r in enumerate(order) if r in ("units", "lead", "support")), None)
    return u is not None and "text" in order and u < order.index("text")


def _made_document(made, source: str | None, shape: str, units_place: str) -> Document:
    doc = Document(blocks=made_blocks(made), source=source, shape=shape,
                   units_place="labelled" if made.labelled else units_place)
    doc.units_merge_lost = not made.labelled
    return doc


def _pieces_document(pieces, source: str | None) -> Document:
    """Running text's pieces as paragraphs (prose: a units piece covers the tasks before it)."""
    doc = Document(source=source, shape="flat", units_place="line")
    doc.blocks.extend(Paragraph(p.text, p.origin) for p in pieces if p.kind != "header")
    return doc


def _table_document(lines: list[str], sep: str, source: str | None) -> Document:
    """A tab or `|` table, with the lines before and after it as paragraphs."""
    doc = Document(source=source, shape="tabs" if sep == "\t" else "pipes", units_place="column")

    def is_row(line: str) -> bool:
        return sep in line and not is_blank(line)

    # Outer bars (| a | b |) when most rows have both; else a bar at the start is an empty first cell.
    piped = [line.strip() for line in lines if is_row(line)]
    outer = sum(1 for x in piped if x.startswith("|") and x.endswith("|")) * 2 >= len(piped)

    def split(line: str) -> list[str]:
        if sep == "|":
            s = line.strip()
            if outer:
                s = s[1:] if s.startswith("|") else s
                s = s[:-1] if s.endswith("|") else s
            return s.split("|")
        return line.split("\t")

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
        if not is_row(line) and _is_section_line(line):
            # A section row merged across the table, copied out as a line without separators.
            rows.append([[line.strip()], f"line {n + 1}", page_break])
            page_break = False
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
        # A section line (one cell) is a row merged across the table.
        Row((Cell(cells[0], colspan=width),), origin, brk) if len(cells) == 1 and width > 1 and _is_section_line(cells[0])
        else Row(tuple(Cell(c) for c in cells + [""] * (width - len(cells))), origin, brk)
        for cells, origin, brk in rows
    )
    doc.blocks.append(Table(table_rows, f"line {first + 1}"))
    for n in range(last + 1, len(lines)):
        if not is_blank(lines[n]):
            doc.blocks.append(Paragraph(lines[n].strip(), f"line {n + 1}"))
    return doc


def _is_section_line(line: str) -> bool:
    """一、… or （一）… on a short line of its own."""
    text = line.strip()
    lab = L.parse_label(text)
    return lab is not None and not L.is_number_style(lab.style) and bool(lab.rest.strip()) and len(text) <= 60


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
