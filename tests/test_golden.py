"""The five sample plans import to exactly what tests/expected.json says.

Every section (label, title, the task numbers it holds, in order) and every spot check is
compared exactly; the prose `note` entries are exempt.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from store.importing import read_plan

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "tests" / "expected.json").read_text(encoding="utf-8"))
SAMPLES = sorted(EXPECTED)


def _tree(sections):
    out = []
    for s in sections:
        node = {"title": s.title, "tasks": [int(t.no) for t in s.tasks]}
        if s.label:
            node["label"] = s.label
        if s.sections:
            node["sections"] = _tree(s.sections)
        out.append(node)
    return out


def _expected_tree(sections):
    out = []
    for s in sections:
        node = {"title": s["title"], "tasks": list(s.get("tasks") or [])}
        if s.get("label"):
            node["label"] = s["label"]
        if s.get("sections"):
            node["sections"] = _expected_tree(s["sections"])
        out.append(node)
    return out


@pytest.fixture(scope="module")
def drafts():
    return {name: read_plan(ROOT / "samples" / name)[0] for name in SAMPLES}


@pytest.mark.parametrize("name", SAMPLES)
def test_section_tree_is_exact(drafts, name):
    assert _tree(drafts[name].sections) == _expected_tree(EXPECTED[name]["sections"])


@pytest.mark.parametrize("name", SAMPLES)
def test_task_count_and_plan_fields(drafts, name):
    exp, draft = EXPECTED[name], drafts[name]
    assert len(list(draft.iter_tasks())) == exp["task_count"]
    assert draft.title == exp["title"]
    assert draft.year == exp["year"]
    for key in ("issuer", "doc_no", "issued"):
        if key in exp:
            assert getattr(draft, key) == exp[key]


@pytest.mark.parametrize("name", SAMPLES)
def test_spot_checks(drafts, name):
    tasks = {int(t.no): t for t in drafts[name].iter_tasks()}
    for check in EXPECTED[name]["checks"]:
        if "task" not in check:
            continue
        t = tasks[check["task"]]
        text = re.sub(r"\s+", "", t.text)
        units = re.sub(r"\s+", "", t.units or "")
        for key, value in check.items():
            if key == "task":
                continue
            if key == "text_contains":
                assert value in text, (check["task"], key)
            elif key == "text_not_contains":
                assert value not in t.text and value not in text, (check["task"], key)
            elif key == "units_contains":
                assert value in units, (check["task"], key)
            elif key == "lead_contains":
                assert any(value in name and "牵头" not in name for name in t.lead), (check["task"], t.lead)
            elif key == "time_limit":
                assert value in (t.time_limit or ""), (check["task"], t.time_limit)
            elif key == "due":
                assert t.due == value, (check["task"], t.due)
            else:
                pytest.fail(f"unknown check {key}")


@pytest.mark.parametrize("name", SAMPLES)
def test_no_task_text_starts_with_its_number_or_holds_tags(drafts, name):
    for t in drafts[name].iter_tasks():
        assert not re.match(rf"\s*0*{t.no}\s*[.．、]", t.text)
        assert "<p>" not in t.text and "</p>" not in t.text
        assert t.units, f"task {t.no} has no units"


def test_all_five_give_223_tasks(drafts):
    assert sum(len(list(d.iter_tasks())) for d in drafts.values()) == 223
