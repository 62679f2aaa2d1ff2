"""Issue 19 item 5: unit names joined as one body, and whether the catch-alls count as mine.

A plan made up here names one bureau two ways (区教育局 and 教育局, as plans do); joined, it is
one unit in the filters, the overview, the forms, the 催报名单 and the merge of a returned form;
parted, two again; each step a change-set that undo and redo take back.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TickingClock
from store.drafts import PlanDraft, SectionDraft, TaskDraft
from store.filtering import TaskFilter
from store.forms.merge import plan_merge
from store.forms.sending import write_forms
from store.ledger import Ledger
from store.unitnames import DEFAULT_CATCH_ALLS
from store.usecases.units import catch_alls_count, mine_names, set_catch_alls_count
from tests.helpers.forms import fill, keys_in

ROOT = Path(__file__).resolve().parent.parent


def t(no, text, units, lead=(), support=(), responsible=()):
    return TaskDraft(no=no, text=text, units=units, lead=tuple(lead), support=tuple(support),
                     responsible=tuple(responsible))


def two_names() -> PlanDraft:
    return PlanDraft(title="某区教育工作要点分工方案", sha256="1" * 64, sections=(
        SectionDraft("一、", "办好人民满意的教育", tasks=(
            t("1", "新建改建公办幼儿园。", "区教育局牵头", lead=["区教育局"]),
            t("2", "推进义务教育优质均衡发展。", "教育局牵头，区财政局配合", lead=["教育局"], support=["区财政局"]),
            t("3", "落实教师减负清单。", "区财政局牵头，教育局配合", lead=["区财政局"], support=["教育局"]),
            t("4", "做好校园安全工作。", "各单位", responsible=["各单位"]),
        )),
    ))


@pytest.fixture
def joined(ledger):
    plan_id = ledger.import_plan(two_names()).plan_id
    ids = {u.name: u.id for u in ledger.units()}
    return plan_id, ids


def form_names(ledger, plan_id):
    return [u.name for u in ledger.form_units(plan_id, DEFAULT_CATCH_ALLS)]


def nos(ledger, ids):
    return sorted(ledger.task(i).no for i in ids)


def test_joined_names_are_one_unit_everywhere_and_parted_two_again(ledger, joined):
    plan_id, ids = joined
    edu, short = ids["区教育局"], ids["教育局"]
    assert form_names(ledger, plan_id) == ["区教育局", "区财政局", "教育局"]
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=("区教育局",)))) == ["1"]
    lead_rows = {u.name: p.total for u, p in ledger.unit_progress("lead")}
    assert lead_rows["区教育局"] == 1 and lead_rows["教育局"] == 1

    cs = ledger.join_units([short], edu)
    assert ledger.describe(cs) == ("change.units_join", {"names": "教育局", "into": "区教育局", "count": 1})
    # the filter: either name finds the tasks of both
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=("区教育局",)))) == ["1", "2", "3"]
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=("教育局",)))) == ["1", "2", "3"]
    scope = ledger.filter_scope(TaskFilter(query="区教育局"))
    assert nos(ledger, scope.task_ids) == ["1", "2", "3"]
    # the overview: one row, under the name kept
    lead_rows = {u.name: p.total for u, p in ledger.unit_progress("lead")}
    assert lead_rows["区教育局"] == 2 and "教育局" not in lead_rows
    assert nos(ledger, ledger.unit_task_ids(edu, role="lead")) == ["1", "2"]
    # the forms: one where there were two, with the tasks of both
    assert form_names(ledger, plan_id) == ["区教育局", "区财政局"]
    [unit] = [u for u in ledger.form_units(plan_id, DEFAULT_CATCH_ALLS) if u.name == "区教育局"]
    assert unit.id == edu and unit.tasks == 3
    roles = {ft.task.no: ft.role for ft in ledger.form_tasks(plan_id, edu, DEFAULT_CATCH_ALLS)}
    assert roles == {"1": "lead", "2": "lead", "3": "support", "4": "responsible"}
    assert ledger.form_unit_id(plan_id, {short}, DEFAULT_CATCH_ALLS) == edu
    # the listing: sorted by pinyin, the joined name pointing at the name kept
    listing = {e.name: e for e in ledger.unit_listing()}
    assert listing["教育局"].same_as == edu and listing["区教育局"].group_tasks == 3
    # parted again: two units, as before
    ledger.split_unit(short)
    assert form_names(ledger, plan_id) == ["区教育局", "区财政局", "教育局"]
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=("区教育局",)))) == ["1"]


def test_joining_is_undone_and_redone(ledger, joined):
    _, ids = joined
    ledger.join_units([ids["教育局"]], ids["区教育局"])
    undone = ledger.undo()
    assert ledger.describe(ledger.changeset(undone.target_id))[0] == "change.units_join"
    assert {e.name: e.same_as for e in ledger.unit_listing()}["教育局"] is None
    ledger.redo()
    assert {e.name: e.same_as for e in ledger.unit_listing()}["教育局"] == ids["区教育局"]


def test_joining_a_group_into_another_keeps_one_step_to_the_name_kept(ledger, joined):
    _, ids = joined
    ledger.join_units([ids["教育局"]], ids["区教育局"])
    ledger.join_units([ids["区教育局"]], ids["区财政局"])  # a whole group comes along
    same = {e.name: e.same_as for e in ledger.unit_listing()}
    assert same["教育局"] == same["区教育局"] == ids["区财政局"] and same["区财政局"] is None
    assert ledger.join_units([ids["教育局"]], ids["区财政局"]) is None  # one already
    ledger.split_unit(ids["区财政局"])  # the name kept lets every name go
    assert all(e.same_as is None for e in ledger.unit_listing())


def test_the_chase_list_and_a_returned_form_follow_the_join(ledger, joined, tmp_path):
    plan_id, ids = joined
    r = ledger.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id])
    before = [x.unit for x in ledger.round_returns(r, DEFAULT_CATCH_ALLS)]
    assert sorted(before) == ["区教育局", "区财政局", "教育局"]
    ledger.join_units([ids["教育局"]], ids["区教育局"])
    assert sorted(x.unit for x in ledger.round_returns(r, DEFAULT_CATCH_ALLS)) == ["区教育局", "区财政局"]
    written = {w.unit: w.path for w in write_forms(ledger, tmp_path / "forms", round_=r,
                                                   catch_alls=DEFAULT_CATCH_ALLS)}
    assert sorted(written) == ["区教育局", "区财政局"]
    keys = keys_in(written["区教育局"])
    assert len(keys) == 4  # its tasks under both names, and the catch-all's
    fill(written["区教育局"], {keys[1]: {"完成情况": "已完成"}})
    preview = plan_merge(ledger, [written["区教育局"]], catch_alls=DEFAULT_CATCH_ALLS)
    [fp] = preview.files
    assert fp.unit_id == ids["区教育局"] and fp.status == "ready"
    ledger.apply_merge(preview)
    assert ledger.task_by_key(keys[1]).state == "done"  # task 2, named 教育局 in the plan
    returns = {x.unit: x.status for x in ledger.round_returns(r, DEFAULT_CATCH_ALLS)}
    assert returns == {"区教育局": "returned", "区财政局": "missing"}


def test_catch_alls_count_as_mine_only_when_the_ledger_says(tmp_path, clock):
    """The issue's case: on the sample, 本单位 matched nearly every task through the catch-alls."""
    db = tmp_path / "sample.db"
    shutil.copyfile(ROOT / "sample.db", db)
    with Ledger(db, clock=clock, actor="tester") as ledger:
        total = len(ledger.tasks())
        mine = ledger.filter_task_ids(TaskFilter(units=mine_names(ledger, "市政府办公室", (), DEFAULT_CATCH_ALLS)))
        assert not catch_alls_count(ledger) and len(mine) < total // 5
        cs = set_catch_alls_count(ledger, True)
        assert ledger.describe(cs)[0] == "change.setting"
        with_catch_alls = ledger.filter_task_ids(
            TaskFilter(units=mine_names(ledger, "市政府办公室", (), DEFAULT_CATCH_ALLS)))
        assert len(with_catch_alls) > total * 4 // 5 and set(mine) < set(with_catch_alls)
        ledger.undo()
        assert not catch_alls_count(ledger)
        assert mine_names(ledger, None) == ()


def test_joined_names_count_for_my_unit(ledger, joined):
    _, ids = joined
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=mine_names(ledger, "区教育局")))) == ["1"]
    ledger.join_units([ids["教育局"]], ids["区教育局"])
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=mine_names(ledger, "区教育局")))) == ["1", "2", "3"]
    set_catch_alls_count(ledger, True)
    assert nos(ledger, ledger.filter_task_ids(TaskFilter(units=mine_names(ledger, "区教育局")))) == ["1", "2", "3", "4"]


def test_cli_units_lists_joins_and_parts(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    db = tmp_path / "t.db"
    with Ledger(db, clock=TickingClock(), actor="tester") as ledger:
        ledger.import_plan(two_names())

    def run(*args):
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("units", "--db", db)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("各单位")  # ge before jiao, qu: pinyin order
    assert [line.split()[0] for line in lines[:4]] == ["各单位", "教育局", "区财政局", "区教育局"]
    code, out, err = run("units", "join", "教育局", "--into", "区教育局", "--db", db)
    assert code == 0 and "已合并：教育局 → 区教育局" in out, err
    code, out, _ = run("units", "--db", db)
    assert "教育局  2 项  = 区教育局" in out and "区教育局  1 项  （连同合并的名称 3 项）" in out
    code, out, err = run("units", "join", "没有这个局", "--into", "区教育局", "--db", db)
    assert code == 1 and "没有单位“没有这个局”" in err
    code, out, _ = run("units", "split", "教育局", "--db", db)
    assert code == 0 and "已拆开" in out
    code, out, _ = run("units", "catch-alls", "--db", db)
    assert "不算本单位" in out
    code, out, err = run("units", "catch-alls", "maybe", "--db", db)
    assert code == 1 and "yes 或 no" in err
