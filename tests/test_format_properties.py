"""Property tests: whatever grid a hand-edited table has, the readers and the assembler give a plan
or their own clear error — never an exception of their own."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import render_plans as R
from store.errors import ImportFailed
from store.importing.assembler import assemble
from store.importing.document import Cell, Document, Row, Table
from store.importing.docx_reader import read_docx_bytes
from store.importing.grid import build_grid

settings.register_profile("formats-ci", derandomize=True, max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("formats-dev", max_examples=120, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("formats-ci" if os.environ.get("CI") else "formats-dev")

WORDS = ["", "", "序号", "工作任务", "具体要求", "责任单位", "牵头", "配合", "完成时限", "完成情况", "一、规划公开", "（一）财政",
         "1.公开规划纲要。", "2.发布规划。", "3", "市发展改革局牵头，各区政府配合", "年底前", "持续推进", "已完成", "滞后",
         "2023年6月底前", "<p>4.公开预算。</p>", "[bold]x[/]", "——", "|"]
# (Control characters never reach the model: every reader removes them where text enters.)

cells = st.builds(
    Cell,
    text=st.sampled_from(WORDS),
    rowspan=st.integers(min_value=0, max_value=4),
    colspan=st.integers(min_value=0, max_value=4),
    label=st.sampled_from([None, None, "1.", "（一）", "一、", "①"]),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=6), min_size=1, max_size=12)


def _check(doc: Document) -> None:
    try:
        draft = assemble(doc, source="x")
    except ImportFailed as exc:
        assert exc.message("zh") and exc.message("en")
        return
    tasks = list(draft.iter_tasks())
    assert tasks
    for t in tasks:
        assert all(ord(ch) >= 32 or ch in "\n\t" for ch in t.text)
        assert t.state in ("todo", "doing", "done", "na")


@given(rows)
def test_any_grid_of_spans(grid_rows):
    table = Table(tuple(Row(tuple(r), f"table 1 row {i + 1}") for i, r in enumerate(grid_rows)), "table 1")
    grid = build_grid(table)
    width = max((len(r.slots) for r in grid), default=0)
    assert all(len(r.slots) == width for r in grid)
    _check(Document(blocks=[table]))


vmerge = st.sampled_from([None, None, "restart", "continue", "bare"])
tc = st.tuples(st.sampled_from(WORDS), st.integers(min_value=1, max_value=3), vmerge)
tr = st.tuples(st.lists(tc, min_size=0, max_size=5), st.integers(min_value=0, max_value=2))


@given(st.lists(tr, min_size=1, max_size=10))
def test_any_docx_table(tmp_path_factory, spec):
    rows = [R.tr_xml("".join(R.tc_xml(R.p_xml(text), span=span, vmerge=vm) for text, span, vm in cells),
                     grid_before=before) for cells, before in spec]
    doc = R.new_docx()
    R.add_xml(doc, R.tbl_xml(rows, 5))
    R.add_paragraph(doc, "")
    path = tmp_path_factory.mktemp("docx") / "t.docx"
    doc.save(str(path))
    _check(read_docx_bytes(path.read_bytes(), path.name))
