"""Snapshots (pytest-textual-snapshot) of the main screen, the help screen and a filtered view,
in Chinese and English, 120×36: fixed clock, a copy of sample.db with a few changes made
through the store, no blinking cursor, workers finished before the picture is taken.

Regenerate with `pytest tests/test_ui_snapshots.py --snapshot-update` after checking the
pictures (pinned textual/rich/pytest-textual-snapshot: constraints.txt)."""
from __future__ import annotations

import pytest

from test_ui_helpers import SIZE, copy_sample, make_app, open_ledger, settle


@pytest.fixture
def ledger(tmp_path):
    led = open_ledger(copy_sample(tmp_path))
    led.set_state([1, 3, 4, 5], "done")
    led.set_state([2, 6], "doing")
    led.set_state([7], "doing", flag="滞后")
    led.set_state([8], "na")
    led.add_note(3, "已在门户网站开设专栏，[bold]按月[/]更新。", author="张三", unit="市政府办")
    yield led
    led.close()


def driver(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


MAIN = ("l", "j", "j", "l", "j")  # plan 1, its second section opened, cursor on task 3
HELP = ("question_mark",)
FILTERED = ("f", "right", "enter", "ctrl+s", "slash", "疫", "情", "enter")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_screen(snap_compare, ledger, tmp_path, lang):
    app = make_app(ledger, tmp_path, language=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=driver(*MAIN))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_screen(snap_compare, ledger, tmp_path, lang):
    app = make_app(ledger, tmp_path, language=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=driver(*HELP))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filtered_view(snap_compare, ledger, tmp_path, lang):
    app = make_app(ledger, tmp_path, language=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=driver(*FILTERED))
