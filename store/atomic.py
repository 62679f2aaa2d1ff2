"""Files written whole or not at all: a report, a form, a backup never exists half-written.

And the names they get: from text (a plan's title, a unit's name) that may hold anything, a
name every file system takes — no characters Windows refuses, never `.` or `..` or a device
name (CON, NUL …), at most MAX_NAME_BYTES in UTF-8 (Linux allows 255 bytes) and few enough
characters that the whole path stays under Windows' 260 (issue 23).
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from pathlib import Path

_UNSAFE = '<>:"/\\|?*\n\r\t'
MAX_NAME_BYTES = 200
"""A whole file name, extension and any suffix included (Linux and macOS allow 255 bytes)."""
MAX_PATH_CHARS = 259
"""A whole path (Windows' MAX_PATH is 260 with the terminating NUL)."""
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
TEMP_PREFIX = ".taizhang-"
_TEMP = re.compile(r"^\.taizhang-[0-9a-f]{12}(\.[^.]*)?$")
STALE_SECONDS = 10 * 60
"""A temporary file untouched this long was left by a write that was killed: a live write keeps
touching it (a backup of a large database included)."""


def write_atomically(target: Path, data: str | bytes) -> None:
    """Write beside `target`, flush to disk, then rename over it.

    The temporary file is opened with plain `open(…, "xb")`, not `mkstemp`, so the file gets
    the user's usual permissions (mkstemp's 0600 would hide a report from colleagues on a
    shared Linux machine). Temporaries that a killed write left in the folder are removed first.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent)
    tmp = target.with_name(f"{TEMP_PREFIX}{os.urandom(6).hex()}{target.suffix}")
    try:
        with open(tmp, "xb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def clean_stale(folder: Path, pattern: re.Pattern = _TEMP, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporaries (names matching `pattern`) that a killed write left in `folder`:
    those untouched for `older_than` seconds. Never a reason to fail: what cannot be removed
    stays. Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < older_than:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _tag(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _cut(text: str, chars: int, max_bytes: int) -> str:
    out = text[:chars]
    while len(out.encode("utf-8", "surrogatepass")) > max_bytes:
        out = out[:-1]
    return out


def name_part(text: str, chars: int = 40, max_bytes: int = 90, fallback: str = "") -> str:
    """`text` as part of a file name: unsafe characters replaced, at most `chars` characters and
    `max_bytes` bytes. Where anything was replaced or cut, a short hash of the whole text is
    added ("…~3fa2c1"), so two different texts never give one name, and the same text always
    gives the same one. Empty (or only dots) becomes `fallback` plus the hash."""
    original = unicodedata.normalize("NFC", text or "")
    name = "".join("_" if ch in _UNSAFE or ord(ch) < 32 or ord(ch) == 127 else ch for ch in original)
    name = name.strip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    if name == original and len(name) <= chars and len(name.encode("utf-8", "surrogatepass")) <= max_bytes:
        return name
    tag = "~" + _tag(original)
    base = _cut(name or fallback, max(chars - len(tag), 1), max(max_bytes - len(tag), 1)).rstrip(" .")
    return base + tag


def safe_filename(title: str, limit: int = 60, max_bytes: int = MAX_NAME_BYTES - 20) -> str:
    """A file name (without its extension) from a plan's title: no characters Windows refuses,
    no control characters, at most `limit` characters and `max_bytes` bytes (room left for a
    date and an extension), never empty, `.`, `..` or a device name."""
    name = "".join("_" if ch in _UNSAFE or ord(ch) < 32 or ord(ch) == 127 else ch for ch in title).strip(" .")
    name = _cut(name, limit, max_bytes).rstrip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name or "taizhang"
