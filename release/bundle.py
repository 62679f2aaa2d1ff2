"""The offline bundle: everything an office laptop without internet needs to install taizhang.

Release tooling, run from a source checkout and never shipped in the wheel (pyproject finds only
`store*` and `tui*`): `python -m release.bundle -o DIR` on a connected machine.

`build_bundle(out_dir)` builds the
taizhang wheel from the source checkout, downloads every dependency as a wheel for each target
platform and Python version, verifies that each target's dependencies are complete, and writes
the install scripts, 安装说明.txt, the sample plans and sample.db beside them:

    DIR/
      install.bat  install.sh      create venv/ here and `pip install --no-index --find-links wheels`
      taizhang.bat taizhang.sh     open the app installed in venv/
      安装说明.txt                 what to run, where the data is, how to update and uninstall
      wheels/                      taizhang and every dependency, for all targets
      extras/<name>/               optional extras (pyproject's optional-dependencies), if any
      samples/  sample.db          the five sample plans and the sample ledger
      bundle.json                  what was built: version, targets, Pythons, packages per target

pip evaluates environment markers (`; platform_system == "Windows"`) against the machine it runs
on, not the `--platform` it downloads for; so after each download the bundle resolves the
dependencies again with the target's markers and tags, fetches what a marker hid, and fails
naming the dependency and the target when a wheel is missing.

Every download is constrained by the checkout's constraints.txt, when it has one, so the bundle
holds the versions the tests ran against. The only outside program is pip (`sys.executable -m
pip`); `pip=` replaces it in tests.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence

from store.errors import TaizhangError
from release import bundle_templates
from release.bundle_templates import README_NAME  # noqa: F401 - part of this module's interface

PYTHONS = ("3.11", "3.12", "3.13")
MIN_PYTHON = (3, 11)
MANIFEST_NAME = "bundle.json"
MANIFEST_FORMAT = "taizhang-bundle"
# Extras that are for developers, never for a clerk's laptop.
DEVELOPER_EXTRAS = frozenset({"test", "tests", "dev", "docs", "doc", "lint", "typing", "bench"})
_EXTRA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

PipRunner = Callable[[Sequence[str]], "tuple[int, str]"]
Progress = Callable[..., None]


class BundleError(TaizhangError):
    code = "bundle.failed"


# ---- targets --------------------------------------------------------------------------------


def _manylinux(arch: str) -> tuple[str, ...]:
    """Every manylinux tag a glibc 2.28 system accepts, newest first."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(28, 16, -1)]
    tags.append(f"manylinux2014_{arch}")
    if arch == "x86_64":  # the older policies only ever existed for x86
        tags += [f"manylinux_2_12_{arch}", f"manylinux2010_{arch}", f"manylinux_2_5_{arch}", f"manylinux1_{arch}"]
    return tuple(tags)


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    os_name: str
    platform_machine: str

    def environment(self, python: str) -> dict[str, str]:
        """The environment markers of CPython `python` on this target."""
        full = f"{python}.0"
        return {
            "python_version": python,
            "python_full_version": full,
            "implementation_name": "cpython",
            "implementation_version": full,
            "platform_python_implementation": "CPython",
            "sys_platform": self.sys_platform,
            "platform_system": self.platform_system,
            "os_name": self.os_name,
            "platform_machine": self.platform_machine,
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("win_amd64", "Windows 10+ x86-64", ("win_amd64",), "win32", "Windows", "nt", "AMD64"),
        Target("linux_x86_64", "Linux x86-64, glibc >= 2.28", _manylinux("x86_64"), "linux", "Linux", "posix", "x86_64"),
        Target("linux_aarch64", "Linux aarch64, glibc >= 2.28", _manylinux("aarch64"), "linux", "Linux", "posix", "aarch64"),
    )
}
ALL_TARGETS = tuple(TARGETS)


def check_targets(names: Iterable[str]) -> tuple[Target, ...]:
    out: list[Target] = []
    for name in names:
        target = TARGETS.get(name.strip().lower())
        if target is None:
            raise BundleError("bundle.bad_target", target=name, valid=", ".join(ALL_TARGETS))
        if target not in out:
            out.append(target)
    if not out:
        raise BundleError("bundle.bad_target", target="", valid=", ".join(ALL_TARGETS))
    return tuple(out)


def check_pythons(versions: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for version in versions:
        m = re.fullmatch(r"\s*3\.(\d{1,2})\s*", version)
        if not m or (3, int(m.group(1))) < MIN_PYTHON:
            raise BundleError("bundle.bad_python", python=version)
        norm = f"3.{int(m.group(1))}"
        if norm not in out:
            out.append(norm)
    if not out:
        raise BundleError("bundle.bad_python", python="")
    return tuple(out)


# ---- pip ------------------------------------------------------------------------------------


def run_pip(args: Sequence[str]) -> tuple[int, str]:
    """Run the pip of the interpreter taizhang runs in; its output, stdout and stderr together."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PIP_NO_INPUT="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        encoding="utf-8",
        errors="replace",
    )
    return proc.returncode, proc.stdout or ""


def constrained(pip: PipRunner, constraints: Path | None) -> PipRunner:
    """pip with the checkout's constraints.txt added to every download: the bundle gets the exact
    versions the tests and snapshots ran against (textual, rich), as the README's install does."""
    if constraints is None:
        return pip

    def run(args: Sequence[str]) -> tuple[int, str]:
        args = list(args)
        if args and args[0] == "download":
            args[1:1] = ["-c", str(constraints)]
        return pip(args)

    return run


def download_args(target: Target, python: str, dest: Path, requirements: Sequence[str]) -> list[str]:
    abi = "cp3" + python.split(".")[1]
    args = ["download", "--only-binary=:all:", "--implementation", "cp", "--python-version", python, "--abi", abi]
    for platform in target.platforms:
        args += ["--platform", platform]
    return args + ["--progress-bar", "off", "--disable-pip-version-check", "-d", str(dest), *requirements]


@dataclass(frozen=True)
class PipProblem:
    """What went wrong in a pip run, read from its output."""

    kind: str  # "no_wheel" | "network" | "conflict" | "other"
    dependency: str | None = None
    requirement: str | None = None
    needed_by: str | None = None
    detail: str = ""


_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement (?P<req>\S+)(?P<rest>[^\n]*)")
_NO_MATCH = re.compile(r"No matching distribution found for (?P<req>\S+)")
_FROM = re.compile(r"\(from (?!versions:)(?P<parent>[^()]+)\)")
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_NETWORK = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Max retries exceeded|Could not fetch URL"
    r"|ConnectTimeout|Temporary failure in name resolution|Name or service not known|ProxyError"
    r"|Network is unreachable|Connection refused"
)


def _tail(output: str, lines: int = 12) -> str:
    kept = [line.rstrip() for line in output.strip().splitlines() if line.strip()]
    errors = [line for line in kept if line.lstrip().startswith("ERROR")]
    return "\n".join((errors or kept)[-lines:])


def parse_pip_error(output: str) -> PipProblem:
    """Name the dependency pip could not find a wheel for, or say why else it failed."""
    m = _NO_VERSION.search(output) or _NO_MATCH.search(output)
    if m:
        requirement = m.group("req").rstrip(",;")
        name = _NAME.match(requirement)
        parent = _FROM.search(m.groupdict().get("rest") or "")
        if _NETWORK.search(output) and "(from versions: none)" in output:
            return PipProblem("network", detail=_tail(output))
        return PipProblem(
            "no_wheel",
            dependency=name.group(0) if name else requirement,
            requirement=requirement,
            needed_by=parent.group("parent").strip() if parent else None,
            detail=_tail(output),
        )
    if _NETWORK.search(output):
        return PipProblem("network", detail=_tail(output))
    if "ResolutionImpossible" in output or "conflicting dependencies" in output:
        lines = [line.strip() for line in output.splitlines() if " depends on " in line]
        return PipProblem("conflict", detail="\n".join(lines) or _tail(output))
    return PipProblem("other", detail=_tail(output))


def _raise_for(problem: PipProblem, target: Target, python: str):
    params = dict(target=target.name, platform=target.description, python=python)
    if problem.kind == "no_wheel":
        raise BundleError(
            "bundle.no_wheel",
            dependency=problem.dependency,
            requirement=problem.requirement or problem.dependency,
            needed_by=problem.needed_by or "taizhang",
            **params,
        )
    if problem.kind == "network":
        raise BundleError("bundle.network", detail=problem.detail)
    if problem.kind == "conflict":
        raise BundleError("bundle.conflict", detail=problem.detail, **params)
    raise BundleError("bundle.pip_failed", detail=problem.detail, **params)


# ---- wheels and their dependencies, as a target sees them -----------------------------------


def _packaging():
    """packaging from the environment, else the copy inside pip (which the bundle needs anyway)."""
    try:
        from packaging import markers, requirements, specifiers, tags, utils, version
    except ImportError:  # pragma: no cover - depends on what is installed
        from pip._vendor.packaging import markers, requirements, specifiers, tags, utils, version
    return markers, requirements, specifiers, tags, utils, version


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: object
    tags: frozenset


@dataclass(frozen=True)
class Missing:
    dependency: str
    requirement: str
    needed_by: str


class WheelIndex:
    """Wheel files in some folders, and their metadata (read once)."""

    def __init__(self) -> None:
        self._meta: dict[Path, tuple[list[str], str | None]] = {}

    def scan(self, folders: Iterable[Path]) -> list[Wheel]:
        _, _, _, _, utils, _ = _packaging()
        found = []
        for folder in folders:
            if not Path(folder).is_dir():
                continue
            for path in sorted(Path(folder).glob("*.whl")):
                try:
                    name, version, _build, tags = utils.parse_wheel_filename(path.name)
                except Exception:  # noqa: BLE001 - a file that is not a wheel is not offered
                    continue
                found.append(Wheel(path, str(name), version, frozenset(tags)))
        return found

    def metadata(self, path: Path) -> tuple[list[str], str | None]:
        """Requires-Dist lines and Requires-Python of a wheel."""
        if path not in self._meta:
            from email.parser import Parser

            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
                if not names:
                    raise BundleError("bundle.bad_wheel", path=str(path))
                text = zf.read(names[0]).decode("utf-8", "replace")
            msg = Parser().parsestr(text, headersonly=True)
            self._meta[path] = (msg.get_all("Requires-Dist") or [], msg.get("Requires-Python"))
        return self._meta[path]


def supported_tags(target: Target, python: str) -> frozenset:
    _, _, _, tags, _, _ = _packaging()
    version = tuple(int(x) for x in python.split("."))
    interpreter = "cp3" + python.split(".")[1]
    found = set(tags.cpython_tags(version, abis=[interpreter], platforms=list(target.platforms)))
    found |= set(tags.compatible_tags(version, interpreter=interpreter, platforms=list(target.platforms)))
    return frozenset(found)


def resolve(index: WheelIndex, folders: Sequence[Path], root: Path, extras: Iterable[str],
            target: Target, python: str) -> tuple[dict[str, Wheel], list[Missing]]:
    """Walk root's dependencies as CPython `python` on `target` sees them (markers, tags,
    Requires-Python), choosing the newest fitting wheel in `folders`; return what was chosen and
    what has no wheel. A check of the bundle, not a full resolver: no backtracking."""
    _, requirements, specifiers, _, utils, version_mod = _packaging()
    supported = supported_tags(target, python)
    env = target.environment(python)
    py_version = version_mod.Version(f"{python}.0")
    available: dict[str, list[Wheel]] = {}
    for wheel in index.scan(folders):
        if wheel.tags & supported:
            available.setdefault(wheel.name, []).append(wheel)

    def python_ok(wheel: Wheel) -> bool:
        requires_python = index.metadata(wheel.path)[1]
        if not requires_python:
            return True
        try:
            return specifiers.SpecifierSet(requires_python).contains(py_version, prereleases=True)
        except Exception:  # noqa: BLE001 - pip ignores a malformed Requires-Python too
            return True

    root_wheel = next((w for w in index.scan([root.parent]) if w.path == root), None)
    if root_wheel is None:
        raise BundleError("bundle.bad_wheel", path=str(root))
    chosen: dict[str, Wheel] = {root_wheel.name: root_wheel}
    missing: list[Missing] = []
    queue: list[tuple[Wheel, frozenset]] = [(root_wheel, frozenset(extras))]
    seen: set[tuple[str, frozenset]] = set()
    while queue:
        wheel, wanted = queue.pop(0)
        if (wheel.name, wanted) in seen:
            continue
        seen.add((wheel.name, wanted))
        for line in index.metadata(wheel.path)[0]:
            try:
                req = requirements.Requirement(line)
            except Exception:  # noqa: BLE001 - pip would refuse it too; not ours to judge
                continue
            if req.marker is not None and not any(
                req.marker.evaluate({**env, "extra": extra}) for extra in ({""} | set(wanted))
            ):
                continue
            name = str(utils.canonicalize_name(req.name))
            fits = [
                w for w in available.get(name, [])
                if req.specifier.contains(w.version, prereleases=True) and python_ok(w)
            ]
            if not fits:
                spec = req.name + (f"[{','.join(sorted(req.extras))}]" if req.extras else "") + str(req.specifier)
                missing.append(Missing(req.name, spec, f"{wheel.name} {wheel.version}"))
                continue
            pick = chosen[name] if name in chosen and chosen[name] in fits else max(fits, key=lambda w: w.version)
            chosen[name] = pick
            queue.append((pick, frozenset(str(e) for e in req.extras)))
    return chosen, missing


def _complete(pip: PipRunner, index: WheelIndex, folders: Sequence[Path], dest: Path, root: Path,
              extras: Iterable[str], target: Target, python: str, progress: Progress) -> dict[str, Wheel]:
    """Resolve for the target; download what pip's own markers hid; fail naming what is missing."""
    extras = tuple(extras)
    tried: set[str] = set()
    while True:
        chosen, missing = resolve(index, folders, root, extras, target, python)
        if not missing:
            return chosen
        todo = [m for m in missing if m.requirement not in tried]
        if not todo:
            first = missing[0]
            raise BundleError(
                "bundle.no_wheel", dependency=first.dependency, requirement=first.requirement,
                needed_by=first.needed_by, target=target.name, platform=target.description, python=python,
            )
        progress("bundle.step.marker", target=target.name, python=python,
                 names=", ".join(sorted({m.requirement for m in todo})))
        tried.update(m.requirement for m in todo)
        code, output = pip(download_args(target, python, dest, sorted({m.requirement for m in todo})))
        if code != 0:
            problem = parse_pip_error(output)
            if problem.kind == "no_wheel" and not problem.needed_by:
                hit = next((m for m in todo if m.dependency.lower() == (problem.dependency or "").lower()), None)
                if hit:
                    problem = PipProblem("no_wheel", hit.dependency, hit.requirement, hit.needed_by, problem.detail)
            _raise_for(problem, target, python)


# ---- the source checkout --------------------------------------------------------------------


SOURCE = Path(__file__).resolve().parent.parent
"""The checkout this module sits in (release/ is never installed, so it is always one)."""


def find_source() -> Path:
    """The checkout: the folder holding release/, the packages and taizhang's pyproject.toml."""
    folder = SOURCE
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file() or _project(folder).get("name") != "taizhang":
        raise BundleError("bundle.no_source", path=str(folder))
    return folder


def _project(source: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except (OSError, ValueError):
        return {}


def optional_extras(source: Path) -> dict[str, list[str]]:
    """pyproject's optional dependencies meant for users (not test, dev, docs …)."""
    extras = _project(source).get("optional-dependencies", {}) or {}
    return {
        name: list(reqs)
        for name, reqs in sorted(extras.items())
        if name.lower() not in DEVELOPER_EXTRAS and _EXTRA_NAME.match(name) and reqs
    }


_BUILD_SKIP_TOP = {".git", ".venv", "venv", "build", "dist", ".hypothesis", ".pytest_cache", "bench", "tests", ".ci", "release",
                   "samples", "sample.db"}


def _ignore_for_build(source: Path):
    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", ".pyc", ".db-wal", ".db-shm"))}
        if Path(folder).resolve() == source.resolve():
            skip |= {n for n in names if n in _BUILD_SKIP_TOP}
            # a bundle built inside the checkout before (the README's -o taizhang-bundle --zip)
            skip |= {n for n in names if n.endswith(".zip") or (Path(folder) / n / MANIFEST_NAME).is_file()}
        return skip

    return ignore


def build_own_wheel(source: Path, dest: Path, pip: PipRunner) -> Path:
    """`pip wheel --no-deps` on a clean copy of the checkout (setuptools' build/ folder in the
    checkout could hold modules deleted since, and they would end up in the wheel)."""
    with tempfile.TemporaryDirectory(prefix="taizhang-src-") as tmp:
        copy = Path(tmp) / "taizhang"
        shutil.copytree(source, copy, ignore=_ignore_for_build(source))
        code, output = pip(["wheel", "--no-deps", "--progress-bar", "off", "--disable-pip-version-check",
                            "-w", str(dest), str(copy)])
        if code != 0:
            raise BundleError("bundle.wheel_failed", detail=_tail(output))
    built = sorted(dest.glob("taizhang-*.whl"), key=lambda p: p.stat().st_mtime)
    if not built:
        raise BundleError("bundle.wheel_failed", detail=_tail(output))
    return built[-1]


# ---- writing --------------------------------------------------------------------------------


def write_text(path: Path, text: str, *, crlf: bool = False, bom: bool = False) -> None:
    """UTF-8 with the line endings the file's reader expects (CRLF for cmd.exe and Notepad)."""
    text = text.replace("\r\n", "\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))


def _write_zip(folder: Path, target: Path) -> None:
    """DIR.zip holding DIR/…; the .sh files keep their executable bit for unzip on Linux."""
    tmp = target.with_name(f".{target.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if not path.is_file():
                    continue
                info = zipfile.ZipInfo.from_file(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
                info.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix: the mode bits below are honoured
                mode = 0o755 if path.suffix == ".sh" else 0o644
                info.external_attr = (0o100000 | mode) << 16
                with open(path, "rb") as f:
                    zf.writestr(info, f.read())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _check_out_dir(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise BundleError("bundle.not_a_bundle", path=str(out))
    if out.is_dir() and any(out.iterdir()):
        if not (out / MANIFEST_NAME).is_file():
            raise BundleError("bundle.not_a_bundle", path=str(out))
        if not force:
            raise BundleError("bundle.exists", path=str(out))


# ---- the bundle -----------------------------------------------------------------------------


@dataclass
class BundleResult:
    path: Path
    version: str
    targets: tuple[str, ...]
    pythons: tuple[str, ...]
    wheels: int
    size: int
    zip_path: Path | None = None
    zip_size: int | None = None
    extras: dict[str, list[str]] = field(default_factory=dict)
    unavailable: dict[str, list[str]] = field(default_factory=dict)
    packages: dict[str, list[str]] = field(default_factory=dict)


def build_bundle(
    out_dir: str | os.PathLike,
    *,
    targets: Iterable[str] = ALL_TARGETS,
    pythons: Iterable[str] = PYTHONS,
    zip: bool = False,  # noqa: A002 - the command's own word
    force: bool = False,
    source: str | os.PathLike | None = None,
    pip: PipRunner | None = None,
    progress: Progress | None = None,
    warn: Progress | None = None,
) -> BundleResult:
    """Build the offline bundle into out_dir (see the module's docstring); return what was made.

    `progress(code, **params)` and `warn(code, **params)` receive catalog codes. Everything is
    built in a folder beside out_dir and renamed at the end, so a failure leaves no half bundle.
    """
    chosen_targets = check_targets(targets)
    chosen_pythons = check_pythons(pythons)
    out = Path(out_dir).expanduser().absolute()
    _check_out_dir(out, force)
    zip_path = out.with_name(out.name + ".zip") if zip else None
    if zip_path is not None and zip_path.exists() and not force:
        raise BundleError("bundle.zip_exists", path=str(zip_path))
    source_dir = Path(source).absolute() if source else find_source()
    if not (source_dir / "pyproject.toml").is_file():
        raise BundleError("bundle.no_source", path=str(source_dir))
    samples = sorted((source_dir / "samples").glob("*.txt"))
    sample_db = source_dir / "sample.db"
    if not samples:
        raise BundleError("bundle.missing_file", path=str(source_dir / "samples"))
    if not sample_db.is_file():
        raise BundleError("bundle.missing_file", path=str(sample_db))
    constraints = source_dir / "constraints.txt"
    pip = constrained(pip or run_pip, constraints if constraints.is_file() else None)
    progress = progress or (lambda code, **params: None)
    warn = warn or progress

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        wheels = work / "wheels"
        wheels.mkdir()
        progress("bundle.step.wheel", path=str(source_dir))
        own = build_own_wheel(source_dir, wheels, pip)
        version = own.name.split("-")[1]
        index = WheelIndex()
        packages: dict[str, list[str]] = {}
        for target in chosen_targets:
            for python in chosen_pythons:
                progress("bundle.step.target", target=target.name, platform=target.description, python=python)
                code, output = pip(download_args(target, python, wheels, [str(own)]))
                if code != 0:
                    _raise_for(parse_pip_error(output), target, python)
                chosen = _complete(pip, index, [wheels], wheels, own, (), target, python, progress)
                packages[f"{target.name}/{python}"] = sorted(f"{w.name}=={w.version}" for w in chosen.values())

        extras = optional_extras(source_dir)
        unavailable: dict[str, list[str]] = {}
        for extra in extras:
            folder = work / "extras" / extra
            folder.mkdir(parents=True)
            for target in chosen_targets:
                for python in chosen_pythons:
                    progress("bundle.step.extra", extra=extra, target=target.name, platform=target.description,
                             python=python)
                    try:
                        _download_extra(pip, index, wheels, folder, own, extra, target, python, progress)
                    except BundleError as exc:
                        unavailable.setdefault(extra, []).append(f"{target.name}/{python}")
                        warn("bundle.extra_unavailable", extra=extra, target=target.name, python=python,
                             detail=exc.message("zh"))

        progress("bundle.step.files")
        (work / "samples").mkdir()
        for sample in samples:
            shutil.copy2(sample, work / "samples" / sample.name)
        shutil.copy2(sample_db, work / "sample.db")
        context = bundle_templates.Context(
            version=version,
            targets=tuple(t.name for t in chosen_targets),
            pythons=chosen_pythons,
            extras=tuple(extras),
            unavailable={k: tuple(v) for k, v in unavailable.items()},
        )
        for name, (text, crlf, bom, executable) in bundle_templates.render_all(context).items():
            write_text(work / name, text, crlf=crlf, bom=bom)
            if executable:
                (work / name).chmod(0o755)
        manifest = {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "taizhang": version,
            "built": date.today().isoformat(),
            "targets": {t.name: t.description for t in chosen_targets},
            "pythons": list(chosen_pythons),
            "extras": {name: {"requires": reqs, "unavailable": unavailable.get(name, [])} for name, reqs in extras.items()},
            "packages": packages,
        }
        write_text(work / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")

        if out.exists():  # an empty folder, or (with force) a bundle built before
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise

    result = BundleResult(
        path=out,
        version=version,
        targets=tuple(t.name for t in chosen_targets),
        pythons=chosen_pythons,
        wheels=sum(1 for _ in out.rglob("*.whl")),
        size=_folder_size(out),
        extras=extras,
        unavailable=unavailable,
        packages=packages,
    )
    if zip_path is not None:
        progress("bundle.step.zip", path=str(zip_path))
        _write_zip(out, zip_path)
        result.zip_path = zip_path
        result.zip_size = zip_path.stat().st_size
    return result


def _download_extra(pip: PipRunner, index: WheelIndex, wheels: Path, folder: Path, own: Path, extra: str,
                    target: Target, python: str, progress: Progress) -> None:
    """Download taizhang[extra] for the target; keep in extras/<extra>/ what wheels/ lacks."""
    with tempfile.TemporaryDirectory(prefix="taizhang-extra-") as tmp:
        code, output = pip(download_args(target, python, Path(tmp), [f"{own}[{extra}]"]))
        if code != 0:
            _raise_for(parse_pip_error(output), target, python)
        have = {p.name for p in wheels.glob("*.whl")} | {p.name for p in folder.glob("*.whl")}
        for path in Path(tmp).glob("*.whl"):
            if path.name not in have:
                shutil.move(str(path), folder / path.name)
    _complete(pip, index, [wheels, folder], folder, own, (extra,), target, python, progress)


def human_size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# ---- the command: python -m release.bundle -o DIR -------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Build the bundle, printing each step; errors in the reader's language, exit 1."""
    import argparse

    from store import i18n

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), i18n.DEFAULT_LANG)
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    t = lambda code, **params: i18n.t(code, lang, **params)  # noqa: E731
    parser = argparse.ArgumentParser(prog="python -m release.bundle", description=t("cli.help.bundle"))
    parser.add_argument("-o", "--output", required=True, help=t("cli.help.bundle_output"))
    parser.add_argument("--zip", action="store_true", help=t("cli.help.bundle_zip"))
    parser.add_argument("--target", action="append", default=[], help=t("cli.help.bundle_target"))
    parser.add_argument("--python", action="append", default=[], help=t("cli.help.bundle_python"))
    parser.add_argument("--force", action="store_true", help=t("cli.help.bundle_force"))
    parser.add_argument("--lang", choices=i18n.LANGS, default=lang, help=i18n.t("cli.help.lang", lang))
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a legacy Windows code page must not stop the build
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass

    def say(code: str, **params) -> None:
        print(t(code, **params), flush=True)

    def warn(code: str, **params) -> None:
        print(f"{t('warning.prefix')}: {t(code, **params)}", file=sys.stderr, flush=True)

    try:
        result = build_bundle(args.output, targets=args.target or ALL_TARGETS, pythons=args.python or PYTHONS,
                              zip=args.zip, force=args.force, progress=say, warn=warn)
    except TaizhangError as exc:
        print(f"{t('error.prefix')}: {exc.message(lang)}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    say("bundle.done", path=str(result.path), size=human_size(result.size), wheels=result.wheels,
        targets=", ".join(result.targets), pythons=", ".join(result.pythons))
    if result.extras:
        say("bundle.done_extras", extras=", ".join(result.extras))
    if result.zip_path is not None:
        say("bundle.done_zip", path=str(result.zip_path), size=human_size(result.zip_size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
