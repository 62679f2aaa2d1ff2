"""The HTML export: one self-contained page (no external files, works offline), readable on
screen and printed.

The page holds the heading, the summary (per plan and section, per lead unit) with a CSS
progress bar on each line, then each plan's ledger. Printing: A4 landscape; `thead` repeats
on every page; rows are not split where they fit. Every piece of text from the ledger goes
through `html.escape`; the only numbers written into `style` are widths computed here.
"""
from __future__ import annotations

from html import escape

from store.exporting.report import (
    HEADER_FILL,
    OVERDUE_COLOUR,
    STATE_COLOURS,
    Report,
    SummaryLine,
    sum_values,
)

_CSS = """
:root { --line: #b7b7b7; --head: #%(head)s; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 14px; line-height: 1.5; color: #1f1f1f; margin: 24px; }
h1 { font-size: 22px; text-align: center; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #1f4e78; padding-bottom: 2px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { text-align: center; color: #404040; margin: 0 0 4px; }
.meta span + span::before { content: "\\3000"; }
.note { color: #595959; font-size: 12px; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left;
  white-space: pre-line; overflow-wrap: anywhere; }
thead th { background: var(--head); text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.c { text-align: center; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sum { width: auto; min-width: 70%%; }
table.sum td.name { min-width: 22em; }
tr.plan td { font-weight: bold; background: #f2f2f2; }
tr.total td { font-weight: bold; border-top: 2px solid #595959; }
.bar { display: inline-block; width: 120px; height: 10px; background: #e7e6e6; border-radius: 2px;
  vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar > span { display: block; height: 100%%; background: #70ad47; }
.overdue { color: #%(overdue)s; font-weight: bold; }
tr.changed td.period, tr.changed td:first-child { background: #fff2cc; font-weight: bold; }
.st { font-weight: bold; text-align: center; white-space: nowrap; }
%(states)s
table.ledger { font-size: 12.5px; table-layout: fixed; }
table.ledger col.no { width: 3.5%%; } table.ledger col.section { width: 12%%; }
table.ledger col.text { width: 24%%; } table.ledger col.lead { width: 9%%; }
table.ledger col.units { width: 11%%; } table.ledger col.time_limit { width: 7%%; }
table.ledger col.due { width: 7%%; } table.ledger col.state { width: 6.5%%; }
table.ledger col.notes { width: 13%%; } table.ledger col.updated { width: 7%%; }
@page { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  body { margin: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  h2.plan { break-before: page; }
  table.ledger { font-size: 10px; }
  .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  th, td, .bar > span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _css() -> str:
    states = "\n".join(
        f".st.{key} {{ background: #{fill}; color: #{text}; }}"
        for key, (fill, text) in STATE_COLOURS.items()
    )
    return _CSS % {"head": HEADER_FILL, "overdue": OVERDUE_COLOUR, "states": states}


def _bar(line: SummaryLine) -> str:
    if line.base <= 0:
        return ""
    pct = max(0, min(100, line.progress.percent))
    return (f'<span class="bar" role="img" aria-label="{pct}%"><span style="width:{pct}%">'
            f"</span></span>")


def _summary_table(report: Report, name_header: str, lines: list[SummaryLine], kind: str) -> list[str]:
    out = ['<table class="sum"><thead><tr>', f"<th>{escape(name_header)}</th>"]
    out += [f"<th>{escape(h)}</th>" for h in report.sum_headers]
    out.append(f"<th>{escape(report.t('export.sum.progress'))}</th></tr></thead><tbody>")
    for line in lines:
        cls = ""
        if kind == "sections":
            cls = ' class="total"' if line is report.total else (' class="plan"' if line.depth == 0 else "")
        indent = f' style="padding-left:{6 + 18 * line.depth}px"' if line.depth else ""
        cells = [f'<td class="name"{indent}>{escape(line.name)}</td>']
        cells += [f'<td class="n">{v}</td>' for v in sum_values(line)]
        cells.append(f'<td class="n">{escape(line.percent_text)}</td>')
        overdue = line.progress.overdue
        cells.append(f'<td class="n{" overdue" if overdue else ""}">{overdue or ""}</td>')
        cells.append(f"<td>{_bar(line)}</td>")
        out.append(f"<tr{cls}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return out


def _meta(report: Report, pairs) -> str:
    colon = "：" if report.lang == "zh" else ": "
    return '<p class="meta">' + "".join(
        f"<span>{escape(k)}{colon}{escape(v)}</span>" for k, v in pairs) + "</p>"


def write_html(report: Report) -> str:
    t = report.t
    lang = "zh-CN" if report.lang == "zh" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="taizhang">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{_css()}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
    ]
    meta = []
    if len(report.plans) == 1:
        meta += list(report.plans[0].meta)
    meta.append((t("export.exported_at"), report.exported_at))
    if report.filter_text:
        meta.append((t("export.filter"), report.filter_text))
    out.append(_meta(report, meta))
    if not report.plans:
        out.append(f"<p>{escape(t('export.no_tasks'))}</p></body></html>")
        return "\n".join(out)
    out.append(f"<h2>{escape(t('export.summary'))}</h2>")
    out.append(f"<h3>{escape(t('export.by_section'))}</h3>")
    out += _summary_table(report, t("export.sum.name"), report.summary_lines(), "sections")
    out.append(f"<h3>{escape(t('export.by_unit'))}</h3>")
    out += _summary_table(report, t("export.sum.unit"), list(report.units), "units")
    out.append(f'<p class="note">{escape(t("export.by_unit_note"))}</p>')
    cols = "".join(f'<col class="{c}">' for c in report.columns)
    head = "".join(f"<th>{escape(report.headers[c])}</th>" for c in report.columns)
    period = bool(report.period_title)
    if period:
        out.append(f'<p class="note">{escape(report.period_line)}</p>')
    for plan in report.plans:
        out.append(f'<h2 class="plan">{escape(plan.title)}</h2>')
        if plan.meta and len(report.plans) > 1:
            out.append(_meta(report, plan.meta))
        out.append(f'<table class="ledger"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>')
        for r in plan.rows:
            due = escape(r.due_text)
            if r.overdue:
                due = f'<span class="overdue">{due}</span>'
            mark = ' class="changed"' if r.changed else ""
            period_cell = f'<td class="period">{escape(r.period)}</td>' if period else ""
            out.append(
                f'<tr data-key="{escape(r.key)}"{mark}>'
                f'<td class="c">{escape(r.no)}</td>'
                f"<td>{escape(r.section_text())}</td>"
                f"<td>{escape(r.text)}</td>"
                f"<td>{escape(r.lead)}</td>"
                f"<td>{escape(r.units)}</td>"
                f"<td>{escape(r.time_limit)}</td>"
                f'<td class="c">{due}</td>'
                f'<td class="st {r.style}">{escape(r.state_word)}</td>'
                f"{period_cell}"
                f"<td>{escape(r.notes_text())}</td>"
                f'<td class="c">{escape(r.updated_text)}</td>'
                "</tr>"
            )
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
