"""Text rules shared by the importer, the units and the time limits: the lowest layer.

Plans copied out of PDF and web pages carry `<p>` tags, spaces that line-wrapping put between
Chinese characters ("做好 各类规划主 动公开"), and sometimes control characters. What is stored
is the words, never markup or terminal control. This module imports nothing from the rest of
the store but `store.textclean` (control characters): `store.units`, `store.timelimits` and
`store.importing` build on it, never the other way round.
"""
from __future__ import annotations

import re
import unicodedata


# Characters that count as "Chinese" for the wrap-space rule: CJK ideographs, CJK punctuation
# and full-width forms.
_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_CHAR = re.compile(f"[{_CJK}]")

_TAG = re.compile(r"</?\s*(p|br|div|span|td|tr|strong|b|i|em|font|u)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</\s*p\s*>|<\s*br\s*/?\s*>|</\s*div\s*>", re.IGNORECASE)

# A space right after punctuation is a line-wrap space (DECISIONS: units across rows).
_WRAP_AFTER_PUNCT = re.compile(r"(?<=[，,、；;。）)：:！？])[ \t\u3000]+")
_WRAP_BEFORE_PUNCT = re.compile(r"[ \t\u3000]+(?=[，,、；;。）)：:！？（(])")
# A space between two CJK characters, or between a digit and a CJK character (either side).
_WRAP_CJK = re.compile(f"(?<=[{_CJK}0-9%])[ \t\u3000]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t\u3000]+(?=[0-9])")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")

def strip_tags(text: str) -> str:
    """Drop the simple HTML tags that copies of web pages leave in cells; block ends become newlines."""
    text = _BLOCK_TAG.sub("\n", text)
    return _TAG.sub("", text)


def squeeze(text: str) -> str:
    """Join a piece of text as a reader sees it: wrap spaces out, runs of spaces to one."""
    text = text.replace("\xa0", " ")
    text = _WRAP_AFTER_PUNCT.sub("", text)
    text = _WRAP_BEFORE_PUNCT.sub("", text)
    text = _WRAP_CJK.sub("", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def clean_text(text: str) -> str:
    """A task's or heading's text as stored: no tags, no wrap spaces, lines kept apart."""
    text = strip_tags(text)
    lines = [squeeze(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_title(text: str) -> str:
    """A section title: one line, no trailing 。, no wrap spaces."""
    text = squeeze(strip_tags(text).replace("\n", " "))
    return text.rstrip("。.；;，, ").strip()


def join_wrapped(left: str, right: str) -> str:
    """Join text cut by a page break: no space between Chinese, one between latin words."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if CJK_CHAR.match(left[-1]) or CJK_CHAR.match(right[0]) or left[-1].isdigit() and right[0].isdigit():
        return left + right
    return left + " " + right


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_blank(text: str) -> bool:
    return not text.replace("\xa0", " ").replace("\u3000", " ").strip()


def is_punctuation_only(text: str) -> bool:
    """A row of dashes and bars (`-- | ---`) left by a converter."""
    s = "".join(ch for ch in text if not ch.isspace())
    return bool(s) and all(unicodedata.category(ch).startswith("P") or ch in "|+=~_-—" for ch in s)


# ---- the script: traditional characters, pinyin a mirror site injected --------------------

TRADITIONAL_HINTS = (
    "會個們這為與對開關務單頭責區縣鎮廳辦發進實現經濟點時將當應從長門問間體機構設規劃範網資訊報導際標準營環"
    "織總戶幹黨處員項類嚴監級確層題優質勞動傳統農業產權衛醫療數據節計畫預決條議歷續變創聯擴貫徹訂檢護憲術華歲"
    "壓費貿電強執審稅財險彙專陳舉綱領選維視講邊達運輸適還遠連陣陽隊階隨難響頁順顯風飛館馬驗麼"
)
"""Frequent characters that exist only in traditional writing: a cheap first look before the
converter is loaded (tests/test_text_shapes.py checks that each one converts)."""
_TRADITIONAL = re.compile(f"[{TRADITIONAL_HINTS}]")
_T2S = None


def looks_traditional(text: str) -> bool:
    """Is the text written in traditional characters (牽頭, 責任單位)? A simplified text with a
    traditional word or two in it is not: the converter must change at least 1 % of its Chinese
    characters, and three or more."""
    if len(_TRADITIONAL.findall(text, 0, 200_000)) < 3:
        return False
    sample = text[:200_000]
    converted = simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed >= 3 and changed * 100 >= len(CJK_CHAR.findall(sample))


def simplified(text: str) -> str:
    """The text in simplified characters, by OpenCC's phrase tables (t2s); loaded when first needed."""
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)


def to_simplified(text: str) -> tuple[str, bool]:
    """`simplified(text)` when the text `looks_traditional`, and whether it did."""
    if looks_traditional(text):
        return simplified(text), True
    return text, False


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)"
)
_PINYIN_TONED = re.compile(
    rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[(（]\s*([a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*)\s*[)）]"
)
_PINYIN_ANY = re.compile(rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[(（]\s*([a-zü{_TONED}]{{1,7}})\s*[)）]")
_BARE_SYLLABLE = re.compile(rf"^{_SYLLABLE}$")
_TONE_OFF = str.maketrans({c: "aeiouv"[i // 4] if i < 20 else "v" for i, c in enumerate(_TONED)} | {"ü": "v"})


def has_injected_pinyin(text: str) -> bool:
    """Does the text carry pinyin a mirror site put after characters (經(jīng)濟), three or more with tone marks?"""
    return ("(" in text or "（" in text) and len(_PINYIN_TONED.findall(text)) >= 3


def without_pinyin(text: str) -> str:
    """The text without the readings after its characters: toned or not (的(de)), when the bracket
    holds one pinyin syllable. A bracket of latin words elsewhere ("(app)", "（PDF）") stays."""
    if "(" not in text and "（" not in text:
        return text

    def drop(m: re.Match) -> str:
        syllable = m.group(1).translate(_TONE_OFF)
        return "" if _BARE_SYLLABLE.match(syllable) else m.group(0)

    return _PINYIN_ANY.sub(drop, text)


def strip_injected_pinyin(text: str) -> tuple[str, bool]:
    """`without_pinyin(text)` where the text `has_injected_pinyin`, and whether any went."""
    if not has_injected_pinyin(text):
        return text, False
    out = without_pinyin(text)
    return out, out != text
