"""How long the generated plan text of 10,000 tasks takes to import (bench/run.py's import figure).

    python bench/import_plan_text.py [--tasks N] [--runs N] [--store]

Prints the median over N runs (default 5) of read + assemble (`read_plan`), wall clock and CPU
time (on a shared machine the CPU time compares two versions better), and with `--store`
also of the whole import into a fresh database (one transaction), as bench/run.py measures it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import make_ledger  # noqa: E402
from store.importing import read_plan  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--store", action="store_true", help="also time the import into a database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan-{args.tasks}.txt"
        path.write_text(make_ledger.plan_text(args.tasks), encoding="utf-8")
        read_plan(path)  # warm the imports and the page cache
        parse, cpu, total = [], [], []
        for i in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            (draft,) = read_plan(path)
            t1, c1 = time.perf_counter(), time.process_time()
            parse.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
            assert sum(1 for _ in draft.iter_tasks()) == args.tasks
            if args.store:
                from store.ledger import Ledger

                with Ledger(Path(tmp) / f"import-{i}.db", actor="bench") as ledger:
                    ledger.import_plan(draft)
                total.append((time.perf_counter() - t0) * 1000)
    line = (f"plan text of {args.tasks:,} tasks, {args.runs} runs: read+assemble median "
            f"{statistics.median(parse):.0f} ms (min {min(parse):.0f}, max {max(parse):.0f}; "
            f"CPU time median {statistics.median(cpu):.0f} ms)")
    if total:
        line += f"; with the store median {statistics.median(total):.0f} ms"
    print(line)


if __name__ == "__main__":
    main()
