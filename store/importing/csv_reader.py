"""CSV and TSV files (a ledger or a plan saved from Excel or WPS) → Document of one table.

The rows are read by sqlite-utils (`sqlite_utils.utils.rows_from_file`, csv under it: quoted
cells, commas and line breaks inside them, a BOM); the whole file becomes one table, as a
worksheet does in the spreadsheet reader, so the assembler's rules (header words, task numbers,
units, time limits, a 完成情况 column) apply unchanged. Blank rows are dropped.

What taizhang decides itself, and why:
- The encoding, by the rules every text plan follows (`text_reader.decode`: UTF-8 with or without
  a BOM, UTF-16 with a BOM, else GB18030 — what Excel writes on a Chinese Windows); binary input
  is refused. `rows_from_file` decodes what it is told (UTF-8 by default) and guesses nothing.
- The delimiter: csv's Sniffer over the first lines, limited to `,` tab `;` `|` (`rows_from_file`
  lets it pick any ASCII character, a space or a dot in a Chinese plan, and does not say which it
  took); a file it cannot read is comma-separated (tab-separated for .tsv).
- Merged rows: CSV keeps no merges, so a row whose only words are in its first cell (a title or
  a heading, merged across the sheet it was saved from) spans the table again.
- The first row is data: a plan's first row is often its title, its header may repeat a name or
  leave one empty, and `rows_from_file` keys each row by the first. So a header of one name is
  put before the text and each row comes back whole, in order: its first cell under that name,
  the rest under `extras_key`.

sqlite-utils is imported here, when a CSV is read, never at start-up.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from store.errors import ImportFailed
from store.importing.cleanup import is_blank, strip_control
from store.importing.document import Cell, Document, Row, Table
from store.importing.files import read_bytes
from store.importing.text_reader import MAX_BYTES, decode
from store.drafts import ImportWarning

DELIMITERS = ",\t;|"
SNIFF_CHARS = 16_384
_FIRST = "c"
_REST = "rest"


def read_csv(path: str | Path) -> tuple[Document, bytes]:
    p = Path(path)
    raw = read_bytes(p, limit=MAX_BYTES)
    return read_csv_bytes(raw, p.name, p.suffix.lower()), raw


def read_csv_bytes(raw: bytes, name: str, suffix: str = ".csv") -> Document:
    from sqlite_utils.utils import Format, RowError, rows_from_file

    text = decode(raw, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    dialect = _dialect(text, suffix)
    data = io.BytesIO(f"{_FIRST}\n{text}".encode("utf-8"))
    doc = Document(source=name)
    removed = False
    grid: list[list[str]] = []
    try:
        rows, _ = rows_from_file(data, format=Format.CSV, dialect=dialect, encoding="utf-8", extras_key=_REST)
        for row in rows:
            cells = [row.get(_FIRST) or "", *(row.get(_REST) or [])]
            out = []
            for value in cells:
                cleaned, had = strip_control(str(value))
                removed = removed or had
                out.append(cleaned.strip())
            grid.append(out)
    except (csv.Error, RowError, UnicodeError, ValueError) as exc:
        raise ImportFailed(name, None, "import.bad_csv", detail=str(exc)[:200]) from exc
    width = max((len(r) for r in grid), default=0)
    kept = [(n, r) for n, r in enumerate(grid, 1) if any(not is_blank(c) for c in r)]
    if kept:
        doc.blocks.append(Table(tuple(_row(r, width, f"table 1 row {n}") for n, r in kept), "table 1"))
    if removed:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    return doc


def _row(cells: list[str], width: int, origin: str) -> Row:
    """A row padded to the table's width. A row whose only words are in its first cell (a title,
    a heading: a merged row of the sheet it was saved from, which CSV cannot keep) spans the row,
    as it did in the sheet."""
    if width > 1 and all(is_blank(c) for c in cells[1:]):
        return Row((Cell(cells[0], colspan=width),), origin)
    return Row(tuple(Cell(c) for c in cells + [""] * (width - len(cells))), origin)


def _dialect(text: str, suffix: str) -> type[csv.Dialect]:
    """The file's dialect from its first lines; comma (tab for .tsv) when they do not say."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel_tab if suffix == ".tsv" else csv.excel
