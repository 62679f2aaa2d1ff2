"""A table's rows laid out on a grid: every slot knows the cell that covers it.

Readers give rows of cells with HTML-style spans (a merged cell appears once, in the row and
column where it starts; the rows below it hold no cell for the slots it covers). The assembler
needs the opposite view — for each row and column, what is there and whether it is the merged
cell "continued from above" — so that a merged 工作任务 cell means "the same section" and a
merged units cell covers exactly the rows it spans, and no further.

Irregular tables (spans that overlap, rows longer than the others) never raise: the first cell
to claim a slot keeps it, and short rows are padded with empty slots.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.importing.document import Cell, Table

MAX_COLSPAN = 256


@dataclass(frozen=True)
class Slot:
    text: str
    """The covering cell's text (with the label Word drew for it), in every slot it covers."""
    own: bool = True
    """This slot is where its cell starts (top-left): its text belongs to this row."""
    above: bool = False
    """Covered by a cell that starts in a row above (a vertical merge, "continued from above")."""
    left: bool = False
    """Covered by a cell that starts further left in this row (a horizontal merge)."""
    col: int = 0
    """The column where the covering cell starts."""
    row: int = 0
    """The row (index in the table) where the covering cell starts."""
    colspan: int = 1
    rowspan: int = 1
    cell: Cell | None = None


@dataclass(frozen=True)
class GridRow:
    slots: tuple[Slot, ...]
    origin: str
    page_break_before: bool = False

    @property
    def texts(self) -> list[str]:
        """What each slot shows in this row: own cells only, covered slots empty."""
        return [s.text if s.own else "" for s in self.slots]


def cell_text(cell: Cell) -> str:
    """The cell's text with the label Word drew for it, never doubled."""
    text = cell.text
    label = (cell.label or "").strip()
    if not label:
        return text
    stripped = text.lstrip()
    if stripped.startswith(label):
        return text
    if not stripped:
        return label
    sep = "" if label[-1] in "、.．）)]】:：" else " "
    return label + sep + stripped


def build_grid(table: Table) -> list[GridRow]:
    rows = table.rows
    n = len(rows)
    taken: dict[tuple[int, int], Slot] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            rowspan = max(1, min(int(cell.rowspan or 1), n - r))
            colspan = max(1, min(int(cell.colspan or 1), MAX_COLSPAN))
            text = cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    key = (r + dr, c + dc)
                    if key in taken:
                        continue  # an irregular overlap: the first cell keeps the slot
                    taken[key] = Slot(
                        text=text,
                        own=dr == 0 and dc == 0,
                        above=dr > 0,
                        left=dr == 0 and dc > 0,
                        col=c,
                        row=r,
                        colspan=colspan,
                        rowspan=rowspan,
                        cell=cell,
                    )
            c += colspan
            width = max(width, c)
    out: list[GridRow] = []
    for r, row in enumerate(rows):
        slots = tuple(taken.get((r, c)) or Slot("", col=c, row=r) for c in range(width))
        out.append(GridRow(slots, row.origin, row.page_break_before))
    return out
