"""The `taizhang` command as a clerk or a script uses it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("0*.txt"))




def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_status_export_round(tmp_path, capsys):
    db = tmp_path / "t.db"
    code, out, err = run(capsys, "import", *SAMPLES, "--db", db)
    assert code == 0, err
    assert out.count("已导入") == 5 and "50 项任务" in out
    code, out, _ = run(capsys, "--db", db, "status")
    assert code == 0 and "#1" in out and "0/50" in out
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "export", "--format", "json", "--db", db, "-o", target)
    assert code == 0 and str(target) in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "taizhang" and data["version"] == 1
    assert sum(1 for p in data["plans"] for s in p["sections"] for t in _tasks(s)) == 223


def _tasks(section):
    yield from section["tasks"]
    for s in section["sections"]:
        yield from _tasks(s)


def test_importing_the_same_file_twice_is_a_notice_not_an_error(tmp_path, capsys):
    db = tmp_path / "t.db"
    assert run(capsys, "import", SAMPLES[0], "--db", db)[0] == 0
    code, out, err = run(capsys, "import", SAMPLES[0], "--db", db)
    assert code == 0
    assert "已导入过" in out and "跳过" in out


def test_a_failed_file_exits_1_and_the_others_still_import(tmp_path, capsys):
    db = tmp_path / "t.db"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run(capsys, "import", bad, SAMPLES[1], "--db", db)
    assert code == 1
    assert "bad.txt" in err and "二进制" in err
    code, out, _ = run(capsys, "status", "--db", db)
    assert "0/51" in out


def test_dry_run_changes_nothing(tmp_path, capsys):
    db = tmp_path / "t.db"
    code, out, _ = run(capsys, "import", "--dry-run", SAMPLES[2], "--db", db)
    assert code == 0 and "预览" in out and "全年工作" not in out or "2022-12-31" in out
    assert not db.exists()


def test_dry_run_says_would_import_not_imported(tmp_path, capsys):
    db = tmp_path / "t.db"
    code, out, _ = run(capsys, "import", "--dry-run", SAMPLES[1], "--db", db)
    assert code == 0 and "将导入《" in out and "已导入" not in out and "51 项任务" in out
    code, out, _ = run(capsys, "--lang", "en", "import", "--dry-run", SAMPLES[1], "--db", db)
    assert code == 0 and "Would import" in out and "Imported" not in out
    assert not db.exists()
    code, out, _ = run(capsys, "import", SAMPLES[1], "--db", db)
    assert code == 0 and "已导入《" in out and "将导入" not in out


def _no_read(exc):
    def fail(self, *a, **k):
        raise exc
    return fail


@pytest.mark.parametrize("name", ["plan.txt", "plan.docx", "plan.json", "plan.xlsx"])
@pytest.mark.parametrize("case, zh, en", [
    ("missing", "找不到这个文件", "there is no such file"),
    ("folder", "这是一个文件夹", "this is a folder"),
    ("denied", "没有读取这个文件的权限", "permission denied"),
])
def test_a_file_that_cannot_be_read_is_named_in_the_users_words(tmp_path, capsys, monkeypatch, name, case, zh, en):
    path = tmp_path / name
    if case == "folder":
        path.mkdir()
    elif case == "denied":
        path.write_bytes(b"x" * 10)
        monkeypatch.setattr(Path, "read_bytes", _no_read(PermissionError(13, "Permission denied")))
    for lang, words in (("zh", zh), ("en", en)):
        code, _, err = run(capsys, "--lang", lang, "import", path, "--db", tmp_path / "t.db")
        assert code == 1 and words in err and name in err, err
        assert "No such file" not in err and "directory" not in err and "Errno" not in err


def test_other_os_errors_still_say_what_the_system_said(tmp_path):
    import errno

    from store.importing.files import unreadable

    exc = unreadable("plan.docx", OSError(errno.EIO, "Input/output error"))
    assert exc.why == "import.unreadable" and "Input/output error" in exc.message("en")


def test_english_and_options_after_the_subcommand(tmp_path, capsys):
    db = tmp_path / "t.db"
    code, out, _ = run(capsys, "import", SAMPLES[3], "--db", db, "--lang", "en")
    assert code == 0 and "Imported" in out and "27 tasks" in out


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys):
    db = tmp_path / "t.db"
    run(capsys, "import", SAMPLES[3], "--db", db)
    target = tmp_path / "x.json"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "export", "--db", db, "-o", target)
    assert code == 1 and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep"
    assert run(capsys, "export", "--db", db, "-o", target, "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["plans"][0]["title"].startswith("河源市")


def test_export_to_stdout_and_by_plan(tmp_path, capsys):
    db = tmp_path / "t.db"
    run(capsys, "import", *SAMPLES[:2], "--db", db)
    code, out, _ = run(capsys, "export", "--db", db, "-o", "-", "--plan", "2")
    data = json.loads(out)
    assert [p["title"] for p in data["plans"]] == ["高新区贯彻落实国家和省市2021年政务公开工作要点分工方案"]


def test_export_without_output_goes_to_the_export_folder(tmp_path, capsys):
    db = tmp_path / "t.db"
    run(capsys, "import", SAMPLES[0], "--db", db)
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[ledger]\nexport_folder = "{(tmp_path / "exports").as_posix()}"\n', encoding="utf-8")
    code, out, _ = run(capsys, "export", "--db", db, "--config", cfg, "--plan", "1")
    assert code == 0
    files = list((tmp_path / "exports").glob("*.json"))
    assert len(files) == 1 and files[0].name.startswith("广东省") and str(files[0]) in out


def test_opening_a_missing_database_file_is_refused(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nope.db")
    assert code == 1 and "nope.db" in err
    assert not (tmp_path / "nope.db").exists()


def test_a_broken_config_names_its_line_and_defaults_apply(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[clerk]\nname = "张三"\nunit = \n', encoding="utf-8")
    code, _, err = run(capsys, "paths", "--config", cfg)
    assert code == 0
    assert "第 3 行" in err


def test_paths_lists_the_four_places(tmp_path, capsys):
    code, out, _ = run(capsys, "paths", "--db", tmp_path / "x.db")
    assert code == 0
    for word in ("数据库", "配置文件", "备份文件夹", "导出文件夹"):
        assert word in out
    assert str(tmp_path / "backups") in out


def test_cli_does_not_import_textual():
    code = "import sys; from tui import cli; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_store_imports_neither_textual_nor_rich():
    code = (
        "import sys, pkgutil, importlib, store, store.importing, store.exporting\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'): importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
