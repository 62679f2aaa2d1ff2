"""Property tests: whatever text arrives, the importer gives a plan or its own clear error."""
from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ImportFailed
from store.importing import read_plan, read_plan_text
from store.importing.text_reader import decode

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("0*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]

settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def _check(text: str) -> None:
    try:
        draft = read_plan_text(text)
    except ImportFailed as exc:
        assert exc.message("zh") and exc.message("en")
        return
    tasks = list(draft.iter_tasks())
    assert tasks
    for t in tasks:
        assert isinstance(t.text, str)
        assert all(ord(ch) >= 32 or ch in "\n\t" for ch in t.text)


@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    _check(text)


@given(st.sampled_from(range(len(TEXTS))), st.randoms(use_true_random=False), st.sampled_from(["drop", "shuffle", "truncate", "splice", "dup"]))
def test_mangled_samples(index, rnd: random.Random, how):
    lines = TEXTS[index].split("\n")
    if how == "drop":
        lines = [line for line in lines if rnd.random() > 0.2]
    elif how == "shuffle":
        rnd.shuffle(lines)
    elif how == "truncate":
        cut = rnd.randrange(len(lines))
        lines = lines[:cut] + [lines[cut][: rnd.randrange(len(lines[cut]) + 1)]]
    elif how == "splice":
        i = rnd.randrange(len(lines))
        junk = "".join(chr(rnd.randrange(0x20, 0x9FFF)) for _ in range(rnd.randrange(1, 80)))
        lines[i] = lines[i][: len(lines[i]) // 2] + junk + "\t" + lines[i][len(lines[i]) // 2:]
    else:
        i = rnd.randrange(len(lines))
        lines[i:i] = [lines[i]] * 3
    _check("\n".join(lines))


@given(st.binary(max_size=4000))
def test_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "random.txt"
    path.write_bytes(data)
    try:
        drafts = read_plan(path)
    except ImportFailed as exc:
        assert "random.txt" in exc.message("en")
        return
    _check_drafts(drafts)


def _check_drafts(drafts) -> None:
    """What an import that succeeds always gives: tasks, clean text, a reading it names."""
    assert drafts
    for draft in drafts:
        tasks = list(draft.iter_tasks())
        assert tasks and len(draft.sha256) == 64
        assert all(ord(ch) >= 32 or ch in "\n\t" for t in tasks for ch in t.text)
        assert draft.reading is not None and draft.reading.key in [r.key for r in draft.readings]


@given(st.binary(min_size=1, max_size=400))
def test_sample_with_random_bytes_inside(tmp_path_factory, junk):
    raw = TEXTS[0].encode("utf-8")
    raw = raw[:5000] + junk + raw[5000:]
    path = tmp_path_factory.mktemp("spliced") / "spliced.txt"
    path.write_bytes(raw)
    try:
        drafts = read_plan(path)
    except ImportFailed as exc:
        assert exc.message("zh") and "spliced.txt" in exc.message("en")
        return
    _check_drafts(drafts)
    assert sum(1 for d in drafts for _ in d.iter_tasks()) >= 40  # the junk costs a task or two at most


def test_decode_prefers_utf8_and_falls_back_to_gb18030():
    assert decode("政务公开".encode("utf-8"), "x") == "政务公开"
    assert decode("政务公开".encode("gb18030"), "x") == "政务公开"


FRAGMENTS = ["一、", "（一）", "(二)", "1.", "2、", "3．", "第一部分", "①", "|", " | ", "\t", " ", "　", "\n", "\r",
             "工作任务", "工 作 任 务", "具体要求", "责任单位", "牵头单位：", "配合单位：", "完成时限：", "牵头负责领导：",
             "市财政局", "省财政厅省发改委", "办公室牵头，各科室配合", "年底前", "2024年6月底前", "持续推进",
             "做好政策解读。", "加强监督", "附件下载：", "首页 > 政务公开", "經(jīng)濟", "牽頭單位", "3个工作日内", "---"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120))
def test_text_in_any_shape_gives_a_plan_or_a_clear_refusal(parts):
    """Whatever mix of labels, cells, bars, labelled lines, traditional characters and page
    furniture arrives, every reading either finds a plan or the import says why it did not."""
    text = "".join(parts)
    try:
        draft = read_plan_text(text)
    except ImportFailed as exc:
        assert exc.message("zh") and exc.message("en")
        return
    _check_drafts([draft])
