"""Damaged files: a write-ahead log that does not replay whole, a database that fails SQLite's
check, a full disk, names carrying terminal control. Nothing committed is thrown away without
the clerk being told and a copy kept; nothing is written into a damaged file."""
from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store.backup import list_backups
from store.db import wal
from store.errors import TaizhangError
from store.ledger import Ledger
from tui.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DB = ROOT / "sample.db"
COMMITS = 39

LEAVE_WAL = r"""
import os, sys
sys.path.insert(0, sys.argv[2])
from store.ledger import Ledger
led = Ledger(sys.argv[1], actor="clerk")
led.defer_checkpoints()  # every commit stays in the WAL, as in the app
ids = [t.id for t in led.tasks(plan_id=led.plans()[0].id)][:int(sys.argv[3])]
for i in ids:
    led.set_state(i, "done", source="cli")
print(len(ids), flush=True)
os._exit(0)  # killed: no close, no checkpoint; the WAL stays beside the file
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def left_wal(tmp_path) -> Path:
    """A ledger whose last 39 ticks are only in the WAL a killed copy left behind."""
    db = tmp_path / "台账.db"
    shutil.copyfile(SAMPLE_DB, db)
    out = subprocess.run([sys.executable, "-c", LEAVE_WAL, str(db), str(ROOT), str(COMMITS)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(COMMITS)
    assert (tmp_path / "台账.db-wal").stat().st_size > 0
    return db


def _done(db: Path) -> int:
    conn = sqlite3.connect(db.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM tasks WHERE state = 'done'").fetchone()[0]
    finally:
        conn.close()


def _flip_middle_byte(db: Path) -> None:
    """One byte flipped inside a page of a frame in the middle of the log."""
    path = db.with_name(db.name + "-wal")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[8:12], "big")
    frames = (len(data) - 32) // (24 + page_size)
    middle = 32 + (frames // 2) * (24 + page_size) + 24 + page_size // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))


def _zero_header(db: Path) -> None:
    path = db.with_name(db.name + "-wal")
    data = bytearray(path.read_bytes())
    data[:32] = bytes(32)
    path.write_bytes(bytes(data))


def test_an_intact_wal_left_by_a_killed_copy_replays_whole(left_wal):
    state = wal.inspect(left_wal)
    assert state is not None and not state.damaged
    assert state.commits == COMMITS and state.lost_commits == 0
    with Ledger(left_wal, actor="clerk") as led:
        assert led.db.wal_recovery is None
    assert _done(left_wal) == COMMITS
    assert not list(left_wal.parent.glob("backups/*damaged*"))


@pytest.mark.parametrize("damage", [_flip_middle_byte, _zero_header], ids=["byte flipped", "header zeroed"])
def test_a_read_only_command_on_a_damaged_wal_tells_keeps_a_copy_and_deletes_nothing(left_wal, capsys, damage):
    damage(left_wal)
    wal_file = left_wal.with_name(left_wal.name + "-wal")
    before = {p.name: _sha(p) for p in (left_wal, wal_file)}
    state = wal.inspect(left_wal)
    assert state.damaged and state.commits + state.lost_commits <= COMMITS
    code = cli(["status", "--db", str(left_wal)])
    err = capsys.readouterr().err
    assert code == 0
    assert "日志文件（-wal）已损坏" in err and f"其后 {state.lost_commits} 次保存无法读取" in err
    # nothing deleted, nothing checkpointed: the files are as they were
    assert wal_file.exists()
    assert {p.name: _sha(p) for p in (left_wal, wal_file)} == before
    # and a copy of both, as they were, where the message says
    copies = list((left_wal.parent / "backups").glob("台账-*-damaged-wal"))
    assert len(copies) == 1 and str(copies[0]) in " ".join(err.split())
    assert {p.name: _sha(p) for p in copies[0].iterdir() if p.name in before} == before


def test_opening_a_damaged_wal_read_write_keeps_the_files_first(left_wal):
    _flip_middle_byte(left_wal)
    wal_file = left_wal.with_name(left_wal.name + "-wal")
    original_wal = _sha(wal_file)
    with Ledger(left_wal, actor="clerk") as led:
        code, params = led.db.wal_recovery_message()
        assert code == "db.wal_damaged" and params["lost"] > 0
        copy = Path(params["copy"])
    # SQLite replayed what it could and, on closing, dropped the rest: the copy still has it
    assert _sha(copy / wal_file.name) == original_wal
    assert params["commits"] < COMMITS


def test_an_unfinished_last_frame_is_not_called_damage(left_wal):
    """Another copy writing its last frame at that moment, or a crash mid-frame."""
    wal_file = left_wal.with_name(left_wal.name + "-wal")
    data = wal_file.read_bytes()
    wal_file.write_bytes(data[:-100])
    state = wal.inspect(left_wal)
    assert not state.damaged


@pytest.fixture
def foreign_wal(tmp_path) -> Path:
    """sample.db copied over a ledger whose -wal stayed behind (`cp sample.db 台账.db` while a
    killed copy's log of another file was still there): the log's checksums are right, but
    replayed onto this file it makes a malformed database."""
    from conftest import make_draft

    db = tmp_path / "台账.db"
    with Ledger(db, actor="clerk") as other:
        other.import_plan(make_draft())
    subprocess.run([sys.executable, "-c", LEAVE_WAL, str(db), str(ROOT), "6"], check=True,
                   capture_output=True)
    shutil.copyfile(SAMPLE_DB, db)
    return db


def test_a_wal_of_another_file_is_never_replayed_read_only_leaves_everything(foreign_wal, capsys):
    wal_file = foreign_wal.with_name(foreign_wal.name + "-wal")
    before = {p.name: _sha(p) for p in (foreign_wal, wal_file)}
    assert not wal.inspect(foreign_wal).damaged  # its checksums are right: only SQLite can tell
    code = cli(["status", "--db", str(foreign_wal)])
    out, err = capsys.readouterr()
    assert code == 0 and "日志文件（-wal）无法使用" in err and "文件未被改动" in err
    assert "广东省贯彻落实" in out  # the sample's own plans, read from the file alone
    assert {p.name: _sha(p) for p in (foreign_wal, wal_file)} == before


def test_a_wal_of_another_file_is_set_aside_with_a_copy_when_opened_for_writing(foreign_wal):
    wal_file = foreign_wal.with_name(foreign_wal.name + "-wal")
    original = {p.name: _sha(p) for p in (foreign_wal, wal_file)}
    with Ledger(foreign_wal, actor="clerk") as led:
        code, params = led.db.wal_recovery_message()
        assert code == "db.wal_unusable"
        assert [p.title for p in led.plans()][:1] == ["广东省贯彻落实国务院办公厅2021年政务公开工作要点分工方案"]
        led.set_state(led.tasks(plan_id=led.plans()[0].id)[0].id, "done")  # and it takes writes
    copy = Path(params["copy"])
    assert {p.name: _sha(p) for p in copy.iterdir() if p.name in original} == original
    with Ledger(foreign_wal, actor="clerk") as again:  # the next opening is an ordinary one
        assert again.db.wal_recovery is None and again.db.verify() is None


# ---- a database that fails the check ------------------------------------------------------------


def _damage_a_page(db: Path) -> None:
    """Random bytes (seeded) over the first page of the tasks table; the file's header is left
    alone, so it still opens."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tasks'").fetchone()[0]
    conn.close()
    noise = random.Random(7).randbytes(page_size)
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(noise)


@pytest.fixture
def damaged(tmp_path) -> Path:
    db = tmp_path / "台账.db"
    shutil.copyfile(SAMPLE_DB, db)
    with Ledger(db, actor="clerk") as led:
        good = led.backup("manual")  # a good backup to be named
    assert good.exists()
    _damage_a_page(db)
    return db


def test_a_damaged_database_is_never_written_and_the_good_backup_is_named(damaged):
    before = _sha(damaged)
    good = list_backups(damaged)[-1]
    with Ledger(damaged, actor="clerk") as led:
        with pytest.raises(TaizhangError) as refused:
            led.set_state(1, "done")
        assert refused.value.code == "db.damaged"
        assert str(good) in refused.value.message("zh") and "已损坏" in refused.value.message("zh")
        with pytest.raises(TaizhangError) as no_backup:
            led.backup("manual")  # the damage is not copied as if it were a good backup
        assert no_backup.value.code == "db.damaged"
    assert _sha(damaged) == before
    assert list_backups(damaged) == [good]


def test_cli_commands_on_a_damaged_database_give_a_message_not_a_traceback(damaged, capsys, tmp_path):
    before = _sha(damaged)
    # writing and backing up refuse; reading what the damage hides says so
    for args in (["export", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")], ["backup"],
                 ["import", str(ROOT / "samples" / "003_d7a12fbcf31fc583.txt")]):
        code = cli([*args, "--db", str(damaged)])
        out = capsys.readouterr()
        assert code == 1, args
        assert "Traceback" not in out.err and "已损坏" in out.err, (args, out.err)
        assert str(list_backups(damaged)[-1]) in " ".join(out.err.split())
    assert _sha(damaged) == before
    assert not (tmp_path / "x.xlsx").exists()
    # the status of plans reads the counts, which the damage spared: it may answer, never crash
    code = cli(["status", "--db", str(damaged)])
    assert "Traceback" not in capsys.readouterr().err


def test_a_damaged_backup_is_refused_for_restoring(tmp_path):
    db = tmp_path / "台账.db"
    shutil.copyfile(SAMPLE_DB, db)
    bad = tmp_path / "坏的备份.db"
    shutil.copyfile(SAMPLE_DB, bad)
    _damage_a_page(bad)
    with Ledger(db, actor="clerk") as led:
        with pytest.raises(TaizhangError) as refused:
            led.restore(bad)
        assert refused.value.code == "backup.damaged"
        assert led.plans()  # untouched
    assert _sha(db) == _sha(SAMPLE_DB)


def test_a_damaged_database_can_still_be_restored_from_a_good_backup(damaged):
    good = list_backups(damaged)[-1]
    with Ledger(damaged, actor="clerk") as led:
        saved = led.restore(good)
        assert saved is not None and saved.is_dir()  # the damaged files, kept as they were
        led.set_state(1, "done")  # checked again: good now
        assert led.task(1).state == "done"


# ---- a full disk -----------------------------------------------------------------------------


def test_a_full_disk_is_a_message_and_nothing_half_written(tmp_path):
    """SQLite's SQLITE_FULL, as a full disk gives it (max_page_count stands in for the disk)."""
    db = tmp_path / "台账.db"
    shutil.copyfile(SAMPLE_DB, db)
    with Ledger(db, actor="clerk") as led:
        conn = led.db.conn()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(TaizhangError) as full:
            led.add_note(1, "很长的进展说明" * 4000)
        assert full.value.code == "db.disk_full" and "磁盘已满" in full.value.message("zh")
        assert led.notes(1) == []
        assert led.peek_undo() is None  # no change-set left behind either
        conn.execute("PRAGMA max_page_count = 1073741823")
        led.add_note(1, "空间够了")
        assert [n.text for n in led.notes(1)] == ["空间够了"]


# ---- names ----------------------------------------------------------------------------------


def test_control_characters_in_the_clerks_name_never_reach_the_history(tmp_path):
    db = tmp_path / "台账.db"
    shutil.copyfile(SAMPLE_DB, db)
    with Ledger(db, actor="张三\x1b[2J\x1b]0;pwned\x07", actor_unit="市政府办\r\n") as led:
        cs = led.set_state(1, "done")
        assert cs.actor == "张三" and cs.actor_unit == "市政府办"
        led.actor = "李四\x1b[31m"
        assert led.set_state(1, "todo").actor == "李四"
