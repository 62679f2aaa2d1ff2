"""Peak memory and outcome of `taizhang import` / `merge` on hostile files (issue 23, items 4 and 5).

    python bench/hostile_files.py [--only NAME]... [--keep DIR] [--json FILE]

Generates each file (seeded, nothing downloaded) into a temporary folder, runs the real command
on it in a child process — `taizhang import FILE` on a fresh database, or `taizhang merge FILE`
on a ledger with a round and its forms — and reports the exit code, the first line the clerk
reads, whether a Python or Rust traceback reached the screen, the wall time, and the child's
peak resident memory (VmHWM from /proc, read by the child as it exits, as bench/ui_startup.py
does; for a child that dies, the highest VmHWM the parent saw while polling it, marked "≥").
The child runs under a 4 GB address-space limit so a file that still explodes cannot take the
machine with it. The target: every refused file read in ≤ 300 MB; a 60 MB .json accepted.

Linux only (it reads /proc). Needs about 2 GB of free disk for the generated files; the
.xls case needs LibreOffice (it is skipped without it).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 300
AS_LIMIT = 4 * 1024 ** 3
MB = 1024 * 1024

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---- building packages ----------------------------------------------------------------------


def _openpyxl_skeleton() -> dict[str, bytes]:
    """The parts of a one-sheet workbook as openpyxl writes it."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "x"
    bio = io.BytesIO()
    wb.save(bio)
    with zipfile.ZipFile(io.BytesIO(bio.getvalue())) as z:
        return {n: z.read(n) for n in z.namelist()}


def _docx_skeleton() -> dict[str, bytes]:
    from docx import Document

    bio = io.BytesIO()
    Document().save(bio)
    with zipfile.ZipFile(io.BytesIO(bio.getvalue())) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(path: Path, parts: dict[str, bytes], big: dict[str, tuple[bytes, bytes, bytes, int]]) -> Path:
    """Write a package: `parts` as they are, and each `big` part as head + body × n + tail,
    streamed, so a part of gigabytes never sits in memory here."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name not in big:
                z.writestr(name, data)
        for name, (head, body, tail, n) in big.items():
            with z.open(name, "w", force_zip64=True) as f:
                f.write(head)
                chunk = body * max(1, (4 * MB) // max(len(body), 1))
                per = max(1, (4 * MB) // max(len(body), 1))
                left = n
                while left >= per:
                    f.write(chunk)
                    left -= per
                f.write(body * left)
                f.write(tail)
    return path


def _sheet_xml(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="' + NS.encode() + b'"><sheetData>' + rows + b"</sheetData></worksheet>")


def _document_xml(body: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<w:document xmlns:w="' + W.encode() + b'"><w:body>' + body + b"</w:body></w:document>")


def _para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


# ---- the files ------------------------------------------------------------------------------


def xlsx_corner(out: Path) -> Path:
    """5 KB: something in A1 and in XFD1048576 (the calamine grid: 17 billion cells)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "工作任务"
    ws["B2"] = "1.公开规划纲要。"
    ws["XFD1048576"] = "x"
    path = out / "corner.xlsx"
    wb.save(path)
    return path


def xls_corner(out: Path) -> Path | None:
    """An .xls (BIFF8) with A1 and IV65536, the format's far corner, made by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "工作任务"
    ws["IV65536"] = "x"
    src = out / "corner-xls.xlsx"
    wb.save(src)
    profile = (out / "lo-profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(out), str(src)], capture_output=True, timeout=300)
    path = out / "corner-xls.xls"
    return path if path.is_file() else None


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods_repeated(out: Path) -> Path:
    """Under 1 KB of .ods: one cell with a value, repeated over 5,000 columns and 5,000 rows
    (25 million cells: calamine builds them all when it opens the file, 3 GB)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="分工表">'
        '<table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="5000"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = out / "repeated.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def docx_bomb(out: Path) -> Path:
    """About 1 MB of .docx whose document.xml unpacks to 900 MB (one paragraph, repeated)."""
    parts = _docx_skeleton()
    body = _para("一、" + "公开规划纲要" * 20)
    n = 900 * MB // len(body)
    head, tail = _document_xml(b"").split(b"<w:body>")
    return _zip(out / "bomb-900mb.docx", parts, {"word/document.xml": (head + b"<w:body>", body, tail, n)})


def docx_many_tasks(out: Path) -> Path:
    """A .docx of numbered paragraphs whose document.xml unpacks to 60 MB (under the part cap):
    some 400,000 paragraphs; what an unbounded import would turn into 400,000 tasks."""
    parts = _docx_skeleton()
    paras = b"".join(_para(f"{i}.公开规划纲要，市财政局负责，2021年底前完成。") for i in range(1, 1001))
    n = 60 * MB // len(paras)
    head, tail = _document_xml(b"").split(b"<w:body>")
    return _zip(out / "many-tasks-60mb.docx", parts,
                {"word/document.xml": (head + b"<w:body>" + _para("工作任务"), paras, tail, n)})


def docx_under_caps(out: Path) -> Path:
    """Near the largest plan the caps let through: a .docx of 18,000 numbered paragraphs that restart
    under headings, each a task with a warning (numbering out of order)."""
    parts = _docx_skeleton()
    body = [_para("某市2021年工作要点分工方案")]
    for section in range(1, 361):
        body.append(_para(f"{section}、工作任务{section}"))
        for i in (1, 2, 3, 5, 4, 6, 7, 9, 8, 10, 11, 13, 12, 14, 15, 17, 16, 18, 19, 20, 21, 23, 22, 24, 25, 27, 26,
                  28, 29, 30, 31, 33, 32, 34, 35, 37, 36, 38, 39, 40, 41, 43, 42, 44, 45, 47, 46, 48, 49, 50):
            body.append(_para(f"{i}.公开规划纲要，市财政局负责，2021年底前完成。"))
    parts["word/document.xml"] = _document_xml(b"".join(body))
    return _zip(out / "under-caps-18k.docx", parts, {})


def xlsx_sheet_bomb(out: Path) -> Path:
    """A few MB of .xlsx whose sheet unpacks to 2 GB of cells."""
    parts = _openpyxl_skeleton()
    row = b'<row><c t="inlineStr"><is><t>' + "公开规划纲要".encode() * 10 + b"</t></is></c></row>"
    n = 2048 * MB // len(row)
    head, tail = _sheet_xml(b"").split(b"</sheetData>")[0], b"</sheetData></worksheet>"
    return _zip(out / "bomb-2gb.xlsx", parts, {"xl/worksheets/sheet1.xml": (head, row, tail, n)})


def xlsx_strings_bomb(out: Path) -> Path:
    """An .xlsx whose shared strings (read when the workbook is opened) unpack to 1 GB."""
    parts = _openpyxl_skeleton()
    si = b"<si><t>" + "公开规划纲要".encode() * 20 + b"</t></si>"
    n = 1024 * MB // len(si)
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + NS.encode() + b'">')
    return _zip(out / "strings-1gb.xlsx", parts, {"xl/sharedStrings.xml": (head, si, b"</sst>", n)})


def xlsx_dense(out: Path) -> Path:
    """An .xlsx of 400,000 rows in two columns (the sheet unpacks to about 40 MB)."""
    parts = _openpyxl_skeleton()
    rows = b"".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r}.</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>公开规划纲要</t></is></c></row>'.encode() for r in range(1, 400_001))
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(rows)
    return _zip(out / "dense-400k-rows.xlsx", parts, {})


def xlsx_near_caps(out: Path) -> Path:
    """An .xlsx just inside the sheet caps: 30,000 rows × 12 columns (the row cap), each row a numbered task
    (what the task cap then refuses, after the sheet was read and the plan assembled)."""
    parts = _openpyxl_skeleton()
    from openpyxl.utils import get_column_letter

    head = "".join(f'<c r="{get_column_letter(c)}1" t="inlineStr"><is><t>{w}</t></is></c>'
                   for c, w in enumerate(("序号", "具体要求", "责任单位", "完成时限"), 1))
    rows = [f'<row r="1">{head}</row>'.encode()]
    for r in range(2, 30_001):
        cells = [f'<c r="A{r}"><v>{r - 1}</v></c>',
                 f'<c r="B{r}" t="inlineStr"><is><t>公开规划纲要，做好解读工作{r}。</t></is></c>',
                 f'<c r="C{r}" t="inlineStr"><is><t>市财政局</t></is></c>',
                 f'<c r="D{r}" t="inlineStr"><is><t>2021年底前</t></is></c>']
        cells += [f'<c r="{get_column_letter(c)}{r}"><v>{c}</v></c>' for c in range(5, 13)]
        rows.append(f'<row r="{r}">{"".join(cells)}</row>'.encode())
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(b"".join(rows))
    return _zip(out / "near-caps-30k-rows.xlsx", parts, {})


def pdf_bomb(out: Path) -> Path:
    """A PDF of about 1 MB with one page whose content stream unpacks to 1 GB."""
    import zlib

    comp = zlib.compressobj(9)
    line = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    chunk = line * (4 * MB // len(line))
    data = b"".join(comp.compress(chunk) for _ in range(256)) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(buf.tell())
        buf.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        buf.write(f"{off:010d} 00000 n \n".encode())
    buf.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path = out / "bomb-1gb.pdf"
    path.write_bytes(buf.getvalue())
    return path


def html_big(out: Path) -> Path:
    """A 90 MB web page (a table of 600,000 rows)."""
    path = out / "big-90mb.html"
    row = "<tr><td>1.</td><td>公开规划纲要，市财政局负责。</td><td>2021年底前</td></tr>\n".encode()
    with open(path, "wb") as f:
        f.write(b"<html><head><meta charset='utf-8'></head><body><table>")
        while f.tell() < 90 * MB:
            f.write(row * 1000)
        f.write(b"</table></body></html>")
    return path


def json_60mb(out: Path) -> Path:
    """A 60 MB JSON export (ours, round-tripping): accepted, with no cap."""
    task = {"key": "", "no": "1", "text": "公开规划纲要，" * 8, "units": "市财政局", "lead": ["市财政局"],
            "support": [], "responsible": [], "time_limit": "2021年底前", "time_limit_kind": "year_end",
            "due": "2021-12-31", "state": "todo", "flag": None, "updated_at": None, "extra": {}, "notes": [],
            "history": []}
    size = len(json.dumps(task, ensure_ascii=False).encode())
    count = 60 * MB // size
    sections = []
    per = 1000
    for s in range(0, count, per):
        tasks = [dict(task, no=str(i + 1)) for i in range(s, min(s + per, count))]
        sections.append({"label": f"{s // per + 1}、", "title": f"工作任务{s // per + 1}", "sections": [], "tasks": tasks})
    doc = {"format": "taizhang", "version": 1, "exported_at": "2021-10-15T10:00:00+08:00",
           "plans": [{"id": 1, "sha256": "bench-json-60mb", "title": "某市工作要点分工方案", "issuer": None,
                      "doc_no": None, "issued": None, "year": 2021, "source": "bench.json", "sections": sections}]}
    path = out / "export-60mb.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def form_corner(out: Path, form: Path) -> Path:
    """A returned form (a real one, filled) with something typed into XFD1048576."""
    from openpyxl import load_workbook

    wb = load_workbook(form)
    ws = wb["反馈表"]
    ws["XFD1048576"] = "x"
    path = out / f"corner-{form.name}"
    wb.save(path)
    return path


def form_bomb(out: Path, form: Path) -> Path:
    """A returned form whose data sheet gains 1 GB of rows (the file: a few MB)."""
    with zipfile.ZipFile(form) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, _, tail = sheet.partition(b"</sheetData>")
    row = b'<row><c t="inlineStr"><is><t>' + "已完成".encode() * 30 + b"</t></is></c></row>"
    n = 1024 * MB // len(row)
    return _zip(out / f"bomb-{form.name}", parts,
                {"xl/worksheets/sheet1.xml": (head, row, b"</sheetData>" + tail, n)})


# ---- running --------------------------------------------------------------------------------

CHILD = r"""
import json, os, sys
sys.argv = ["taizhang"] + json.loads(os.environ["HOSTILE_ARGS"])
from tui.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exc:
    rc = exc.code if isinstance(exc.code, int) else 1
sys.stdout.flush(); sys.stderr.flush()
peak = None
with open("/proc/self/status", encoding="ascii") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024
with open(os.environ["HOSTILE_OUT"], "w") as f:
    json.dump({"rc": rc, "peak": peak}, f)
"""


@dataclass
class Outcome:
    name: str
    command: str
    size: int
    rc: int | None
    peak_mb: float | None
    peak_exact: bool
    seconds: float
    first_line: str
    traceback: bool
    expect: str

    @property
    def ok(self) -> bool:
        if self.traceback or self.peak_mb is None:
            return False
        if self.expect == "accept":
            return self.rc == 0
        return self.rc == 1 and self.peak_mb <= TARGET_MB


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


def run_child(args: list[str], work: Path, timeout: float) -> tuple[int | None, float | None, bool, float, str, bool]:
    out_file = work / "child.json"
    out_file.unlink(missing_ok=True)
    env = dict(os.environ, HOSTILE_ARGS=json.dumps(args), HOSTILE_OUT=str(out_file),
               TAIZHANG_CONFIG=str(work / "none.toml"), PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=work, preexec_fn=_limit_memory)
    polled = 0
    status = Path(f"/proc/{proc.pid}/status")
    import threading

    result: dict = {}

    def drain():
        result["out"], result["err"] = proc.communicate()

    t = threading.Thread(target=drain)
    t.start()
    while t.is_alive():
        if time.perf_counter() - t0 > timeout:
            proc.kill()  # our own child, by its pid
            t.join()
            break
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    polled = max(polled, int(line.split()[1]) * 1024)
        except (OSError, ValueError):
            pass
        t.join(0.02)
    seconds = time.perf_counter() - t0
    out = result.get("out", b"").decode("utf-8", "replace")
    err = result.get("err", b"").decode("utf-8", "replace")
    text = (err + "\n" + out).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # What the clerk reads about the file: merge prints it on the file's line ("…：未合并：…").
    first = next((ln for ln in lines if "未合并" in ln), lines[0] if lines else "")
    tb = "Traceback (most recent call last)" in text or "panicked at" in text or "stack backtrace" in text
    if seconds > timeout:
        first = f"(killed after {timeout:.0f} s) " + first
    if out_file.is_file():
        data = json.loads(out_file.read_text())
        return data["rc"], data["peak"] / MB, True, seconds, first, tb
    return proc.returncode, (polled / MB if polled else None), False, seconds, first, tb


def _ledger_with_forms(work: Path) -> tuple[Path, Path]:
    """A ledger of the first sample plan, a round, and one unit's form."""
    db = work / "merge.db"
    sample = sorted((ROOT / "samples").glob("*.txt"))[0]
    from tui.cli import main

    env_config = os.environ.get("TAIZHANG_CONFIG")
    os.environ["TAIZHANG_CONFIG"] = str(work / "none.toml")
    try:
        for args in (["import", str(sample)], ["round", "new", "2021年第四季度", "--due", "2021-12-31"],
                     ["forms", "-o", str(work / "forms")]):
            with open(os.devnull, "w") as sink:
                old = sys.stdout
                sys.stdout = sink
                try:
                    main(["--db", str(db), *args])
                finally:
                    sys.stdout = old
    finally:
        if env_config is None:
            os.environ.pop("TAIZHANG_CONFIG", None)
        else:
            os.environ["TAIZHANG_CONFIG"] = env_config
    form = max((work / "forms").glob("*.xlsx"), key=lambda p: p.stat().st_size)
    return db, form


CASES = [
    # (name, maker, command, expect)
    ("xlsx A1 + XFD1048576 (import)", xlsx_corner, "import", "refuse"),
    ("xlsx A1 + XFD1048576 (merge)", xlsx_corner, "merge", "refuse"),
    ("xls A1 + IV65536 (import)", xls_corner, "import", "refuse"),
    ("ods cell repeated 5000 × 5000 (import)", ods_repeated, "import", "refuse"),
    ("ods cell repeated 5000 × 5000 (merge)", ods_repeated, "merge", "refuse"),
    ("docx → 900 MB document.xml (import)", docx_bomb, "import", "refuse"),
    ("docx → 60 MB, 400k numbered paragraphs (import)", docx_many_tasks, "import", "refuse"),
    ("xlsx → 2 GB sheet (import)", xlsx_sheet_bomb, "import", "refuse"),
    ("xlsx → 2 GB sheet (merge)", xlsx_sheet_bomb, "merge", "refuse"),
    ("xlsx → 1 GB shared strings (import)", xlsx_strings_bomb, "import", "refuse"),
    ("xlsx 400,000 dense rows (import)", xlsx_dense, "import", "refuse"),
    ("xlsx 400,000 dense rows (merge)", xlsx_dense, "merge", "refuse"),
    ("xlsx 29,999 task rows × 12 columns (import)", xlsx_near_caps, "import", "refuse"),
    ("pdf → 1 GB content stream (import)", pdf_bomb, "import", "refuse"),
    ("html 90 MB (import)", html_big, "import", "refuse"),
    ("form + XFD1048576 (merge)", "form_corner", "merge", "refuse"),
    ("form → 1 GB sheet (merge)", "form_bomb", "merge", "refuse"),
    ("docx 18,000 tasks, a warning each (import)", docx_under_caps, "import", "accept"),
    ("json 60 MB export (import)", json_60mb, "import", "accept"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", default=[], help="run the cases whose name holds this")
    ap.add_argument("--keep", type=Path, help="make the files in this folder and keep them")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--timeout", type=float, default=600, help="seconds a child may run (then killed)")
    args = ap.parse_args(argv)
    if not Path("/proc/self/status").exists():
        print("needs Linux (/proc)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    files = args.keep or work / "files"
    files.mkdir(parents=True, exist_ok=True)
    try:
        db, form = _ledger_with_forms(work)
        made: dict[str, Path | None] = {}
        outcomes: list[Outcome] = []
        for name, maker, command, expect in CASES:
            if args.only and not any(o in name for o in args.only):
                continue
            key = maker if isinstance(maker, str) else maker.__name__
            if key not in made:
                t0 = time.perf_counter()
                if key == "form_corner":
                    made[key] = form_corner(files, form)
                elif key == "form_bomb":
                    made[key] = form_bomb(files, form)
                else:
                    made[key] = maker(files)
                path = made[key]
                if path is not None:
                    print(f"  made {path.name} ({path.stat().st_size / MB:.2f} MB) in {time.perf_counter() - t0:.1f} s",
                          file=sys.stderr)
            path = made[key]
            if path is None:
                print(f"skipped: {name} (no LibreOffice)", file=sys.stderr)
                continue
            if command == "import":
                target = work / "import.db"
                for p in work.glob("import.db*"):
                    p.unlink()
                cargs = ["--db", str(target), "import", str(path)]
            else:
                target = work / "merge-copy.db"
                shutil.copyfile(db, target)
                cargs = ["--db", str(target), "merge", str(path)]
            rc, peak, exact, seconds, first, tb = run_child(cargs, work, args.timeout)
            o = Outcome(name, command, path.stat().st_size, rc, peak, exact, seconds, first[:160], bool(tb), expect)
            outcomes.append(o)
            peak_text = "?" if peak is None else (f"{peak:7.0f}" if exact else f"≥{peak:6.0f}")
            print(f"{'ok ' if o.ok else 'BAD'} {name:50} {o.size / MB:8.2f} MB  rc={rc!s:4} peak {peak_text} MB "
                  f"{seconds:6.1f} s  {'TRACEBACK ' if tb else ''}{first[:110]}", flush=True)
        if args.json:
            args.json.write_text(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=2),
                                 encoding="utf-8")
        bad = [o for o in outcomes if not o.ok]
        print(f"\n{len(outcomes) - len(bad)}/{len(outcomes)} as wanted (refused in ≤ {TARGET_MB} MB, no traceback; "
              f"the accepted ones imported)")
        return 1 if bad else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
