"""How a file becomes an open database: what it is, before anything could write to it.

Opening follows DECISIONS ("The store"): a new or empty file is initialised; a file that is not
ours, or is newer than us, is refused and left byte-identical (its header and pragmas are read
through a read-only, immutable connection before anything that could write); a file we may not
write opens read-only.
"""
from __future__ import annotations

from typing import NamedTuple

import os
import sqlite3
from pathlib import Path

from store import schema
from store.errors import DatabaseRefused, TaizhangError

_MAGIC = b"SQLite format 3\x00"


class Found(NamedTuple):
    """What is at a database path, read without writing a byte."""

    exists: bool
    fresh: bool
    """Nothing to keep: no file, or an empty one with no WAL beside it."""
    version: int
    """The schema version (`PRAGMA user_version`); 0 when fresh."""
    wal_unusable: bool = False
    """The -wal beside it makes the database unreadable while the file alone is sound: a log
    left from another file (a copy put over the database while its old -wal stayed) or one
    damaged in a way its checksums do not show. It must not be replayed."""


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def refuse(path: Path, code: str, **params) -> DatabaseRefused:
    return DatabaseRefused(code, path=str(path), **params)


def inspect(path: Path) -> Found:
    """What the file is: refuses a folder, a file that is not SQLite, not ours, damaged in its
    header or newer than this program; otherwise says whether there is anything to keep."""
    if path.is_dir():
        raise refuse(path, "db.is_directory")
    wal = wal_path(path)
    exists = path.exists()
    size = path.stat().st_size if exists else 0
    fresh = size == 0 and not (wal.exists() and wal.stat().st_size > 0)
    if fresh:
        return Found(exists, True, 0)
    app_id, version, has_tables, wal_unusable = _probe(path, size, _holds_changes(wal))
    if app_id != schema.APPLICATION_ID and (has_tables or app_id != 0 or version != 0):
        raise refuse(path, "db.foreign")
    if version > schema.SCHEMA_VERSION:
        raise refuse(path, "db.newer", found=version, ours=schema.SCHEMA_VERSION)
    if version == 0 and has_tables:
        raise refuse(path, "db.corrupt")
    return Found(exists, False, version, wal_unusable)


def _holds_changes(wal: Path) -> bool:
    """A -wal file with something in it (an empty one is what a clean close or a reader left)."""
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _probe(path: Path, size: int, wal_exists: bool) -> tuple[int, int, bool, bool]:
    """Read application_id, user_version, whether there are tables and whether the -wal makes
    a sound file unreadable (`Found.wal_unusable`), writing nothing.

    The header is checked by hand first (magic, page size, the page count against the file
    size), which catches a non-SQLite or truncated file without SQLite. Then an immutable
    read-only connection reads the pragmas: immutable, so that not even a -shm file appears
    beside a file we are about to refuse. With a -wal file present the main file alone may
    be stale, so the WAL is read (plain `mode=ro`).
    """
    if size:
        with open(path, "rb") as f:
            header = f.read(100)
        if header[:16] != _MAGIC[: len(header[:16])] or not header:
            raise refuse(path, "db.not_sqlite")
        if len(header) < 100:
            raise refuse(path, "db.corrupt")
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        if page_size < 512 or page_size & (page_size - 1) or size % page_size:
            raise refuse(path, "db.corrupt")
        pages = int.from_bytes(header[28:32], "big")
        if header[24:28] == header[92:96] and pages * page_size > size:
            raise refuse(path, "db.corrupt")
    uri = path.absolute().as_uri() + "?mode=ro"
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
    except sqlite3.OperationalError as e:
        if wal_exists and not writable(path, True):
            # SQLite reads a WAL through a -shm file it cannot make in a read-only folder:
            # the file is fine, only not readable here with its latest changes.
            raise refuse(path, "db.read_only_wal") from e
        return _without_wal(path, size, wal_exists, e)
    except sqlite3.DatabaseError as e:
        return _without_wal(path, size, wal_exists, e)
    finally:
        conn.close()
    return app_id, version, has_tables, False


def _without_wal(path: Path, size: int, wal_exists: bool, error: Exception) -> tuple[int, int, bool, bool]:
    """Reading through the -wal failed: when the file alone (immutable: the WAL unread) is
    sound, the log is what is broken (`Found.wal_unusable`); otherwise the file is damaged."""
    if not wal_exists:
        raise refuse(path, "db.corrupt") from error
    from store.db.recovery import file_passes_check

    if not file_passes_check(path, with_wal=False):
        raise refuse(path, "db.corrupt") from error
    app_id, version, has_tables, _ = _probe(path, size, False)
    return app_id, version, has_tables, True


def writable(path: Path, exists: bool) -> bool:
    """May we write the file and make its -wal and -shm beside it?"""
    folder = path.absolute().parent
    if exists:
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return os.access(probe, os.W_OK)


def read_only_uri(path: Path) -> str:
    """`mode=ro`, or `immutable=1` too when SQLite cannot make its -shm (folder read-only)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return uri
    except sqlite3.OperationalError as e:
        if _holds_changes(wal_path(path)):
            raise refuse(path, "db.read_only_wal") from e
        return uri + "&immutable=1"  # no changes waiting in a WAL: the file alone is whole
    finally:
        conn.close()


def configure_writer(conn: sqlite3.Connection) -> None:
    """The pragmas of every read-write connection (DECISIONS: WAL, synchronous=FULL, 5 s)."""
    conn.execute("PRAGMA busy_timeout = 5000")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
