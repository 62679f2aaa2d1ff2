"""`taizhang export` with the filter flags, the export folder and --force."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from conftest import START, TickingClock
from export_data import PLAN1_TEXTS, PLAN1_TITLE, busy
from store.ledger import Ledger
from tui.cli import main


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Never read the developer's own config, database or documents; the clock is fixed."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "docs"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    monkeypatch.setattr("store.db.database.system_clock", lambda: START)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    with Ledger(path, clock=TickingClock(), actor="tester") as led:
        busy(led)
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def texts(out: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    return [r[3] for r in rows[1:]]


def pick(*seqs):
    return [PLAN1_TEXTS[s - 1] for s in seqs]


def write_config(tmp_path, body: str):
    folder = tmp_path / "config" / "taizhang"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    "flags, seqs",
    [
        (["--state", "done"], [1]),
        (["--state", "已完成"], [1]),
        (["--state", "open"], [2, 4, 5, 6]),
        (["--state", "todo", "--state", "na"], [3, 4, 6]),
        (["--unit", "市发展改革委"], [1, 2]),
        (["--unit", "市发展改革委", "--unit", "市政数局"], [1, 2, 4, 5]),  # 政数局 = 政务服务数据管理局
        (["--overdue"], [4]),
        (["--due-within", "80"], [2, 6]),
        (["--query", "考核"], [6]),
        (["--state", "open", "--unit", "市发展改革委"], [2]),
    ],
)
def test_each_filter_flag(db, capsys, flags, seqs):
    code, out, err = run(capsys, "export", "--db", db, "-f", "csv", "--plan", "1", "-o", "-", *flags)
    assert code == 0, err
    assert texts(out) == pick(*seqs)


def test_plan_by_title_and_all_plans(db, capsys):
    code, out, _ = run(capsys, "export", "--db", db, "-f", "csv", "--plan", "政务公开工作要点", "-o", "-")
    assert code == 0 and texts(out) == PLAN1_TEXTS
    code, out, _ = run(capsys, "export", "--db", db, "-f", "csv", "--state", "todo", "-o", "-")
    assert code == 0 and len(texts(out)) == 2 + 5


def test_mine_uses_my_unit_its_aliases_and_the_catch_alls(db, tmp_path, capsys):
    write_config(tmp_path, '[clerk]\nunit = "区党政办"\n')
    code, out, err = run(capsys, "export", "--db", db, "-f", "csv", "--plan", "1", "--mine", "-o", "-")
    assert code == 0, err
    assert texts(out) == pick(6)  # issue 19: the catch-alls count only when the ledger says so
    code, out, err = run(capsys, "units", "--db", db, "catch-alls", "yes")
    assert code == 0 and "算本单位" in out, err
    code, out, err = run(capsys, "export", "--db", db, "-f", "csv", "--plan", "1", "--mine", "-o", "-")
    assert code == 0, err
    assert texts(out) == pick(3, 6)  # 各县（区）人民政府 is a catch-all
    write_config(tmp_path, '[clerk]\nunit = "市卫生健康局"\n[units]\ncatch_alls = []\n')
    code, out, err = run(capsys, "export", "--db", db, "-f", "csv", "--plan", "1", "--mine", "-o", "-")
    assert code == 0, err
    assert pick(1)[0] in texts(out)


def test_mine_without_a_unit_says_what_to_do(db, capsys):
    code, out, err = run(capsys, "export", "--db", db, "--mine", "-o", "-")
    assert code == 1 and "[clerk]" in err and "--unit" in err and out == ""


def test_bad_state_and_bad_days(db, capsys):
    code, _, err = run(capsys, "export", "--db", db, "--state", "差不多", "-o", "-")
    assert code == 1 and "差不多" in err and "todo" in err
    code, _, err = run(capsys, "export", "--db", db, "--due-within", "-1", "-o", "-")
    assert code == 2


def test_nothing_matches_warns_and_writes_the_headings(db, tmp_path, capsys):
    target = tmp_path / "none.csv"
    code, out, err = run(capsys, "export", "--db", db, "-f", "csv", "--query", "没有这样的任务", "-o", target)
    assert code == 0 and "没有符合条件的任务" in err
    assert target.read_text(encoding="utf-8-sig").count("\n") == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "html", "md", "json"])
def test_every_format_to_a_file(db, tmp_path, capsys, fmt):
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "export", "--db", db, "--format", fmt, "-o", target, "--state", "done")
    assert code == 0, err
    assert str(target) in out and target.stat().st_size > 0
    if fmt == "xlsx":
        ws = load_workbook(target)[PLAN1_TITLE]
        assert ws.cell(4, 3).value == PLAN1_TEXTS[0] and ws.cell(5, 3).value is None
    if fmt in ("csv", "html", "md", "json"):
        assert PLAN1_TEXTS[0] in target.read_text(encoding="utf-8")


def test_default_folder_name_and_no_silent_overwrite(db, tmp_path, capsys):
    code, out, err = run(capsys, "export", "--db", db, "-f", "xlsx", "--plan", "1")
    assert code == 0, err
    target = tmp_path / "docs" / "taizhang" / f"{PLAN1_TITLE}-{date.today().isoformat()}.xlsx"
    assert target.exists() and str(target) in out
    before = target.read_bytes()
    code, out, err = run(capsys, "export", "--db", db, "-f", "xlsx", "--plan", "1", "--state", "done")
    assert code == 1 and "--force" in err and target.read_bytes() == before
    code, out, err = run(capsys, "export", "--db", db, "-f", "xlsx", "--plan", "1", "--state", "done", "--force")
    assert code == 0 and target.read_bytes() != before
    assert len(list(target.parent.iterdir())) == 1  # no temporary file left behind


def test_an_existing_output_file_needs_force(db, tmp_path, capsys):
    target = tmp_path / "report.md"
    target.write_text("我的文件", encoding="utf-8")
    code, _, err = run(capsys, "export", "--db", db, "-f", "md", "-o", target)
    assert code == 1 and str(target) in err
    assert target.read_text(encoding="utf-8") == "我的文件"
    code, _, err = run(capsys, "export", "--db", db, "-f", "md", "-o", target, "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# 工作任务落实情况台账")


def test_english(db, capsys):
    code, out, _ = run(capsys, "--lang", "en", "export", "--db", db, "-f", "csv", "-o", "-", "--plan", "1")
    assert code == 0 and out.lstrip("\ufeff").startswith("Plan,No.,Work item,Task")


def test_binary_to_stdout(db, capsysbinary):
    code = main(["export", "--db", str(db), "-f", "xlsx", "-o", "-", "--plan", "1"])
    out = capsysbinary.readouterr().out
    assert code == 0 and out[:2] == b"PK"
    assert load_workbook(io.BytesIO(out))[PLAN1_TITLE].cell(4, 3).value == PLAN1_TEXTS[0]
