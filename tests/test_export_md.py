"""The Markdown export: tables that survive a Markdown renderer with the text as data."""
from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from export_data import HOSTILE, PLAN1_STATES, PLAN1_SUMMARY, PLAN1_TEXTS, PLAN1_TITLE, busy
from store.exporting import export_to
from store.exporting.markdown import md_escape
from test_export_html import parse

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def cells(line: str) -> list[str]:
    parts = _CELL_SPLIT.split(line.strip())[1:-1]
    return [re.sub(r"\\(.)", r"\1", p.strip()).replace("<br>", "\n") for p in parts]


def tables(md: str) -> list[list[list[str]]]:
    out, current = [], None
    for line in md.split("\n"):
        if line.startswith("|"):
            if current is None:
                current = []
                out.append(current)
            if not re.fullmatch(r"\|(-{3}:?\|)+", line):
                current.append(cells(line))
        else:
            current = None
    return out


@pytest.fixture
def plans(ledger):
    return busy(ledger)


def test_heading_summary_and_ledger(ledger, plans):
    md = export_to(ledger, "md", plan_ids=[plans[0]])
    assert md.startswith(f"# {PLAN1_TITLE}\n")
    assert "发文单位：某市人民政府办公室" in md and "导出时间：2021-10-15 10:" in md
    sections, units, ledger_rows = tables(md)
    got = {r[0].strip("\u3000"): tuple(int(x or 0) for x in (r[1], r[2], r[3], r[4], r[5], r[7]))
           for r in sections[1:]}
    assert got == PLAN1_SUMMARY
    assert sections[1][6] == "20%"
    assert ledger_rows[0][:3] == ["序号", "工作任务", "具体要求"]
    body = ledger_rows[1:]
    assert [r[2] for r in body] == PLAN1_TEXTS
    assert [r[7] for r in body] == PLAN1_STATES
    assert body[0][8].split("\n")[0].startswith("2021-10-15 张三（市政府办）：第二条")


def test_pipes_newlines_and_markup_escaped(ledger, plans):
    md = export_to(ledger, "md", plan_ids=[plans[1]])
    rows = tables(md)[2]
    assert all(len(r) == 10 for r in rows)  # no cell split by a | in the text
    assert rows[5][2] == HOSTILE
    assert "\n第二行" not in md  # a newline inside a cell would end the table


def test_a_markdown_renderer_shows_the_text_as_text(ledger, plans):
    md = export_to(ledger, "md", plan_ids=[plans[1]])
    rendered = MarkdownIt("commonmark").enable("table").render(md)  # raw HTML allowed
    assert "<script>" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    page = parse(rendered)
    assert page.headings[0] == ("h1", "=攻击<b>方案</b>|测试")
    ledger_table = page.tables[2]
    texts = [c[0] for c in ledger_table["tbody"][4]]
    assert texts[2] == HOSTILE.replace("\n", "")  # <br> renders as a line break element


def test_md_escape():
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("x\ny") == "x<br>y"
    assert md_escape("<b>*_`[]~&#\\") == "\\<b\\>\\*\\_\\`\\[\\]\\~\\&\\#\\\\"
    assert md_escape("中文，没有特殊字符") == "中文，没有特殊字符"
