"""How long reading a plan takes in each format: the five samples rendered as .docx (merged cells;
Word numbering), .xlsx ledger, .html, and — when LibreOffice is installed — .doc and PDF, plus a
large plan (the samples repeated) to show the cost grows with the rows, not faster.

    python bench/import_formats.py [--runs N] [--big ROWS]

Prints, per format and sample, the median time of `read_plan` (read + assemble, no database)
over N runs (default 5), and whether the plan equals the text version's.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import render_plans as R  # noqa: E402
from store.importing import read_plan  # noqa: E402
from store.drafts import SectionDraft  # noqa: E402


def fields(d):
    tree = [(s.label, s.title, [t.no for t in s.tasks]) for s in d.iter_sections()]
    tasks = [(t.no, t.text, t.units, t.lead, t.support, t.responsible, t.time_limit, t.due) for t in d.iter_tasks()]
    return tree, tasks


def timed(path: Path, runs: int) -> tuple[float, object]:
    times, draft = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        draft = read_plan(path)[0]
        times.append(time.perf_counter() - t0)
    return statistics.median(times), draft


def big_plan(draft, rows: int):
    """The plan's sections repeated until it holds about `rows` tasks, numbered 1…n."""
    sections, n = [], 0
    while n < rows:
        for s in draft.sections:
            tasks = []
            for t in s.tasks:
                n += 1
                tasks.append(replace(t, no=str(n)))
            sections.append(SectionDraft(s.label, f"{s.title}{len(sections) + 1}", (), tuple(tasks)))
    return replace(draft, sections=tuple(sections))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", type=int, default=900, help="tasks in the large plan (labels have up to 3 digits)")
    args = ap.parse_args()
    soffice = shutil.which("soffice")
    has_pdf = importlib.util.find_spec("pdfplumber") is not None
    writers = {
        "docx-merged": (R.write_docx_merged, "docx"),
        "docx-numbered": (R.write_docx_numbered, "docx"),
        "xlsx-ledger": (R.write_xlsx_ledger, "xlsx"),
        "html": (R.write_html, "html"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{'format':<16}{'sample':<8}{'median ms':>10}  same as text")
        for sample in sorted((ROOT / "samples").glob("0*.txt")):
            text_ms, text_draft = timed(sample, args.runs)
            print(f"{'txt':<16}{sample.name[:3]:<8}{text_ms * 1000:>10.1f}")
            want = fields(text_draft)
            for kind, (writer, ext) in writers.items():
                path = tmp / f"{sample.stem}-{kind}.{ext}"
                writer(text_draft, path)
                ms, d = timed(path, args.runs)
                print(f"{kind:<16}{sample.name[:3]:<8}{ms * 1000:>10.1f}  {fields(d) == want}")
                if soffice and kind == "docx-merged":
                    for fmt in ("doc", "pdf"):
                        if fmt == "pdf" and not has_pdf:
                            continue
                        subprocess.run([soffice, "--headless", "--convert-to", fmt, "--outdir", str(tmp), str(path)],
                                       check=True, capture_output=True, timeout=180)
                        conv = path.with_suffix(f".{fmt}")
                        ms, d = timed(conv, max(1, args.runs // 2))
                        print(f"{fmt + ' (LO)':<16}{sample.name[:3]:<8}{ms * 1000:>10.1f}  {fields(d) == want}")
        if args.big:
            big = big_plan(read_plan(ROOT / "samples" / "000_7d25082f6ea4d9c0.txt")[0], args.big)
            count = sum(1 for _ in big.iter_tasks())
            for kind, (writer, ext) in writers.items():
                path = tmp / f"big-{kind}.{ext}"
                writer(big, path)
                ms, d = timed(path, 1)
                print(f"{kind:<16}{count:<8}{ms * 1000:>10.1f}  {fields(d) == fields(big)}")


if __name__ == "__main__":
    main()
