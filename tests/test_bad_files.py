"""Odd files: each imports with warnings or is refused with a message naming the problem, and a
refusal leaves the database exactly as it was. Small files live in tests/data/bad/; the large
ones (50 MB, a 1 MB line) are made here."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.errors import ImportFailed
from store.importing import read_plan
from store.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"

# file → ("refused", why code) or ("imported", task count, warning codes that must appear)
CASES = {
    "empty.txt": ("refused", "import.empty"),
    "junk.txt": ("refused", "import.binary"),
    "picture.txt": ("refused", "import.binary"),
    "no_tasks.txt": ("refused", "import.no_tasks"),
    "gb18030.txt": ("imported", 3, set()),
    "utf16.txt": ("imported", 3, set()),
    "out_of_order.txt": ("imported", 4, {"warn.gap", "warn.duplicate"}),
    "duplicate.txt": ("imported", 3, {"warn.duplicate"}),
    "nul_bytes.txt": ("imported", 3, {"warn.control_chars"}),
    "control.txt": ("imported", 3, {"warn.control_chars"}),
    "markup.txt": ("imported", 3, set()),
}


def _db_state(db: Path) -> str:
    """The database's content as its bytes plus those of its WAL (a refusal changes neither)."""
    h = hashlib.sha256()
    for p in (db, db.with_name(db.name + "-wal")):
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ledger.db"
    with Ledger(path, actor="t") as led:
        led.import_plan(read_plan(ROOT / "samples" / "003_d7a12fbcf31fc583.txt")[0])
        led.checkpoint()
    return path


def test_the_corpus_is_complete():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file(db, name):
    expected = CASES[name]
    before = _db_state(db)
    with Ledger(db, actor="t") as led:
        if expected[0] == "refused":
            with pytest.raises(ImportFailed) as info:
                for draft in read_plan(BAD / name):
                    led.import_plan(draft)
            assert info.value.why == expected[1]
            message = info.value.message("zh")
            assert name in message and len(message) > len(name) + 4
            assert info.value.message("en") != message
        else:
            drafts = read_plan(BAD / name)
            draft = drafts[0]
            tasks = list(draft.iter_tasks())
            assert len(tasks) == expected[1]
            assert expected[2] <= {w.code for w in draft.warnings}
            for t in tasks:
                assert all(ord(c) >= 32 or c in "\n\t" for c in t.text + (t.units or ""))
            result = led.import_plan(draft)
            assert not result.skipped and result.tasks == expected[1]
    if expected[0] == "refused":
        assert _db_state(db) == before


def test_markup_is_kept_as_the_characters_it_is():
    draft = read_plan(BAD / "markup.txt")[0]
    task = next(draft.iter_tasks())
    assert task.text == "公开[bold]规划[/]纲要[link=file:///etc/passwd]点我[/link]，2021年底前完成。"
    assert draft.sections[0].title == "[red]规划公开[/"


def test_escape_sequences_are_removed_not_acted_on():
    draft = read_plan(BAD / "control.txt")[0]
    task = next(draft.iter_tasks())
    assert task.text == "公开规划纲要，2021年底前完成。"
    assert "pwned" not in task.text


def _run_limited(code: str) -> dict:
    """Run an import in a child process and report its peak memory; a hang fails the test
    (the timeout), but how long it takes is the benchmark's business, not a test's."""
    script = (
        "import json, resource, sys\n"
        f"{code}\n"
        "print(json.dumps({'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "'outcome': outcome}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_a_50_mb_file_is_refused_within_memory(tmp_path):
    big = tmp_path / "big.txt"
    line = ("工作任务\t1.公开规划纲要。\t市财政局\n" * 1000).encode("utf-8")
    with open(big, "wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(line)
    r = _run_limited(
        "from store.importing import read_plan\nfrom store.errors import ImportFailed\n"
        f"try:\n    read_plan({str(big)!r}); outcome = 'imported'\n"
        "except ImportFailed as e:\n    outcome = e.why\n"
    )
    assert r["outcome"] == "import.too_large"
    assert r["peak_mb"] < 500


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_a_1_mb_line_imports_or_is_refused_within_limits(tmp_path):
    path = tmp_path / "long.txt"
    text = "工作任务\t具体要求\t责任单位\n规划\t1." + "公开规划纲要，" * 150_000 + "\t市财政局\n"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    r = _run_limited(
        "from store.importing import read_plan\nfrom store.errors import ImportFailed\n"
        f"try:\n    d = read_plan({str(path)!r})[0]; outcome = len(list(d.iter_tasks()))\n"
        "except ImportFailed as e:\n    outcome = e.why\n"
    )
    assert r["outcome"] == 1
    assert r["peak_mb"] < 500
