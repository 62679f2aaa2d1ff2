"""Rounds, forms out, forms back: edited the ways people edit them, merged, undone."""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from store.forms import layout
from store.forms.describe import preview_lines, returns_lines
from store.forms.merge import link_row, plan_merge
from store.forms.sending import write_forms
from store.forms.reader import read_form
from store.exporting import export_to
from store.ledger import Ledger
from tests.conftest import make_draft
from tests.helpers.forms import fill, header_map, keys_in

STATE = layout.HEADERS["state"]
PROGRESS = layout.HEADERS["progress"]
EVIDENCE = layout.HEADERS["evidence"]


@pytest.fixture
def setup(ledger, plan_id, tmp_path):
    """A round over the plan and its forms in a folder: (ledger, round, {unit: path})."""
    r = ledger.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id], catch_alls=["各县（区）人民政府"])
    written = write_forms(ledger, tmp_path / "forms", round_=r)
    return ledger, r, {w.unit: w.path for w in written}


def key_of(ledger, no: str) -> str:
    return next(t.key for t in ledger.tasks() if t.no == no)


def state(ledger, no: str):
    t = next(t for t in ledger.tasks() if t.no == no)
    return t.state, t.flag


def merge(ledger, *paths, **kw):
    preview = plan_merge(ledger, paths, **kw)
    return preview, ledger.apply_merge(preview)


# ---- the forms --------------------------------------------------------------------------


def test_forms_go_to_named_units_with_their_tasks_and_the_catch_alls(setup):
    ledger, r, forms = setup
    assert "各县（区）人民政府" not in forms  # a catch-all gets no form of its own
    assert "市卫健局" not in forms  # an alias of 市卫生健康局: one unit, one form
    health = keys_in(forms["市卫生健康局"])
    # its own task 1 (lead), task 3 (addressed to 各县（区）人民政府), task 5 (as 市卫健局, support)
    assert health == [key_of(ledger, n) for n in ("1", "3", "5")]
    wb = load_workbook(forms["市卫生健康局"])
    ws = wb[layout.DATA_SHEET]
    head, cols = header_map(ws)
    assert ws.cell(1, 1).value.endswith("落实情况反馈表（2021年第四季度）")
    assert any(str(m) .startswith("A1:") for m in ws.merged_cells.ranges)
    assert list(cols)[: len(layout.COLUMNS)] == [layout.HEADERS[c] for c in layout.COLUMNS]
    assert cols[layout.HEADERS["key"]] == 1
    key_cell = ws.cell(head + 1, 1)
    assert key_cell.data_type == "s" and key_cell.protection.locked
    roles = [ws.cell(r_, cols[layout.HEADERS["role"]]).value for r_ in range(head + 1, head + 4)]
    assert roles == ["牵头", "各县（区）人民政府（统一要求）", "配合"]
    state_cell = ws.cell(head + 1, cols[STATE])
    assert not state_cell.protection.locked and state_cell.number_format == "@"
    assert ws.protection.sheet
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(w in lists[0].formula1 for w in layout.DROPDOWN)
    meta = wb[layout.META_SHEET]
    assert meta.sheet_state == "hidden"
    form = read_form(forms["市卫生健康局"])
    assert form.meta["format"] == layout.FORMAT and form.meta["unit"] == "市卫生健康局"
    assert form.meta["round"] == r.name and form.head["unit"] == "市卫生健康局"
    assert set(form.sent) == set(health)


def test_writing_forms_again_needs_force_and_leaves_the_folder_alone(setup, tmp_path):
    ledger, r, forms = setup
    before = {p: p.read_bytes() for p in forms.values()}
    with pytest.raises(Exception) as e:
        write_forms(ledger, tmp_path / "forms", round_=r)
    assert "--force" in e.value.message("zh")
    assert {p: p.read_bytes() for p in forms.values()} == before
    assert write_forms(ledger, tmp_path / "forms", round_=r, force=True)


# ---- merging ----------------------------------------------------------------------------


def test_an_untouched_form_merges_to_zero_changes(setup):
    ledger, r, forms = setup
    before = [(t.state, t.flag) for t in ledger.tasks()]
    preview, result = merge(ledger, forms["市卫生健康局"])
    assert preview.counts()["changed"] == 0 and preview.counts()["unchanged"] == 3
    assert result.states == 0 and result.notes == 0
    assert [(t.state, t.flag) for t in ledger.tasks()] == before
    assert all(ledger.notes(t.id) == [] or t.no == "2" for t in ledger.tasks())
    returned = {x.unit: x.status for x in ledger.round_returns(r)}
    assert returned["市卫生健康局"] == "returned" and returned["市财政局"] == "missing"


def test_the_lead_sets_the_state_and_its_words_become_a_note_in_one_undo_step(setup):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成", PROGRESS: "已在门户网站开设专栏。"}},
                filler="王五")
    preview, result = merge(ledger, path)
    assert state(ledger, "1") == ("done", None)
    [note] = ledger.notes(ledger.task_by_key(k1).id)
    assert note.author == "王五" and note.unit == "市卫生健康局" and note.source == "merge"
    assert note.text == f"{PROGRESS}：已在门户网站开设专栏。"
    cs = result.changeset
    assert cs.source == "merge"
    assert ledger.describe(cs)[0] == "change.merge"
    sub = ledger.submissions(r.id)[0]
    assert sub["filler"] == "王五" and sub["phone"] == "13800000000" and sub["unit"] == "市卫生健康局"
    ledger.undo()
    assert state(ledger, "1") == ("todo", None)
    assert ledger.notes(ledger.task_by_key(k1).id) == []
    assert {x.unit: x.status for x in ledger.round_returns(r)}["市卫生健康局"] == "missing"
    ledger.redo()
    assert state(ledger, "1") == ("done", None)
    assert len(ledger.notes(ledger.task_by_key(k1).id)) == 1


def test_status_words_as_people_type_them(setup, tmp_path):
    ledger, r, forms = setup
    k2 = key_of(ledger, "2")
    for word in ("完成", " 已完成 ", "已 完成", "已办结"):
        path = fill(forms["市发展改革委"], {k2: {STATE: word}}, out=tmp_path / f"w{len(word)}{word.strip()}.xlsx")
        merge(ledger, path)
        assert state(ledger, "2") == ("done", None), word
        ledger.undo()
        assert state(ledger, "2") == ("doing", "滞后")
    path = fill(forms["市发展改革委"], {k2: {STATE: "滞后"}}, out=tmp_path / "lag.xlsx")
    merge(ledger, path)
    assert state(ledger, "2") == ("doing", "滞后")
    path = fill(forms["市发展改革委"], {k2: {STATE: "差不多了"}}, out=tmp_path / "odd.xlsx")
    preview, _ = merge(ledger, path)
    row = next(x for x in preview.files[0].rows if x.key == k2)
    assert not row.doubtful and ("merge.unknown_status", {"word": "差不多了"}) in row.notices
    assert state(ledger, "2") == ("doing", "滞后")
    assert "差不多了" in ledger.notes(ledger.task_by_key(k2).id)[0].text


def test_layout_edits_rows_reordered_sheet_renamed_columns_moved_blank_rows(setup, tmp_path):
    ledger, r, forms = setup
    k1, k3, k5 = (key_of(ledger, n) for n in ("1", "3", "5"))

    def mess(wb, ws):
        ws.title = "Sheet1"
        wb.move_sheet(ws, offset=1)
        ws.protection.sheet = False
        head, cols = header_map(ws)
        # swap 完成情况 and 具体要求 (headers and values), reverse the rows, add blank rows
        a, b = cols[STATE], cols[layout.HEADERS["text"]]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=head + 1, max_row=ws.max_row)]
        for row in rows:
            row[a - 1], row[b - 1] = row[b - 1], row[a - 1]
        ws.cell(head, a).value, ws.cell(head, b).value = ws.cell(head, b).value, ws.cell(head, a).value
        ws.delete_rows(head + 1, ws.max_row)
        r_ = head + 1
        for row in reversed(rows):
            ws.insert_rows(r_)
            r_ += 1  # a blank row before each
            for i, v in enumerate(row, 1):
                ws.cell(r_, i).value = v
            r_ += 1

    path = fill(forms["市卫生健康局"], {k1: {STATE: "推进中"}}, out=tmp_path / "messy.xlsx", edit=mess)
    preview, _ = merge(ledger, path)
    fp = preview.files[0]
    assert fp.status == "ready" and fp.counts()["changed"] == 1 and fp.counts()["refused"] == 0
    assert state(ledger, "1") == ("doing", None)
    assert {x.key for x in fp.rows} == {k1, k3, k5}


def test_a_deleted_row_changes_nothing_and_a_duplicated_row_is_refused(setup, tmp_path):
    ledger, r, forms = setup
    k1, k3 = key_of(ledger, "1"), key_of(ledger, "3")

    def edit(wb, ws):
        head, cols = header_map(ws)
        ws.protection.sheet = False
        row1 = [c.value for c in ws[head + 1]]
        ws.delete_rows(head + 2)  # task 3 gone
        ws.append(row1)  # task 1 again
        ws.cell(ws.max_row, cols[STATE]).value = "不涉及"

    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}}, out=tmp_path / "dup.xlsx", edit=edit)
    preview, _ = merge(ledger, path)
    rows = preview.files[0].rows
    assert [x.key for x in rows].count(k3) == 0
    dup = [x for x in rows if x.key == k1]
    assert dup[0].status == "changed" and dup[1].status == "refused"
    assert dup[1].refusal[0] == "merge.claimed_twice"
    assert state(ledger, "1") == ("done", None)


def test_a_key_excel_turned_into_a_number_is_matched_by_text_and_shown(setup, tmp_path):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    seq = int(k1.split("-")[1])

    def edit(wb, ws):
        head, cols = header_map(ws)
        ws.cell(head + 1, 1).value = seq  # a number now

    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}}, out=tmp_path / "num.xlsx", edit=edit)
    preview, _ = merge(ledger, path)
    row = next(x for x in preview.files[0].rows if x.task_key == k1)
    assert ("merge.key_renumbered", {"value": str(seq)}) in row.notices and not row.doubtful
    assert "已按序号和内容对上" in "\n".join(preview_lines(preview))
    assert state(ledger, "1") == ("done", None)


def test_number_and_date_text_formula_hyperlink_and_a_long_note(setup, tmp_path):
    ledger, r, forms = setup
    k1, k3, k5 = (key_of(ledger, n) for n in ("1", "3", "5"))
    long = "进展" * 1000

    def edit(wb, ws):
        head, cols = header_map(ws)
        for r_ in range(head + 1, ws.max_row + 1):
            key = ws.cell(r_, 1).value
            if key == k3:
                ws.cell(r_, cols[PROGRESS]).value = "=1+1"
            if key == k5:
                cell = ws.cell(r_, cols[EVIDENCE])
                cell.value = "专栏链接"
                cell.hyperlink = Hyperlink(ref=cell.coordinate, target="https://example.gov.cn/zl")

    path = fill(forms["市卫生健康局"], {
        k1: {PROGRESS: datetime(2026, 1, 2), layout.HEADERS["remarks"]: 12},
        k5: {PROGRESS: long},
    }, out=tmp_path / "types.xlsx", edit=edit)
    preview, _ = merge(ledger, path)
    rows = {x.key: x for x in preview.files[0].rows}
    codes = {c for c, _ in rows[k1].notices}
    assert {"merge.flag.date", "merge.flag.number"} <= codes and not rows[k1].doubtful
    assert f"{PROGRESS}：2026-01-02" in rows[k1].note and "备注：12" in rows[k1].note
    assert ("merge.flag.formula", {"column": PROGRESS}) in rows[k3].notices
    note5 = ledger.notes(ledger.task_by_key(k5).id)[0].text
    assert "https://example.gov.cn/zl" in note5 and long in note5


def test_lead_and_support_disagree_the_lead_decides(setup, tmp_path):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    lead = fill(forms["市卫生健康局"], {k1: {STATE: "推进中"}}, out=tmp_path / "lead.xlsx")
    support = fill(forms["市发展改革委"], {k1: {STATE: "已完成", PROGRESS: "配合完成。"}},
                   out=tmp_path / "support.xlsx")
    preview, _ = merge(ledger, support, lead)
    assert state(ledger, "1") == ("doing", None)
    [d] = preview.disagreements
    assert d["label"] == "1" and {u for u, *_ in d["reports"]} == {"市卫生健康局", "市发展改革委"}
    assert not d["open"]  # the lead decides: nothing for the clerk to pick
    notes = ledger.notes(ledger.task_by_key(k1).id)
    assert any(n.unit == "市发展改革委" and "完成情况：已完成" in n.text for n in notes)
    assert any("各单位所报不一" in line for line in preview_lines(preview))


def test_a_catch_all_units_state_is_the_clerks_to_take(setup, tmp_path):
    ledger, r, forms = setup
    k3 = key_of(ledger, "3")
    path = fill(forms["市财政局"], {k3: {STATE: "已完成"}}, out=tmp_path / "c.xlsx")
    preview = plan_merge(ledger, [path])
    row = next(x for x in preview.files[0].rows if x.key == k3)
    assert row.suggested and row.sets_state is None
    row.choice = "unit"
    ledger.apply_merge(preview)
    assert state(ledger, "3") == ("done", None)


def test_a_form_of_another_plan_is_refused(setup, tmp_path, clock):
    ledger, r, forms = setup
    with Ledger(tmp_path / "other.db", clock=clock, actor="x") as other:
        pid = other.import_plan(make_draft("另一个方案", doc_no="另〔2021〕1号", extra_task="另外的任务")).plan_id
        [w, *_] = write_forms(other, tmp_path / "other", plan_ids=[pid])
    preview = plan_merge(ledger, [w.path])
    assert preview.files[0].status == "refused"
    assert preview.files[0].reason[0] == "merge.other_plan"
    with pytest.raises(Exception):
        ledger.apply_merge(preview)


def test_the_same_file_twice_changes_nothing(setup):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成", PROGRESS: "好"}})
    merge(ledger, path)
    notes = len(ledger.notes(ledger.task_by_key(k1).id))
    preview = plan_merge(ledger, [path])
    assert preview.files[0].status == "duplicate"
    assert "合并过" in preview_lines(preview)[0]
    assert len(ledger.notes(ledger.task_by_key(k1).id)) == notes


def test_a_newer_file_supersedes_and_repeats_no_notes(setup, tmp_path):
    ledger, r, forms = setup
    k1, k5 = key_of(ledger, "1"), key_of(ledger, "5")
    first = fill(forms["市卫生健康局"], {k1: {STATE: "推进中", PROGRESS: "已启动。"}}, out=tmp_path / "v1.xlsx")
    merge(ledger, first)
    second = fill(first, {k1: {STATE: "已完成"}, k5: {PROGRESS: "配合完成。"}}, out=tmp_path / "v2.xlsx")
    preview, _ = merge(ledger, second)
    fp = preview.files[0]
    assert fp.supersedes is not None and fp.warnings[0][0] == "merge.supersedes"
    assert state(ledger, "1") == ("done", None)
    assert len(ledger.notes(ledger.task_by_key(k1).id)) == 1  # "已启动。" not noted twice
    subs = ledger.submissions(r.id)
    assert subs[1]["superseded_by"] == subs[0]["id"]
    assert [x for x in ledger.round_returns(r) if x.unit == "市卫生健康局"][0].submission_id == subs[0]["id"]


def test_the_clerk_changed_it_after_the_form_went_out_and_the_unit_did_too(setup):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    ledger.set_state(ledger.task_by_key(k1).id, "na")
    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}})
    preview = plan_merge(ledger, [path])
    row = next(x for x in preview.files[0].rows if x.key == k1)
    assert row.status == "conflict" and preview.undecided()
    assert any("冲突" in line for line in preview_lines(preview))
    ledger.apply_merge(preview)  # undecided: the ledger's state stays
    assert state(ledger, "1") == ("na", None)
    ledger.undo()
    preview = plan_merge(ledger, [path])
    next(x for x in preview.files[0].rows if x.key == k1).choice = "unit"
    ledger.apply_merge(preview)
    assert state(ledger, "1") == ("done", None)


def test_edits_to_locked_columns_are_warnings_never_written(setup):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    text = ledger.task_by_key(k1).text
    path = fill(forms["市卫生健康局"], {k1: {layout.HEADERS["text"]: "改过的任务内容", layout.HEADERS["time_limit"]: "2030年"}})
    preview, _ = merge(ledger, path)
    row = next(x for x in preview.files[0].rows if x.key == k1)
    # the text says which task a row is: changed, the row may be about another one (not written)
    assert row.doubts == [("merge.identity_changed", {"column": "具体要求"})] and row.held
    assert ("merge.locked_changed", {"column": "完成时限"}) in row.notices
    t = ledger.task_by_key(k1)
    assert t.text == text and t.time_limit == "2021年6月底前"


def test_a_form_that_lost_its_metadata_asks_which_unit_and_round(setup, tmp_path):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")

    def strip(wb, ws):
        del wb[layout.META_SHEET]
        wb.custom_doc_props.props.clear()
        for row in ws.iter_rows(min_row=1, max_row=3):
            for c in row:
                if c.value == "市卫生健康局":
                    c.value = None

    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}}, out=tmp_path / "bare.xlsx", edit=strip)
    preview = plan_merge(ledger, [path])
    fp = preview.files[0]
    assert fp.status == "needs_meta" and set(fp.missing) == {"unit", "round"}
    preview = plan_merge(ledger, [path], unit="市卫健局", round_name=r.name)  # an alias will do
    assert preview.files[0].status == "ready" and preview.files[0].unit == "市卫生健康局"
    ledger.apply_merge(preview)
    assert state(ledger, "1") == ("done", None)


def test_an_unmatched_row_waits_for_the_clerk(setup, tmp_path):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")

    def edit(wb, ws):
        head, cols = header_map(ws)
        ws.cell(head + 1, 1).value = "X-1"
        ws.cell(head + 1, cols[layout.HEADERS["text"]]).value = "别的话"

    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}}, out=tmp_path / "u.xlsx", edit=edit)
    preview = plan_merge(ledger, [path])
    fp = preview.files[0]
    row = fp.rows[0]
    assert row.status == "unmatched" and row.task_id is None
    assert [ft.task.key for ft in fp.tasks][0] == k1
    linked = link_row(ledger, fp, row, ledger.task_by_key(k1).id)
    assert linked.status == "changed" and linked.state_after == ("done", None)
    ledger.apply_merge(preview)
    assert state(ledger, "1") == ("done", None)


# ---- rounds -----------------------------------------------------------------------------


def test_rounds_returns_and_the_period_in_an_export(setup, tmp_path, clock):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    assert ledger.current_round() == r
    assert {x.status for x in ledger.round_returns(r)} == {"missing"}
    merge(ledger, fill(forms["市卫生健康局"], {k1: {STATE: "已完成", PROGRESS: "好"}}))
    lines = returns_lines(ledger, r)
    assert "已报 1" in lines[0] and lines[1] == "催报名单："
    changes = ledger.period_changes()
    assert changes[ledger.task_by_key(k1).id].state_before == "todo"
    data = export_to(ledger, "xlsx", lang="zh")
    wb = load_workbook(__import__("io").BytesIO(data))
    ws = wb.worksheets[0] if wb.worksheets[0].title != "汇总" else wb.worksheets[1]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, row in enumerate(values) if "本期进展" in row)
    col = values[head].index("本期进展")
    marked = [row[col] for row in values[head + 1:] if row[col]]
    assert marked == ["未开始 → 已完成；新增进展 1 条"]
    ledger.close_round(r.name)
    assert ledger.current_round() is None
    # closed, the round's period is still the one exports show, and it stays as it closed
    assert ledger.period_changes() == changes
    ledger.set_state(ledger.task_by_key(k1).id, "na")
    assert ledger.period_changes() == changes
    clock.now = clock.now.replace(year=2022, month=1, day=5)
    assert ledger.round(r.name).closed_at
    later = ledger.new_round("2022年第一季度", due="2022-01-01")
    assert {x.status for x in ledger.round_returns(later)} == {"overdue"}
    # the new period starts at the close; the closed one can still be asked for by name
    assert ledger.period_changes()[ledger.task_by_key(k1).id].state_before == "done"
    assert ledger.period_changes(round=r.name) == changes


def test_a_late_return_is_late(ledger, plan_id, tmp_path, clock):
    r = ledger.new_round("十月", due="2021-10-01")
    forms = {w.unit: w.path for w in write_forms(ledger, tmp_path / "f", round_=r)}
    merge(ledger, forms["市财政局"])
    assert {x.unit: x.status for x in ledger.round_returns(r)}["市财政局"] == "late"


def test_a_form_for_a_plan_outside_the_round_is_refused(ledger, plan_id, tmp_path):
    other = ledger.import_plan(make_draft("第二个方案", doc_no="二〔2021〕2号", extra_task="再一项")).plan_id
    r1 = ledger.new_round("一", plan_ids=[plan_id])
    r2 = ledger.new_round("二", plan_ids=[other])
    forms = write_forms(ledger, tmp_path / "f", round_=r1)
    preview = plan_merge(ledger, [forms[0].path], round_name=r2.name)
    assert preview.files[0].status == "refused" and preview.files[0].reason[0] == "merge.plan_outside"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_saved_by_libreoffice_keeps_dropdown_protection_columns_and_merges(setup, tmp_path):
    ledger, r, forms = setup
    k1 = key_of(ledger, "1")
    path = fill(forms["市卫生健康局"], {k1: {STATE: "已完成"}}, out=tmp_path / "in" / "lo.xlsx") \
        if (tmp_path / "in").mkdir() is None else None
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    saved = out / "lo.xlsx"
    wb = load_workbook(saved)
    ws = wb[layout.DATA_SHEET]
    head, cols = header_map(ws)
    assert list(cols)[: len(layout.COLUMNS)] == [layout.HEADERS[c] for c in layout.COLUMNS]
    assert ws.protection.sheet
    assert any(dv.type == "list" for dv in ws.data_validations.dataValidation)
    preview, _ = merge(ledger, saved)
    assert preview.files[0].status == "ready"
    assert state(ledger, "1") == ("done", None)


# ---- the command line -------------------------------------------------------------------


def test_the_commands_round_forms_merge_status(tmp_path, capsys):
    from tui.cli import main

    db = tmp_path / "t.db"
    sample = sorted((Path(__file__).parent.parent / "samples").glob("000_*.txt"))[0]

    def run(*args):
        code = main(["--db", str(db), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out + out.err

    assert run("import", sample)[0] == 0
    code, out = run("round", "new", "2024年第二季度", "--due", "2099-07-15", "--plan", "1")
    assert code == 0 and "2024年第二季度" in out
    assert run("round", "new", "x", "--due", "七月")[1].count("不是日期") == 1
    code, out = run("forms", "-o", tmp_path / "forms")
    assert code == 0 and "已写出反馈表" in out
    files = sorted((tmp_path / "forms").glob("*.xlsx"))
    assert len(files) == int(out.split("已写出反馈表 ")[1].split(" ")[0])
    assert run("forms", "-o", tmp_path / "forms")[0] == 1  # exists, no --force
    lead = next(f for f in files if f.name.startswith("省政府办公厅"))
    with Ledger(db) as led:
        key = next(ft.task.key for u in led.form_units(1) if u.name == "省政府办公厅"
                   for ft in led.form_tasks(1, u.id) if ft.role == "lead")
    fill(lead, {key: {STATE: "已完成", PROGRESS: "已完成。"}})
    code, out = run("merge", lead, "--dry-run")
    assert code == 0 and "未开始 → 已完成" in out and "预览" in out
    with Ledger(db) as led:
        assert led.task_by_key(key).state == "todo"
    code, out = run("merge", lead)
    assert code == 0 and "已合并 1 份反馈表" in out
    code, out = run("status", "--round", "2024年第二季度")
    assert code == 0 and "已报 1" in out and "催报名单" in out and "省政府办公厅" in out
    code, out = run("round", "list")
    assert f"1/{len(files)}" in out
    assert run("round", "close", "2024年第二季度")[0] == 0
    assert run("round", "close", "2024年第二季度")[0] == 1
    code, out = run("merge", tmp_path / "nothing.xlsx")
    assert code == 1 and "读不了" in out
