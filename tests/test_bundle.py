"""The offline bundle (`python -m release.bundle`, release/bundle.py: release tooling, not in the wheel).

The fast tests build bundles with a fake pip (no network): scripts, encodings, line endings, the
dependency check per target, pip's error messages. The real one, marked `bundle` (deselected by
default; run it with `pytest -m bundle`), downloads the wheels for Linux x86-64 and this Python,
installs them with `sh install.sh` and no index, and imports and exports a sample plan with the
installed taizhang.
"""
from __future__ import annotations

import ast
import json
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tui
from release import bundle
from release.bundle import BundleError, build_bundle, parse_pip_error
from store import i18n
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = "安装说明.txt"




# ---- a fake pip -----------------------------------------------------------------------------


def make_wheel(folder: Path, name: str, version: str, requires=(), tag: str = "py3-none-any",
               requires_python: str | None = None) -> Path:
    dist = re.sub(r"[-_.]+", "_", name)
    path = folder / f"{dist}-{version}-{tag}.whl"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    if requires_python:
        meta += f"Requires-Python: {requires_python}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{dist}-{version}.dist-info/METADATA", meta)
        zf.writestr(f"{dist}-{version}.dist-info/WHEEL", f"Wheel-Version: 1.0\nTag: {tag}\n")
    return path


# name -> (version, requires, {target: tag} or None for a pure wheel)
PACKAGES = {
    "rich": ("15.0.0", ["markdown-it-py>=2.2"], None),
    "markdown-it-py": ("3.0.0", ["mdurl~=0.1"], None),
    "mdurl": ("0.1.2", [], None),
    "click": ("8.1.7", ['colorama; platform_system == "Windows"'], None),
    "colorama": ("0.4.6", [], None),
    "speedups": ("2.0", [], {
        "win_amd64": "cp3{m}-cp3{m}-win_amd64",
        "linux_x86_64": "cp3{m}-cp3{m}-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "linux_aarch64": "cp3{m}-cp3{m}-manylinux_2_28_aarch64",
    }),
    "linuxonly": ("1.0", [], {"linux_x86_64": "cp3{m}-cp3{m}-manylinux_2_17_x86_64"}),
    "pdfthing": ("1.5", [], None),
}
OWN_REQUIRES = ["rich>=14", "click>=8", "speedups>=2", "tomli>=2; python_version < '3.11'"]


class FakePip:
    """Answers `wheel` and `download` like pip: markers are evaluated for the machine pip runs on
    (Linux here, as real pip does whatever --platform says), wheels are chosen by target."""

    HOST = {"platform_system": "Linux", "sys_platform": "linux", "os_name": "posix", "platform_machine": "x86_64"}

    def __init__(self, own_requires=OWN_REQUIRES, packages=PACKAGES):
        self.own_requires = list(own_requires)
        self.packages = packages
        self.calls: list[list[str]] = []
        self.built_from: list[str] = []

    def __call__(self, args):
        args = list(args)
        self.calls.append(args)
        if args[0] == "wheel":
            src = Path(args[-1])
            self.built_from = sorted(p.name for p in src.iterdir())
            make_wheel(Path(args[args.index("-w") + 1]), "taizhang", "0.1.0", self.own_requires)
            return 0, "Successfully built taizhang\n"
        assert args[0] == "download" and "--only-binary=:all:" in args
        dest = Path(args[args.index("-d") + 1])
        python = args[args.index("--python-version") + 1]
        platforms = [args[i + 1] for i, a in enumerate(args) if a == "--platform"]
        target = next(name for name, t in bundle.TARGETS.items() if t.platforms == tuple(platforms))
        reqs = args[args.index("-d") + 2:]
        return self._download(reqs, dest, target, python)

    def _download(self, reqs, dest, target, python):
        from packaging.requirements import Requirement

        env = bundle.TARGETS[target].environment(python) | self.HOST
        queue = []
        for spec in reqs:
            m = re.match(r"^(.*\.whl)(?:\[(.+)\])?$", spec)
            if m:  # the taizhang wheel itself, maybe with extras
                shutil.copy(m.group(1), dest / Path(m.group(1)).name) if Path(m.group(1)).parent != dest else None
                extras = set((m.group(2) or "").split(",")) - {""}
                for line in self.own_requires:
                    req = Requirement(line)
                    if req.marker is None or any(req.marker.evaluate(env | {"extra": e}) for e in extras | {""}):
                        queue.append((line, "taizhang==0.1.0"))
            else:
                queue.append((spec, None))
        while queue:
            line, parent = queue.pop(0)
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(env | {"extra": ""}):
                continue
            version, requires, tags = self.packages.get(req.name, (None, [], None))
            tag = "py3-none-any" if tags is None else tags.get(target, "").format(m=python.split(".")[1])
            if version is None or not tag:
                spec = f"{req.name}{req.specifier}"
                frm = f" (from {parent})" if parent else ""
                return 1, (
                    f"Collecting {spec}\n"
                    f"ERROR: Could not find a version that satisfies the requirement {spec}{frm} (from versions: none)\n"
                    f"ERROR: No matching distribution found for {spec}\n"
                )
            make_wheel(dest, req.name, version, requires, tag)
            queue += [(r, f"{req.name}=={version}") for r in requires]
        return 0, "Successfully downloaded\n"


def read(path: Path) -> bytes:
    return path.read_bytes()


@pytest.fixture
def fake_pip():
    return FakePip()


@pytest.fixture
def built(tmp_path, fake_pip):
    result = build_bundle(tmp_path / "bundle", pip=fake_pip)
    return result


# ---- the bundle's content -------------------------------------------------------------------


def test_a_bundle_has_every_part(built, fake_pip):
    out = built.path
    names = {p.name for p in out.iterdir()}
    assert {"install.bat", "install.sh", "taizhang.bat", "taizhang.sh", README, "wheels", "samples",
            "sample.db", "bundle.json"} <= names
    # pyproject's optional parts for users (pdf) get a folder of their own; `test` is for developers
    assert ("extras" in names) == bool(bundle.optional_extras(ROOT))
    assert len(list((out / "samples").glob("*.txt"))) == 5
    assert read(out / "sample.db") == read(ROOT / "sample.db")
    wheels = {p.name for p in (out / "wheels").glob("*.whl")}
    assert "taizhang-0.1.0-py3-none-any.whl" in wheels
    for m in ("11", "12", "13"):
        assert f"speedups-2.0-cp3{m}-cp3{m}-win_amd64.whl" in wheels
        assert f"speedups-2.0-cp3{m}-cp3{m}-manylinux_2_28_aarch64.whl" in wheels
    assert built.targets == ("win_amd64", "linux_x86_64", "linux_aarch64")
    assert built.pythons == ("3.11", "3.12", "3.13")
    downloads = [c for c in fake_pip.calls if c[0] == "download"]
    assert len(downloads) >= 9
    assert all(c[c.index("--abi") + 1] == "cp3" + c[c.index("--python-version") + 1].split(".")[1] for c in downloads)
    linux = next(c for c in downloads if "manylinux_2_28_x86_64" in c)
    assert {"manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"} <= set(linux)
    assert "manylinux_2_31_x86_64" not in linux  # glibc 2.28 is the floor: nothing newer
    manifest = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "taizhang-bundle" and manifest["taizhang"] == "0.1.0"
    assert set(manifest["targets"]) == {"win_amd64", "linux_x86_64", "linux_aarch64"}


def test_every_download_is_constrained_by_the_checkout_constraints(built, fake_pip, tmp_path):
    """The tests pin textual and rich exactly (constraints.txt); the bundle must hold those."""
    downloads = [c for c in fake_pip.calls if c[0] == "download"]
    assert downloads and all(c[1:3] == ["-c", str(ROOT / "constraints.txt")] for c in downloads)
    assert [c for c in fake_pip.calls if c[0] == "wheel" and "-c" in c] == []
    source = _source_with_extras(tmp_path)  # a checkout without constraints.txt: none passed
    pip = FakePip()
    build_bundle(tmp_path / "b", source=source, targets=["linux_x86_64"], pythons=["3.11"], pip=pip)
    assert not [c for c in pip.calls if "-c" in c]


def test_the_wheel_is_built_from_a_clean_copy_of_the_checkout(built, fake_pip):
    wheel_call = next(c for c in fake_pip.calls if c[0] == "wheel")
    assert "--no-deps" in wheel_call
    assert {"pyproject.toml", "store", "tui"} <= set(fake_pip.built_from)
    assert not {".git", ".venv", "build", "tests", "taizhang.egg-info"} & set(fake_pip.built_from)


def test_a_bundle_built_inside_the_checkout_before_is_not_copied_into_the_next(tmp_path):
    source = _source_with_extras(tmp_path)
    (source / "taizhang-bundle").mkdir()
    (source / "taizhang-bundle" / "bundle.json").write_text("{}", encoding="utf-8")
    (source / "taizhang-bundle.zip").write_bytes(b"PK")
    (source / "notes").mkdir()
    pip = FakePip()
    build_bundle(tmp_path / "b", source=source, targets=["linux_x86_64"], pythons=["3.11"], pip=pip)
    assert "notes" in pip.built_from
    assert not {"taizhang-bundle", "taizhang-bundle.zip"} & set(pip.built_from)


def test_a_dependency_pip_hides_by_its_marker_is_fetched_for_windows(built):
    """pip evaluates `platform_system == "Windows"` on the machine it runs on; the bundle
    resolves again for each target and fetches colorama for Windows."""
    assert (built.path / "wheels" / "colorama-0.4.6-py3-none-any.whl").is_file()
    assert "colorama==0.4.6" in built.packages["win_amd64/3.12"]
    assert not any(p.startswith("colorama") for p in built.packages["linux_x86_64/3.12"])


def test_install_bat_uses_the_windows_paths_no_index_and_crlf(built):
    raw = read(built.path / "install.bat")
    assert not raw.startswith(b"\xef\xbb\xbf")  # a BOM would break cmd's first line
    assert raw.count(b"\n") == raw.count(b"\r\n") and b"\r\n" in raw
    text = raw.decode("utf-8")
    assert text.startswith("@echo off")
    assert "chcp 65001" in text
    first_chinese = min(i for i, ch in enumerate(text) if ord(ch) > 127)
    assert text.index("chcp 65001") < first_chinese
    pip_line = next(line for line in text.splitlines() if "pip.exe" in line)
    assert r'"venv\Scripts\pip.exe" install' in pip_line
    assert "--no-index" in pip_line and "--find-links wheels" in pip_line
    assert "--isolated" in pip_line  # no pip.ini or PIP_* variable of the laptop's gets a say
    assert "-m venv --clear venv" in text
    assert "3, 11" in text and "Python 3.11" in text  # the check, and the message saying so
    assert 'set "PYTHON=%PYTHON:"=%"' in text  # set PYTHON="C:\Program Files\…" works too
    first_set = next(i for i, line in enumerate(text.splitlines()) if line.startswith(("set ", "if defined")))
    assert text.splitlines().index("setlocal EnableExtensions") < first_set  # nothing leaks to the caller


def test_taizhang_bat_opens_the_installed_app(built):
    raw = read(built.path / "taizhang.bat")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8")
    assert r'"%~dp0venv\Scripts\taizhang.exe" %*' in text and "chcp 65001" in text


def test_the_shell_scripts_are_posix_sh_with_lf(built):
    for name in ("install.sh", "taizhang.sh"):
        raw = read(built.path / name)
        assert b"\r" not in raw
        assert raw.startswith(b"#!/bin/sh\n")
        if os.name == "posix":
            assert os.stat(built.path / name).st_mode & stat.S_IXUSR
        if shutil.which("sh"):
            assert subprocess.run(["sh", "-n", str(built.path / name)]).returncode == 0
    text = read(built.path / "install.sh").decode("utf-8")
    pip_line = next(line for line in text.splitlines() if "venv/bin/pip install" in line)
    assert "--isolated --no-index --find-links wheels" in pip_line
    assert "python3.13 python3.12 python3.11 python3" in text
    assert "venv/bin/taizhang paths" in text


def test_the_instructions_are_chinese_with_a_bom_for_notepad(built):
    raw = read(built.path / README)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8-sig")
    for words in ("Python 3.11", "install.bat", "sh install.sh", "taizhang.bat", "paths", "Windows 10",
                  "glibc 2.28", "麒麟", "UOS", "aarch64", "更新", "卸载", "删除本安装文件夹", "备份", "sample.db"):
        assert words in text, words


def test_a_subset_of_targets_and_pythons(tmp_path, fake_pip):
    result = build_bundle(tmp_path / "b", targets=["linux_x86_64"], pythons=["3.12"], pip=fake_pip)
    wheels = {p.name for p in (result.path / "wheels").glob("*.whl")}
    assert "speedups-2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl" in wheels
    assert not any("win_amd64" in w or "aarch64" in w for w in wheels)
    readme = (result.path / README).read_text(encoding="utf-8-sig")
    assert "Linux x86-64" in readme and "Windows 10" not in readme and "3.12" in readme
    assert "python3.12 python3" in (result.path / "install.sh").read_text(encoding="utf-8")


def test_zip_holds_the_folder_and_keeps_the_scripts_executable(tmp_path, fake_pip):
    result = build_bundle(tmp_path / "bundle", targets=["linux_x86_64"], pythons=["3.11"], zip=True, pip=fake_pip)
    assert result.zip_path == tmp_path / "bundle.zip" and result.zip_size > 0
    with zipfile.ZipFile(result.zip_path) as zf:
        names = zf.namelist()
        assert "bundle/install.sh" in names and f"bundle/{README}" in names and "bundle/wheels/" not in names
        assert zf.getinfo("bundle/install.sh").external_attr >> 16 & 0o111
        assert zf.read("bundle/install.bat") == read(result.path / "install.bat")


# ---- refusing, and naming what is missing ---------------------------------------------------


def test_a_dependency_without_a_wheel_for_a_target_is_named_with_the_target(tmp_path):
    pip = FakePip(own_requires=["rich>=14", "linuxonly>=1"])
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", targets=["linux_x86_64", "win_amd64"], pythons=["3.11"], pip=pip)
    exc = caught.value
    assert exc.code == "bundle.no_wheel"
    assert exc.params["dependency"] == "linuxonly" and exc.params["target"] == "win_amd64"
    message = exc.message("zh")
    assert "linuxonly" in message and "win_amd64" in message and "Python 3.11" in message
    assert "taizhang==0.1.0" in message
    assert not (tmp_path / "b").exists()  # no half bundle
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_a_missing_wheel_hidden_by_a_marker_is_named_too(tmp_path):
    """The pre-flight: pip (on Linux) skips the Windows-only dependency, the bundle's own check
    finds it, tries to fetch it for Windows, and names it when there is no wheel."""
    packages = dict(PACKAGES, click=("8.1.7", ['wincolor>=1; platform_system == "Windows"'], None))
    pip = FakePip(own_requires=["click>=8"], packages=packages)
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", targets=["win_amd64"], pythons=["3.13"], pip=pip)
    exc = caught.value
    assert exc.code == "bundle.no_wheel"
    assert exc.params["dependency"] == "wincolor" and exc.params["target"] == "win_amd64"
    assert "click" in exc.message("en") and "win_amd64" in exc.message("en")


def test_the_check_reads_requires_python(tmp_path):
    pip = FakePip(own_requires=["newonly"], packages={"newonly": ("1.0", [], None)})
    orig = pip._download

    def download(reqs, dest, target, python):
        code, out = orig(reqs, dest, target, python)
        for p in dest.glob("newonly-*.whl"):  # pretend pip fetched a wheel this Python cannot use
            p.unlink()
            make_wheel(dest, "newonly", "1.0", requires_python=">=3.12")
        return code, out

    pip._download = download
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", targets=["linux_x86_64"], pythons=["3.11"], pip=pip)
    assert caught.value.params["dependency"] == "newonly"


PIP_NO_WHEEL = """\
Processing ./wheels/taizhang-0.1.0-py3-none-any.whl
Collecting textual<9,>=8.2 (from taizhang==0.1.0)
  Using cached textual-8.2.8-py3-none-any.whl (712 kB)
ERROR: Could not find a version that satisfies the requirement pymupdf>=1.24 (from taizhang[pdf]==0.1.0) (from versions: 1.20.0, 1.21.1)
ERROR: No matching distribution found for pymupdf>=1.24
"""

PIP_NO_MATCH_ONLY = "ERROR: No matching distribution found for lxml<6,>=5.2\n"

PIP_OFFLINE = """\
WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/textual/
ERROR: Could not find a version that satisfies the requirement textual<9,>=8.2 (from taizhang) (from versions: none)
ERROR: No matching distribution found for textual<9,>=8.2
"""

PIP_CONFLICT = """\
ERROR: Cannot install taizhang==0.1.0 and foo==2.0 because these package versions have conflicting dependencies.

The conflict is caused by:
    taizhang 0.1.0 depends on foo>=2
    bar 1.0 depends on foo<2

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/
"""


def test_pip_errors_are_read():
    p = parse_pip_error(PIP_NO_WHEEL)
    assert (p.kind, p.dependency, p.requirement, p.needed_by) == ("no_wheel", "pymupdf", "pymupdf>=1.24", "taizhang[pdf]==0.1.0")
    p = parse_pip_error(PIP_NO_MATCH_ONLY)
    assert (p.kind, p.dependency, p.needed_by) == ("no_wheel", "lxml", None)
    assert parse_pip_error(PIP_OFFLINE).kind == "network"
    p = parse_pip_error(PIP_CONFLICT)
    assert p.kind == "conflict" and "bar 1.0 depends on foo<2" in p.detail
    p = parse_pip_error("/usr/bin/python3: No module named pip\n")
    assert p.kind == "other" and "No module named pip" in p.detail


def test_pip_failing_for_a_target_is_reported_with_the_target(tmp_path):
    def pip(args):
        if args[0] == "wheel":
            make_wheel(Path(args[args.index("-w") + 1]), "taizhang", "0.1.0", ["pymupdf>=1.24"])
            return 0, ""
        if "manylinux2014_aarch64" in args:
            return 1, PIP_NO_WHEEL.replace("taizhang[pdf]==0.1.0", "taizhang==0.1.0")
        return FakePip(own_requires=["pymupdf>=1.24"], packages={"pymupdf": ("1.24", [], None)})(args)

    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", pythons=["3.12"], pip=pip)
    exc = caught.value
    assert exc.params["dependency"] == "pymupdf" and exc.params["target"] == "linux_aarch64"
    assert exc.params["python"] == "3.12"


def test_refuses_bad_targets_pythons_and_foreign_folders(tmp_path, fake_pip):
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", targets=["macos_arm64"], pip=fake_pip)
    assert caught.value.code == "bundle.bad_target" and "win_amd64" in caught.value.message()
    for bad in ("3.10", "2.7", "three"):
        with pytest.raises(BundleError) as caught:
            build_bundle(tmp_path / "b", pythons=[bad], pip=fake_pip)
        assert caught.value.code == "bundle.bad_python"
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "mine.txt").write_text("x", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(BundleError) as caught:
            build_bundle(folder, pip=fake_pip, force=force)
        assert caught.value.code == "bundle.not_a_bundle"
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "x"
    assert fake_pip.calls == []  # refused before anything was built or fetched


def test_a_bundle_built_before_is_replaced_only_with_force(tmp_path, fake_pip):
    out = tmp_path / "b"
    build_bundle(out, targets=["linux_x86_64"], pythons=["3.11"], pip=fake_pip)
    (out / "stale.txt").write_text("old", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        build_bundle(out, targets=["linux_x86_64"], pythons=["3.11"], pip=fake_pip)
    assert caught.value.code == "bundle.exists"
    build_bundle(out, targets=["linux_x86_64"], pythons=["3.11"], pip=fake_pip, force=True)
    assert not (out / "stale.txt").exists() and (out / "install.sh").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_bundle(empty, targets=["linux_x86_64"], pythons=["3.11"], pip=fake_pip).path == empty


def test_without_a_source_checkout_it_says_so(tmp_path, monkeypatch, fake_pip):
    copied = tmp_path / "copied"  # release/ carried away from its checkout
    copied.mkdir()
    monkeypatch.setattr(bundle, "SOURCE", copied)
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", pip=fake_pip)
    assert caught.value.code == "bundle.no_source"
    assert "pyproject.toml" in caught.value.message("zh") and "python -m release.bundle" in caught.value.message("zh")
    assert str(copied) in caught.value.message("en")
    assert fake_pip.calls == []


def _source_with_extras(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^pdf = \[[^\]]*\]\n", "", text)  # the real extra gives way to the fake one
    text = text.replace("[project.optional-dependencies]\n", '[project.optional-dependencies]\npdf = ["pdfthing>=1"]\n', 1)
    (source / "pyproject.toml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "samples", source / "samples")
    shutil.copy(ROOT / "sample.db", source / "sample.db")
    return source


def test_optional_extras_go_in_their_own_folder_marked_optional(tmp_path):
    source = _source_with_extras(tmp_path)
    pip = FakePip(own_requires=OWN_REQUIRES + ['pdfthing>=1; extra == "pdf"', 'pytest>=8; extra == "test"'])
    result = build_bundle(tmp_path / "b", source=source, targets=["win_amd64", "linux_x86_64"],
                          pythons=["3.11"], pip=pip)
    assert list(result.extras) == ["pdf"]
    extra = result.path / "extras" / "pdf"
    assert [p.name for p in extra.glob("*.whl")] == ["pdfthing-1.5-py3-none-any.whl"]
    assert not list((result.path / "wheels").glob("pdfthing-*"))
    bat = (result.path / "install.bat").read_text(encoding="utf-8")
    assert r"--find-links extras\pdf" in bat and '"%~1"=="pdf"' in bat
    sh = (result.path / "install.sh").read_text(encoding="utf-8")
    assert "--find-links extras/pdf" in sh
    readme = (result.path / README).read_text(encoding="utf-8-sig")
    assert "可选组件" in readme and "install.bat pdf" in readme and "sh install.sh pdf" in readme
    assert "用于导入 PDF 格式的方案" in readme  # what it is for, not only its name
    assert "更新时同样带上它，例如 install.bat pdf" in readme  # an update keeps the part installed
    assert "test" not in json.loads((result.path / "bundle.json").read_text(encoding="utf-8"))["extras"]


def test_an_extra_missing_on_one_target_is_a_warning_and_noted(tmp_path):
    source = _source_with_extras(tmp_path)
    packages = dict(PACKAGES, pdfthing=("1.5", [], {"linux_x86_64": "cp3{m}-cp3{m}-manylinux_2_17_x86_64"}))
    pip = FakePip(own_requires=OWN_REQUIRES + ['pdfthing>=1; extra == "pdf"'], packages=packages)
    warnings = []
    result = build_bundle(tmp_path / "b", source=source, targets=["win_amd64", "linux_x86_64"], pythons=["3.11"],
                          pip=pip, warn=lambda code, **p: warnings.append((code, p)))
    assert result.unavailable == {"pdf": ["win_amd64/3.11"]}
    assert warnings and warnings[0][0] == "bundle.extra_unavailable" and warnings[0][1]["target"] == "win_amd64"
    assert "win_amd64/3.11" in (result.path / README).read_text(encoding="utf-8-sig")


# ---- the command: python -m release.bundle --------------------------------------------------


def test_the_command_prints_each_target_and_the_result(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle, "run_pip", FakePip())
    out = tmp_path / "u盘" / "taizhang"
    code = bundle.main(["-o", str(out), "--zip", "--target", "linux_x86_64", "--target", "win_amd64",
                        "--python", "3.11"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "linux_x86_64" in printed.out and "win_amd64" in printed.out and "Python 3.11" in printed.out
    assert "离线安装包已生成" in printed.out and str(out) in printed.out and "taizhang.zip" in printed.out
    assert (out / "install.bat").is_file() and (tmp_path / "u盘" / "taizhang.zip").is_file()


def test_the_command_fails_with_the_dependency_and_target(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle, "run_pip", FakePip(own_requires=["linuxonly"]))
    code = bundle.main(["-o", str(tmp_path / "b"), "--lang", "en", "--python", "3.12"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Error: ") and "Traceback" not in err
    assert "linuxonly" in err and "win_amd64" in err and "3.12" in err


def test_it_runs_as_python_m_release_bundle_from_the_checkout(tmp_path):
    """The way the README says to run it, in a real process: its help, and a refusal in Chinese."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "release.bundle", *args], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8"))

    shown = run("--help")
    assert shown.returncode == 0 and "-o OUTPUT" in shown.stdout and "linux_aarch64" in shown.stdout
    refused = run("-o", str(tmp_path / "b"), "--target", "macos_arm64")
    assert refused.returncode == 1 and "不认识的平台：macos_arm64" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "b").exists()


def test_taizhang_has_no_bundle_command_and_the_wheel_no_builder(capsys):
    """The builder is release tooling: the clerk's command and packages know nothing of it."""
    assert main(["bundle", "-o", "x"]) != 0
    assert not (ROOT / "tui" / "bundle.py").exists() and not (ROOT / "tui" / "bundle_templates.py").exists()


def test_the_help_names_every_target_and_python():
    for lang in i18n.LANGS:
        assert all(t in i18n.t("cli.help.bundle_target", lang) for t in bundle.ALL_TARGETS)
        assert all(p in i18n.t("cli.help.bundle_python", lang) for p in bundle.PYTHONS)


def test_version_and_paths(capsys):
    with pytest.raises(SystemExit):
        from tui.cli import build_parser

        build_parser("zh").parse_args(["--version"])
    assert capsys.readouterr().out == f"taizhang {tui.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", tui.__version__)
    assert main(["--version"]) == 0 and capsys.readouterr().out == f"taizhang {tui.__version__}\n"
    assert main(["paths", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for word in ("Database", "Config file", "Backups", "Exports"):
        assert word in out


def test_the_version_is_written_once():
    """pyproject.toml takes the version from tui/__init__.py, so the wheel, `--version` and the
    bundle's files cannot disagree (an update bundle is told apart by it)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "tui.__version__"}
    tree = ast.parse((ROOT / "tui" / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]  # DECISIONS


# ---- the real thing -------------------------------------------------------------------------
# Marked `bundle` (deselected by default): they download wheels. Run: pytest -m bundle



def real_bundle(test):
    for mark in (
        pytest.mark.bundle,
        pytest.mark.skipif(not (sys.platform.startswith("linux") and platform.machine() == "x86_64"),
                           reason="installs the Linux x86-64 part"),
        pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh"),
    ):
        test = mark(test)
    return test

PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

# Opens a ledger in the installed app, headless, and prints the screen (an SVG).
UI_CHECK = """
import asyncio, sys
from store.ledger import Ledger
from tui.app import TaizhangApp

async def main(path):
    with Ledger(path, actor="it") as ledger:
        app = TaizhangApp(ledger)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            print(app.export_screenshot())

asyncio.run(main(sys.argv[1]))
"""


def _offline() -> list[str]:
    """`unshare -n` where this user may make a network namespace of its own (root on Linux): the
    install then has no network at all, not only no index."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def _laptop(tmp_path: Path) -> dict[str, str]:
    """The environment of a laptop with no internet: no index, no pip settings (the user's, or
    /etc/xdg/pip's), a home of its own where the data goes (platformdirs' defaults)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "XDG_"))}
    env.update(
        PIP_NO_INDEX="1",
        PIP_INDEX_URL="http://127.0.0.1:9/",  # nothing listens there
        PIP_CONFIG_FILE=os.devnull,
        XDG_CONFIG_DIRS=str(tmp_path / "no-system-config"),  # hides /etc/xdg/pip/pip.conf
        HOME=str(tmp_path / "home"),
        PYTHON=sys.executable,
        LANG="C.UTF-8",
    )
    return env


def _run(cmd, env, cwd=None, timeout=600):
    proc = subprocess.run([*_offline(), *map(str, cmd)], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _install(folder: Path, env) -> str:
    out = _run(["sh", "install.sh"], env, cwd=folder)
    assert "安装完成" in out
    return out


@pytest.fixture(scope="module")
def linux_bundle(tmp_path_factory) -> Path:
    """This checkout's bundle for every target and the running Python, built once with real pip:
    the Linux x86-64 part is installed here; Windows and aarch64 cannot run here, so their wheels
    are checked (test_the_windows_and_aarch64_parts_are_complete)."""
    result = build_bundle(tmp_path_factory.mktemp("built") / "taizhang", pythons=[PYTHON])
    assert result.wheels > 5 and result.targets == bundle.ALL_TARGETS
    return result.path


@real_bundle
@pytest.mark.parametrize("target", ["win_amd64", "linux_aarch64"])
def test_the_windows_and_aarch64_parts_are_complete(linux_bundle, target):
    """Every dependency pyproject names (with the target's markers) is in the part, each at a
    version with a wheel this target and Python can install: binary ones (lxml, python-calamine)
    for its platform and ABI."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    manifest = json.loads((linux_bundle / "bundle.json").read_text(encoding="utf-8"))
    packages = dict(p.split("==") for p in manifest["packages"][f"{target}/{PYTHON}"])
    env = bundle.TARGETS[target].environment(PYTHON)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for line in project["dependencies"]:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(env):
            assert canonicalize_name(req.name) in packages, (req.name, target)
    supported = bundle.supported_tags(bundle.TARGETS[target], PYTHON)
    wheels = [parse_wheel_filename(p.name) for p in (linux_bundle / "wheels").glob("*.whl")]
    binary = []
    for name, version in packages.items():
        fits = [tags for n, v, _, tags in wheels if n == name and str(v) == version and tags & supported]
        assert fits, f"{name}=={version}: no wheel for {target}, Python {PYTHON}"
        if not any(t.platform == "any" for t in fits[0]):
            binary.append(name)
    assert {"lxml", "python-calamine"} <= set(binary)
    scripts = {"win_amd64": ("install.bat", "taizhang.bat"), "linux_aarch64": ("install.sh", "taizhang.sh")}[target]
    assert all((linux_bundle / name).is_file() for name in scripts)


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@real_bundle
def test_the_linux_bundle_installs_offline_and_works(tmp_path, linux_bundle):
    folder = tmp_path / "办公电脑" / "taizhang"  # the folder alone, carried elsewhere
    shutil.copytree(linux_bundle, folder)
    env = _laptop(tmp_path)
    _install(folder, env)
    taizhang = folder / "venv" / "bin" / "taizhang"
    assert _run([taizhang, "--version"], env) == f"taizhang {tui.__version__}\n"
    paths = _run([taizhang, "paths", "--lang", "en"], env)
    assert str(tmp_path / "home" / ".local" / "share" / "taizhang" / "taizhang.db") in paths
    sample = sorted((folder / "samples").glob("*.txt"))[0]
    assert "[#1]" in _run([taizhang, "import", sample], env)  # into the default database
    exported = tmp_path / "out.json"
    _run([taizhang, "export", "--format", "json", "-o", exported], env)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "taizhang" and len(data["plans"]) == 1 and data["plans"][0]["sections"]
    # the sample ledger opens in the installed app, and opening it changes nothing
    before = _sha(folder / "sample.db")
    screen = _run([folder / "venv" / "bin" / "python", "-c", UI_CHECK, folder / "sample.db"], env)
    assert "广东省贯彻落实国务院办公厅2021年政务公开工作要点" in screen
    assert _sha(folder / "sample.db") == before
    assert "#5" in _run([taizhang, "status", "--db", folder / "sample.db"], env)


def _newer_source(tmp_path: Path) -> tuple[Path, str]:
    """A copy of this checkout one version on, with one schema change: the next release."""
    source = tmp_path / "next-release"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "backups", "*.db-wal", "*.db-shm"))
    major, minor, patch = (int(x) for x in tui.__version__.split("."))
    version = f"{major}.{minor}.{patch + 1}"
    init = source / "tui" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    assert f'__version__ = "{tui.__version__}"' in text
    init.write_text(text.replace(f'__version__ = "{tui.__version__}"', f'__version__ = "{version}"'), encoding="utf-8")
    with open(source / "store" / "schema.py", "a", encoding="utf-8") as f:
        f.write('\nMIGRATIONS.append("CREATE TABLE next_release (id INTEGER PRIMARY KEY);\\n")\n'
                "SCHEMA_VERSION = len(MIGRATIONS)\n")
    return source, version


@real_bundle
def test_a_newer_bundle_installed_over_keeps_the_data_and_migrates_after_a_backup(tmp_path, linux_bundle):
    import sqlite3

    from store import schema

    folder = tmp_path / "taizhang"
    shutil.copytree(linux_bundle, folder)
    env = _laptop(tmp_path)
    _install(folder, env)
    taizhang = folder / "venv" / "bin" / "taizhang"
    _run([taizhang, "import", *sorted((folder / "samples").glob("*.txt"))[:2]], env)
    data_dir = tmp_path / "home" / ".local" / "share" / "taizhang"
    db = data_dir / "taizhang.db"
    config = tmp_path / "home" / ".config" / "taizhang" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[clerk]\nname = "张三"\nunit = "区政务服务数据管理局"\n', encoding="utf-8")
    assert not list(data_dir.glob("backups/*-migrate.db"))
    db_sha, config_sha = _sha(db), _sha(config)

    source, version = _newer_source(tmp_path)
    newer = build_bundle(tmp_path / "newer" / "taizhang", source=source, targets=["linux_x86_64"], pythons=[PYTHON])
    assert newer.version == version
    shutil.copytree(newer.path, folder, dirs_exist_ok=True)  # copied over the old folder
    _install(folder, env)
    assert _run([taizhang, "--version"], env) == f"taizhang {version}\n"
    assert _sha(db) == db_sha and _sha(config) == config_sha  # the update itself touched neither

    out = _run([taizhang, "status"], env)  # the next start
    assert "#1" in out and "#2" in out
    migrated = [p for p in (data_dir / "backups").glob("*-migrate.db")]
    assert len(migrated) == 1
    backup = sqlite3.connect(migrated[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert backup.execute("SELECT count(*) FROM plans").fetchone()[0] == 2
    backup.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'next_release'").fetchone()[0] == 1
    conn.close()
    assert _sha(config) == config_sha


@real_bundle
def test_real_pip_naming_a_dependency_with_no_wheel_for_one_target(tmp_path):
    """pip's own words, not a fake's: uvloop has wheels for Linux and none for Windows."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    pyproject = source / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert '    "lxml>=5,<7",\n' in text
    pyproject.write_text(text.replace('    "lxml>=5,<7",\n', '    "lxml>=5,<7",\n    "uvloop>=0.19",\n'), encoding="utf-8")
    steps = []
    with pytest.raises(BundleError) as caught:
        build_bundle(tmp_path / "b", source=source, targets=["linux_x86_64", "win_amd64"], pythons=[PYTHON],
                     progress=lambda code, **params: steps.append((code, params.get("target"))))
    exc = caught.value
    assert exc.code == "bundle.no_wheel"
    assert (exc.params["dependency"], exc.params["target"], exc.params["python"]) == ("uvloop", "win_amd64", PYTHON)
    assert "uvloop" in exc.message("zh") and "win_amd64" in exc.message("zh")
    assert ("bundle.step.target", "linux_x86_64") in steps  # Linux had its wheel; Windows is named
    assert not (tmp_path / "b").exists() and not [p for p in tmp_path.iterdir() if ".partial-" in p.name]
