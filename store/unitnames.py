"""Unit identity: how two written names are known to be the same unit.

Units are keyed by their name normalised (NFKC, no spaces, brackets full-width). Unit X also
matches X（…） (区党政办 matches 区党政办（文秘科、宣传科）). Aliases come from the config and from
the abbreviation table (发改委 = 发展改革委 …), applied when units are written.
"""
from __future__ import annotations

import unicodedata

# Each pair: (short form, long form). When a written name contains the long form, the name with
# the short form in its place is an alias, and the other way round.
DEFAULT_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("发改委", "发展改革委"),
    ("发改局", "发展改革局"),
    ("卫健委", "卫生健康委"),
    ("卫健局", "卫生健康局"),
    ("人社局", "人力资源社会保障局"),
    ("人社厅", "人力资源社会保障厅"),
    ("住建局", "住房城乡建设局"),
    ("住建厅", "住房城乡建设厅"),
    ("市监局", "市场监管局"),
    ("工信局", "工业和信息化局"),
    ("工信厅", "工业和信息化厅"),
    ("政数局", "政务服务数据管理局"),
    ("文广旅体局", "文化广电旅游体育局"),
    ("农业农村局", "农业农村局"),
    ("生态环境局", "生态环境局"),
)

DEFAULT_CATCH_ALLS: tuple[str, ...] = (
    "各单位",
    "各部门",
    "各科室",
    "市直各单位",
    "市直各部门",
    "市直有关单位",
    "市直相关单位",
    "市直其他单位",
    "省直各单位",
    "省直各部门",
    "省直有关单位",
    "省直相关单位",
    "省直其他单位",
    "局机关各科室",
    "各区县人民政府",
    "各区县政府",
    "各县（区）人民政府",
    "各地级以上市人民政府",
    "市府直属各部门",
    "区工作机构",
)

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】"})


def normalise_name(name: str) -> str:
    """The key a unit is stored under: NFKC, no whitespace, full-width brackets."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if not ch.isspace())
    return text.translate(_BRACKETS)


def base_name(name: str) -> str:
    """The name without a trailing bracketed qualifier: 区党政办（文秘科） → 区党政办."""
    norm = normalise_name(name)
    if norm.endswith("）") and "（" in norm:
        head = norm[: norm.rfind("（")]
        if head:
            return head
    return norm


def aliases_for(name: str, abbreviations=DEFAULT_ABBREVIATIONS) -> list[str]:
    """Aliases the abbreviation table gives a written name (normalised, without the name)."""
    norm = normalise_name(name)
    found: list[str] = []
    for short, long in abbreviations:
        if short == long:
            continue
        for a, b in ((long, short), (short, long)):
            if a in norm:
                alias = norm.replace(a, b)
                if alias != norm and alias not in found:
                    found.append(alias)
    return found


def matches(query_name: str, unit_name: str, aliases=()) -> bool:
    """Does `query_name` name this unit (by name, alias, or the unit's bracketed form)?"""
    q = normalise_name(query_name)
    for candidate in (unit_name, *aliases):
        c = normalise_name(candidate)
        if q == c or base_name(c) == q:
            return True
    return False
