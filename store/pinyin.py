"""Pinyin initials, computed when data is written and stored for search.

pypinyin loads large dictionaries, so it is imported inside the functions that need it and
never when `store` is imported: the UI starts without it and only an import or a note pays.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Han characters pypinyin may know: CJK Unified Ideographs with extensions, compatibility
# ideographs, and 〇. Compiled on first use (about 1 ms, which a start does not need).
@lru_cache(maxsize=1)
def _han_run() -> re.Pattern[str]:
    return re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


_ALNUM = re.compile(r"[0-9a-z]")


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - lazily on purpose

    def convert(text: str) -> list[str]:
        return lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: ["" for _ in s])

    def first_letters(run: str) -> list[str]:
        letters = convert(run)
        if len(letters) != len(run):  # defensive: keep exactly one entry per character
            letters = [(convert(ch) or [""])[0] for ch in run]
        return [x[:1].lower() for x in letters]

    return first_letters


def run_initials(run: str) -> list[str]:
    """One lower-case initial per character of a run of Han characters ('' when unknown)."""
    return list(_run_initials(run))


@lru_cache(maxsize=65536)
def _run_initials(run: str) -> tuple[str, ...]:
    # pypinyin costs ~20 µs a character; plans repeat their phrases (做好, 各县（区）人民政府…),
    # so runs are cached.
    return tuple(_lazy_pinyin()(run))


def initials(text: str) -> str:
    """The initials of a name as one word: 发展改革委 → fzggw, 12345热线办 → 12345rxb.

    Han characters give their first pinyin letter (read in context, so 重庆 is cq), ASCII
    letters and digits are kept lower-cased, everything else (brackets, punctuation) is dropped.
    """
    out: list[str] = []
    pos = 0
    lowered = text.lower()
    for m in _han_run().finditer(lowered):
        out.extend(_ALNUM.findall(lowered[pos : m.start()]))
        out.extend(run_initials(m.group()))
        pos = m.end()
    out.extend(_ALNUM.findall(lowered[pos:]))
    return "".join(out)


def text_initial_tokens(text: str) -> list[str]:
    """Search tokens for the initials of running text, character by character.

    Each run of Han characters gives the initials of every adjacent pair (卫健局牵头 → wj jj
    jq qt), a run of one character gives its single initial. A query of initials is then the
    phrase of its pairs ("wjj" → "wj jj"), which finds 卫健局 anywhere inside a longer text at
    the cost of one short token per character.
    """
    tokens: list[str] = []
    for m in _han_run().finditer(text):
        letters = run_initials(m.group())
        if len(letters) == 1:
            if letters[0]:
                tokens.append(letters[0])
            continue
        for a, b in zip(letters, letters[1:]):
            if a and b:
                tokens.append(a + b)
    return tokens


def pairs(query: str) -> list[str]:
    """The adjacent pairs of a query of initials: wjj → [wj, jj]."""
    return [query[i : i + 2] for i in range(len(query) - 1)]


# ---- issue 19 (revisions/units): names in pinyin order -------------------------------------


@lru_cache(maxsize=1)
def _full_pinyin():
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - lazily on purpose

    return lambda text: lazy_pinyin(text, style=Style.TONE3, errors=lambda s: list(s))


def sort_key(text: str) -> tuple[str, ...]:
    """How a list of Chinese names is put in order (音序, as an index of units is): by the
    pinyin of each character with its tone number (教育局 jiao4 yu4 ju2 before 市教育局 shi4 …),
    other characters as they are."""
    return tuple(_full_pinyin()(text.lower()))
