"""Word's automatic numbering: the label Word draws before a paragraph, which is not in its text.

A numbered paragraph names a list (`w:numId`) and a level (`w:ilvl`), directly or through its
paragraph style. The list points at an abstract definition whose level gives the format
(decimal, chineseCounting …), the text around the number (`lvlText` "（%1）") and the start
value; the list may override the start (Word's "restart numbering"). Counters run in document
order — table cells included — per abstract definition, and a level restarts after a higher
level is used unless `lvlRestart` says otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(el, tag: str | None = None) -> str | None:
    """The w:val of `el` (or of its child `tag`)."""
    if el is None:
        return None
    if tag is not None:
        el = el.find(w(tag))
        if el is None:
            return None
    return el.get(w("val"))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---- number formats ------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(n: int, digits: str = "零一二三四五六七八九", units: tuple[str, str, str] = ("十", "百", "千")) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    values = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    zero = False
    started = False
    for value, unit in values:
        d = n // value % 10
        if d == 0:
            if started:
                zero = True
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        if not (value == 10 and d == 1 and not started and units[0] == "十"):
            parts.append(digits[d])  # 十一, but 壹拾壹 in legal numerals
        parts.append(unit)
        started = True
    return "".join(parts)


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    # Word repeats the letter: 27 → AA, 28 → BB.
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int, upper: bool) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in table:
        while n >= value:
            out += sym
            n -= value
    return out if upper else out.lower()


def format_number(n: int, fmt: str | None) -> str:
    """The number as the level's format draws it (ASCII digits for the decimal family)."""
    fmt = fmt or "decimal"
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return chinese_counting(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return chinese_counting(n, _CN_LEGAL, ("拾", "佰", "仟"))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n, True)
    if fmt == "lowerRoman":
        return _roman(n, False)
    if fmt == "none":
        return ""
    return str(n)  # decimal, decimalFullWidth, decimalHalfWidth, ordinal … and anything unknown


# Formats Word draws as one glyph that the label rules read in their spelled-out form.
_ENCLOSED_TEXT = {"decimalEnclosedParen": "（%s）", "decimalEnclosedFullstop": "%s."}


# ---- definitions -------------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


def _level(el) -> Level:
    lvl = Level()
    lvl.start = _int(wval(el, "start"), 1)
    lvl.fmt = wval(el, "numFmt") or "decimal"
    lvl.text = wval(el, "lvlText")
    restart = el.find(w("lvlRestart"))
    lvl.restart = _int(wval(restart), None) if restart is not None else None
    legal = el.find(w("isLgl"))
    lvl.legal = legal is not None and wval(legal) not in ("0", "false", "off")
    lvl.style = wval(el, "pStyle")
    return lvl


class Numbering:
    """The numbering and paragraph-style definitions of one document, and its running counters."""

    def __init__(self, numbering_el=None, styles_el=None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId → numbering style it follows
        self.nums: dict[str, _Num] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        if numbering_el is not None:
            for a in numbering_el.iter(w("abstractNum")):
                aid = a.get(w("abstractNumId"))
                if aid is None:
                    continue
                self.abstract[aid] = {_int(lv.get(w("ilvl")), 0): _level(lv) for lv in a.findall(w("lvl"))}
                link = wval(a, "numStyleLink")
                if link:
                    self.style_link[aid] = link
            for n in numbering_el.iter(w("num")):
                nid = n.get(w("numId"))
                aid = wval(n, "abstractNumId")
                if nid is None or aid is None:
                    continue
                num = _Num(aid)
                for ov in n.findall(w("lvlOverride")):
                    ilvl = _int(ov.get(w("ilvl")), 0)
                    so = ov.find(w("startOverride"))
                    if so is not None:
                        num.starts[ilvl] = _int(wval(so), 1)
                    lv = ov.find(w("lvl"))
                    if lv is not None:
                        num.levels[ilvl] = _level(lv)
                self.nums[nid] = num
        if styles_el is not None:
            for s in styles_el.iter(w("style")):
                if s.get(w("type")) not in (None, "paragraph", "numbering"):
                    continue
                sid = s.get(w("styleId"))
                if sid is None:
                    continue
                numpr = s.find(f"{w('pPr')}/{w('numPr')}")
                num_id = wval(numpr, "numId") if numpr is not None else None
                ilvl = _int(wval(numpr, "ilvl"), None) if numpr is not None else None
                self.styles[sid] = (num_id, ilvl, wval(s, "basedOn"))
                if s.get(w("default")) in ("1", "true", "on") and s.get(w("type")) in (None, "paragraph"):
                    self.default_style = sid

    # ---- which list and level a paragraph is in
    def _from_style(self, style: str | None) -> tuple[str | None, int | None, str | None]:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            num_id, ilvl, based = self.styles.get(style, (None, None, None))
            if num_id is not None:
                return num_id, ilvl, style
            style = based
        return None, None, None

    def _abstract_of(self, num: _Num) -> str:
        aid = num.abstract
        # An abstract definition that only links to a numbering style uses that style's list.
        for _ in range(4):
            link = self.style_link.get(aid)
            if not link or self.abstract.get(aid):
                break
            num_id, _, _ = self._from_style(link)
            target = self.nums.get(num_id or "")
            if target is None:
                break
            aid = target.abstract
        return aid

    def list_of(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a w:p, from its own numPr or its style; None when not numbered."""
        ppr = p.find(w("pPr"))
        style = wval(ppr, "pStyle") if ppr is not None else None
        style = style or self.default_style
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        num_id = wval(numpr, "numId") if numpr is not None else None
        ilvl = _int(wval(numpr, "ilvl"), None) if numpr is not None else None
        via_style = None
        if num_id is None:
            num_id, style_ilvl, via_style = self._from_style(style)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:
            ilvl = 0
            if via_style:
                levels = self.abstract.get(self._abstract_of(self.nums[num_id]), {})
                for k, lv in levels.items():
                    if lv.style == via_style:
                        ilvl = k
                        break
        return num_id, max(0, min(8, ilvl))

    # ---- the label, advancing the counters (call once per paragraph, in document order)
    def label(self, p) -> str | None:
        found = self.list_of(p)
        if found is None:
            return None
        num_id, ilvl = found
        num = self.nums[num_id]
        aid = self._abstract_of(num)
        levels = dict(self.abstract.get(aid, {}))
        levels.update(num.levels)
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for k, start in num.starts.items():
                counters[k] = start - 1
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if lvl.fmt == "bullet" or lvl.text is None:
            return None

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k, Level())
            value = counters.get(k, level.start)
            fmt = "decimal" if lvl.legal and k != ilvl else level.fmt
            if fmt in _ENCLOSED_TEXT:
                return _ENCLOSED_TEXT[fmt] % value
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", number, lvl.text)
        return text.strip() or None
