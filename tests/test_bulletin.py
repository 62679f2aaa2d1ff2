"""The 情况通报 of a round (issue 20): what it says, read back from .docx and .md, and the CLI.

A round over two sample plans; a few units fill their forms the way units do (a problem on two
tasks in the same words, 无 where there is none, a corrected second version, one form after the
due date), the forms are merged, and the bulletin must say who reported, who is late, who must
be chased (every one of them), the progress, the tasks behind, and the units' own words.
"""
from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from store.exporting import bulletin as B
from store.forms import layout
from store.forms.merge import plan_merge
from store.forms.sending import write_forms
from store.ledger import Ledger
from tests.conftest import TickingClock
from tests.helpers.forms import fill
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
STATE, PROGRESS, PROBLEMS, NEXT = (layout.HEADERS[k] for k in ("state", "progress", "problems", "next"))
ROUND = "2021年第四季度"
DUE = "2021-10-20"
PLANS = (1, 4)  # two sample plans: 广东省…分工方案 (50 tasks), 河源市…分工方案 (27 tasks)
A, B_, C = "省政府办公厅", "商务厅", "市人力资源社会保障局"  # two units of plan 1, one of plan 4
WEIRD = "人员不足，[bold]编制紧张|*注*"


def filled_on(day: str):
    """An `edit` for `fill`: the form's 填报日期."""
    def edit(wb, ws):
        for row in ws.iter_rows(min_row=1, max_row=5):
            for c in row:
                if c.value == layout.FORM_HEAD["date"]:
                    ws.cell(c.row, c.column + 1).value = day
    return edit


def merge(ledger, path) -> None:
    ledger.apply_merge(plan_merge(ledger, [path]))


def key(ledger, plan_id: int, no: str) -> str:
    return next(t.key for t in ledger.tasks(plan_id=plan_id) if t.no == no)


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """The round's database after the forms came back: A on time (then a corrected version),
    B on time, C five days late; the clerk marked one task of plan 4 done. Built once (54 forms
    are written); each test works on a copy."""
    tmp_path = tmp_path_factory.mktemp("round")
    db = tmp_path / "ledger.db"
    shutil.copyfile(ROOT / "sample.db", db)
    clock = TickingClock()
    ledger = Ledger(db, clock=clock, actor="张三", actor_unit="市政府办")
    r = ledger.new_round(ROUND, due=DUE, plan_ids=list(PLANS))
    forms = {(w.plan_id, w.unit): w.path for w in write_forms(ledger, tmp_path / "forms", round_=r)}
    k = lambda plan, no: key(ledger, plan, no)  # noqa: E731
    a1 = fill(forms[(1, A)], {k(1, "1"): {STATE: "已完成", PROGRESS: "平台已上线", PROBLEMS: "省级平台经费保障不足",
                                           NEXT: "年底前完成平台升级"}},
              out=tmp_path / "A-1.xlsx", edit=filled_on("2021-10-16"))
    merge(ledger, a1)
    b = fill(forms[(1, B_)], {
        k(1, "3"): {STATE: "滞后", PROBLEMS: "无", NEXT: "加快推进清单更新"},
        k(1, "4"): {STATE: "推进中", PROBLEMS: "部门间数据共享不畅"},
        k(1, "5"): {STATE: "推进中", PROBLEMS: "部门间数据共享不畅。", NEXT: "暂无"},
    }, out=tmp_path / "B.xlsx", edit=filled_on("2021-10-17"))
    merge(ledger, b)
    a2 = fill(forms[(1, A)], {k(1, "1"): {STATE: "已完成", PROGRESS: "平台已上线",
                                           PROBLEMS: "省级平台经费保障不足，已申请追加预算", NEXT: "年底前完成平台升级"}},
              out=tmp_path / "A-2.xlsx", edit=filled_on("2021-10-18"))
    merge(ledger, a2)
    ledger.set_state(ledger.task_by_key(k(4, "1")).id, "done")
    clock.now += timedelta(days=10)  # 2021-10-25: after the due date
    c = fill(forms[(4, C)], {k(4, "3"): {STATE: "推进中", PROBLEMS: WEIRD, NEXT: "11月底前补齐人员"}},
             out=tmp_path / "C.xlsx", edit=filled_on("2021-10-25"))
    merge(ledger, c)
    ledger.close()
    return db, clock.now, r.name, forms


@pytest.fixture
def round_ledger(merged, tmp_path):
    """(ledger, clock, round, forms) on a copy of the merged round's database."""
    source, now, name, forms = merged
    db = tmp_path / "ledger.db"
    shutil.copyfile(source, db)
    clock = TickingClock(start=now)
    ledger = Ledger(db, clock=clock, actor="张三", actor_unit="市政府办")
    yield ledger, clock, ledger.round(name), forms
    ledger.close()


def expected_units(ledger) -> set[str]:
    return {u.name for p in PLANS for u in ledger.form_units(p)}


# ---- what it says -----------------------------------------------------------------------------


def test_the_bulletin_says_who_reported_who_is_late_and_names_everyone_to_chase(round_ledger):
    ledger, _, r, forms = round_ledger
    b = B.gather(ledger, ROUND, settings=B.Settings(issuer="某某市人民政府办公室", date="2021-10-26"))
    assert b.round_name == ROUND and b.due == DUE and not b.closed
    assert b.forms == len(forms) == sum(len(ledger.form_units(p)) for p in PLANS)
    assert b.forms_returned == 3
    assert [u.unit for u in b.with_status("returned")] == [A, B_]
    assert [u.unit for u in b.with_status("late")] == [C]
    chase = {u.unit for u in b.chase}
    assert chase == expected_units(ledger) - {A, B_, C}
    assert len(chase) > 40 and all(u.status == "overdue" for u in b.chase)  # the due date passed
    # every name to chase is in the text, whole
    from store.exporting.markdown import md_escape

    text = B.write_md(b)
    line = next(x for x in text.splitlines() if "催报名单" in x)
    names = re.fullmatch(rf"未报送的单位（催报名单，{len(chase)}个）：(.*)。请上述单位尽快报送。", line).group(1)
    assert names.split("、") == [md_escape(u.unit) for u in b.chase]
    assert b.title == f"关于{ROUND}重点任务落实情况的通报" and b.issuer == "某某市人民政府办公室"


def test_the_progress_is_the_ledgers_with_what_changed_in_the_period(round_ledger):
    ledger, _, r, _ = round_ledger
    b = B.gather(ledger, r)
    tasks = {p: ledger.tasks(plan_id=p) for p in PLANS}
    today = ledger.today()
    for line, p in zip(b.plans, PLANS):
        ts = tasks[p]
        assert line.title == ledger.plan(p).display_title
        assert line.now.total == len(ts)
        for state in ("done", "doing", "todo", "na"):
            assert getattr(line.now, state) == sum(t.state == state for t in ts), state
        assert line.now.overdue == sum(bool(t.due and t.due < today and t.state not in ("done", "na")) for t in ts)
        assert line.lagging == sum(t.flag == "滞后" for t in ts)
        assert line.before.done == 0  # sample.db: everything to do when the round opened
        assert line.newly_done == line.now.done
    done = {p: sorted(t.no for t in tasks[p] if t.state == "done") for p in PLANS}
    assert done == {1: ["1"], 4: ["1"]}
    assert [t.no for t in tasks[1] if t.flag] == ["3"]
    assert b.total.now.total == 77 and b.total.newly_done == 2
    assert b.total.updated == len(ledger.period_changes([t.id for p in PLANS for t in tasks[p]]))
    assert B.percent(b.total.now) == "2.5%"  # 2 of 77, rounded down
    md = B.write_md(b)
    assert "本期（2021年10月15日至2021年10月25日）新完成2项，完成率由期初的0.0%提高2.5个百分点" in md


def test_tasks_behind_or_overdue_are_listed_by_lead_unit(round_ledger):
    ledger, _, r, _ = round_ledger
    b = B.gather(ledger, r)
    today = ledger.today()
    expected = set()
    for p in PLANS:
        for t in ledger.tasks(plan_id=p):
            if t.state in ("done", "na"):
                continue
            if t.flag or (t.due and t.due < today):
                leads = t.lead or t.responsible or [u.name for u in t.unit_refs]
                expected.add((ledger.plan(p).display_title, tuple(dict.fromkeys(leads)), f"第{t.no}项"))
    got = [(plan, task.units, task.ref) for plan, units in b.behind for label, items in units for task in items
           if label == B.units_label(task.units, "zh")]
    assert sorted(got) == sorted(expected)  # each task once, under all its lead units
    by_units = {unit: items for plan, units in b.behind for unit, items in units}
    [lagging] = [x for units, items in by_units.items() if B_ in units for x in items if x.ref == "第3项"]
    assert lagging.lagging and lagging.overdue_days is None and B_ in lagging.units
    assert b.behind_units == len({u for _, units, _ in expected for u in units})
    overdue = [x for units in b.behind for _, items in units[1] for x in items if x.overdue_days]
    assert overdue and all(x.overdue_days > 0 for x in overdue)


def test_a_task_led_by_many_units_names_three_and_counts_them():
    assert B.units_label(("甲局", "乙局"), "zh") == "甲局、乙局"
    five = tuple(f"第{i}局" for i in range(1, 6))
    assert B.units_label(five, "zh") == "、".join(five)
    assert B.units_label(five + ("第6局",), "zh") == "第1局、第2局、第3局等6个单位"


def test_problems_and_next_steps_are_the_units_own_words_by_unit(round_ledger):
    ledger, _, r, _ = round_ledger
    b = B.gather(ledger, r)
    p1, p4 = (ledger.plan(p).display_title for p in PLANS)

    def words(groups):
        return {unit: [(plan, s.text, s.refs) for plan, items in per_plan for s in items]
                for unit, per_plan in groups}

    assert list(words(b.problems)) == [A, B_, C]  # in the order of the first task they wrote on
    assert words(b.problems) == {
        A: [(p1, "省级平台经费保障不足，已申请追加预算", ("第1项",))],  # the corrected version only
        B_: [(p1, "部门间数据共享不畅", ("第4项", "第5项"))],  # said on two tasks: said once
        C: [(p4, WEIRD, ("第3项",))],
    }
    assert words(b.next_steps) == {
        A: [(p1, "年底前完成平台升级", ("第1项",))],
        B_: [(p1, "加快推进清单更新", ("第3项",))],  # 暂无 is no plan
        C: [(p4, "11月底前补齐人员", ("第3项",))],
    }


def test_cells_that_say_there_is_nothing_to_say_are_left_out():
    assert B._nothing("无") and B._nothing("暂无。") and B._nothing("没有问题") and B._nothing(" / ")
    assert B._nothing("无明显困难") and B._nothing("不涉及")
    assert not B._nothing("无人机巡查经费不足") and not B._nothing("没有专项经费")


@pytest.mark.parametrize("text, fields", [
    ("存在问题：经费不足", {"problems": "经费不足"}),
    ("完成情况：滞后\n进展情况：已起草\n第二稿\n存在问题：人手少\n下步计划：月底报送",
     {"state": "滞后", "progress": "已起草\n第二稿", "problems": "人手少", "next": "月底报送"}),
    ("（轮次：一季度）\n下步计划：继续推进", {"next": "继续推进"}),
    ("只有一句话，没有栏目", {}),
])
def test_a_merged_notes_fields_are_read_by_their_words(text, fields):
    assert B.note_fields(text) == fields


def test_numbers_dates_and_titles_as_a_chinese_document_writes_them():
    assert [B.chinese_number(n) for n in (1, 5, 10, 11, 20, 23)] == ["一", "五", "十", "十一", "二十", "二十三"]
    from store.models import Progress

    assert B.percent(Progress(total=3, done=2)) == "66.6%"
    assert B.percent(Progress(total=4, done=1, na=4)) == "—"
    assert B.percent(Progress(total=1000, done=999)) == "99.9%"
    # a title longer than a line breaks after a phrase, the halves as even as they can be
    assert B._title_lines("关于2021年第四季度重点任务落实情况的通报") == "关于2021年第四季度\n重点任务落实情况的通报"
    assert B._title_lines("关于一季度任务落实情况的通报") == "关于一季度任务落实情况的通报"


def test_a_closed_round_reads_as_it_was_when_it_closed(round_ledger):
    """After the close the ledger moves on; the closed round's bulletin is measured from its
    history, and says what the snapshot said while it was open."""
    ledger, clock, r, _ = round_ledger
    open_b = B.gather(ledger, r)
    ledger.close_round(r.id)
    clock.now += timedelta(days=3)
    ledger.set_state([t.id for t in ledger.tasks(plan_id=4)][:5], "done")  # the next period
    closed_b = B.gather(ledger, ROUND)
    assert closed_b.closed
    assert closed_b.plans == open_b.plans and closed_b.total == open_b.total
    assert closed_b.behind == open_b.behind and closed_b.problems == open_b.problems
    assert closed_b.end == "2021-10-25"  # the day it closed, not today
    # the round opened next measures from that close: what was done since counts in its period
    r2 = ledger.new_round("2022年第一季度", plan_ids=list(PLANS))
    b2 = B.gather(ledger, r2)
    assert b2.start == "2021-10-25" and b2.total.before.done == 2
    assert b2.total.newly_done == 4  # five marked done, one of them (plan 4, task 1) already was
    assert b2.total.now.done == 6


# ---- the .docx ---------------------------------------------------------------------------------


def _east_asia(element) -> str | None:
    rfonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts")) if element is not None else None
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


def test_the_docx_is_an_official_document(round_ledger, tmp_path):
    ledger, _, r, _ = round_ledger
    b = B.gather(ledger, r, settings=B.Settings(issuer="某某市人民政府办公室", number="某办通报〔2021〕3号",
                                                date="2021-10-26"))
    path = tmp_path / "通报.docx"
    B.write_files(b, [path])
    doc = Document(str(path))
    # A4 portrait, the margins of GB/T 9704
    s = doc.sections[0]
    assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(s.top_margin.cm, 1), round(s.left_margin.cm, 1)) == (3.7, 2.8)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert paras[0].text == "关于2021年第四季度\n重点任务落实情况的通报" and paras[0].style.name == B.TITLE_STYLE
    assert paras[1].text == "某办通报〔2021〕3号"
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["一、报送情况", "二、总体进展", "三、滞后和逾期任务", "四、存在问题", "五、下步计划"]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    p1, p4 = (ledger.plan(p).display_title for p in PLANS)
    assert h2 == [f"（一）《{p1}》", f"（二）《{p4}》",  # 三: the tasks behind, per plan
                  f"（一）{A}", f"（二）{B_}", f"（三）{C}",  # 四: problems by unit
                  f"（一）{A}", f"（二）{B_}", f"（三）{C}"]  # 五: next steps by unit
    body = "\n".join(p.text for p in doc.paragraphs)
    for unit in (u.unit for u in b.chase):
        assert unit in body
    # several plans: under each unit, the plan (1.), then what it wrote ((1))
    assert f"1. 《{p1}》\n（1）省级平台经费保障不足，已申请追加预算（第1项）" in body
    assert f"1. 《{p4}》\n（1）{WEIRD}（第3项）" in body
    assert paras[-2].text == "某某市人民政府办公室" and paras[-1].text == "2021年10月26日"
    assert paras[-1].alignment == 2  # right
    # the 落款 never stands alone on a page: the last line of text, two empty lines for the seal
    # and the issuer keep with what follows them
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[-5:-1])
    assert not doc.paragraphs[-6].paragraph_format.keep_with_next
    assert paras[1].paragraph_format.space_after.pt > 20  # a line between 文号 and text
    # the tables: per plan, and the tasks behind with the unit cells merged
    plans_table = doc.tables[0]
    assert [c.text for c in plans_table.rows[0].cells] == ["方案", "任务数", "已完成", "推进中", "未开始", "不涉及",
                                                          "完成率", "本期新完成", "滞后", "逾期"]
    assert [c.text for c in plans_table.rows[1].cells][:7] == [p1, "50", "1", "3", "46", "0", "2.0%"]
    assert [c.text for c in plans_table.rows[-1].cells][:3] == ["合计", "77", "2"]
    assert plans_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    behind = doc.tables[1]
    cells = [[c.text for c in row.cells] for row in behind.rows]
    assert cells[0] == ["牵头单位", "任务", "完成时限", "情况"]
    assert any(B_ in row[0].split("、") and row[1].startswith("第3项") and row[3] == "滞后" for row in cells)
    # fonts: 仿宋_GB2312 body (with 仿宋 where it is missing), 黑体 and 楷体 headings, 宋体 title
    styles = doc.styles
    assert _east_asia(styles["Normal"].element) == "仿宋_GB2312"
    assert _east_asia(styles["Heading 1"].element) == "黑体"
    assert _east_asia(styles["Heading 2"].element) == "楷体_GB2312"
    assert _east_asia(styles[B.TITLE_STYLE].element) == "宋体"
    assert {_east_asia(run._r) for run in paras[2].runs} == {"仿宋_GB2312"}
    assert styles["Normal"].font.size.pt == 16 and styles[B.TITLE_STYLE].font.size.pt == 22
    font_table = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    assert b'w:name="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"><w:altName w:val="\xe4\xbb\xbf\xe5\xae\x8b"/>' in font_table.blob
    # page numbers: a PAGE field in the footer, between dashes
    footer = s.footer.paragraphs[0]
    instr = [el.text for el in footer._p.iter(qn("w:instrText"))]
    assert [x.strip() for x in instr] == ["PAGE"]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_the_markdown_has_the_same_parts_with_text_as_data(round_ledger):
    ledger, _, r, _ = round_ledger
    md = B.write_md(B.gather(ledger, r))
    lines = md.splitlines()
    assert lines[0] == f"# 关于{ROUND}重点任务落实情况的通报"
    assert [x for x in lines if x.startswith("## ")] == [
        "## 一、报送情况", "## 二、总体进展", "## 三、滞后和逾期任务", "## 四、存在问题", "## 五、下步计划"]
    assert "| 方案 | 任务数 | 已完成 | 推进中 | 未开始 | 不涉及 | 完成率 | 本期新完成 | 滞后 | 逾期 |" in lines
    assert f"### （三）{C}" in lines
    # a unit's [bold] | * stay characters: escaped, not markup, no table broken
    assert "（1）人员不足，\\[bold\\]编制紧张\\|\\*注\\*（第3项）" in lines


def test_english_bulletin(round_ledger):
    ledger, _, r, _ = round_ledger
    md = B.write_md(B.gather(ledger, r, lang="en"))
    assert "## 1. Returns" in md and "## 5. Next steps" in md and "### (1) " in md


# ---- files, the command ----------------------------------------------------------------------


def test_write_files_refuses_other_suffixes_and_existing_files_before_writing_any(round_ledger, tmp_path):
    ledger, _, r, _ = round_ledger
    b = B.gather(ledger, r)
    from store.errors import TaizhangError

    with pytest.raises(TaizhangError) as e:
        B.write_files(b, [tmp_path / "a.docx", tmp_path / "a.pdf"])
    assert ".docx" in e.value.message("zh") and not (tmp_path / "a.docx").exists()
    (tmp_path / "b.md").write_text("mine", encoding="utf-8")
    with pytest.raises(TaizhangError):
        B.write_files(b, [tmp_path / "b.docx", tmp_path / "b.md"])
    assert not (tmp_path / "b.docx").exists() and (tmp_path / "b.md").read_text(encoding="utf-8") == "mine"
    B.write_files(b, [tmp_path / "b.docx", tmp_path / "b.md"], force=True)
    assert (tmp_path / "b.md").read_text(encoding="utf-8").startswith("# 关于")


def test_cli_bulletin(round_ledger, tmp_path, capsys, monkeypatch):
    ledger, _, r, _ = round_ledger
    db = ledger.path
    ledger.close()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[ledger]\nexport_folder = "{(tmp_path / "out").as_posix()}"\n'
        '[bulletin]\nissuer = "某某市人民政府办公室"\ntitle = "{round}工作情况通报"\ndate = 2021-11-01\n',
        encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))

    def run(*args):
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = run("bulletin", "--round", ROUND, "--db", db, "--config", config)
    assert code == 0, err
    docx, md = tmp_path / "out" / f"情况通报-{ROUND}.docx", tmp_path / "out" / f"情况通报-{ROUND}.md"
    assert docx.exists() and md.exists() and str(docx) in out and str(md) in out
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# {ROUND}工作情况通报") and text.rstrip().endswith("2021年11月1日")
    assert "某某市人民政府办公室" in text
    code, out, err = run("bulletin", "--db", db, "--config", config, "-o", docx)  # the current round
    assert code == 1 and "--force" in err
    code, _, err = run("bulletin", "--db", db, "--config", config, "-o", docx, "--force")
    assert code == 0
    code, _, err = run("bulletin", "--db", db, "--config", config, "-o", tmp_path / "x.pdf")
    assert code == 1 and ".md" in err
    code, out, _ = run("bulletin", "--db", db, "--config", config, "-o", "-")
    assert code == 0 and out.startswith(f"# {ROUND}工作情况通报")
    code, _, err = run("bulletin", "--round", "没有这个", "--db", db, "--config", config)
    assert code == 1 and "找不到轮次" in err
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(ROOT / "sample.db", fresh)
    code, _, err = run("bulletin", "--db", fresh, "--config", config)
    assert code == 1 and "还没有轮次" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [docx.name, md.name]  # nothing new


def test_config_bulletin_keys(tmp_path):
    from tui.config import load_config, problem_messages

    path = tmp_path / "c.toml"
    path.write_text('[clerk]\nunit = "区党政办"\n[bulletin]\nnumber = "区办通报〔2024〕1号"\ndate = "7月20日"\n',
                    encoding="utf-8")
    cfg = load_config(path)
    s = cfg.bulletin_settings()
    assert s.issuer == "区党政办" and s.number == "区办通报〔2024〕1号" and s.title == "" and s.date == ""
    assert any("bulletin.date" in m for m in problem_messages(cfg))
