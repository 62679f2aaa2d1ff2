"""Readers of plan documents: each turns a file into a Document, one assembler builds the plan.

`read_plan(path)` is the one entry point: it picks the reader by what the file is (its first
bytes: a zip holding word/ or xl/, an OLE file, %PDF, {\\rtf, an HTML page) and by its suffix
where the bytes do not say, hashes the bytes (the same file twice is skipped by the store) and
returns a PlanDraft, or raises ImportFailed naming the file and the place in it.

Formats: text (.txt .md …), .csv/.tsv (one table, csv_reader), .json (our export), .docx, .xlsx
.xlsm .xls .ods (.et when it is a BIFF file), .html/.htm, .pdf (with the pdf extra), and .doc .wps
.rtf .odt through LibreOffice.
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
    """"text", "csv", "json", "docx", "sheet", "html", "mht", "pdf", "convert" or "et" — from the
    bytes (a ".doc" that is a .docx, an RTF file, a web page or plain text inside is read as what
    it is), then the suffix."""
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
    elif _looks_like_mht(head):
        return "mht"
    elif suffix in DOCX_SUFFIXES | CONVERT_SUFFIXES | SHEET_SUFFIXES | {".et", ".ett"} and _looks_like_text(head):
        return "text"  # a ".doc" or ".xls" that is text inside: the name lies, the bytes do not
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
    if suffix in (".csv", ".tsv"):
        return "csv"
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


def _looks_like_mht(head: bytes) -> bool:
    """A web page saved as one file (单一文件网页, .mht), often renamed .doc by OA systems."""
    start = head.lstrip()[:2048].lower()
    return start.startswith(b"mime-version:") or (b"mime-version:" in start and b"multipart/related" in start)


def _looks_like_text(head: bytes) -> bool:
    """Plain text in any of the encodings a plan comes in (no NUL bytes, decodes cleanly)."""
    if not head or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the 4 KB window
                return True
    return False


def read_document(path: str | Path):
    """(Document, raw bytes) of any supported file (not .json); a text file in its most likely reading."""
    p = Path(path)
    kind = file_kind(p)
    if kind == "text":
        from store.importing.text_reader import read_text_file

        return read_text_file(p)
    doc, raw = _read_binary(p, kind)
    doc.shape = doc.shape or {"convert": "docx", "mht": "html", "et": "sheet"}.get(kind, kind)
    return doc, raw


def _read_binary(p: Path, kind: str):
    if kind == "csv":
        from store.importing.csv_reader import read_csv

        return read_csv(p)
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
    if kind == "mht":
        from store.importing.html_reader import read_html_bytes, read_mht_bytes

        return read_html_bytes(read_mht_bytes(raw, p.name), p.name), raw
    if kind == "pdf":
        from store.importing.pdf_reader import read_pdf_bytes

        return read_pdf_bytes(raw, p.name), raw
    from store.importing.convert import read_converted

    return read_converted(p, raw), raw


def read_plan(path: str | Path, reading: str | None = None) -> list[PlanDraft]:
    """Read a plan file into drafts (a JSON export may hold several plans). A text file whose
    shape is in doubt is read every way it can be, and the best reading wins — or `reading`, the
    key (or number) of one the draft's `readings` name."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        from store.importing.json_reader import read_json

        return read_json(p)
    from store.limits import bounded_draft

    if file_kind(p) == "text":
        from store.importing.text_reader import read_text_source

        text, raw = read_text_source(p)
        return [bounded_draft(d, p.name) for d in _text_plans(text, raw, p.name, reading)]
    from store.importing.reading import choose

    doc, raw = read_document(p)
    draft = bounded_draft(choose([doc], p.name, reading), p.name)  # tasks and warnings capped
    return [replace(draft, sha256=hashlib.sha256(raw).hexdigest(), source=p.name)]


def read_plan_text(text: str, source: str = "plan.txt", reading: str | None = None) -> PlanDraft:
    """Build a plan from text already in memory (tests, paste)."""
    return _text_plans(text, text.encode("utf-8"), source, reading)[0]


def _text_plans(text: str, raw: bytes, source: str, reading: str | None) -> list[PlanDraft]:
    from store.importing.reading import read_text_plans

    drafts = read_text_plans(text, source, reading)
    # A second plan in the file gets a hash of its own (the file's, numbered), so that importing
    # the file again skips both and neither is taken for the other.
    digest = hashlib.sha256(raw).hexdigest()
    return [replace(d, sha256=digest if i == 0 else hashlib.sha256(raw + f"#{i + 1}".encode()).hexdigest(),
                    source=source) for i, d in enumerate(drafts)]


__all__ = ["read_plan", "read_plan_text", "read_document", "file_kind", "ImportFailed", "PLAN_SUFFIXES"]
