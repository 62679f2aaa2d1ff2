"""The committed sample.db is what the project's own importer builds from samples/."""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_sample_db import ACTOR, FIXED_CLOCK, build  # noqa: E402

from store.exporting.json_export import export_json  # noqa: E402
from store.ledger import Ledger  # noqa: E402


def _export(path: Path) -> dict:
    with Ledger(path, clock=lambda: FIXED_CLOCK, actor=ACTOR, read_only=True) as ledger:
        return export_json(ledger)


def test_committed_sample_db_equals_a_fresh_build(tmp_path):
    fresh = build(tmp_path / "fresh.db")
    committed = tmp_path / "committed.db"
    shutil.copyfile(ROOT / "sample.db", committed)
    assert _export(committed) == _export(fresh)


def test_sample_db_is_committed_checkpointed_and_opening_it_changes_nothing(tmp_path):
    assert not (ROOT / "sample.db-wal").exists() and not (ROOT / "sample.db-shm").exists()
    copy = tmp_path / "sample.db"
    shutil.copyfile(ROOT / "sample.db", copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    with Ledger(copy, actor="someone") as ledger:
        assert len(ledger.plans()) == 5
        assert sum(p.progress.total for p in ledger.plans()) == 223
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    # WAL mode is recorded in the header (bytes 18 and 19 are 2 for WAL).
    assert copy.read_bytes()[18:20] == b"\x02\x02"
