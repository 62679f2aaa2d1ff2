"""Reading a plan file's bytes with the checks every binary reader shares."""
from __future__ import annotations

import errno
import zipfile
from pathlib import Path

from store import limits
from store.errors import ImportFailed

MAX_FILE_BYTES = 100 * 1024 * 1024
"""A .docx or .xlsx carries pictures and fonts; a plan is still far below this."""


def unreadable(name: str, exc: OSError | None = None, *, folder: bool = False) -> ImportFailed:
    """The error for a file that cannot be opened, in the catalog's words, not the OS's English:
    not found, a folder, permission denied; anything else names the OS's reason."""
    if folder or isinstance(exc, IsADirectoryError) or (exc is not None and exc.errno == errno.EISDIR):
        return ImportFailed(name, None, "import.is_folder")
    if isinstance(exc, FileNotFoundError) or (exc is not None and exc.errno in (errno.ENOENT, errno.ENOTDIR)):
        return ImportFailed(name, None, "import.not_found")
    if isinstance(exc, PermissionError) or (exc is not None and exc.errno in (errno.EACCES, errno.EPERM)):
        return ImportFailed(name, None, "import.permission_denied")
    detail = (exc.strerror or str(exc)) if exc is not None else ""
    return ImportFailed(name, None, "import.unreadable", detail=detail)


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or ImportFailed naming the problem (missing, a folder, empty, too large)."""
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise unreadable(name, folder=True)
        size = p.stat().st_size
    except OSError as exc:
        raise unreadable(name, exc) from exc
    if size > limit:
        raise ImportFailed(name, None, "import.too_large", size=round(size / 1048576, 1), limit=limit // 1048576)
    if size == 0:
        raise ImportFailed(name, None, "import.empty")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise unreadable(name, exc) from exc


def check_package(raw: bytes, name: str, bad_code: str) -> None:
    """An Office (zip) file measured before anything is unpacked (store.limits): not a zip is
    `bad_code`; a part or the whole beyond the caps is refused with the cap's own message."""
    try:
        limits.check_package(raw)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFailed(name, None, bad_code, detail="not an Office Open XML (zip) file") from exc
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
