"""How many of other offices' tasks come in under the right section, as plain text and flattened.

    python bench/import_other_plans.py [-v]

The plans are made up (bench/other_plans.py), one per kind of office document; "flattened" is
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
sys.path.insert(0, str(ROOT / "bench"))

from other_plans import PLANS, Plan, flatten  # noqa: E402

from store.errors import ImportFailed  # noqa: E402
from store.importing import read_plan_text  # noqa: E402


def placed(draft) -> list[tuple[str, str | None]]:
    """(section path of titles, task number) of every task, in order."""
    out: list[tuple[str, str | None]] = []

    def walk(sections, path):
        for s in sections:
            here = path + ([s.title] if s.title else [])
            out.extend((" / ".join(here), t.no) for t in s.tasks)
            walk(s.sections, here)

    walk(draft.sections, [])
    return out


def measure(plan: Plan, text: str) -> tuple[int, int, list[str], str]:
    """(right, expected, misses, reading key) of one plan read from `text`."""
    expected = [(path, str(no)) for path, nos in plan.expect for no in nos]
    try:
        draft = read_plan_text(text, source=f"{plan.name}.txt")
    except ImportFailed as exc:
        return 0, len(expected), [exc.message("en")], "-"
    got = placed(draft)
    right, misses, at = 0, [], 0
    for path, no in expected:
        k = next((i for i in range(at, len(got)) if got[i][1] == no), None)
        if k is None:
            misses.append(f"task {no} ({path}): not found")
            continue
        at = k + 1
        if got[k][0] == path:
            right += 1
        else:
            misses.append(f"task {no}: under “{got[k][0]}”, not “{path}”")
    return right, len(expected), misses, draft.reading.key if draft.reading else "-"


def run(verbose: bool = False) -> dict[str, tuple[int, int]]:
    totals = {"plain": [0, 0], "flattened": [0, 0]}
    print(f"{'plan':28} {'plain':>14} {'flattened':>14}")
    for plan in PLANS:
        cells = []
        for kind, text in (("plain", plan.text), ("flattened", flatten(plan.text))):
            right, total, misses, key = measure(plan, text)
            totals[kind][0] += right
            totals[kind][1] += total
            cells.append(f"{right:>2}/{total:<2} {key:>9}")
            if verbose:
                for m in misses:
                    print(f"    {plan.name} {kind}: {m}")
        print(f"{plan.name:28} {cells[0]:>14} {cells[1]:>14}")
    for kind, (right, total) in totals.items():
        print(f"{kind}: {right}/{total} tasks under the right section = {100 * right / total:.1f} %")
    return {k: (v[0], v[1]) for k, v in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    run(ap.parse_args().verbose)


if __name__ == "__main__":
    main()
