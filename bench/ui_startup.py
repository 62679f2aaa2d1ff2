"""Time from process start to the first screen of the UI, headless, against a bare Textual app.

    python bench/ui_startup.py DB [--runs N]     # the ledger's first screen, and the bare app's

Each run is a fresh interpreter (imports count: a clerk waits for them too; compiled bytecode
is cached, see `child_env`), timed from just
before the process is started to the first frame the app hands its driver with the task tree
drawn in it (the main screen mounted, the plans loaded and rendered; the frame is turned into
terminal output as a real terminal's would be). The yardstick is a bare Textual app showing one
line, measured the same way. Each child also reports its peak RSS (the most memory it held,
start to exit). The database is opened on a copy, so timing never changes it.

`first_screen(db)` (`db=None`: the bare app) is what `bench/run.py` calls.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

# The child imports no more than this (and what the app needs), so that both apps pay alike.

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 36)


def peak_rss() -> int | None:
    """This process's peak resident memory in bytes (None where the platform cannot say).

    Linux: VmHWM, the high-water mark of this program's own memory. Not getrusage's ru_maxrss:
    the kernel carries that over from the parent across fork and exec, so a child started by a
    parent of 80 MB reports at least 80 MB, whatever it used itself."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # other Unixes report KiB


def child_env() -> dict[str, str]:
    """The environment of a timed child: with compiled bytecode cached, as an installed app
    has it (pip compiles on install), even where PYTHONDONTWRITEBYTECODE is set; the cache goes
    under bench/cache/ (gitignored), for every module alike, so the source tree stays clean."""
    import os

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "bench" / "cache" / "pycache")
    return env


def _child(db: str | None) -> None:
    """Run in the child: start the app headless, note the first frame with the tree, exit."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    marks: dict[str, float] = {}
    ready = db is None  # the bare app's first frame counts; the ledger's once the tree is in it

    def hook_display(cls) -> None:
        display = cls._display

        def timed_display(self, screen, renderable):
            display(self, screen, renderable)
            if renderable is None or not ready or "painted" in marks:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:  # what a terminal driver would write (headless skips it)
                render(self.console)
            marks["painted"] = time.perf_counter()

        cls._display = timed_display

    async def pilot(p) -> None:
        while "painted" not in marks:
            await asyncio.sleep(0.002)
        if db is not None:
            marks["plans"] = p.app.screen.query_one(TaskTree).plan_count
        p.app.exit()

    if db is None:
        class Bare(App):
            def compose(self) -> ComposeResult:
                yield Static("taizhang")

        marks["imports"] = time.perf_counter()
        hook_display(Bare)
        Bare().run(headless=True, size=SIZE, auto_pilot=pilot)
    else:
        sys.path.insert(0, str(ROOT))
        from tui import cli, startup  # noqa: F401 - as `taizhang DB` starts: the command line first, then the UI

        startup.disable_gc_for_startup()
        from store.ledger import Ledger
        from tui.app import TaizhangApp
        from tui.config import Config
        from tui.widgets.task_tree import TaskTree

        marks["imports"] = time.perf_counter()
        render_lines = TaskTree.render_lines

        def first_render(self, crop):
            nonlocal ready
            lines = render_lines(self, crop)
            if self.plan_count:
                ready = True  # the tree's lines, with plans in them, are on their way out
            return lines

        TaskTree.render_lines = first_render
        hook_display(TaizhangApp)
        ledger = Ledger(db, actor="bench")
        app = TaizhangApp(ledger, Config(language="zh", name="bench", unit="bench"))  # no first-run question
        app.run(headless=True, size=SIZE, auto_pilot=pilot)
        ledger.close()
    print(json.dumps({"imports": marks["imports"], "painted": marks["painted"],
                      "peak_rss": peak_rss(), "plans": marks.get("plans")}))


def first_screen(db: Path | None) -> dict:
    """One cold start in a fresh interpreter: seconds to the imports done and to the first
    frame with the tree (`painted`), and the child's peak RSS in bytes. `db=None`: the bare app."""
    import subprocess

    args = [sys.executable, str(Path(__file__).resolve()), "--child", str(db) if db else "--bare"]
    started = time.perf_counter()  # CLOCK_MONOTONIC: the child's perf_counter shares it
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=child_env())
    ended = time.perf_counter()
    if out.returncode:
        raise RuntimeError(f"first screen of {db or 'the bare app'} failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["imports"] -= started
    result["painted"] -= started
    result["process"] = ended - started
    return result


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(None if sys.argv[2] == "--bare" else sys.argv[2])
        return
    import argparse
    import shutil
    import statistics
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / args.db.name
        shutil.copyfile(args.db, db)
        first_screen(db), first_screen(None)  # warm the page cache and the .pyc files
        for name, target in (("bare app", None), (args.db.name, db)):
            runs = [first_screen(target) for _ in range(args.runs)]
            print(name)
            for key in ("imports", "painted", "process"):
                values = [r[key] * 1000 for r in runs]
                print(f"  {key:>8}: median {statistics.median(values):7.1f} ms  "
                      f"(min {min(values):.1f}, max {max(values):.1f})")
            rss = [r["peak_rss"] for r in runs if r["peak_rss"]]
            if rss:
                print(f"  peak RSS: median {statistics.median(rss) / 2**20:.1f} MB")
            if target is not None:
                print(f"     plans: {runs[0]['plans']}")


if __name__ == "__main__":
    main()
