"""The .csv export: one row per task, UTF-8 with a BOM so that Excel and WPS show Chinese.

Columns: the plan, then the ledger's columns; no summary. A cell that starts with = + - @ (or
a tab or carriage return, which some spreadsheets skip before looking) gets a leading `'`, so a
spreadsheet shows it as text and never runs it as a formula (DECISIONS, "Exports").
"""
from __future__ import annotations

import csv
import io

from store.cells import FORMULA_START
from store.exporting.report import Report, row_values

_DANGEROUS = (*FORMULA_START, "\t", "\r")


def defuse(value: str) -> str:
    """The cell as a spreadsheet must read it: text, never a formula."""
    return "'" + value if value.startswith(_DANGEROUS) else value


_FIRST = frozenset(_DANGEROUS)


def write_csv(report: Report) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([report.headers["plan"], *(report.headers[c] for c in report.columns)])
    for plan in report.plans:
        title = defuse(plan.title)
        w.writerows(
            [title, *(("'" + v) if v[:1] in _FIRST else v for v in row_values(row, columns=report.columns))]
            for row in plan.rows
        )
    return "\ufeff" + out.getvalue()
