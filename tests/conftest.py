"""Fixtures shared by the store's tests: a ledger on a temporary file with a fixed clock, and a
small plan built by hand."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

import pytest

from store.ledger import Ledger
from store.drafts import NoteDraft, PlanDraft, SectionDraft, TaskDraft

CST = timezone(timedelta(hours=8))
START = datetime(2021, 10, 15, 10, 0, 0, tzinfo=CST)


class TickingClock:
    """The fixed test clock, 2021-10-15 10:00 +08:00, one second later at every call, so the
    order of what was written can be told from the times."""

    def __init__(self, start: datetime = START, step: timedelta = timedelta(seconds=1)):
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        now = self.now
        self.now += self.step
        return now


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def ledger(tmp_path, clock):
    with Ledger(tmp_path / "ledger.db", clock=clock, actor="tester", actor_unit="市政府办") as led:
        yield led


MARKUP = "[bold]x[/] 标记文字原样保存"


def make_draft(
    title: str | None = "某市2021年政务公开工作要点分工方案",
    *,
    doc_no: str | None = "某府办〔2021〕5号",
    sha256: str | None = None,
    extra_task: str | None = None,
) -> PlanDraft:
    """Two sections with a subsection each and six tasks (seq 1-6 in document order):

    1 一、  疫情 text, lead 市卫生健康局, support 市发展改革委, due 2021-06-30 (overdue)
    2 一、  lead 市发展改革委, due 2021-12-31, doing + 滞后, a note
    3 一、(一) 年报, responsible 各县（区）人民政府, continuous (no due)
    4 一、(一) markup text, responsible 市政数局, due 2021-09-30 (overdue)
    5 二、  lead 市政务服务数据管理局, support 市财政局 and 市卫健局, due 2022-06-30
    6 二、(一) responsible 区党政办（文秘科、宣传科）, due 2021-10-15 (today: not overdue)
    """
    t1 = TaskDraft(
        no="1",
        text="做好常态化疫情防控信息公开，及时发布疫情防控政策。",
        units="市卫生健康局牵头，市发展改革委配合",
        lead=("市卫生健康局",),
        support=("市发展改革委",),
        time_limit="2021年6月底前",
        time_limit_kind="date",
        due="2021-06-30",
    )
    t2 = TaskDraft(
        no="2",
        text="围绕“十四五”规划做好解读工作。",
        units="市发展改革委负责",
        lead=("市发展改革委",),
        time_limit="2021年12月底前",
        time_limit_kind="year_end",
        due="2021-12-31",
        state="doing",
        flag="滞后",
        extra=(("牵头领导", "张三"), ("备注", "重点")),
        notes=(NoteDraft("已召开专题会议", at="2021-09-01T09:00:00+08:00", author="李四",
                         unit="市发展改革委", source="import"),),
    )
    t3 = TaskDraft(
        no="3",
        text="按时发布政府信息公开工作年报。",
        units="各县（区）人民政府",
        responsible=("各县（区）人民政府",),
        time_limit="持续推进",
        time_limit_kind="continuous",
    )
    t4 = TaskDraft(
        no="4",
        text=MARKUP,
        units="市政数局",
        responsible=("市政数局",),
        time_limit="2021年9月底前",
        time_limit_kind="date",
        due="2021-09-30",
    )
    t5 = TaskDraft(
        no="5",
        text="加强政务公开平台建设，推进政务新媒体规范发展。",
        units="市政务服务数据管理局牵头，市财政局、市卫健局配合",
        lead=("市政务服务数据管理局",),
        support=("市财政局", "市卫健局"),
        time_limit="2022年6月底前",
        time_limit_kind="date",
        due="2022-06-30",
    )
    t6 = TaskDraft(
        no="6",
        text="开展政务公开考核评估。" + (extra_task or ""),
        units="区党政办（文秘科、宣传科）",
        responsible=("区党政办（文秘科、宣传科）",),
        time_limit="2021年10月15日前",
        time_limit_kind="date",
        due="2021-10-15",
    )
    return PlanDraft(
        title=title,
        doc_no=doc_no,
        issuer="某市人民政府办公室",
        issued="2021-05-10",
        year=2021,
        source="plan.txt",
        sha256=sha256,
        sections=(
            SectionDraft(
                "一、",
                "做好常态化疫情防控信息公开",
                tasks=(t1, t2),
                sections=(SectionDraft("（一）", "加强年报管理", tasks=(t3, t4)),),
            ),
            SectionDraft(
                "二、",
                "加强政务公开工作指导监督",
                tasks=(t5,),
                sections=(SectionDraft("（一）", "考核评估", tasks=(t6,)),),
            ),
        ),
    )


@pytest.fixture
def draft() -> PlanDraft:
    return make_draft()


@pytest.fixture
def plan_id(ledger, draft) -> int:
    return ledger.import_plan(draft).plan_id


def big_draft(tasks: int, *, title: str, per_section: int = 50) -> PlanDraft:
    """A plan of `tasks` tasks under sections of `per_section`, for tests of a ledger too big
    to load whole (the benchmark's generator is the benchmark's; tests keep their own)."""
    sections = []
    for s in range(0, tasks, per_section):
        items = tuple(
            TaskDraft(no=str(n + 1), text=f"第{n + 1}项工作任务：做好政务公开工作",
                      units="市政务服务数据管理局牵头", lead=("市政务服务数据管理局",))
            for n in range(s, min(s + per_section, tasks))
        )
        sections.append(SectionDraft(label=None, title=f"第{s // per_section + 1}栏目", tasks=items))
    return PlanDraft(title=title, sections=tuple(sections))


# ---- every test: no real home, no blinking cursor -------------------------------------------


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory, monkeypatch):
    """No test reads or writes the real config, data or documents folders (a home of its own,
    beside the test's tmp_path, not in it: tests list what they wrote there)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    if "textual" in sys.modules:  # a UI test: no blinking cursors, screens the same every time
        from textual.widgets import Input, TextArea

        monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)
        monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None, raising=False)
    yield


@pytest.fixture
def fixed_clock(monkeypatch):
    """The command line's clock at START (a ledger it opens writes times the test can name)."""
    monkeypatch.setattr("store.db.database.system_clock", lambda: START)


# ---- ledgers the UI tests open --------------------------------------------------------------


@pytest.fixture
def sample_ledger(tmp_path):
    """A copy of sample.db (never the file itself) under the fixed clock."""
    from test_ui_helpers import copy_sample, open_ledger

    ledger = open_ledger(copy_sample(tmp_path))
    yield ledger
    ledger.close()


@pytest.fixture
def small_ledger(tmp_path):
    """The store tests' six-task plan: overdue, 滞后, a note, markup in task 4."""
    from test_ui_helpers import open_ledger

    ledger = open_ledger(tmp_path / "small.db")
    ledger.import_plan(make_draft())
    yield ledger
    ledger.close()
