"""The one document model every reader produces: paragraphs and tables, in order.

Each block remembers where it came from (`origin`: "line 57", "table 2 row 5") so that errors and
warnings can point at it. A reader never interprets the plan; it only says what the file holds.

Spans follow HTML: a cell with `rowspan`/`colspan` covers the slots to its right and below, and
the rows it covers hold no cell for those slots (cells fill a row's free slots left to right). A
reader never copies a merged value down itself; the assembler's grid does (store/importing/grid.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    text: str
    origin: str
    label: str | None = None
    """What Word's numbering drew ("（一）", "3.") when it is not in the text."""


@dataclass(frozen=True)
class Cell:
    text: str
    """The cell's words: its paragraphs one per line (labels Word drew for the second and later
    paragraphs written in), nested tables flattened a row per line."""
    rowspan: int = 1
    colspan: int = 1
    label: str | None = None
    """What Word's numbering drew before the cell's first paragraph, when it is not in the text."""
    blocks: tuple = ()
    """The cell's content as blocks in order, when it holds a nested table (else empty)."""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    origin: str
    page_break_before: bool = False
    """The row follows a page break (a blank line, a repeated header): it may continue a cell."""

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    origin: str


Block = Paragraph | Table

NESTED_CELL_SEP = " | "
"""Between the cells of a nested table's row when the row is written into its cell's text."""


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    source: str | None = None
    warnings: list = field(default_factory=list)
    shape: str = ""
    """What the reader took the file to be: "tabs", "pipes", "lines", "cells", "flat", "docx" …"""
    units_merge_lost: bool = True
    """Where a table has no merged cells, is an empty units cell under a filled one a merge that
    was lost (the units above hold)? Not where every cell was labelled (牵头单位：…)."""
    units_place: str = ""
    """Where the reading found the units: "column", "line", "row", "after", "before", "labelled"
    (store/importing/describe.py); empty: a table's column, or a line in prose."""
    normalised: bool = False
    """The text was already turned to simplified characters without injected pinyin."""
