"""A clerk's session at the keyboard, timed: ticks, searches and filters (Pilot, headless).

    python bench/ui_session.py DB [--ticks 200] [--reps 10] [--json OUT]

Opens a copy of DB in the real app (headless, 120×36, in this process) and times, in ms, from
the input to the frame in which the tree shows its result — the first frame the app hands its
driver after the event and after the tree has been redrawn. Each timed key comes `KEY_GAP`
(50 ms) after the app has gone idle from the one before, as keys at a keyboard do, and after
a search or a filter the clerk reads the tree for `READING` seconds before going on:

- **tick**: `space` on a task → the change committed to the file → its line (and the progress
  up the tree, and the detail pane) repainted; on `--ticks` consecutive tasks of the first plan.
- **search**: `enter` in the search box → the tree narrowed to the matches, cursor on the first
  (a search runs at once on enter); and, as it is typed, the last character → the tree shown,
  which includes the pause the box waits for more typing (`SEARCH_DELAY`). `esc` → whole tree.
- **filter**: by state and by unit, from the filter dialog's answer (`apply_view`) → the tree
  narrowed; and back to the whole tree.
- **edit** (issue 19): a clerk correcting a task at the keyboard — `E` → the form shown
  ("open"); then, not timed, typing at the end of the text and a new due date in its field;
  `ctrl+s` → the change committed to the file → the task's line repainted ("save"); on
  `--edits` tasks of the first plan.

Prints one JSON object: lists of times per figure, match counts, and this process's peak RSS
after the ticks, searches and filters (`peak_rss`), after each part (`rss`), and at the very end,
edits included (`peak_rss_edits`).
`bench/run.py` runs it in a child process, so that the peak RSS is the session's alone.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textual import events  # noqa: E402
from textual.widgets import Input  # noqa: E402

from store.filtering import TaskFilter  # noqa: E402
from store.ledger import Ledger  # noqa: E402
from tui.app import TaizhangApp  # noqa: E402
from tui.startup import COLLECT_EVERY, IDLE_SECONDS  # noqa: E402
from tui.config import Config  # noqa: E402
from tui.screens.main import SEARCH_DELAY, MainScreen  # noqa: E402
from tui.widgets.filter_bar import View  # noqa: E402
from tui.widgets.task_tree import TaskTree  # noqa: E402
from ui_startup import SIZE, peak_rss  # noqa: E402

QUERIES = {"1 char": "档", "2 chars": "年报", "4 chars": "行政执法", "most tasks": "公开"}
UNIT = "市教育局"
TIMEOUT = 60.0
KEY_GAP = 0.05
"""Seconds between the key before and the key timed, as at a keyboard (a fast typist's keys
come 100 ms or more apart). Without it the timed key lands within a millisecond of the frame
the key before caused, and Textual's frame timer, restarted by that frame, then skips a slot:
the next frame waits 17–33 ms whatever the app does (textual/timer.py, `_run`: after a late
tick, `count` is moved past now and `count + 1` is waited for). A clerk never sees that."""
READING = IDLE_SECONDS + COLLECT_EVERY + 0.1
"""Seconds a clerk spends on the tree a search or a filter has shown before the next key: the
pause the app's full garbage collection waits for (`tui.startup.IdleCollector.collect_when_idle`). Ticks
come back to back, without it."""


class Probe:
    """Marks the moment a frame goes out after an awaited event and a redraw of the tree.

    `arm(event)` starts a measurement: `event` is "commit" (a tick's write returned) or "load"
    (the tree rebuilt for a new view); `await done()` returns the ms from `arm` to that frame.
    """

    def __init__(self, app: TaizhangApp, ledger: Ledger) -> None:
        self.loop = asyncio.get_running_loop()
        self.waiting: str | None = None
        self.t0 = 0.0
        self.event_at: float | None = None
        self.drawn = False
        self.frame = asyncio.Event()
        self.frame_at = 0.0
        probe = self

        display = app._display

        def timed_display(screen, renderable):
            display(screen, renderable)
            if renderable is not None and probe.waiting and probe.drawn and not probe.frame.is_set():
                render = getattr(renderable, "render_segments", None)
                if render is not None:  # what a terminal driver would write
                    render(app.console)
                probe.frame_at = time.perf_counter()
                probe.frame.set()

        app._display = timed_display

        render_lines = TaskTree.render_lines

        def timed_render(tree, crop):
            lines = render_lines(tree, crop)
            if probe.waiting and probe.event_at is not None:
                probe.drawn = True
            return lines

        TaskTree.render_lines = timed_render

        load = TaskTree.load

        def timed_load(tree, *args, **kwargs):
            load(tree, *args, **kwargs)
            probe.mark("load")

        TaskTree.load = timed_load

        toggle = ledger.toggle_done

        def timed_toggle(*args, **kwargs):
            result = toggle(*args, **kwargs)
            probe.mark("commit")
            return result

        ledger.toggle_done = timed_toggle

        try:  # issue 19: an edit's save, like a tick's commit, and the form's first frame
            from tui.screens.keeping import TaskForm
        except ImportError:  # (a checkout from before issue 19: no edits to time)
            return
        edit = ledger.edit_task

        def timed_edit(*args, **kwargs):
            result = edit(*args, **kwargs)
            probe.mark("commit")
            return result

        ledger.edit_task = timed_edit
        mounted = TaskForm.on_mount

        def timed_mount(form):
            mounted(form)
            probe.mark("form")
            probe.drawn = True  # the form's frame is the one awaited, not the tree's

        TaskForm.on_mount = timed_mount

    def mark(self, event: str) -> None:
        if self.waiting == event and self.event_at is None:
            self.event_at = time.perf_counter()
            self.drawn = False  # a redraw of the tree only counts after the event

    def arm(self, event: str) -> None:
        self.waiting, self.event_at, self.drawn = event, None, False
        self.frame.clear()
        self.t0 = time.perf_counter()

    async def done(self) -> float:
        await asyncio.wait_for(self.frame.wait(), TIMEOUT)
        self.waiting = None
        return (self.frame_at - self.t0) * 1000


def key(app, name: str, char: str | None = None) -> None:
    """A key press as the terminal driver delivers it (Pilot's own press waits for idle)."""
    event = events.Key(name, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def between_keys(pilot) -> None:
    """The app idle, and then the pause a person leaves between two keys (`KEY_GAP`)."""
    await pilot.pause()
    await asyncio.sleep(KEY_GAP)


async def type_keys(app, pilot, text: str) -> None:
    """Characters typed one by one, as a terminal sends them (not timed)."""
    from textual.keys import _character_to_key

    for ch in text:
        key(app, _character_to_key(ch), ch)
        await pilot.pause()


async def edits(app, pilot, ledger: Ledger, tree, probe: Probe, count: int) -> dict:
    """Issue 19: `E`, type, `ctrl+s` on `count` tasks of the first plan."""
    from tui.screens.keeping import TaskForm

    out: dict = {"open": [], "save": []}
    first_plan = ledger.plans()[0].id
    for n, task in enumerate(ledger.tasks(plan_id=first_plan)[:count]):
        tree.reveal(task.id)
        await between_keys(pilot)
        probe.arm("form")
        key(app, "E", "E")
        out["open"].append(await probe.done())
        await pilot.pause()
        assert isinstance(app.screen, TaskForm)
        await type_keys(app, pilot, "（已按要求修改）")
        for _ in range(3):  # text → units → time limit → due date
            key(app, "tab")
            await between_keys(pilot)  # (a field selects its text just after it gets focus)
        key(app, "ctrl+u")  # (a key bound to an action is done before the next key only once idle)
        await pilot.pause()
        await type_keys(app, pilot, f"2022-{n % 12 + 1:02d}-28")
        await between_keys(pilot)
        probe.arm("commit")
        key(app, "ctrl+s")
        out["save"].append(await probe.done())
        await pilot.pause()
        saved = ledger.task(task.id)
        assert saved.text.endswith("（已按要求修改）") and saved.due == f"2022-{n % 12 + 1:02d}-28"
        assert tree.node_for("task", task.id).data.obj.text == saved.text
    return out


async def session(db: Path, ticks: int, reps: int, edit_count: int = 20) -> dict:
    ledger = Ledger(db, actor="bench")
    with tempfile.TemporaryDirectory() as home:
        config = Config(path=Path(home) / "config.toml", language="zh", name="bench", unit="bench",
                        export_folder=Path(home))  # name and unit set: no first-run question
        app = TaizhangApp(ledger, config)
        out: dict = {"tick": [], "search": {}, "clear": [], "filter": {}, "counts": {}}
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MainScreen)
            tree = screen.task_tree
            probe = Probe(app, ledger)
            out["rss"] = {"first screen": peak_rss()}

            # ---- ticks on consecutive tasks of the first plan
            first_plan = ledger.plans()[0].id
            for task in ledger.tasks(plan_id=first_plan)[:ticks]:
                tree.reveal(task.id)
                await between_keys(pilot)
                before = ledger.task(task.id).state
                probe.arm("commit")
                key(app, "space", " ")
                out["tick"].append(await probe.done())
                after = ledger.task(task.id).state
                assert after != before and tree.node_for("task", task.id).data.obj.state == after

            out["rss"]["ticks"] = peak_rss()


            # ---- searches: enter, and as typed; esc back to the whole tree
            box = screen.bar.input
            for name, query in QUERIES.items():
                out["counts"][name] = len(ledger.search(query))
                enter, typed = [], []
                for _ in range(reps):
                    await pilot.press("slash")
                    with box.prevent(Input.Changed):
                        box.value = query
                    await between_keys(pilot)
                    probe.arm("load")
                    key(app, "enter")
                    enter.append(await probe.done())
                    await asyncio.sleep(READING)
                    await pilot.pause()
                    assert screen.count == out["counts"][name], (name, screen.count)
                    await between_keys(pilot)
                    probe.arm("load")
                    key(app, "escape")
                    out["clear"].append(await probe.done())
                    await pilot.pause()
                    assert screen.view.is_empty

                    await pilot.press("slash")
                    with box.prevent(Input.Changed):
                        box.value = query[:-1]
                        box.cursor_position = len(box.value)
                    await between_keys(pilot)
                    probe.arm("load")
                    key(app, query[-1], query[-1])
                    typed.append(await probe.done())
                    await asyncio.sleep(READING)
                    await between_keys(pilot)
                    probe.arm("load")
                    key(app, "escape")
                    out["clear"].append(await probe.done())
                    await pilot.pause()
                    tree.focus()
                    await pilot.pause()
                out["search"][name] = {"query": query, "enter": enter, "typed": typed}
                out["rss"][f"search {name}"] = peak_rss()

            # ---- filters: the dialog's answer → the tree narrowed; then the whole tree again
            views = {
                "state": View(filter=TaskFilter(states=("doing",))),
                "unit": View(filter=TaskFilter(units=(UNIT,)), picked_units=(UNIT,)),
            }
            for name, view in views.items():
                times = []
                for _ in range(reps):
                    await between_keys(pilot)
                    probe.arm("load")
                    screen.apply_view(view)
                    times.append(await probe.done())
                    await asyncio.sleep(READING)
                    await pilot.pause()
                    out["counts"][f"filter {name}"] = screen.count
                    await between_keys(pilot)
                    probe.arm("load")
                    screen.apply_view(View())
                    out["clear"].append(await probe.done())
                    await pilot.pause()
                out["filter"][name] = times
                out["rss"][f"filter {name}"] = peak_rss()
            out["peak_rss"] = peak_rss()

            # ---- edits (issue 19), last: E, typing, ctrl+s. Writing a task's text computes
            # its pinyin initials, so the first one loads pypinyin (as a first note does):
            # its memory is reported apart (`peak_rss_edits`), after the figures above.
            if edit_count:
                await between_keys(pilot)
                tree.focus()
                out["edit"] = await edits(app, pilot, ledger, tree, probe, edit_count)
                out["rss"]["edits"] = peak_rss()
        ledger.close()
    out["search_delay_ms"] = SEARCH_DELAY * 1000
    out["peak_rss_edits"] = peak_rss()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--ticks", type=int, default=200)
    ap.add_argument("--reps", type=int, default=10, help="repetitions of each search and filter")
    ap.add_argument("--edits", type=int, default=20, help="tasks edited at the keyboard (issue 19)")
    ap.add_argument("--json", type=Path, help="write the result here too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ledger.db"
        shutil.copyfile(args.db, db)  # the session ticks: never on the original
        result = asyncio.run(session(db, args.ticks, args.reps, args.edits))
    text = json.dumps(result)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
