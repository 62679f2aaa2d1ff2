"""The exports as other programs render them: LibreOffice opens the xlsx and docx, headless
Chromium prints the HTML; the PDFs hold the text and repeat the ledger's header on every page.

Skipped where `soffice`, `chromium` or `pdftotext` (poppler-utils) is not installed.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TickingClock
from store.exporting import export_to
from store.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
PDFTOTEXT = shutil.which("pdftotext")
TITLE = "高新区贯彻落实国家和省市2021年政务公开工作要点分工方案"

needs_pdftotext = pytest.mark.skipif(not PDFTOTEXT, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Plan 2 of sample.db (51 tasks, several pages), some ticked and noted, in each format."""
    tmp = tmp_path_factory.mktemp("render")
    shutil.copy(ROOT / "sample.db", tmp / "sample.db")
    with Ledger(tmp / "sample.db", clock=TickingClock(), actor="张三") as led:
        ids = [t.id for t in led.tasks(plan_id=2)]
        led.set_state(ids[:10], "done")
        led.set_state(ids[10], "doing", flag="滞后")
        led.add_note(ids[0], "已在门户网站公开。")
        for fmt in ("xlsx", "docx", "html"):
            (tmp / f"report.{fmt}").write_bytes(_bytes(export_to(led, fmt, plan_ids=[2])))
    return tmp


def _bytes(data):
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    return [p for p in text.split("\f") if p.strip()]


def _flat(pages: list[str]) -> str:
    """The text without spaces and line breaks (wrapped cells break words anywhere)."""
    return "".join("".join(p.split()) for p in pages)


@needs_pdftotext
@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_libreoffice_opens_the_xlsx_and_the_docx(exported, fmt):
    out = exported / f"{fmt}-pdf"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(exported / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(exported / f"report.{fmt}")],
        capture_output=True, timeout=240, check=True,
    )
    pages = _pages(out / "report.pdf")
    text = _flat(pages)
    assert TITLE in text and "已完成" in text and "进行中（滞后）" in text
    with_header = [p for p in pages if "具体要求" in _flat([p]) and "完成情况" in _flat([p])]
    assert len(with_header) >= 2  # the ledger's header row repeats on the following pages


@needs_pdftotext
@pytest.mark.skipif(not CHROMIUM, reason="chromium not installed")
def test_chromium_prints_the_html(exported):
    pdf = exported / "html.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={exported / 'chromium-profile'}", f"--print-to-pdf={pdf}",
         (exported / "report.html").as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    pages = _pages(pdf)
    text = _flat(pages)
    assert TITLE in text and "已完成" in text and "进行中（滞后）" in text
    ledger_start = next(i for i, p in enumerate(pages) if "具体要求" in _flat([p]))
    assert len(pages) - ledger_start >= 2
    assert all("具体要求" in _flat([p]) for p in pages[ledger_start:])  # thead on every page
