"""`taizhang config` and `taizhang config set KEY VALUE` (tui/cli_config.py): the clerk's settings
without opening a TOML file; what the command writes is what the app then reads."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.cli import main
from tui.config import load_config


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "docs"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def default_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "taizhang" / "config.toml"


def test_it_shows_the_file_and_every_setting_with_its_default(tmp_path, capsys):
    code, out, err = run(capsys, "config")
    assert code == 0, err
    assert f"配置文件: {default_file(tmp_path)} （尚未创建）" in out
    for key in ("name", "unit", "aliases", "language", "theme", "database", "export_folder"):
        assert f"  {key}（" in out, key
    assert "language（界面语言 zh 或 en）= zh" in out
    assert str(tmp_path / "data" / "taizhang" / "taizhang.db") in out  # the default database
    assert "taizhang config set" in out
    assert not default_file(tmp_path).exists()  # looking writes nothing


def test_set_name_and_unit_then_the_app_reads_them(tmp_path, capsys):
    assert run(capsys, "config", "set", "name", "张三")[0] == 0
    code, out, _ = run(capsys, "config", "set", "unit", "市政数局")
    assert code == 0 and "已设置 unit = 市政数局" in out and str(default_file(tmp_path)) in out
    assert run(capsys, "config", "set", "aliases", "政数局、数据局")[0] == 0
    cfg = load_config()
    assert (cfg.name, cfg.unit, cfg.aliases, cfg.problems) == ("张三", "市政数局", ["政数局", "数据局"], [])
    code, out, _ = run(capsys, "config")
    assert "name（姓名，记入修改历史和进展备注）= 张三" in out and "= 政数局、数据局" in out
    assert run(capsys, "config", "set", "unit", "")[0] == 0  # empty: back to the default
    assert load_config().unit is None


def test_comments_and_other_tables_are_kept(tmp_path, capsys):
    path = default_file(tmp_path)
    path.parent.mkdir(parents=True)
    original = (
        "# 我的设置\n"
        "[clerk]\n"
        'name = "李四"  # 旧名字\n'
        "\n"
        "[keymap]\n"
        'tick = "space,t"\n'
    )
    path.write_text(original, encoding="utf-8")
    assert run(capsys, "config", "set", "name", "王五")[0] == 0
    assert run(capsys, "config", "set", "language", "en")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 我的设置\n[clerk]\n") and "# 旧名字" in text and 'tick = "space,t"' in text
    data = tomllib.loads(text)
    assert data["clerk"]["name"] == "王五" and data["ui"]["language"] == "en" and data["keymap"]["tick"] == "space,t"
    code, out, _ = run(capsys, "config")
    assert "Config file:" in out and "keymap.tick = space,t" in out  # the language now set is English


def test_paths_are_stored_absolute_and_used(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "config", "set", "database", "台账/科室.db")[0] == 0
    assert load_config().db_path() == tmp_path / "台账" / "科室.db"
    (tmp_path / "台账").mkdir()
    code, out, _ = run(capsys, "paths")
    assert str(tmp_path / "台账" / "科室.db") in out


def test_wrong_keys_values_and_files_are_refused_and_nothing_is_written(tmp_path, capsys):
    code, _, err = run(capsys, "config", "set", "colour", "red")
    assert code == 1 and "没有“colour”这项设置" in err and "name, unit" in err and "Traceback" not in err
    code, _, err = run(capsys, "config", "set", "language", "fr")
    assert code == 1 and "zh, en" in err
    assert not default_file(tmp_path).exists()
    broken = tmp_path / "broken.toml"
    broken.write_text("[clerk\nname = 1\n", encoding="utf-8")
    code, _, err = run(capsys, "config", "set", "name", "张三", "--config", broken)
    assert code == 1 and str(broken) in err and "没有修改它" in err
    assert broken.read_text(encoding="utf-8") == "[clerk\nname = 1\n"


def test_the_config_option_picks_the_file(tmp_path, capsys):
    other = tmp_path / "elsewhere" / "settings.toml"
    assert run(capsys, "--config", other, "config", "set", "clerk.name", "赵六")[0] == 0
    assert tomllib.loads(other.read_text(encoding="utf-8")) == {"clerk": {"name": "赵六"}}
    assert not default_file(tmp_path).exists()
