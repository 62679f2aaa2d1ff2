"""How long the consolidation takes on the sample: forms out for every unit of one plan, ten of
them filled (every lead and responsible row given a state and a note), then one merge.

    python bench/merge_round.py

Prints the figures; asserts nothing (timings belong here, not in the tests).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from store.forms import layout  # noqa: E402
from store.forms.merge import plan_merge  # noqa: E402
from store.forms.sending import write_forms  # noqa: E402
from store.ledger import Ledger  # noqa: E402


def fill(path: Path, out: Path) -> int:
    wb = load_workbook(path)
    ws = wb[layout.DATA_SHEET]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == layout.HEADERS["key"])
    cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    n = 0
    for r in range(head + 1, ws.max_row + 1):
        ws.cell(r, cols[layout.HEADERS["state"]]).value = ("已完成", "推进中", "滞后")[n % 3]
        ws.cell(r, cols[layout.HEADERS["progress"]]).value = f"第{n}项工作已按计划推进，材料已报送。"
        n += 1
    wb.save(out)
    return n


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="tz-merge-"))
    try:
        db = work / "t.db"
        shutil.copyfile(ROOT / "sample.db", db)
        with Ledger(db, actor="bench") as ledger:
            plan = ledger.plans()[0].id
            r = ledger.new_round("bench", due="2099-12-31", plan_ids=[plan])
            t0 = time.perf_counter()
            written = write_forms(ledger, work / "forms", round_=r)
            t_forms = time.perf_counter() - t0
            back = work / "back"
            back.mkdir()
            rows = sum(fill(w.path, back / w.path.name) for w in written[:10])
            files = sorted(back.glob("*.xlsx"))
            t0 = time.perf_counter()
            preview = plan_merge(ledger, files)
            t_preview = time.perf_counter() - t0
            t0 = time.perf_counter()
            result = ledger.apply_merge(preview)
            t_apply = time.perf_counter() - t0
        print(f"forms written        {len(written):>6}   {t_forms:6.2f} s  ({sum(w.tasks for w in written)} rows)")
        print(f"forms merged         {len(files):>6}   rows read {rows}")
        print(f"  preview (read+plan)         {t_preview:6.2f} s")
        print(f"  apply (one transaction)     {t_apply:6.2f} s  states {result.states}, notes {result.notes}")
        print(f"  merge in all                {t_preview + t_apply:6.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
