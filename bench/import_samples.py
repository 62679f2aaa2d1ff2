"""How long the five sample plans take to import: read + assemble + one transaction each.

    python bench/import_samples.py [--runs N]

Prints the median and the spread over N runs (default 9), each into a fresh database file.
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

from store.importing import read_plan  # noqa: E402
from store.ledger import Ledger  # noqa: E402


def once(tmp: Path) -> tuple[float, float]:
    db = tmp / f"bench-{time.perf_counter_ns()}.db"
    t0 = time.perf_counter()
    drafts = [d for p in sorted((ROOT / "samples").glob("0*.txt")) for d in read_plan(p)]
    t1 = time.perf_counter()
    ledger = Ledger(db, actor="bench")
    for d in drafts:
        ledger.import_plan(d)
    ledger.close()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        once(Path(tmp))  # warm the imports and the page cache
        runs = [once(Path(tmp)) for _ in range(args.runs)]
    parse = [r[0] * 1000 for r in runs]
    total = [r[1] * 1000 for r in runs]
    print(f"five samples, {args.runs} runs: read+assemble median {statistics.median(parse):.1f} ms; "
          f"with the store median {statistics.median(total):.1f} ms (min {min(total):.1f}, max {max(total):.1f})")


if __name__ == "__main__":
    main()
