"""Header words: what a table column holds, from the words of its header (one table for every reader).

The synonym table is DECISIONS.md's "Header words", with the columns a ledger someone already
keeps may add (完成情况 as a state word, 进展情况 as notes, 牵头领导 / 责任人 kept as extra).
"""
from __future__ import annotations

import re

from store.textrules import strip_tags

HEADER_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("no", ("序号", "编号", "任务编号")),
    ("units", ("牵头及责任单位", "牵头及配合单位", "牵头和责任单位", "责任单位", "责任部门", "责任科室",
               "责任处室", "承办单位", "落实单位", "实施单位", "牵头单位及配合单位")),
    ("lead", ("牵头单位", "牵头部门", "牵头科室", "牵头处室", "牵头")),
    ("support", ("配合单位", "协办单位", "参与单位", "配合部门", "协办部门", "配合", "协办", "参与")),
    ("text", ("具体要求", "具体任务", "工作要求", "具体措施", "工作措施", "细化分工", "任务要求", "工作内容", "项目内容",
              "事项内容", "具体内容", "主要内容", "工作举措", "主要措施", "重点举措")),
    ("topic", ("工作任务", "重点任务", "工作事项", "任务内容", "工作要点", "主要任务", "任务名称", "事项", "项目名称",
               "类别", "工作类别", "任务类别", "项目类别", "领域", "重点领域", "工作板块", "板块", "重点工作")),
    ("time", ("完成时限", "时限要求", "完成时间", "时限", "完成期限", "时间节点")),
    ("extra", ("牵头领导", "责任领导", "分管领导", "牵头负责领导", "负责领导", "联系领导", "责任人", "负责人",
               "牵头负责人", "联系人", "备注")),
    # A ledger someone already keeps: its state word, and its notes (dated at the import).
    ("state", ("完成情况", "落实情况", "完成状态", "办理状态", "推进状态", "进展状态", "任务状态", "状态")),
    ("note", ("进展情况", "进展说明", "推进情况", "工作进展", "进度情况", "佐证材料", "佐证资料", "存在问题",
              "下步计划", "下一步计划", "下步打算", "问题及建议")),
]


def header_role(text: str) -> str | None:
    word = re.sub(r"\s+", "", strip_tags(text))
    if not word or len(word) > 12:
        return None
    for role, words in HEADER_WORDS:
        if word in words:
            return role
    # A header word with a qualifier in brackets or after a slash: 牵头单位（部门）, 责任单位/责任人.
    head = re.split(r"[（(/／、:：]", word, maxsplit=1)[0]
    if head != word:
        for role, words in HEADER_WORDS:
            if head in words:
                return role
    if 2 < len(word) <= 8 and word.endswith(("领导", "负责人")):
        return "extra"  # a person, never a unit: 牵头负责领导, 分管副局长负责人 …
    return None


_ALL_WORDS = sorted({w for _, words in HEADER_WORDS for w in words}, key=len, reverse=True)


def split_header_words(text: str) -> list[str] | None:
    """A line of header words, spaced out or run together ("工 作 任 务 责　任　单　位",
    "序号工作任务责任单位"), as its words — or None when anything else is in it. One word alone
    is a header only beside others (the caller's to judge: 配合 alone may be a units line)."""
    flat = re.sub(r"[\s|｜]+", "", strip_tags(text))
    if not flat or len(flat) > 80:
        return None
    out: list[str] = []
    i = 0
    while i < len(flat):
        word = next((w for w in _ALL_WORDS if flat.startswith(w, i)), None)
        if word is None:
            return None
        out.append(word)
        i += len(word)
    return out


def is_header_line(text: str) -> bool:
    """A paragraph made only of header words (a table laid out one cell per line)."""
    parts = [p for p in re.split(r"[\s|]+", strip_tags(text)) if p]
    return bool(parts) and all(header_role(p) for p in parts)

