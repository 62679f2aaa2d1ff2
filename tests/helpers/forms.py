"""Filling in returned forms the ways units do, with openpyxl."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from store.forms import layout


def header_map(ws) -> tuple[int, dict[str, int]]:
    """The header row and {column word: column number}, found by the words."""
    for row in ws.iter_rows(min_row=1, max_row=20):
        words = {c.value: c.column for c in row if isinstance(c.value, str)}
        if layout.HEADERS["key"] in words and layout.HEADERS["state"] in words:
            return row[0].row, words
    raise AssertionError("no header row")


def fill(path: Path, rows: dict[str, dict[str, object]], *, out: Path | None = None,
         filler: str | None = "李四", phone: str | None = "13800000000", edit=None,
         date: object | None = None, unit: str | None = None) -> Path:
    """Write values by task key: {key: {"完成情况": "已完成", "进展情况": "…"}}; `date` into
    填报日期, `unit` over 填报单位; `edit(wb, ws)` may change the workbook further before it
    is saved."""
    wb = load_workbook(path)
    ws = wb[layout.DATA_SHEET]
    head, cols = header_map(ws)
    for r in range(head + 1, ws.max_row + 1):
        key = ws.cell(r, cols[layout.HEADERS["key"]]).value
        for word, value in rows.get(key, {}).items():
            ws.cell(r, cols[word]).value = value
    for label, value in ((layout.FORM_HEAD["filler"], filler), (layout.FORM_HEAD["phone"], phone),
                         (layout.FORM_HEAD["date"], date), (layout.FORM_HEAD["unit"], unit)):
        if value is None:
            continue
        for row in ws.iter_rows(min_row=1, max_row=head - 1):
            for c in row:
                if c.value == label:
                    ws.cell(c.row, c.column + 1).value = value
    if edit is not None:
        edit(wb, ws)
    target = out or path
    wb.save(target)
    return target


def keys_in(path: Path) -> list[str]:
    wb = load_workbook(path)
    ws = wb[layout.DATA_SHEET]
    head, cols = header_map(ws)
    return [ws.cell(r, cols[layout.HEADERS["key"]]).value for r in range(head + 1, ws.max_row + 1)]
