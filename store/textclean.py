"""Removing what must not reach a terminal: control characters and escape sequences.

Text is data. A note or a task that carries `\\x1b[2J` or a bare `\\r` could repaint the
screen it is shown on, so wherever text enters the store (import, merge, a note) it passes
through `strip_control` first. Markup such as `[bold]` is *not* touched: it is text too, and
the UI shows it literally.
"""
from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ params intermediates final), OSC (ESC ] … BEL or ST), the string
# sequences DCS/SOS/PM/APC (ESC P/X/^/_ … ST), and any other two-character ESC sequence.
# 8-bit CSI/OSC (U+009B, U+009D) are handled the same way before the C1 sweep below.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?             # CSI
  | \x9b[0-?]*[ -/]*[@-~]?               # 8-bit CSI
  | (?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC, 7- or 8-bit
  | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?                  # DCS, SOS, PM, APC
  | \x1b.?                               # any other ESC sequence (not across a newline)
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n (\r is dealt with first), DEL, C1 controls, and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what a
# terminal shows; zero-width characters and stray BOMs, which hide inside copied text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise_line_ends(text: str) -> str:
    """`\\r\\n` → `\\n`; a lone `\\r` is a line end only where the text uses `\\r` endings (they
    outnumber the `\\n`), else a stray one inside a line, which becomes a space: it must not cut
    a task in two ("2024年\\r6月底前" is one deadline)."""
    if "\r" not in text:
        return text
    text = text.replace("\r\n", "\n")
    lone = text.count("\r")
    if not lone:
        return text
    return text.replace("\r", "\n" if lone > text.count("\n") else " ")


def strip_control(text: str) -> tuple[str, bool]:
    """Return `text` without control characters and escape sequences, and whether any went.

    Tab and newline stay. Line endings are normalised rather than removed (`normalise_line_ends`),
    and that alone does not count as a removal (a CRLF file is normal, not suspicious).
    """
    if text.isprintable() and "\x1b" not in text:
        return text, False  # the common case, fast
    text = normalise_line_ends(text)
    cleaned = _ESCAPES.sub("", text)
    cleaned = _CONTROLS.sub("", cleaned)
    return cleaned, cleaned != text
