"""Label styles (一、 （一） 1. （1） 1） ①) and the task-number rules.

A label has a style and an ordinal. Which style is a heading and which is a task is decided per
plan (the deepest style that carries units or time limits is the task level), so this module
only recognises labels; `accept_number` says whether a number may start a task here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
_CN = "〇零一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        else:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
    return total + current


def int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


@dataclass(frozen=True)
class Label:
    style: str
    """One of: 一、 （一） 第一 1. （1） 1） ① 1 (a bare number: no dot)."""
    ordinal: int
    text: str
    """The label as it will be shown, half-width brackets made full-width: （四）."""
    rest: str
    """The text after the label."""


_OPEN = "[（(]"
_CLOSE = "[）)]"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("一、", re.compile(rf"^([{_CN}]+)\s*[、．.]\s*")),
    ("（一）", re.compile(rf"^{_OPEN}\s*([{_CN}]+)\s*{_CLOSE}\s*[、．.]?\s*")),
    ("第一", re.compile(rf"^第\s*([{_CN}\d]+)\s*(部分|[章节篇条项部])\s*[、．.：:]?\s*")),
    ("（1）", re.compile(rf"^{_OPEN}\s*(\d{{1,3}})\s*{_CLOSE}\s*[、．.]?\s*")),
    ("1.", re.compile(r"^(\d{1,3})\s*(?:[.．、](?=\d{4}\s*年)|[.．、](?!\d))\s*")),
    ("1）", re.compile(rf"^(\d{{1,3}})\s*{_CLOSE}\s*")),
    ("①", re.compile(rf"^([{CIRCLED}])\s*[、．.]?\s*")),
]
# "31.2022年底前": a task number then a year is fine; "1.5倍" (a decimal) is not a label.
_BARE = re.compile(r"^(\d{1,3})(?!\d|\s*[年月日个项次%％.．、）)号级岁人元万亿倍])\s*")


def parse_label(text: str) -> Label | None:
    """The label at the start of `text`, if any (the bare-number style is left to the caller)."""
    for style, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1)
        if style == "①":
            ordinal = CIRCLED.index(raw) + 1
        elif raw.isdigit():
            ordinal = int(raw)
        else:
            ordinal = cn_to_int(raw)
        if ordinal is None:
            continue
        if style == "一、":
            shown = f"{raw}、"
        elif style == "（一）":
            shown = f"（{raw}）"
        elif style == "第一":
            shown = f"第{raw}{m.group(2)}"
            style = f"第一{m.group(2)}"
        elif style == "（1）":
            shown = f"（{raw}）"
        elif style == "1.":
            shown = f"{raw}."
        elif style == "1）":
            shown = f"{raw}）"
        else:
            shown = raw
        return Label(style, ordinal, shown, text[m.end():])
    return None


def parse_bare_number(text: str) -> Label | None:
    """A number with no dot ("35落实"): a task only when it is exactly the next one."""
    m = _BARE.match(text)
    if not m:
        return None
    return Label("1", int(m.group(1)), m.group(1), text[m.end():])


NUMBER_STYLES = {"1.", "1", "（1）", "1）", "①"}


def is_number_style(style: str) -> bool:
    return style in NUMBER_STYLES


def same_family(a: str, b: str) -> bool:
    """The dotted and the bare arabic number are one numbering ("34." then "35落实")."""
    fam = {"1": "1.", "1.": "1."}
    return fam.get(a, a) == fam.get(b, b)


# An item inside a cell: after a space, 。, ；, a newline or a tag; only the exact next number.
_ITEM_START = re.compile(r"(?:(?<=[\s。；;！？!?])|(?<=^))[（(]?(\d{1,3})")


def find_items(text: str, first_expected: int) -> list[tuple[int, int, int]]:
    """Positions where items numbered first_expected, +1, … start inside a cell.

    Returns (number, start of label, start of the item's text). Only the exact next number counts,
    and never a number before 年 月 日 个 项 次 % ("涉及 26 个领域" is text).
    """
    found: list[tuple[int, int, int]] = []
    expected = first_expected
    for m in _ITEM_START.finditer(text):
        if m.start() == 0:
            continue
        n = int(m.group(1))
        if n != expected:
            continue
        label = parse_label(text[m.start():]) or parse_bare_number(text[m.start():])
        if label is None or label.ordinal != n or not is_number_style(label.style):
            continue
        found.append((n, m.start(), len(text) - len(label.rest)))
        expected += 1
    return found
