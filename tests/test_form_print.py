"""The 反馈表 prints as a form a unit can read and fill (issue 20 item 8): A4 landscape, fitted to
the page's width, the text columns wrapped, the header row on every page, rows as high as their
text. The page setup is read back with openpyxl; LibreOffice renders it to PDF where it is
installed (the test is skipped where it is not)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from conftest import TickingClock
from store.drafts import PlanDraft, SectionDraft, TaskDraft
from store.forms import layout
from store.forms.sending import write_forms
from store.forms.writer import LINE_HEIGHT, MIN_ROW_HEIGHT, WIDTHS
from store.ledger import Ledger
from tests.helpers.forms import header_map

LONG = ("围绕常态化疫情防控、稳就业保就业、财政资金直达基层等重点工作，持续做好政策解读和信息发布，"
        "及时回应社会关切，提升政务公开质量和实效，") * 3 + "确保各项任务按期完成。末句可见"
SHORT = "公开规划纲要。"


@pytest.fixture
def form(tmp_path):
    """One unit's form of 60 tasks, every third with a long text."""
    tasks = tuple(TaskDraft(no=str(i), text=(LONG if i % 3 == 0 else SHORT) + f"（{i}）",
                            units="市财政局牵头", lead=("市财政局",), time_limit="2021年底前")
                  for i in range(1, 61))
    draft = PlanDraft(title="某市2021年政务公开工作要点分工方案", sha256="p",
                      sections=(SectionDraft("一、", "总体要求", tasks=tasks),))
    with Ledger(tmp_path / "l.db", clock=TickingClock(), actor="t") as led:
        plan_id = led.import_plan(draft).plan_id
        r = led.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id])
        [written] = write_forms(led, tmp_path / "forms", round_=r)
    return written.path


def test_page_setup_a4_landscape_fit_to_width_header_on_every_page(form):
    ws = load_workbook(form)[layout.DATA_SHEET]
    head, _ = header_map(ws)
    ps = ws.page_setup
    assert ps.orientation == "landscape"
    assert int(ps.paperSize) == 9  # A4
    assert int(ps.fitToWidth) == 1 and int(ps.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{head}:{head}"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.print_options.horizontalCentered
    # Narrow enough to print at a readable scale: about 160 of Excel's units in all, counted in
    # the digits of the workbook's font, 宋体 (not Calibri, which machines without it widen).
    total = sum(ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO")
    assert total == sum(WIDTHS.values()) <= 170
    assert ws.parent._fonts[0].name == "宋体"


def test_text_columns_wrap_and_rows_are_as_high_as_their_text(form):
    ws = load_workbook(form)[layout.DATA_SHEET]
    head, cols = header_map(ws)
    text_col, progress_col = cols[layout.HEADERS["text"]], cols[layout.HEADERS["progress"]]
    heights = {}
    for r in range(head + 1, ws.max_row + 1):
        assert ws.cell(r, text_col).alignment.wrap_text
        assert ws.cell(r, progress_col).alignment.wrap_text
        heights[ws.cell(r, text_col).value] = ws.row_dimensions[r].height
    long_rows = [h for text, h in heights.items() if text.startswith(LONG)]
    short_rows = [h for text, h in heights.items() if text.startswith(SHORT)]
    assert len(long_rows) == 20 and len(short_rows) == 40
    # room to write in every row; a long text's row as high as its lines in the 具体要求 column
    assert all(h >= MIN_ROW_HEIGHT for h in heights.values())
    chars_per_line = WIDTHS["text"] / 2  # a Chinese character is two of Excel's units wide
    lines = -(-len(LONG + "（60）") // chars_per_line)
    assert all(h >= lines * LINE_HEIGHT for h in long_rows)
    assert all(h == MIN_ROW_HEIGHT for h in short_rows)
    assert ws.row_dimensions[head].height >= LINE_HEIGHT  # the header row, two lines where needed


@pytest.mark.soffice
def test_libreoffice_prints_it_over_several_readable_pages(form, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    pdfplumber = pytest.importorskip("pdfplumber")
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(form)], capture_output=True, timeout=300)
    pdf = out / (form.stem + ".pdf")
    if not pdf.is_file():
        pytest.skip("this LibreOffice made no PDF")
    with pdfplumber.open(pdf) as doc:
        pages = doc.pages
        assert len(pages) >= 3  # sixty rows at a readable height: not one page of tiny print
        for page in pages:
            assert page.width > page.height  # landscape
            assert abs(page.width - 842) < 3 and abs(page.height - 595) < 3  # A4
            words = page.extract_text()
            assert "任务编号" in words and "进展情况" in words  # the header on every page
        # Readable: the body text prints at 7 points or more (the old form: about 5).
        sizes = [c["size"] for c in pages[0].chars if c["text"] == "纲"]  # only in the tasks' text
        assert sizes and min(sizes) >= 7
        # Nothing cut: the last words of a long 具体要求 are on the page, whole.
        text = "".join(p.extract_text().replace("\n", "") for p in pages)
        assert text.count("末句可见") == 20
