"""A task sentence that carries its own units and deadline in a final bracket.

Prose plans often write a task as one sentence and put who does it, and by when, in a bracket at
its end: "建立工作台账，定期调度推进情况（办公室牵头，各科室配合，2023年6月底前）。". The rule, for
any plan: the last full-width bracketed clause of the text (only closing punctuation after it)
whose clauses are each a time limit or part of a units phrase, with at least one unit marker
(牵头 / 配合 / 负责 / 按职责分工 … / 落实) or at least one time limit, gives the task's units and
time limit, and leaves the text. A bracket holding anything else (an example, a scope, a law's
name) is text and stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from store.textrules import squeeze
from store.timelimits import find_date_phrase, looks_like_time_limit_line
from store.units import has_role_marker, parse_units

_TAIL_PUNCT = "。；;．.！？"
_CLAUSE = re.compile(r"[，,；;]")
# What may follow a date phrase in the same clause: "2023年6月底前完成".
_AFTER_DATE = re.compile(r"^(?:完成|办结|落实到位|落实|推进|止|为止)?$")
_MAX_CLAUSE = 160


@dataclass(frozen=True)
class Annotation:
    text: str
    """The task's text without the bracket (its closing punctuation kept)."""
    units: str | None
    time_limit: str | None


def _openers_closed_at_end(body: str) -> list[int]:
    """Where a bracket that the final ） closes may open: the opener it pairs with, and before it
    any opener left unclosed (an unclosed bracket inside, 各县（区）人民政府（管委会，…), outermost first."""
    stack: list[int] = []
    for i, ch in enumerate(body[:-1]):
        if ch == "（":
            stack.append(i)
        elif ch == "）" and stack:
            stack.pop()
    return stack  # the last one pairs with the final ）; the others are unclosed, outermost first


def _is_time(clause: str) -> bool:
    c = squeeze(clause).replace(" ", "")
    if not c:
        return False
    if looks_like_time_limit_line(c):
        return True
    found = find_date_phrase(c)
    if found is None:
        return False
    start = c.find(found.text.replace(" ", ""))
    return start == 0 and bool(_AFTER_DATE.match(c[len(found.text.replace(" ", "")):]))


def _read(content: str) -> tuple[str | None, str | None] | None:
    """(units, time limit) of a bracket's content, or None when it is not such a clause."""
    content = content.strip()
    if not content or len(content) > _MAX_CLAUSE or "。" in content:
        return None
    pieces = _CLAUSE.split(content)
    seps = _CLAUSE.findall(content)
    units_parts: list[str] = []
    times: list[str] = []
    for i, piece in enumerate(pieces):
        piece = piece.strip()
        if not piece:
            continue
        if _is_time(piece):
            times.append(squeeze(piece))
        else:
            units_parts.append(piece + (seps[i] if i < len(seps) else ""))
    units = "".join(units_parts).rstrip("，,；; ") or None
    if units is not None:
        if not (has_role_marker(units) or "落实" in units):
            return None
        parsed = parse_units(units)
        if not parsed.names or parsed.leftovers:
            return None
    if units is None and not times:
        return None
    return units, ("，".join(times) or None)


def trailing_annotation(text: str) -> Annotation | None:
    """The units and time limit a task's final bracket gives, or None."""
    stripped = text.rstrip()
    tail = ""
    while stripped and stripped[-1] in _TAIL_PUNCT:
        tail = stripped[-1] + tail
        stripped = stripped[:-1].rstrip()
    if not stripped.endswith("）"):
        return None
    for start in _openers_closed_at_end(stripped):
        read = _read(stripped[start + 1:-1])
        if read is None:
            continue
        before = stripped[:start].rstrip()
        if not before:
            return None  # the whole text is the bracket: it is the task
        if tail and before[-1] not in _TAIL_PUNCT:
            before += tail[0]
        return Annotation(before, read[0], read[1])
    return None
