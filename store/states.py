"""The one table of state words, both ways (DECISIONS.md "States and words").

Units and ledgers write states in words (已完成, 推进中, 滞后 …); the store keeps a state key
(`todo`, `doing`, `done`, `na`) and a flag (滞后 or none). Every reader of a ledger, a returned
form or a merge maps words through `state_from_word`; every writer of a form uses `form_word`.
"""
from __future__ import annotations

import re
import unicodedata

LAGGING = "滞后"
"""The one flag: a task that is in progress but behind."""

STATE_WORDS: dict[str, tuple[str, str | None]] = {
    # todo
    "未启动": ("todo", None),
    "尚未启动": ("todo", None),
    "未开始": ("todo", None),
    "尚未开始": ("todo", None),
    "待启动": ("todo", None),
    # doing
    "推进中": ("doing", None),
    "正在推进": ("doing", None),
    "进行中": ("doing", None),
    "序时推进": ("doing", None),
    "正常推进": ("doing", None),
    "正在办理": ("doing", None),
    "办理中": ("doing", None),
    "正在落实": ("doing", None),
    "落实中": ("doing", None),
    "有序推进": ("doing", None),
    # done
    "完成": ("done", None),
    "已完成": ("done", None),
    "已办结": ("done", None),
    "办结": ("done", None),
    "已落实": ("done", None),
    "已完结": ("done", None),
    "全部完成": ("done", None),
    "按期完成": ("done", None),
    # not applicable
    "不涉及": ("na", None),
    "不适用": ("na", None),
    "无此项": ("na", None),
    # in progress, behind
    "滞后": ("doing", LAGGING),
    "推进缓慢": ("doing", LAGGING),
    "欠进度": ("doing", LAGGING),
    "进度滞后": ("doing", LAGGING),
    "未按期完成": ("doing", LAGGING),
    "未按时完成": ("doing", LAGGING),
}

FORM_WORDS: dict[str, str] = {"done": "已完成", "doing": "推进中", "todo": "未启动", "na": "不涉及"}
"""The word a form shows for each state (the words units are used to)."""

# Words of the UI (未开始 / 进行中 / 已完成 / 不涉及) and the state keys themselves also read back.
_KEYS = {"todo": ("todo", None), "doing": ("doing", None), "done": ("done", None), "na": ("na", None)}

_EDGES = re.compile(r"^[\s\u3000。.，,；;、:：!！?？\-—*＊√✓✔]+|[\s\u3000。.，,；;、:：!！?？\-—*＊]+$")
_CLAUSE = re.compile(r"[，,。；;、:：\s\u3000(（\[【]")


def _normal(word: str) -> str:
    return _EDGES.sub("", unicodedata.normalize("NFKC", word or "")).replace(" ", "")


def state_from_word(word: str | None) -> tuple[str, str | None] | None:
    """The (state, flag) a word means, or None when it is not a state word.

    The whole word must match (after trimming spaces and punctuation at its ends): 未完成 is not
    完成, and a sentence is not a state.
    """
    w = _normal(word or "")
    if not w:
        return None
    if w in STATE_WORDS:
        return STATE_WORDS[w]
    if w.lower() in _KEYS:
        return _KEYS[w.lower()]
    return None


def state_from_cell(text: str | None) -> tuple[tuple[str, str | None] | None, bool]:
    """Read a ledger's 完成情况 cell: ((state, flag) or None, whether more than the word is there).

    A cell that is a state word gives that state. A cell whose first clause is a state word
    ("已完成，已于6月公开") gives the state, and says there is more to keep as a note.
    """
    flat = (text or "").strip()
    if not flat:
        return None, False
    whole = state_from_word(flat)
    if whole is not None:
        return whole, False
    first = _CLAUSE.split(unicodedata.normalize("NFKC", flat).strip(), maxsplit=1)[0]
    found = state_from_word(first)
    if found is not None:
        return found, True
    return None, True


def form_word(state: str, flag: str | None = None) -> str:
    """The word a form or a ledger shows: 滞后 for a lagging task, else the state's word."""
    if flag == LAGGING and state == "doing":
        return LAGGING
    return FORM_WORDS.get(state, state)


__all__ = ["STATE_WORDS", "FORM_WORDS", "LAGGING", "state_from_word", "state_from_cell", "form_word"]
