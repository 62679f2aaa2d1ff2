"""The 本期进展 line of an export names the column once (issue 20: it read "本期进展：本期进展：")."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from store.exporting import export_to


def _cells(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_period_line_says_its_label_once(ledger, plan_id):
    ledger.new_round("十月", due="2021-10-31")
    texts = _cells(export_to(ledger, "xlsx"))
    lines = [x for x in texts if "自轮次" in x]
    assert lines and all("本期进展：自轮次“十月”开启以来的变化" in x for x in lines)
    assert not any("本期进展：本期进展" in x for x in texts)
    html = export_to(ledger, "html")
    assert "本期进展：自轮次“十月”开启以来的变化" in html and "本期进展：本期进展" not in html
    en = export_to(ledger, "html", lang="en")
    assert "This period: changes since the round 十月 opened" in en and "This period: This period" not in en


def test_after_a_close_the_line_names_the_closed_rounds_period(ledger, plan_id):
    # issue 20: after a close the export showed an empty 本期进展 "since the close"; the period
    # just closed is what the lead office sends up
    ledger.new_round("九月")
    ledger.close_round("九月")
    texts = _cells(export_to(ledger, "xlsx"))
    assert any("本期进展：轮次“九月”期间（2021-10-15 至 2021-10-15）的变化" in x for x in texts)
    assert not any("本期进展：本期进展" in x for x in texts)
    ledger.new_round("十月")
    texts = _cells(export_to(ledger, "xlsx"))
    assert any("本期进展：自轮次“九月”结束以来的变化" in x for x in texts)
    texts = _cells(export_to(ledger, "xlsx", round="九月"))
    assert any("本期进展：轮次“九月”期间" in x for x in texts)
