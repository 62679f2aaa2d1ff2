"""Open the installed app headless on a ledger, tick one task, quit (run by the installed venv).

Usage: python open_app.py DB. Prints one JSON line: where tui was imported from, whether the
first run asked for the clerk's name and unit (answered as a clerk does: typed, enter, enter,
enter), whether the first screen showed the first plan's title, and the key and state of the
task ticked.
"""
import asyncio
import html
import json
import sys

import tui
from store.ledger import Ledger
from tui.app import TaizhangApp
from tui.widgets.task_tree import TaskTree


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def main(path: str) -> None:
    with Ledger(path, actor="it") as ledger:
        title = ledger.plans()[0].display_title
        app = TaizhangApp(ledger)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            asked = type(app.screen).__name__ == "ClerkSettingsDialog"
            if asked:  # a fresh install has no name or unit yet
                await pilot.press(*"Zhang San", "enter", *"bangongshi", "enter", "enter")
                await settle(pilot)
            painted = title[:12] in html.unescape(app.export_screenshot())  # the tree cuts long titles
            await pilot.press("l", "j", "l", "j")  # plan 1 → its first section → its first task
            await settle(pilot)
            task = app.screen.query_one(TaskTree).cursor_node.data
            await pilot.press("space")
            await settle(pilot)
            state = ledger.task(task.id).state
            await pilot.press("q")
        print(json.dumps({"tui": tui.__file__, "asked": asked, "painted": painted, "kind": task.kind,
                          "key": task.obj.key, "state": state}, ensure_ascii=False))


asyncio.run(main(sys.argv[1]))
