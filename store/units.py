"""Reading a units cell: who leads, who supports, who is responsible.

The rules are DECISIONS.md's "Units and roles": clauses at ；;。 and ， outside brackets; a
clause's marker (牵头 / 配合 / 按职责分工落实 …) gives its names a role; a clause with no marker
that ends at ， takes the marker of the clause after it; names split at 、, and at 和 / 及 only
where the part before ends like a unit. Pieces that are not names stay in the text as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from store.textrules import squeeze, strip_tags

UNIT_ENDINGS = (
    "局", "委", "办", "厅", "部", "政府", "部门", "单位", "中心", "科", "室", "院", "会", "处",
    "站", "队", "所", "组", "署", "司", "社", "馆", "校", "行", "公司", "集团", "机构", "管委会",
    "街道", "镇", "乡", "区", "县", "市", "省", "团", "党委", "法院", "检察院",
)
_OPENERS = "（(【[〔"
_CLOSERS = "）)】]〕"
_STRONG = "；;。"
_COMMA = "，,"

_LEAD = "牵头|统筹|负责"
_SUPPORT = "配合|协助|协同|参与"
_DUTY = r"按照?(?:各自)?职[责能](?:和|及)?(?:分工)?"
_MARKER = re.compile(
    rf"(?P<qual>(?:分别|共同|等)?(?:{_DUTY})?)(?P<role>{_LEAD}|{_SUPPORT})"
    rf"|(?P<duty>{_DUTY}\S*)"
    rf"|(?P<implement>(?:具体|参照|负责|分别)?落实\S*)"
)
# Words in a piece that make it a sentence, not a unit's name.
_NOT_A_NAME = re.compile(r"应当|应该|涵盖|包括|要求|确保|做好|加强|推进|开展|^要|^由")
_QUALIFIER_TAIL = re.compile(r"(?:等(?:有关|相关|其他)?(?:单位|科室|部门|处室)?|分别|共同)$")


@dataclass(frozen=True)
class Units:
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    as_written: str = ""
    leftovers: tuple[str, ...] = ()
    """Pieces that did not read as names (kept in the written text only)."""

    @property
    def names(self) -> tuple[str, ...]:
        return self.lead + self.support + self.responsible


def looks_like_unit(name: str) -> bool:
    """Does the piece end like a unit's name (…局 …委 …政府 …部门, or a closing bracket)?"""
    name = name.strip()
    if not name or len(name) > 40 or _NOT_A_NAME.search(name):
        return False
    if name[-1] in _CLOSERS:
        return True
    return name.endswith(UNIT_ENDINGS)


def _matching_closers(text: str) -> set[int]:
    """Indexes of opening brackets that are closed later in the text (others are ignored)."""
    closed: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            stack.append(i)
        elif ch in _CLOSERS and stack:
            closed.add(stack.pop())
    return closed


def _split_outside_brackets(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at any of `separators` outside (closed) brackets; return (piece, separator) pairs."""
    closed = _matching_closers(text)
    out: list[tuple[str, str]] = []
    depth = 0
    buf = ""
    for i, ch in enumerate(text):
        if ch in _OPENERS and i in closed:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        if ch in separators and depth == 0:
            out.append((buf, ch))
            buf = ""
        else:
            buf += ch
    out.append((buf, ""))
    return out


def close_brackets(text: str) -> str:
    """Close the brackets a clause leaves open: 各县（区）人民政府（管委会 → …（管委会）.

    DECISIONS: an unclosed bracket closes at the next clause separator; the clause has been cut
    there, so what is still open closes at its end (innermost first, each with its own kind of
    closer) — 、 lists names inside the bracket (区党政办（文秘科、宣传科牵头: one name). 和 / 及
    join names at the level of the clause, so where the words since the open bracket end like a
    unit, the bracket closes before them (…（管委会和市府直属各部门配合: two names). A closer with no
    opener is left as it is.
    """
    closed = _matching_closers(text)
    if all(i in closed for i, ch in enumerate(text) if ch in _OPENERS) or not text.strip():
        return text
    out: list[str] = []
    unclosed: list[tuple[str, int]] = []  # (opener, where its words start in out)
    depth = 0  # brackets that do close, inside
    for i, ch in enumerate(text):
        if ch in "和及" and unclosed and depth == 0:
            since = "".join(out[unclosed[-1][1]:]).strip()
            if since.endswith(UNIT_ENDINGS) and not "".join(out).endswith("以"):
                out.extend(_CLOSERS[_OPENERS.index(o)] for o, _ in reversed(unclosed))
                unclosed = []
        if ch in _OPENERS:
            if i in closed:
                depth += 1
            else:
                unclosed.append((ch, len(out) + 1))
        elif ch in _CLOSERS and depth:
            depth -= 1
        out.append(ch)
    joined = "".join(out).rstrip()
    return joined + "".join(_CLOSERS[_OPENERS.index(o)] for o, _ in reversed(unclosed))


def _split_names(clause: str) -> list[str]:
    names: list[str] = []
    clause = close_brackets(clause)
    for piece, _ in _split_outside_brackets(clause, "、"):
        names.extend(_split_and(piece))
    return [n for n in (x.strip() for x in names) if n]


def _split_and(piece: str) -> list[str]:
    """Split at 和 / 及 / 与 only where the part before ends like a unit (工业和信息化局 stays)."""
    closed = _matching_closers(piece)
    depth = 0
    for i, ch in enumerate(piece):
        if ch in _OPENERS and i in closed:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        elif ch in "和及与" and depth == 0 and i > 0:
            before, after = piece[:i], piece[i + 1:]
            if before.endswith(("以及",)):
                continue
            if looks_like_unit(before) and after.strip():
                return [before] + _split_and(after)
    return [piece]


def _strip_qualifiers(name: str) -> str:
    name = name.strip()
    prev = None
    while prev != name:
        prev = name
        name = _QUALIFIER_TAIL.sub("", name).strip()
        name = re.sub(rf"(?:{_DUTY})$", "", name).strip()
    return name.lstrip("由").strip()


def parse_units(text: str | None) -> Units:
    """Read a units cell into lead / support / responsible names, keeping the text as written."""
    if not text:
        return Units()
    written = squeeze(strip_tags(text).replace("\n", " "))
    clauses: list[tuple[str, str]] = []  # (clause, separator kind: "comma" | "strong")
    for piece, sep in _split_outside_brackets(written, _STRONG + _COMMA):
        clauses.append((piece.strip(), "comma" if sep in _COMMA and sep else "strong"))

    parsed: list[tuple[list[str], str | None]] = []  # (names, role marker kind or None)
    leftovers: list[str] = []
    for clause, _ in clauses:
        m = _MARKER.search(clause)
        if m:
            head = clause[: m.start()]
            kind = "lead" if m.group("role") and re.fullmatch(_LEAD, m.group("role")) else (
                "support" if m.group("role") else "duty"
            )
        else:
            head, kind = clause, None
        names = []
        for name in _split_names(head):
            name = _strip_qualifiers(name)
            if not name:
                continue
            if looks_like_unit(name):
                names.append(name)
            else:
                leftovers.append(name)
        parsed.append((names, kind))

    # A clause without a marker that ends at ， takes the marker of the clause after it.
    kinds: list[str | None] = [k for _, k in parsed]
    for i in range(len(parsed) - 1, -1, -1):
        if kinds[i] is None and clauses[i][1] == "comma" and i + 1 < len(parsed):
            kinds[i] = kinds[i + 1]
    has_lead = any(k == "lead" and names for (names, _), k in zip(parsed, kinds))

    lead: list[str] = []
    support: list[str] = []
    responsible: list[str] = []
    for (names, _), kind in zip(parsed, kinds):
        if kind == "lead":
            target = lead
        elif kind == "support":
            target = support
        elif kind == "duty":
            target = support if has_lead else responsible
        else:
            target = responsible
        for name in names:
            if name not in target:
                target.append(name)
    return Units(tuple(lead), tuple(support), tuple(responsible), written, tuple(leftovers))


_ROLE_WORD = re.compile(rf"^(?:{_LEAD}|{_SUPPORT}|{_DUTY}|落实)")


def starts_with_role_marker(text: str) -> bool:
    return bool(_ROLE_WORD.match(text.strip()))


def has_role_marker(text: str) -> bool:
    return bool(re.search(rf"{_LEAD}|{_SUPPORT}|{_DUTY}", text))


@lru_cache(maxsize=8192)
def looks_like_units_text(text: str) -> bool:
    """Is a whole line a units line (prose plans put the units on a line of their own)?
    (Cached: a text read several ways asks it of the same lines again.)"""
    line = squeeze(strip_tags(text).replace("\n", " "))
    if not line or len(line) > 400:
        return False
    if line.endswith(("。", "！", "？")) and not has_role_marker(line[-12:]):
        return False
    units = parse_units(line)
    if not units.names:
        return False
    named = sum(len(n) for n in units.names)
    unnamed = sum(len(x) for x in units.leftovers)
    if has_role_marker(line):
        return named >= unnamed
    return not units.leftovers


_ORG_END = ("厅", "委", "局", "办", "部", "院", "中心", "室", "科", "处", "政府", "办公室", "管委会", "公司", "集团",
            "站", "所", "队", "署", "组")
_GLUE_POINT = re.compile(rf"(?<=[{''.join(sorted({e[-1] for e in _ORG_END}))}])(?=(?:省|市|区|县|州|各|国家)[\u4e00-\u9fff])")


def split_glued_units(text: str) -> str:
    """Two units' names that lost the separator between them (a crawler's 省财政厅省发改委) get a 、:
    only where a name that ends like a body (…厅 …委 …局 …政府) is followed by one that starts like a
    name (省 市 区 县 各 国家 …) and both halves read as units."""
    if not text or len(text) > 200:
        return text
    out = []
    for piece, sep in _split_outside_brackets(text, "、，,；;。"):
        parts: list[str] = []
        rest = piece
        while True:
            cut = next((m.start() for m in _GLUE_POINT.finditer(rest)
                        if m.start() >= 3 and rest[:m.start()].endswith(_ORG_END)
                        and looks_like_unit(rest[:m.start()]) and looks_like_unit(_strip_marker(rest[m.start():]))), None)
            if cut is None:
                parts.append(rest)
                break
            parts.append(rest[:cut])
            rest = rest[cut:]
        out.append("、".join(parts) + sep)
    return "".join(out)


def _strip_marker(text: str) -> str:
    m = _MARKER.search(text)
    return text[: m.start()] if m else text
