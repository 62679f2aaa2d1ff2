"""Readers of plan documents: each turns a file into a Document, one assembler builds the plan.

`read_plan(path)` is the one entry point: it picks the reader by what the file is (its first
bytes: a zip holding word/ or xl/, an OLE file, %PDF, {\\rtf, an HTML page) and by its suffix
where the bytes do not say, hashes the bytes (the same file twice is skipped by the store) and
returns a PlanDraft, or raises ImportFailed naming the file and the place in it.

Formats: text (.txt .csv .md …), .json (our export), .docx, .xlsx .xlsm .xls .ods (.et when it is
a BIFF file), .html/.htm, .pdf (with the pdf extra), and .doc .wps .rtf .odt through LibreOffice.
"""
from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

from store.errors import ImportFailed
from store.drafts import PlanDraft

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ""}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
PLAN_SUFFIXES = (
    {".json", ".pdf"} | TEXT_SUFFIXES | DOCX_SUFFIXES
    | {".xlsx", ".xlsm", ".xls", ".ods", ".et", ".html", ".htm", ".doc", ".wps", ".rtf", ".odt"}
)
"""What the import dialog offers (anything else is still tried)."""


def _head(p: Path, n: int = 4096) -> bytes:
    try:
        with p.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""


def file_kind(path: str | Path) -> str:
    """"text", "json", "docx", "sheet", "html", "pdf", "convert" or "et" — from the bytes, then the suffix."""
    from store.importing.convert import CONVERT_SUFFIXES
    from store.importing.html_reader import HTML_SUFFIXES
    from store.importing.xlsx_reader import SHEET_SUFFIXES

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".json":
        return "json"
    head = _head(p) if p.is_file() else b""
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
                mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError, NotImplementedError):
            names, mimetype = set(), b""  # a damaged zip: the reader says so
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names or b"opendocument.spreadsheet" in mimetype:
            return "sheet"
        if b"opendocument.text" in mimetype:
            return "convert"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: .doc, .xls, .wps, .et …
        if suffix in (".et", ".ett"):
            return "et"
        if suffix in SHEET_SUFFIXES:
            return "sheet"
        return "convert"
    elif head.startswith(b"%PDF"):
        return "pdf"
    elif head.lstrip().startswith(b"{\\rtf"):
        return "convert"
    elif _looks_like_html(head):
        return "html"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in (".et", ".ett"):
        return "et"
    if suffix in SHEET_SUFFIXES:
        return "sheet"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in CONVERT_SUFFIXES:
        return "convert"
    if suffix == ".pdf":
        return "pdf"
    return "text"


def _looks_like_html(head: bytes) -> bool:
    """A saved page: it opens with a doctype or <html> (an ".xls" from a web system often does)."""
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom):]
    start = head.lstrip()[:512].lower()
    if start.startswith(b"<?xml"):
        start = start[start.find(b"?>") + 2:].lstrip() if b"?>" in start else start
    return start.startswith((b"<!doctype html", b"<html", b"<meta", b"<table"))


def read_document(path: str | Path):
    """(Document, raw bytes) of any supported file (not .json)."""
    p = Path(path)
    kind = file_kind(p)
    if kind == "text":
        from store.importing.text_reader import read_text_file

        return read_text_file(p)
    from store.importing.files import read_bytes

    raw = read_bytes(p)
    if kind == "docx":
        from store.importing.docx_reader import read_docx_bytes

        return read_docx_bytes(raw, p.name), raw
    if kind in ("sheet", "et"):
        from store.importing.xlsx_reader import read_sheet_bytes

        return read_sheet_bytes(raw, p.name, ".et" if kind == "et" else p.suffix.lower()), raw
    if kind == "html":
        from store.importing.html_reader import read_html_bytes

        return read_html_bytes(raw, p.name), raw
    if kind == "pdf":
        from store.importing.pdf_reader import read_pdf_bytes

        return read_pdf_bytes(raw, p.name), raw
    from store.importing.convert import read_converted

    return read_converted(p, raw), raw


def read_plan(path: str | Path) -> list[PlanDraft]:
    """Read a plan file into drafts (a JSON export may hold several plans)."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        from store.importing.json_reader import read_json

        return read_json(p)
    from store.importing.assembler import assemble

    from store.limits import bounded_draft

    doc, raw = read_document(p)
    draft = bounded_draft(assemble(doc, source=p.name), p.name)  # tasks and warnings capped
    return [replace(draft, sha256=hashlib.sha256(raw).hexdigest(), source=p.name)]


def read_plan_text(text: str, source: str = "plan.txt") -> PlanDraft:
    """Build a plan from text already in memory (tests, paste)."""
    from store.importing.assembler import assemble
    from store.importing.text_reader import read_text

    draft = assemble(read_text(text, source=source), source=source)
    return replace(draft, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), source=source)


__all__ = ["read_plan", "read_plan_text", "read_document", "file_kind", "ImportFailed", "PLAN_SUFFIXES"]
