"""What a cell of a spreadsheet or a Word table may hold: rules shared by every file we write
(the exports, the 反馈表 forms, the 情况通报)."""
from __future__ import annotations

import re

XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (so neither can .xlsx nor .docx)."""
FORMULA_START = ("=", "+", "-", "@")
"""A spreadsheet cell starting with one of these would be read as a formula (DECISIONS, Exports)."""


def xml_safe(text: str | None) -> str:
    """The text without the characters XML 1.0 cannot hold (kept: tab, newline)."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return XML_BAD.sub("", text)


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` units wide (a Chinese character
    counts two units): spreadsheets do not all fit row heights to wrapped text on opening
    (LibreOffice keeps the default height), so the writer sets each row's height itself."""
    if not text:
        return 1
    cap = max(width - 1, 1)
    n = 0
    for line in text.split("\n"):
        # A Chinese character is 3 bytes in UTF-8 and 2 units wide: len + (bytes − len) / 2
        units = (len(line) + len(line.encode("utf-8"))) / 2
        n += max(1, -(-units // cap))
    return int(n)
