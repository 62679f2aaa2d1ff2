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
