"""The wheel a clerk gets (issue 18): built from this checkout, installed the way offices install it.

`test_the_wheel_holds_every_module_and_data_file` builds the real wheel with no network
(`pip wheel --no-deps --no-build-isolation`: the test extra brings a setuptools with bdist_wheel)
and checks that every file under the packages is in it, and nothing else.

`test_the_installed_wheel_runs_every_command`, marked `installed` (deselected by default; CI runs
it with `pytest -m installed`), installs that wheel — not the checkout in editable mode — into a
fresh venv with constraints.txt, and runs the installed `taizhang` from a folder outside the
checkout, with a home of its own: --version, paths, import, round new, forms, a form filled with
openpyxl, merge, export in every format, `sqlite-utils tables`, and the app opened headless on a
copy of sample.db (first screen, one tick, quit). A module or data file the wheel lacks fails it.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tui

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")
HERE = Path(__file__).resolve().parent / "installed"
_JUNK_TOP = {".git", ".venv", "venv", "build", "dist", ".pytest_cache", ".hypothesis", "backups"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    """What a fresh clone would not have: caches, builds, venvs (a stale build/ could hide a gap)."""
    skip = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".egg-info", ".db-wal", ".db-shm"))}
    where = Path(folder).resolve()
    if where == ROOT:
        skip |= _JUNK_TOP & set(names)
    if where == ROOT / "bench":
        skip |= {"cache", "results"} & set(names)
    return skip


@pytest.fixture(scope="session")
def checkout(tmp_path_factory) -> Path:
    """A clean copy of the checkout, as a fresh clone has it: the files git tracks or would
    (not ignored), else everything but caches and builds."""
    copy = tmp_path_factory.mktemp("clone") / "taizhang"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True) if (ROOT / ".git").exists() and shutil.which("git") else None
    if listed is None or listed.returncode != 0:
        shutil.copytree(ROOT, copy, ignore=_ignore)
        return copy
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet staged is listed too
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


@pytest.fixture(scope="session")
def wheel(checkout, tmp_path_factory) -> Path:
    """The taizhang wheel, built from the clean copy with this venv's setuptools: no network."""
    out = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(out), str(checkout)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = list(out.glob("taizhang-*.whl"))
    assert len(built) == 1, proc.stdout
    return built[0]


def _package_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for package in PACKAGES
        for p in (root / package).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_the_wheel_holds_every_module_and_data_file(wheel, checkout):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode("utf-8") for n in names if n.endswith(".dist-info/entry_points.txt"))
        metadata = next(zf.read(n).decode("utf-8") for n in names if n.endswith(".dist-info/METADATA"))
    expected = _package_files(checkout)
    assert {"store/forms/merge.py", "store/db/database.py", "tui/taizhang.tcss", "tui/cli/__init__.py"} <= expected  # the walk found them
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    # Nothing but the packages: no release tooling, tests, benchmarks or scripts for the clerk.
    extra = {n for n in names if ".dist-info/" not in n} - expected
    assert not extra, f"in the wheel but not in the packages: {sorted(extra)}"
    assert not [n for n in names if n.startswith(("release/", "tests/", "bench/", "scripts/"))]
    assert "taizhang = tui.cli:main" in entry_points
    assert f"Version: {tui.__version__}\n" in metadata
    assert "Requires-Dist: sqlite-utils" in metadata


def test_a_new_module_or_stylesheet_in_a_subpackage_is_found(checkout, tmp_path):
    """Discovery, not a list: a package or .tcss added later ships without touching pyproject."""
    source = tmp_path / "taizhang"
    shutil.copytree(checkout, source)
    (source / "store" / "later").mkdir()
    (source / "store" / "later" / "__init__.py").write_text('"""A package added later."""\n', encoding="utf-8")
    (source / "tui" / "screens" / "later.tcss").write_text("Screen { }\n", encoding="utf-8")
    out = tmp_path / "wheel"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(out), str(source)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(next(out.glob("*.whl"))) as zf:
        names = set(zf.namelist())
    assert {"store/later/__init__.py", "tui/screens/later.tcss"} <= names


# ---- installed: a fresh venv, the wheel, every command from outside the checkout ---------------


def _home(tmp_path: Path) -> dict[str, str]:
    """A clerk's machine: a home of its own (platformdirs' defaults under it), no config of the
    developer's, nothing of the checkout on the path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "TAIZHANG_")) and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(HOME=str(tmp_path / "home"), LANG="C.UTF-8", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (dependencies from the index, at constraints.txt)."""
    venv = tmp_path_factory.mktemp("clerk") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    proc = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel),
         "-c", str(ROOT / "constraints.txt")],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = subprocess.run([python, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return bindir


@pytest.mark.installed
def test_the_installed_wheel_runs_every_command(installed, tmp_path):
    from store.exporting import FORMATS

    office = tmp_path / "办公室"  # outside the checkout: nothing imports from it
    office.mkdir()
    env = _home(tmp_path)
    taizhang = installed / ("taizhang.exe" if os.name == "nt" else "taizhang")
    python = installed / ("python.exe" if os.name == "nt" else "python")

    def run(*args, ok: bool = True) -> str:
        proc = subprocess.run([str(a) for a in args], cwd=office, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=300)
        if ok:
            assert proc.returncode == 0, f"{args}:\n{proc.stdout}{proc.stderr}"
        assert "Traceback" not in proc.stderr and "ModuleNotFoundError" not in proc.stderr, proc.stderr
        return proc.stdout

    assert run(taizhang, "--version") == f"taizhang {tui.__version__}\n"
    db = tmp_path / "home" / ".local" / "share" / "taizhang" / "taizhang.db"
    assert str(db) in run(taizhang, "paths", "--lang", "en")

    sample = sorted((ROOT / "samples").glob("000_*.txt"))[0]
    shutil.copy(sample, office / "方案.txt")
    assert "[#1]" in run(taizhang, "import", "方案.txt")
    assert db.is_file()  # the default database, in the clerk's data folder
    assert "2024年第二季度" in run(taizhang, "round", "new", "2024年第二季度", "--due", "2099-07-15")
    assert "已写出反馈表" in run(taizhang, "forms", "-o", "反馈表")
    form, key = run(python, HERE / "fill_form.py", office / "反馈表").strip().split("\t")
    assert "已合并 1 份反馈表" in run(taizhang, "merge", form)

    for fmt, spec in FORMATS.items():
        out = office / f"台账.{spec.suffix}"
        run(taizhang, "export", "--format", fmt, "-o", out.name)
        assert out.stat().st_size > 0, fmt
    data = json.loads((office / "台账.json").read_text(encoding="utf-8"))
    tasks = [t for p in data["plans"] for s in _sections(p["sections"]) for t in s["tasks"]]
    assert [t["state"] for t in tasks if t["key"] == key] == ["done"]  # the merged form's word
    assert (office / "台账.xlsx").read_bytes()[:2] == b"PK" and (office / "台账.docx").read_bytes()[:2] == b"PK"
    assert (office / "台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "#1" in run(taizhang, "status")
    # IT's way into a ledger (README): the sqlite-utils command that comes with every install
    counts = json.loads(run(installed / ("sqlite-utils.exe" if os.name == "nt" else "sqlite-utils"),
                            "tables", db, "--counts"))
    assert {"table": "tasks", "count": len(tasks)} in counts

    ledger = office / "sample.db"
    shutil.copy(ROOT / "sample.db", ledger)
    seen = json.loads(run(python, HERE / "open_app.py", ledger).strip().splitlines()[-1])
    assert Path(seen["tui"]).resolve().is_relative_to(installed.parent.resolve())  # the wheel's tui
    assert seen["asked"], "a fresh install asks the clerk's name and unit on the first run"
    saved = [p.read_text(encoding="utf-8") for p in Path(env["HOME"]).rglob("*.toml")]
    assert any("Zhang San" in text and "bangongshi" in text for text in saved), saved
    assert seen["painted"] and seen["kind"] == "task" and seen["state"] == "done"
    conn = sqlite3.connect(ledger)
    try:
        assert conn.execute("SELECT state FROM tasks WHERE key = ?", (seen["key"],)).fetchone() == ("done",)
        assert conn.execute("SELECT count(*) FROM changesets WHERE source = 'ui'").fetchone() == (1,)
    finally:
        conn.close()


def _sections(sections):
    for s in sections:
        yield s
        yield from _sections(s["sections"])
