"""How many of other offices' tasks come in under the right section, as plain text and flattened.

    python bench/import_other_plans.py [-v]

The plans are made up (tests/other_plans.py), one per kind of office document; "flattened" is
the same text run into one line with page furniture around it, as a crawler leaves it. Prints per
plan the reading chosen and the share of tasks under the right section, and the totals (issue
21's bar: 95 % plain, 90 % flattened). `-v` lists the tasks that missed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from other_plans import HELD_OUT, PLANS, measure_all, totals  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    verbose = ap.parse_args().verbose
    for label, plans in (("the plans the rules were written with", PLANS),
                         ("held out (written after the rules)", HELD_OUT)):
        print(f"-- {label}")
        results = measure_all(plans)
        rows: dict[str, dict[str, str]] = {}
        for name, kind, right, total, misses, key in results:
            rows.setdefault(name, {})[kind] = f"{right:>2}/{total:<2} {key:>10}"
            if verbose:
                for m in misses:
                    print(f"    {name} {kind}: {m}")
        print(f"{'plan':28} {'plain':>15} {'flattened':>15}")
        for name, cells in rows.items():
            print(f"{name:28} {cells['plain']:>15} {cells['flattened']:>15}")
        for kind, (right, total) in totals(results).items():
            print(f"{kind}: {right}/{total} tasks under the right section = {100 * right / total:.1f} %")

if __name__ == "__main__":
    main()
