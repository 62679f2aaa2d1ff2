"""Opening a database: what is initialised, what is refused (and left byte-identical), what opens
read-only, and that opening a current database writes nothing."""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conftest import TickingClock, make_draft
from store import schema
from store.errors import DatabaseRefused, ReadOnlyError
from store.ledger import Ledger

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return [p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def build_db(path: Path, *, wal_checkpointed: bool = True) -> None:
    """A real taizhang database with a plan in it, checkpointed and closed like sample.db."""
    with Ledger(path, clock=TickingClock(), actor="builder") as led:
        led.import_plan(make_draft())
        led.toggle_done(1)
        led.add_note(2, "一条备注")
        if wal_checkpointed:
            led.checkpoint()


def refused(path: Path, code: str, **kw) -> DatabaseRefused:
    """Open `path`, expect refusal with `code`, and check nothing was written or created."""
    before = sha(path) if path.is_file() else None
    with pytest.raises(DatabaseRefused) as info:
        Ledger(path, clock=TickingClock(), **kw)
    assert info.value.code == code
    if before is not None:
        assert sha(path) == before
        assert sidecars(path) == []
    assert str(path) in info.value.message("zh")
    return info.value


# ---- initialising --------------------------------------------------------------------------


def pragmas(path: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA journal_mode").fetchone()[0],
        )
    finally:
        conn.close()


def test_new_file_is_initialised(tmp_path):
    path = tmp_path / "sub" / "new.db"  # a missing folder is made too
    with Ledger(path, clock=TickingClock()) as led:
        assert led.read_only is False
        assert led.plans() == []
        conn = led.db.conn()
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert pragmas(path) == (schema.APPLICATION_ID, schema.SCHEMA_VERSION, "wal")


def test_empty_file_is_initialised(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Ledger(path, clock=TickingClock()) as led:
        assert led.import_plan(make_draft()).tasks == 6
    assert pragmas(path)[:2] == (schema.APPLICATION_ID, schema.SCHEMA_VERSION)


def test_empty_sqlite_database_is_initialised(tmp_path):
    path = tmp_path / "blank.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    with Ledger(path, clock=TickingClock()) as led:
        assert led.plans() == []
    assert pragmas(path)[0] == schema.APPLICATION_ID


def test_reopening_keeps_data(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    with Ledger(path, clock=TickingClock()) as led:
        assert [t.state for t in led.tasks()][:2] == ["done", "doing"]
        assert led.notes(2)[0].text == "一条备注"


# ---- refusing ------------------------------------------------------------------------------


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "a.db"
    folder.mkdir()
    refused(folder, "db.is_directory")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file\n" * 20, b"PK\x03\x04" + bytes(200), b"x", "序号,任务\n".encode()],
)
def test_not_sqlite_is_refused(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    refused(path, "db.not_sqlite")


@pytest.mark.parametrize("keep", [0.5, 50, 10])
def test_truncated_is_refused(tmp_path, keep):
    path = tmp_path / "t.db"
    build_db(path)
    data = path.read_bytes()
    size = int(len(data) * keep) if isinstance(keep, float) else keep
    path.write_bytes(data[:size])
    refused(path, "db.corrupt")


def test_garbage_after_a_valid_header_is_corrupt(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    refused(path, "db.corrupt")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_foreign_database_is_refused(tmp_path, journal):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    refused(path, "db.foreign")
    refused(path, "db.foreign", read_only=True)


def test_other_application_id_is_foreign_even_without_tables(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    refused(path, "db.foreign")


def test_newer_version_is_refused(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert sidecars(path) == []
    err = refused(path, "db.newer")
    assert err.params["found"] == schema.SCHEMA_VERSION + 1
    assert err.params["ours"] == schema.SCHEMA_VERSION
    assert str(schema.SCHEMA_VERSION + 1) in err.message("zh")


def test_missing_file_read_only_is_refused(tmp_path):
    with pytest.raises(DatabaseRefused) as info:
        Ledger(tmp_path / "none.db", read_only=True)
    assert info.value.code == "db.missing"
    assert not (tmp_path / "none.db").exists()


# ---- opening a current database writes nothing ----------------------------------------------


def test_opening_a_current_database_leaves_its_bytes(tmp_path):
    path = tmp_path / "sample.db"
    build_db(path)
    assert sidecars(path) == []
    before = sha(path)
    with Ledger(path, clock=TickingClock(), actor="reader") as led:
        plans = led.plans()
        for s in led.sections(plans[0].id):
            led.sections(plans[0].id, s.id)
        led.tasks(plan_id=plans[0].id)
        assert led.search("疫情")
        assert led.history(1)
        led.units()
        led.data_version()
        assert led.can_undo() is False  # "reader" changed nothing
    assert sha(path) == before
    assert sidecars(path) == []


def test_checkpoint_leaves_no_wal(tmp_path):
    path = tmp_path / "t.db"
    with Ledger(path, clock=TickingClock()) as led:
        led.import_plan(make_draft())
        led.checkpoint()
        assert (tmp_path / "t.db-wal").stat().st_size == 0
    assert sidecars(path) == []


# ---- read-only -----------------------------------------------------------------------------


def writes(led: Ledger):
    """Every write method, called once each."""
    return [
        lambda: led.import_plan(make_draft(title="另一个方案")),
        lambda: led.set_state(1, "done"),
        lambda: led.cycle_state(1),
        lambda: led.toggle_done(1),
        lambda: led.add_note(1, "x"),
        lambda: led.edit_note(1, "y"),
        lambda: led.delete_note(1),
        lambda: led.undo(),
        lambda: led.redo(),
        lambda: led.checkpoint(),
    ]


def test_read_only_flag(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    before = sha(path)
    with Ledger(path, clock=TickingClock(), actor="builder", read_only=True) as led:
        assert led.read_only is True
        assert len(led.tasks()) == 6
        assert led.search("年报") == [3, 4]
        for write in writes(led):
            with pytest.raises(ReadOnlyError):
                write()
        assert [t.state for t in led.tasks()][:2] == ["done", "doing"]
    assert sha(path) == before


def test_read_only_error_renders(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    with Ledger(path, read_only=True) as led, pytest.raises(ReadOnlyError) as info:
        led.toggle_done(1)
    assert "只读" in info.value.message("zh")


CHILD = textwrap.dedent(
    """
    import json, sys
    from store.ledger import Ledger
    from store.errors import ReadOnlyError
    out = {}
    with Ledger(sys.argv[1], actor="me") as led:
        out["read_only"] = led.read_only
        out["tasks"] = len(led.tasks())
        out["search"] = led.search("年报")
        try:
            led.toggle_done(1)
            out["write"] = "allowed"
        except ReadOnlyError:
            out["write"] = "refused"
    print(json.dumps(out))
    """
)


def _drop_dac_override() -> None:
    """In the child: give up root's licence to ignore file permissions (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH), so a 0444 file is as read-only for it as for anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _open_in_child(path: Path) -> dict:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            preexec_fn=_drop_dac_override, cwd=str(REPO),
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"cannot drop root's file-permission override here: {e}")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _open_here(path: Path) -> dict:
    with Ledger(path, actor="me") as led:
        out = {"read_only": led.read_only, "tasks": len(led.tasks()), "search": led.search("年报")}
        try:
            led.toggle_done(1)
            out["write"] = "allowed"
        except ReadOnlyError:
            out["write"] = "refused"
    return out


@pytest.mark.parametrize("lock", ["file", "folder"])
def test_file_we_may_not_write_opens_read_only(tmp_path, lock):
    """chmod 0444 on the file, or 0555 on its folder (then SQLite cannot make its -shm and needs
    immutable=1). Root writes anyway, so as root the check runs in a child process that has
    dropped CAP_DAC_OVERRIDE; as anyone else, here."""
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "t.db"
    build_db(path)
    if lock == "file":
        path.chmod(0o444)
    else:
        folder.chmod(0o555)
    before = sha(path)
    try:
        if os.access(path, os.W_OK) and os.access(folder, os.W_OK):
            if not sys.platform.startswith("linux"):
                pytest.skip("the file stays writable for this user")
            out = _open_in_child(path)
        else:
            out = _open_here(path)
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert out == {"read_only": True, "tasks": 6, "search": [3, 4], "write": "refused"}
    assert sha(path) == before
    if lock == "folder":
        assert sidecars(path) == []


# ---- the frozen v1 schema --------------------------------------------------------------------


def test_frozen_schema_file_is_schema_v1():
    frozen = (DATA / "schema_v1.sql").read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert frozen == schema.SCHEMA_V1


def test_database_built_from_frozen_v1_opens(tmp_path):
    """A real v1 database made from the frozen DDL (as an old taizhang made it) opens, is
    migrated to the current version, and works."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in schema._statements((DATA / "schema_v1.sql").read_text("utf-8")):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("COMMIT")
    conn.close()
    with Ledger(path, clock=TickingClock()) as led:
        result = led.import_plan(make_draft())
        assert result.tasks == 6
        assert led.search("疫情")
    assert pragmas(path)[:2] == (schema.APPLICATION_ID, schema.SCHEMA_VERSION)


def test_migrate_is_a_no_op_when_another_process_got_there_first(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert schema.migrate(conn, 0) == schema.SCHEMA_VERSION  # user_version is re-read
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 1
    finally:
        conn.close()


# ---- connections ---------------------------------------------------------------------------


def test_one_connection_per_thread(ledger, plan_id):
    seen = {}

    def work():
        seen["conn"] = ledger.db.conn()
        seen["tasks"] = len(ledger.tasks())
        seen["changed"] = ledger.toggle_done(3) is not None

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["tasks"] == 6 and seen["changed"]
    assert seen["conn"] is not ledger.db.conn()
    assert ledger.task(3).state == "done"  # the other thread's commit is visible here


def test_data_version_sees_another_process(tmp_path):
    path = tmp_path / "t.db"
    build_db(path)
    with Ledger(path, actor="a") as one, Ledger(path, actor="b") as two:
        before = one.data_version()
        assert one.data_version() == before  # nothing happened
        two.toggle_done(5)
        assert one.data_version() != before
        assert one.task(5).state == "done"


def test_close_then_use_fails(tmp_path):
    led = Ledger(tmp_path / "t.db")
    led.close()
    with pytest.raises(Exception):
        led.plans()


CHILD_OUTCOME = textwrap.dedent(
    """
    import json, sys
    from store.ledger import Ledger
    from store.errors import TaizhangError
    try:
        with Ledger(sys.argv[1], actor="me") as led:
            print(json.dumps({"read_only": led.read_only, "tasks": len(led.tasks())}))
    except TaizhangError as e:
        print(json.dumps({"refused": e.code, "message": e.message("zh")}))
    """
)


@pytest.mark.parametrize("wal", ["empty", "holding changes"])
def test_a_healthy_database_in_a_read_only_folder_is_never_called_damaged(tmp_path, wal):
    """A -wal file beside the database and no -shm, in a folder no one may write: an empty WAL
    changes nothing (the file opens read-only); one holding changes cannot be read here (SQLite
    needs its -shm), which is said as it is — never "damaged, restore a backup"."""
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "t.db"
    build_db(path)
    if wal == "empty":
        (folder / "t.db-wal").write_bytes(b"")
    else:
        code = ("import os, sys\nfrom store.ledger import Ledger\nled = Ledger(sys.argv[1])\n"
                "led.defer_checkpoints()\nled.toggle_done(1)\nos._exit(0)\n")
        subprocess.run([sys.executable, "-c", code, str(path)], cwd=str(REPO), check=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
        assert (folder / "t.db-wal").stat().st_size > 0
    (folder / "t.db-shm").unlink(missing_ok=True)
    before = sha(path)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK) and not sys.platform.startswith("linux"):
            pytest.skip("the folder stays writable for this user")
        try:
            proc = subprocess.run(
                [sys.executable, "-c", CHILD_OUTCOME, str(path)],
                preexec_fn=_drop_dac_override if os.access(folder, os.W_OK) else None,
                cwd=str(REPO), env={**os.environ, "PYTHONPATH": str(REPO)},
                capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as e:
            pytest.skip(f"cannot drop root's file-permission override here: {e}")
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    if wal == "empty":
        assert out == {"read_only": True, "tasks": 6}
    else:
        assert out["refused"] == "db.read_only_wal"
        assert "只读" in out["message"] and "没有损坏" in out["message"]
    assert sha(path) == before
