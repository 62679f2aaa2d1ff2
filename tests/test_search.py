"""Search: Chinese words of any length, pinyin initials, unit names first, markup as text."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MARKUP, TickingClock, make_draft
from store import schema
from store.ledger import Ledger
from store.drafts import PlanDraft, SectionDraft, TaskDraft
from store.pinyin import initials, text_initial_tokens
from store.search import phrase, spaced, task_match, terms, unit_match

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021年", "2021 年"),
        ("疫情防控", "疫 情 防 控"),
        ("ABC发改委", "abc 发 改 委"),
        ("２０２１年底前", "2021 年 底 前"),  # full-width folded
        ("[bold]x[/] 标记", "[bold]x[/] 标 记"),
        ("  多个   空格 ", "多 个 空 格"),
        ("", ""),
        (None, ""),
    ],
)
def test_spaced(text, expected):
    assert spaced(text) == expected


def test_phrase_escapes_quotes():
    assert phrase("疫情") == '"疫 情"'
    assert phrase('a"b') == '"a""b"'


def test_terms_drop_words_without_letters():
    assert terms("  疫情  ，， 年报 ") == ["疫情", "年报"]
    assert terms("，。") == [] and task_match("，。") is None and unit_match("") is None


@pytest.mark.parametrize(
    "name, expected",
    [("发展改革委", "fzggw"), ("发改委", "fgw"), ("卫健局", "wjj"), ("重庆市", "cqs"),
     ("12345热线办", "12345rxb"), ("区党政办（文秘科）", "qdzbwmk")],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_text_initial_tokens():
    assert text_initial_tokens("请卫健局牵头，做好") == ["qw", "wj", "jj", "jq", "qt", "zh"]
    assert text_initial_tokens("由 局 办") == ["y", "j", "b"]  # runs of one: one letter


def test_pypinyin_is_not_loaded_by_importing_store():
    code = ("import sys, store.ledger, store.search, store.pinyin, "
            "store.exporting.json_export, store.importing.json_reader; "
            "bad = [m for m in ('pypinyin', 'textual', 'rich') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---- through the ledger ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("疫情", [1, 2, 3, 4]),  # in task 1's text and in the title of section 一 (tasks 1-4)
        ("防控政策", [1]),
        ("年报", [3, 4]),  # task 3's text, and the subsection title above 3 and 4
        ("报", [3, 4]),  # one character
        ("疫", [1, 2, 3, 4]),
        ("考核", [6]),
        ("考核 评估", [6]),  # every word must match
        ("考核 疫情", []),
        ("政务公开平台", [5]),
        ("区党政办", [6]),  # X matches X（…）
        ("文秘科", [6]),
        ("各县（区）", [3]),
        ("各县(区)", [3]),  # half-width brackets fold to the same tokens
        ("十四五", [2]),
        ("不存在的词", []),
    ],
)
def test_search_words_of_any_length(ledger, plan_id, query, expected):
    assert ledger.search(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("fgw", [1, 2]),  # 市发展改革委 through its alias 市发改委, without the 市
        ("FGW", [1, 2]),
        ("fzggw", [1, 2]),
        ("wjj", [1, 5]),  # 市卫健局 (task 5) and 市卫生健康局, whose alias it is (task 1)
        ("zsj", [4, 5]),  # 市政数局 = 市政务服务数据管理局
        ("qdzb", [6]),
        ("yqfk", [1]),  # initials of the text: 疫情防控 in task 1
        ("kh", [6]),  # 考核
        ("zwgkkhpg", [6]),  # 政务公开考核评估
        ("xyz", []),
    ],
)
def test_search_pinyin_initials(ledger, plan_id, query, expected):
    assert ledger.search(query) == expected


def test_unit_matches_rank_first():
    """A task whose text names the unit comes after the tasks the unit is assigned to, even
    when it is earlier in the plan."""

    def task(no, text, lead):
        return TaskDraft(no=no, text=text, units=lead, lead=(lead,))

    draft = PlanDraft(
        title="排序",
        sections=(SectionDraft("一、", "总体", tasks=(
            task("1", "配合市财政局做好预算公开。", "市农业农村局"),
            task("2", "做好决算公开。", "市财政局"),
            task("3", "其他工作。", "市司法局"),
            task("4", "做好国有资产报告。", "市财政局"),
        )),),
    )
    with tempfile.TemporaryDirectory() as d, Ledger(Path(d) / "t.db",
                                                   clock=TickingClock()) as led:
        led.import_plan(draft)
        assert led.search("财政局") == [2, 4, 1]
        assert led.search("czj") == [2, 4, 1]  # 1 by the initials of its text
        assert led.search("财政局", limit=2) == [2, 4]
        assert led.search("公开") == [1, 2]


def test_markup_is_searched_and_kept_as_text(ledger, plan_id):
    assert ledger.search("[bold]x[/]") == [4]
    assert ledger.search("bold") == [4]
    assert ledger.search("[/]") == []  # no letters: nothing to search for
    assert ledger.task(4).text == MARKUP


@pytest.mark.parametrize("query, plain", [
    ('""疫情', "疫情"), ('疫情"', "疫情"), ("^疫", "疫"), ("x*", "x"),
])
def test_fts_syntax_in_a_query_is_text_not_an_operator(ledger, plan_id, query, plain):
    """Quotes, ^ and * are not FTS5 syntax here: the query finds what its words find."""
    assert ledger.search(plain)  # (something to find)
    assert ledger.search(query) == ledger.search(plain)


@pytest.mark.parametrize("query", ['"', "OR", "AND 疫情", "NEAR(", "*", "a:b", "{body}", "-"])
def test_queries_of_fts_keywords_and_signs_find_nothing_and_do_not_fail(ledger, plan_id, query):
    """OR, AND, NEAR, column filters and lone signs are words or nothing, never syntax that
    widens the search (AND 疫情 needs a task holding the word "and")."""
    assert ledger.search(query) == []


def test_quoted_query_still_finds(ledger, plan_id):
    assert ledger.search('"疫情防控政策"') == [1]
    assert ledger.search("^疫情防控政策") == [1]


def test_notes_are_searched_in_the_same_transaction(ledger, plan_id):
    note = ledger.add_note(5, "已报送督办")
    assert ledger.search("督办") == [5]
    ledger.edit_note(note.id, "已报送审核")
    assert ledger.search("督办") == [] and ledger.search("审核") == [5]
    ledger.delete_note(note.id)
    assert ledger.search("审核") == []
    ledger.undo()  # undelete
    assert ledger.search("审核") == [5]


def test_notes_from_the_draft_are_searched(ledger, plan_id):
    assert ledger.search("专题会议") == [2]


def test_full_width_and_mixed(ledger):
    ledger.import_plan(make_draft(extra_task="2021年底前完成ABC评估"))
    assert ledger.search("2021年") == [6]
    assert ledger.search("２０２１") == [6]
    assert ledger.search("abc") == [6]


def test_search_after_reimport_and_many_plans(ledger, draft):
    ledger.import_plan(draft)
    ledger.import_plan(replace(make_draft(title="第二个"), sha256="f" * 64))
    assert ledger.search("年报") == [3, 4, 9, 10]  # plan order, then seq


def test_search_limit(ledger, plan_id):
    assert ledger.search("疫情", limit=2) == [1, 2]


# ---- the phrase trick itself, on a bare FTS table ----------------------------------------

CJK = "疫情防控年报政务公开发改委卫健局市区县做好工作推进落实"


@settings(deadline=None, derandomize=True, max_examples=150)
@given(st.text(alphabet=CJK + "0123456789，。 ", min_size=1, max_size=40), st.data())
def test_any_cjk_substring_is_found(text, data):
    """Every substring that starts and ends on a CJK character is found as a phrase."""
    spots = [i for i, ch in enumerate(text) if ch in CJK]
    if not spots:
        return
    start = data.draw(st.sampled_from(spots))
    end = data.draw(st.sampled_from([i for i in spots if i >= start]))
    query = text[start : end + 1]
    conn = sqlite3.connect(":memory:")
    ddl = schema.SCHEMA_V1[schema.SCHEMA_V1.index("CREATE VIRTUAL TABLE task_search"):]
    conn.execute(ddl[: ddl.index(";") + 1])
    conn.execute("INSERT INTO task_search (rowid, body, units, initials) VALUES (1, ?, '', '')",
                 (spaced(text),))
    hits = conn.execute("SELECT rowid FROM task_search WHERE task_search MATCH ?",
                        (task_match(query),)).fetchall()
    assert hits == [(1,)], (text, query)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_index_form_puts_every_cjk_character_apart_and_nothing_else(text):
    """spaced() against its definition written as a regular expression: NFKC, lower case, a
    space on both sides of each CJK character (the unicode61 token rule), spaces collapsed."""
    import re
    import unicodedata

    cjk = re.compile(r"([\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f"
                     r"\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                     r"\U00020000-\U0003134f])")
    folded = unicodedata.normalize("NFKC", text).lower()
    assert spaced(text) == re.sub(r"\s+", " ", cjk.sub(r" \1 ", folded)).strip()
