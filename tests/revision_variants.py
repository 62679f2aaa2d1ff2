"""Revised versions of the sample plans (issue 19), made from the samples by the edits a 修订版
brings: a task reworded, units changed, a task dropped, a task added, two tasks swapped, the
rest renumbered. Shared by the revision tests; `python tests/revision_variants.py OUT` writes
them for trying in the app."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_003 = ROOT / "samples" / "003_d7a12fbcf31fc583.txt"
SAMPLE_001 = ROOT / "samples" / "001_daa3ec869686ac31.txt"
REWORDED_001_2 = "加强数据共享和互联互通工作"

REWORDED_4 = "健全完善政策解读工作机制，围绕“六稳”“六保”加强重要政策的发布、解读和跟踪评估工作。"
ADDED = "建立政务公开工作台账，每季度对照要点逐项检查落实情况。"
NEW_UNITS_26 = "市政府办公室牵头，各县（区）人民政府（管委会）、市府直属各部门配合"
_TASK = re.compile(r"^\t(\d+)\.")


def _find(lines: list[str], no: int) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(f"\t{no}."))


def revised_003(text: str | None = None) -> str:
    """河源市's plan (sample 003), revised under the same title: task 4 reworded, task 26's
    units changed, task 18 dropped, a task added at the end of section 七, tasks 22 and 23
    swapped, all renumbered."""
    text = SAMPLE_003.read_text(encoding="utf-8") if text is None else text
    lines = text.split("\n")
    at = _find(lines, 4)
    lines[at] = "\t4." + REWORDED_4
    at = _find(lines, 26)
    lines[at + 1] = "\t" + NEW_UNITS_26
    a, b = _find(lines, 22), _find(lines, 23)
    lines[a:a + 2], lines[b:b + 2] = lines[b:b + 2], lines[a:a + 2]
    at = _find(lines, 25)
    lines[at + 2:at + 2] = ["", "\t", "\t99." + ADDED, "\t市府办公室牵头，市府直属各部门配合"]
    at = _find(lines, 18)
    del lines[at:at + 2]
    n = 0

    def renumber(line: str) -> str:
        nonlocal n
        if _TASK.match(line):
            n += 1
            return _TASK.sub(f"\t{n}.", line, count=1)
        return line

    return "\n".join(renumber(line) for line in lines)


def revised_001(text: str | None = None) -> str:
    """高新区's plan (sample 001, 文号 珠高办〔2021〕50号), revised: task 2 reworded, task 1's
    units changed (its cell, written once for that row)."""
    text = SAMPLE_001.read_text(encoding="utf-8") if text is None else text
    text = text.replace("加强数据互联互通工作", REWORDED_001_2, 1)
    return text.replace("区党政办（文秘科、宣传科）牵头，各单位按职责分工落实", "区党政办（文秘科）牵头，各单位按职责分工落实", 1)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    target = out / "河源市政务公开分工方案（修订版）.txt"
    target.write_text(revised_003(), encoding="utf-8")
    print(target)
    other = out / "高新区政务公开分工方案（修订）.txt"
    other.write_text(revised_001(), encoding="utf-8")
    print(other)
