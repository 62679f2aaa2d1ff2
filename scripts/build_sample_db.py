"""Rebuild sample.db from the sample plans under samples/, with the fixed clock.

    python scripts/build_sample_db.py [OUTPUT]      (default: sample.db at the top of the repo)

The file is written beside its target and moved into place, checkpointed, in WAL mode and with no
-wal/-shm files, so that it can be committed and compared by content with a fresh build.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.importing import read_plan  # noqa: E402
from store.ledger import Ledger  # noqa: E402

FIXED_CLOCK = datetime(2021, 10, 15, 10, 0, tzinfo=timezone(timedelta(hours=8)))
ACTOR = "taizhang"


def build(target: Path) -> Path:
    target = Path(target).resolve()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".sample-", suffix=".db")
    os.close(fd)
    os.unlink(tmp)
    try:
        ledger = Ledger(tmp, clock=lambda: FIXED_CLOCK, actor=ACTOR)
        try:
            for path in sorted((ROOT / "samples").glob("*.txt")):
                for draft in read_plan(path):
                    ledger.import_plan(draft, source="import")
            ledger.checkpoint()
        finally:
            ledger.close()
        os.replace(tmp, target)
    finally:
        # A failed build leaves no half-made file beside the real one.
        for suffix in ("", "-wal", "-shm"):
            Path(tmp + suffix).unlink(missing_ok=True)
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample.db")
    print(out)
