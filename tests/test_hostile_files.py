"""Hostile spreadsheets and zip bombs (issue 23, items 4 and 5): each is refused with a message
that says what is wrong, before the reader builds it, in `import`, in the UI's import and in
`merge`; nothing is written and no Python or Rust traceback reaches the screen.

The files that used to abort the process (a cell in XFD1048576) are run through the real command
in a child process under a memory limit, so a regression fails this test instead of killing the
test run. Peak memory is measured in bench/hostile_files.py, not here. The caps themselves are
tested with small files and the caps lowered (monkeypatch), except the part cap, tested at its
real size.
"""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from store import limits
from store.errors import ImportFailed
from store.exporting import export_to
from store.forms.merge import plan_merge
from store.forms.reader import read_form
from store.forms.sending import write_forms
from store.importing import read_plan
from store.ledger import Ledger
from store.sheetscan import scan_book
from conftest import TickingClock, make_draft
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
MB = 1024 * 1024
PLAN_TEXT = "工作任务\t具体要求\t责任单位\n规划\t1.公开规划纲要。\t市财政局\n"


pytestmark = pytest.mark.usefixtures("fixed_clock")  # a home of its own: conftest


def db_state(db: Path) -> str:
    """The database as its bytes and its WAL's (a refusal changes neither)."""
    h = hashlib.sha256()
    for p in (db, db.with_name(db.name + "-wal")):
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "panicked" not in text and "stack backtrace" not in text


# ---- files ------------------------------------------------------------------------------------


def corner_xlsx(path: Path, far: str = "XFD1048576") -> Path:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "工作任务"
    ws["B2"] = "1.公开规划纲要。"
    ws[far] = "x"
    wb.save(path)
    return path


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods(path: Path, rows_xml: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="分工表">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def repeated_ods(path: Path) -> Path:
    """Under 1 KB: one cell repeated over 5,000 × 5,000 (calamine builds 25 million cells)."""
    return ods(path, '<table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="string" '
                     'table:number-columns-repeated="5000"><text:p>x</text:p></table:table-cell></table:table-row>')


def repack(source: bytes, path: Path, replace: dict[str, tuple[bytes, bytes, int, bytes]] = {},
           add: dict[str, bytes] = {}) -> Path:
    """Copy a package, parts replaced (or added) as head + body × n + tail, streamed."""
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            if name not in replace:
                out.writestr(name, src.read(name))
        for name, (head, body, n, tail) in replace.items():
            with out.open(name, "w", force_zip64=True) as f:
                f.write(head)
                per = max(1, MB // max(len(body), 1))
                for _ in range(n // per):
                    f.write(body * per)
                f.write(body * (n % per))
                f.write(tail)
        for name, data in add.items():
            out.writestr(name, data)
    return path


def docx_bytes(paragraphs: list[str] = (), rows: int = 0) -> bytes:
    from docx import Document

    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if rows:
        t = d.add_table(rows=rows, cols=2)
        for i in range(rows):
            t.cell(i, 0).text = f"{i + 1}."
            t.cell(i, 1).text = "公开规划纲要，市财政局负责。"
    bio = io.BytesIO()
    d.save(bio)
    return bio.getvalue()


def xlsx_bytes(rows: int = 2) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "具体要求", "责任单位"])
    for i in range(1, rows):
        ws.append([i, "公开规划纲要。", "市财政局"])
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def refused(path: Path) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    return info.value


# ---- the child process: what a clerk runs ------------------------------------------------------


def _limit_memory():  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))


def run_taizhang(tmp_path: Path, *args) -> tuple[int, str]:
    """`taizhang ARGS` in a child process (2 GB of address space at most), its code and output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TAIZHANG_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.run([sys.executable, "-m", "tui.cli", *map(str, args)], capture_output=True, env=env,
                          cwd=tmp_path, timeout=120,
                          preexec_fn=_limit_memory if sys.platform != "win32" else None)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def plan_db(tmp_path):
    """A ledger file holding one plan, checkpointed (its bytes are compared after a refusal)."""
    path = tmp_path / "ledger.db"
    with Ledger(path, clock=TickingClock(), actor="t") as led:
        led.import_plan(make_draft())
        led.checkpoint()
    return path


@pytest.fixture
def forms(tmp_path):
    """A ledger with a round and its forms: (db path, {unit: form path})."""
    path = tmp_path / "forms.db"
    with Ledger(path, clock=TickingClock(), actor="t") as led:
        plan_id = led.import_plan(make_draft()).plan_id
        r = led.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id])
        written = write_forms(led, tmp_path / "forms", round_=r)
        led.checkpoint()
    return path, {w.unit: w.path for w in written}


# ---- item 4: a sheet reaching the far corner ---------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_a_sheet_reaching_far_is_refused_by_import_without_a_traceback(tmp_path, plan_db, kind):
    if kind == "xlsx":
        path, cell = corner_xlsx(tmp_path / "台账.xlsx"), "XFD1048576"
    elif kind == "ods":
        path, cell = repeated_ods(tmp_path / "台账.ods"), "GJH5000"
    else:
        path, cell = HOSTILE / "corner.xls", "IV65536"  # A1 and IV65536, saved by LibreOffice
    before = db_state(plan_db)
    code, out = run_taizhang(tmp_path, "--db", plan_db, "import", path)
    assert code == 1, out
    assert no_traceback(out), out
    assert f"内容一直延伸到 {cell} 单元格" in out and "Ctrl+End" in out
    assert db_state(plan_db) == before


def test_a_returned_form_reaching_far_is_refused_by_merge_without_a_traceback(tmp_path, forms):
    db, paths = forms
    form = paths["市卫生健康局"]
    from openpyxl import load_workbook

    wb = load_workbook(form)
    wb["反馈表"]["XFD1048576"] = "已完成"
    wb.save(form)
    before = db_state(db)
    code, out = run_taizhang(tmp_path, "--db", db, "merge", form)
    assert code == 1, out
    assert no_traceback(out), out
    assert f"{form.name}：未合并：工作表“反馈表”的内容一直延伸到 XFD1048576 单元格" in out
    assert db_state(db) == before


async def test_the_ui_import_shows_the_refusal(tmp_path, monkeypatch):
    from test_ui_helpers import SIZE, dialog_text, make_app, open_ledger, settle

    monkeypatch.chdir(tmp_path)
    corner_xlsx(tmp_path / "c.xlsx")
    ledger = open_ledger(tmp_path / "new.db")
    try:
        app = make_app(ledger, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await pilot.press(*"c.xlsx")
            await pilot.press("enter")
            await settle(pilot)
            text = dialog_text(app)
            assert "XFD1048576" in text and "未读取" in text
            assert ledger.plans() == []
    finally:
        ledger.close()


# ---- item 5: zip bombs and runaway documents ---------------------------------------------------


def test_a_docx_part_that_unpacks_past_the_cap_is_refused_before_it_is_read(tmp_path, plan_db, capsys):
    path = repack(docx_bytes(["一、总体要求"]), tmp_path / "方案.docx",
                  {"word/document.xml": (b"<?xml version='1.0'?><a>", b"<!-- " + b"x" * 1000 + b" -->", 70 * 1024,
                                         b"</a>")})
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size > limits.MAX_PART_BYTES
    e = refused(path)
    assert e.why == "limit.part" and e.why_params["part"] == "word/document.xml"
    before = db_state(plan_db)
    code = main(["--db", str(plan_db), "import", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "方案.docx：文件中的“word/document.xml”解压后有 69 MB（上限 64 MB）" in err
    assert db_state(plan_db) == before


def test_an_xlsx_whose_shared_strings_unpack_past_the_cap_is_refused(tmp_path):
    si = "<si><t>公开规划纲要</t></si>".encode()
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    path = repack(xlsx_bytes(), tmp_path / "s.xlsx",
                  {"xl/sharedStrings.xml": (head, si, 70 * MB // len(si), b"</sst>")})
    e = refused(path)
    assert e.why == "limit.part" and e.why_params["part"] == "xl/sharedStrings.xml"


@pytest.mark.parametrize("cap, value, code", [
    ("MAX_UNPACKED_BYTES", 200_000, "limit.unpacked"),
    ("MAX_PARTS", 5, "limit.parts"),
])
def test_the_package_caps(tmp_path, monkeypatch, cap, value, code):
    monkeypatch.setattr(limits, cap, value)
    extra = {f"extra/part{i}.xml": b"<a>" + os.urandom(50_000).hex().encode() + b"</a>" for i in range(5)}
    for suffix, raw in ((".docx", docx_bytes(["1.公开规划纲要。"])), (".xlsx", xlsx_bytes())):
        path = repack(raw, tmp_path / f"p{suffix}", add=extra)
        assert refused(path).why == code


def test_a_part_packed_like_a_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RATIO_FLOOR", 1 * MB)
    path = repack(docx_bytes(["1.公开规划纲要。"]), tmp_path / "b.docx",
                  {"word/document.xml": (b"<?xml version='1.0'?><a>", b"<!--" + b" " * 4000 + b"-->", 1000, b"</a>")})
    e = refused(path)
    assert e.why == "limit.ratio"
    assert int(e.why_params["ratio"].replace(",", "")) > limits.MAX_RATIO
    assert "压缩炸弹" in e.message("zh")


def test_a_docx_of_too_many_elements_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 2_000)
    path = tmp_path / "many.docx"
    path.write_bytes(docx_bytes([f"{i}.公开规划纲要。" for i in range(1, 800)]))
    assert refused(path).why == "limit.elements"


def test_paragraphs_and_rows_past_the_cap_are_refused_before_the_plan_is_assembled(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    calls = []
    monkeypatch.setattr("store.importing.assembler.assemble", lambda *a, **k: calls.append(a))
    docx = tmp_path / "rows.docx"
    docx.write_bytes(docx_bytes(rows=60))
    assert refused(docx).why == "limit.rows"
    paras = tmp_path / "paras.docx"
    paras.write_bytes(docx_bytes([f"{i}.公开规划纲要。" for i in range(1, 60)]))
    assert refused(paras).why == "limit.rows"
    sheet = tmp_path / "rows.xlsx"
    sheet.write_bytes(xlsx_bytes(rows=60))
    e = refused(sheet)
    assert e.why == "limit.sheet_rows" and e.why_params["rows"] == "60"
    html = tmp_path / "rows.html"
    html.write_text("<table>" + "<tr><td>1.</td><td>公开规划纲要。</td></tr>" * 60 + "</table>", encoding="utf-8")
    assert refused(html).why == "limit.rows"
    assert calls == []


def test_tasks_past_the_cap_are_refused_and_nothing_is_written(tmp_path, plan_db, monkeypatch, capsys):
    monkeypatch.setattr(limits, "MAX_TASKS", 5)
    path = tmp_path / "plan.txt"
    path.write_text("工作任务\t具体要求\t责任单位\n" + "".join(f"规划\t{i}.公开规划纲要。\t市财政局\n" for i in range(1, 7)),
                    encoding="utf-8")
    e = refused(path)
    assert e.why == "limit.tasks" and e.why_params["tasks"] == "6"
    before = db_state(plan_db)
    assert main(["--db", str(plan_db), "import", str(path)]) == 1
    assert "读出 6 项任务（上限 5 项），不像是一份方案，未导入" in capsys.readouterr().err
    assert db_state(plan_db) == before


def test_warnings_past_the_cap_are_counted_not_listed(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(limits, "MAX_WARNINGS", 3)
    path = tmp_path / "plan.txt"
    # every task after the first numbered out of order: a warning each
    numbers = [1, 3, 2, 5, 4, 7, 6, 9, 8]
    path.write_text("工作任务\t具体要求\t责任单位\n" + "".join(f"规划\t{n}.公开规划纲要{n}。\t市财政局\n" for n in numbers),
                    encoding="utf-8")
    draft = read_plan(path)[0]
    assert len(draft.warnings) == 4
    last = draft.warnings[-1]
    assert last.code == "warn.more" and int(last.as_dict()["count"]) > 0
    assert main(["--db", str(tmp_path / "w.db"), "import", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"……另有 {last.as_dict()['count']} 条提示未列出" in out


def test_a_json_export_is_not_capped(tmp_path, monkeypatch):
    with Ledger(tmp_path / "src.db", clock=TickingClock(), actor="t") as led:
        led.import_plan(make_draft())
        data = export_to(led, "json")
    path = tmp_path / "export.json"
    path.write_text(data, encoding="utf-8")
    for cap in ("MAX_TASKS", "MAX_ROWS", "MAX_WARNINGS", "MAX_PART_BYTES"):
        monkeypatch.setattr(limits, cap, 1)
    drafts = read_plan(path)
    assert sum(1 for _ in drafts[0].iter_tasks()) == 6


def test_a_pdf_whose_stream_unpacks_past_the_cap_is_refused(tmp_path, monkeypatch):
    pytest.importorskip("pdfplumber")
    import zlib

    monkeypatch.setattr(limits, "MAX_PART_BYTES", 1 * MB)
    content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * (2 * MB // 33)
    data = zlib.compress(content, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    pdf = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n" % i + o + b"\nendobj\n" for i, o in enumerate(objs, 1))
    pdf += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    assert refused(path).why == "limit.pdf_stream"


def test_a_web_page_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_HTML_BYTES", 1000)
    path = tmp_path / "page.html"
    path.write_text("<html><body><table>" + "<tr><td>1.公开规划纲要。</td></tr>" * 100 + "</table></body></html>",
                    encoding="utf-8")
    assert refused(path).why == "import.too_large"


def test_a_returned_form_that_is_a_zip_bomb_is_refused_and_nothing_written(tmp_path, forms, capsys):
    db, paths = forms
    form = paths["市卫生健康局"]
    raw = form.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    cut = sheet.index(b"</sheetData>")
    row = b'<row><c t="inlineStr"><is><t>' + "已完成".encode() * 30 + b"</t></is></c></row>"
    bomb = repack(raw, tmp_path / form.name,
                  {"xl/worksheets/sheet1.xml": (sheet[:cut], row, 70 * MB // len(row), sheet[cut:])})
    with Ledger(db, actor="t") as led:
        preview = plan_merge(led, [bomb])
    fp = preview.files[0]
    assert fp.status == "refused" and fp.reason[0] == "limit.part"
    before = db_state(db)
    assert main(["--db", str(db), "merge", str(bomb)]) == 1
    out = capsys.readouterr().out
    assert f"{bomb.name}：未合并：文件中的“xl/worksheets/sheet1.xml”解压后有" in out
    assert db_state(db) == before


def test_a_form_that_is_not_a_zip_at_all_is_refused_in_words(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    from store.errors import TaizhangError

    with pytest.raises(TaizhangError) as info:
        read_form(path)
    assert info.value.code == "merge.not_sheet"


# ---- the measure itself -----------------------------------------------------------------------


def test_the_scan_counts_cells_with_values_not_styled_empty_ones(tmp_path):
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    wb = Workbook()
    ws = wb.active
    ws.title = "分工表"
    ws["A1"] = "序号"
    ws["C7"] = "公开"
    ws["Z50000"].font = Font(bold=True)  # styled, empty: not counted (WPS writes these)
    ws["B3"] = "=1+1"
    ws.merge_cells("D2:D4")
    ws["E2"].hyperlink = Hyperlink(ref="E2", target="https://example.gov.cn/a")
    ws["E2"] = "佐证"
    hidden = wb.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["B2"] = 1
    bio = io.BytesIO()
    wb.save(bio)
    book = scan_book(bio.getvalue())
    s = book.sheet("分工表")
    assert (s.rows, s.cols) == (7, 5)
    assert s.merges == [((1, 3), (3, 3))]
    assert (2, 1) in s.formulas
    assert s.links == {(1, 4): "https://example.gov.cn/a"}
    assert not book.sheet("隐藏").visible and [x.name for x in book.to_check()] == ["分工表"]


def test_the_scan_reads_cells_without_references_and_prefixed_tags(tmp_path):
    sheet = (b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c/><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c></x:row>"
             b"<x:row/><x:row><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>")
    path = repack(xlsx_bytes(), tmp_path / "p.xlsx", {"xl/worksheets/sheet1.xml": (sheet, b"", 0, b"")})
    book = scan_book(path.read_bytes())
    s = next(iter(book.sheets.values()))
    assert (s.rows, s.cols) == (3, 3)


def test_the_scan_counts_repeated_ods_cells_without_expanding_them(tmp_path):
    path = ods(tmp_path / "r.ods",
               '<table:table-row><table:table-cell office:value-type="string"><text:p>序号</text:p></table:table-cell>'
               '<table:table-cell table:number-columns-spanned="2"><text:p>a</text:p></table:table-cell>'
               '<table:covered-table-cell/></table:table-row>'
               '<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="50"/>'
               '</table:table-row>'
               '<table:table-row><table:table-cell table:number-columns-repeated="3"/>'
               '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4"/>'
               '</table:table-row>')
    s = scan_book(path.read_bytes()).sheet("分工表")
    assert (s.rows, s.cols) == (1002, 7)
    assert s.merges == [((0, 1), (0, 2))]


def test_the_scan_reads_an_xls(tmp_path):
    book = scan_book((HOSTILE / "corner.xls").read_bytes())
    s = book.sheet("Sheet")
    assert (s.rows, s.cols) == (65536, 256) and s.visible


def test_a_sheet_under_the_caps_still_imports(tmp_path):
    path = tmp_path / "ok.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "具体要求", "责任单位", "完成时限"])
    ws.append([1, "公开规划纲要。", "市财政局", "2021年底前"])
    ws["H40"] = "备注"  # a far-ish cell: a grid of 40 × 8
    wb.save(path)
    draft = read_plan(path)[0]
    assert [t.text for t in draft.iter_tasks()] == ["公开规划纲要。"]


# ---- a damaged file that makes the spreadsheet reader panic ------------------------------------


@pytest.mark.parametrize("name", ["panics-calamine-1.xls", "panics-calamine-2.xls"])
def test_a_file_that_makes_calamine_panic_is_refused_quietly(tmp_path, plan_db, capfd, name):
    """Two .xls files damaged at random (found by fuzzing) on which python-calamine panics
    (slice index, index out of bounds): a refusal in words, no Rust report on the terminal."""
    path = HOSTILE / name
    from store.errors import TaizhangError

    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.bad_sheet"
    with pytest.raises(TaizhangError) as info:
        read_form(path)
    assert info.value.code == "merge.not_sheet"
    assert "panicked" not in capfd.readouterr().err
    code, out = run_taizhang(tmp_path, "--db", plan_db, "import", path)
    assert code == 1 and "无法作为电子表格读取" in out
    assert no_traceback(out), out


def test_randomly_damaged_spreadsheets_are_refused_in_words(tmp_path):
    """Bytes changed at random in an .xlsx, an .ods and an .xls: each is read or refused with a
    message; nothing else escapes (seeded, 60 files)."""
    import random

    from store.errors import TaizhangError

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "具体要求", "责任单位"])
    ws.append([1, "公开规划纲要。", "市财政局"])
    ws.merge_cells("B3:C4")
    bio = io.BytesIO()
    wb.save(bio)
    seeds = {"xlsx": bio.getvalue(), "xls": (HOSTILE / "corner.xls").read_bytes(),
             "ods": repeated_ods(tmp_path / "seed.ods").read_bytes()}
    rng = random.Random(20211015)
    for i in range(60):
        kind = rng.choice(sorted(seeds))
        data = bytearray(seeds[kind])
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged{i}.{kind}"
        path.write_bytes(bytes(data))
        try:
            read_plan(path)
        except ImportFailed:
            pass
        try:
            read_form(path)
        except TaizhangError:
            pass
