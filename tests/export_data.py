"""A ledger for the export tests: the conftest plan ticked and noted, and a second plan whose
text is hostile (formulas, markup, pipes, line breaks), plus what each export must show.

Plan 1 (make_draft) after `busy()`:

    seq  section      state        due         lead / responsible          notes
    1    一、          done         2021-06-30  lead 市卫生健康局              two (newest first: 第二条)
    2    一、          doing 滞后   2021-12-31  lead 市发展改革委              one (李四, 2021-09-01)
    3    一、（一）    na           —           resp 各县（区）人民政府
    4    一、（一）    todo         2021-09-30  resp 市政数局 (overdue)
    5    二、          doing        2022-06-30  lead 市政务服务数据管理局
    6    二、（一）    todo         2021-10-15  resp 区党政办（文秘科、宣传科）   (due today: not overdue)
"""
from __future__ import annotations

from store.drafts import PlanDraft, SectionDraft, TaskDraft

from conftest import make_draft

FORMULAS = ["=1+1", "+86 138 0000 0000", "-5%下降", "@SUM(A1:A2)", '=HYPERLINK("http://evil","点我")']
HOSTILE = "<script>alert('x')</script> a|b **粗** [链接](http://x) &amp; 第一行\n第二行"


def hostile_draft() -> PlanDraft:
    tasks = tuple(
        TaskDraft(no=str(i), text=text, units=units, responsible=(units,), time_limit="持续推进",
                  time_limit_kind="continuous")
        for i, (text, units) in enumerate(
            [(FORMULAS[0], "市财政局"), (FORMULAS[1], "市财政局"), (FORMULAS[2], "市财政局"),
             (FORMULAS[3], "市财政局"), (HOSTILE, "=市审计局")], 1)
    )
    return PlanDraft(
        title="=攻击<b>方案</b>|测试",
        issuer="@某单位",
        doc_no=None,
        issued=None,
        year=2021,
        source="hostile.txt",
        sha256="hostile-plan",
        sections=(SectionDraft("一、", "-特殊字符|栏目", tasks=tasks),),
    )


def busy(ledger) -> tuple[int, int]:
    """Fill `ledger`: (the make_draft plan's id, the hostile plan's id)."""
    p1 = ledger.import_plan(make_draft()).plan_id
    t = {x.seq: x for x in ledger.tasks(plan_id=p1)}
    ledger.set_state(t[1].id, "done")
    ledger.set_state(t[3].id, "na")
    ledger.set_state(t[5].id, "doing")
    ledger.add_note(t[1].id, "第一条：已发布政策解读。", author="王五", unit="市卫生健康局")
    ledger.add_note(t[1].id, "第二条：=SUM(1,2) 已在门户网站公开。", author="张三", unit="市政府办")
    p2 = ledger.import_plan(hostile_draft()).plan_id
    h = ledger.tasks(plan_id=p2)
    ledger.add_note(h[0].id, "+备注也以加号开头")
    return p1, p2


PLAN1_TEXTS = [
    "做好常态化疫情防控信息公开，及时发布疫情防控政策。",
    "围绕“十四五”规划做好解读工作。",
    "按时发布政府信息公开工作年报。",
    "[bold]x[/] 标记文字原样保存",
    "加强政务公开平台建设，推进政务新媒体规范发展。",
    "开展政务公开考核评估。",
]
PLAN1_STATES = ["已完成", "进行中（滞后）", "不涉及", "未开始", "进行中", "未开始"]
PLAN1_TITLE = "某市2021年政务公开工作要点分工方案"

# (done, doing, todo, na, total, overdue) per line of the plan/section summary
PLAN1_SUMMARY = {
    PLAN1_TITLE: (1, 2, 2, 1, 6, 1),
    "一、做好常态化疫情防控信息公开": (1, 1, 1, 1, 4, 1),
    "（一）加强年报管理": (0, 0, 1, 1, 2, 1),
    "二、加强政务公开工作指导监督": (0, 1, 1, 0, 2, 0),
    "（一）考核评估": (0, 0, 1, 0, 1, 0),
}
PLAN1_PERCENT = {PLAN1_TITLE: 20, "一、做好常态化疫情防控信息公开": 33, "（一）加强年报管理": 0,
                 "二、加强政务公开工作指导监督": 0, "（一）考核评估": 0}
# per lead unit (responsible where a task has no lead)
PLAN1_UNITS = {
    "市卫生健康局": (1, 0, 0, 0, 1, 0),
    "市发展改革委": (0, 1, 0, 0, 1, 0),
    "各县（区）人民政府": (0, 0, 0, 1, 1, 0),
    "市政数局": (0, 0, 1, 0, 1, 1),
    "市政务服务数据管理局": (0, 1, 0, 0, 1, 0),
    "区党政办（文秘科、宣传科）": (0, 0, 1, 0, 1, 0),
}
