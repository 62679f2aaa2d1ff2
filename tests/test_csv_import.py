"""CSV and TSV plans and ledgers (store/importing/csv_reader.py, rows read by sqlite-utils).

Each file is made up here, saved the ways Excel and WPS save them: GB18030 on a Chinese Windows,
UTF-8 with a BOM, tab-separated, a title row padded with commas, cells quoted with commas and line
breaks inside.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.errors import ImportFailed
from store.importing import file_kind, read_document, read_plan

ROOT = Path(__file__).resolve().parent.parent

PLAN_ROWS = [
    ["某县2024年营商环境重点任务分工方案", "", "", "", ""],
    ["序号", "具体任务", "牵头单位", "配合单位", "完成时限"],
    ["一、优化审批服务", "", "", "", ""],
    ["1", "推行“一窗受理”，压缩办理时限。", "县行政审批局", "县司法局、县财政局", "2024年6月底前"],
    ["2", "梳理涉企事项清单，逐项明确办理条件,\n并向社会公布。", "县发展改革局", "", "持续推进"],
    ["二、加强要素保障", "", "", "", ""],
    ["3", "建立用地保障台账。", "县自然资源局", "各乡镇人民政府", "2024年12月底前"],
]


def _csv(rows, delimiter=",") -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _tasks(draft):
    return [t for s in draft.iter_sections() for t in s.tasks]


def _check_plan(draft):
    tasks = _tasks(draft)
    assert [t.no for t in tasks] == ["1", "2", "3"]
    assert [(s.label, s.title) for s in draft.sections] == [("一、", "优化审批服务"), ("二、", "加强要素保障")]
    assert draft.title == "某县2024年营商环境重点任务分工方案"
    assert tasks[0].lead == ("县行政审批局",) and tasks[0].support == ("县司法局", "县财政局")
    assert tasks[0].due == "2024-06-30" and tasks[2].due == "2024-12-31"
    assert tasks[1].time_limit_kind == "continuous" and tasks[1].due is None
    assert "逐项明确办理条件," in tasks[1].text and "并向社会公布" in tasks[1].text  # quoted comma and line break


def test_a_gb18030_csv_from_excel_on_chinese_windows(tmp_path):
    path = tmp_path / "分工方案.csv"
    path.write_bytes(_csv(PLAN_ROWS).encode("gb18030"))
    assert file_kind(path) == "csv"
    (draft,) = read_plan(path)
    _check_plan(draft)
    assert draft.source == "分工方案.csv" and draft.sha256


def test_utf8_with_a_bom_tab_separated_tsv_and_semicolons(tmp_path):
    for name, text in (
        ("bom.csv", "\ufeff" + _csv(PLAN_ROWS)),
        ("tabs.tsv", _csv(PLAN_ROWS, "\t")),
        ("semicolons.csv", _csv(PLAN_ROWS, ";")),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (draft,) = read_plan(path)
        _check_plan(draft)


def test_utf16_with_a_bom_is_read_too(tmp_path):
    path = tmp_path / "unicode.tsv"
    path.write_text(_csv(PLAN_ROWS, "\t"), encoding="utf-16")
    _check_plan(read_plan(path)[0])


def test_a_csv_saved_from_a_sheet_with_merged_rows_reads_as_the_sheet(tmp_path):
    """Excel writes a merged heading row A3:E3 as "一、…,,,,": the CSV gives the plan the sheet gives."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in PLAN_ROWS:
        ws.append(row)
    for r, row in enumerate(PLAN_ROWS, 1):
        if not any(row[1:]):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(row))
    wb.save(tmp_path / "方案.xlsx")
    (tmp_path / "方案.csv").write_text(_csv(PLAN_ROWS), encoding="utf-8")

    def shape(draft):
        return draft.title, [(s.label, s.title, [(t.no, t.text, t.units, t.due) for t in s.tasks])
                             for s in draft.iter_sections()]

    assert shape(read_plan(tmp_path / "方案.csv")[0]) == shape(read_plan(tmp_path / "方案.xlsx")[0])


def test_every_row_comes_back_whole_whatever_the_first_row_says(tmp_path):
    """A first row that is a title, a header with a repeated name and empty names: no column is
    lost (rows keyed by the header would merge them), and blank rows are dropped."""
    rows = [
        ["通知标题", "", "", "", ""],
        ["序号", "备注", "", "备注", ""],
        [],
        ["1", "甲", "乙", "丙", "丁"],
        [",,,"],
        ["2", "戊", "", "", "己", "多出的一格"],
    ]
    path = tmp_path / "rows.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    doc, raw = read_document(path)
    assert raw == path.read_bytes()
    (table,) = doc.blocks
    texts = [row.texts for row in table.rows]
    assert texts[0] == ["通知标题"] and table.rows[0].cells[0].colspan == 6  # words in the first cell only
    assert texts[1] == ["序号", "备注", "", "备注", "", ""]
    assert texts[2] == ["1", "甲", "乙", "丙", "丁", ""]
    assert texts[3] == [",,,"]
    assert texts[4] == ["2", "戊", "", "", "己", "多出的一格"]
    assert [row.origin for row in table.rows] == ["table 1 row 1", "table 1 row 2", "table 1 row 3",
                                                   "table 1 row 4", "table 1 row 5"]


def test_text_stays_text(tmp_path):
    """A cell starting with [ is not JSON, markup stays characters, control characters go with a warning."""
    rows = [["序号", "具体任务", "责任单位"], ["1", "[bold]加强[/]\x1b[31m督查", "县督查室"]]
    path = tmp_path / "marks.csv"
    path.write_text("[注意],,\n" + _csv(rows), encoding="utf-8")
    (draft,) = read_plan(path)
    (task,) = _tasks(draft)
    assert task.text == "[bold]加强[/]督查"
    assert any(w.code == "warn.control_chars" for w in draft.warnings)


def test_a_ledger_exported_as_csv_imports_with_its_states(ledger, tmp_path):
    """Our own CSV export (a ledger kept in Excel and sent on) reads as a plan again: every task,
    its text and its state from the 完成情况 column."""
    from conftest import make_draft
    from store.exporting import export_to

    plan_id = ledger.import_plan(make_draft()).plan_id
    tasks = ledger.tasks(plan_id=plan_id)
    ledger.set_state(tasks[0].id, "done")
    ledger.set_state(tasks[3].id, "na")
    data = export_to(ledger, "csv", plan_ids=[plan_id], lang="zh")
    path = tmp_path / "台账.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (draft,) = read_plan(path)
    got = _tasks(draft)
    assert [t.text for t in got] == [t.text for t in ledger.tasks(plan_id=plan_id)]
    assert [t.state for t in got] == [t.state for t in ledger.tasks(plan_id=plan_id)]
    assert got[0].state == "done" and got[3].state == "na"


def test_files_that_are_not_csv(tmp_path):
    binary = tmp_path / "picture.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(ImportFailed) as caught:
        read_plan(binary)
    assert caught.value.why == "import.binary"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed) as caught:
        read_plan(empty)
    assert caught.value.why == "import.empty"
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b'1,"' + b"x" * 200_000 + b'"\n')  # one cell past csv's field limit
    with pytest.raises(ImportFailed) as caught:
        read_plan(huge)
    assert caught.value.why == "import.bad_csv" and "CSV" in caught.value.message("zh")


def test_the_first_screen_does_not_import_sqlite_utils(tmp_path):
    """sqlite-utils is loaded when a CSV is read, not when taizhang starts (DECISIONS: start-up)."""
    import shutil

    db = tmp_path / "t.db"
    shutil.copy(ROOT / "sample.db", db)
    code = (
        "import sys\n"
        "import tui.app, tui.cli, store.importing\n"
        "from store.ledger import Ledger\n"
        f"Ledger({str(db)!r}).close()\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils imported at start'\n"
        "from store.importing.csv_reader import read_csv_bytes\n"
        "read_csv_bytes(b'1,2\\n', 'x.csv')\n"
        "assert 'sqlite_utils' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
