"""A child process for the crash and two-copies tests: applies a seeded run of ticks and notes
through the store and prints "committed N" after each commit (flushed), so the parent knows
exactly which changes were acknowledged.

    python tests/helpers/writer.py DB SEED COUNT ACTOR [TASK_IDS,...]
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store.errors import StateChanged  # noqa: E402
from store.ledger import Ledger  # noqa: E402

STATES = ("todo", "doing", "done", "na")


def plan(seed: int, count: int, task_ids: list[int]) -> list[tuple[str, int, str]]:
    """The changes this writer makes, in order: (kind, task id, value)."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        tid = rnd.choice(task_ids)
        if rnd.random() < 0.7:
            out.append(("state", tid, rnd.choice(STATES)))
        else:
            out.append(("note", tid, f"进展 {seed}-{i} [bold]原样[/]"))
    return out


def main() -> None:
    db, seed, count, actor = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ledger = Ledger(db, actor=actor)
    ids = [int(x) for x in sys.argv[5].split(",")] if len(sys.argv) > 5 else [
        t.id for p in ledger.plans() for t in ledger.tasks(plan_id=p.id, recursive=True)
    ]
    for n, (kind, tid, value) in enumerate(plan(seed, count, ids), 1):
        if kind == "state":
            # set_state writes nothing when the state is already that one: force a change, on
            # the state just read (the other copy may change a shared task in between: read again).
            while True:
                task = ledger.task(tid)
                if task.state == value:
                    value = STATES[(STATES.index(value) + 1) % len(STATES)]
                try:
                    ledger.set_state(tid, value, source="cli", expect=(task.state, task.flag))
                    break
                except StateChanged:
                    continue
        else:
            ledger.add_note(tid, value, author=actor, source="cli")
        print(f"committed {n} {kind} {tid} {value}", flush=True)
    ledger.close()


if __name__ == "__main__":
    main()
