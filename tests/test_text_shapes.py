"""Plans as text that lost its table grid: each rule with a plan made up for it (issue 21)."""
from __future__ import annotations

import pytest

from store.errors import ImportFailed
from store import i18n
from store.importing import read_plan, read_plan_text


def _tasks(draft):
    return list(draft.iter_tasks())


def _tree(draft):
    return [(s.label, s.title, [t.no for t in s.tasks]) for s in draft.iter_sections() if s.tasks]


# ---- line ends (issue 23, item 11) -----------------------------------------------------------


def test_a_stray_carriage_return_inside_a_line_is_a_space():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t修订公共资源交易目录，2024年\r6月底前报送。\t区发展改革局\t2024年6月底前\n"
        "2\t开展交易平台巡查。\t区政务服务中心\t2024年9\r月底前\n"
    )
    tasks = _tasks(read_plan_text(text))
    assert [t.no for t in tasks] == ["1", "2"]
    assert tasks[0].text == "修订公共资源交易目录，2024年6月底前报送。"
    assert (tasks[0].units, tasks[0].due) == ("区发展改革局", "2024-06-30")
    assert (tasks[1].time_limit, tasks[1].due) == ("2024年9月底前", "2024-09-30")


def test_a_file_with_carriage_return_line_ends_keeps_its_lines(tmp_path):
    text = "序号\t工作任务\t责任单位\r1\t编制年度报告。\t区统计局\r2\t更新统计台账。\t区统计局\r"
    path = tmp_path / "mac.txt"
    path.write_bytes(text.encode("utf-8"))
    tasks = _tasks(read_plan(path)[0])
    assert [(t.no, t.text, t.units) for t in tasks] == [("1", "编制年度报告。", "区统计局"), ("2", "更新统计台账。", "区统计局")]


@pytest.mark.parametrize("raw, want", [
    ("甲\r\n乙\r\n", "甲\n乙\n"),            # CRLF
    ("甲\r乙\r丙\r", "甲\n乙\n丙\n"),         # the file's line ends are \r
    ("甲乙\r丙\n丁\n", "甲乙 丙\n丁\n"),      # a stray \r inside a line
    ("甲\r\n乙\r丙\r\n", "甲\n乙 丙\n"),      # stray inside a CRLF file
])
def test_line_ends(raw, want):
    from store.textclean import normalise_line_ends, strip_control

    assert normalise_line_ends(raw) == want
    assert strip_control(raw) == (want, False)


# ---- every sample in every text shape imports as the sample does -------------------------------

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render_plans as R  # noqa: E402

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("0*.txt"))
IDS = [p.name[:3] for p in SAMPLES]


@pytest.fixture(scope="module")
def sample_drafts():
    return {p.name[:3]: read_plan(p)[0] for p in SAMPLES}


def _section_tree(sections):
    return [(s.label, s.title, [t.no for t in s.tasks], _section_tree(s.sections)) for s in sections]


@pytest.mark.parametrize("shape", sorted(R.TEXT_SHAPES))
@pytest.mark.parametrize("sample", IDS)
def test_every_sample_in_every_text_shape(sample_drafts, sample, shape):
    """Pipes (four ways), a lost merged column, one cell per line (with and without a 序号 column),
    running text (cells a space apart, units glued to the text, with a 序号), labelled lines and
    traditional characters with injected pinyin: the same tasks, sections, units and time limits."""
    want = sample_drafts[sample]
    got = read_plan_text(R.TEXT_SHAPES[shape](want), source=f"{sample}.txt")
    assert _section_tree(got.sections) == _section_tree(want.sections)
    # Labelled lines name the units by role (牵头单位：…), not as the cell was written.
    written = shape != "labelled"

    def fields(d):
        return [(t.no, t.text, t.units if written else None, t.lead, t.support, t.responsible,
                 t.time_limit, t.time_limit_kind, t.due) for t in d.iter_tasks()]

    assert fields(got) == fields(want)
    for key in ("title", "year", "doc_no", "issued", "issuer"):
        assert getattr(got, key) == getattr(want, key), key
    assert got.reading is not None and got.reading.key in [r.key for r in got.readings]


def test_traditional_hints_are_all_traditional():
    import opencc

    from store.textrules import TRADITIONAL_HINTS

    t2s = opencc.OpenCC("t2s")
    assert [ch for ch in TRADITIONAL_HINTS if t2s.convert(ch) == ch] == []


# ---- other offices' plans (made up, bench/other_plans.py): the issue's bar --------------------


def test_other_offices_plans_come_in_under_the_right_sections():
    from other_plans import HELD_OUT, PLANS, measure_all, totals

    results = measure_all(PLANS + HELD_OUT)
    plain, flat = totals(results)["plain"], totals(results)["flattened"]
    misses = [(name, kind, m) for name, kind, _, _, ms, _ in results for m in ms]
    assert plain[1] >= 80 and flat[1] == plain[1]
    assert plain[0] * 100 >= 95 * plain[1], misses
    assert flat[0] * 100 >= 90 * flat[1], misses


# ---- each rule, with a plan made up for it ------------------------------------------------------

_PIPE_ROWS = """\
| 序号 | 工作任务 | 责任单位 | 完成时限 |
|---|---|---|---|
| 1 | 建立河湖长制工作台账。 | 县水利局 | 2024年3月底前 |
| 2 | 开展入河排污口排查。 | 县生态环境局 |  |
"""


def test_pipe_rows_with_a_header_and_an_empty_last_cell():
    tasks = _tasks(read_plan_text(_PIPE_ROWS))
    assert [(t.no, t.text, t.units, t.due) for t in tasks] == [
        ("1", "建立河湖长制工作台账。", "县水利局", "2024-03-31"),
        ("2", "开展入河排污口排查。", "县生态环境局", None),
    ]


def test_pipe_rows_without_a_header_or_outer_bars():
    text = "一、河道管护\n巡河制度 | 1.落实村级河长每周巡河。 | 各乡镇人民政府\n | 2.公示河长信息。 | 县水利局\n"
    draft = read_plan_text(text)
    assert [(t.no, t.units) for t in _tasks(draft)] == [("1", "各乡镇人民政府"), ("2", "县水利局")]
    assert draft.reading.key == "pipes"


def test_one_cell_per_line_with_bar_lines_between():
    text = "|\n序号\n|\n工作任务\n|\n责任单位\n|\n|\n1\n|\n编制年度培训计划。\n|\n人事科\n|\n|\n2\n|\n组织新入职人员培训。\n|\n人事科\n|\n"
    draft = read_plan_text(text)
    assert [(t.no, t.text, t.units) for t in _tasks(draft)] == [
        ("1", "编制年度培训计划。", "人事科"), ("2", "组织新入职人员培训。", "人事科")]
    assert draft.reading.key == "pipe-cells"


def test_cell_lines_ending_in_a_bar_and_a_lone_bar_for_an_empty_cell():
    text = "工作任务 |\n责任单位 |\n完成时限 |\n1.更新门户网站栏目。 |\n信息中心 |\n年底前 |\n2.清理过期链接。 |\n信息中心 |\n|\n"
    tasks = _tasks(read_plan_text(text))
    assert [(t.no, t.units, t.time_limit) for t in tasks] == [("1", "信息中心", "年底前"), ("2", "信息中心", None)]


def test_one_cell_per_line_with_a_number_line_and_unlabelled_sections():
    text = (
        "序号\n工作任务\n责任单位\n完成时限\n"
        "道路交通安全\n1\n开展货车超限超载治理。\n县交通运输局\n2024年5月底前\n"
        "2\n整治农村马路市场。\n各乡镇人民政府\n持续推进\n"
        "消防安全\n3\n排查高层建筑消防设施。\n县消防救援大队\n2024年6月底前\n"
    )
    draft = read_plan_text(text)
    assert _tree(draft) == [(None, "道路交通安全", ["1", "2"]), (None, "消防安全", ["3"])]
    t = {x.no: x for x in _tasks(draft)}
    assert (t["2"].units, t["2"].time_limit_kind) == ("各乡镇人民政府", "continuous")
    assert t["3"].due == "2024-06-30"


def test_a_merged_units_cell_lost_in_one_cell_per_line_text():
    """A table's units merged over two rows come out after the first row only: the second takes them."""
    text = (
        "工作任务\n具体措施\n责任单位\n完成时限\n"
        "一、档案管理\n1.完成2023年文书档案归档。\n办公室\n2024年3月底前\n2.开展档案数字化。\n2024年9月底前\n"
        "二、保密管理\n3.组织保密自查。\n保密办\n2024年11月底前\n"
    )
    t = {x.no: x for x in _tasks(read_plan_text(text))}
    assert [(t[n].units, t[n].due) for n in ("1", "2", "3")] == [
        ("办公室", "2024-03-31"), ("办公室", "2024-09-30"), ("保密办", "2024-11-30")]


def test_a_lost_merged_first_column_shifts_the_short_rows_right():
    text = (
        "工作事项\t具体措施\t责任单位\t完成时限\n"
        "森林防火\t1.落实护林员网格化巡护。\t县林业局\t2024年4月底前\n"
        "2.清理林下可燃物。\t各乡镇人民政府\t持续推进\n"
        "病虫害防治\t3.开展松材线虫病普查。\t县林业局\t2024年10月底前\n"
    )
    draft = read_plan_text(text)
    assert _tree(draft) == [(None, "森林防火", ["1", "2"]), (None, "病虫害防治", ["3"])]
    t = {x.no: x for x in _tasks(draft)}
    assert (t["2"].text, t["2"].units, t["2"].time_limit) == ("清理林下可燃物。", "各乡镇人民政府", "持续推进")


_FLAT = (
    "首页 > 政务公开 > 规划计划 某县2024年文明城市创建工作任务分解 发布日期：2024-02-01 "
    "工 作 任 务 具 体 要 求 责　任　单　位 完 成 时 限 "
    "一、优化城市环境 （一）市容整治 1.清理主次干道占道经营。 县城市管理局 2024年6月底前 "
    "2.规范户外广告设置。县城市管理局县市场监管局 2024年9月底前 "
    "（二）交通秩序 3.施划非机动车停放区。 县公安局 年底前 "
    "二、提升文明素养 4.开展文明交通志愿服务。 县文明办 全年 "
    "附件下载： 任务分解表.docx 【打印】 【关闭】"
)


def test_running_text_with_sections_tasks_and_units_glued_together():
    draft = read_plan_text(_FLAT)
    assert draft.title == "某县2024年文明城市创建工作任务分解"
    assert [(s.label, s.title) for s in draft.iter_sections()] == [
        ("一、", "优化城市环境"), ("（一）", "市容整治"), ("（二）", "交通秩序"), ("二、", "提升文明素养")]
    t = {x.no: x for x in _tasks(draft)}
    assert t["1"].text == "清理主次干道占道经营。" and t["1"].units == "县城市管理局"
    # two units' names glued with no separator between them
    assert t["2"].text == "规范户外广告设置。" and t["2"].responsible == ("县城市管理局", "县市场监管局")
    assert (t["3"].time_limit, t["4"].time_limit) == ("年底前", "全年")
    assert "附件" not in (t["4"].units or "") and t["4"].units == "县文明办"
    assert draft.reading.key == "flat"
    assert i18n.reading_text(draft.reading) == (
        "连成一段的文字：按“一、”分栏目，按“（一）”分小栏目，按数字编号识别任务，单位在任务文字之后")


def test_running_text_whose_columns_put_the_units_before_the_text():
    text = ("序号 工作事项 责任单位 具体措施 1 防汛责任 县应急管理局 公布防汛责任人名单。 "
            "2 县水利局 检查小型水库。 3 城区排涝 县城市管理局 疏通雨水管网。")
    draft = read_plan_text(text)
    t = {x.no: x for x in _tasks(draft)}
    assert [(t[n].text, t[n].units) for n in ("1", "2", "3")] == [
        ("公布防汛责任人名单。", "县应急管理局"), ("检查小型水库。", "县水利局"), ("疏通雨水管网。", "县城市管理局")]
    assert _tree(draft) == [(None, "防汛责任", ["1", "2"]), (None, "城区排涝", ["3"])]


def test_labelled_lines_and_a_leader_who_is_not_a_unit():
    text = (
        "一、强化队伍建设\n"
        "1.开展全员业务轮训。\n牵头单位：人事科\n配合单位：各业务科室\n完成时限：2024年10月底前\n"
        "牵头负责领导：赵副主任\n"
        "2.建立青年干部导师制。\n责任单位：人事科、机关党委\n完成时限：长期坚持\n"
    )
    draft = read_plan_text(text)
    t = {x.no: x for x in _tasks(draft)}
    assert (t["1"].lead, t["1"].support, t["1"].due) == (("人事科",), ("各业务科室",), "2024-10-31")
    assert dict(t["1"].extra) == {"牵头负责领导": "赵副主任"}
    assert "赵副主任" not in (t["1"].units or "")
    # a task without a 牵头单位 line has none: labelled units are never a lost merge
    assert (t["2"].lead, t["2"].responsible, t["2"].time_limit_kind) == ((), ("人事科", "机关党委"), "continuous")
    assert ("reading.units.labelled", ()) in draft.reading.parts


def test_traditional_characters_injected_pinyin_and_mixed_punctuation():
    text = (
        "工作任務\t具體要求\t責任單位\n"
        "(一)強化監(jiān)督\t1．落實重大行政決策公(gōng)眾參與制度。\t市司法局牽頭,各區政府配合\n"
        "\t2．開展執法案卷評(píng)查。\t市司法局\n"
    )
    draft = read_plan_text(text)
    assert _tree(draft) == [("（一）", "强化监督", ["1", "2"])]
    t = _tasks(draft)
    assert t[0].text == "落实重大行政决策公众参与制度。"
    assert (t[0].lead, t[0].support) == (("市司法局",), ("各区政府",))
    assert {"warn.traditional", "warn.pinyin"} <= {w.code for w in draft.warnings}


@pytest.mark.parametrize("text, kept", [
    ("下载（PDF）文件和操作手册(app)", "下载（PDF）文件和操作手册(app)"),
    ("经(jīng)济发(fā)展的(de)工(gōng)作", "经济发展的工作"),
    ("经济(jing)发展", "经济(jing)发展"),  # one toneless reading alone is no mirror's injection
])
def test_injected_pinyin_is_taken_out_only_where_a_mirror_put_it(text, kept):
    from store.textrules import strip_injected_pinyin

    assert strip_injected_pinyin(text)[0] == kept


@pytest.mark.parametrize("glued, split", [
    ("省财政厅省发改委", "省财政厅、省发改委"),
    ("市委宣传部", "市委宣传部"),
    ("市人民政府办公室", "市人民政府办公室"),
    ("区教育局区卫生健康局牵头，各街道配合", "区教育局、区卫生健康局牵头，各街道配合"),
])
def test_two_unit_names_glued_together(glued, split):
    from store.units import split_glued_units

    assert split_glued_units(glued) == split


# ---- numbering traps ---------------------------------------------------------------------------


def test_a_number_skipped_is_a_gap_and_numbers_go_on_across_sections():
    text = ("一、基础\n26.建设政务云平台。\n信息中心\n27.推进外网延伸。\n信息中心\n"
            "二、应用\n29.推广电子证照。\n审批科\n")
    draft = read_plan_text(text)
    assert _tree(draft) == [("一、", "基础", ["26", "27"]), ("二、", "应用", ["29"])]
    assert {"warn.starts_at", "warn.gap"} <= {w.code for w in draft.warnings}


@pytest.mark.parametrize("text, tree", [
    # （一） carries units: the items are the tasks
    ("一、规范执法\n（一）推行执法公示制度。\n法规科\n（二）开展案卷评查。\n监督科\n",
     [("一、", "规范执法", ["1", "2"])]),
    # （一） has numbered tasks under it: a subsection
    ("一、规范执法\n（一）执法公示\n1.推行执法公示制度。\n法规科\n2.开展案卷评查。\n监督科\n",
     [("（一）", "执法公示", ["1", "2"])]),
])
def test_parenthesised_items_are_tasks_in_one_plan_and_subsections_in_another(text, tree):
    assert _tree(read_plan_text(text)) == tree


def test_a_number_repeated_at_a_page_break_before_a_continued_cell():
    text = ("序号\t工作任务\t责任单位\n"
            "1\t编制应急预案，明确各部门\t县应急管理局\n\n"
            "1\t职责分工和响应程序。\t\n"
            "2\t开展应急演练。\t县应急管理局\n")
    tasks = _tasks(read_plan_text(text))
    assert [(t.no, t.text, t.units) for t in tasks] == [
        ("1", "编制应急预案，明确各部门职责分工和响应程序。", "县应急管理局"), ("2", "开展应急演练。", "县应急管理局")]


# ---- what real downloads are like ---------------------------------------------------------------


def test_a_page_that_is_only_the_cover_letter_names_the_attachment():
    text = ("某县人民政府办公室关于印发某县2024年重点工作任务分解表的通知\n"
            "各乡镇人民政府，县直各单位：\n现将《某县2024年重点工作任务分解表》印发给你们，请认真贯彻落实。\n"
            "附件：某县2024年重点工作任务分解表\n某县人民政府办公室\n2024年2月1日\n附件下载：\n")
    with pytest.raises(ImportFailed) as info:
        read_plan_text(text, source="page.txt")
    assert info.value.why == "import.only_cover"
    assert "某县2024年重点工作任务分解表" in info.value.message("zh")
    assert "附件" in info.value.message("zh")


def test_nothing_found_says_what_was_seen_and_what_was_tried():
    text = "会议纪要\n会议听取了各科室的汇报。\n会议研究了下一步工作，2024年3月再议。\n"
    with pytest.raises(ImportFailed) as info:
        read_plan_text(text, source="minutes.txt")
    assert info.value.why == "import.no_tasks"
    zh = info.value.message("zh")
    assert "3 行" in zh and "会议纪要／会议听取了各科室的汇报" in zh
    assert "逐行文字" in zh and "每格一行" in zh
    assert "lines of text" in info.value.message("en")


def test_two_plans_in_one_file_and_the_notice_before_them(tmp_path):
    text = ("某市商务局文件\n某商发〔2024〕3号\n某市商务局关于印发两个工作方案的通知\n2024年1月15日\n"
            "某市2024年促进消费工作方案\n一、扩大商品消费\n1.举办汽车促销季活动。\n市商务局\n2.开展家电以旧换新。\n市商务局\n"
            "某市2024年外贸稳规模工作方案\n一、稳定外贸主体\n1.组织企业参加境外展会。\n市商务局\n2.扩大出口信用保险覆盖面。\n市财政局\n")
    path = tmp_path / "two.txt"
    path.write_text(text, encoding="utf-8")
    drafts = read_plan(path)
    assert [d.title for d in drafts] == ["某市2024年促进消费工作方案", "某市2024年外贸稳规模工作方案"]
    assert [[t.no for t in d.iter_tasks()] for d in drafts] == [["1", "2"], ["1", "2"]]
    assert all((d.doc_no, d.issued, d.issuer) == ("某商发〔2024〕3号", "2024-01-15", "某市商务局") for d in drafts)
    assert drafts[0].sha256 != drafts[1].sha256
    assert "warn.second_plan" in {w.code for w in drafts[0].warnings}


@pytest.mark.parametrize("name, content, kind", [
    ("plan.doc", "序号\t工作任务\t责任单位\n1\t编制年度计划。\t办公室\n".encode("gb18030"), "text"),
    ("plan.xls", "| 序号 | 工作任务 | 责任单位 |\n| 1 | 编制年度计划。 | 办公室 |\n".encode("utf-8"), "text"),
    ("plan.doc", b"{\\rtf1\\ansi hello}", "convert"),
    ("plan.doc", b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
    ("plan.doc", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n", "mht"),
])
def test_the_extension_lies_the_content_decides(tmp_path, name, content, kind):
    from store.importing import file_kind

    path = tmp_path / name
    path.write_bytes(content)
    assert file_kind(path) == kind
    if kind == "text":
        assert [t.text for t in read_plan(path)[0].iter_tasks()] == ["编制年度计划。"]


def test_a_web_page_saved_as_mht_and_named_doc(tmp_path):
    import email.mime.multipart
    import email.mime.text

    page = ("<html><body><table><tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>"
            "<tr><td>1</td><td>修订值班制度。</td><td>办公室</td></tr></table></body></html>")
    message = email.mime.multipart.MIMEMultipart("related")
    message.attach(email.mime.text.MIMEText(page, "html", "gb2312"))
    path = tmp_path / "通知附件.doc"
    path.write_bytes(message.as_bytes())
    draft = read_plan(path)[0]
    assert [(t.no, t.text, t.units) for t in draft.iter_tasks()] == [("1", "修订值班制度。", "办公室")]


def test_time_phrases_inside_the_text_are_no_time_limit_without_a_column():
    text = ("一、依申请公开\n1.收到申请后3个工作日内登记，24小时内转办。\n办公室\n"
            "2.自2016年起的答复文书全部归档。\n办公室\n3.2024年6月底前完成系统升级。\n信息中心\n")
    t = {x.no: x for x in _tasks(read_plan_text(text))}
    assert (t["1"].time_limit, t["1"].due) == (None, None)
    assert (t["2"].time_limit, t["2"].due) == (None, None)
    assert t["3"].due == "2024-06-30"  # a deadline with a date still gives one


# ---- choosing another reading -------------------------------------------------------------------


def test_the_clerk_can_choose_another_reading():
    text = ("一、档案\n1.完成文书档案归档。\n办公室\n2.开展档案数字化。\n3.整理会计档案。\n财务科\n")
    best = read_plan_text(text)
    keys = [r.key for r in best.readings]
    assert len(keys) >= 2 and best.reading.key == keys[0]
    other = read_plan_text(text, reading=keys[1])
    assert other.reading.key == keys[1]
    assert read_plan_text(text, reading="2").reading.key == keys[1]
    units = {r: [t.units for t in read_plan_text(text, reading=r).iter_tasks()] for r in ("lines", "cells")}
    assert units["lines"] == ["办公室", "财务科", "财务科"]   # a units line covers the tasks above it
    assert units["cells"] == ["办公室", "办公室", "财务科"]   # a units line is its row's; the next inherits
    with pytest.raises(ImportFailed) as info:
        read_plan_text(text, reading="nonsense")
    assert info.value.why == "import.no_such_reading" and "lines" in info.value.message("zh")


def test_a_section_row_of_a_bar_table_is_a_section_merged_or_not():
    text = ("| 序号 | 重点任务 | 责任单位 |\n|:--:|:--|:--|\n| 一、稳定生产 | | |\n| 1 | 落实播种面积。 | 县农业农村局 |\n"
            "| 二、发展产业 | | |\n| 2 | 建设标准化基地。 | 县农业农村局 |\n")
    assert _tree(read_plan_text(text)) == [("一、", "稳定生产", ["1"]), ("二、", "发展产业", ["2"])]


def test_parts_labelled_di_yi_bu_fen():
    text = "第一部分 学前教育\n1.新建幼儿园。\n县教育局\n第二部分 义务教育\n2.推进集团化办学。\n县教育局\n"
    assert _tree(read_plan_text(text)) == [("第一部分", "学前教育", ["1"]), ("第二部分", "义务教育", ["2"])]


def test_labelled_cells_on_the_task_line_itself():
    text = ("一、网络安全\n1.完成等级保护测评整改。 牵头单位：信息中心 配合单位：各科室 完成时限：2024年6月底前\n"
            "2.开展攻防演练。 牵头单位：信息中心 完成时限：2024年9月底前\n")
    t = _tasks(read_plan_text(text))
    assert [(x.text, x.lead, x.support, x.due) for x in t] == [
        ("完成等级保护测评整改。", ("信息中心",), ("各科室",), "2024-06-30"),
        ("开展攻防演练。", ("信息中心",), (), "2024-09-30")]


# ---- the command line: --dry-run says the reading, --reading chooses one ------------------------


def test_the_cli_dry_run_says_the_reading_and_reading_chooses_another(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TAIZHANG_CONFIG", raising=False)
    plan = tmp_path / "p.txt"
    plan.write_text("一、档案管理\n1.完成文书档案归档。\n办公室\n2.开展档案数字化。\n3.整理会计档案。\n财务科\n", encoding="utf-8")
    db = tmp_path / "t.db"
    assert main(["import", str(plan), "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "读法：逐行的文字：按“一、”分栏目" in out
    assert "另有 1 种读法：2) cells（每格一行的表格：" in out and "--reading" in out
    assert main(["import", str(plan), "--reading", "cells", "--db", str(db)]) == 0
    capsys.readouterr()
    from store.ledger import Ledger

    with Ledger(db) as ledger:
        (p,) = ledger.plans()
        assert [t.units for t in ledger.tasks(plan_id=p.id)] == ["办公室", "办公室", "财务科"]
    assert main(["import", str(plan), "--reading", "9", "--dry-run", "--db", str(db)]) == 1
    assert "没有“9”这种读法" in capsys.readouterr().err


def test_a_document_of_any_format_in_traditional_characters_is_made_plain():
    """The readers of .docx, .xlsx and web pages hand in a Document: it is made plain too."""
    from store.importing.assembler import assemble
    from store.importing.document import Cell, Document, Paragraph, Row, Table

    rows = (
        Row((Cell("工作任務"), Cell("具體要求"), Cell("責任單位")), "table 1 row 1"),
        Row((Cell("加強監(jiān)督"), Cell("1.開展執(zhí)法檢查。"), Cell("市司法局牽頭，各區政府配合")), "table 1 row 2"),
        Row((Cell(""), Cell("2.公開處(chǔ)罰結果。"), Cell("市司法局")), "table 1 row 3"),
    )
    doc = Document(blocks=[Paragraph("某市2024年執法監督工作方案", "paragraph 1"), Table(rows, "table 1")], source="x.docx")
    draft = assemble(doc, "x.docx")
    assert draft.title == "某市2024年执法监督工作方案"
    assert _tree(draft) == [(None, "加强监督", ["1", "2"])]
    assert [t.text for t in draft.iter_tasks()] == ["开展执法检查。", "公开处罚结果。"]
    assert next(draft.iter_tasks()).lead == ("市司法局",)
    assert {"warn.traditional", "warn.pinyin"} <= {w.code for w in draft.warnings}
