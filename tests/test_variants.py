"""Plans shaped unlike the samples: the importer's rules must hold for other offices' files."""
from __future__ import annotations

import pytest

from store.errors import ImportFailed
from store.importing import read_plan, read_plan_text


def _tasks(draft):
    return list(draft.iter_tasks())


def _codes(draft):
    return [w.code for w in draft.warnings]


def test_numbering_that_restarts_per_section():
    text = (
        "工作任务\t具体要求\t责任单位\n"
        "一、规划公开\t1.公开规划纲要。\t市发展改革局\n"
        "\t2.集中发布规划。\t市政府办公室\n"
        "二、财政公开\t1.公开预算决算。\t市财政局\n"
        "\t2.公开债务信息。\t市财政局\n"
    )
    draft = read_plan_text(text)
    assert [(s.label, s.title, [t.no for t in s.tasks]) for s in draft.sections] == [
        ("一、", "规划公开", ["1", "2"]),
        ("二、", "财政公开", ["1", "2"]),
    ]
    assert "warn.restart" in _codes(draft)


def test_a_number_column_and_a_time_limit_column():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t建立重点任务台账。\t市政府办公室\t2021年8月前\n"
        "2\t公开权责清单。\t市直各单位\t持续推进\n"
        "3\t编制年度报告。\t各区县人民政府\t年底前\n"
    )
    draft = read_plan_text(text)
    tasks = _tasks(draft)
    assert [t.no for t in tasks] == ["1", "2", "3"]
    assert tasks[0].text == "建立重点任务台账。"
    assert [(t.time_limit, t.time_limit_kind, t.due) for t in tasks] == [
        ("2021年8月前", "date", "2021-07-31"),
        ("持续推进", "continuous", None),
        ("年底前", "year_end", "2021-12-31"),
    ]
    assert tasks[1].responsible == ("市直各单位",)


def test_pipe_cells_from_a_web_page_with_labels_in_the_heading_cell():
    text = (
        "| 工作任务 | 具体任务 | 牵头单位 | 配合单位 |\n"
        "|---|---|---|---|\n"
        "| 一、加强政策解读 | 1. 健全解读机制。 | 市政府办公室 | 市直各单位 |\n"
        "| | 2. 开展深度解读。 | 市委宣传部 | |\n"
        "| 二、回应社会关切 | 3. 做好留言办理。 | 市政务服务数据管理局 | 各区县人民政府 |\n"
    )
    draft = read_plan_text(text)
    assert [(s.label, s.title) for s in draft.sections] == [("一、", "加强政策解读"), ("二、", "回应社会关切")]
    tasks = _tasks(draft)
    assert [t.no for t in tasks] == ["1", "2", "3"]
    assert tasks[0].lead == ("市政府办公室",) and tasks[0].support == ("市直各单位",)
    assert tasks[2].support == ("各区县人民政府",)


def test_one_cell_per_line_with_units_and_time_limit_lines():
    text = (
        "某市2023年政务公开工作要点分工方案\n\n"
        "工作任务\n具体要求\n责任单位\n完成时限\n"
        "一、深化重点领域公开\n"
        "1.公开规划纲要。\n"
        "市发展改革局牵头，各单位配合\n"
        "2023年6月底前\n"
        "2.公开财政预决算。\n"
        "3.公开债务信息。\n"
        "市财政局\n"
        "持续推进\n"
        "二、强化保障\n"
        "4.加强培训。\n"
        "市政府办公室\n"
        "全年工作\n"
    )
    draft = read_plan_text(text)
    assert draft.title == "某市2023年政务公开工作要点分工方案"
    assert draft.year == 2023
    assert [(s.title, [t.no for t in s.tasks]) for s in draft.sections] == [
        ("深化重点领域公开", ["1", "2", "3"]),
        ("强化保障", ["4"]),
    ]
    t = {t.no: t for t in _tasks(draft)}
    assert t["1"].lead == ("市发展改革局",) and t["1"].due == "2023-06-30"
    assert t["2"].units == t["3"].units == "市财政局"
    assert t["3"].time_limit_kind == "continuous" and t["3"].due is None
    assert t["4"].due == "2023-12-31"


def test_tasks_labelled_with_parenthesised_numerals_under_headings():
    text = (
        "一、规划公开\n"
        "（一）公开规划纲要。\n"
        "市发展改革局\n"
        "（二）公开专项规划。\n"
        "市自然资源局\n"
        "二、财政公开\n"
        "（一）公开预算。\n"
        "市财政局\n"
    )
    draft = read_plan_text(text)
    assert [(s.label, [t.no for t in s.tasks]) for s in draft.sections] == [("一、", ["1", "2"]), ("二、", ["1"])]


def test_a_duplicate_number_is_a_new_task_with_a_warning_and_a_gap_is_noted():
    text = (
        "工作任务\t具体要求\t责任单位\n"
        "规划\t1.甲。\t市发展改革局\n"
        "\t1.乙。\t市财政局\n"
        "\t4.丙。\t市财政局\n"
    )
    draft = read_plan_text(text)
    assert [t.no for t in _tasks(draft)] == ["1", "1", "4"]
    assert "warn.duplicate" in _codes(draft)
    assert "warn.gap" in _codes(draft)


def test_markup_and_controls_are_data():
    text = "工作任务\t具体要求\t责任单位\n[bold]规划[/]\t1.公开[link=file:///etc/passwd]纲要[/link]\x1b[31m。\x07\t市[red]财政局\n"
    draft = read_plan_text(text)
    task = _tasks(draft)[0]
    assert task.text == "公开[link=file:///etc/passwd]纲要[/link]。"
    assert draft.sections[0].title == "[bold]规划[/]"
    assert "warn.control_chars" in _codes(draft)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings(tmp_path, encoding):
    text = "工作任务\t具体要求\t责任单位\n规划公开\t1.公开纲要，2021年底前完成。\t市发展改革局\n\t2.集中发布。\t市政府办公室\n"
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    draft = read_plan(path)[0]
    assert [t.text for t in _tasks(draft)] == ["公开纲要，2021年底前完成。", "集中发布。"]
    assert _tasks(draft)[0].due == "2021-12-31"
    assert len(draft.sha256) == 64 and draft.source == "plan.txt"


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "import.empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "import.binary"),
        (bytes(range(256)) * 40, "import.binary"),
        ("这是一段没有编号任务的文字。\n只是说明。\n".encode("utf-8"), "import.no_tasks"),
    ],
)
def test_refused_files_name_the_problem(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == code
    assert "bad.txt" in info.value.message("zh")


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    assert info.value.why == "import.too_large"


# ---- a task sentence with its units and deadline in a final bracket ------------------------

_BRACKET_PLAN = (
    "某局2023年重点工作分工方案\n"
    "一、加强组织领导\n"
    "1.建立工作台账，定期调度推进情况（办公室牵头，各科室配合，2023年6月底前）。\n"
    "2.完善信息公开目录（政策法规科负责，年底前）\n"
    "3.开展专项检查（2023年9月底前完成）。\n"
    "二、强化监督\n"
    "4.落实考核制度，按季度通报（各县（区）人民政府（管委会，市直各单位按职责分工落实）。\n"
    "5.做好宣传报道（宣传科牵头；长期坚持）\n"
    "6.修订《政府信息公开（试行）办法》（包括申请、答复等环节）。\n"
    "7.印发工作规则（办公室牵头）。\n"
    "8.组织业务培训。\n"
    "人事科负责。\n"
)


@pytest.mark.parametrize("no, text, units, lead, support, responsible, time_limit, kind, due", [
    ("1", "建立工作台账，定期调度推进情况。", "办公室牵头，各科室配合", ["办公室"], ["各科室"], [],
     "2023年6月底前", "date", "2023-06-30"),
    ("2", "完善信息公开目录", "政策法规科负责", ["政策法规科"], [], [], "年底前", "year_end", "2023-12-31"),
    ("3", "开展专项检查。", None, [], [], [], "2023年9月底前完成", "date", "2023-09-30"),
    # An unclosed bracket inside the clause: the whole clause is the units, the name closed.
    ("4", "落实考核制度，按季度通报。", "各县（区）人民政府（管委会，市直各单位按职责分工落实", [], [],
     ["各县（区）人民政府（管委会）", "市直各单位"], None, None, None),
    ("5", "做好宣传报道", "宣传科牵头", ["宣传科"], [], [], "长期坚持", "continuous", None),
    # A bracket of other words is text; the units line after the group is the units.
    ("6", "修订《政府信息公开（试行）办法》（包括申请、答复等环节）。", "人事科负责。", ["人事科"], [], [],
     None, None, None),
    # A task whose bracket names its units keeps them: the units line goes to the others.
    ("7", "印发工作规则。", "办公室牵头", ["办公室"], [], [], None, None, None),
    ("8", "组织业务培训。", "人事科负责。", ["人事科"], [], [], None, None, None),
])
def test_a_final_bracket_gives_units_and_time_limit(no, text, units, lead, support, responsible, time_limit, kind, due):
    tasks = {t.no: t for t in read_plan_text(_BRACKET_PLAN).iter_tasks()}
    t = tasks[no]
    assert t.text == text
    assert t.units == units
    assert (list(t.lead), list(t.support), list(t.responsible)) == (lead, support, responsible)
    assert (t.time_limit, t.time_limit_kind, t.due) == (time_limit, kind, due)


def test_a_final_bracket_in_a_table_without_a_units_column():
    text = (
        "序号\t工作任务\n"
        "1\t编制政务公开年度报告（办公室负责，2023年1月31日前）\n"
        "2\t更新政策文件库（持续推进）\n"
    )
    tasks = list(read_plan_text(text).iter_tasks())
    assert [(t.text, t.units, t.lead, t.time_limit, t.time_limit_kind, t.due) for t in tasks] == [
        ("编制政务公开年度报告", "办公室负责", ("办公室",), "2023年1月31日前", "date", "2023-01-31"),
        ("更新政策文件库", None, (), "持续推进", "continuous", None),
    ]


def test_a_bracket_is_not_taken_when_the_task_has_units():
    text = (
        "工作任务\t责任单位\n"
        "1.公开预算决算（财政科牵头，2023年6月底前）。\t市财政局\n"
    )
    t = next(read_plan_text(text).iter_tasks())
    assert t.text == "公开预算决算（财政科牵头，2023年6月底前）。"
    assert t.units == "市财政局"
    assert (t.time_limit, t.due) == ("2023年6月底前", "2023-06-30")  # from the running text, as before


@pytest.mark.parametrize("text", [
    "（办公室牵头）",                      # the bracket is the whole text: it is the task
    "做好公开工作（如规划、计划等）",        # no marker, no time limit
    "做好公开工作（市、县两级）",            # names without a marker
    "做好公开工作(办公室牵头)",              # half-width: not the rule's bracket
    "做好公开工作（办公室牵头）并报送结果",    # the bracket is not final
])
def test_brackets_that_are_not_annotations(text):
    from store.importing.annotations import trailing_annotation

    assert trailing_annotation(text) is None
