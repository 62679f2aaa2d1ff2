"""Tables of cases for the importer's pure helpers: units, time limits, labels, clean-up."""
from __future__ import annotations

import pytest

from store.importing import labels as L
from store.textclean import strip_control
from store.textrules import clean_text, clean_title
from store.timelimits import find_date_phrase, looks_like_time_limit_line, parse_time_limit
from store.units import looks_like_units_text, parse_units


@pytest.mark.parametrize(
    "text, lead, support, responsible",
    [
        ("各地级以上市人民政府；省政府办公厅牵头，省直其他单位按职责分工落实",
         ["省政府办公厅"], ["省直其他单位"], ["各地级以上市人民政府"]),
        ("区党政办（文秘科、宣传科）牵头，各单位按职责分工落实", ["区党政办（文秘科、宣传科）"], ["各单位"], []),
        ("各单位按职责分工落实", [], [], ["各单位"]),
        ("各县（区）人民政府（管委会），市府直属各部门配合", [], ["各县（区）人民政府（管委会）", "市府直属各部门"], []),
        ("各县（区）人民政府（管委会），市府直属各部门", [], [], ["各县（区）人民政府（管委会）", "市府直属各部门"]),
        ("市应急管理局牵头，各县（区）人民政府（管委会）和市府直属各部门配合",
         ["市应急管理局"], ["各县（区）人民政府（管委会）", "市府直属各部门"], []),
        ("省发展改革委、教育厅、工业和信息化厅、文化和旅游厅按职责分工落实",
         [], [], ["省发展改革委", "教育厅", "工业和信息化厅", "文化和旅游厅"]),
        ("各区县政府及市政府办公室分别牵头；市发展改革局、自然资源局和有关单位按职责分工落实",
         ["各区县政府", "市政府办公室"], ["市发展改革局", "自然资源局", "有关单位"], []),
        ("市发展改革局、市教育局按照职能分工牵头，市水务局、市林业局等单位配合",
         ["市发展改革局", "市教育局"], ["市水务局", "市林业局"], []),
        ("办公室牵头，各科室配合", ["办公室"], ["各科室"], []),
        ("区党政办(宣传科、政务服务中心) 牵头, 各单位按职责分工落实", ["区党政办(宣传科、政务服务中心)"], ["各单位"], []),
        ("规划信息化科、医政医管科、宣教科等有关科室", [], [], ["规划信息化科", "医政医管科", "宣教科"]),
        ("办公室、宣教科牵头，局机关各科室配合，局直属各单位落实", ["办公室", "宣教科"], ["局机关各科室", "局直属各单位"], []),
        ("市府办公室负责，各县区政府协助", ["市府办公室"], ["各县区政府"], []),
        ("", [], [], []),
    ],
)
def test_parse_units(text, lead, support, responsible):
    units = parse_units(text)
    assert list(units.lead) == lead
    assert list(units.support) == support
    assert list(units.responsible) == responsible


@pytest.mark.parametrize(
    "text, lead, support, responsible",
    [
        # DECISIONS: an unclosed bracket closes at the next clause separator (，；。 or the end).
        ("各县（区）人民政府（管委会，市府直属各部门配合", [], ["各县（区）人民政府（管委会）", "市府直属各部门"], []),
        ("各县（区）人民政府（管委会", [], [], ["各县（区）人民政府（管委会）"]),
        ("市政府办公室牵头；各县（区）人民政府（管委会", ["市政府办公室"], [], ["各县（区）人民政府（管委会）"]),
        # 、 is not a clause separator: the bracket holds both sub-units, as when it is closed.
        ("区党政办（文秘科、宣传科牵头，各单位配合", ["区党政办（文秘科、宣传科）"], ["各单位"], []),
        ("市教育局(各学校配合", [], ["市教育局(各学校)"], []),
        ("市文化和旅游局（文物局牵头", ["市文化和旅游局（文物局）"], [], []),
        # 和 / 及 join names of the clause: after words that end like a unit the bracket closes.
        ("市府办公室牵头，各县（区）人民政府（管委会和市府直属各部门配合",
         ["市府办公室"], ["各县（区）人民政府（管委会）", "市府直属各部门"], []),
        ("市政府（工业和信息化局牵头", ["市政府（工业和信息化局）"], [], []),
        # A closer with no opener (the rest of a name cut by a page break) is left alone.
        ("管委会）牵头", ["管委会）"], [], []),
    ],
)
def test_an_unclosed_bracket_closes_at_the_clause_end(text, lead, support, responsible):
    units = parse_units(text)
    assert (list(units.lead), list(units.support), list(units.responsible)) == (lead, support, responsible)
    assert units.as_written == text  # the written text stays as written


def test_a_piece_that_is_not_a_name_stays_in_the_text_only():
    units = parse_units("各县（区）人民政府（管委会）牵头，目录范围应当涵盖各镇人民政府、街道办事处")
    assert units.lead == ("各县（区）人民政府（管委会）",)
    assert not any("目录" in n for n in units.names)
    assert "目录范围应当涵盖" in units.as_written


@pytest.mark.parametrize(
    "text, is_units",
    [
        ("宣教科、政策法规与体改科牵头，局机关各科室配合", True),
        ("局机关各科室", True),
        ("各县（区）人民政府（管委会），市府直属各部门", True),
        ("府网站、政务新媒体 运维管理水平。", False),
        ("推进市政府现行有效行政规范性文件库建设。", False),
        ("全年工作", False),
    ],
)
def test_units_lines(text, is_units):
    assert looks_like_units_text(text) is is_units


@pytest.mark.parametrize(
    "text, year, kind, due",
    [
        ("2021年底前", 2021, "date", "2021-12-31"),
        ("2020年年底前", 2020, "date", "2020-12-31"),
        ("2022年12月底前", 2022, "date", "2022-12-31"),
        ("2022年6月底前", 2022, "date", "2022-06-30"),
        ("2021年8月前", 2021, "date", "2021-07-31"),
        ("2021年9月30日前", 2021, "date", "2021-09-30"),
        ("2022年上半年", 2022, "date", "2022-06-30"),
        ("2022年第三季度", 2022, "date", "2022-09-30"),
        ("6月底前", 2023, "date", "2023-06-30"),
        ("全年工作", 2022, "year_end", "2022-12-31"),
        ("年底前", 2021, "year_end", "2021-12-31"),
        ("全年", 2021, "year_end", "2021-12-31"),
        ("持续推进", 2021, "continuous", None),
        ("长期坚持", 2021, "continuous", None),
        ("常态化", 2021, "continuous", None),
        ("每月25日前", 2021, "recurring", None),
        ("季后15日前", 2021, "recurring", None),
    ],
)
def test_parse_time_limit(text, year, kind, due):
    tl = parse_time_limit(text, year)
    assert tl.text == text
    assert (tl.kind, tl.due) == (kind, due)


def test_relative_time_limit_counts_from_the_issue_date():
    tl = parse_time_limit("本文印发30日内", 2021, issued="2021-07-26")
    assert (tl.kind, tl.due) == ("relative", "2021-08-25")
    assert parse_time_limit("本文印发30日内", 2021).due is None


@pytest.mark.parametrize(
    "text, phrase, due",
    [
        ("全面推进规章集中统一公开，2021年底前将本地区现行有效规章集中公开。", "2021年底前", "2021-12-31"),
        ("依托平台于2022年12月底前完成专栏建设", "2022年12月底前", "2022-12-31"),
        ("持续推进政务公开", None, None),
        ("涉及 26 个领域", None, None),
    ],
)
def test_deadline_in_running_text(text, phrase, due):
    tl = find_date_phrase(text, 2021)
    if phrase is None:
        assert tl is None
    else:
        assert (tl.text, tl.due) == (phrase, due)


@pytest.mark.parametrize("line, expected", [("全年工作", True), ("持续推进", True), ("2021年底前", True),
                                            ("每月25日前", True), ("宣教科牵头", False), ("2021年政务公开工作要点", False)])
def test_time_limit_lines(line, expected):
    assert looks_like_time_limit_line(line) is expected


@pytest.mark.parametrize(
    "text, style, ordinal, label",
    [
        ("一、优化", "一、", 1, "一、"),
        ("十二、其他", "一、", 12, "十二、"),
        ("（十一）落实", "（一）", 11, "（十一）"),
        ("(四) 做好", "（一）", 4, "（四）"),
        ("1.推进", "1.", 1, "1."),
        ("31.2022年底前", "1.", 31, "31."),
        ("3、做好", "1.", 3, "3."),
        ("（2）做好", "（1）", 2, "（2）"),
        ("2）做好", "1）", 2, "2）"),
        ("③做好", "①", 3, "③"),
    ],
)
def test_labels(text, style, ordinal, label):
    lab = L.parse_label(text)
    assert (lab.style, lab.ordinal, lab.text) == (style, ordinal, label)


@pytest.mark.parametrize("text", ["1.5倍", "2021年底前", "12345热线", "<p>1."])
def test_not_labels(text):
    assert L.parse_label(text) is None


def test_bare_numbers_never_before_year_or_count():
    assert L.parse_bare_number("35落实") is not None
    assert L.parse_bare_number("26 个领域") is None
    assert L.parse_bare_number("2021年") is None
    assert L.parse_bare_number("30日内") is None


def test_items_inside_a_cell_only_at_the_exact_next_number():
    text = "3.公开清单。 4.公开方案。 涉及 6 个领域 5.强化执法。"
    assert [n for n, _, _ in L.find_items(text, 4)] == [4, 5]


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("<p>做好 各类规划主 动公开</p>", "做好各类规划主动公开"),
        ("2021 年底前将本区", "2021年底前将本区"),
        ("本文印发 30 日内", "本文印发30日内"),
        ("版本, 在本机关", "版本,在本机关"),
        ("12345 政务服务", "12345政务服务"),
        ("support IPv6 protocol", "support IPv6 protocol"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_title_drops_trailing_full_stop():
    assert clean_title("（一）深化规章集中公开。".removeprefix("（一）")) == "深化规章集中公开"


def test_strip_control_removes_escapes_and_controls_but_keeps_newlines():
    text, removed = strip_control("a\x1b[31mred\x1b[0m\x00b\tc\nd\x07\x1b]8;;http://x\x07link")
    assert removed
    assert text == "aredb\tc\ndlink"
    assert strip_control("plain\n文字") == ("plain\n文字", False)
