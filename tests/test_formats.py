"""The five samples as offices send them — .docx (merged cells; Word numbering; prose), .xlsx
ledger, .html page, and through LibreOffice .doc and PDF — import to what the text gives.

Each file is rendered from the sample's own draft (tests/render_plans.py) and read back with
`read_plan`; the comparison is draft with draft: the section tree, and every task's number,
text, units, lead / support / responsible, time limit and due date. The text drafts themselves
are held to tests/expected.json by test_golden.py.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import render_plans as R
from store.importing import read_plan
from store.states import state_from_cell

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("0*.txt"))
IDS = [p.name[:3] for p in SAMPLES]


@pytest.fixture(scope="module")
def text_drafts():
    return {p.name[:3]: read_plan(p)[0] for p in SAMPLES}


def tree(sections):
    return [(s.label, s.title, [t.no for t in s.tasks], tree(s.sections)) for s in sections]


def task_fields(draft):
    return [
        (t.no, t.text, t.units, t.lead, t.support, t.responsible, t.time_limit, t.time_limit_kind, t.due)
        for t in draft.iter_tasks()
    ]


def assert_same_plan(expected, got, meta=("title", "year", "doc_no", "issued", "issuer")):
    assert tree(got.sections) == tree(expected.sections)
    want, have = task_fields(expected), task_fields(got)
    assert len(have) == len(want)
    for a, b in zip(want, have):
        assert b == a
    for key in meta:
        assert getattr(got, key) == getattr(expected, key), key


@pytest.mark.parametrize("sample", IDS)
def test_docx_with_merged_cells(tmp_path, text_drafts, sample):
    path = R.write_docx_merged(text_drafts[sample], tmp_path / f"{sample}.docx")
    got = read_plan(path)[0]
    assert_same_plan(text_drafts[sample], got)
    assert got.source == path.name and len(got.sha256) == 64


@pytest.mark.parametrize("sample", IDS)
def test_docx_with_word_numbering_split_in_two_tables(tmp_path, text_drafts, sample):
    path = R.write_docx_numbered(text_drafts[sample], tmp_path / f"{sample}.docx")
    assert_same_plan(text_drafts[sample], read_plan(path)[0])


@pytest.mark.parametrize("sample", [s for s in IDS if s in ("001", "002", "003")])
def test_docx_prose_with_numbered_paragraphs(tmp_path, text_drafts, sample):
    """Plans written as paragraphs, every 一、 （一） 1. drawn by Word (sections need labels)."""
    path = R.write_docx_prose(text_drafts[sample], tmp_path / f"{sample}.docx")
    assert_same_plan(text_drafts[sample], read_plan(path)[0])


@pytest.mark.parametrize("sample", IDS)
@pytest.mark.parametrize("letterhead", [False, True], ids=["title-row", "letterhead"])
def test_xlsx_ledger_with_states_and_notes(tmp_path, text_drafts, sample, letterhead):
    expected = text_drafts[sample]
    path = tmp_path / f"{sample}.xlsx"
    written = R.write_xlsx_ledger(expected, path, letterhead=letterhead)
    got = read_plan(path)[0]
    # A ledger carries its title in a merged row, not the document's 文号 and date — unless the
    # document's lines above the table were pasted in too (letterhead): then all of them.
    meta = ("title", "year", "doc_no", "issued", "issuer") if letterhead and expected.title else (
        ("year",) + (("title",) if expected.title else ()))
    assert_same_plan(expected, got, meta=meta)
    for i, t in enumerate(got.iter_tasks()):
        word, note = written[str(i)]
        found, more = state_from_cell(word)
        state, flag = found or ("todo", None)
        assert (t.state, t.flag) == (state, flag), (t.no, word)
        notes = [n.text for n in t.notes]
        if note:
            assert f"进展情况：{note}" in notes
        if word and (more or flag):
            assert f"完成情况：{word}" in notes
        assert all(n.author == "导入" and n.at is None for n in t.notes)
    assert not [w for w in got.warnings if w.code.startswith("warn.state")]


@pytest.mark.parametrize("sample", IDS)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_page_with_rowspans(tmp_path, text_drafts, sample, encoding):
    path = R.write_html(text_drafts[sample], tmp_path / f"{sample}.html", encoding=encoding)
    assert_same_plan(text_drafts[sample], read_plan(path)[0])


def test_every_format_carries_origins_for_its_rows(tmp_path, text_drafts):
    d = text_drafts["004"]
    docx = read_plan(R.write_docx_merged(d, tmp_path / "a.docx"))[0]
    xlsx_path = tmp_path / "b.xlsx"
    R.write_xlsx_ledger(d, xlsx_path)
    xlsx = read_plan(xlsx_path)[0]
    html = read_plan(R.write_html(d, tmp_path / "c.html"))[0]
    assert next(docx.iter_tasks()).origin == "table 1 row 2"
    assert next(xlsx.iter_tasks()).origin == "sheet 分工表 row 3"
    assert next(html.iter_tasks()).origin == "table 1 row 2"


# ---- through LibreOffice: .doc, and PDF (with the pdf extra) --------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _soffice_convert(src: Path, fmt: str, out_dir: Path) -> Path:
    profile = (out_dir / "profile").resolve().as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    produced = out_dir / f"{src.stem}.{fmt}"
    assert produced.is_file(), f"LibreOffice made no {fmt}"
    return produced


@needs_soffice
@pytest.mark.parametrize("sample", ["001", "002"])
@pytest.mark.parametrize("kind", ["merged", "numbered"])
def test_docx_saved_as_doc_by_libreoffice(tmp_path, text_drafts, sample, kind):
    writer = R.write_docx_merged if kind == "merged" else R.write_docx_numbered
    src = writer(text_drafts[sample], tmp_path / f"{sample}_{kind}.docx")
    doc = _soffice_convert(src, "doc", tmp_path)
    got = read_plan(doc)[0]
    assert_same_plan(text_drafts[sample], got)
    assert got.source == doc.name


@needs_soffice
def test_a_wps_writer_file_is_converted(tmp_path, text_drafts):
    """Kingsoft WPS writes .wps as a Word 97 file: a .doc's bytes under the .wps name."""
    src = R.write_docx_merged(text_drafts["003"], tmp_path / "003.docx")
    wps = tmp_path / "方案.wps"
    wps.write_bytes(_soffice_convert(src, "doc", tmp_path).read_bytes())
    got = read_plan(wps)[0]
    assert_same_plan(text_drafts["003"], got)
    assert got.source == "方案.wps"


@needs_soffice
@pytest.mark.parametrize("sample", ["000", "003"])
def test_docx_printed_to_pdf_by_libreoffice(tmp_path, text_drafts, sample):
    pytest.importorskip("pdfplumber")
    src = R.write_docx_merged(text_drafts[sample], tmp_path / f"{sample}.docx")
    pdf = _soffice_convert(src, "pdf", tmp_path)
    got = read_plan(pdf)[0]
    assert_same_plan(text_drafts[sample], got)


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
@pytest.mark.parametrize("sample", ["002", "004"])
def test_xlsx_ledger_saved_as_xls_and_ods_by_libreoffice(tmp_path, text_drafts, sample, fmt):
    expected = text_drafts[sample]
    src = tmp_path / f"{sample}.xlsx"
    written = R.write_xlsx_ledger(expected, src)
    try:
        converted = _soffice_convert(src, fmt, tmp_path)
    except (subprocess.CalledProcessError, AssertionError):
        pytest.skip("this LibreOffice has no spreadsheet component (libreoffice-calc)")
    got = read_plan(converted)[0]
    assert_same_plan(expected, got, meta=("year",))
    states = [(state_from_cell(written[str(i)][0])[0] or ("todo", None)) for i in range(len(written))]
    assert [(t.state, t.flag) for t in got.iter_tasks()] == states
    assert "warn.merges_unread" not in [w.code for w in got.warnings]


# ---- every sample through LibreOffice (slow: `pytest -m slow tests/test_formats.py`) ----------

LO_KINDS = ["doc-merged", "doc-numbered", "wps", "rtf", "odt", "pdf-merged", "pdf-numbered", "xls", "ods"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory, text_drafts):
    """Each sample rendered and converted by LibreOffice, one soffice run per target format."""
    out = tmp_path_factory.mktemp("lo")
    merged = [R.write_docx_merged(text_drafts[s], out / f"{s}-merged.docx") for s in IDS]
    numbered = [R.write_docx_numbered(text_drafts[s], out / f"{s}-numbered.docx") for s in IDS]
    sheets = []
    for s in IDS:
        R.write_xlsx_ledger(text_drafts[s], out / f"{s}-ledger.xlsx")
        sheets.append(out / f"{s}-ledger.xlsx")
    profile = (out / "profile").resolve().as_uri()

    def convert(sources, fmt):
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=600)

    convert(merged + numbered, "doc")
    convert(merged + numbered, "pdf")
    convert(merged, "rtf")
    convert(merged, "odt")
    convert(sheets, "xls")
    convert(sheets, "ods")
    files = {}
    for s in IDS:
        files[s, "doc-merged"] = out / f"{s}-merged.doc"
        files[s, "doc-numbered"] = out / f"{s}-numbered.doc"
        wps = out / f"{s}-merged.wps"
        wps.write_bytes(files[s, "doc-merged"].read_bytes())
        files[s, "wps"] = wps
        files[s, "rtf"] = out / f"{s}-merged.rtf"
        files[s, "odt"] = out / f"{s}-merged.odt"
        files[s, "pdf-merged"] = out / f"{s}-merged.pdf"
        files[s, "pdf-numbered"] = out / f"{s}-numbered.pdf"
        files[s, "xls"] = out / f"{s}-ledger.xls"
        files[s, "ods"] = out / f"{s}-ledger.ods"
    return files


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("kind", LO_KINDS)
@pytest.mark.parametrize("sample", IDS)
def test_every_sample_through_libreoffice(converted, text_drafts, sample, kind):
    if kind.startswith("pdf"):
        pytest.importorskip("pdfplumber")
    path = converted[sample, kind]
    if not path.is_file():
        pytest.skip(f"this LibreOffice made no {path.suffix}")
    got = read_plan(path)[0]
    if kind in ("xls", "ods"):
        assert_same_plan(text_drafts[sample], got, meta=("year",))
    else:
        assert_same_plan(text_drafts[sample], got)
