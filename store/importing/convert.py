"""Legacy word-processor files (.doc, .wps, .rtf, .odt) → .docx with LibreOffice, then read as .docx.

When `soffice` is on PATH (or in LibreOffice's usual place on Windows), the file is copied into
a temporary folder and converted there (`soffice --headless --convert-to docx`), with a
profile of its own so a LibreOffice window the clerk has open does not swallow the job, and a
timeout. Without LibreOffice, or when it fails, the message says what to do: open it in WPS or
Word and save it as .docx (另存为). WPS spreadsheets (.et) that calamine cannot read get the same
message for .xlsx (see xlsx_reader).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from store.errors import ImportFailed
from store.importing.document import Document

CONVERT_SUFFIXES = {".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt", ".ott"}
TIMEOUT_SECONDS = 120

# Kingsoft WPS writer files are Word 97 files inside; LibreOffice's .wps filter is for MS Works.
_AS_SUFFIX = {".wps": ".doc", ".wpt": ".doc", ".dot": ".doc", ".ott": ".odt"}


def find_soffice() -> str | None:
    """LibreOffice's command, from PATH or its usual install folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = []
    for env in ("PROGRAMFILES", "PROGRAMFILES(X86)", "ProgramW6432"):
        base = os.environ.get(env)
        if base:
            candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    for c in candidates:
        if c.is_file():
            return str(c)
    return None


def convert_to_docx(path: str | Path, raw: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The .docx bytes LibreOffice makes of this file; ImportFailed with advice otherwise."""
    p = Path(path)
    suffix = p.suffix.lower()
    soffice = find_soffice()
    if soffice is None:
        raise ImportFailed(p.name, None, "import.needs_docx", suffix=suffix or p.name)
    with tempfile.TemporaryDirectory(prefix="taizhang-convert-") as tmp:
        work = Path(tmp)
        source = work / ("input" + _AS_SUFFIX.get(suffix, suffix or ".doc"))
        source.write_bytes(raw)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = (work / "profile").resolve().as_uri()
        cmd = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
            "--nolockcheck", "--nodefault", "--nologo", "--convert-to", "docx", "--outdir", str(out_dir), str(source),
        ]
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ImportFailed(p.name, None, "import.convert_failed", detail=f"timed out after {int(timeout)} s") from exc
        except OSError as exc:
            raise ImportFailed(p.name, None, "import.convert_failed", detail=exc.strerror or str(exc)) from exc
        produced = out_dir / "input.docx"
        if not produced.is_file():
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", errors="replace").strip().splitlines()
            raise ImportFailed(p.name, None, "import.convert_failed",
                               detail=(detail[-1] if detail else f"exit code {proc.returncode}")[:200])
        return produced.read_bytes()


def read_converted(path: str | Path, raw: bytes) -> Document:
    from store.importing.docx_reader import read_docx_bytes

    p = Path(path)
    return read_docx_bytes(convert_to_docx(p, raw), p.name)
