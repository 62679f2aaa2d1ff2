"""Time from start to the first screen of the UI, headless.

    python bench/ui_startup.py DB [--runs N]

Each run is a fresh interpreter (imports count: a clerk waits for them too). It reports the
time from the interpreter's start to the imports done and to the tree's first frame (the main
screen mounted, the plans loaded and drawn), and the whole process (start to exit), as medians.
The database is opened on a copy, so timing never changes it.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import time, sys, json
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from store.ledger import Ledger
from tui.app import TaizhangApp
from tui.config import Config
from tui.widgets.task_tree import TaskTree
t_import = time.perf_counter()
marks = {{}}
render_lines = TaskTree.render_lines

def first_render(self, crop):
    marks.setdefault("painted", time.perf_counter())  # the tree's first frame
    return render_lines(self, crop)

TaskTree.render_lines = first_render
ledger = Ledger({db!r}, actor="bench")
app = TaizhangApp(ledger, Config(language="zh"))

async def pilot(p):
    await p.pause()
    marks["plans"] = p.app.screen.query_one(TaskTree).plan_count
    p.app.exit()

app.run(headless=True, size=(120, 36), auto_pilot=pilot)
ledger.close()
print(json.dumps({{"imports": t_import - t0, "painted": marks["painted"] - t0, "plans": marks["plans"]}}))
"""


def once(db: Path) -> dict:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(db))],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / args.db.name
        shutil.copyfile(args.db, db)
        once(db)  # warm the page cache and the .pyc files
        runs = [once(db) for _ in range(args.runs)]
    for key in ("imports", "painted", "process"):
        values = [r[key] * 1000 for r in runs]
        print(f"{key:>8}: median {statistics.median(values):7.1f} ms  "
              f"(min {min(values):.1f}, max {max(values):.1f})")
    print(f"   plans: {runs[0]['plans']}")


if __name__ == "__main__":
    main()
