"""Time limits: the phrase as written, what kind it is, and the due date it means.

Kinds (DECISIONS.md): `date` (2022年6月底前 → 06-30; 2021年8月前 → 07-31), `year_end` (年底前,
全年, 全年工作), `continuous` (持续推进, 长期, 常态化: no due date), `recurring` (每月25日前: no
due date), `relative` (本文印发30日内: due from the issue date when known).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from store.textrules import squeeze


@dataclass(frozen=True)
class TimeLimit:
    text: str
    kind: str
    due: str | None = None


_Y = r"(?P<y>(?:19|20)\d{2})\s*年"
_M = r"(?P<m>1[0-2]|0?[1-9])\s*月"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号]"

_DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ymd", re.compile(rf"{_Y}\s*{_M}\s*{_D}\s*(?:前|之前|以前|止|完成|底前)?")),
    ("ym_end", re.compile(rf"{_Y}\s*{_M}\s*(?:底|末)\s*(?:前|之前|以前)?")),
    ("ym_before", re.compile(rf"{_Y}\s*{_M}\s*(?:前|之前|以前)")),
    ("ym", re.compile(rf"{_Y}\s*{_M}(?:份)?(?:完成|内)?")),
    ("y_half", re.compile(rf"{_Y}\s*(?P<half>上半年|下半年)\s*(?:底|末)?\s*(?:前|之前)?")),
    ("y_quarter", re.compile(rf"{_Y}\s*(?:第\s*)?(?P<q>[一二三四1-4])\s*季度\s*(?:末|底)?\s*(?:前|之前)?")),
    ("y_end", re.compile(rf"{_Y}\s*(?:年)?\s*(?:底|末|内|年底|年末)\s*(?:前|之前|以前)?")),
    ("y_end", re.compile(rf"{_Y}\s*(?:全年|年内|12月底)")),
    ("md_end", re.compile(rf"(?<![\d年]){_M}\s*(?:底|末)\s*(?:前|之前)?")),
    ("md", re.compile(rf"(?<![\d年]){_M}\s*{_D}\s*(?:前|之前|以前)")),
]
_YEAR_END = re.compile(r"^(?:年底前|年底|年末|年内|全年|全年工作|全年推进|全年落实|年度内|本年度|今年内|年底前完成)")
_CONTINUOUS = re.compile(r"持续推进|长期坚持|长期|常态化|持续开展|持续|经常性|长效")
_RECURRING = re.compile(r"^(?:每(?:月|季|季度|年|半年|周|旬)|季后|月底前报|逐月|按月|按季|定期)")
_RELATIVE = re.compile(r"(?:本(?:文|通知|方案)?印发|印发之日起|印发后)\s*(?P<n>\d+)\s*(?:个)?\s*(?P<unit>日|天|个?工作日|个?月)\s*(?:内|前)")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _date_from(kind: str, m: re.Match, plan_year: int | None) -> date | None:
    gd = m.groupdict()
    y = int(gd["y"]) if gd.get("y") else plan_year
    if y is None:
        return None
    try:
        if kind == "ymd" or kind == "md":
            return date(y, int(gd["m"]), int(gd["d"]))
        if kind in ("ym_end", "md_end", "ym"):
            return _month_end(y, int(gd["m"]))
        if kind == "ym_before":
            month = int(gd["m"])
            return date(y - 1, 12, 31) if month == 1 else _month_end(y, month - 1)
        if kind == "y_half":
            return date(y, 6, 30) if gd["half"] == "上半年" else date(y, 12, 31)
        if kind == "y_quarter":
            return _month_end(y, _QUARTER[gd["q"]] * 3)
        if kind == "y_end":
            return date(y, 12, 31)
    except ValueError:
        return None
    return None


def find_date_phrase(text: str, plan_year: int | None = None) -> TimeLimit | None:
    """The first deadline phrase that names a date in running text ("2021年底前")."""
    flat = text.replace("\n", " ")
    best: tuple[int, str, re.Match] | None = None
    for kind, pattern in _DATE_PATTERNS:
        if kind in ("md", "md_end", "ym"):
            continue  # in running text a month alone, or a bare year-month, is not a deadline
        for m in pattern.finditer(flat):
            if best is None or m.start() < best[0] or (m.start() == best[0] and len(m.group(0)) > len(best[2].group(0))):
                best = (m.start(), kind, m)
            break
    if best is None:
        return None
    _, kind, m = best
    when = _date_from(kind, m, plan_year)
    phrase = squeeze(m.group(0))
    return TimeLimit(phrase, "date", when.isoformat() if when else None)


def parse_time_limit(text: str | None, plan_year: int | None = None, issued: str | None = None) -> TimeLimit | None:
    """Read a time-limit cell or line. Returns None for an empty one."""
    if not text:
        return None
    written = squeeze(text.replace("\n", " "))
    if not written:
        return None
    compact = written.replace(" ", "")
    rel = _RELATIVE.search(compact)
    if rel:
        due = None
        if issued:
            try:
                start = date.fromisoformat(issued[:10])
                n = int(rel.group("n"))
                unit = rel.group("unit")
                if unit.endswith("月"):
                    month = start.month - 1 + n
                    y, mo = start.year + month // 12, month % 12 + 1
                    due = date(y, mo, min(start.day, calendar.monthrange(y, mo)[1])).isoformat()
                else:
                    due = (start + timedelta(days=n)).isoformat()
            except ValueError:
                due = None
        return TimeLimit(written, "relative", due)
    if _RECURRING.search(compact):
        return TimeLimit(written, "recurring", None)
    for kind, pattern in _DATE_PATTERNS:
        m = pattern.search(compact)
        if m:
            when = _date_from(kind, m, plan_year)
            return TimeLimit(written, "date", when.isoformat() if when else None)
    if _YEAR_END.search(compact) or "年底" in compact or "全年" in compact:
        due = date(plan_year, 12, 31).isoformat() if plan_year else None
        return TimeLimit(written, "year_end", due)
    if _CONTINUOUS.search(compact):
        return TimeLimit(written, "continuous", None)
    return TimeLimit(written, "unknown", None)


_LINE_WORDS = re.compile(
    r"^(?:完成时限[:：]?)?(?:全年工作|全年|年底前|年内|长期坚持|长期|持续推进|持续开展|常态化|常态化推进"
    r"|每(?:月|季度?|年|半年)\S{0,12}|季后\S{0,8}"
    r"|(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?(?:前|之前|以前|完成)"
    r"|(?:19|20)\d{2}年(?:年底|底|内)(?:前|之前)?(?:完成)?"
    r"|本文印发\d+(?:个)?(?:日|天|工作日|月)内)$"
)


def looks_like_time_limit_line(text: str) -> bool:
    """Is a whole line a time limit (prose plans put 全年工作 on a line of its own)?"""
    compact = squeeze(text).replace(" ", "")
    if not compact or len(compact) > 24:
        return False
    return bool(_LINE_WORDS.match(compact))
