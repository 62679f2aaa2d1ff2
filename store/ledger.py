"""The ledger: one SQLite file, the queries the UI needs, and every change kept as history.

Opening follows DECISIONS ("The store"): a new or empty file is initialised; a file that is not
ours, or is newer than us, is refused and left byte-identical (its header and pragmas are read
through a read-only, immutable connection before anything that could write); a file we may not
write opens read-only. Writes run in `BEGIN IMMEDIATE` transactions; each thread gets its own
connection, because the UI calls in from Textual thread workers.

Every change is a change-set (who, when, from where) with one row per field changed, so undo is
"write the inverse as a new change-set", and the history of a task is a query.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple

from store import i18n, schema
from store.errors import (
    DatabaseRefused,
    NotFoundError,
    ReadOnlyError,
    TaizhangError,
    UndoRefused,
)
from store.models import (
    ROLES,
    STATES,
    Change,
    ChangeSet,
    Note,
    PlanSummary,
    Progress,
    Section,
    Task,
    UnitRef,
)
from store.pinyin import initials as name_initials
from store.pinyin import text_initial_tokens
from store.search import spaced, task_match, unit_match
from store.textclean import strip_control
from store.forms.apply import MergeMixin
from store.rounds import RoundsMixin
from store.unitnames import DEFAULT_ABBREVIATIONS, aliases_for, base_name, normalise_name

if TYPE_CHECKING:  # importers bring their drafts; a start that imports nothing never loads them
    from store.drafts import PlanDraft, SectionDraft

SOURCES = ("ui", "cli", "import", "merge")
REPLAYED = "replayed"
"""Summary of the change-sets that replay history carried by a JSON export: never undone."""

KEEP_FLAG: Any = type("KeepFlag", (), {"__repr__": lambda self: "KEEP_FLAG"})()
"""Pass as `flag=` to `set_state` to keep a task's flag (by default a state change clears it)."""
_OWN_UNIT: Any = object()

_MAGIC = b"SQLite format 3\x00"
_TASK_COLS = (
    "id, key, plan_id, section_id, seq, no, text, units, time_limit, time_limit_kind, due, "
    "state, flag, updated_at, extra"
)
_NOTE_COLS = "id, task_id, at, author, unit, source, text, edited_at"
_CYCLE = {"todo": "doing", "doing": "done", "done": "todo", "na": "todo"}


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    """The new plan, or for a skipped import the plan that already holds this document."""
    skipped: bool
    existing_plan_id: int | None
    revised_of: int | None
    tasks: int
    sections: int
    due: int
    title: str | None = None
    changeset: ChangeSet | None = None


class UnitInfo(NamedTuple):
    id: int
    name: str
    aliases: list[str]
    tasks: int


class _NotFound(NotFoundError):
    """NotFoundError whose `what` (task, plan, note) is rendered in the reader's language."""

    def message(self, lang: str = "zh") -> str:
        params = dict(self.params)
        params["what"] = i18n.t(f"what.{params.get('what', 'task')}", lang)
        return i18n.t(self.code, lang, **params)


def _not_found(what: str, ident: Any) -> NotFoundError:
    return _NotFound(what=what, ident=ident)


def _system_clock() -> datetime:
    return datetime.now().astimezone()


def _login_name() -> str:
    try:
        return getpass.getuser() or "user"
    except Exception:  # noqa: BLE001 - no login name on this system: any failure means "user"
        return "user"


def _enc(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _dec(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _ids(values: Iterable[int]) -> str:
    """A JSON list for `IN (SELECT value FROM json_each(?))`: no limit on the number of ids."""
    return json.dumps([int(v) for v in values])


_WRITE_TRIES = 4


class Ledger(RoundsMixin, MergeMixin):
    """An open taizhang database."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        clock: Callable[[], datetime] | None = None,
        actor: str | None = None,
        actor_unit: str | None = None,
        abbreviations=DEFAULT_ABBREVIATIONS,
        read_only: bool = False,
    ):
        self.path = Path(path)
        self._clock = clock or _system_clock
        self.actor: str = actor or _login_name()
        self.actor_unit = actor_unit
        self.abbreviations = tuple(abbreviations)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._skipped: set[int] = set()
        self._closed = False
        self.read_only: bool = False
        self._uri: str | None = None
        self._fold_later = False
        self._unfolded = 0  # commits since the WAL was last folded in (with fold_later)
        try:
            self._open(read_only)
        except BaseException:
            self.close()
            raise

    # ---- opening -------------------------------------------------------------------------

    def _refuse(self, code: str, **params: Any) -> DatabaseRefused:
        return DatabaseRefused(code, path=str(self.path), **params)

    def _open(self, read_only: bool) -> None:
        p = self.path
        if p.is_dir():
            raise self._refuse("db.is_directory")
        wal = p.with_name(p.name + "-wal")
        exists = p.exists()
        size = p.stat().st_size if exists else 0
        fresh = size == 0 and not (wal.exists() and wal.stat().st_size > 0)
        version = 0
        if not fresh:
            app_id, version, has_tables = self._probe(size, wal.exists())
            if app_id != schema.APPLICATION_ID and (has_tables or app_id != 0 or version != 0):
                raise self._refuse("db.foreign")
            if version > schema.SCHEMA_VERSION:
                raise self._refuse("db.newer", found=version, ours=schema.SCHEMA_VERSION)
            if version == 0 and has_tables:
                raise self._refuse("db.corrupt")
        if read_only or not self._writable(exists):
            if not exists:
                raise self._refuse("db.missing")
            if version < schema.SCHEMA_VERSION:
                raise ReadOnlyError(path=str(p))  # nothing to read until it is initialised
            self.read_only = True
            self._uri = self._read_only_uri(wal)
            self._conn()
            return
        if not exists:
            p.parent.mkdir(parents=True, exist_ok=True)
        conn = self._conn()
        if version < schema.SCHEMA_VERSION:
            if version > 0:
                from store.backup import write_backup  # only when migrating: not on every start

                write_backup(conn, self.path, "migrate")  # data to keep: copy it first
            schema.migrate(conn, version)

    def _probe(self, size: int, wal_exists: bool) -> tuple[int, int, bool]:
        """Read application_id, user_version and whether there are tables, writing nothing.

        The header is checked by hand first (magic, page size, the page count against the file
        size), which catches a non-SQLite or truncated file without SQLite. Then an immutable
        read-only connection reads the pragmas: immutable, so that not even a -shm file appears
        beside a file we are about to refuse. With a -wal file present the main file alone may
        be stale, so the WAL is read (plain `mode=ro`).
        """
        if size:
            with open(self.path, "rb") as f:
                header = f.read(100)
            if header[:16] != _MAGIC[: len(header[:16])] or not header:
                raise self._refuse("db.not_sqlite")
            if len(header) < 100:
                raise self._refuse("db.corrupt")
            page_size = int.from_bytes(header[16:18], "big")
            page_size = 65536 if page_size == 1 else page_size
            if page_size < 512 or page_size & (page_size - 1) or size % page_size:
                raise self._refuse("db.corrupt")
            pages = int.from_bytes(header[28:32], "big")
            if header[24:28] == header[92:96] and pages * page_size > size:
                raise self._refuse("db.corrupt")
        uri = self.path.absolute().as_uri() + "?mode=ro"
        if not wal_exists:
            uri += "&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as e:
            raise TaizhangError("error.generic", detail=str(e)) from e
        try:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise self._refuse("db.corrupt") from e
        finally:
            conn.close()
        return app_id, version, has_tables

    def _writable(self, exists: bool) -> bool:
        folder = self.path.absolute().parent
        if exists:
            return os.access(self.path, os.W_OK) and os.access(folder, os.W_OK)
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        return os.access(probe, os.W_OK)

    def _read_only_uri(self, wal: Path) -> str:
        """`mode=ro`, or `immutable=1` too when SQLite cannot make its -shm (folder read-only)."""
        uri = self.path.absolute().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return uri
        except sqlite3.OperationalError:
            if wal.exists():
                raise
            return uri + "&immutable=1"
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            return conn
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 5000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if self._fold_later:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        return conn

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (made on first use)."""
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

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r}{', read_only=True' if self.read_only else ''})"

    def data_version(self) -> int:
        """Changes when another connection commits: the UI polls it to notice other processes."""
        return self._conn().execute("PRAGMA data_version").fetchone()[0]

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (for committing sample.db)."""
        if self.read_only:
            raise ReadOnlyError(path=str(self.path))
        self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def fold_later(self) -> None:
        """From now on no commit folds the WAL into the database itself; the caller runs
        `fold_wal()` off its UI thread instead.

        SQLite folds it in (a checkpoint) inside whichever commit takes the WAL past 1,000
        pages: copying them and syncing the file to disk, 50–100 ms at 100,000 tasks (more on
        a slow disk), once every hundred ticks or so — a freeze in the middle of a keystroke.
        Nothing is less safe: a commit is durable once it is in the WAL (synchronous=FULL),
        and whatever is still there when the last connection closes is folded in then."""
        if self.read_only:
            return
        self._fold_later = True
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            conn.execute("PRAGMA wal_autocheckpoint = 0")

    @property
    def wal_unfolded(self) -> int:
        """Commits made through this ledger since the WAL was last folded in (`fold_later`)."""
        return self._unfolded

    def fold_wal(self) -> bool:
        """Fold what the WAL holds into the database, without waiting on readers or writers
        (a passive checkpoint, on this thread's connection); False if the WAL could not be
        folded in whole (a reader still needs part of it: the next call finishes it)."""
        if self.read_only:
            return True
        pending = self._unfolded
        busy, frames, folded = self._conn().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        done = not busy and frames == folded
        if done:
            self._unfolded = max(0, self._unfolded - pending)
        return done

    # ---- helpers -------------------------------------------------------------------------

    def now(self) -> str:
        """The clock's time as ISO 8601 local time with offset, to the second."""
        t = self._clock()
        if t.tzinfo is None:
            t = t.astimezone()
        return t.isoformat(timespec="seconds")

    def today(self) -> str:
        t = self._clock()
        if t.tzinfo is None:
            t = t.astimezone()
        return t.date().isoformat()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception."""
        if self.read_only:
            raise ReadOnlyError(path=str(self.path))
        conn = self._conn()
        # Another copy of taizhang may hold the write lock: SQLite waits busy_timeout (5 s) each
        # time; a few more tries cover a long import in the other copy before we give up.
        for attempt in range(_WRITE_TRIES):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if attempt == _WRITE_TRIES - 1:
                    raise TaizhangError("db.busy") from e
                time.sleep(0.05 * (attempt + 1))
        try:
            yield conn
            conn.execute("COMMIT")
            self._unfolded += 1
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _new_changeset(
        self,
        c: sqlite3.Connection,
        *,
        source: str,
        kind: str = "change",
        target_id: int | None = None,
        summary: str | None = None,
        at: str | None = None,
        actor: str | None = None,
        actor_unit: Any = _OWN_UNIT,
    ) -> int:
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        unit = self.actor_unit if actor_unit is _OWN_UNIT else actor_unit
        cur = c.execute(
            "INSERT INTO changesets (at, actor, actor_unit, source, kind, target_id, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at or self.now(), self.actor if actor is None else actor, unit, source, kind,
             target_id, summary),
        )
        return cur.lastrowid

    @staticmethod
    def _record(c, cs_id: int, ch: Change) -> None:
        c.execute(
            "INSERT INTO changes (changeset_id, tbl, row_id, field, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (cs_id, ch.table, ch.row_id, ch.field, _enc(ch.before), _enc(ch.after)),
        )

    def _changesets(self, c, ids: list[int], only: Callable[[Change], bool] | None = None):
        if not ids:
            return []
        rows = c.execute(
            "SELECT id, at, actor, actor_unit, source, kind, target_id, summary FROM changesets "
            "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (_ids(ids),),
        ).fetchall()
        changes: dict[int, list[Change]] = {}
        for cs_id, tbl, row_id, field, before, after in c.execute(
            "SELECT changeset_id, tbl, row_id, field, before, after FROM changes "
            "WHERE changeset_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (_ids(ids),),
        ):
            ch = Change(tbl, row_id, field, _dec(before), _dec(after))
            if only is None or only(ch):
                changes.setdefault(cs_id, []).append(ch)
        by_id = {r[0]: ChangeSet(*r, changes=tuple(changes.get(r[0], ()))) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def _changeset(self, c, cs_id: int) -> ChangeSet:
        return self._changesets(c, [cs_id])[0]

    def changeset(self, changeset_id: int) -> ChangeSet:
        found = self._changesets(self._conn(), [changeset_id])
        if not found:
            raise _not_found("changeset", changeset_id)
        return found[0]

    # ---- reading -------------------------------------------------------------------------

    _STATE_INDEX = {"done": 1, "doing": 2, "todo": 3, "na": 4}

    def _progress_rows(self, where: str, params: tuple, group: str) -> dict[Any, Progress]:
        """Progress per `group` (plan_id or section_id) of the tasks `where` selects, counted
        by state from the tasks_progress index alone (never the task rows: see schema v2)."""
        counts: dict[Any, list[int]] = {}
        for key, state, n, late in self._conn().execute(
            f"SELECT {group}, state, count(*), total(due < ?) "
            f"FROM tasks WHERE {where} GROUP BY {group}, state",
            (self.today(), *params),
        ):
            acc = counts.get(key)
            if acc is None:
                acc = counts[key] = [0, 0, 0, 0, 0, 0]  # total, done, doing, todo, na, overdue
            acc[0] += n
            acc[self._STATE_INDEX[state]] += n
            if state in ("todo", "doing"):
                acc[5] += int(late)  # due < today; a task without a due date is never late
        return {key: Progress(*acc) for key, acc in counts.items()}

    def _plan_progress(self, plan_id: int | None, overdue: bool) -> dict[int, Progress]:
        """Progress per plan (one plan, or all when None) from the counts the triggers keep
        (schema v4). Overdue changes with the day, so it is counted from the tasks_progress
        index, whose range holds only the open tasks due before today; `overdue=False` skips
        it, and the progress then says so (`overdue is None`)."""
        late = (
            "CASE WHEN state IN ('todo', 'doing') THEN (SELECT count(*) FROM tasks t "
            "WHERE t.plan_id = c.plan_id AND t.state = c.state AND t.due < ?) ELSE 0 END"
        )
        sql = f"SELECT plan_id, state, n, {late if overdue else 'NULL'} FROM plan_task_counts c"
        params: tuple = (self.today(),) if overdue else ()
        if plan_id is not None:
            sql += " WHERE plan_id = ?"
            params += (plan_id,)
        counts: dict[int, list] = {}
        for key, state, n, late_n in self._conn().execute(sql, params):
            acc = counts.get(key)
            if acc is None:
                acc = counts[key] = [0, 0, 0, 0, 0, 0 if overdue else None]
            acc[0] += n
            acc[self._STATE_INDEX[state]] += n
            if overdue:
                acc[5] += late_n
        return {key: Progress(*acc) for key, acc in counts.items()}

    _PLAN_COLS = "id, title, issuer, doc_no, issued, year, source, sha256, imported_at"

    def plans(self, *, overdue: bool = True) -> list[PlanSummary]:
        """Every plan, oldest first, with its progress (`overdue=False`: without counting the
        overdue tasks, for views that do not show them; at 100,000 tasks mostly past due, that
        count is most of the cost)."""
        progress = self._plan_progress(None, overdue)
        empty = Progress() if overdue else Progress(overdue=None)
        rows = self._conn().execute(f"SELECT {self._PLAN_COLS} FROM plans ORDER BY id").fetchall()
        return [PlanSummary(*r, progress=progress.get(r[0], empty)) for r in rows]

    def plan(self, plan_id: int) -> PlanSummary:
        row = self._conn().execute(
            f"SELECT {self._PLAN_COLS} FROM plans WHERE id = ?", (plan_id,)
        ).fetchone()
        if row is None:
            raise _not_found("plan", plan_id)
        progress = self._plan_progress(plan_id, overdue=True)
        return PlanSummary(*row, progress=progress.get(plan_id, Progress()))

    def all_sections(self, plan_id: int) -> list[Section]:
        """Every section of a plan, flat, parents before children, without progress."""
        rows = self._conn().execute(
            "SELECT id, plan_id, parent_id, position, label, title FROM sections "
            "WHERE plan_id = ? ORDER BY id",
            (plan_id,),
        ).fetchall()
        return [Section(*r) for r in rows]

    def sections(self, plan_id: int, parent_id: int | None = None) -> list[Section]:
        """The children of `parent_id` (top level when None), each with progress over all below."""
        rows = self.all_sections(plan_id)
        direct = self._progress_rows("plan_id = ?", (plan_id,), "section_id")
        children: dict[int | None, list[Section]] = {}
        for s in rows:
            children.setdefault(s.parent_id, []).append(s)
        totals: dict[int, Progress] = {}

        def total(sid: int) -> Progress:
            if sid not in totals:
                parts = [direct.get(sid, Progress())] + [total(k.id) for k in children.get(sid, [])]
                totals[sid] = Progress(
                    *(sum(getattr(p, f) for p in parts)
                      for f in ("total", "done", "doing", "todo", "na", "overdue"))
                )
            return totals[sid]

        out = []
        for s in sorted(children.get(parent_id, []), key=lambda s: s.position):
            has = bool(children.get(s.id)) or s.id in direct
            out.append(Section(s.id, s.plan_id, s.parent_id, s.position, s.label, s.title,
                               progress=total(s.id), has_children=has))
        return out

    def section(self, section_id: int) -> Section:
        row = self._conn().execute(
            "SELECT id, plan_id, parent_id, position, label, title FROM sections WHERE id = ?",
            (section_id,),
        ).fetchone()
        if row is None:
            raise _not_found("section", section_id)
        return Section(*row)

    def section_path(self, section_id: int) -> list[Section]:
        """The sections from the top of the plan down to this one."""
        path: list[Section] = []
        sid: int | None = section_id
        while sid is not None:
            s = self.section(sid)
            path.append(s)
            sid = s.parent_id
        return path[::-1]

    def section_progress(self, plan_id: int) -> dict[int, Progress]:
        """Every section of a plan with its progress over all below it, in one pass (the UI
        refreshes the open sections of a tree and builds the overview with it)."""
        rows = self.all_sections(plan_id)
        direct = self._progress_rows("plan_id = ?", (plan_id,), "section_id")
        totals: dict[int, list[int]] = {}
        for s in reversed(rows):  # children after parents (ids grow): sum bottom-up
            own = direct.get(s.id, Progress())
            acc = totals.setdefault(s.id, [0] * 6)
            for i, f in enumerate(("total", "done", "doing", "todo", "na", "overdue")):
                acc[i] += getattr(own, f)
            if s.parent_id is not None:
                up = totals.setdefault(s.parent_id, [0] * 6)
                for i in range(6):
                    up[i] += acc[i]
        return {s.id: Progress(*totals.get(s.id, [0] * 6)) for s in rows}

    def unit_progress(self, role: str | None = "lead") -> list[tuple[UnitInfo, Progress]]:
        """Each unit named with this role (any role when None) and the progress of its tasks,
        by name: the "per lead unit" table clerks build with COUNTIF."""
        role_sql = "" if role is None else "AND tu.role = :role"
        rows = self._conn().execute(
            "SELECT u.id, u.name, u.aliases, count(*), total(t.state = 'done'), "
            "total(t.state = 'doing'), total(t.state = 'todo'), total(t.state = 'na'), "
            "total(t.due IS NOT NULL AND t.due < :today AND t.state NOT IN ('done', 'na')) "
            "FROM units u JOIN tasks t ON t.id IN (SELECT tu.task_id FROM task_units tu "
            f"  WHERE tu.unit_id = u.id {role_sql}) GROUP BY u.id ORDER BY u.name",
            {"today": self.today(), "role": role},
        ).fetchall()
        return [
            (UnitInfo(r[0], r[1], json.loads(r[2]), r[3]), Progress(*(int(x) for x in r[3:])))
            for r in rows
        ]

    def unit_task_ids(self, unit_id: int, role: str | None = None) -> list[int]:
        """The tasks naming this unit (with this role when given), in plan order."""
        role_sql = "" if role is None else " AND tu.role = ?"
        params = (unit_id,) if role is None else (unit_id, role)
        rows = self._conn().execute(
            "SELECT t.id FROM tasks t WHERE t.id IN (SELECT tu.task_id FROM task_units tu "
            f"WHERE tu.unit_id = ?{role_sql}) ORDER BY t.plan_id, t.seq",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    def _task_rows(self, where: str, params: tuple) -> list[Task]:
        c = self._conn()
        rows = c.execute(
            f"SELECT {_TASK_COLS} FROM tasks WHERE {where} ORDER BY plan_id, seq", params
        ).fetchall()
        if not rows:
            return []
        refs: dict[int, list[UnitRef]] = {}
        for task_id, written, role, unit_id in c.execute(
            "SELECT task_id, written, role, unit_id FROM task_units "
            "WHERE task_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY task_id, CASE role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 ELSE 2 END, "
            "position",
            (_ids(r[0] for r in rows),),
        ):
            refs.setdefault(task_id, []).append(UnitRef(written, role, unit_id))
        return [
            Task(*r[:-1], extra=json.loads(r[-1] or "{}"), unit_refs=tuple(refs.get(r[0], ())))
            for r in rows
        ]

    def tasks(
        self,
        section_id: int | None = None,
        plan_id: int | None = None,
        ids: Iterable[int] | None = None,
        *,
        recursive: bool = False,
    ) -> list[Task]:
        """Tasks in plan and seq order: of a section (directly in it, or `recursive`ly below it),
        of a plan, with the given ids, or all of them."""
        where, params = [], []
        if section_id is not None:
            if recursive:
                where.append(
                    "section_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                    "SELECT s.id FROM sections s JOIN sub ON s.parent_id = sub.id) "
                    "SELECT id FROM sub)"
                )
            else:
                where.append("section_id = ?")
            params.append(section_id)
        if plan_id is not None:
            where.append("plan_id = ?")
            params.append(plan_id)
        if ids is not None:
            where.append("id IN (SELECT value FROM json_each(?))")
            params.append(_ids(ids))
        return self._task_rows(" AND ".join(where) or "1", tuple(params))

    def task(self, task_id: int) -> Task:
        found = self._task_rows("id = ?", (task_id,))
        if not found:
            raise _not_found("task", task_id)
        return found[0]

    def task_by_key(self, key: str) -> Task:
        found = self._task_rows("key = ?", (key.strip().upper(),))
        if not found:
            raise _not_found("task", key)
        return found[0]

    def notes(self, task_id: int) -> list[Note]:
        """The task's notes, newest first, deleted ones left out."""
        rows = self._conn().execute(
            f"SELECT {_NOTE_COLS} FROM notes WHERE task_id = ? AND deleted = 0 "
            "ORDER BY at DESC, id DESC",
            (task_id,),
        ).fetchall()
        return [Note(*r) for r in rows]

    def note(self, note_id: int) -> Note:
        row = self._conn().execute(
            f"SELECT {_NOTE_COLS} FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
        if row is None:
            raise _not_found("note", note_id)
        return Note(*row)

    def notes_by_task(self, task_ids: Iterable[int]) -> dict[int, list[Note]]:
        """Notes of many tasks at once, oldest first, deleted ones left out (for exports)."""
        out: dict[int, list[Note]] = {}
        for r in self._conn().execute(
            f"SELECT {_NOTE_COLS} FROM notes WHERE deleted = 0 AND "
            "task_id IN (SELECT value FROM json_each(?)) ORDER BY task_id, at, id",
            (_ids(task_ids),),
        ):
            out.setdefault(r[1], []).append(Note(*r))
        return out

    def unit_names(self) -> list[tuple[int, str, list[str]]]:
        """Every unit's id, name and aliases (no counting: for matching names)."""
        return [(r[0], r[1], json.loads(r[2]))
                for r in self._conn().execute("SELECT id, name, aliases FROM units ORDER BY name")]

    def units(self) -> list[UnitInfo]:
        """Every unit with its aliases and how many tasks name it, by name."""
        rows = self._conn().execute(
            "SELECT u.id, u.name, u.aliases, count(DISTINCT tu.task_id) FROM units u "
            "LEFT JOIN task_units tu ON tu.unit_id = u.id GROUP BY u.id ORDER BY u.name"
        ).fetchall()
        return [UnitInfo(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    # ---- history -------------------------------------------------------------------------

    def history(self, task_id: int) -> list[ChangeSet]:
        """The change-sets that touched this task or its notes, newest first, each holding only
        the changes to this task (an import change-set is about the plan, so not listed)."""
        c = self._conn()
        note_ids = {r[0] for r in c.execute("SELECT id FROM notes WHERE task_id = ?", (task_id,))}

        def mine(ch: Change) -> bool:
            return (ch.table == "tasks" and ch.row_id == task_id) or (
                ch.table == "notes" and ch.row_id in note_ids
            )

        ids = [
            r[0]
            for r in c.execute(
                "SELECT DISTINCT changeset_id FROM changes WHERE (tbl = 'tasks' AND row_id = ?) "
                "OR (tbl = 'notes' AND row_id IN (SELECT value FROM json_each(?))) "
                "ORDER BY changeset_id DESC",
                (task_id, _ids(note_ids)),
            )
        ]
        return self._changesets(c, ids, only=mine)

    def history_entries(self, task_ids: Iterable[int]) -> dict[int, list[dict]]:
        """Each task's state, flag and note changes, oldest first, as JSON v1 history entries.

        A note's changes read as field "note" with the text before and after (null when the
        note did not exist or was deleted), so the entries mean the same in another database,
        where the notes have other ids.
        """
        c = self._conn()
        ids = list(task_ids)
        notes = {
            nid: (tid, text)
            for nid, tid, text in c.execute(
                "SELECT id, task_id, text FROM notes "
                "WHERE task_id IN (SELECT value FROM json_each(?))",
                (_ids(ids),),
            )
        }
        rows = c.execute(
            "SELECT cs.at, cs.actor, cs.actor_unit, cs.source, ch.tbl, ch.row_id, ch.field, "
            "ch.before, ch.after FROM changes ch JOIN changesets cs ON cs.id = ch.changeset_id "
            "WHERE (ch.tbl = 'tasks' AND ch.row_id IN (SELECT value FROM json_each(?))) "
            "OR (ch.tbl = 'notes' AND ch.row_id IN (SELECT value FROM json_each(?))) "
            "ORDER BY ch.changeset_id, ch.id",
            (_ids(ids), _ids(notes)),
        ).fetchall()
        # A note's text as of each change: its first recorded text, then followed along.
        text_now: dict[int, str] = {}
        for *_, tbl, row_id, field, before, after in rows:
            if tbl == "notes" and row_id not in text_now:
                if field == "text":
                    text_now[row_id] = _dec(before)
                elif field == "created":
                    text_now[row_id] = _dec(after)
        out: dict[int, list[dict]] = {}
        for at, actor, unit, source, tbl, row_id, field, before, after in rows:
            before, after = _dec(before), _dec(after)
            if tbl == "tasks":
                task_id = row_id
            else:
                task_id, current = notes[row_id]
                text = text_now.get(row_id, current)
                if field == "created":
                    field, before = "note", None
                    text_now[row_id] = after
                elif field == "text":
                    field = "note"
                    text_now[row_id] = after
                elif field == "deleted":
                    field, before, after = ("note", text, None) if after else ("note", None, text)
                else:
                    continue
            out.setdefault(task_id, []).append(
                {"at": at, "actor": actor, "unit": unit, "source": source,
                 "field": field, "before": before, "after": after}
            )
        return out

    # ---- changing tasks ------------------------------------------------------------------

    def _change_states(
        self, task_ids, new_state: Callable[[str], str], *, source: str, flag: Any
    ) -> ChangeSet | None:
        ids = [task_ids] if isinstance(task_ids, int) else list(dict.fromkeys(task_ids))
        with self._write() as c:
            rows = c.execute(
                "SELECT id, state, flag FROM tasks WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY plan_id, seq",
                (_ids(ids),),
            ).fetchall()
            if len(rows) != len(ids):
                missing = set(ids) - {r[0] for r in rows}
                raise _not_found("task", min(missing))
            changes: list[Change] = []
            for task_id, state, old_flag in rows:
                state_to = new_state(state)
                if state_to not in STATES:
                    raise ValueError(f"state must be one of {STATES}, not {state_to!r}")
                flag_to = old_flag if flag is KEEP_FLAG else flag
                if state_to != state:
                    changes.append(Change("tasks", task_id, "state", state, state_to))
                if flag_to != old_flag:
                    changes.append(Change("tasks", task_id, "flag", old_flag, flag_to))
            if not changes:
                return None
            at = self.now()
            cs_id = self._new_changeset(c, source=source, summary="state", at=at)
            for ch in changes:
                self._apply(c, ch.table, ch.row_id, ch.field, ch.after, at)
                self._record(c, cs_id, ch)
            result = self._changeset(c, cs_id)
        self._skipped.clear()
        return result

    def set_state(
        self, task_ids: int | Iterable[int], state: str, *, source: str = "ui", flag: Any = None
    ) -> ChangeSet | None:
        """Set the state of one task or many in one change-set; None when nothing changed.

        A state key clears the 滞后 flag, so `flag` defaults to None; pass a flag to set it, or
        `KEEP_FLAG` to leave it as it is.
        """
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        return self._change_states(task_ids, lambda _: state, source=source, flag=flag)

    def cycle_state(self, task_id: int, *, source: str = "ui") -> ChangeSet:
        """todo → doing → done → todo; na → todo."""
        return self._change_states(task_id, _CYCLE.__getitem__, source=source, flag=None)

    def toggle_done(self, task_id: int, *, source: str = "ui") -> ChangeSet:
        """Not done → done, done → todo."""
        return self._change_states(
            task_id, lambda s: "todo" if s == "done" else "done", source=source, flag=None
        )

    # ---- notes ---------------------------------------------------------------------------

    @staticmethod
    def _clean_note(text: str) -> str:
        cleaned, _ = strip_control(text)
        if not cleaned.strip():
            raise ValueError("a note needs some text")
        return cleaned

    def add_note(
        self,
        task_id: int,
        text: str,
        *,
        author: str | None = None,
        unit: str | None = None,
        source: str = "ui",
        at: str | None = None,
    ) -> Note:
        """Add a note to a task (control characters and escape sequences removed)."""
        text = self._clean_note(text)
        with self._write() as c:
            if c.execute("SELECT 1 FROM tasks WHERE id = ?", (task_id,)).fetchone() is None:
                raise _not_found("task", task_id)
            now = self.now()
            note_id = c.execute(
                "INSERT INTO notes (task_id, at, author, unit, source, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (task_id, at or now, author or self.actor,
                 unit if unit is not None else self.actor_unit, source, text),
            ).lastrowid
            cs_id = self._new_changeset(c, source=source, summary="note", at=now)
            self._record(c, cs_id, Change("notes", note_id, "created", None, text))
            self._index_task(c, task_id)
            note = Note(*c.execute(f"SELECT {_NOTE_COLS} FROM notes WHERE id = ?",
                                   (note_id,)).fetchone())
        self._skipped.clear()
        return note

    def _live_note(self, c, note_id: int) -> tuple[int, str]:
        row = c.execute(
            "SELECT task_id, text FROM notes WHERE id = ? AND deleted = 0", (note_id,)
        ).fetchone()
        if row is None:
            raise _not_found("note", note_id)
        return row

    def edit_note(self, note_id: int, text: str, *, source: str = "ui") -> Note:
        """Change a note's text; the old text stays in the history."""
        text = self._clean_note(text)
        with self._write() as c:
            task_id, old = self._live_note(c, note_id)
            if text != old:
                at = self.now()
                cs_id = self._new_changeset(c, source=source, summary="note", at=at)
                self._apply(c, "notes", note_id, "text", text, at)
                self._record(c, cs_id, Change("notes", note_id, "text", old, text))
                self._index_task(c, task_id)
            note = Note(*c.execute(f"SELECT {_NOTE_COLS} FROM notes WHERE id = ?",
                                   (note_id,)).fetchone())
        if text != old:
            self._skipped.clear()
        return note

    def delete_note(self, note_id: int, *, source: str = "ui") -> ChangeSet:
        """Soft-delete a note (kept, marked deleted, recorded in the history)."""
        with self._write() as c:
            task_id, _ = self._live_note(c, note_id)
            at = self.now()
            cs_id = self._new_changeset(c, source=source, summary="note", at=at)
            self._apply(c, "notes", note_id, "deleted", 1, at)
            self._record(c, cs_id, Change("notes", note_id, "deleted", 0, 1))
            result = self._changeset(c, cs_id)
        self._skipped.clear()
        return result

    # ---- applying and undoing ------------------------------------------------------------

    def _apply(self, c, table: str, row_id: int, field: str, value: Any, at: str) -> None:
        """Write one field's new value (the single place changes touch rows)."""
        if table == "tasks" and field in ("state", "flag"):
            c.execute(f"UPDATE tasks SET {field} = ?, updated_at = ? WHERE id = ?",
                      (value, at, row_id))
        elif table == "notes" and field == "text":
            c.execute("UPDATE notes SET text = ?, edited_at = ? WHERE id = ?", (value, at, row_id))
            self._index_note_task(c, row_id)
        elif table == "notes" and field == "deleted":
            c.execute("UPDATE notes SET deleted = ? WHERE id = ?", (int(value), row_id))
            self._index_note_task(c, row_id)
        elif table == "submissions" and field == "deleted":
            c.execute("UPDATE submissions SET withdrawn = ? WHERE id = ?", (int(value), row_id))
        elif table == "submissions" and field == "superseded_by":
            c.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?", (value, row_id))
        elif table == "plans" and field == "deleted" and value:
            self._delete_plan(c, row_id)
        elif table == "plans" and field == "deleted":
            raise UndoRefused("redo.import_gone")
        else:
            raise ValueError(f"cannot apply a change to {table}.{field}")

    def _index_note_task(self, c, note_id: int) -> None:
        row = c.execute("SELECT task_id FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row:
            self._index_task(c, row[0])

    @staticmethod
    def _inverse(ch: Change) -> Change:
        if ch.field == "created":  # a note added or a plan imported: undone by deleting it
            return Change(ch.table, ch.row_id, "deleted", 0, 1)
        return Change(ch.table, ch.row_id, ch.field, ch.after, ch.before)

    def _is_current(self, c, ch: Change) -> bool:
        """Is this change's "after" still the row's value (so it may be undone)?"""
        if ch.table == "tasks":
            if ch.field not in ("state", "flag"):
                return False
            row = c.execute(f"SELECT {ch.field} FROM tasks WHERE id = ?", (ch.row_id,)).fetchone()
            return row is not None and row[0] == ch.after
        if ch.table == "notes":
            row = c.execute("SELECT text, deleted FROM notes WHERE id = ?",
                            (ch.row_id,)).fetchone()
            if row is None:
                return False
            text, deleted = row
            if ch.field == "created":
                return not deleted and text == ch.after
            if ch.field == "text":
                return not deleted and text == ch.after
            if ch.field == "deleted":
                return bool(deleted) == bool(ch.after)
            return False
        if ch.table == "submissions":
            row = c.execute("SELECT withdrawn, superseded_by FROM submissions WHERE id = ?",
                            (ch.row_id,)).fetchone()
            if row is None:
                return False
            withdrawn, superseded = row
            if ch.field == "created":
                return not withdrawn
            if ch.field == "deleted":
                return bool(withdrawn) == bool(ch.after)
            if ch.field == "superseded_by":
                return superseded == ch.after
            return False
        if ch.table == "plans":
            exists = c.execute("SELECT 1 FROM plans WHERE id = ?", (ch.row_id,)).fetchone()
            if ch.field == "created":
                return exists is not None
            if ch.field == "deleted":
                return (exists is None) == bool(ch.after)
        return False

    def _task_label(self, c, ch: Change) -> str:
        """The task a change is about, as people name it: its number, else its key."""
        task_id = ch.row_id
        if ch.table == "notes":
            row = c.execute("SELECT task_id FROM notes WHERE id = ?", (ch.row_id,)).fetchone()
            task_id = row[0] if row else None
        elif ch.table == "plans":
            row = c.execute("SELECT title FROM plans WHERE id = ?", (ch.row_id,)).fetchone()
            return (row[0] if row else None) or f"#{ch.row_id}"
        elif ch.table == "submissions":
            row = c.execute("SELECT file_name FROM submissions WHERE id = ?", (ch.row_id,)).fetchone()
            return (row[0] if row else None) or f"#{ch.row_id}"
        row = c.execute("SELECT no, key FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return f"#{task_id}"
        return row[0] or row[1]

    _ORDINARY = (
        "cs.actor = :actor AND cs.kind = 'change' AND coalesce(cs.summary, '') != 'replayed'"
    )

    def _undo_candidate(self, c) -> int | None:
        row = c.execute(
            f"SELECT cs.id FROM changesets cs WHERE {self._ORDINARY} "
            "AND cs.id NOT IN (SELECT value FROM json_each(:skipped)) "
            "AND NOT EXISTS (SELECT 1 FROM changesets u WHERE u.kind = 'undo' "
            "  AND u.target_id = cs.id AND NOT EXISTS (SELECT 1 FROM changesets r "
            "  WHERE r.kind = 'redo' AND r.target_id = u.id)) "
            "ORDER BY cs.id DESC LIMIT 1",
            {"actor": self.actor, "skipped": _ids(self._skipped)},
        ).fetchone()
        return row[0] if row else None

    def _redo_candidate(self, c) -> int | None:
        row = c.execute(
            "SELECT u.id FROM changesets u WHERE u.actor = :actor AND u.kind = 'undo' "
            "AND NOT EXISTS (SELECT 1 FROM changesets r WHERE r.kind = 'redo' "
            "  AND r.target_id = u.id) ORDER BY u.id DESC LIMIT 1",
            {"actor": self.actor},
        ).fetchone()
        if row is None:
            return None
        later = c.execute(
            f"SELECT 1 FROM changesets cs WHERE {self._ORDINARY} AND cs.id > :id LIMIT 1",
            {"actor": self.actor, "id": row[0]},
        ).fetchone()
        return None if later else row[0]

    def peek_undo(self) -> ChangeSet | None:
        """The change-set `undo()` would undo (so the UI can ask first for an import)."""
        cs_id = self._undo_candidate(self._conn())
        return None if cs_id is None else self._changeset(self._conn(), cs_id)

    def can_undo(self) -> bool:
        return self._undo_candidate(self._conn()) is not None

    def peek_redo(self) -> ChangeSet | None:
        """The undo change-set `redo()` would redo."""
        cs_id = self._redo_candidate(self._conn())
        return None if cs_id is None else self._changeset(self._conn(), cs_id)

    def can_redo(self) -> bool:
        undo = self.peek_redo()
        return undo is not None and not any(ch.table == "plans" for ch in undo.changes)

    def undo(self, *, source: str = "ui") -> ChangeSet:
        """Undo this actor's newest ordinary change-set; returns the undo change-set written.

        Refuses (UndoRefused naming the task) when a value has changed since; that change-set
        is then skipped, so the next call offers the next older one. Undoing an import deletes
        the plan. Nothing to undo: UndoRefused("undo.nothing").
        """
        conflict: int | None = None
        with self._write() as c:
            target = self._undo_candidate(c)
            if target is None:
                raise UndoRefused("undo.nothing")
            changes = self._changeset(c, target).changes
            stale = next((ch for ch in changes if not self._is_current(c, ch)), None)
            if stale is not None:
                conflict, label = target, self._task_label(c, stale)
            else:
                result = self._write_inverse(c, changes, source, "undo", target)
        if conflict is not None:
            self._skipped.add(conflict)
            raise UndoRefused(task=label)
        return result

    def redo(self, *, source: str = "ui") -> ChangeSet:
        """Redo the newest undo, unless an ordinary change has been made since."""
        with self._write() as c:
            undo_id = self._redo_candidate(c)
            if undo_id is None:
                raise UndoRefused("redo.nothing")
            changes = self._changeset(c, undo_id).changes
            if any(ch.table == "plans" for ch in changes):
                raise UndoRefused("redo.import_gone")
            stale = next((ch for ch in changes if not self._is_current(c, ch)), None)
            if stale is not None:
                raise UndoRefused(task=self._task_label(c, stale))
            return self._write_inverse(c, changes, source, "redo", undo_id)

    def _write_inverse(self, c, changes, source: str, kind: str, target: int) -> ChangeSet:
        at = self.now()
        summary = c.execute("SELECT summary FROM changesets WHERE id = ?", (target,)).fetchone()[0]
        cs_id = self._new_changeset(c, source=source, kind=kind, target_id=target,
                                    summary=summary, at=at)
        for ch in reversed(changes):
            inverse = self._inverse(ch)
            self._record(c, cs_id, inverse)
            self._apply(c, inverse.table, inverse.row_id, inverse.field, inverse.after, at)
        return self._changeset(c, cs_id)

    def _delete_plan(self, c, plan_id: int) -> None:
        c.execute(
            "DELETE FROM task_search WHERE rowid IN (SELECT id FROM tasks WHERE plan_id = ?)",
            (plan_id,),
        )
        c.execute("DELETE FROM plans WHERE id = ?", (plan_id,))  # the rest cascades

    # ---- describing ----------------------------------------------------------------------

    def describe(self, changeset: ChangeSet, lang: str = i18n.DEFAULT_LANG) -> tuple[str, dict]:
        """A catalog code and its parameters saying what a change-set did, for a message."""
        c = self._conn()
        changes = changeset.changes
        subs = [ch for ch in changes if ch.table == "submissions" and ch.field in ("created", "deleted")]
        if subs:
            tasks = {ch.row_id for ch in changes if ch.table == "tasks"}
            notes = sum(1 for ch in changes if ch.table == "notes")
            return "change.merge", {"files": len(subs), "tasks": len(tasks), "notes": notes}
        plans = [ch for ch in changes if ch.table == "plans"]
        if plans:
            ch = plans[0]
            title = ch.after if ch.field == "created" else None
            if title is None:  # an undone import: the plan is gone, its import change is not
                row = c.execute(
                    "SELECT after FROM changes WHERE tbl = 'plans' AND row_id = ? "
                    "AND field = 'created'",
                    (ch.row_id,),
                ).fetchone()
                title = _dec(row[0]) if row else None
            if title is None:
                title = i18n.t("import.untitled", lang)
            return "change.import", {"title": title}
        notes = [ch for ch in changes if ch.table == "notes"]
        if notes:
            ch = notes[0]
            code = {"created": "change.note_added", "text": "change.note_edited"}.get(ch.field)
            if ch.field == "deleted":
                code = "change.note_deleted" if ch.after else "change.note_added"
            return code or "change.other", {"task": self._task_label(c, ch), "count": len(changes)}
        per_task: dict[int, dict[str, Change]] = {}
        for ch in changes:
            if ch.table == "tasks" and ch.field in ("state", "flag"):
                per_task.setdefault(ch.row_id, {})[ch.field] = ch
        if not per_task:
            return "change.other", {"count": len(changes)}
        befores, afters = [], []
        for task_id, fields in per_task.items():
            row = c.execute("SELECT state, flag FROM tasks WHERE id = ?", (task_id,)).fetchone()
            state_now = row[0] if row else "todo"
            st, fl = fields.get("state"), fields.get("flag")
            flag_now = fl.after if fl else (row[1] if row else None)
            b_state, a_state = (st.before, st.after) if st else (state_now, state_now)
            b_flag = fl.before if fl else flag_now
            befores.append(self._word(b_state, b_flag, lang))
            afters.append(self._word(a_state, flag_now if fl else b_flag, lang))
        if len(per_task) == 1:
            label = self._task_label(c, Change("tasks", next(iter(per_task)), "", None, None))
            return "change.state", {"task": label, "before": befores[0], "after": afters[0]}
        return "change.many", {
            "count": len(per_task),
            "before": "/".join(dict.fromkeys(befores)),
            "after": "/".join(dict.fromkeys(afters)),
        }

    @staticmethod
    def _word(state: str, flag: str | None, lang: str) -> str:
        word = i18n.state_word(state, lang)
        if flag:
            return i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{flag}", lang))
        return word

    # ---- filters -------------------------------------------------------------------------

    def filter_task_ids(self, task_filter) -> list[int]:
        """Task ids passing a `store.filtering.TaskFilter`, in plan order (search ranks first)."""
        from store.filtering import filter_task_ids

        return filter_task_ids(self, task_filter)

    def sections_for(self, task_ids) -> set[int]:
        """The sections holding these tasks, with their ancestors."""
        from store.filtering import sections_for

        return sections_for(self, task_ids)

    def filter_scope(self, task_filter, within=None):
        """The tasks passing a filter (among `within` when given) with their sections and
        plans, as sets: what a tree narrowed to them shows (`store.filtering.Scope`)."""
        from store.filtering import filter_scope

        return filter_scope(self, task_filter, within)

    # ---- search --------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Task ids matching every word of the query: tasks of matching units first, then
        tasks whose text, sections, notes, units or initials match, each group in plan order."""
        tq, uq = task_match(query), unit_match(query)
        if tq is None:
            return []
        try:
            rows = self._conn().execute(
                "WITH t(id) AS (SELECT rowid FROM task_search WHERE task_search MATCH :tq), "
                "u(id) AS (SELECT DISTINCT task_id FROM task_units WHERE unit_id IN "
                "  (SELECT rowid FROM unit_search WHERE unit_search MATCH :uq)) "
                "SELECT id FROM tasks WHERE id IN (SELECT id FROM t UNION SELECT id FROM u) "
                "ORDER BY id NOT IN (SELECT id FROM u), plan_id, seq LIMIT :limit",
                {"tq": tq, "uq": uq, "limit": -1 if limit is None else limit},
            ).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        return [r[0] for r in rows]

    @staticmethod
    def _search_row(text, titles, notes, units_text, units) -> tuple[str, str, str]:
        """body, units and initials of a task's search row.

        `units` holds (written, name, aliases, initials) for each unit the task names.
        """
        body = spaced(" ".join([text, *titles, *notes]))
        names: list[str] = [units_text or ""]
        initials: list[str] = []
        for written, name, aliases, unit_initials in units:
            names.extend([written, name, *aliases])
            initials.extend(x for x in unit_initials.split() if x not in initials)
        initials.extend(text_initial_tokens(text))
        return body, spaced(" ".join(dict.fromkeys(names))), " ".join(initials)

    def _index_task(self, c, task_id: int) -> None:
        """Rewrite one task's search row from the database (after a note changes)."""
        text, units_text, section_id = c.execute(
            "SELECT text, units, section_id FROM tasks WHERE id = ?", (task_id,)
        ).fetchone()
        titles = [
            r[0]
            for r in c.execute(
                "WITH RECURSIVE up(id, parent_id, title, depth) AS ("
                " SELECT id, parent_id, title, 0 FROM sections WHERE id = ? UNION ALL"
                " SELECT s.id, s.parent_id, s.title, up.depth + 1 FROM sections s"
                " JOIN up ON s.id = up.parent_id) SELECT title FROM up ORDER BY depth DESC",
                (section_id,),
            )
        ]
        notes = [r[0] for r in c.execute(
            "SELECT text FROM notes WHERE task_id = ? AND deleted = 0 ORDER BY id", (task_id,))]
        units = [
            (w, n, json.loads(a), i)
            for w, n, a, i in c.execute(
                "SELECT tu.written, u.name, u.aliases, u.initials FROM task_units tu "
                "JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = ? "
                "ORDER BY tu.role, tu.position",
                (task_id,),
            )
        ]
        row = self._search_row(text, titles, notes, units_text, units)
        c.execute("DELETE FROM task_search WHERE rowid = ?", (task_id,))
        c.execute("INSERT INTO task_search (rowid, body, units, initials) VALUES (?, ?, ?, ?)",
                  (task_id, *row))

    # ---- units ---------------------------------------------------------------------------

    def _unit_initials(self, name: str, aliases: list[str]) -> str:
        """Initials of the name and aliases (with and without a bracketed qualifier), each with
        its tails, so that a prefix query finds them from any character on: 市发改委 gives
        sfgw fgw gw, and `fgw` finds it without the 市."""
        out: list[str] = []
        for form in (name, *aliases):
            for variant in (form, base_name(form)):
                x = name_initials(variant)
                for i in range(max(len(x) - 1, 1)):
                    if x[i:] not in out:
                        out.append(x[i:])
        return " ".join(out)

    def _unit(self, c, written: str, cache: dict) -> tuple[int, str, list[str], str] | None:
        """The unit a written name belongs to, made or given new aliases as needed."""
        norm = normalise_name(written)
        if not norm:
            return None
        if norm in cache:
            return cache[norm]
        wanted = aliases_for(norm, self.abbreviations)
        row = c.execute("SELECT id, name, aliases, initials FROM units WHERE norm = ?",
                        (norm,)).fetchone()
        if row is None:
            initials = self._unit_initials(norm, wanted)
            unit_id = c.execute(
                "INSERT INTO units (name, norm, aliases, initials) VALUES (?, ?, ?, ?)",
                (norm, norm, json.dumps(wanted, ensure_ascii=False), initials),
            ).lastrowid
            c.execute("INSERT INTO unit_search (rowid, names, initials) VALUES (?, ?, ?)",
                      (unit_id, spaced(" ".join([norm, *wanted])), initials))
            found = (unit_id, norm, wanted, initials)
        else:
            unit_id, name, aliases, initials = row
            aliases = json.loads(aliases)
            extra = [a for a in wanted if a not in aliases and a != name]
            if extra:
                aliases = aliases + extra
                initials = self._unit_initials(name, aliases)
                c.execute("UPDATE units SET aliases = ?, initials = ? WHERE id = ?",
                          (json.dumps(aliases, ensure_ascii=False), initials, unit_id))
                c.execute("DELETE FROM unit_search WHERE rowid = ?", (unit_id,))
                c.execute("INSERT INTO unit_search (rowid, names, initials) VALUES (?, ?, ?)",
                          (unit_id, spaced(" ".join([name, *aliases])), initials))
            found = (unit_id, name, aliases, initials)
        cache[norm] = found
        return found

    # ---- importing -----------------------------------------------------------------------

    @staticmethod
    def draft_sha256(draft: PlanDraft) -> str:
        """The draft's own sha256, else a hash of its content (drafts built by hand)."""
        if draft.sha256:
            return draft.sha256
        data = asdict(draft)
        data.pop("warnings", None)
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # ---- backups -------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """Write a consistent copy to backups/ beside the database (the newest ten are kept)."""
        from store.backup import write_backup

        path = write_backup(self._conn(), self.path, reason)
        self._last_backup = time.monotonic()
        return path

    def backup_before(self, reason: str) -> Path | None:
        """The backup taken before an import or a merge: skipped when there is nothing to lose
        yet, or when this ledger made one in the last ten minutes (an import of many files)."""
        if self.read_only:
            return None
        if self._conn().execute("SELECT 1 FROM plans LIMIT 1").fetchone() is None:
            return None
        last = getattr(self, "_last_backup", None)
        if last is not None and time.monotonic() - last < 600:
            return None
        return self.backup(reason)

    def restore(self, backup_file: str | os.PathLike) -> Path | None:
        """Replace this database's content with a backup's, after backing up the current one."""
        if self.read_only:
            raise ReadOnlyError(path=str(self.path))
        with Ledger(backup_file, read_only=True) as other:  # refuses what is not ours
            other.plans()
        from store.backup import restore_into

        saved = self.backup("restore") if self._conn().execute("SELECT 1 FROM plans LIMIT 1").fetchone() else None
        restore_into(backup_file, self._conn())
        self._skipped.clear()
        return saved

    def import_plan(self, draft: PlanDraft, *, source: str = "import") -> ImportResult:
        """Write a plan in one transaction, with one change-set; skip a document seen before."""
        sha = self.draft_sha256(draft)
        if self._conn().execute("SELECT 1 FROM plans WHERE sha256 = ?", (sha,)).fetchone() is None:
            self.backup_before(source if source in ("import", "merge") else "import")
        with self._write() as c:
            row = c.execute("SELECT id, title FROM plans WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                return ImportResult(row[0], True, row[0], None, 0, 0, 0, title=row[1])
            revised_of = None
            if draft.title:
                prev = c.execute(
                    "SELECT id FROM plans WHERE title = ? AND doc_no IS ? ORDER BY id DESC LIMIT 1",
                    (draft.title, draft.doc_no),
                ).fetchone()
                revised_of = prev[0] if prev else None
            now = self.now()
            plan_id = c.execute(
                "INSERT INTO plans (sha256, title, issuer, doc_no, issued, year, source, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha, draft.title, draft.issuer, draft.doc_no, draft.issued, draft.year,
                 draft.source, now),
            ).lastrowid
            counts = Counter()
            self._write_sections(c, plan_id, draft, now, counts)
            cs_id = self._new_changeset(c, source=source, summary="import", at=now)
            self._record(c, cs_id, Change("plans", plan_id, "created", None, draft.title))
            result = ImportResult(
                plan_id, False, None, revised_of, counts["tasks"], counts["sections"],
                counts["due"], title=draft.title, changeset=self._changeset(c, cs_id),
            )
        self._skipped.clear()
        return result

    def _write_sections(self, c, plan_id: int, draft: PlanDraft, now: str, counts) -> None:
        units_cache: dict = {}
        seq = 0

        def walk(sections: tuple[SectionDraft, ...], parent: int | None, titles: list[str]):
            nonlocal seq
            for position, s in enumerate(sections, 1):
                section_id = c.execute(
                    "INSERT INTO sections (plan_id, parent_id, position, label, title) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (plan_id, parent, position, s.label, s.title),
                ).lastrowid
                counts["sections"] += 1
                path = [*titles, s.title]
                for t in s.tasks:
                    seq += 1
                    self._write_task(c, plan_id, section_id, seq, t, path, now, units_cache)
                    counts["tasks"] += 1
                    counts["due"] += t.due is not None
                walk(s.sections, section_id, path)

        walk(draft.sections, None, [])

    def _write_task(self, c, plan_id, section_id, seq, t, titles, now, units_cache) -> None:
        if t.state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {t.state!r}")
        task_id = c.execute(
            "INSERT INTO tasks (key, plan_id, section_id, seq, no, text, units, time_limit, "
            "time_limit_kind, due, state, flag, extra, updated_at, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"P{plan_id}-{seq:04d}", plan_id, section_id, seq, t.no, t.text, t.units,
             t.time_limit, t.time_limit_kind, t.due, t.state, t.flag,
             json.dumps(dict(t.extra), ensure_ascii=False), t.updated_at or now, t.origin),
        ).lastrowid
        units = []
        for role in ROLES:
            position = 0
            for written in getattr(t, role):
                written = written.strip()
                unit = self._unit(c, written, units_cache)
                if unit is None:
                    continue
                c.execute(
                    "INSERT INTO task_units (task_id, role, position, unit_id, written) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (task_id, role, position, unit[0], written),
                )
                position += 1
                units.append((written, unit[1], unit[2], unit[3]))
        for n in t.notes:
            c.execute(
                "INSERT INTO notes (task_id, at, author, unit, source, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (task_id, n.at or now, n.author, n.unit,
                 n.source if n.source in SOURCES else "import", n.text),
            )
        self._replay_history(c, task_id, t.history)
        row = self._search_row(t.text, titles, [n.text for n in t.notes], t.units, units)
        c.execute("INSERT INTO task_search (rowid, body, units, initials) VALUES (?, ?, ?, ?)",
                  (task_id, *row))

    def _replay_history(self, c, task_id: int, history) -> None:
        """Write history carried by a JSON export as change-sets of their own time and actor.

        Consecutive entries of the same time, actor, unit and source make one change-set. They
        are marked "replayed": the past of another database, never offered to undo.
        """
        cs_id, last = None, None
        for h in history:
            key = (h.at, h.actor, h.unit, h.source)
            if key != last:
                cs_id = self._new_changeset(
                    c, source=h.source if h.source in SOURCES else "import", summary=REPLAYED,
                    at=h.at, actor=h.actor or "", actor_unit=h.unit,
                )
                last = key
            self._record(c, cs_id, Change("tasks", task_id, h.field, h.before, h.after))
