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
        read_plan(path)
    except ImportFailed as exc:
        assert "random.txt" in exc.message("en")


@given(st.binary(min_size=1, max_size=400))
def test_sample_with_random_bytes_inside(tmp_path_factory, junk):
    raw = TEXTS[0].encode("utf-8")
    raw = raw[:5000] + junk + raw[5000:]
    path = tmp_path_factory.mktemp("spliced") / "spliced.txt"
    path.write_bytes(raw)
    try:
        read_plan(path)
    except ImportFailed:
        pass


def test_decode_prefers_utf8_and_falls_back_to_gb18030():
    assert decode("政务公开".encode("utf-8"), "x") == "政务公开"
    assert decode("政务公开".encode("gb18030"), "x") == "政务公开"
