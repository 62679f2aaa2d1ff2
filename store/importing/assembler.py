"""Document → PlanDraft: the rules every reader shares.

Two small front ends turn blocks into one vocabulary of events — a table's rows (table.py: columns
given roles by their header words or their contents) and prose paragraphs (prose.py: classified by
shape) — and one builder (builder.py) turns them into the section tree: heading levels from the
order in which label styles first appear, task numbers that follow the sequence, units and time
limits bound to the tasks of their row or, in prose, to the tasks since the last units line.
"""
from __future__ import annotations

from store.drafts import PlanDraft
from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.builder import Builder, open_heading
from store.importing.document import Document, Paragraph, Table
from store.importing.grid import GridRow, build_grid
from store.importing.meta import read_meta
from store.importing.prose import classify, para_text, read_prose, task_style_of
from store.importing.table import TableState, find_header, headerless_is_plan, read_table
from store.textrules import clean_text, is_blank, squeeze



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


def assemble(doc: Document, source: str | None = None) -> PlanDraft:
    """Build the plan from a document; raises ImportFailed when no task is found."""
    source = source or doc.source or ""
    builder = Builder(source)
    levels: dict[str, int] = {}
    blocks = _unwrap(list(doc.blocks))
    grids = {id(b): build_grid(b) for b in blocks if isinstance(b, Table)}
    headed = {i for i in grids if find_header(grids[i]) is not None}
    plan_tables = headed or {i for i in grids if headerless_is_plan(grids[i])}
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table) and id(b) in plan_tables), None)
    meta_lines: list[str] = []
    if first_table is not None:
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
        state = TableState()
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
    else:
        paragraphs: list[Paragraph] = []
        for b in blocks:
            if isinstance(b, Paragraph):
                paragraphs.append(b)
            else:
                paragraphs.extend(Paragraph(text, origin) for text, origin in _table_lines(grids[id(b)]))
        classified = [classify(p) for p in paragraphs]
        # The preamble: everything before the first label, header line, units or time line.
        start = next((i for i, p in enumerate(classified) if p.kind in ("heading", "task", "header", "units", "time")), len(classified))
        meta_lines = [p.text for p in classified[:start]]
        paras = classified[start:]
        task_style = task_style_of(paras)
        read_prose(builder, paras, levels, task_style)
    if not builder.tasks:
        raise ImportFailed(source, None, "import.no_tasks")
    meta = read_meta(meta_lines)
    return builder.draft(meta, doc.warnings)