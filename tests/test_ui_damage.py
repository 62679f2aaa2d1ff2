"""The app on a damaged file: it says so when it opens, and no tick is written into it."""
from __future__ import annotations

import hashlib
import shutil

from test_damage import COMMITS, LEAVE_WAL, ROOT, _damage_a_page, _flip_middle_byte  # noqa: F401
from test_ui_helpers import (
    SIZE,
    copy_sample,
    dialog_text,
    find_row,
    make_app,
    open_first_task,
    open_ledger,
    settle,
    toasts,
)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_damaged_database_is_named_and_the_clerk_may_restore_the_good_backup(tmp_path):
    from tui.screens.damaged import DamagedScreen

    db = copy_sample(tmp_path)
    with open_ledger(db) as led:
        good = led.backup("manual")
    _damage_a_page(db)
    damaged = _sha(db)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DamagedScreen)
            assert "已损坏" in dialog_text(app) and good.name in dialog_text(app)
            assert _sha(db) == damaged  # nothing written while asking
            await pilot.press("r")
            await settle(pilot)
            assert not isinstance(app.screen, DamagedScreen)
            assert any("已从备份" in m for m in toasts(app))
            kept = list((tmp_path / "backups").glob("*-damaged"))
            assert len(kept) == 1 and _sha(kept[0] / db.name) == damaged
            await open_first_task(pilot)  # the ledger reads and ticks again
            await pilot.press("space")
            await settle(pilot)
            assert find_row(app, "[x] 1 ")
    finally:
        ledger.close()


async def test_quitting_on_a_damaged_database_writes_nothing(tmp_path):
    db = copy_sample(tmp_path)
    with open_ledger(db) as led:
        led.backup("manual")
    _damage_a_page(db)
    damaged = _sha(db)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
        assert app.return_code == 0 and not app.is_running
    finally:
        ledger.close()
    assert _sha(db) == damaged


async def test_a_damaged_wal_is_reported_when_the_app_opens(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "台账.db"
    shutil.copyfile(ROOT / "sample.db", db)
    subprocess.run([sys.executable, "-c", LEAVE_WAL, str(db), str(ROOT), str(COMMITS)], check=True,
                   capture_output=True)
    _flip_middle_byte(db)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = " ".join(toasts(app))
            assert "日志文件（-wal）已损坏" in shown and "damaged-wal" in shown
    finally:
        ledger.close()


async def test_a_full_disk_while_saving_a_note_is_a_message_and_the_app_stays_up(tmp_path):
    """SQLITE_FULL on the writing thread's connection (max_page_count stands in for the disk)."""
    from textual.widgets import TextArea

    db = copy_sample(tmp_path)
    ledger = open_ledger(db)
    app = make_app(ledger, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_first_task(pilot)

            def fill_the_disk():
                conn = ledger.db.conn()
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")

            await app.writer.run(fill_the_disk)
            await pilot.press("n")
            await settle(pilot)
            app.screen.query_one(TextArea).text = "本周进展：" + "已完成材料报送。" * 3000
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert any("磁盘已满" in m for m in toasts(app))
            assert app.is_running and ledger.notes(1) == []
            await pilot.press("space")  # the clerk carries on: a tick needs no new page
            await settle(pilot)
            assert find_row(app, "[x] 1 ")
    finally:
        ledger.close()
