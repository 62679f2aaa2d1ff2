"""The checkout itself: no merge left half done."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)


def test_no_conflict_markers_in_the_sources_and_docs():
    found = []
    for pattern in ("*.md", "*.toml", "*.tcss", "**/*.py", ".ci/run"):
        for path in ROOT.glob(pattern):
            if any(part in (".venv", "build", ".git") for part in path.parts):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if MARKER.search(text):
                found.append(str(path.relative_to(ROOT)))
    assert found == []
