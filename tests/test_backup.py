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
    # the per-plan counts of schema v4 start from the tasks the old file had
    assert raw.execute("SELECT plan_id, state, n FROM plan_task_counts ORDER BY 1, 2").fetchall() == \
        raw.execute("SELECT plan_id, state, count(*) FROM tasks GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    raw.close()
    assert notes >= 1
    if schema.SCHEMA_VERSION > 1:
        assert any(p.name.endswith("-migrate.db") for p in list_backups(db))


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _next_schema(monkeypatch, migration: str) -> None:
    """This release plus one schema change: what an update bundle with a new schema brings."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, migration])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))


def test_the_first_start_after_a_schema_change_backs_up_then_migrates(tmp_path, monkeypatch, capsys):
    """An update leaves the database alone; the next start (any command, or the UI) copies it
    into backups/ as it was, then migrates it, keeping every row."""
    db = tmp_path / "taizhang.db"
    db.write_bytes(V1_DB.read_bytes())
    before = _dump(db)
    _next_schema(monkeypatch, "ALTER TABLE tasks ADD COLUMN reviewed_at TEXT;")
    assert main(["status", "--db", str(db)]) == 0
    assert "#1" in capsys.readouterr().out
    backups = list_backups(db)
    assert [p.name.endswith("-migrate.db") for p in backups] == [True]
    assert _user_version(backups[0]) == 1 and _dump(backups[0]) == before  # the database as it was
    assert _user_version(db) == schema.SCHEMA_VERSION
    conn = sqlite3.connect(db)
    assert "reviewed_at" in [r[1] for r in conn.execute("PRAGMA table_info(tasks)")]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # every row of every table as it was, in the columns it had (migrations add columns)
    old = sqlite3.connect(backups[0])
    new = sqlite3.connect(db)
    try:
        tables = [r[0] for r in old.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%search%' "
            "AND name NOT LIKE 'sqlite_%'")]
        assert "plans" in tables and "tasks" in tables
        for table in tables:
            cols = ", ".join(f'"{r[1]}"' for r in old.execute(f'PRAGMA table_info("{table}")'))
            rows = f'SELECT {cols} FROM "{table}" ORDER BY rowid'
            assert old.execute(rows).fetchall() == new.execute(rows).fetchall(), table
    finally:
        old.close()
        new.close()
    with Ledger(db, actor="a"):  # the start after that: nothing more to migrate, no new backup
        pass
    assert len(list_backups(db)) == 1


def test_a_migration_that_fails_leaves_the_database_as_it_was_and_the_backup(tmp_path, monkeypatch):
    db = tmp_path / "taizhang.db"
    db.write_bytes(V1_DB.read_bytes())
    before = _dump(db)
    _next_schema(monkeypatch, "ALTER TABLE tasks ADD COLUMN reviewed_at TEXT;\nCREATE TABLE plans (x);")
    with pytest.raises(sqlite3.OperationalError):
        Ledger(db, actor="a")
    assert _user_version(db) == 1 and _dump(db) == before
    backups = list_backups(db)
    assert len(backups) == 1 and _dump(backups[0]) == before


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
