"""Backups before imports and migrations, by hand, and restoring one."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import make_draft

from store import schema
from store.backup import KEEP, list_backups
from store.errors import DatabaseRefused
from store.ledger import Ledger
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
V1_DB = ROOT / "tests" / "data" / "ledger_v1.db"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_no_backup_of_an_empty_ledger_then_one_before_the_next_import(tmp_path):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
        assert list_backups(db) == []
        led.import_plan(make_draft(title="第二个方案", sha256="c" * 64, doc_no=None))
        backups = list_backups(db)
        assert len(backups) == 1 and backups[0].parent == tmp_path / "backups"
    with Ledger(backups[0], read_only=True) as copy:
        assert [p.title for p in copy.plans()] == ["某市2021年政务公开工作要点分工方案"]


def test_a_skipped_import_makes_no_backup(tmp_path):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
        assert led.import_plan(make_draft()).skipped
    assert list_backups(db) == []


def test_only_the_newest_ten_are_kept(tmp_path):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
        made = [led.backup() for _ in range(KEEP + 3)]
    kept = list_backups(db)
    assert len(kept) == KEEP
    assert kept == made[-KEEP:]


def test_restore_brings_the_old_content_back_and_saves_the_current(tmp_path, capsys):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
        task = led.tasks(plan_id=led.plans()[0].id, recursive=True)[0]
        saved = led.backup()
        led.set_state(task.id, "done")
    assert main(["restore", str(saved), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已从" in out and "恢复前的数据已备份到" in out
    with Ledger(db, actor="a") as led:
        assert led.task(task.id).state == "todo"
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    restored_backups = [p for p in list_backups(db) if p.name.endswith("-restore.db")]
    with Ledger(restored_backups[0], read_only=True) as before:
        assert before.task(task.id).state == "done"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, capsys):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    assert main(["restore", str(other), "--db", str(db)]) == 1
    assert "其他程序" in capsys.readouterr().err
    with Ledger(db, actor="a") as led:
        assert len(led.plans()) == 1


def test_backup_command_prints_where(tmp_path, capsys):
    db = tmp_path / "t.db"
    with Ledger(db, actor="a") as led:
        led.import_plan(make_draft())
    assert main(["backup", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "backups") in out
    assert len(list_backups(db)) == 1


def test_a_version_1_database_of_the_first_release_opens_with_nothing_lost(tmp_path):
    """tests/data/ledger_v1.db was written by the first release (schema v1, sample plans,
    some ticks and notes). Opening it with this release migrates it (after a backup when there
    is anything to migrate) and keeps every plan, task, state, note and change."""
    db = tmp_path / "old.db"
    db.write_bytes(V1_DB.read_bytes())
    raw = sqlite3.connect(db)
    before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("plans", "sections", "tasks", "units", "task_units", "notes", "changesets", "changes")}
    states = raw.execute("SELECT key, state FROM tasks ORDER BY key").fetchall()
    version = raw.execute("PRAGMA user_version").fetchone()[0]
    raw.close()
    assert version == 1
    with Ledger(db, actor="a") as led:
        assert len(led.plans()) == before["plans"]
        notes = sum(len(led.notes(t.id)) for p in led.plans() for t in led.tasks(plan_id=p.id, recursive=True))
    raw = sqlite3.connect(db)
    after = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before
    assert raw.execute("SELECT key, state FROM tasks ORDER BY key").fetchall() == states
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    assert notes >= 1
    if schema.SCHEMA_VERSION > 1:
        assert any(p.name.endswith("-migrate.db") for p in list_backups(db))


def test_a_newer_database_is_refused_and_not_backed_up(tmp_path):
    db = tmp_path / "new.db"
    db.write_bytes(V1_DB.read_bytes())
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    data = db.read_bytes()
    with pytest.raises(DatabaseRefused):
        Ledger(db, actor="a")
    assert db.read_bytes() == data
    assert list_backups(db) == []
