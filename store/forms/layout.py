"""The 反馈表's layout: the words its columns carry, the status words, the hidden metadata.

One place for what the writer lays out and the reader looks for, so the two cannot drift. The
reader finds columns by these words (and their common variants), never by position.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from store.states import state_from_word

FORMAT = "taizhang-form"
VERSION = 1
META_SHEET = "taizhang"
DATA_SHEET = "反馈表"

LOCKED = ("key", "no", "section", "text", "lead", "support", "units", "role", "time_limit")
FILL = ("state", "progress", "evidence", "problems", "next", "remarks")
COLUMNS = LOCKED + FILL

HEADERS = {
    "key": "任务编号",
    "no": "序号",
    "section": "工作任务",
    "text": "具体要求",
    "lead": "牵头单位",
    "support": "配合单位",
    "units": "责任单位",
    "role": "本单位角色",
    "time_limit": "完成时限",
    "state": "完成情况",
    "progress": "进展情况",
    "evidence": "佐证材料",
    "problems": "存在问题",
    "next": "下步计划",
    "remarks": "备注",
}

# Words a header cell may carry instead, as offices rename columns. Compared after `norm`.
HEADER_VARIANTS = {
    "key": ("任务编号", "编号", "任务代码", "任务id", "key"),
    "no": ("序号", "任务序号"),
    "section": ("工作任务", "任务类别", "工作事项"),
    "text": ("具体要求", "任务内容", "工作内容", "具体任务", "工作要求"),
    "lead": ("牵头单位", "牵头部门"),
    "support": ("配合单位", "协办单位", "配合部门"),
    "units": ("责任单位", "责任部门"),
    "role": ("本单位角色", "角色"),
    "time_limit": ("完成时限", "时限", "完成时间", "时间要求"),
    "state": ("完成情况", "完成状态", "办理状态", "进展状态", "状态"),
    "progress": ("进展情况", "工作进展", "落实情况", "进展", "推进情况", "工作进展情况"),
    "evidence": ("佐证材料", "佐证", "证明材料", "佐证资料", "附件"),
    "problems": ("存在问题", "问题", "存在困难", "困难和问题"),
    "next": ("下步计划", "下一步计划", "下步工作", "下步打算", "下一步工作计划"),
    "remarks": ("备注", "说明"),
}

FORM_HEAD = {"unit": "填报单位", "filler": "填报人", "phone": "联系电话", "date": "填报日期"}

ROLE_WORDS = {"lead": "牵头", "support": "配合", "responsible": "责任"}

# The dropdown's words, in order; reading them back goes through store.states, the one table.
DROPDOWN = ("已完成", "推进中", "滞后", "未启动", "不涉及")

_PUNCT_EDGES = re.compile(r"^[\s。，、；：！？.,;:!?·…—\-]+|[\s。，、；：！？.,;:!?·…—\-]+$")


def norm(text: str) -> str:
    """NFKC, no whitespace at all, lower case, no punctuation at the ends: how words compare."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if not ch.isspace())
    return _PUNCT_EDGES.sub("", text).lower()


def status_of(text: str) -> tuple[str, str | None] | None:
    """(state, flag) for a 完成情况 cell's words; None for words we do not know."""
    return state_from_word("".join((text or "").split()))


_HEADER_LOOKUP: dict[str, str] = {}


def header_of(text: str) -> str | None:
    """The column a header cell names, or None."""
    if not _HEADER_LOOKUP:
        for col, words in HEADER_VARIANTS.items():
            for w in words:
                _HEADER_LOOKUP.setdefault(norm(w), col)
    n = norm(text) if len(text) <= 40 else ""
    return _HEADER_LOOKUP.get(n) if n else None


def fingerprint(*parts: str | None) -> str:
    """A short hash of a row's locked text, to see whether a unit edited it."""
    joined = "\x1f".join(norm(p or "") for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
