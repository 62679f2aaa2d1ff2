"""Fill one returned 反馈表 as a unit would in Excel, with openpyxl (run by the installed venv).

Usage: python fill_form.py FORMS_DIR. Takes the first form holding a task the unit leads, marks
that task 已完成 with a line of progress, signs it, saves it, and prints `path<TAB>task key`.
"""
import sys
from pathlib import Path

from openpyxl import load_workbook

from store.forms import layout


def header(ws):
    for row in ws.iter_rows(min_row=1, max_row=20):
        words = {c.value: c.column for c in row if isinstance(c.value, str)}
        if layout.HEADERS["key"] in words and layout.HEADERS["state"] in words:
            return row[0].row, words
    return None, {}


def main(folder: Path) -> int:
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path)
        ws = wb[layout.DATA_SHEET]
        head, cols = header(ws)
        if head is None:
            continue
        for r in range(head + 1, ws.max_row + 1):
            if ws.cell(r, cols[layout.HEADERS["role"]]).value != "牵头":
                continue
            key = ws.cell(r, cols[layout.HEADERS["key"]]).value
            ws.cell(r, cols[layout.HEADERS["state"]]).value = "已完成"
            ws.cell(r, cols[layout.HEADERS["progress"]]).value = "已按要求完成。"
            for row in ws.iter_rows(min_row=1, max_row=head - 1):
                for c in row:
                    if c.value == layout.FORM_HEAD["filler"]:
                        ws.cell(c.row, c.column + 1).value = "李四"
            wb.save(path)
            print(f"{path}\t{key}")
            return 0
    print("no form with a task this unit leads", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
