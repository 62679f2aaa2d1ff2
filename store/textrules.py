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
