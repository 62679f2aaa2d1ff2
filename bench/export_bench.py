"""How long each export format takes, and how big the file is: sample.db and 10,000 tasks.

    python bench/export_bench.py [--tasks 10000] [--runs 3] [--keep DIR]

sample.db is copied (never touched) and some of its tasks ticked and noted, as a clerk would;
the large ledger comes from `bench/make_ledger.py` (deterministic: seed 1, fixed clock). Each
figure is the median of the runs of `export_to` (the report built from the ledger and
written to bytes, as the CLI and the UI do); the targets are csv/json/md ≤ 0.5 s and
xlsx/docx/html ≤ 3 s at 10,000 tasks. `--keep DIR` leaves the files there to look at.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store.exporting import FORMATS, export_to  # noqa: E402
from tui.startup import gc_disabled  # noqa: E402
from store.ledger import Ledger  # noqa: E402

CLOCK = datetime(2021, 10, 15, 10, 0, tzinfo=timezone(timedelta(hours=8)))
TARGETS = {"csv": 0.5, "json": 0.5, "md": 0.5, "xlsx": 3.0, "docx": 3.0, "html": 3.0}


def sample_ledger(tmp: Path) -> Ledger:
    """A copy of sample.db with a plan's worth of ticks, a 滞后 flag and notes."""
    db = tmp / "sample.db"
    shutil.copy(ROOT / "sample.db", db)
    ledger = Ledger(db, clock=lambda: CLOCK, actor="张三", actor_unit="区党政办")
    tasks = ledger.tasks(plan_id=2)
    ledger.set_state([t.id for t in tasks[:20]], "done", source="cli")
    ledger.set_state([t.id for t in tasks[20:30]], "doing", source="cli")
    ledger.set_state(tasks[30].id, "doing", flag="滞后", source="cli")
    ledger.set_state(tasks[31].id, "na", source="cli")
    for t in tasks[:25]:
        ledger.add_note(t.id, f"已按要求完成，相关材料已报送。（{t.no}）", source="cli")
    return ledger


def large_ledger(tmp: Path, tasks: int) -> Ledger:
    from make_ledger import make

    db = tmp / f"large-{tasks}.db"
    t0 = time.perf_counter()
    make(db, tasks, seed=1)
    print(f"(built a {tasks}-task ledger in {time.perf_counter() - t0:.1f} s)")
    return Ledger(db, clock=lambda: CLOCK, actor="bench")


def time_export(ledger: Ledger, fmt: str, runs: int) -> tuple[list[float], bytes]:
    """Seconds of each of `runs` exports of the whole ledger in this format, and the bytes."""
    times, data = [], b""
    for _ in range(runs):
        t0 = time.perf_counter()
        with gc_disabled():  # as `taizhang export` builds it (tui.startup)
            out = export_to(ledger, fmt)
        times.append(time.perf_counter() - t0)
        data = out if isinstance(out, bytes) else out.encode("utf-8")
    return times, data


def measure(ledger: Ledger, name: str, runs: int, keep: Path | None) -> None:
    n = len(ledger.tasks())
    print(f"\n{name}: {n} tasks, {len(ledger.plans())} plans")
    print(f"  {'format':6} {'median s':>9} {'min s':>7} {'size':>11}  target")
    for fmt in FORMATS:
        times, data = time_export(ledger, fmt, runs)
        med = statistics.median(times)
        ok = "ok" if med <= TARGETS[fmt] else "SLOW"
        print(f"  {fmt:6} {med:9.3f} {min(times):7.3f} {len(data):11,}  ≤ {TARGETS[fmt]} s {ok}")
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{name}.{FORMATS[fmt].suffix}").write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the exported files into this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with sample_ledger(tmp) as ledger:
            export_to(ledger, "xlsx")  # warm the imports (openpyxl, python-docx) once
            export_to(ledger, "docx")
            measure(ledger, "sample", args.runs, args.keep)
        with large_ledger(tmp, args.tasks) as ledger:
            measure(ledger, f"large-{args.tasks}", args.runs, args.keep)


if __name__ == "__main__":
    main()
