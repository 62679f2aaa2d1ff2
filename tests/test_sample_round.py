"""A round of the five sample plans, its forms filled the ways units fill them (issue 20's list:
sorted rows, moved columns, the hidden sheet deleted, ids retyped, other units' rows pasted,
blank and totals rows, dates, line breaks, words not in the dropdown, two versions of one form,
co-leads who disagree; LibreOffice round trips to .ods and .xls where it is installed), merged
as a folder, one by one and in reverse: the same ledger every time."""
from __future__ import annotations

import random
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from store.forms import layout
from store.forms.sending import write_forms
from store.ledger import Ledger
from store.usecases import merging
from tests.conftest import TickingClock
from tests.helpers.forms import fill, header_map, keys_in

ROOT = Path(__file__).resolve().parent.parent
STATE, PROGRESS, PROBLEMS = layout.HEADERS["state"], layout.HEADERS["progress"], layout.HEADERS["problems"]
KEY, TEXT = layout.HEADERS["key"], layout.HEADERS["text"]


def _rows(ws):
    head, cols = header_map(ws)
    return head, cols, list(range(head + 1, ws.max_row + 1))


def sort_and_move(wb, ws):
    """Rows in reverse order; 完成情况 and 进展情况 swapped, headers and all."""
    head, cols, rows = _rows(ws)
    values = [[c.value for c in ws[r]] for r in rows]
    a, b = cols[STATE] - 1, cols[PROGRESS] - 1
    for row in values:
        row[a], row[b] = row[b], row[a]
    ws.cell(head, a + 1).value, ws.cell(head, b + 1).value = PROGRESS, STATE
    for r, row in zip(rows, reversed(values)):
        for c, v in enumerate(row, 1):
            ws.cell(r, c).value = v


def strip_meta_blank_and_total(wb, ws):
    """The hidden sheet deleted; blank rows between; a 合计 row at the end."""
    del wb[layout.META_SHEET]
    head, cols, rows = _rows(ws)
    ws.protection.sheet = False
    for r in reversed(rows[1:]):
        ws.insert_rows(r)
    total = ws.max_row + 2
    ws.cell(total, cols[TEXT]).value = "合计"
    ws.cell(total, cols[layout.HEADERS["no"]]).value = f"{len(rows)}项"


def drag_fill(wb, ws):
    head, cols, rows = _rows(ws)
    for i, r in enumerate(rows, 1):
        ws.cell(r, cols[KEY]).value = i


def paste_from(other: Path):
    def paste(wb, ws):
        from openpyxl import load_workbook

        src = load_workbook(other)[layout.DATA_SHEET]
        shead, scols, srows = _rows(src)
        head, cols, rows = _rows(ws)
        at = ws.max_row + 1
        for r in srows:
            for name, c in scols.items():
                if name in cols:
                    ws.cell(at, cols[name]).value = src.cell(r, c).value
            ws.cell(at, cols[STATE]).value = "已完成"
            ws.cell(at, cols[PROGRESS]).value = "别人的进展"
            at += 1
    return paste


def retype_keys(wb, ws):
    """Every key typed again as its number (the 序号 and text stay)."""
    head, cols, rows = _rows(ws)
    for r in rows:
        key = ws.cell(r, cols[KEY]).value
        ws.cell(r, cols[KEY]).value = int(key.split("-")[1])


def formula_and_linebreaks(wb, ws):
    head, cols, rows = _rows(ws)
    ws.cell(rows[0], cols[PROGRESS]).value = '="已完成"&"专项检查"'
    text = ws.cell(rows[-1], cols[TEXT]).value
    ws.cell(rows[-1], cols[TEXT]).value = text[: len(text) // 2] + "\n" + text[len(text) // 2:]


@pytest.fixture(scope="module")
def round_files(tmp_path_factory):
    """sample.db with a round over the five plans, every form written, a dozen filled: (db, files)."""
    folder = tmp_path_factory.mktemp("sample-round")
    db = folder / "base.db"
    shutil.copyfile(ROOT / "sample.db", db)
    with Ledger(db, clock=TickingClock(), actor="tester") as ledger:
        r = ledger.new_round("2021年第四季度", due="2021-10-12")
        sent = {(w.plan_id, w.unit): w.path for w in write_forms(ledger, folder / "sent", round_=r)}
        keys = {(p, u): keys_in(path) for (p, u), path in sent.items()}
        ledger.checkpoint()
    back = folder / "back"
    back.mkdir()
    own = set(keys[(2, "区发改财政局")])
    stranger = next(u for (p, u), ks in keys.items() if p == 2 and not own & set(ks))
    words = ("已完成", "推进中", "正常推进", "已办结", "滞后", "序时推进", "基本完成了", "未启动")

    def rows(plan, unit, start=0, **extra):
        return {k: {STATE: words[(i + start) % len(words)], PROGRESS: f"{unit}第{i}项：按计划推进\n下月完成", **extra}
                for i, k in enumerate(keys[(plan, unit)])}

    files = [
        # co-leads of P1-0003 say three things
        fill(sent[(1, "省发展改革委")], {**rows(1, "省发展改革委"), "P1-0003": {STATE: "已完成"}},
             date="2021-10-08", out=back / "01-发改委.xlsx"),
        fill(sent[(1, "商务厅")], {**rows(1, "商务厅", 1), "P1-0003": {STATE: "推进中"}}, date="2021年10月9日",
             out=back / "02-商务厅.xlsx", edit=sort_and_move),
        fill(sent[(1, "市场监管局")], {**rows(1, "市场监管局", 2), "P1-0003": {STATE: "滞后", PROBLEMS: "人手不足"}},
             date=datetime(2021, 10, 10), out=back / "03-市场监管局.xlsx", edit=strip_meta_blank_and_total),
        fill(sent[(1, "省政府办公厅")], rows(1, "省政府办公厅", 3, **{PROBLEMS: datetime(2021, 9, 30)}),
             date="2021-10-11", out=back / "04-省府办.xlsx", edit=drag_fill),
        # two versions of one unit's form, the 更正版 newer by its date
        fill(sent[(1, "省财政厅")], rows(1, "省财政厅", 4), date="2021-10-05", out=back / "05-财政厅-第1版.xlsx"),
        fill(sent[(1, "省财政厅")], rows(1, "省财政厅", 5), date="2021-10-09", out=back / "06-财政厅-更正版.xlsx"),
        # other units' rows pasted below one's own
        fill(sent[(2, "区发改财政局")], rows(2, "区发改财政局"), date="2021-10-12", out=back / "07-区发改财政局.xlsx",
             edit=paste_from(sent[(2, stranger)])),
        fill(sent[(3, "宣教科")], rows(3, "宣教科", 6), date="2021-10-13", out=back / "08-宣教科.xlsx",
             edit=retype_keys),
        fill(sent[(4, "市卫生健康局")], rows(4, "市卫生健康局", 7), date="2021-10-14", unit="市卫生健康局（办公室）",
             out=back / "09-卫健局.xlsx"),
        fill(sent[(5, "市政府办公室")], rows(5, "市政府办公室", 1), date="2021-10-15", out=back / "10-市府办.xlsx",
             edit=formula_and_linebreaks),
    ]
    return db, files


def content(ledger) -> tuple:
    tasks = tuple((t.key, t.state, t.flag) for t in ledger.tasks())
    notes = tuple(sorted((ledger.task(n.task_id).key, n.unit or "", n.text)
                         for t in ledger.tasks() for n in ledger.notes(t.id)))
    subs = tuple(sorted((s["file_name"], s["superseded_by"] is None) for s in ledger.submissions()))
    returns = tuple(sorted((x.plan_id, x.unit, x.status) for r in ledger.rounds() for x in ledger.round_returns(r)))
    return tasks, notes, subs, returns


def merged(db: Path, work: Path, groups) -> tuple:
    copy = work / "ledger.db"
    shutil.copyfile(db, copy)
    with Ledger(copy, clock=TickingClock(), actor="tester") as ledger:
        for group in groups:
            preview = merging.preview(ledger, group)
            assert all(f.status == "ready" for f in preview.files), [(f.name, f.reason) for f in preview.files]
            ledger.apply_merge(preview)
        return content(ledger)


def _check(db, files, tmp_path_factory, whole_group):
    whole = merged(db, tmp_path_factory.mktemp("whole"), [whole_group])
    assert merged(db, tmp_path_factory.mktemp("one"), [[f] for f in files]) == whole
    assert merged(db, tmp_path_factory.mktemp("back"), [[f] for f in reversed(files)]) == whole
    shuffled = list(files)
    random.Random(20).shuffle(shuffled)
    assert merged(db, tmp_path_factory.mktemp("halves"), [shuffled[:5], shuffled[5:]]) == whole
    return whole


def test_the_sample_round_merges_to_one_ledger_in_any_order(round_files, tmp_path_factory):
    db, files = round_files
    tasks, notes, subs, returns = _check(db, files, tmp_path_factory, [files[0].parent])  # as a folder
    state = {k: (s, f) for k, s, f in tasks}
    assert state["P1-0003"] == ("todo", None)  # three leads, three words: the clerk's to pick
    assert {u for k, u, _ in notes if k == "P1-0003"} >= {"省发展改革委", "商务厅", "市场监管局"}
    # the 更正版 stands over the 第1版
    assert ("05-财政厅-第1版.xlsx", False) in subs and ("06-财政厅-更正版.xlsx", True) in subs
    # the rows pasted from 区商务局's form were not written: they were never sent to 区发改财政局
    assert not any(text.endswith("别人的进展") for _, _, text in notes)
    # the drag-filled and retyped ids landed on their own tasks; nothing on a task not sent
    with Ledger(db, read_only=True) as ledger:
        pasted = merging.preview(ledger, [files[6]]).files[0]
        assert [r.line for r in pasted.rows if r.one_by_one and r.held]  # held, to confirm one by one
        office = {ft.task.key for u in ledger.form_units(1) if u.name == "省政府办公厅" for ft in ledger.form_tasks(1, u.id)}
    noted = {k for k, u, _ in notes if u == "省政府办公厅"}
    assert noted == office
    # on time or late by the dates filled in, though all were merged after the due date
    status = {(p, u): s for p, u, s in returns}
    assert status[(1, "省发展改革委")] == "returned" and status[(2, "区发改财政局")] == "returned"
    assert status[(5, "市政府办公室")] == "late" and status[(2, "区商务局")] == "overdue"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_forms_saved_by_libreoffice_as_ods_and_xls_merge_the_same(round_files, tmp_path_factory):
    db, files = round_files
    out = tmp_path_factory.mktemp("lo")
    picked = {files[1]: "ods", files[8]: "xls", files[3]: "xlsx"}
    for path, fmt in picked.items():
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", fmt, "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
    converted = [out / f"{p.stem}.{fmt}" for p, fmt in picked.items()]
    assert all(p.exists() for p in converted)
    files = [f for f in files if f not in picked] + converted
    tasks, notes, subs, returns = _check(db, files, tmp_path_factory, files)
    state = {k: (s, f) for k, s, f in tasks}
    assert state["P1-0003"] == ("todo", None)
    assert any(name.endswith(".ods") for name, _ in subs) and any(name.endswith(".xls") for name, _ in subs)
