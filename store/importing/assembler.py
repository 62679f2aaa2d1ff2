"""Document → PlanDraft: the rules every reader shares.

Two small front ends turn blocks into one vocabulary of events — a table's rows (table.py: columns
given roles by their header words or their contents) and prose paragraphs (prose.py: classified by
shape) — and one builder (builder.py) turns them into the section tree: heading levels from the
order in which label styles first appear, task numbers that follow the sequence, units and time
limits bound to the tasks of their row or, in prose, to the tasks since the last units line.
"""
from __future__ import annotations

from dataclasses import replace

from store.drafts import ImportWarning, PlanDraft
from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.builder import Builder, open_heading
from store.importing.describe import describe
from store.importing.document import Document, Paragraph, Table
from store.importing.grid import GridRow, build_grid
from store.importing.meta import read_meta
from store.importing.prose import classify, para_text, read_prose, task_style_of
from store.importing.table import TableState, find_header, headerless_is_plan, read_table
from store.textrules import (
    clean_text,
    has_injected_pinyin,
    is_blank,
    looks_traditional,
    simplified,
    squeeze,
    without_pinyin,
)



def _unwrap(blocks: list) -> list:
    """A layout table (no header words) around the plan's own blocks gives way to its content."""
    out: list = []
    for b in blocks:
        if isinstance(b, Table) and any(c.blocks for row in b.rows for c in row.cells):
            if find_header(build_grid(b)) is None:
                for row in b.rows:
                    for c in row.cells:
                        if c.blocks:
                            out.extend(_unwrap(list(c.blocks)))
                        elif not is_blank(c.text):
                            out.extend(Paragraph(line, row.origin, c.label if i == 0 else None)
                                       for i, line in enumerate(c.text.split("\n")) if not is_blank(line))
                continue
        out.append(b)
    return out


def _table_lines(grid: list[GridRow]) -> list[tuple[str, str]]:
    """A table that holds no tasks, read as lines of text: (text, origin)."""
    out = []
    for row in grid:
        texts = [t for t in row.texts if not is_blank(t)]
        if len(texts) == 1:
            out.extend((line, row.origin) for line in texts[0].split("\n") if not is_blank(line))
        elif texts:
            out.append((" ".join(squeeze(t.replace("\n", " ")) for t in texts), row.origin))
    return out


def _is_section_paragraph(text: str) -> bool:
    flat = clean_text(text).replace("\n", "")
    lab = L.parse_label(flat)
    return lab is not None and not L.is_number_style(lab.style) and 0 < len(flat) <= 60


def normalise(doc: Document) -> Document:
    """A document in traditional characters, or with pinyin a mirror site injected, as the plan's
    own simplified text (each with a warning); any other document as it is."""
    if doc.normalised:
        return doc
    texts = "\n".join(_texts(doc.blocks))
    traditional = looks_traditional(texts)
    pinyin = has_injected_pinyin(texts)
    if not traditional and not pinyin:
        return replace(doc, normalised=True)

    def fix(text: str) -> str:
        if pinyin:
            text = without_pinyin(text)
        return simplified(text) if traditional else text

    warnings = list(doc.warnings)
    if traditional:
        warnings.append(ImportWarning("", "warn.traditional"))
    if pinyin:
        warnings.append(ImportWarning("", "warn.pinyin"))
    return replace(doc, blocks=[_fix_block(b, fix) for b in doc.blocks], warnings=warnings, normalised=True)


def _texts(blocks):
    for b in blocks:
        if isinstance(b, Paragraph):
            yield b.text
        else:
            for row in b.rows:
                for c in row.cells:
                    yield c.text
                    yield from _texts(c.blocks)


def _fix_block(b, fix):
    if isinstance(b, Paragraph):
        return replace(b, text=fix(b.text))
    rows = tuple(replace(row, cells=tuple(replace(c, text=fix(c.text), blocks=tuple(_fix_block(x, fix) for x in c.blocks))
                                          for c in row.cells)) for row in b.rows)
    return replace(b, rows=rows)


def assemble(doc: Document, source: str | None = None) -> PlanDraft:
    """Build the plan from a document; raises ImportFailed when no task is found."""
    doc = normalise(doc)
    source = source or doc.source or ""
    builder = Builder(source)
    levels: dict[str, int] = {}
    blocks = _unwrap(list(doc.blocks))
    grids = {id(b): build_grid(b) for b in blocks if isinstance(b, Table)}
    headed = {i for i in grids if find_header(grids[i]) is not None}
    plan_tables = headed or {i for i in grids if headerless_is_plan(grids[i])}
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table) and id(b) in plan_tables), None)
    if first_table is not None:
        meta_lines = _assemble_tables(builder, doc, blocks, grids, headed, plan_tables, first_table, levels)
        units_place = doc.units_place or "column"
    else:
        meta_lines = _assemble_prose(builder, blocks, grids, levels)
        units_place = doc.units_place or "line"
    if not builder.tasks:
        raise ImportFailed(source, None, "import.no_tasks")
    draft = builder.draft(read_meta(meta_lines), doc.warnings)
    reading = describe(doc.shape, units_place, builder.roots, builder.task_labels)
    return replace(draft, reading=reading, readings=(reading,))


def _assemble_tables(builder, doc, blocks, grids, headed, plan_tables, first_table, levels) -> list[str]:
    """The plan's tables (and the section paragraphs between them); returns the lines above them."""
    before: list[tuple[str, str]] = []
    for b in blocks[:first_table]:
        if isinstance(b, Paragraph):
            before.append((para_text(b), b.origin))
        else:
            before.extend(_table_lines(grids[id(b)]))
    # Section headings right above the table (一、…) open the first section.
    cut = len(before)
    while cut > 0 and _is_section_paragraph(before[cut - 1][0]):
        cut -= 1
    meta_lines = [text for text, _ in before[:cut]]
    first_grid = grids[id(blocks[first_table])]
    hi = find_header(first_grid)
    if hi:
        meta_lines += [text for text, _ in _table_lines(first_grid[:hi])]
    for text, origin in before[cut:]:
        open_heading(builder, text, origin, levels)
    state = TableState(merge_lost=doc.units_merge_lost)
    for b in blocks[first_table:]:
        if isinstance(b, Table):
            grid = grids[id(b)]
            same_width = state.cols is not None and grid and len(grid[0].slots) == state.cols.width
            if id(b) in plan_tables or (same_width and id(b) not in headed):
                read_table(builder, b, levels, state, grid)
            elif any(not is_blank(t) for row in grid for t in row.texts):
                builder.warn(b.origin, "warn.table_skipped", text=squeeze(" ".join(x for x, _ in _table_lines(grid)))[:30])
        elif _is_section_paragraph(para_text(b)):
            open_heading(builder, para_text(b), b.origin, levels)
            state.heading_between = True
    return meta_lines


def _assemble_prose(builder, blocks, grids, levels) -> list[str]:
    """A document of paragraphs (tables without tasks read as lines); returns the preamble."""
    paragraphs: list[Paragraph] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            paragraphs.append(b)
        else:
            paragraphs.extend(Paragraph(text, origin) for text, origin in _table_lines(grids[id(b)]))
    classified = [classify(p) for p in paragraphs]
    # The preamble: everything before the first label, header line, units or time line.
    start = next((i for i, p in enumerate(classified) if p.kind in ("heading", "task", "header", "units", "time")), len(classified))
    paras = classified[start:]
    read_prose(builder, paras, levels, task_style_of(paras))
    return [p.text for p in classified[:start]]
