"""Document → PlanDraft: the rules every reader shares.

Two small front ends turn blocks into one vocabulary of tokens — a table's rows (columns given
roles by their header words or their contents) and prose paragraphs (classified by shape) — and
one builder turns tokens into the section tree: heading levels from the order in which label
styles first appear, task numbers that follow the sequence, units and time limits bound to the
tasks of their row or, in prose, to the tasks since the last units line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.cleanup import (
    clean_text,
    clean_title,
    is_blank,
    is_punctuation_only,
    join_wrapped,
    squeeze,
    strip_tags,
)
from store.importing.document import Document, Paragraph, Row, Table
from store.importing.meta import is_meta_line, read_meta, year_of
from store.models import ImportWarning, PlanDraft, SectionDraft, TaskDraft
from store.timelimits import find_date_phrase, looks_like_time_limit_line, parse_time_limit
from store.units import looks_like_units_text, parse_units, starts_with_role_marker

# ---- header words (one table for every reader) ---------------------------------------------

HEADER_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("no", ("序号", "编号", "任务编号")),
    ("units", ("牵头及责任单位", "牵头及配合单位", "牵头和责任单位", "责任单位", "责任部门", "责任科室",
               "责任处室", "承办单位", "落实单位", "实施单位", "牵头单位及配合单位")),
    ("lead", ("牵头单位", "牵头部门", "牵头科室", "牵头处室")),
    ("support", ("配合单位", "协办单位", "参与单位", "配合部门", "协办部门")),
    ("text", ("具体要求", "具体任务", "工作要求", "具体措施", "工作措施", "细化分工", "任务要求", "工作内容")),
    ("topic", ("工作任务", "重点任务", "工作事项", "任务内容", "工作要点", "主要任务", "任务名称", "事项")),
    ("time", ("完成时限", "时限要求", "完成时间", "时限", "完成期限", "时间节点")),
    ("extra", ("牵头领导", "责任领导", "分管领导", "责任人", "联系人", "备注")),
    ("extra", ("完成情况", "落实情况", "进展情况", "进展说明", "佐证材料", "存在问题", "下步计划")),
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
    return None


def is_header_line(text: str) -> bool:
    """A paragraph made only of header words (a table laid out one cell per line)."""
    parts = [p for p in re.split(r"[\s|]+", strip_tags(text)) if p]
    return bool(parts) and all(header_role(p) for p in parts)


# ---- the builder ---------------------------------------------------------------------------


@dataclass
class _Task:
    no: str | None
    text: str
    origin: str
    units: str | None = None
    units_inherited: bool = False
    time_text: str | None = None
    time_from_column: bool = False
    extra: dict = field(default_factory=dict)
    row_key: object = None


@dataclass
class _Section:
    label: str | None
    title: str
    level: int
    children: list = field(default_factory=list)  # _Section | _Task in order


class Builder:
    """Turns heading / task / units / time-limit events into the section tree."""

    def __init__(self, source: str):
        self.source = source
        self.roots: list[_Section] = []
        self.open: list[_Section] = []  # open sections, shallowest first
        self.tasks: list[_Task] = []
        self.warnings: list[ImportWarning] = []
        self.last_no: int = 0
        self.heading_since_task = False

    def warn(self, origin: str, code: str, **params):
        self.warnings.append(ImportWarning(origin, code, tuple(params.items())))

    # headings
    def heading(self, level: int, label: str | None, title: str, origin: str) -> None:
        title = clean_title(title)
        if not title and not label:
            return
        for sec in self.open:
            if sec.level == level and sec.label == label and _same_words(sec.title, title):
                # The same heading again (after a page break): that section continues, and any
                # deeper section that was open stays open.
                return
        while self.open and self.open[-1].level >= level:
            self.open.pop()
        section = _Section(label, title, level)
        if self.open:
            self.open[-1].children.append(section)
        else:
            self.roots.append(section)
        self.open.append(section)
        self.heading_since_task = True

    def extend_heading(self, text: str) -> None:
        if self.open:
            sec = self.open[-1]
            sec.title = clean_title(join_wrapped(sec.title, text))

    def current_heading_open_for_wrap(self) -> bool:
        return bool(self.open) and not self.open[-1].title.endswith(("。", "；", "：", ":")) and not any(
            isinstance(c, _Task) for c in self.open[-1].children
        )

    # tasks
    def accept(self, label: L.Label, at_cell_start: bool) -> str | None:
        """Is this number the next task here? Returns None, "ok", "gap", "restart" or "dup"."""
        n = label.ordinal
        expected = self.last_no + 1
        if n == expected:
            return "ok"
        if label.style == "1":  # no dot: only the exact next number
            return None
        if expected < n <= expected + 5:
            return "gap"
        if n == 1 and self.heading_since_task and self.last_no > 0:
            return "restart"
        if at_cell_start and n <= self.last_no:
            return "dup"
        return None

    def task(self, no: int | None, text: str, origin: str, verdict: str = "ok") -> _Task:
        if verdict == "gap":
            self.warn(origin, "warn.gap", before=self.last_no, after=no)
        elif verdict == "restart":
            self.warn(origin, "warn.restart", no=no)
        elif verdict == "dup":
            self.warn(origin, "warn.duplicate", no=no, before=self.last_no)
        if no is not None:
            self.last_no = no
        task = _Task(str(no) if no is not None else None, text, origin)
        if not self.open:
            # Tasks before any heading sit in an untitled section of their own.
            self.heading(0, None, "", origin)
            if not self.open:
                section = _Section(None, "", 0)
                self.roots.append(section)
                self.open.append(section)
        self.open[-1].children.append(task)
        self.tasks.append(task)
        self.heading_since_task = False
        return task

    # output
    def draft(self, meta, warnings) -> PlanDraft:
        texts = [t.text for t in self.tasks] + [t.time_text or "" for t in self.tasks]
        texts += [s.title for s in _walk(self.roots)]
        year = year_of(meta.title, texts, meta.issued)
        out_tasks: dict[int, TaskDraft] = {}
        for t in self.tasks:
            units = parse_units(t.units) if t.units else None
            if t.time_text and t.time_from_column:
                tl = parse_time_limit(t.time_text, year, meta.issued)
            else:
                tl = find_date_phrase(t.text, year)
            if t.units is None or not t.units.strip():
                self.warn(t.origin, "warn.no_units", no=t.no or "?")
            out_tasks[id(t)] = TaskDraft(
                no=t.no,
                text=t.text,
                units=units.as_written if units else None,
                lead=units.lead if units else (),
                support=units.support if units else (),
                responsible=units.responsible if units else (),
                time_limit=tl.text if tl else None,
                time_limit_kind=tl.kind if tl else None,
                due=tl.due if tl else None,
                extra=tuple(t.extra.items()),
                origin=t.origin,
            )

        def freeze(sec: _Section) -> SectionDraft:
            return SectionDraft(
                label=sec.label,
                title=sec.title,
                sections=tuple(freeze(c) for c in sec.children if isinstance(c, _Section)),
                tasks=tuple(out_tasks[id(c)] for c in sec.children if isinstance(c, _Task)),
            )

        return PlanDraft(
            title=meta.title,
            sections=tuple(freeze(s) for s in self.roots if _has_tasks(s)),
            issuer=meta.issuer,
            doc_no=meta.doc_no,
            issued=meta.issued,
            year=year,
            source=self.source,
            warnings=tuple(warnings) + tuple(self.warnings),
        )


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk([c for c in s.children if isinstance(c, _Section)])


def _has_tasks(sec: _Section) -> bool:
    return any(isinstance(c, _Task) or _has_tasks(c) for c in sec.children)


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _strip_label_text(text: str) -> str:
    return clean_text(text)


# ---- shared: split a cell of task text into items ------------------------------------------


def _split_items(builder: Builder, raw: str, origin: str, task_style: str | None) -> list[tuple[L.Label, str, str]] | None:
    """If the cell starts with an acceptable task number, the items it holds: (label, verdict, text)."""
    text = strip_tags(raw).strip()
    label = L.parse_label(text) or L.parse_bare_number(text)
    if label is None:
        return None
    if task_style:
        if not L.same_family(label.style, task_style):
            return None
    elif not L.is_number_style(label.style):
        return None
    verdict = builder.accept(label, at_cell_start=True)
    if verdict is None:
        return None
    items = [(label, verdict, 0, len(text) - len(label.rest))]
    for n, start, body in L.find_items(text, label.ordinal + 1):
        items.append((L.Label("1.", n, str(n), ""), "ok", start, body))
    out = []
    for i, (lab, verd, start, body) in enumerate(items):
        end = items[i + 1][2] if i + 1 < len(items) else len(text)
        out.append((lab, verd, text[body:end]))
    return out


# ---- table front end -----------------------------------------------------------------------


def _column_roles(header: list[str]) -> list[str | None]:
    roles = [header_role(c) for c in header]
    if "text" not in roles:
        # One column of text besides numbers, units and time limits holds the tasks.
        topics = [i for i, r in enumerate(roles) if r == "topic"]
        if topics:
            roles[topics[-1]] = "text"
            for i in topics[:-1]:
                roles[i] = "heading"
    roles = ["heading" if r == "topic" else r for r in roles]
    return roles


def _infer_roles(rows: list[Row]) -> list[str | None]:
    """No header: the column whose cells start with numbers holds the tasks; units and time
    limits are recognised by their shape; the column before the tasks holds headings."""
    width = len(rows[0].cells)
    numbered = [0] * width
    unitish = [0] * width
    timeish = [0] * width
    digits = [0] * width
    filled = [0] * width
    for row in rows:
        for i, cell in enumerate(row.cells):
            t = squeeze(strip_tags(cell.text))
            if not t:
                continue
            filled[i] += 1
            if re.fullmatch(r"\d{1,4}", t):
                digits[i] += 1
            lab = L.parse_label(t)
            if lab and L.is_number_style(lab.style):
                numbered[i] += 1
            if looks_like_units_text(t):
                unitish[i] += 1
            if looks_like_time_limit_line(t):
                timeish[i] += 1
    roles: list[str | None] = [None] * width
    for i in range(width):
        if filled[i] and digits[i] * 2 > filled[i]:
            roles[i] = "no"
        elif filled[i] and timeish[i] * 2 > filled[i]:
            roles[i] = "time"
    candidates = [i for i in range(width) if roles[i] is None and filled[i]]
    if candidates:
        text_col = max(candidates, key=lambda i: (numbered[i], -unitish[i]))
        roles[text_col] = "text"
        for i in candidates:
            if i == text_col:
                continue
            if i > text_col and unitish[i] * 2 >= filled[i]:
                roles[i] = "units"
            elif i < text_col:
                roles[i] = "heading"
        if "units" not in roles:
            rest = [i for i in candidates if i > text_col and roles[i] is None]
            if rest:
                roles[rest[0]] = "units"
    return roles


def _header_index(rows: list[Row]) -> int | None:
    for i, row in enumerate(rows[:20]):
        roles = [header_role(c.text) for c in row.cells]
        if sum(1 for r in roles if r) >= 2:
            return i
    return None


def _units_pieces(raw: str) -> list[str]:
    """Pieces of a units cell separated by spaces that are not line-wrap spaces."""
    text = strip_tags(raw).replace("\n", " ").replace("\xa0", " ")
    text = re.sub(r"(?<=[，,、；;。）)：:])\s+", "", text)
    text = re.sub(r"\s+(?=[，,、；;。）)（(])", "", text)
    return [p for p in text.split() if p]


def _units_for_items(raw: str, count: int) -> list[str]:
    pieces = _units_pieces(raw)
    if (
        count > 1
        and len(pieces) == count
        and not any(starts_with_role_marker(p) for p in pieces)
        and not any(p[-1] in "，,、；;。" for p in pieces)
    ):
        return [squeeze(p) for p in pieces]
    whole = squeeze(strip_tags(raw).replace("\n", " "))
    return [whole] * count


def _table(builder: Builder, table: Table, levels: dict[str, int], state: dict) -> None:
    rows = list(table.rows)
    hi = _header_index(rows)
    if hi is not None:
        header = [squeeze(strip_tags(c.text)) for c in rows[hi].cells]
        roles = _column_roles(header)
        header_key = [re.sub(r"\s+", "", h) for h in header]
        body = rows[hi + 1:]
    else:
        header_key = None
        body = rows
        roles = _infer_roles(body) if body else []
    col = {r: i for i, r in reversed(list(enumerate(roles))) if r}
    extra_cols = [(i, squeeze(strip_tags(rows[hi].cells[i].text))) for i, r in enumerate(roles) if r == "extra"] if hi is not None else []
    pending_break = False
    prev_row_tasks: list[_Task] = []
    last_units: str | None = None

    def cell(row: Row, role: str) -> str:
        i = col.get(role)
        return row.cells[i].text if i is not None and i < len(row.cells) else ""

    for row in body:
        texts = [c.text for c in row.cells]
        brk = pending_break or row.page_break_before
        pending_break = False
        if header_key is not None and [re.sub(r"\s+", "", squeeze(strip_tags(t))) for t in texts] == header_key:
            pending_break = True  # a header repeated on a new page
            continue
        if all(is_blank(strip_tags(t)) for t in texts):
            continue
        if all(is_punctuation_only(t) or is_blank(t) for t in texts):
            builder.warn(row.origin, "warn.punct_row")
            continue
        h_i = col.get("heading")
        x_i = col.get("text")
        cells = list(texts)
        # A heading cell that starts with the next task number is a task; the rest of the row
        # was shifted left by the converter.
        if h_i is not None and x_i is not None and x_i == h_i + 1:
            h_text = strip_tags(cells[h_i]).strip()
            lab = L.parse_label(h_text) or L.parse_bare_number(h_text)
            if lab and L.is_number_style(lab.style) and builder.accept(lab, True) in ("ok", "gap") and is_blank(cells[-1]):
                cells = cells[:h_i] + [""] + cells[h_i:-1]
        h = strip_tags(cells[h_i]).strip() if h_i is not None else ""
        x = cells[x_i] if x_i is not None else ""
        u_raw = cells[col["units"]] if "units" in col else ""
        lead_raw = cells[col["lead"]] if "lead" in col else ""
        sup_raw = cells[col["support"]] if "support" in col else ""
        time_raw = squeeze(strip_tags(cells[col["time"]])) if "time" in col else ""
        no_raw = squeeze(strip_tags(cells[col["no"]])) if "no" in col else ""
        has_units = not (is_blank(strip_tags(u_raw)) and is_blank(strip_tags(lead_raw)) and is_blank(strip_tags(sup_raw)))
        x_blank = is_blank(strip_tags(x))

        if h and x_blank and not has_units and not time_raw and not no_raw:
            if not builder.tasks and (len(h) > 60 or h.rstrip("</p>").endswith(("。", "！"))):
                continue  # the opening paragraph, not a heading
            _heading(builder, h, row.origin, levels)
            continue
        if h:
            _heading(builder, h, row.origin, levels)

        units_text = _combine_units(u_raw, lead_raw, sup_raw)
        items = None if x_blank else _split_items(builder, x, row.origin, state.get("task_style"))
        row_tasks: list[_Task] = []
        if items:
            unit_list = _units_for_items(units_text, len(items)) if has_units else [None] * len(items)
            for (lab, verdict, body_text), units in zip(items, unit_list):
                t = builder.task(lab.ordinal, clean_text(body_text), row.origin, verdict)
                row_tasks.append(t)
                t.units = units
        elif no_raw and re.fullmatch(r"\d{1,4}", no_raw) and not x_blank:
            n = int(no_raw)
            lab = L.Label("1.", n, no_raw, "")
            verdict = builder.accept(lab, True) or "dup"
            body_text = strip_tags(x).strip()
            own = L.parse_label(body_text)
            if own and own.ordinal == n:
                body_text = own.rest
            t = builder.task(n, clean_text(body_text), row.origin, verdict)
            t.units = squeeze(strip_tags(units_text)) if has_units else None
            row_tasks.append(t)
        elif builder.tasks and not h and (brk or not has_units):
            # The rest of a cell cut by a page break.
            last = builder.tasks[-1]
            if not x_blank:
                last.text = join_wrapped(last.text, clean_text(x))
            if has_units:
                cont = squeeze(strip_tags(units_text).replace("\n", " "))
                for t in prev_row_tasks or [last]:
                    if t.units_inherited or not t.units:
                        t.units, t.units_inherited = cont, False
                    else:
                        t.units = join_wrapped(t.units, cont)
                last_units = prev_row_tasks[-1].units if prev_row_tasks else last.units
            if time_raw:
                for t in prev_row_tasks or [last]:
                    t.time_text = join_wrapped(t.time_text or "", time_raw)
                    t.time_from_column = True
            continue
        elif not x_blank:
            t = builder.task(None, clean_text(x), row.origin, "ok")
            t.units = squeeze(strip_tags(units_text)) if has_units else None
            row_tasks.append(t)
        else:
            continue

        if not has_units and not h and last_units is not None:
            # An empty units cell in a row that continues a section: a merged cell above.
            for t in row_tasks:
                t.units, t.units_inherited = last_units, True
        if row_tasks and row_tasks[-1].units:
            last_units = row_tasks[-1].units
        elif h:
            last_units = None
        if time_raw:
            for t in row_tasks:
                t.time_text, t.time_from_column = time_raw, True
        for i, name in extra_cols:
            value = clean_text(cells[i]) if i < len(cells) else ""
            if value:
                for t in row_tasks:
                    t.extra[name] = value
        prev_row_tasks = row_tasks


def _combine_units(units: str, lead: str, support: str) -> str:
    """Separate 牵头单位 / 配合单位 columns read as one units text with its markers."""
    parts = []
    if not is_blank(strip_tags(units)):
        parts.append(units)
    lead_t = squeeze(strip_tags(lead))
    sup_t = squeeze(strip_tags(support))
    if lead_t:
        parts.append(lead_t if lead_t.endswith("牵头") else lead_t + "牵头")
    if sup_t:
        parts.append(sup_t if sup_t.endswith("配合") else sup_t + "配合")
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return "；".join(squeeze(strip_tags(p)) for p in parts)


def _heading(builder: Builder, text: str, origin: str, levels: dict[str, int]) -> None:
    flat = clean_text(text).replace("\n", "")
    lab = L.parse_label(flat)
    if lab and not L.is_number_style(lab.style):
        style, label, title = lab.style, lab.text, lab.rest
    else:
        style, label, title = "", None, flat
    level = levels.setdefault(style, len(levels) + 1)
    builder.heading(level, label, title, origin)


# ---- prose front end -----------------------------------------------------------------------


@dataclass
class _Para:
    kind: str  # heading | task | units | time | header | meta | plain
    text: str
    origin: str
    label: L.Label | None = None


def _classify(p: Paragraph) -> _Para:
    text = strip_tags(p.text).strip()
    if p.label:
        text = f"{p.label}{text}" if not text.startswith(p.label) else text
    if is_header_line(text):
        return _Para("header", text, p.origin)
    lab = L.parse_label(text)
    if lab:
        return _Para("task" if L.is_number_style(lab.style) else "heading", text, p.origin, lab)
    if looks_like_time_limit_line(text):
        return _Para("time", text, p.origin)
    if looks_like_units_text(text):
        return _Para("units", text, p.origin)
    if is_meta_line(text):
        return _Para("meta", text, p.origin)
    bare = L.parse_bare_number(text)
    if bare:
        return _Para("task", text, p.origin, bare)
    return _Para("plain", text, p.origin)


def _task_style(paras: list[_Para]) -> str | None:
    """The deepest label style that carries units or time limits is the task level."""
    order: list[str] = []
    last_style: str | None = None
    carriers: set[str] = set()
    for p in paras:
        if p.label is not None:
            style = "1." if p.label.style == "1" else p.label.style
            if style not in order:
                order.append(style)
            last_style = style
        elif p.kind in ("units", "time") and last_style:
            carriers.add(last_style)
    if carriers:
        return max(carriers, key=order.index)
    numbered = [s for s in order if L.is_number_style(s)]
    if numbered:
        return numbered[0]
    return order[-1] if order else None


def _prose(builder: Builder, paras: list[_Para], levels: dict[str, int], task_style: str | None) -> None:
    group: list[_Task] = []
    group_closed = False
    prev_kind = None
    for p in paras:
        kind = p.kind
        if kind == "task" or kind == "heading":
            lab = p.label
            style = "1." if lab.style == "1" else lab.style
            if task_style and style == task_style:
                kind = "task"
            elif task_style and style in levels or (task_style and _is_above(style, task_style, paras)):
                kind = "heading"
            elif task_style and style != task_style and L.is_number_style(style):
                kind = "plain"  # a sub-item inside a task's text
            elif not task_style:
                kind = "heading"
        if kind == "header" or kind == "meta":
            prev_kind = kind
            continue
        if kind == "heading":
            level = levels.setdefault(p.label.style, len(levels) + 1)
            builder.heading(level, p.label.text, p.label.rest, p.origin)
            prev_kind = "heading"
            continue
        if kind == "task":
            verdict = builder.accept(p.label, at_cell_start=True)
            if verdict is not None:
                items = _split_items(builder, p.text, p.origin, task_style)
                if items:
                    if group_closed:
                        group, group_closed = [], False
                    for lab, verd, body in items:
                        t = builder.task(lab.ordinal, clean_text(body), p.origin, verd)
                        group.append(t)
                    prev_kind = "task"
                    continue
            kind = "plain"
        if kind == "units":
            targets = [t for t in group if not t.units] or group
            for t in targets:
                t.units = squeeze(strip_tags(p.text))
            if not group:
                builder.warn(p.origin, "warn.orphan_text", text=p.text[:30])
            group_closed = True
            prev_kind = "units"
            continue
        if kind == "time":
            for t in group:
                t.time_text, t.time_from_column = squeeze(p.text), True
            group_closed = True
            prev_kind = "time"
            continue
        # plain text
        if prev_kind == "heading" and builder.current_heading_open_for_wrap():
            builder.extend_heading(p.text)
            continue
        if group and not group_closed:
            last = group[-1]
            last.text = join_wrapped(last.text, clean_text(p.text)) if last.text else clean_text(p.text)
            prev_kind = "task"
            continue
        builder.warn(p.origin, "warn.orphan_text", text=squeeze(p.text)[:30])
        prev_kind = "plain"


def _is_above(style: str, task_style: str, paras: list[_Para]) -> bool:
    """Does `style` first appear before the task style (so it is a heading level)?"""
    for p in paras:
        if p.label is None:
            continue
        s = "1." if p.label.style == "1" else p.label.style
        if s == style:
            return True
        if s == task_style:
            return False
    return False


# ---- entry point ---------------------------------------------------------------------------


def assemble(doc: Document, source: str | None = None) -> PlanDraft:
    """Build the plan from a document; raises ImportFailed when no task is found."""
    source = source or doc.source or ""
    builder = Builder(source)
    levels: dict[str, int] = {}
    blocks = doc.blocks
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table)), None)
    meta_lines: list[str] = []
    paras: list[_Para] = []
    state: dict = {}
    if first_table is not None:
        meta_lines = [b.text for b in blocks[:first_table] if isinstance(b, Paragraph)]
        for b in blocks[first_table:]:
            if isinstance(b, Table):
                _table(builder, b, levels, state)
    else:
        classified = [_classify(b) for b in blocks if isinstance(b, Paragraph)]
        # The preamble: everything before the first label, header line, units or time line.
        start = next((i for i, p in enumerate(classified) if p.kind in ("heading", "task", "header", "units", "time")), len(classified))
        meta_lines = [p.text for p in classified[:start]]
        paras = classified[start:]
        task_style = _task_style(paras)
        _prose(builder, paras, levels, task_style)
    if not builder.tasks:
        raise ImportFailed(source, None, "import.no_tasks")
    meta = read_meta(meta_lines)
    return builder.draft(meta, doc.warnings)
