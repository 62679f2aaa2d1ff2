"""Reading a write-ahead log left beside a database, before SQLite would act on it.

SQLite replays a WAL up to its last frame that checks out (salts and the running checksum) and
ends a transaction; what lies beyond is ignored — and deleted by the last connection to close.
That is right after a crash in the middle of a transaction, and wrong when a byte in the middle
of the file was damaged: every change committed after that byte would be dropped in silence.
So before a copy opens the file read-write, `inspect(path)` reads the WAL the way SQLite does
and tells the two apart: frames beyond the readable part that belong to this log (its salts)
and end a transaction are commits SQLite would lose.

The format (sqlite.org/fileformat2.html#the_write_ahead_log): a 32-byte header (magic, version,
page size, checkpoint sequence, salt-1, salt-2, checksum-1, checksum-2), then frames of a 24-byte
header (page number, database size after commit — not 0 for the last frame of a transaction —,
salt-1, salt-2, checksum-1, checksum-2) and one page. Checksums run over 32-bit words in the
byte order the magic names, each frame's continuing the one before.
"""
from __future__ import annotations

from typing import NamedTuple

import array
import struct
import sys
from pathlib import Path

_MAGIC = {0x377F0682: False, 0x377F0683: True}
"""WAL magic → whether its checksums read words big-endian."""
_VERSION = 3007000
_HEADER = 32
_FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


class WalState(NamedTuple):
    """What a WAL holds, as SQLite would replay it."""

    size: int
    commits: int
    """Transactions SQLite will replay."""
    lost_commits: int
    """Transactions committed to this log after a damaged spot: SQLite would drop them."""
    damaged: bool
    """The log does not replay whole: a damaged header over frames, or commits lost."""


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    words = array.array("I")
    words.frombytes(data)
    if big_endian != (sys.byteorder == "big"):
        words.byteswap()
    it = iter(words)
    for x, y in zip(it, it):
        s0 = (s0 + x + s1) & _MASK
        s1 = (s1 + y + s0) & _MASK
    return s0, s1


def inspect(db_path: Path) -> WalState | None:
    """The state of the WAL beside `db_path`; None when there is none (or it is empty)."""
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        with open(wal, "rb") as f:
            data = f.read()
    except OSError:  # none, or not ours to read: SQLite will say what it says
        return None
    if not data:
        return None
    size = len(data)
    if size < _HEADER:
        return WalState(size, 0, 0, damaged=False)  # a header never finished: nothing in it
    magic, version, page_size, _, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:_HEADER])
    big = _MAGIC.get(magic)
    header_ok = (
        big is not None and version == _VERSION and page_size >= 512
        and page_size & (page_size - 1) == 0 and page_size <= 65536
        and _checksum(data[:24], 0, 0, big) == (c1, c2)
    )
    if not header_ok:
        # SQLite ignores a log whose header does not check out, frames and all. Only a log
        # with nothing after its header is harmless so.
        return WalState(size, 0, 0, damaged=size > _HEADER)
    frame = _FRAME_HEADER + page_size
    s0, s1 = c1, c2
    commits = lost = 0
    offset = _HEADER
    readable = True
    while offset + _FRAME_HEADER <= size:
        page_no, commit, f1, f2, k1, k2 = struct.unpack(">6I", data[offset:offset + _FRAME_HEADER])
        ours = (f1, f2) == (salt1, salt2)
        if readable:
            whole = offset + frame <= size
            if ours and whole and page_no:
                s0, s1 = _checksum(data[offset:offset + 8], s0, s1, big)
                s0, s1 = _checksum(data[offset + _FRAME_HEADER:offset + frame], s0, s1, big)
                if (s0, s1) == (k1, k2):
                    commits += commit != 0
                    offset += frame
                    continue
            readable = False  # SQLite stops here
        if ours and commit and offset + frame <= size:
            lost += 1  # a transaction this log committed, past the point SQLite can read
        offset += frame  # (a last frame cut short is another copy writing it, or a crash)
    return WalState(size, commits, lost, damaged=lost > 0)


def inspect_settled(db_path: Path) -> WalState | None:
    """`inspect`, and when it finds damage, once more: another copy of the app writing the log
    at that moment can look like damage once, never twice in the same place."""
    first = inspect(db_path)
    if first is None or not first.damaged:
        return first
    second = inspect(db_path)
    if second is None or not second.damaged:
        return second
    return second
