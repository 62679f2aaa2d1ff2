"""The one document model every reader produces: paragraphs and tables, in order.

Each block remembers where it came from (`origin`: "line 57", "table 2 row 5") so that errors and
warnings can point at it. A reader never interprets the plan; it only says what the file holds.
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
    rowspan: int = 1
    colspan: int = 1
    label: str | None = None


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


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    source: str | None = None
    warnings: list = field(default_factory=list)
