"""Full-text search over Chinese text of any length, with FTS5 and no extra tokenizer.

The trick (DECISIONS, "Search over Chinese of any length"): put a space on both sides of every
CJK character, in the index and in the query, so `unicode61` makes each character a token; a
query sent as a phrase (`"疫 情"`) then finds a word of any length, one character included.
Text is NFKC-folded and lower-cased on both sides, so full-width ２０２１ finds 2021.

Pinyin initials live in their own column. Unit names and aliases give one word each
(发展改革委 → fzggw, its alias 发改委 → fgw), matched by prefix; running text gives a token per
pair of adjacent characters (see `store.pinyin.text_initial_tokens`), matched as a phrase of
the query's pairs. A query of Latin letters only tries both.
"""
from __future__ import annotations

import re
import unicodedata

# Characters that unicode61 would glue into one token with their neighbours: Han ideographs
# (with extensions and compatibility forms), kana, bopomofo, hangul, and CJK radicals.
_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


class _Spacer(dict):
    """A `str.translate` table that puts a space on both sides of every CJK character, filled
    as characters are met: after the first few hundred texts every lookup is a dict hit, where
    `re.sub` with a template spent 3 of the 6 seconds of writing a 10,000-task plan."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = f" {ch} " if any(lo <= code <= hi for lo, hi in _CJK_RANGES) else ch
        self[code] = value
        return value


_SPACER = _Spacer()
_LATIN = re.compile(r"[a-z]+")


def spaced(text: str | None) -> str:
    """Index form of a text: NFKC, lower case, every CJK character a word of its own.

    >>> spaced("2021年疫情")
    '2021 年 疫 情'
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(folded.translate(_SPACER).split())


def terms(query: str) -> list[str]:
    """The words of a query: split at white space, NFKC-folded, lower-cased, empty ones dropped."""
    folded = unicodedata.normalize("NFKC", query or "").lower()
    return [t for t in folded.split() if _has_token(t)]


def _has_token(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def phrase(term: str) -> str:
    """An FTS5 phrase for one query word, double quotes escaped: 疫情 → "疫 情"."""
    return '"' + spaced(term).replace('"', '""') + '"'


def is_latin(term: str) -> bool:
    """A word of ASCII letters only, which may be pinyin initials."""
    return bool(_LATIN.fullmatch(term))


def task_match(query: str) -> str | None:
    """The MATCH expression over `task_search` for a query, or None when it has no words.

    Every word must match (AND). A CJK or mixed word is a phrase over all columns. A Latin
    word of two letters or more also matches `initials`: unit initials by prefix, and text
    initials as the phrase of its letter pairs.
    """
    from store.pinyin import pairs

    parts: list[str] = []
    for term in terms(query):
        if is_latin(term) and len(term) >= 2:
            inner = f"{term}*"
            if len(term) >= 3:
                inner += ' OR "' + " ".join(pairs(term)) + '"'
            parts.append(f"({{body units}} : {phrase(term)} OR initials : ({inner}))")
        else:
            parts.append(f"({{body units}} : {phrase(term)})")
    return " AND ".join(parts) if parts else None


def unit_match(query: str) -> str | None:
    """The MATCH expression over `unit_search`: every word in the names, or (two letters or
    more) as the start of any tail of the initials of a name or alias."""
    parts: list[str] = []
    for term in terms(query):
        if is_latin(term) and len(term) >= 2:
            parts.append(f"(names : {phrase(term)} OR initials : {term}*)")
        else:
            parts.append(f"(names : {phrase(term)})")
    return " AND ".join(parts) if parts else None
