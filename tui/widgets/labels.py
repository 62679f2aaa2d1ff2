"""Building one-line labels from data: cut by display width, never by `len()`.

Everything here returns `rich.text.Text` built from plain strings, so text from a document is
shown as the characters it is (a task reading `[bold]` is never markup). Chinese characters
take two cells; `cell_len` counts them, `Text.truncate` cuts them without splitting one.
"""
from __future__ import annotations

import re
from datetime import date

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from store import i18n
from store.models import Progress

ELLIPSIS = "\u22ef"
"""⋯, not …: U+2026 is ambiguous-width, drawn two cells wide by terminals set for CJK, which
would push every cut line one cell to the right; U+22EF is one cell everywhere."""
SEPARATOR = " | "
"""Between parts of a line; the middle dot · is ambiguous-width too."""
STATE_MARKS = {"todo": "[ ]", "doing": "[~]", "done": "[x]", "na": "[-]"}
"""ASCII marks: one cell each on every terminal (○ ● ✓ are ambiguous-width in CJK locales)."""
SOON_DAYS = 14


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 64)  # ESC shows as ^[, as terminals write it
    return "^?" if code == 0x7F else "\ufffd"


def safe(text: str | None) -> str:
    """Text as the characters it is: control characters (ESC above all) and bidi overrides
    are shown, never sent to the terminal. Rich passes ESC through, so this is needed even
    though the store strips them where text enters; tab and newline stay."""
    if not text:
        return text or ""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def one_line(text: str) -> str:
    """Newlines and tabs as spaces, controls made visible: a tree line is one line."""
    text = safe(text)
    return " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text


def fit(text: Text, width: int) -> Text:
    """Cut `text` to `width` cells with an ellipsis, or leave it when it fits."""
    if width <= 0:
        return Text("")
    if text.cell_len <= width:
        return text
    out = text.copy()
    out.truncate(width - 1)  # Text.truncate never splits a wide character
    out.append(ELLIPSIS)
    return out


def pad_between(left: Text, right: Text, width: int) -> Text:
    """`left` cut to leave room for `right`, then `right` flush with the right edge."""
    room = width - right.cell_len - 1
    if room < 4:  # too narrow for both: the left side wins
        return fit(left, width)
    left = fit(left, room)
    gap = width - left.cell_len - right.cell_len
    return Text.assemble(left, " " * gap, right)


def bar(progress: Progress, width: int, done_style: Style, rest_style: Style) -> Text:
    """A small progress bar of coloured spaces (no block characters: they are ambiguous-width)."""
    base = progress.total - progress.na
    filled = 0 if base <= 0 else round(width * progress.done / base)
    if progress.done and filled == 0:
        filled = 1
    return Text.assemble((" " * filled, done_style), (" " * (width - filled), rest_style))


def due_status(due: str | None, state: str, today: str) -> str | None:
    """'overdue', 'soon' (within 14 days) or None; done and not-applicable tasks are never late."""
    if not due or state in ("done", "na"):
        return None
    if due < today:
        return "overdue"
    try:
        days = (date.fromisoformat(due[:10]) - date.fromisoformat(today)).days
    except ValueError:
        return None
    return "soon" if days <= SOON_DAYS else None


def short_date(day: str, today: str) -> str:
    """MM-DD within this year, the full date otherwise."""
    return day[5:10] if day[:4] == today[:4] else day[:10]


def highlight(text: Text, terms: tuple[str, ...], style: Style | str) -> Text:
    """Stylize every occurrence of the search terms (case-insensitive)."""
    if not terms:
        return text
    plain = text.plain.lower()
    for term in terms:
        term = term.lower()
        if not term:
            continue
        start = plain.find(term)
        while start != -1:
            text.stylize(style, start, start + len(term))
            start = plain.find(term, start + len(term))
    return text


def search_terms(query: str | None) -> tuple[str, ...]:
    return tuple(w for w in (query or "").split() if w)


def fraction(progress: Progress) -> str:
    return f"{progress.done}/{max(progress.total - progress.na, 0)}"


def state_word(state: str, flag: str | None, lang: str) -> str:
    word = i18n.state_word(state, lang)
    if flag:
        word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{flag}", lang))
    return word


__all__ = [
    "safe", "ELLIPSIS", "SEPARATOR", "STATE_MARKS", "SOON_DAYS", "one_line", "fit", "pad_between", "bar", "due_status",
    "short_date", "highlight", "search_terms", "fraction", "state_word", "cell_len",
]
