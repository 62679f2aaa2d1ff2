"""The HTML export, read back with html.parser."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from export_data import HOSTILE, PLAN1_STATES, PLAN1_SUMMARY, PLAN1_TEXTS, PLAN1_TITLE, PLAN1_UNITS, busy
from store.exporting import export_to

HEADERS = ["序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限", "到期日", "完成情况", "进展说明", "更新时间"]


class Page(HTMLParser):
    """Tables as rows of cell texts (thead and tbody apart), headings, every tag and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self.classes: list[str] = []
        self._cell: list[str] | None = None
        self._part = "tbody"
        self._heading: tuple[str, list[str]] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append({"thead": [], "tbody": [], "class": a.get("class", "")})
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self.tables[-1][self._part].append([])
            self.classes.append(a.get("class", ""))
        elif tag in ("td", "th"):
            self._cell = []
            self._cell_class = a.get("class", "")
        elif tag in ("h1", "h2", "h3"):
            self._heading = (tag, [])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][self._part][-1].append(("".join(self._cell), self._cell_class))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append((self._heading[0], "".join(self._heading[1])))
            self._heading = None
        elif tag == "title":
            self._in_title = False
        elif tag == "tbody":
            self._part = "tbody"

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading[1].append(data)
        if self._in_title:
            self.title += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture
def plans(ledger):
    return busy(ledger)


@pytest.fixture
def html(ledger, plans):
    data = export_to(ledger, "html", plan_ids=[plans[0]])
    assert isinstance(data, str)
    return data


def _texts(rows):
    return [[c[0] for c in r] for r in rows]


def test_one_self_contained_page(html):
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    page = parse(html)
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object"), tag
        assert "src" not in attrs and "href" not in attrs
    assert "url(" not in html and "@import" not in html and "http" not in html
    assert page.title == PLAN1_TITLE


def test_print_css_repeats_headers(html):
    style = re.search(r"<style>(.*)</style>", html, re.S).group(1)
    assert "@page" in style and "landscape" in style and "@media print" in style
    assert "thead { display: table-header-group; }" in style


def test_the_ledger_table(html):
    page = parse(html)
    ledger = [t for t in page.tables if t["class"] == "ledger"]
    assert len(ledger) == 1
    assert _texts(ledger[0]["thead"]) == [HEADERS]
    body = _texts(ledger[0]["tbody"])
    assert [r[2] for r in body] == PLAN1_TEXTS
    assert [r[7] for r in body] == PLAN1_STATES
    assert body[2][1] == "一、做好常态化疫情防控信息公开\n（一）加强年报管理"
    notes = body[0][8].split("\n")
    assert notes[0].startswith("2021-10-15 张三（市政府办）：第二条") and notes[1].startswith("2021-10-15 王五")
    states = [r[7][1] for r in ledger[0]["tbody"]]
    assert states == ["st done", "st lagging", "st na", "st todo", "st doing", "st todo"]
    assert ledger[0]["tbody"][3][6][0] == "2021-09-30"  # overdue: in a span
    assert '<span class="overdue">2021-09-30</span>' in html


def test_summary_with_progress_bars(html):
    page = parse(html)
    sums = [t for t in page.tables if t["class"] == "sum"]
    assert len(sums) == 2
    header = _texts(sums[0]["thead"])[0]
    assert header == ["方案 / 栏目", "已完成", "进行中", "未开始", "不涉及", "任务数", "完成率", "逾期", "进度"]
    rows = _texts(sums[0]["tbody"])
    got = {r[0]: tuple(int(x or 0) for x in (r[1], r[2], r[3], r[4], r[5], r[7])) for r in rows}
    assert got == PLAN1_SUMMARY
    assert rows[0][6] == "20%"
    units = {r[0]: tuple(int(x or 0) for x in (r[1], r[2], r[3], r[4], r[5], r[7])) for r in _texts(sums[1]["tbody"])}
    assert units == PLAN1_UNITS
    assert '<span style="width:20%">' in html and '<span style="width:33%">' in html
    widths = re.findall(r'style="width:(\d+)%"', html)
    assert widths and all(0 <= int(w) <= 100 for w in widths)


def test_text_is_escaped_never_markup(ledger, plans):
    html = export_to(ledger, "html", plan_ids=[plans[1]])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    page = parse(html)
    assert page.headings[0] == ("h1", "=攻击<b>方案</b>|测试")
    ledger = [t for t in page.tables if t["class"] == "ledger"][0]
    assert _texts(ledger["tbody"])[4][2] == HOSTILE
    assert page.tags.count(("b", {})) == 0


def test_several_plans(ledger, plans):
    page = parse(export_to(ledger, "html"))
    assert page.headings[0] == ("h1", "工作任务落实情况台账")
    assert ("h2", PLAN1_TITLE) in page.headings
    assert len([t for t in page.tables if t["class"] == "ledger"]) == 2
    sums = [t for t in page.tables if t["class"] == "sum"]
    assert _texts(sums[0]["tbody"])[-1][0] == "合计" and "total" in page.classes
