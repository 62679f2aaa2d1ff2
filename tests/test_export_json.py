"""The JSON export through the registry: the v1 document, one task per line, that imports back."""
from __future__ import annotations

import json

import pytest

from conftest import TickingClock
from export_data import busy
from store.exporting import dumps_json, export_to
from store.exporting.json_export import export_json
from store.filtering import TaskFilter
from store.importing.json_reader import read_json
from store.ledger import Ledger
from test_json_roundtrip import walk_tasks, without_ids


@pytest.fixture
def plans(ledger):
    return busy(ledger)


def test_the_text_is_the_v1_document(ledger, plans):
    text = export_to(ledger, "json")
    doc = json.loads(text)
    assert doc["format"] == "taizhang" and doc["version"] == 1
    expected = export_json(ledger)
    doc.pop("exported_at"), expected.pop("exported_at")
    assert doc == expected
    task_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"key": ')]
    assert len(task_lines) == 11  # each task on a line of its own


def test_round_trip_into_an_empty_database(ledger, plans, tmp_path):
    text = export_to(ledger, "json")
    with Ledger(tmp_path / "other.db", clock=TickingClock()) as other:
        for draft in read_json(text):
            other.import_plan(draft)
        again = json.loads(export_to(other, "json"))
    assert without_ids(again) == without_ids(json.loads(text))
    states = [t["state"] for p in again["plans"] for t in walk_tasks(p["sections"])]
    assert states[:6] == ["done", "doing", "na", "todo", "doing", "todo"]


def test_filtered_json(ledger, plans):
    doc = json.loads(export_to(ledger, "json", task_filter=TaskFilter(states=("done",))))
    tasks = [t for p in doc["plans"] for t in walk_tasks(p["sections"])]
    assert [t["state"] for t in tasks] == ["done"] and len(doc["plans"]) == 1


def test_dumps_json_keeps_odd_text():
    doc = {"plans": [{"title": "\x000", "sections": [
        {"title": "0:0", "tasks": [{"text": '"\\u0000 1"'}, {"text": "\x00"}], "sections": []}]}]}
    assert json.loads(dumps_json(json.loads(json.dumps(doc)))) == doc
