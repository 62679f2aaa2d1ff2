"""What a killed write leaves, and the export and merge corners (issue 23 item 12): stale `.part`
backups and hidden export temporaries are removed by the next backup or export; `export -o DIR`
writes into the folder; `merge` of a folder with no spreadsheet says so; a text longer than an
Excel cell is continued, never cut."""
from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest
from openpyxl import load_workbook

from conftest import TickingClock, make_draft
from store.atomic import STALE_SECONDS, write_atomically
from store.backup import backups_dir
from store.exporting import export_to
from store.exporting.xlsx import MAX_CELL
from store.ledger import Ledger
from tui.cli import main


pytestmark = pytest.mark.usefixtures("fixed_clock")  # a home of its own: conftest


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    with Ledger(path, clock=TickingClock(), actor="tester") as led:
        led.import_plan(make_draft())
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


# ---- leftovers of a killed write ------------------------------------------------------------


def test_a_stale_part_backup_is_removed_by_the_next_backup_and_a_fresh_one_kept(db, capsys):
    folder = backups_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / "t-20211015-095000-import.part"
    stale.write_bytes(b"half a backup")
    age(stale, STALE_SECONDS + 60)
    fresh = folder / "t-20211015-095959-merge.part"  # another process writing now
    fresh.write_bytes(b"being written")
    other = folder / "notes.part"  # not a backup's name: not ours to remove
    other.write_bytes(b"x")
    age(other, STALE_SECONDS + 60)
    code, out = run(capsys, "--db", db, "backup")
    assert code == 0 and "备份" in out
    assert not stale.exists() and fresh.exists() and other.exists()
    assert len(list(folder.glob("t-*.db"))) == 1


def test_stale_export_temporaries_are_removed_by_the_next_export(db, tmp_path, capsys):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    stale = out_dir / ".taizhang-0123456789ab.xlsx"
    stale.write_bytes(b"half a report")
    age(stale, STALE_SECONDS + 60)
    fresh = out_dir / ".taizhang-ba9876543210.docx"
    fresh.write_bytes(b"being written")
    mine = out_dir / ".taizhang-notes.txt"  # the clerk's own file, whatever its name
    mine.write_bytes(b"x")
    age(mine, STALE_SECONDS + 60)
    code, _ = run(capsys, "--db", db, "export", "--format", "csv", "-o", out_dir / "r.csv")
    assert code == 0
    assert not stale.exists() and fresh.exists() and mine.exists()
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([fresh.name, mine.name, "r.csv"])


def test_write_atomically_leaves_no_temporary_when_the_target_is_a_folder(tmp_path):
    (tmp_path / "r.xlsx").mkdir()
    with pytest.raises(OSError):
        write_atomically(tmp_path / "r.xlsx", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


# ---- export -o DIR ----------------------------------------------------------------------------


def test_export_to_a_folder_writes_the_usual_name_into_it(db, tmp_path, capsys):
    folder = tmp_path / "报表"
    folder.mkdir()
    name = f"台账-{date.today().isoformat()}.xlsx"
    code, out = run(capsys, "--db", db, "export", "--format", "xlsx", "-o", folder, "--force")
    assert code == 0, out
    assert (folder / name).is_file() and str(folder / name) in out
    code, out = run(capsys, "--db", db, "export", "--format", "xlsx", "-o", folder)
    assert code == 1 and "文件已存在" in out and name in out  # the file in it: --force to replace
    assert "Traceback" not in out and "IsADirectoryError" not in out


# ---- merge of a folder with no spreadsheet ---------------------------------------------------


def test_merging_a_folder_with_no_spreadsheet_says_so_and_fails(db, tmp_path, capsys):
    folder = tmp_path / "收回的反馈表"
    folder.mkdir()
    (folder / "说明.txt").write_text("x", encoding="utf-8")
    (folder / "~$锁定.xlsx").write_bytes(b"x")  # Office's lock file is not a form
    before = db.read_bytes()
    code, out = run(capsys, "--db", db, "merge", folder)
    assert code == 1
    assert f"文件夹 {folder} 里没有电子表格（.xlsx、.xls、.ods）" in out
    assert db.read_bytes() == before


# ---- a text longer than an Excel cell --------------------------------------------------------


def test_a_note_longer_than_an_excel_cell_continues_in_rows_below_never_cut(tmp_path):
    long_note = "".join(f"第{i}段进展：已按要求完成材料报送和信息公开。\n" for i in range(1, 2500))
    assert len(long_note) > MAX_CELL
    with Ledger(tmp_path / "l.db", clock=TickingClock(), actor="t") as led:
        led.import_plan(make_draft())
        task = next(t for t in led.tasks() if t.no == "1")
        led.add_note(task.id, long_note)
        data = export_to(led, "xlsx")
        as_json = json.loads(export_to(led, "json"))
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    wb = load_workbook(path)
    ws = wb.worksheets[1]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    notes_col = cols["进展说明"]
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value == "1")
    pieces = [ws.cell(row, notes_col).value]
    r = row + 1
    while ws.cell(r, 1).value == "（续）":
        pieces.append(ws.cell(r, notes_col).value)
        r += 1
    assert len(pieces) >= 2
    assert all(len(p) <= MAX_CELL for p in pieces)
    assert long_note.strip() in "".join(pieces)  # the whole text, in order
    assert ws.cell(r, 1).value == "2"  # the next task follows the continuation
    summary = wb.worksheets[0]
    said = [c.value for row_ in summary.iter_rows() for c in row_ if isinstance(c.value, str)]
    assert any("超过 Excel 一个单元格的上限（32,767 字）" in s and "未删节" in s for s in said)
    notes = [n["text"] for p in as_json["plans"] for s in p["sections"] for t in s["tasks"] if t["no"] == "1"
             for n in t["notes"]]
    assert long_note.strip() in notes or long_note in notes  # whole in the JSON export
