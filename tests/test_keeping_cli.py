"""Issue 19 from the command line: `taizhang task/section/plan/history`, `export --since` and
`--archived`, and `--plan` naming a plan the same way in every command."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from store.ledger import Ledger
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def db(tmp_path) -> Path:
    target = tmp_path / "t.db"
    shutil.copyfile(ROOT / "sample.db", target)
    return target


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def task(db: Path, key: str):
    with Ledger(db, read_only=True) as led:
        return led.task_by_key(key), led.units_value(led.task_by_key(key).id)


def test_task_edit_reads_units_and_time_limit_and_is_one_undoable_change(db, capsys):
    code, out, err = run(capsys, "task", "edit", "P1-0012", "--db", db, "--due", "2022-06-30",
                         "--text", "做好爱国卫生运动信息公开", "--lead", "省卫生健康委、省教育厅",
                         "--time-limit", "持续推进")
    assert code == 0, err
    assert "牵头：省卫生健康委、省教育厅" in out and "持续推进/长期" in out
    assert "修改任务 12：任务内容、单位、完成时限、截止日期" in out
    assert re.search(r"更新时间：\d{4}-\d\d-\d\d \d\d:\d\d$", out, re.M), out  # as the app shows it
    t, units = task(db, "P1-0012")
    assert (t.text, t.time_limit, t.time_limit_kind, t.due) == (
        "做好爱国卫生运动信息公开", "持续推进", "continuous", "2022-06-30")
    assert units["lead"] == ["省卫生健康委", "省教育厅"] and units["support"] == ["省直其他单位"]
    with Ledger(db) as led:
        cs = led.peek_undo()
        assert (cs.source, cs.summary) == ("cli", "edit.task")
        led.undo()
        assert led.task_by_key("P1-0012").text == "做好爱国卫生运动、健康中国行动等相关工作的信息公开。"


def test_task_edit_dry_run_writes_nothing_and_bad_input_says_why(db, capsys):
    code, out, _ = run(capsys, "task", "edit", "P1-0012", "--db", db, "--units", "省教育厅牵头", "--dry-run")
    assert code == 0 and "牵头：省教育厅" in out and "未写入" in out
    assert task(db, "P1-0012")[1]["lead"] == ["省卫生健康委"]
    for args, words in (
        (["--due", "2022-13-01"], "不是日期"),
        (["--text", " "], "任务内容不能为空"),
        (["--units", "做好工作"], "没有认出单位名称"),
        (["--no", "13"], "序号 13 已经有任务在用"),
        ([], "没有给出要改的内容"),
    ):
        code, out, err = run(capsys, "task", "edit", "P1-0012", "--db", db, *args)
        assert code == 1 and words in err, (args, err)
        assert "Traceback" not in err


def test_a_ledger_from_no_document_by_commands(db, capsys):
    code, out, err = run(capsys, "plan", "new", "--db", db, "--title", "2021年市领导批示督办事项",
                         "--issuer", "市政府办公室", "--year", "2021")
    assert code == 0, err and "新建方案《2021年市领导批示督办事项》" in out
    code, out, err = run(capsys, "section", "add", "--db", db, "--plan", "督办", "--title", "领导批示", "--label", "一、")
    assert code == 0, err
    code, out, err = run(capsys, "task", "add", "--db", db, "--plan", "督办", "--section", "领导批示",
                         "--text", "加快推进政务公开专区建设", "--units", "市政数局牵头，各县（区）人民政府配合",
                         "--time-limit", "2021年12月底前")
    assert code == 0, err
    assert "P6-0001" in out and "序号 1" in out and "截止 2021-12-31" in out
    code, out, err = run(capsys, "task", "add", "--db", db, "--plan", "督办", "--after", "P6-0001",
                         "--text", "会议议定事项")
    assert code == 0 and "P6-0002" in out and "序号 2" in out
    code, out, _ = run(capsys, "section", "list", "--db", db, "--plan", "6")
    assert "一、领导批示" in out and out.strip().splitlines()[1].strip().startswith("S")
    code, out, _ = run(capsys, "task", "move", "P6-0002", "--up", "--db", db)
    assert code == 0 and "移动任务 2" in out
    with Ledger(db, read_only=True) as led:
        assert [t.key for t in led.tasks(plan_id=6)] == ["P6-0002", "P6-0001"]


def test_delete_asks_for_yes_and_says_what_goes(db, capsys):
    code, out, err = run(capsys, "task", "delete", "P2-0003", "--db", db)
    assert code == 1 and "加 --yes" in err and "任务 3（P2-0003）" in err
    assert task(db, "P2-0003")[0].text
    code, out, err = run(capsys, "section", "delete", "S4", "--db", db)
    assert code == 1 and "3 项任务" in err
    code, out, err = run(capsys, "plan", "delete", "004", "--db", db)
    assert code == 1 and "48 项任务" in err and "先备份" in err
    code, out, err = run(capsys, "plan", "delete", "004", "--db", db, "--yes")
    assert code == 0 and "删除方案《004_205b9cb32ea752cf.txt》" in out and "备份" in out
    code, out, _ = run(capsys, "plan", "list", "--db", db)
    assert "#5" not in out


def test_rename_archive_and_export_archived_or_since(db, capsys, tmp_path):
    code, out, err = run(capsys, "plan", "edit", "002_2a99", "--db", db, "--title", "某市2021年政务公开工作要点分工方案",
                         "--doc-no", "某府办〔2021〕5号")
    assert code == 0, err
    # the name the app shows now works everywhere --plan is taken
    code, out, err = run(capsys, "status", "--db", db, "--plan", "某市2021年")
    assert code == 0 and "#3" in out and "#1" not in out
    code, out, err = run(capsys, "plan", "archive", "河源", "--db", db)
    assert code == 0 and "归档方案《河源市" in out
    code, out, _ = run(capsys, "status", "--db", db)
    assert "河源" not in out
    code, out, _ = run(capsys, "status", "--db", db, "--plan", "河源")
    assert "［已归档］河源" in out
    code, csv, _ = run(capsys, "export", "--db", db, "--format", "csv", "-o", "-")
    assert "河源市贯彻落实2020年" not in csv
    code, csv, _ = run(capsys, "export", "--db", db, "--format", "csv", "-o", "-", "--archived")
    assert "河源市贯彻落实2020年" in csv
    code, out, err = run(capsys, "plan", "edit", "政务公开", "--db", db, "--title", "x")
    assert code == 1 and "不止指一个方案" in err
    # export --since: the tasks changed since, in every format
    run(capsys, "task", "edit", "P1-0003", "--db", db, "--due", "2022-01-31")
    from datetime import date

    today = date.today().isoformat()
    for fmt in ("json", "csv", "md", "html", "xlsx", "docx"):
        target = tmp_path / f"since.{fmt}"
        code, out, err = run(capsys, "export", "--db", db, "--format", fmt, "--since", today, "-o", target)
        assert code == 0, err
    data = json.loads((tmp_path / "since.json").read_text(encoding="utf-8"))
    keys = [t["key"] for p in data["plans"] for s in p["sections"] for t in _tasks(s)]
    assert keys == ["P1-0003"]
    assert (tmp_path / "since.csv").read_text(encoding="utf-8-sig").count("\n") == 2
    code, out, err = run(capsys, "export", "--db", db, "--format", "csv", "--since", "上周", "-o", "-")
    assert code == 1 and "不是日期" in err


def _tasks(section):
    yield from section["tasks"]
    for s in section["sections"]:
        yield from _tasks(s)


def test_history_command(db, capsys):
    run(capsys, "task", "edit", "P1-0012", "--db", db, "--text", "第一行\n第二行")
    code, out, err = run(capsys, "history", "--db", db, "--limit", "3")
    assert code == 0, err
    assert "修改任务 12：任务内容" in out
    assert "原：做好爱国卫生运动、健康中国行动等相关工作的信息公开。" in out
    assert "新：第一行" in out and "第二行" in out
    code, out, _ = run(capsys, "history", "--db", db, "--plan", "高新区", "--limit", "3")
    assert "修改任务 12" not in out
    code, out, err = run(capsys, "history", "--db", db, "--unit", "不存在的局")
    assert code == 1 and "没有叫“不存在的局”的单位" in err


def test_history_says_unit_joins_and_settings_in_words(db, capsys):
    """Not the record's own words (field.same_as, a unit's id, a setting's key)."""
    assert run(capsys, "units", "join", "财政局", "--into", "市财政局", "--db", db)[0] == 0
    assert run(capsys, "units", "split", "财政局", "--db", db)[0] == 0
    assert run(capsys, "units", "catch-alls", "yes", "--db", db)[0] == 0
    code, out, err = run(capsys, "history", "--db", db, "--limit", "3")
    assert code == 0, err
    assert "财政局 并入“市财政局”（视为同一单位）" in out
    assert "财政局 从“市财政局”拆开（不再视为同一单位）" in out
    assert "“各单位”等泛指是否算本单位 设置：（空） → 是" in out
    assert "field." not in out and "mine.catch_alls" not in out
