"""The text rules are the lowest layer: units, time limits and unit names build on them, and none
of them reaches up into the importer (issue 22: text rules ← importing)."""
from __future__ import annotations

import subprocess
import sys

import pytest

LOW = ["store.textrules", "store.textclean", "store.units", "store.timelimits", "store.unitnames"]


@pytest.mark.parametrize("module", LOW)
def test_text_rules_import_nothing_from_the_importer(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('store.importing', 'store.ledger', 'textual', 'rich')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
