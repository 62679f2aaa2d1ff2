"""PDF → Document, from the text layer, with pdfplumber (an optional extra: taizhang[pdf]).

Ruled tables are found from their lines; a merged cell is one box over several row or column
boundaries, so its spans are counted from those boundaries. Text outside the tables becomes
paragraphs in reading order (title, 文号, date above the table). A table that starts a page
continues the one on the page before: its first row is marked as following a page break, so a
cell cut by the break joins the task above (the text importer's rule). A PDF with no text at all
is a scan: refused with a message asking for a text version.
"""
from __future__ import annotations

import io
from bisect import bisect_left
from pathlib import Path

from store import limits
from store.errors import ImportFailed
from store.importing.cleanup import is_blank, join_wrapped, strip_control
from store.importing.document import Cell, Document, Paragraph, Row, Table
from store.importing.files import read_bytes
from store.drafts import ImportWarning

_SNAP = 2.0  # points: boundaries closer than this are one


def read_pdf(path: str | Path) -> tuple[Document, bytes]:
    p = Path(path)
    raw = read_bytes(p)
    return read_pdf_bytes(raw, p.name), raw


def read_pdf_bytes(raw: bytes, name: str) -> Document:
    try:
        import pdfplumber
    except ImportError as exc:
        raise ImportFailed(name, None, "import.pdf_missing") from exc
    doc = Document(source=name)
    removed = False
    counted = limits.RowCounter()
    try:
        # pdfminer inflates each stream whole: measure them first (issue 23).
        limits.check_pdf_streams(raw)
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            if len(pdf.pages) > limits.MAX_PDF_PAGES:
                raise limits.LimitExceeded("limit.pdf_pages", pages=f"{len(pdf.pages):,}",
                                           limit=f"{limits.MAX_PDF_PAGES:,}")
            if not any(page.chars for page in pdf.pages):
                raise ImportFailed(name, None, "import.pdf_scanned")
            for n, page in enumerate(pdf.pages, 1):
                blocks, had = _page(page, n)
                removed = removed or had
                counted.add(sum(len(b.rows) if isinstance(b, Table) else 1 for b in blocks))
                doc.blocks.extend(blocks)
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    except ImportFailed:
        raise
    except Exception as exc:  # pdfminer's syntax and password errors, broken streams …
        raise ImportFailed(name, None, "import.bad_pdf", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
    if removed:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    return doc


def _clean(text: str) -> tuple[str, bool]:
    return strip_control(text or "")


def _unwrap(text: str) -> str:
    """A box's lines are where the text wrapped, not paragraphs: join them back."""
    out = ""
    for line in (text or "").split("\n"):
        out = join_wrapped(out, line.strip())
    return out


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    i = bisect_left(bounds, v - _SNAP)
    return min(i, len(bounds) - 1)


def _page(page, n: int) -> tuple[list, bool]:
    removed = False
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    items: list[tuple[float, object]] = []
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    for line in rest.extract_text_lines():
        text, had = _clean(line["text"])
        removed = removed or had
        if not is_blank(text):
            items.append((line["top"], Paragraph(text.strip(), f"page {n}")))
    for k, t in enumerate(tables, 1):
        table, had = _table(page, t, f"page {n} table {k}")
        removed = removed or had
        if table is not None:
            items.append((t.bbox[1], table))
    items.sort(key=lambda x: x[0])
    blocks = [b for _, b in items]
    # A table that opens a page (nothing but a running header above it) continues the last page's.
    if n > 1:
        for b in blocks:
            if isinstance(b, Table):
                if b.rows:
                    first = b.rows[0]
                    rows = (Row(first.cells, first.origin, True),) + b.rows[1:]
                    blocks[blocks.index(b)] = Table(rows, b.origin)
                break
            if len(b.text) > 20:
                break
    return blocks, removed


def _table(page, t, origin: str) -> tuple[Table | None, bool]:
    # pdfplumber gives each row's boxes (None where a merged box covers the slot) and the text
    # of each box (characters whose centre is inside it).
    texts = t.extract()
    boxes: list[tuple[tuple, str]] = []
    for i, row in enumerate(t.rows):
        for j, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = texts[i][j] if i < len(texts) and j < len(texts[i]) else ""
            boxes.append((bbox, text or ""))
    if not boxes:
        return None, False
    xs = _snap([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _snap([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    placed: dict[tuple[int, int], tuple[int, int, str]] = {}
    for bbox, text in boxes:
        r0, r1 = _index(ys, bbox[1]), _index(ys, bbox[3])
        c0, c1 = _index(xs, bbox[0]), _index(xs, bbox[2])
        if (r0, c0) not in placed:
            placed[(r0, c0)] = (max(1, r1 - r0), max(1, c1 - c0), text)
    covered = {
        (r0 + dr, c0 + dc)
        for (r0, c0), (rs, cs, _) in placed.items()
        for dr in range(rs)
        for dc in range(cs)
        if dr or dc
    }
    removed = False
    rows: list[Row] = []
    for r in range(len(ys) - 1):
        out: list[Cell] = []
        for c0 in range(len(xs) - 1):
            if (r, c0) not in placed:
                if (r, c0) not in covered:
                    out.append(Cell(""))  # a slot no ruled box covers
                continue
            rowspan, colspan, text = placed[(r, c0)]
            text, had = _clean(_unwrap(text))
            removed = removed or had
            out.append(Cell(text.strip(), rowspan=rowspan, colspan=colspan))
        rows.append(Row(tuple(out), f"{origin} row {len(rows) + 1}"))
    return (Table(tuple(rows), origin) if rows else None), removed
