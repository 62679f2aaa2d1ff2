"""The database core: the file, a connection per thread, and the only way to write.

Every write is a `Transaction` (`BEGIN IMMEDIATE` … `COMMIT`, rolled back on any exception),
and every change a person can see or undo is recorded through it: `tx.change(...)` writes a
field through the rule its part registered and records it in the transaction's change-set;
`tx.record(...)` records a row the part wrote itself (a note created, a plan imported). The
change-set is made on the first record, so a transaction that changes nothing the history
keeps (a round opened, a form sent) leaves none. The undo bookkeeping — a new ordinary change
makes the older change-sets that undo refused worth offering again — happens here, at commit,
once for every write path.

Each thread gets its own connection (the UI calls in from Textual thread workers); SQLite's
errors on writing (busy, disk full, I/O, read-only) become errors in the clerk's language here.
"""
from __future__ import annotations

import getpass
import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from store import schema
from store.db import opening, recovery, wal
from store.db.rules import FieldRules
from store.textclean import strip_control
from store.errors import ReadOnlyError, TaizhangError
from store.models import Change, ChangeSet

SOURCES = ("ui", "cli", "import", "merge")
OWN_UNIT: Any = type("OwnUnit", (), {"__repr__": lambda self: "OWN_UNIT"})()
"""`actor_unit=` default of a change-set: the database's own actor's unit."""

BUSY_WAIT = 20.0
"""Seconds a write waits, in all, for another copy of taizhang to let go of the write lock
(a long import there) before it gives up with `db.busy`."""
BUSY_STEP = 0.1
"""Each try at the lock waits this long inside SQLite: short, so the caller hears about the
wait (`on_busy`) at once and can tell the clerk."""


def system_clock() -> datetime:
    return datetime.now().astimezone()


def login_name() -> str:
    try:
        return getpass.getuser() or "user"
    except Exception:  # noqa: BLE001 - no login name on this system: any failure means "user"
        return "user"


def encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def id_list(values: Iterable[int]) -> str:
    """A JSON list for `IN (SELECT value FROM json_each(?))`: no limit on the number of ids."""
    return json.dumps([int(v) for v in values])


class Database:
    """An open taizhang database file."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        clock: Callable[[], datetime] | None = None,
        actor: str | None = None,
        actor_unit: str | None = None,
        read_only: bool = False,
    ):
        self.path = Path(path)
        self.clock = clock or system_clock
        self.actor = actor or login_name()
        self.actor_unit = actor_unit
        self.rules = FieldRules()
        self.undo_skips: set[int] = set()
        """Change-sets undo refused (changed since): the next undo offers the one before.
        Forgotten when a new ordinary change is committed (`Transaction`)."""
        self.read_only = False
        self.on_busy: Callable[[], None] | None = None
        """Called (on the writing thread) when a write has to wait for another program."""
        self._uri: str | None = None
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._defer_checkpoints = False
        self._commits_since_checkpoint = 0
        self.wal_recovery: recovery.WalRecovery | None = None
        """Set when the WAL left beside the file did not replay whole (see `store.db.wal`)."""
        self._checked: bool | None = None  # quick_check passed (None: not run yet)
        self._check_lock = threading.Lock()
        try:
            self._open(read_only)
        except BaseException:
            self.close()
            raise

    @property
    def actor(self) -> str:
        return self._actor

    @actor.setter
    def actor(self, name: str) -> None:
        """Names come from the config and the login: never terminal control in the history."""
        cleaned, _ = strip_control(name or "")
        self._actor = " ".join(cleaned.split()) or "user"

    @property
    def actor_unit(self) -> str | None:
        return self._actor_unit

    @actor_unit.setter
    def actor_unit(self, unit: str | None) -> None:
        cleaned = " ".join(strip_control(unit)[0].split()) if unit else ""
        self._actor_unit = cleaned or None

    # ---- opening and closing -------------------------------------------------------------

    def _open(self, read_only: bool) -> None:
        found = opening.inspect(self.path)
        state = wal.inspect_settled(self.path) if not found.fresh else None
        if found.wal_unusable:
            without = read_only or not opening.writable(self.path, True)
            if without and found.version < schema.SCHEMA_VERSION:
                raise ReadOnlyError(path=str(self.path))  # nothing to read until it is migrated
            self._open_without_wal(without, state)
            if self.read_only:
                return
        elif state is not None and state.damaged:
            # Before SQLite replays what it can (and a read-write close deletes the rest).
            self.wal_recovery = recovery.WalRecovery(
                state, recovery.copy_aside(self.path, "damaged-wal"))
        if read_only or not opening.writable(self.path, found.exists):
            if not found.exists:
                raise opening.refuse(self.path, "db.missing")
            if found.version < schema.SCHEMA_VERSION:
                raise ReadOnlyError(path=str(self.path))  # nothing to read until it is migrated
            self.read_only = True
            self._uri = opening.read_only_uri(self.path)
            self.conn()
            return
        if not found.exists:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.conn()
        if found.version < schema.SCHEMA_VERSION:
            if found.version > 0:
                self.verify()  # never migrate (nor back up as good) a damaged file
                from store.backup import write_backup  # only when migrating: not on every start

                write_backup(conn, self.path, "migrate")  # data to keep: copy it first
            schema.migrate(conn, found.version)

    def _open_without_wal(self, read_only: bool, state) -> None:
        """A -wal that makes a sound file unreadable (opening.Found.wal_unusable) is never
        replayed: a read-only opening reads the file alone and leaves everything in place; a
        read-write one first copies the file and the log into backups/, then removes the log
        (refused, nothing touched, when no copy can be made)."""
        if read_only:
            self.read_only = True
            self._uri = self.path.absolute().as_uri() + "?mode=ro&immutable=1"
            self.wal_recovery = recovery.WalRecovery(state, None, unusable=True)
            self.conn()
            return
        copy = recovery.set_aside_unusable_wal(self.path)
        if copy is None:
            raise opening.refuse(self.path, "db.wal_unusable_no_copy")
        self.wal_recovery = recovery.WalRecovery(state, copy, unusable=True)

    def wal_recovery_message(self) -> tuple[str, dict] | None:
        """What to tell the clerk about a damaged WAL found on opening (catalog code, params)."""
        found = self.wal_recovery
        if found is None:
            return None
        if found.unusable:
            if found.copy is None:
                return "db.wal_unusable_read_only", {}
            return "db.wal_unusable", {"copy": str(found.copy)}
        params = {"commits": found.state.commits, "lost": found.state.lost_commits}
        if found.copy is None:
            return "db.wal_damaged_no_copy", params
        return "db.wal_damaged", {**params, "copy": str(found.copy)}

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            return conn
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        opening.configure_writer(conn)
        if self._defer_checkpoints:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        return conn

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (made on first use), for reading."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise TaizhangError("error.generic", detail="the ledger is closed")
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        """Close every thread's connection (the last one out checkpoints and removes the WAL)."""
        with self._lock:
            self._closed = True
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()

    # ---- integrity -----------------------------------------------------------------------

    def verify(self) -> None:
        """SQLite's quick check of the whole file, once a session (before its first write, or
        earlier on a thread of its own: 0.7-1.2 s at 100,000 tasks). A damaged file: `db.damaged`, naming the newest backup
        that passes the check, and no write is made to it."""
        with self._check_lock:  # a write waits for a check under way on another thread
            if self._checked is None:
                self._checked = recovery.quick_check(self.conn())
        if not self._checked:
            good = recovery.newest_good_backup(self.path)
            if good is None:
                raise TaizhangError("db.damaged_no_backup", path=str(self.path))
            raise TaizhangError("db.damaged", path=str(self.path), backup=str(good))

    def restored(self) -> None:
        """The file's content was replaced (a backup restored): check it again, forget undo's
        skipped change-sets."""
        self._checked = None
        self.undo_skips.clear()

    # ---- time ----------------------------------------------------------------------------

    def now(self) -> str:
        """The clock's time as ISO 8601 local time with offset, to the second."""
        t = self.clock()
        if t.tzinfo is None:
            t = t.astimezone()
        return t.isoformat(timespec="seconds")

    def today(self) -> str:
        t = self.clock()
        if t.tzinfo is None:
            t = t.astimezone()
        return t.date().isoformat()

    # ---- other writers -------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes when another connection commits — never for this thread's own commits — so
        a copy that asks on the connection it writes with hears only of others' changes."""
        return self.conn().execute("PRAGMA data_version").fetchone()[0]

    # ---- checkpoints ---------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Copy the WAL into the main file and truncate it (for committing sample.db)."""
        if self.read_only:
            raise ReadOnlyError(path=str(self.path))
        self.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def defer_checkpoints(self) -> None:
        """From now on no commit checkpoints the WAL itself; the caller runs
        `checkpoint_passive()` off its UI thread instead.

        SQLite checkpoints inside whichever commit takes the WAL past 1,000 pages: copying them
        and syncing the file to disk, 50–100 ms at 100,000 tasks (more on a slow disk), once
        every hundred ticks or so — a freeze in the middle of a keystroke. Nothing is less
        safe: a commit is durable once it is in the WAL (synchronous=FULL), and whatever is
        still there when the last connection closes is checkpointed then."""
        if self.read_only:
            return
        self._defer_checkpoints = True
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            conn.execute("PRAGMA wal_autocheckpoint = 0")

    @property
    def commits_since_checkpoint(self) -> int:
        """Commits made through this database since the last checkpoint (`defer_checkpoints`)."""
        return self._commits_since_checkpoint

    def checkpoint_passive(self) -> bool:
        """Copy what the WAL holds into the database without waiting on readers or writers (a
        passive checkpoint, on this thread's connection); False if it could not copy it whole
        (a reader still needs part of it: the next call finishes it)."""
        if self.read_only:
            return True
        pending = self._commits_since_checkpoint
        busy, frames, copied = self.conn().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        done = not busy and frames == copied
        if done:
            self._commits_since_checkpoint = max(0, self._commits_since_checkpoint - pending)
        return done

    # ---- writing -------------------------------------------------------------------------

    @contextmanager
    def transaction(
        self,
        *,
        source: str = "ui",
        summary: str | None = None,
        kind: str = "change",
        target_id: int | None = None,
    ) -> Iterator["Transaction"]:
        """One write: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception. The arguments are
        those of the change-set the transaction records its changes in (made when the first
        change is recorded)."""
        if self.read_only:
            raise ReadOnlyError(path=str(self.path))
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        self.verify()
        conn = self.conn()
        self._begin(conn)
        tx = Transaction(self, conn, source=source, summary=summary, kind=kind, target_id=target_id)
        try:
            yield tx
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback(conn)
            raise write_error(e, self.path) from e
        except BaseException:
            self._rollback(conn)
            raise
        self._commits_since_checkpoint += 1
        if tx.ordinary:
            self.undo_skips.clear()

    def _begin(self, conn: sqlite3.Connection) -> None:
        """Take the write lock, waiting up to `BUSY_WAIT` for another program that holds it
        (saying so once through `on_busy`)."""
        deadline = time.monotonic() + BUSY_WAIT
        told = False
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_STEP * 1000)}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as e:
                    if not _is_busy(e):
                        raise write_error(e, self.path) from e
                    if time.monotonic() >= deadline:
                        raise TaizhangError("db.busy") from e
                    if not told and self.on_busy is not None:
                        told = True
                        self.on_busy()
        finally:
            conn.execute("PRAGMA busy_timeout = 5000")

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back on its own (disk full, I/O): nothing was committed

    def read_changesets(self, ids: list[int], only: Callable[[Change], bool] | None = None,
                        conn: sqlite3.Connection | None = None) -> list[ChangeSet]:
        """The change-sets with these ids, in the order given, each with its changes (those
        `only` keeps)."""
        if not ids:
            return []
        c = conn or self.conn()
        rows = c.execute(
            "SELECT id, at, actor, actor_unit, source, kind, target_id, summary FROM changesets "
            "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (id_list(ids),),
        ).fetchall()
        changes: dict[int, list[Change]] = {}
        for cs_id, tbl, row_id, field, before, after in c.execute(
            "SELECT changeset_id, tbl, row_id, field, before, after FROM changes "
            "WHERE changeset_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (id_list(ids),),
        ):
            ch = Change(tbl, row_id, field, decode(before), decode(after))
            if only is None or only(ch):
                changes.setdefault(cs_id, []).append(ch)
        by_id = {r[0]: ChangeSet(*r, changes=tuple(changes.get(r[0], ()))) for r in rows}
        return [by_id[i] for i in ids if i in by_id]


class Transaction:
    """A write in progress: its connection, its time, and its change-set."""

    def __init__(self, db: Database, conn: sqlite3.Connection, *, source: str,
                 summary: str | None, kind: str, target_id: int | None):
        self.db = db
        self.conn = conn
        self.at = db.now()
        """The time of every change in this transaction."""
        self._header = dict(source=source, summary=summary, kind=kind, target_id=target_id)
        self._changeset_id: int | None = None
        self.ordinary = False
        """An ordinary change-set was written (not an undo, not a redo, not replayed history)."""
        self.touched: set[int] = set()
        """Tasks whose 更新时间 this transaction has kept right (issue 19: `store.parts.tasks.touch`)."""

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    @property
    def changeset_id(self) -> int:
        """The transaction's change-set, made on first use."""
        if self._changeset_id is None:
            self._changeset_id = self.new_changeset(**self._header)
        return self._changeset_id

    def new_changeset(self, *, source: str, summary: str | None = None, kind: str = "change",
                      target_id: int | None = None, at: str | None = None,
                      actor: str | None = None, actor_unit: Any = OWN_UNIT) -> int:
        """Another change-set in this transaction (replayed history of another database)."""
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        unit = self.db.actor_unit if actor_unit is OWN_UNIT else actor_unit
        cs_id = self.conn.execute(
            "INSERT INTO changesets (at, actor, actor_unit, source, kind, target_id, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at or self.at, self.db.actor if actor is None else actor, unit, source, kind,
             target_id, summary),
        ).lastrowid
        if kind == "change" and summary != "replayed":
            self.ordinary = True
        return cs_id

    def record(self, change: Change, changeset_id: int | None = None) -> None:
        """Keep a change in the history (the row itself was written by the caller)."""
        self.conn.execute(
            "INSERT INTO changes (changeset_id, tbl, row_id, field, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (changeset_id or self.changeset_id, change.table, change.row_id, change.field,
             encode(change.before), encode(change.after)),
        )

    def record_created(self, table: str, row_id: int, what: Any) -> None:
        """Keep in the history that a row was added (undone by deleting it)."""
        self.record(Change(table, row_id, "created", None, what))

    def change(self, table: str, row_id: int, field: str, before: Any, after: Any) -> Change:
        """Write one field through its part's rule and keep the change in the history."""
        ch = Change(table, row_id, field, before, after)
        self.apply(ch)
        self.record(ch)
        return ch

    def apply(self, change: Change) -> None:
        """Write a change's "after" through the rule of its table and field (no record)."""
        self.db.rules.rule(change.table, change.field).apply(self, change.row_id, change.after)

    def describe(self, **header: Any) -> None:
        """Change what the change-set will say of itself (summary, target_id), before the
        first change is recorded."""
        if self._changeset_id is not None:
            raise RuntimeError("the change-set is already written")
        self._header.update(header)

    def changeset(self) -> ChangeSet | None:
        """The change-set as written so far (None when nothing was recorded)."""
        if self._changeset_id is None:
            return None
        return self.db.read_changesets([self._changeset_id], conn=self.conn)[0]

    # ---- issue 19: keeping the ledger by hand -------------------------------------------

    @property
    def kind(self) -> str:
        """What this transaction's change-set is: "change", "undo" or "redo"."""
        return self._header["kind"]

    @property
    def target_id(self) -> int | None:
        """For an undo, the change-set it undoes; for a redo, the undo it redoes."""
        return self._header["target_id"]

    def last_id(self, table: str) -> int:
        """The highest id `table` (tasks, sections, notes) has given: of the rows there are, of
        the rows the history names, and of rows deleted whole (`retire_ids`)."""
        if table not in _FRESH_TABLES:
            raise ValueError(f"no fresh ids for {table!r}")
        return self.conn.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), "
            "coalesce((SELECT max(row_id) FROM changes WHERE tbl = :t), 0), "
            "coalesce((SELECT max_id FROM id_floors WHERE tbl = :t), 0))", {"t": table},
        ).fetchone()[0]

    def fresh_id(self, table: str) -> int:
        """An id for a new row of `table` that no row has had: above every row there is and
        every row the history names. A deleted row's id is never given to another (SQLite's own
        choice, max(id) + 1, would), so undoing the delete puts the row back under its id and
        the history of one row never mixes with another's. (Asked anew each time: insert the
        row before asking for the next; a bulk writer starts from `last_id`.)"""
        return self.last_id(table) + 1

    def retire_ids(self, table: str, ids) -> None:
        """Rows deleted whole (kept in a change's snapshot for undo): their ids are never
        given to new rows (`fresh_id`)."""
        top = max(ids, default=None)
        if top is None:
            return
        self.conn.execute(
            "INSERT INTO id_floors (tbl, max_id) VALUES (?, ?) "
            "ON CONFLICT (tbl) DO UPDATE SET max_id = max(max_id, excluded.max_id)", (table, top))


_FRESH_TABLES = ("tasks", "sections", "notes")


def _is_busy(e: sqlite3.OperationalError) -> bool:
    text = str(e).lower()
    return "locked" in text or "busy" in text


def write_error(e: sqlite3.Error, path: Path) -> TaizhangError:
    """A SQLite error on writing, as the clerk's message (the change was not saved)."""
    text = str(e).lower()
    if _is_busy(e):
        return TaizhangError("db.busy")
    if "full" in text:
        return TaizhangError("db.disk_full", path=str(path))
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(path=str(path))
    if "malformed" in text or "corrupt" in text or "not a database" in text:
        return TaizhangError("db.damaged_write", path=str(path))
    return TaizhangError("db.write_failed", path=str(path), detail=str(e))
