"""The Markdown export: the heading, the two summary tables and each plan's ledger as tables,
for pasting into chat and wikis.

Text is data: every character Markdown could read as syntax (| * _ ` [ ] < > ~ & \\ and #) is
backslash-escaped, and a line break inside a cell becomes `<br>`, the only markup written.
"""
from __future__ import annotations

import re

from store.exporting.report import Report, SummaryLine, row_values, sum_values

_REPLACE = {**{ch: "\\" + ch for ch in "\\`*_[]<>|~&#"}, "\n": "<br>", "\t": " "}
_SPECIAL = re.compile("[" + re.escape("".join(_REPLACE)) + "]")


def md_escape(text: str) -> str:
    """Inline text safe in a table cell or a heading: no syntax, no raw HTML, one line."""
    return _SPECIAL.sub(lambda m: _REPLACE[m.group()], text or "")


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in headers) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    if rows:
        # One escape over the whole table: cells joined by \x1f, rows by \x1e (neither can be
        # in report text, which is XML-safe), then turned into Markdown's separators.
        body = md_escape("\x1e".join("\x1f".join(r) for r in rows))
        out.append("| " + body.replace("\x1f", " | ").replace("\x1e", " |\n| ") + " |")
    return out


def _summary_rows(lines: list[SummaryLine]) -> list[list[str]]:
    rows = []
    for line in lines:
        indent = "\u3000" * line.depth  # ideographic spaces: an indent no renderer strips
        values = [str(v) for v in sum_values(line)]
        rows.append([indent + line.name, *values, line.percent_text, str(line.progress.overdue or "")])
    return rows


def write_md(report: Report) -> str:
    t = report.t
    colon = "：" if report.lang == "zh" else ": "
    out: list[str] = [f"# {md_escape(report.title)}", ""]
    meta = [(t("export.exported_at"), report.exported_at)]
    if len(report.plans) == 1:
        meta = list(report.plans[0].meta) + meta
    if report.filter_text:
        meta.append((t("export.filter"), report.filter_text))
    out += [md_escape("　".join(f"{k}{colon}{v}" for k, v in meta)), ""]
    if not report.plans:
        return "\n".join(out + [md_escape(t("export.no_tasks")), ""])
    right = set(range(1, 9))
    out += [f"## {md_escape(t('export.summary'))}", "", f"### {md_escape(t('export.by_section'))}", ""]
    out += _table([t("export.sum.name"), *report.sum_headers], _summary_rows(report.summary_lines()), right)
    out += ["", f"### {md_escape(t('export.by_unit'))}", ""]
    out += _table([t("export.sum.unit"), *report.sum_headers], _summary_rows(list(report.units)), right)
    out += ["", md_escape(t("export.by_unit_note")), ""]
    headers = [report.headers[c] for c in report.columns]
    for plan in report.plans:
        out += [f"## {md_escape(plan.title)}", ""]
        if plan.meta and len(report.plans) > 1:
            out += [md_escape("　".join(f"{k}{colon}{v}" for k, v in plan.meta)), ""]
        out += _table(headers, [row_values(r, section_sep=" / ", notes_sep="\n", columns=report.columns) for r in plan.rows])
        out.append("")
    return "\n".join(out)
