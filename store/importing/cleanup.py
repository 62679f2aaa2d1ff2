"""The text rules as the importer's readers import them (they live in `store.textrules`).

Kept so that every reader has one entry for text clean-up, control characters included.
"""
from store.textclean import strip_control
from store.textrules import (
    CJK_CHAR,
    clean_text,
    clean_title,
    is_blank,
    is_punctuation_only,
    join_wrapped,
    nfkc,
    squeeze,
    strip_tags,
)

__all__ = [
    "CJK_CHAR", "clean_text", "clean_title", "is_blank", "is_punctuation_only", "join_wrapped", "nfkc",
    "squeeze", "strip_control", "strip_tags",
]
