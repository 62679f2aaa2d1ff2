"""Rounds a lead office can trust (issue 20; issue 23 item 3): the right report wins whatever the
order of merging, nothing lands on the wrong task, nothing is written on doubt, and the round's
outputs count what was sent and when it was filled in.

Each numbered failure of issue 20 (and 23.3) has a test here named after it; the plan is made up
for the purpose (three co-leads on one task, a catch-all, a task with two responsible units)."""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store.drafts import PlanDraft, SectionDraft, TaskDraft
from store.forms import layout
from store.forms.describe import preview_lines
from store.forms.merge import plan_merge
from store.forms.sending import write_forms
from store.ledger import Ledger
from store.round_models import EVERY
from store.usecases import merging
from tests.helpers.forms import fill, header_map, keys_in

STATE = layout.HEADERS["state"]
PROGRESS = layout.HEADERS["progress"]
PROBLEMS = layout.HEADERS["problems"]
DRC, FIN, EDU = "省发展改革委", "省财政厅", "省教育厅"


def trust_draft(title: str = "某省2021年重点工作分工方案", doc_no: str = "某办〔2021〕9号", tag: str = "") -> PlanDraft:
    """Six tasks: 1 lead DRC (FIN supports); 2 led by DRC, FIN and EDU together; 3 addressed only
    to 各地级以上市人民政府; 4 lead FIN; 5 lead EDU (DRC supports); 6 no lead, EDU and FIN
    responsible."""
    def task(no, text, units, **roles):
        return TaskDraft(no=no, text=text + tag, units=units, time_limit="2021年底前", time_limit_kind="year_end",
                         due="2021-12-31", **roles)

    tasks = (
        task("1", "建设政务公开专区。", f"{DRC}牵头，{FIN}配合", lead=(DRC,), support=(FIN,)),
        task("2", "推进政务数据共享。", f"{DRC}、{FIN}、{EDU}牵头", lead=(DRC, FIN, EDU)),
        task("3", "落实政府信息公开年报制度。", "各地级以上市人民政府", responsible=("各地级以上市人民政府",)),
        task("4", "开展政务公开考核评估。", f"{FIN}负责", lead=(FIN,)),
        task("5", "做好政策解读回应。", f"{EDU}牵头，{DRC}配合", lead=(EDU,), support=(DRC,)),
        task("6", "规范政务新媒体。", f"{EDU}、{FIN}", responsible=(EDU, FIN)),
    )
    return PlanDraft(title=title, doc_no=doc_no, issuer="某省人民政府办公厅", year=2021,
                     sections=(SectionDraft("一、", "重点工作", tasks=tasks),))


@pytest.fixture
def plan(ledger) -> int:
    return ledger.import_plan(trust_draft()).plan_id


def key(ledger, no: str, plan_id: int | None = None) -> str:
    return next(t.key for t in ledger.tasks(plan_id=plan_id) if t.no == no)


def state(ledger, no: str, plan_id: int | None = None):
    t = next(t for t in ledger.tasks(plan_id=plan_id) if t.no == no)
    return t.state, t.flag


def forms_of(ledger, r, folder: Path, **kw) -> dict[str, Path]:
    return {w.unit: w.path for w in write_forms(ledger, folder, round_=r, **kw)}


def merge(ledger, *paths, **kw):
    preview = plan_merge(ledger, paths, **kw)
    return preview, ledger.apply_merge(preview)


def ledger_content(ledger) -> tuple:
    """What a merge leaves: states, notes (not their times), submissions standing or not."""
    tasks = tuple((t.key, t.state, t.flag) for t in ledger.tasks())
    notes = sorted((ledger.task(n.task_id).key, n.unit or "", n.author or "", n.text)
                   for t in ledger.tasks() for n in ledger.notes(t.id))
    subs = sorted((s["file_name"], s["superseded_by"] is None) for s in ledger.submissions())
    return tasks, tuple(notes), tuple(subs)


# ---- 1. An older form overwrites a newer state --------------------------------------------------


def test_1_an_older_rounds_form_merged_after_a_newer_one_changes_no_state(ledger, plan, tmp_path, clock):
    k1 = key(ledger, "1")
    q3 = ledger.new_round("第三季度", due="2021-10-31")
    old = fill(forms_of(ledger, q3, tmp_path / "q3")[DRC], {k1: {STATE: "推进中", PROGRESS: "专区在建。"}},
               date="2021-10-10", out=tmp_path / "q3.xlsx")
    ledger.close_round(q3.name)
    q4 = ledger.new_round("第四季度", due="2022-01-15")
    new = fill(forms_of(ledger, q4, tmp_path / "q4")[DRC], {k1: {STATE: "已完成", PROGRESS: "专区上线。"}},
               date="2021-10-12", out=tmp_path / "q4.xlsx")
    merge(ledger, new)
    assert state(ledger, "1") == ("done", None)
    preview, result = merge(ledger, old)  # the closed round's form, merged second
    assert state(ledger, "1") == ("done", None) and result.states == 0
    row = next(r for r in preview.files[0].rows if r.task_key == k1)
    assert row.overruled == ("merge.older_round", {"round": "第四季度"})
    assert "轮次“第四季度”的反馈较新" in "\n".join(preview_lines(preview, details=True))
    # its words are kept, marked with their round (and its word, which was not taken)
    texts = [n.text for n in ledger.notes(ledger.task_by_key(k1).id)]
    assert "（第三季度反馈）\n完成情况：推进中\n进展情况：专区在建。" in texts


def test_1_two_versions_in_one_folder_merge_in_one_go_and_the_newer_wins(ledger, plan, tmp_path):
    k1, k5 = key(ledger, "1"), key(ledger, "5")
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[DRC]
    folder = tmp_path / "back"
    folder.mkdir()
    # the 更正版 is the newer by its date, though its file is older on disk and sorts first
    fixed = fill(sent, {k1: {STATE: "已完成", PROGRESS: "已上线。"}}, date="2021年10月12日",
                 out=folder / "1-发改委-更正版.xlsx")
    first = fill(sent, {k1: {STATE: "推进中", PROGRESS: "在建。"}, k5: {PROGRESS: "配合解读。"}},
                 date="2021-10-08", out=folder / "2-发改委-第1版.xlsx")
    os.utime(fixed, (1_600_000_000, 1_600_000_000))
    preview, result = merge(ledger, *merging.files_of([folder]))
    assert [f.status for f in preview.files] == ["ready", "ready"]
    assert state(ledger, "1") == ("done", None)
    older = next(f for f in preview.files if f.path == first)
    assert older.newer is not None and older.newer.path == fixed
    assert any(code == "merge.older_version" for code, _ in older.warnings)
    subs = {s["file_name"]: s for s in ledger.submissions(r.id)}
    assert subs[first.name]["superseded_by"] == subs[fixed.name]["id"]
    assert subs[fixed.name]["superseded_by"] is None
    returned = [x for x in ledger.round_returns(r) if x.unit == DRC][0]
    assert returned.submission_id == subs[fixed.name]["id"]
    both = ledger_content(ledger)
    ledger.undo()
    assert state(ledger, "1") == ("todo", None)
    # one at a time, in either order: the same ledger
    for order in ((first, fixed), (fixed, first)):
        for path in order:
            merge(ledger, path)
        assert ledger_content(ledger) == both, order
        for _ in order:
            ledger.undo()


def test_1_the_date_on_the_form_decides_not_the_order_nor_the_file_time(ledger, plan, tmp_path):
    k4 = key(ledger, "4")
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    later = fill(sent, {k4: {STATE: "滞后"}}, date="2021-10-14", out=tmp_path / "a.xlsx")
    earlier = fill(sent, {k4: {STATE: "已完成"}}, date="2021-10-09", out=tmp_path / "b.xlsx")  # saved last
    merge(ledger, later)
    preview, _ = merge(ledger, earlier)
    assert state(ledger, "4") == ("doing", "滞后")
    assert preview.files[0].reported_on == "2021-10-09" and preview.files[0].reported_from == "form"
    assert preview.files[0].superseded_by is not None


# ---- 2. States land on the wrong tasks --------------------------------------------------------


def test_2_a_drag_filled_id_column_is_matched_by_text_and_number(ledger, plan, tmp_path):
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    keys = keys_in(sent)
    assert [ledger.task_by_key(k).no for k in keys] == ["1", "2", "4", "6"]

    def drag_fill(wb, ws):
        head, cols = header_map(ws)
        for i, row in enumerate(range(head + 1, ws.max_row + 1), 1):
            ws.cell(row, cols[layout.HEADERS["key"]]).value = i  # 1, 2, 3, 4: P1-0003 is task 3

    words = dict(zip(keys, ("已完成", "推进中", "已完成", "滞后")))
    path = fill(sent, {k: {STATE: w, PROGRESS: f"第{i}行"} for i, (k, w) in enumerate(words.items())},
                out=tmp_path / "drag.xlsx", edit=drag_fill)
    before3 = state(ledger, "3")
    preview, _ = merge(ledger, path)
    rows = preview.files[0].rows
    assert [r.task_key for r in rows] == keys  # every row on its own task
    assert all(("merge.key_renumbered", {"value": str(i)}) in r.notices for i, r in enumerate(rows, 1))
    assert state(ledger, "4") == ("done", None)  # FIN leads 4: its 已完成 lands on 4, not on 3
    assert state(ledger, "3") == before3
    assert ledger.notes(ledger.task_by_key(key(ledger, "3")).id) == []
    assert "像是拖动填充的序号" in "\n".join(preview_lines(preview, details=True))


def test_2_a_renumbered_序号_column_is_shown_and_the_rows_still_land(ledger, plan, tmp_path):
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    keys = keys_in(sent)

    def renumber(both):
        def edit(wb, ws):
            head, cols = header_map(ws)
            for i, row in enumerate(range(head + 1, ws.max_row + 1), 1):
                ws.cell(row, cols[layout.HEADERS["no"]]).value = i
                if both:
                    ws.cell(row, cols[layout.HEADERS["key"]]).value = None
        return edit

    for both in (False, True):
        path = fill(sent, {k: {STATE: "已完成"} for k in keys}, out=tmp_path / f"no{both}.xlsx", edit=renumber(both))
        preview = plan_merge(ledger, [path])
        rows = preview.files[0].rows
        assert [r.task_key for r in rows] == keys and not any(r.doubtful for r in rows)
        assert ("merge.locked_changed", {"column": "序号"}) in rows[2].notices  # task 4 numbered 3


def test_2_a_row_whose_key_and_text_disagree_is_doubtful_and_not_written(ledger, plan, tmp_path):
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    k1, k4 = key(ledger, "1"), key(ledger, "4")

    def swap_keys(wb, ws):  # keys sorted on their own: row of task 1 now says P…4 and so on
        head, cols = header_map(ws)
        kc = cols[layout.HEADERS["key"]]
        cells = [ws.cell(row, kc) for row in range(head + 1, ws.max_row + 1)]
        values = [c.value for c in cells]
        for c, v in zip(cells, reversed(values)):
            c.value = v

    path = fill(sent, {k1: {STATE: "已完成"}, k4: {STATE: "滞后"}}, out=tmp_path / "sorted.xlsx", edit=swap_keys)
    preview = plan_merge(ledger, [path])
    held = [r for r in preview.files[0].rows if r.held]
    assert {c for r in held for c, _ in r.doubts} == {"merge.key_text_differ"}
    assert preview.counts()["doubtful"] == len(held) >= 2
    ledger.apply_merge(preview)
    assert state(ledger, "4") == ("todo", None) and state(ledger, "1") == ("todo", None)
    assert all(ledger.notes(t.id) == [] for t in ledger.tasks())
    ledger.undo()
    # confirmed, the rows are written as their keys say
    preview = plan_merge(ledger, [path])
    assert merging.confirm_doubtful(preview) == len(held)
    ledger.apply_merge(preview)
    # the row of task 4's text carries task 2's key now, the row of task 1's text task 6's
    assert state(ledger, "2") == ("doing", "滞后") and state(ledger, "6") == ("done", None)
    assert state(ledger, "4") == ("todo", None) and state(ledger, "1") == ("todo", None)


# ---- 3. Co-lead disagreement is settled by file order ------------------------------------------


def _coleads(ledger, tmp_path):
    r = ledger.new_round("第四季度", due="2021-12-31")
    forms = forms_of(ledger, r, tmp_path / "sent")
    k2 = key(ledger, "2")
    words = {DRC: "已完成", FIN: "推进中", EDU: "滞后"}
    return r, k2, {u: fill(forms[u], {k2: {STATE: w, PROGRESS: f"{u}的进展"}}, out=tmp_path / f"{u}.xlsx")
                   for u, w in words.items()}


def test_3_co_leads_who_disagree_settle_nothing_in_any_order(ledger, plan, tmp_path):
    r, k2, files = _coleads(ledger, tmp_path)
    results = set()
    for order in itertools.permutations(files.values()):
        for path in order:
            merge(ledger, path)
        results.add(ledger_content(ledger))
        assert state(ledger, "2") == ("todo", None), order  # the clerk's, until the clerk picks
        notes = {n.unit: n.text for n in ledger.notes(ledger.task_by_key(k2).id)}
        assert notes == {u: f"完成情况：{w}\n进展情况：{u}的进展" for u, w in
                         (("省发展改革委", "已完成"), ("省财政厅", "推进中"), ("省教育厅", "滞后"))}
        for _ in order:
            ledger.undo()
    preview, _ = merge(ledger, *files.values())  # all at once
    results.add(ledger_content(ledger))
    assert len(results) == 1
    [d] = [d for d in preview.disagreements if d["open"]]
    assert {u for u, *_ in d["reports"]} == {DRC, FIN, EDU} and d["kept"] == ("todo", None)
    assert "牵头单位所报不一" in "\n".join(preview_lines(preview))


def test_3_the_clerk_picks_a_side_in_the_preview_and_on_the_command_line(ledger, plan, tmp_path):
    r, k2, files = _coleads(ledger, tmp_path)
    preview = plan_merge(ledger, list(files.values()))
    d = preview.open_disputes()[0]
    fin = next(uid for u, _, _, uid in d["reports"] if u == FIN)
    merging.choose(preview, d["task_id"], fin)
    assert not preview.open_disputes()
    ledger.apply_merge(preview)
    assert state(ledger, "2") == ("doing", None)
    ledger.undo()
    preview = plan_merge(ledger, list(files.values()))
    merging.choose_named(preview, f"{k2}={EDU}")
    ledger.apply_merge(preview)
    assert state(ledger, "2") == ("doing", "滞后")


def test_3_a_late_co_lead_undoes_a_state_set_by_the_first(ledger, plan, tmp_path):
    r, k2, files = _coleads(ledger, tmp_path)
    merge(ledger, files[DRC])
    assert state(ledger, "2") == ("done", None)  # the only lead heard so far
    preview, _ = merge(ledger, files[FIN])
    assert state(ledger, "2") == ("todo", None)  # back to the clerk's: the leads disagree
    row = next(r for r in preview.files[0].rows if r.task_key == k2)
    assert row.via == "revert" and "恢复为原来的状态" in "\n".join(preview_lines(preview, details=True))


# ---- 5. A hand-changed 填报单位 --------------------------------------------------------------


def test_5_a_changed_reporting_unit_is_flagged(ledger, plan, tmp_path):
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    k4 = key(ledger, "4")
    renamed = fill(sent, {k4: {STATE: "已完成"}}, unit="省财政厅（国库处）", out=tmp_path / "a.xlsx")
    preview = plan_merge(ledger, [renamed])
    assert ("merge.unit_changed", {"sent": FIN, "now": "省财政厅（国库处）"}) in preview.files[0].warnings
    assert "填报单位由“省财政厅”改为“省财政厅（国库处）”" in "\n".join(preview_lines(preview))
    assert not any(r.held for r in preview.files[0].rows)
    other = fill(sent, {k4: {STATE: "已完成"}}, unit=EDU, out=tmp_path / "b.xlsx")
    preview = plan_merge(ledger, [other])
    assert preview.files[0].warnings[0][0] == "merge.unit_changed_other"
    assert all(r.held for r in preview.files[0].rows)
    ledger.apply_merge(preview)
    assert state(ledger, "4") == ("todo", None)


# ---- 6. Round outputs ---------------------------------------------------------------------


def test_6_late_is_judged_by_the_date_filled_in_not_the_merge(ledger, plan, tmp_path, clock):
    r = ledger.new_round("十月", due="2021-10-10")
    forms = forms_of(ledger, r, tmp_path / "sent")
    assert ledger.today() > r.due  # merged after the due date
    merge(ledger, fill(forms[DRC], {}, date="2021-10-08", out=tmp_path / "a.xlsx"))
    merge(ledger, fill(forms[FIN], {}, date="2021-10-12", out=tmp_path / "b.xlsx"))
    plan_merge_ = plan_merge(ledger, [fill(forms[EDU], {}, out=tmp_path / "c.xlsx")], received="2021-10-09")
    assert plan_merge_.files[0].reported_from == "received"
    ledger.apply_merge(plan_merge_)
    status = {x.unit: x.status for x in ledger.round_returns(r)}
    assert status == {DRC: "returned", FIN: "late", EDU: "returned"}


def test_6_only_units_sent_a_form_are_expected(ledger, plan, tmp_path):
    r = ledger.new_round("十月", due="2021-10-01")
    assert {x.unit for x in ledger.round_returns(r)} == {DRC, FIN, EDU}  # nothing sent yet
    write_forms(ledger, tmp_path / "f", round_=r, units=[DRC, FIN])
    returns = ledger.round_returns(r)
    assert {x.unit for x in returns} == {DRC, FIN} and {x.status for x in returns} == {"overdue"}


def test_6_the_period_of_a_closed_round_is_exported_and_kept(ledger, plan, tmp_path, capsys, monkeypatch):
    from store.exporting import export_to

    r = ledger.new_round("十月", due="2021-10-31")
    k4 = key(ledger, "4")
    merge(ledger, fill(forms_of(ledger, r, tmp_path / "f")[FIN], {k4: {STATE: "已完成", PROGRESS: "好"}}))
    ledger.close_round(r.name)
    ledger.set_state(ledger.task_by_key(k4).id, "na")  # after the close: not the closed period's

    def period_column(data):
        wb = load_workbook(__import__("io").BytesIO(data))
        for ws in wb.worksheets:
            values = [[c.value for c in row] for row in ws.iter_rows()]
            for i, row in enumerate(values):
                if "本期进展" in row:
                    col = row.index("本期进展")
                    return [x[col] for x in values[i + 1:] if x[col]]
        return None

    assert period_column(export_to(ledger, "xlsx")) == ["未开始 → 已完成；新增进展 1 条"]
    ledger.new_round("十一月")
    assert period_column(export_to(ledger, "xlsx", round=r.name)) == ["未开始 → 已完成；新增进展 1 条"]
    from tui.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    out = tmp_path / "r.xlsx"
    assert main(["--db", str(ledger.path), "export", "-f", "xlsx", "--round", r.name, "-o", str(out)]) == 0
    assert period_column(out.read_bytes()) == ["未开始 → 已完成；新增进展 1 条"]


# ---- 7. Forms go to nearly everyone ----------------------------------------------------------


def test_7_catch_all_tasks_go_on_forms_only_where_the_round_says(ledger, plan, tmp_path):
    k3 = key(ledger, "3")
    plain = ledger.new_round("一", due="2021-12-31")
    forms = forms_of(ledger, plain, tmp_path / "plain")
    assert set(forms) == {DRC, FIN, EDU}  # the catch-all gets no form
    assert all(k3 not in keys_in(p) for p in forms.values())
    wide = ledger.new_round("二", due="2021-12-31", catch_alls=["各地级以上市人民政府"])
    assert wide.catch_alls == ("各地级以上市人民政府",)
    forms = forms_of(ledger, wide, tmp_path / "wide")
    assert all(k3 in keys_in(p) for p in forms.values())
    ws = load_workbook(forms[EDU])[layout.DATA_SHEET]
    head, cols = header_map(ws)
    role = {ws.cell(r_, 1).value: ws.cell(r_, cols[layout.HEADERS["role"]]).value for r_ in range(head + 1, ws.max_row + 1)}
    assert role[k3] == "各地级以上市人民政府（统一要求）" and role[key(ledger, "5")] == "牵头"
    assert ledger.new_round("三", catch_alls=[EVERY]).catch_alls == (EVERY,)


def test_7_suggested_states_are_taken_in_bulk_by_file_unit_or_all(ledger, plan, tmp_path):
    k3 = key(ledger, "3")
    r = ledger.new_round("二", due="2021-12-31", catch_alls=["各地级以上市人民政府"])
    forms = forms_of(ledger, r, tmp_path / "f")
    files = [fill(forms[u], {k3: {STATE: "已完成"}}, out=tmp_path / f"{u}.xlsx") for u in (DRC, FIN)]
    preview = plan_merge(ledger, files)
    assert preview.counts()["suggested"] == 2
    assert merging.accept_suggested(preview, FIN) == 1 and preview.counts()["suggested"] == 1
    assert merging.accept_suggested(preview, files[0].name) == 1
    ledger.apply_merge(preview)
    assert state(ledger, "3") == ("done", None)
    ledger.undo()
    preview = plan_merge(ledger, files)
    assert merging.accept_suggested(preview) == 2


# ---- issue 23.3: a forged form writes notes into another plan -----------------------------------


def test_23_3_a_form_forged_to_point_at_another_plan_writes_nothing_unconfirmed(ledger, plan, tmp_path):
    other = ledger.import_plan(trust_draft("另一个方案", "另办〔2021〕1号", tag="（另）")).plan_id
    r = ledger.new_round("第四季度", due="2021-12-31")  # both plans
    sent = {(w.plan_id, w.unit): w.path for w in write_forms(ledger, tmp_path / "sent", round_=r)}
    target = ledger.plan(other)
    keys2 = {t.no: t.key for t in ledger.tasks(plan_id=other)}
    # DRC's form of the first plan, its hidden sheet edited to say the other plan, and its keys
    # pointed at that plan's tasks 4, 6 and 3: none of them on any form DRC was sent
    forged_keys = iter([keys2["4"], keys2["6"], keys2["3"]])

    def forge(wb, ws):
        meta = wb[layout.META_SHEET]
        for row in meta.iter_rows():
            if row[0].value == "plan_sha256":
                row[1].value = target.sha256
            if row[0].value == "plan_id":
                row[1].value = str(other)
        head, cols = header_map(ws)
        for row in range(head + 1, ws.max_row + 1):
            ws.cell(row, cols[layout.HEADERS["key"]]).value = next(forged_keys)
            ws.cell(row, cols[layout.HEADERS["no"]]).value = None
            ws.cell(row, cols[layout.HEADERS["text"]]).value = None
            ws.cell(row, cols[STATE]).value = "已完成"
            ws.cell(row, cols[PROGRESS]).value = "伪造的进展"

    path = fill(sent[(plan, DRC)], {}, out=tmp_path / "forged.xlsx", edit=forge)
    preview = plan_merge(ledger, [path])
    fp = preview.files[0]
    assert fp.status == "ready" and fp.plan_id == other and len(fp.rows) == 3
    assert all(r.held and r.one_by_one for r in fp.rows)
    assert merging.confirm_doubtful(preview) == 0  # never in bulk
    assert "须逐行确认" in "\n".join(preview_lines(preview, details=True))
    ledger.apply_merge(preview)
    assert all(ledger.notes(t.id) == [] and t.state == "todo" for t in ledger.tasks(plan_id=other))
    ledger.undo()
    # confirmed one by one (here: one row, through an answers file), that row alone is written
    preview = plan_merge(ledger, [path])
    answers = tmp_path / "answers.toml"
    merging.write_answers(preview, answers)
    text = answers.read_text(encoding="utf-8")
    assert "不在发给该单位的反馈表上" in text and text.count("confirm = false") == 3
    line = next(r.line for r in preview.files[0].rows if r.task_key == keys2["4"])
    answers.write_text(f'[[confirm]]\nfile = "{path.name}"\nline = {line}\n', encoding="utf-8")
    merging.apply_answers(preview, answers)
    ledger.apply_merge(preview)
    assert [t.no for t in ledger.tasks(plan_id=other) if ledger.notes(t.id)] == ["4"]


# ---- the command line -------------------------------------------------------------------


def test_the_command_line_holds_doubt_and_takes_answers(ledger, plan, tmp_path, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    db = str(ledger.path)
    r = ledger.new_round("二", due="2021-12-31", catch_alls=["各地级以上市人民政府"])
    forms = forms_of(ledger, r, tmp_path / "f")
    k2, k3, k4 = key(ledger, "2"), key(ledger, "3"), key(ledger, "4")
    fin = fill(forms[FIN], {k2: {STATE: "已完成"}, k3: {STATE: "已完成"}, k4: {STATE: "已完成"}},
               out=tmp_path / "fin.xlsx", unit=EDU)  # 填报单位 changed to another unit: all doubtful
    edu = fill(forms[EDU], {k2: {STATE: "推进中"}}, out=tmp_path / "edu.xlsx")

    def run(*args):
        code = main(["--db", db, *map(str, args)])
        out = capsys.readouterr()
        return code, out.out + out.err

    code, out = run("merge", fin, edu, "--dry-run")
    assert code == 0 and "存疑" in out and "--accept-doubtful" in out
    code, out = run("merge", fin, edu, "--accept-doubtful", "--accept-suggested", FIN, "--choose", f"{k2}={FIN}")
    assert code == 0 and "已合并 2 份反馈表" in out
    with Ledger(db) as led:
        assert state(led, "4") == ("done", None) and state(led, "3") == ("done", None)
        assert state(led, "2") == ("done", None)


# ---- merging the same files in any order gives the same ledger (property) -----------------------


@pytest.fixture(scope="module")
def order_case(tmp_path_factory):
    """A ledger with two rounds and the files of both: (db, [files])."""
    from tests.conftest import TickingClock

    folder = tmp_path_factory.mktemp("orders")
    db = folder / "base.db"
    with Ledger(db, clock=TickingClock(), actor="tester") as ledger:
        ledger.import_plan(trust_draft())
        k = {t.no: t.key for t in ledger.tasks()}
        q3 = ledger.new_round("第三季度", due="2021-10-31", catch_alls=[EVERY])
        f3 = forms_of(ledger, q3, folder / "q3")
        ledger.close_round(q3.name)
        q4 = ledger.new_round("第四季度", due="2022-01-15", catch_alls=[EVERY])
        f4 = forms_of(ledger, q4, folder / "q4")
        ledger.checkpoint()
    files = [
        fill(f3[DRC], {k["1"]: {STATE: "已完成"}, k["2"]: {STATE: "推进中", PROGRESS: "三季度"}}, date="2021-09-30",
             out=folder / "q3-drc.xlsx"),
        fill(f4[DRC], {k["1"]: {STATE: "滞后", PROBLEMS: "经费"}, k["2"]: {STATE: "已完成"}, k["5"]: {PROGRESS: "配合"}},
             date="2021-10-08", out=folder / "q4-drc-v1.xlsx"),
        fill(f4[DRC], {k["1"]: {STATE: "推进中"}, k["5"]: {PROGRESS: "配合"}}, date="2021-10-12",
             out=folder / "q4-drc-v2.xlsx"),
        fill(f4[FIN], {k["2"]: {STATE: "已完成"}, k["4"]: {STATE: "已完成"}, k["6"]: {STATE: "推进中"},
                       k["3"]: {STATE: "已完成"}}, date="2021-10-09", out=folder / "q4-fin.xlsx"),
        fill(f4[EDU], {k["2"]: {STATE: "滞后"}, k["5"]: {STATE: "已完成"}, k["6"]: {STATE: "已完成"}},
             date="2021-10-10", out=folder / "q4-edu.xlsx"),
        # EDU's first version, older by its date: its 推进中 on 5 never wins; a row whose key
        # was overwritten with task 6's (text still 5's) is doubtful and written in no order
        fill(f4[EDU], {k["5"]: {STATE: "推进中", PROGRESS: "初稿"}}, date="2021-10-05",
             out=folder / "q4-edu-v0.xlsx", edit=lambda wb, ws: _overwrite_key(ws, k["3"], k["6"])),
    ]
    return db, files


def _overwrite_key(ws, old: str, new: str) -> None:
    head, cols = header_map(ws)
    for row in range(head + 1, ws.max_row + 1):
        cell = ws.cell(row, cols[layout.HEADERS["key"]])
        if cell.value == old:
            cell.value = new
            ws.cell(row, cols[STATE]).value = "已完成"


def _merge_in_groups(db: Path, work: Path, groups) -> tuple:
    from tests.conftest import TickingClock

    copy = work / "ledger.db"
    shutil.copyfile(db, copy)
    with Ledger(copy, clock=TickingClock(), actor="tester") as ledger:
        for group in groups:
            merge(ledger, *group)
        return ledger_content(ledger)


def test_any_order_or_one_folder_gives_the_same_ledger(order_case, tmp_path_factory):
    from hypothesis import given, settings, strategies as st

    db, files = order_case
    expected = _merge_in_groups(db, tmp_path_factory.mktemp("folder"), [files])
    tasks = dict((k, (s, f)) for k, s, f in expected[0])
    assert tasks["P1-0001"] == ("doing", None)  # q4's newer version beats its v1 and q3
    assert tasks["P1-0002"] == ("doing", None)  # q4's leads disagree: what q3 decided stands
    assert tasks["P1-0004"] == ("done", None) and tasks["P1-0005"] == ("done", None)
    assert tasks["P1-0006"] == ("todo", None)  # two responsible units disagree
    notes = [(key_, unit, text) for key_, unit, _, text in expected[1]]
    assert notes.count(("P1-0005", DRC, "进展情况：配合")) == 1  # said in two versions, noted once
    assert not any("初稿" not in text and key_ == "P1-0006" and unit == EDU and "已完成" in text
                   for key_, unit, text in notes if "（" in text)

    @settings(max_examples=40, deadline=None, derandomize=True)
    @given(st.permutations(range(len(files))), st.integers(min_value=1, max_value=len(files)))
    def check(order, cut):
        ordered = [files[i] for i in order]
        groups = [ordered[:cut], ordered[cut:]] if cut < len(files) else [[f] for f in ordered]
        got = _merge_in_groups(db, tmp_path_factory.mktemp("perm"), [g for g in groups if g])
        assert got == expected

    check()


def test_6_status_after_forms_for_two_units_lists_those_two(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    db = tmp_path / "t.db"
    shutil.copyfile(Path(__file__).parent.parent / "sample.db", db)

    def run(*args):
        code = main(["--db", str(db), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out + out.err

    assert run("round", "new", "十月", "--due", "2021-10-01")[0] == 0
    code, out = run("forms", "--round", "十月", "--unit", "省政府办公厅", "--unit", "商务厅", "-o", tmp_path / "f")
    assert code == 0
    code, out = run("status", "--round", "十月")
    assert code == 0 and "逾期未报 2" in out, out  # not the 111 units the plans name
    assert "省政府办公厅" in out and "商务厅" in out and "省财政厅" not in out


def test_submission_rows_give_the_newest_report_by_date_and_the_bulletin_says_its_words(ledger, plan, tmp_path):
    from store.exporting.bulletin import gather

    k4 = key(ledger, "4")
    r = ledger.new_round("第四季度", due="2021-12-31")
    sent = forms_of(ledger, r, tmp_path / "sent")[FIN]
    newer = fill(sent, {k4: {STATE: "推进中", PROBLEMS: "资金已到位，进度加快"}}, date="2021-10-12", out=tmp_path / "v2.xlsx")
    older = fill(sent, {k4: {STATE: "滞后", PROBLEMS: "资金未到位"}}, date="2021-10-06", out=tmp_path / "v1.xlsx")
    merge(ledger, newer)
    merge(ledger, older)  # merged last, filled in first
    [sub] = ledger.submission_rows(r.id)
    assert sub["file_name"] == "v2.xlsx" and sub["reported_on"] == "2021-10-12"
    row = next(x for x in sub["rows"] if x["task_key"] == k4)
    assert row["word"] == "推进中" and "资金已到位" in row["note"]
    b = gather(ledger, r)
    [(unit, by_plan)] = b.problems
    assert unit == FIN and [s.text for s in by_plan[0][1]] == ["资金已到位，进度加快"]
    assert state(ledger, "4") == ("doing", None)


def test_a_form_written_before_its_tasks_were_kept_merges_its_catch_all_rows(ledger, plan, tmp_path):
    import sqlite3
    from dataclasses import replace

    k3 = key(ledger, "3")
    r = ledger.new_round("旧轮次", due="2021-12-31")
    # as an earlier taizhang wrote them: every catch-all's tasks on every form, no task list kept
    sent = forms_of(ledger, replace(r, catch_alls=(EVERY,)), tmp_path / "f")
    with sqlite3.connect(ledger.path) as raw:
        raw.execute("UPDATE forms SET task_ids = NULL")
    path = fill(sent[FIN], {k3: {STATE: "已完成", PROGRESS: "已公开"}}, out=tmp_path / "fin.xlsx")
    preview = plan_merge(ledger, [path])
    row = next(r_ for r_ in preview.files[0].rows if r_.task_key == k3)
    assert not row.doubtful and row.suggested  # on the form it was sent: a suggestion, as before
