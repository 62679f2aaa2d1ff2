"""Shared pieces of the UI tests (imported by the other test_ui_* modules; holds no tests).

Every UI test runs against a ledger on a temporary copy (sample.db is never touched) with the
fixed clock 2021-10-15 10:00 +08:00, and a Config built in the test: the user's own config and
data folders are pointed at the temporary directory by `isolated`, which each module imports.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path


from store.ledger import Ledger
from tui.app import TaizhangApp
from tui.config import Config

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DB = ROOT / "sample.db"
CST = timezone(timedelta(hours=8))
NOW = datetime(2021, 10, 15, 10, 0, 0, tzinfo=CST)
SIZE = (120, 36)


def fixed_clock() -> datetime:
    return NOW


def copy_sample(tmp_path: Path, name: str = "ledger.db") -> Path:
    target = tmp_path / name
    shutil.copyfile(SAMPLE_DB, target)
    return target


def open_ledger(path: Path, *, actor: str = "tester", unit: str | None = "市政府办", **kwargs) -> Ledger:
    return Ledger(path, clock=fixed_clock, actor=actor, actor_unit=unit, **kwargs)


def make_config(tmp_path: Path, **values) -> Config:
    values.setdefault("language", "zh")
    values.setdefault("name", "张三")
    values.setdefault("unit", "市政府办")
    values.setdefault("export_folder", tmp_path / "exports")
    return Config(path=tmp_path / "config.toml", **values)


def make_app(ledger: Ledger, tmp_path: Path, **config) -> TaizhangApp:
    return TaizhangApp(ledger, make_config(tmp_path, **config))


# Textual has no public way to read the composed screen as text, nor the notifications on it:
# these helpers (screen_text, region_text, toasts) are the only places the tests reach into
# its private parts (`_compositor`, `_notifications`), so a Textual update is mended here once.


def screen_text(app) -> str:
    """What the terminal shows, as text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up (no fixed sleeps)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


LONG_WAIT = 20.0
"""The longest a test waits for something that should come within a second or so: a bound only
a hang reaches, never a measure of speed."""


async def wait_until(pilot, condition, what: str) -> None:
    """Let the app run until `condition()` holds (failing after LONG_WAIT; never a fixed sleep)."""
    import time

    deadline = time.monotonic() + LONG_WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.02)


def tree(app):
    from tui.widgets.task_tree import TaskTree

    return app.screen.query_one(TaskTree)


def cursor_item(app):
    node = tree(app).cursor_node
    return node.data if node is not None else None


async def open_first_task(pilot) -> None:
    """Cursor onto task 1 of plan 1 (plan → first section → first task)."""
    await pilot.press("l", "j", "l", "j")
    await settle(pilot)


def toasts(app) -> list[str]:
    """The text of the notifications on screen now."""
    return [str(n.message) for n in app._notifications]


def region_text(app, widget) -> list[str]:
    """The rows a widget covers on screen, cropped to it (e.g. the tree without the detail)."""
    r = widget.region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(r.x, r.right).text.rstrip() for y in range(r.y, r.bottom)]


def tree_rows(app) -> list[str]:
    return [row for row in region_text(app, tree(app)) if row.strip()]


def find_row(app, start: str) -> str:
    """The tree's row that starts with `start` (a miss fails the test, saying what was shown)."""
    rows = tree_rows(app)
    for r in rows:
        if r.lstrip().startswith(start):
            return r
    raise AssertionError(f"no row starts with {start!r}; the tree shows:\n" + "\n".join(rows))


def has_row(app, start: str) -> bool:
    return any(r.lstrip().startswith(start) for r in tree_rows(app))


def flat(text: str) -> str:
    """Text without spaces and line breaks (a dialog wraps where it likes)."""
    return "".join(text.split())


def dialog_text(app) -> str:
    """What the open dialog box shows, flattened."""
    return flat("".join(region_text(app, app.screen.query_one("#dialog-box"))))
