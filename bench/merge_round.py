"""How long a round's merge takes, at the sample's scale and at a province's.

    python bench/merge_round.py                 # the sample: one plan's forms, ten filled
    python bench/merge_round.py --forms 1000    # province scale: 1,000 filled forms (≈14k rows)

Province scale: ten generated plans of 200 tasks, each task led by one of 100 units and
supported by six more, so every unit's form holds 14 rows; 1,000 forms are written for a round,
every row filled (a state and a note), then merged: one preview of the folder, then the apply of
that preview, timed in a child process whose peak memory (ru_maxrss) is the merge's alone. The
filled forms are kept under `bench/cache/` (gitignored) so a second run skips the filling.

Prints the figures; asserts nothing (timings belong here, not in the tests).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from store.forms import layout  # noqa: E402
from store.forms.sending import write_forms  # noqa: E402
from store.ledger import Ledger  # noqa: E402

CACHE = ROOT / "bench" / "cache"
CST = timezone(timedelta(hours=8))
START = datetime(2021, 10, 15, 10, 0, 0, tzinfo=CST)
UNITS_PER_PLAN = 100
TASKS_PER_PLAN = 200
SUPPORTS = 6
WORDS = ("已完成", "推进中", "滞后", "正常推进", "完成")


def fill(path: Path, out: Path, seed: int = 0) -> int:
    """Give every row a state and a note, and the 填报 line its filler and date."""
    wb = load_workbook(path)
    ws = wb[layout.DATA_SHEET]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == layout.HEADERS["key"])
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    for row in ws.iter_rows(min_row=1, max_row=head - 1):
        for c in row:
            if c.value == layout.FORM_HEAD["filler"]:
                ws.cell(c.row, c.column + 1).value = "张三"
            if c.value == layout.FORM_HEAD["date"]:
                ws.cell(c.row, c.column + 1).value = f"2021年10月{1 + seed % 28}日"
    n = 0
    for r in range(head + 1, ws.max_row + 1):
        ws.cell(r, cols[layout.HEADERS["state"]]).value = WORDS[(n + seed) % len(WORDS)]
        ws.cell(r, cols[layout.HEADERS["progress"]]).value = f"第{n}项工作已按计划推进，材料已报送。"
        ws.cell(r, cols[layout.HEADERS["problems"]]).value = "暂无" if n % 2 else "经费不足，需协调。"
        n += 1
    wb.save(out)
    return n


def province_units() -> list[str]:
    kinds = ("发展改革委", "教育厅", "科技厅", "工业和信息化厅", "公安厅", "民政厅", "司法厅", "财政厅",
             "人力资源社会保障厅", "自然资源厅")
    places = ("省", "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市")
    return [f"{p}{k}" for p in places for k in kinds][:UNITS_PER_PLAN]


def province_draft(n: int):
    from store.drafts import PlanDraft, SectionDraft, TaskDraft

    units = province_units()
    tasks = []
    for i in range(TASKS_PER_PLAN):
        lead = units[i % UNITS_PER_PLAN]
        support = tuple(units[(i + 7 + 13 * k) % UNITS_PER_PLAN] for k in range(SUPPORTS))
        tasks.append(TaskDraft(no=str(i + 1), text=f"第{n}号方案第{i + 1}项任务：推进政务公开标准化规范化建设。",
                               units=f"{lead}牵头，{'、'.join(support)}配合", lead=(lead,), support=support,
                               time_limit="2021年底前", time_limit_kind="year_end", due="2021-12-31"))
    sections = tuple(SectionDraft(label=f"{s + 1}.", title=f"第{s + 1}部分",
                                  tasks=tuple(tasks[s * 20:(s + 1) * 20])) for s in range(TASKS_PER_PLAN // 20))
    return PlanDraft(title=f"省政务公开工作要点分工方案（第{n}号）", doc_no=f"粤办〔2021〕{n}号", sections=sections)


def province(forms: int) -> tuple[Path, Path]:
    """A cached ledger with a round and `forms` filled forms: (db, folder of filled forms)."""
    here = CACHE / f"merge-province-{forms}"
    db, back = here / "ledger.db", here / "back"
    if (here / "done").exists():
        return db, back
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir(parents=True)
    plans = -(-forms // UNITS_PER_PLAN)
    clock = iter(START + timedelta(seconds=i) for i in range(10**7))
    with Ledger(db, clock=lambda: next(clock), actor="bench") as ledger:
        ids = [ledger.import_plan(province_draft(n + 1)).plan_id for n in range(plans)]
        r = ledger.new_round("2021年第三季度", due="2021-10-31", plan_ids=ids)
        written = write_forms(ledger, here / "forms", round_=r)[:forms]
        ledger.checkpoint()
    back.mkdir()
    t0 = time.perf_counter()
    for i, w in enumerate(written):
        fill(w.path, back / w.path.name, seed=i)
    print(f"(filled {len(written)} forms in {time.perf_counter() - t0:.0f} s, cached in {here})")
    (here / "done").write_text("ok")
    return db, back


def measure(db: Path, folder: Path, details: bool) -> None:
    """The child: preview the folder, apply that preview; print the figures as JSON."""
    import resource

    from store.forms.describe import preview_lines
    from store.usecases import merging

    with Ledger(db, actor="bench") as ledger:
        t0 = time.perf_counter()
        preview = merging.preview(ledger, [folder])
        lines = preview_lines(preview, details=False)
        t_preview = time.perf_counter() - t0
        detail_lines = len(preview_lines(preview, details=True)) if details else None
        t0 = time.perf_counter()
        result = merging.apply(ledger, preview)
        t_apply = time.perf_counter() - t0
    rows = sum(len(f.rows) for f in preview.files)
    print(json.dumps({
        "files": len(preview.files), "ready": len(preview.ready), "rows": rows,
        "preview": t_preview, "apply": t_apply, "states": result.states, "notes": result.notes,
        "summary_lines": len(lines), "detail_lines": detail_lines,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def sample() -> None:
    work = Path(tempfile.mkdtemp(prefix="tz-merge-"))
    try:
        db = work / "t.db"
        shutil.copyfile(ROOT / "sample.db", db)
        with Ledger(db, actor="bench") as ledger:
            plan = ledger.plans()[0].id
            r = ledger.new_round("bench", due="2099-12-31", plan_ids=[plan])
            t0 = time.perf_counter()
            written = write_forms(ledger, work / "forms", round_=r)
            t_forms = time.perf_counter() - t0
        back = work / "back"
        back.mkdir()
        rows = sum(fill(w.path, back / w.path.name) for w in written[:10])
        print(f"forms written        {len(written):>6}   {t_forms:6.2f} s  ({sum(w.tasks for w in written)} rows)")
        print(f"forms filled         {10:>6}   rows {rows}")
        child(db, back, details=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def child(db: Path, folder: Path, details: bool) -> None:
    out = subprocess.run([sys.executable, __file__, "--measure", str(db), str(folder)]
                         + (["--details"] if details else []),
                         check=True, capture_output=True, text=True, encoding="utf-8")
    f = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"forms merged         {f['ready']:>6} of {f['files']}   rows {f['rows']}")
    print(f"  preview (read+plan)         {f['preview']:6.2f} s   ({f['summary_lines']} lines shown"
          + (f"; {f['detail_lines']} with --details)" if f["detail_lines"] is not None else ")"))
    print(f"  apply (one transaction)     {f['apply']:6.2f} s   states {f['states']}, notes {f['notes']}")
    print(f"  merge in all                {f['preview'] + f['apply']:6.2f} s")
    print(f"  peak memory                 {f['peak_mb']:6.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=int, default=0, help="province scale: this many filled forms")
    ap.add_argument("--measure", nargs=2, metavar=("DB", "FOLDER"), help=argparse.SUPPRESS)
    ap.add_argument("--details", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(Path(args.measure[0]), Path(args.measure[1]), args.details)
        return
    if not args.forms:
        sample()
        return
    db, back = province(args.forms)
    work = Path(tempfile.mkdtemp(prefix="tz-merge-"))
    try:
        shutil.copyfile(db, work / "t.db")
        child(work / "t.db", back, details=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
