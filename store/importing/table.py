"""The table front end: a table's rows → builder events, in named steps.

find the header → map the columns (header words, or what the cells hold) → carry merged cells
(the grid's spans; a lost merge in text copied out of a document) → emit each row as a section,
tasks, or the rest of a row cut by a page break.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.importing import labels as L
from store.importing.builder import Builder, TaskNode, open_heading, split_items
from store.importing.document import Table
from store.importing.grid import GridRow, build_grid
from store.importing.headers import header_role
from store.textrules import clean_text, is_blank, is_punctuation_only, join_wrapped, squeeze, strip_tags
from store.timelimits import looks_like_time_limit_line
from store.units import has_role_marker, looks_like_unit, looks_like_units_text, starts_with_role_marker

# Roles whose merged cell covers every row it spans: the value is read in each of those rows.
# A merged heading cell means "the same section" (an empty heading), and a merged task cell is
# handled on its own (the rows it spans add units to its tasks).
_COPY_DOWN = {"units", "lead", "support", "time", "state", "note", "extra"}
# Roles read one column each (each header cell its own column), named by the header's words.
_NAMED = {"extra", "state", "note"}


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", "", squeeze(strip_tags(text)))


@dataclass
class _Columns:
    """The columns of a table (or of a table split in several) and what each holds."""

    roles: list[str | None]
    names: list[str]
    keys: list[list[str]]
    """The header rows as read (to spot a header repeated on a new page or a new table)."""
    width: int

    def cols(self, role: str) -> list[int]:
        """The columns of a role: the first header cell that has it (with its span)."""
        out: list[int] = []
        for i, r in enumerate(self.roles):
            if r == role:
                if out and i != out[-1] + 1:
                    break
                out.append(i)
        return out

    def first(self, role: str) -> int | None:
        cols = self.cols(role)
        return cols[0] if cols else None

    def named(self) -> list[tuple[str, int, str]]:
        """(role, column, header name) for every kept column: 备注, 完成情况, 进展情况 …"""
        out = []
        for i, r in enumerate(self.roles):
            if r in _NAMED and (i == 0 or self.roles[i - 1] != r or self.names[i - 1] != self.names[i]):
                out.append((r, i, self.names[i]))
        return out


def find_header(grid: list[GridRow]) -> int | None:
    for i, row in enumerate(grid[:20]):
        roles = [header_role(s.text) for s in row.slots if s.own]
        if sum(1 for r in roles if r) >= 2:
            return i
    return None


def _columns_from_header(grid: list[GridRow], hi: int) -> tuple[_Columns, int]:
    """Column roles from the header row (and a second header row under it: 责任单位 over 牵头 | 配合)."""
    hdr = grid[hi]
    width = len(hdr.slots)
    roles = [header_role(s.text) for s in hdr.slots]
    names = [squeeze(strip_tags(s.text)).replace(" ", "") for s in hdr.slots]
    keys = [[_norm_key(t) for t in hdr.texts]]
    used = 1
    if hi + 1 < len(grid):
        sub = grid[hi + 1]
        own = [(c, s) for c, s in enumerate(sub.slots) if s.own and not is_blank(s.text)]
        if own and all(header_role(s.text) for _, s in own) and [_norm_key(t) for t in sub.texts] != keys[0]:
            for c, s in own:
                for cc in range(c, min(width, c + s.colspan)):
                    roles[cc] = header_role(s.text)
                    names[cc] = squeeze(strip_tags(s.text)).replace(" ", "")
            keys.append([_norm_key(t) for t in sub.texts])
            used = 2
    roles = _resolve_topics(roles, hdr, grid[hi + used:])
    return _Columns(roles, names, keys, width), used


def _resolve_topics(roles: list[str | None], hdr: GridRow, body: list[GridRow]) -> list[str | None]:
    """工作任务 / 重点任务 hold the tasks unless another column does (then they are headings).

    A topic header spanning two columns over body cells that are split (一、… | 1.…) gives a
    heading column and a task column; over body cells merged the same way, one column.
    """
    roles = list(roles)
    for i, s in enumerate(hdr.slots):
        if roles[i] == "topic" and s.own and s.colspan > 1:
            span = range(i + 1, min(len(roles), i + s.colspan))
            split = any(
                row.slots[c].own and not is_blank(row.slots[c].text) for row in body for c in span if c < len(row.slots)
            )
            if not split:
                for c in span:
                    roles[c] = None
    if "text" not in roles:
        topics = [i for i, r in enumerate(roles) if r == "topic"]
        if topics:
            last = topics[-1]
            roles[last] = "text"
            for i in topics[:-1]:
                roles[i] = "heading"
    return ["heading" if r == "topic" else r for r in roles]


def _infer_roles(rows: list[list[str]]) -> list[str | None]:
    """No header: the column whose cells start with numbers holds the tasks; units and time
    limits are recognised by their shape; the column before the tasks holds headings."""
    width = max((len(r) for r in rows), default=0)
    numbered = [0] * width
    unitish = [0] * width
    timeish = [0] * width
    digits = [0] * width
    filled = [0] * width
    for row in rows:
        for i, raw in enumerate(row):
            t = squeeze(strip_tags(raw))
            if not t:
                continue
            filled[i] += 1
            if re.fullmatch(r"\d{1,4}[.．、]?", t):
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


def headerless_is_plan(grid: list[GridRow]) -> bool:
    """A table without header words holds tasks when its task column has numbered cells and
    there is another column beside it (a layout or particulars table does not)."""
    rows = [r.texts for r in grid]
    roles = _infer_roles(rows)
    if "text" not in roles or len([r for r in roles if r]) < 2:
        return False
    x = roles.index("text")
    numbered = 0
    for row in rows:
        t = squeeze(strip_tags(row[x])) if x < len(row) else ""
        lab = L.parse_label(t)
        if lab and L.is_number_style(lab.style):
            numbered += 1
    no = roles.index("no") if "no" in roles else None
    if no is not None:
        numbered += sum(1 for row in rows if no < len(row) and re.fullmatch(r"\d{1,4}[.．、]?", squeeze(row[no])))
    return numbered >= 1


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
    whole = _flat_units(raw)
    return [whole] * count


_MARKER_END = re.compile(r"(?:牵头|配合|协助|协同|负责|参与|落实|统筹)$")


def _flat_units(raw: str) -> str:
    """A units cell as one line. A line that ends a clause (…牵头, or a unit's name) and the next
    line are two clauses (办公室牵头 / 各科室配合 → 办公室牵头；各科室配合); any other line break is
    where the text wrapped."""
    out = ""
    for line in strip_tags(raw).split("\n"):
        line = squeeze(line)
        if not line:
            continue
        last = re.split(r"[、，,；;。]", out)[-1] if out else ""
        if out and out[-1] not in "、，,；;（(" and line[0] not in "、，,；;。）)" and (
            _MARKER_END.search(out) or looks_like_unit(last)
        ):
            out += "；" + line
        else:
            out = join_wrapped(out, line)
    return squeeze(out)


def _row_values(grow: GridRow, roles: list[str | None]) -> list[str]:
    """What each column says in this row: own cells, and merged cells of the roles whose merged
    value holds for every row it spans (read once, in the merged cell's first column)."""
    out = []
    for c, s in enumerate(grow.slots):
        if s.own:
            out.append(s.text)
        elif s.above and s.col == c and c < len(roles) and roles[c] in _COPY_DOWN:
            out.append(s.text)
        else:
            out.append("")
    return out


def _no_value(raw: str) -> str:
    """A 序号 cell as digits: "3", "3.", "3、" and "（3）" are the number 3."""
    t = squeeze(strip_tags(raw))
    m = re.fullmatch(r"[（(]?\s*(\d{1,4})\s*[）)]?\s*[.．、]?", t)
    return m.group(1) if m else t


def _text_task_style(grid: list[GridRow], cols: _Columns) -> str | None:
    """Tasks labelled （一） or 第一条 in the task column, each row with its own units."""
    x = cols.first("text")
    if x is None:
        return None
    unit_cols = [c for r in ("units", "lead", "support", "time") for c in cols.cols(r)]
    styles: dict[str, int] = {}
    for row in grid:
        if x >= len(row.slots) or not row.slots[x].own:
            continue
        lab = L.parse_label(strip_tags(row.slots[x].text).strip())
        if lab is None:
            continue
        if L.is_number_style(lab.style):
            return None
        if any(c < len(row.slots) and not is_blank(row.slots[c].text) for c in unit_cols):
            styles[lab.style] = styles.get(lab.style, 0) + 1
    if not styles:
        return None
    style, count = max(styles.items(), key=lambda kv: kv[1])
    return style if count >= 2 else None


@dataclass
class TableState:
    """What carries from one table to the next when a table is split in several."""

    cols: _Columns | None = None
    last_units: str | None = None
    prev_row_tasks: list = field(default_factory=list)
    task_style: str | None = None
    heading_between: bool = False
    """A section heading was written between this table and the one before: the new table
    starts that section, it does not continue a row cut by a page break."""
    merge_lost: bool = True
    """Without spans, an empty units cell under a section's filled one is a lost merge."""


def read_table(builder: Builder, table: Table, levels: dict[str, int], state: TableState, grid: list[GridRow] | None = None) -> None:
    """One table's rows → builder events: find the header, map the columns, then each row."""
    grid = grid if grid is not None else build_grid(table)
    if not grid:
        return
    cols, start, continued = map_columns(grid, state)
    if state.heading_between:
        continued, state.heading_between = False, False
    if not continued:
        state.last_units, state.prev_row_tasks = None, []
    run = _TableRun(builder, levels, state, cols, grid[start:], continued)
    for gi, grow in enumerate(grid[start:], start):
        run.row(gi, grow)


def map_columns(grid: list[GridRow], state: TableState) -> tuple[_Columns, int, bool]:
    """Find the header and give each column a role: (columns, first body row, continued).

    The same header as the table before, or no header and the same width, continues that table
    (a table split over pages); no header at all: roles from what the cells hold."""
    hi = find_header(grid)
    if hi is not None:
        cols, used = _columns_from_header(grid, hi)
        continued = state.cols is not None and [k for k in cols.keys] == state.cols.keys
        state.cols = cols
        state.task_style = _text_task_style(grid[hi + used:], cols)
        return cols, hi + used, continued
    if state.cols is not None and state.cols.width == len(grid[0].slots):
        return state.cols, 0, True  # a table split without its header
    roles = _infer_roles([r.texts for r in grid])
    state.cols = _Columns(roles, [""] * len(roles), [], len(roles))
    state.task_style = None
    return state.cols, 0, False


@dataclass
class _RowText:
    """What one row says, column by column (merged cells carried where their role holds)."""

    h: str
    x: str
    u_raw: str
    lead_raw: str
    sup_raw: str
    time_raw: str
    no_raw: str
    named: list
    own: list[str]
    has_units: bool = False
    x_blank: bool = True

    def __post_init__(self) -> None:
        self.has_units = not (is_blank(strip_tags(self.u_raw)) and is_blank(strip_tags(self.lead_raw))
                              and is_blank(strip_tags(self.sup_raw)))
        self.x_blank = is_blank(strip_tags(self.x))

    @property
    def units_text(self) -> str:
        return _combine_units(self.u_raw, self.lead_raw, self.sup_raw)


class _TableRun:
    """Reading one table's body, row by row (the steps after the columns are mapped)."""

    def __init__(self, builder: Builder, levels: dict[str, int], state: TableState, cols: _Columns,
                 body: list[GridRow], continued: bool):
        self.builder, self.levels, self.state, self.cols = builder, levels, state, cols
        self.roles = cols.roles
        # Spans are the truth where the units column has them: a merged units cell covers the
        # rows it spans and no further, and an empty units cell is empty. Without merges (text
        # copied out of a document), an empty units cell under a section's first row is a lost merge.
        self.unit_cols = [c for r in ("units", "lead", "support") for c in cols.cols(r)]
        self.spans_known = any(c < len(row.slots) and row.slots[c].above for row in body for c in self.unit_cols)
        self.h_i = cols.first("heading")
        self.x_i = cols.first("text")
        self.pending_break = continued
        self.break_rows: set[int] = set()
        self.box_text: dict[tuple[int, int], str] = {}
        """The text of a merged units box that a page break cut, joined, by (row, column)."""

    # -- step: which rows are rows of the plan ---------------------------------------------

    def row(self, gi: int, grow: GridRow) -> None:
        own = grow.texts
        brk = self.pending_break or grow.page_break_before
        self.pending_break = False
        if brk:
            self.break_rows.add(gi)
        if [_norm_key(t) for t in own] in self.cols.keys:
            self.pending_break = True  # a header repeated on a new page
            return
        if all(is_blank(t) or is_blank(strip_tags(t)) for t in own):
            return
        if all(is_punctuation_only(t) or is_blank(t) for t in own):
            self.builder.warn(grow.origin, "warn.punct_row")
            return
        if self._is_banner(grow):
            filled = [s for s in grow.slots if s.own and not is_blank(strip_tags(s.text))]
            _banner(self.builder, filled[0].text, grow.origin, self.levels, self.state)
            return
        cells = self.carry_merged(gi, grow)
        self.emit(gi, grow, self._read(cells, own), brk)

    def _is_banner(self, grow: GridRow) -> bool:
        """A row that is one merged cell across the table (一、…): a section, or prose."""
        filled = [s for s in grow.slots if s.own and not is_blank(strip_tags(s.text))]
        if len(filled) != 1:
            return False
        if filled[0].colspan <= 1:
            # Not merged, but a section's label and title alone on the row (| 一、… | | |).
            return _is_heading_text(filled[0].text, self.state) and not any(
                s.above and not is_blank(s.text) for s in grow.slots)
        if self.x_i is not None and not (filled[0].col <= self.x_i < filled[0].col + filled[0].colspan):
            return False
        return not any(s.above and not is_blank(s.text) and self.roles[c] in ("units", "lead", "support")
                       for c, s in enumerate(grow.slots) if c < len(self.roles))

    # -- step: carry merged cells ----------------------------------------------------------

    def carry_merged(self, gi: int, grow: GridRow) -> list[str]:
        """The row's cells, merged cells of copied-down roles included, with a units box cut by
        a page break read as its joined text; a heading cell that starts the next task shifts the
        row right (a converter shifted it left)."""
        cells = _row_values(grow, self.roles)
        for c in self.unit_cols:
            slot = grow.slots[c] if c < len(grow.slots) else None
            if slot is not None and slot.above and slot.col == c and (slot.row, c) in self.box_text:
                cells[c] = self.box_text[(slot.row, c)]
        h_i, x_i = self.h_i, self.x_i
        if h_i is not None and x_i is not None and x_i == h_i + 1 and not self._x_covered(grow):
            h_text = strip_tags(cells[h_i]).strip()
            lab = L.parse_label(h_text) or L.parse_bare_number(h_text)
            if lab and L.is_number_style(lab.style) and self.builder.accept(lab, True) in ("ok", "gap") and is_blank(cells[-1]):
                cells = cells[:h_i] + [""] + cells[h_i:-1]
        return cells

    def _x_covered(self, grow: GridRow) -> bool:
        return self.x_i is not None and self.x_i < len(grow.slots) and grow.slots[self.x_i].above

    def _read(self, cells: list[str], own: list[str]) -> _RowText:
        cols = self.cols

        def get(role: str) -> str:
            return "\n".join(cells[c] for c in cols.cols(role) if c < len(cells) and not is_blank(cells[c]))

        named = [(role, name, clean_text(cells[c])) for role, c, name in cols.named() if c < len(cells)]
        return _RowText(
            h=strip_tags(get("heading")).strip(), x=get("text"), u_raw=get("units"), lead_raw=get("lead"),
            sup_raw=get("support"), time_raw=squeeze(strip_tags(get("time")).replace("\n", " ")),
            no_raw=_no_value(get("no")), named=[(r, n, v) for r, n, v in named if v], own=own,
        )

    # -- step: emit the row ----------------------------------------------------------------

    def emit(self, gi: int, grow: GridRow, v: _RowText, brk: bool) -> None:
        b = self.builder
        if brk and v.h and b.open and b.tasks and _rest_of_heading(b, v.h, v.x, v.no_raw, self.state, self.levels):
            # The rest of a heading cell cut by a page break ("…《政府信息公开" | "条例》").
            b.extend_heading(v.h)
            v.h = ""
        if self._x_covered(grow):
            self.covered_row(grow, v)
            return
        if self.heading_row(grow, v):
            return
        if v.h:
            open_heading(b, v.h, grow.origin, self.levels)
        row_tasks = self.task_row(gi, grow, v, brk)
        if row_tasks is not None:
            self.finish_row(gi, grow, v, row_tasks)

    def covered_row(self, grow: GridRow, v: _RowText) -> None:
        """The task cell is merged over this row: its units, time limit and notes add to the
        tasks of the row where it starts."""
        targets = self.state.prev_row_tasks or self.builder.tasks[-1:]
        units_own = any(grow.slots[c].own and not is_blank(grow.slots[c].text) for c in self.unit_cols if c < len(grow.slots))
        if units_own:
            more = _flat_units(v.units_text)
            for t in targets:
                t.units = f"{t.units}；{more}" if t.units else more
        if v.time_raw:
            for t in targets:
                if not t.time_text:
                    t.time_text, t.time_from_column = v.time_raw, True
        _add_named(targets, v.named, join=False)

    def heading_row(self, grow: GridRow, v: _RowText) -> bool:
        """A row that only opens a section (or is the opening prose): True when it was one."""
        b = self.builder
        quiet = not v.has_units and not v.time_raw
        section_no = _section_number(v.no_raw)
        if section_no and quiet and not (v.h and not v.x_blank):
            # A 序号 cell holding 一 / （一） on a row without units: a section, titled beside it.
            open_heading(b, section_no + strip_tags(v.h or v.x).strip(), grow.origin, self.levels)
            return True
        if v.h and v.x_blank and quiet and not v.no_raw:
            if not b.tasks and (len(v.h) > 60 or v.h.rstrip("</p>").endswith(("。", "！"))):
                b.warn(grow.origin, "warn.row_prose", text=squeeze(v.h)[:30])
                return True  # the opening paragraph, not a heading
            open_heading(b, v.h, grow.origin, self.levels)
            return True
        if not v.h and not v.x_blank and quiet and not v.no_raw and _is_heading_text(v.x, self.state):
            # A section written in the task column, on a row of its own.
            open_heading(b, strip_tags(v.x).strip(), grow.origin, self.levels)
            return True
        return False

    def task_row(self, gi: int, grow: GridRow, v: _RowText, brk: bool) -> list[TaskNode] | None:
        """The row's tasks (None when the row added to the tasks before it, or held none)."""
        b = self.builder
        units_text = v.units_text
        if brk and self._number_repeated(v):
            self.continuation_row(gi, grow, v, units_text)
            return None
        items = None if v.x_blank else split_items(b, v.x, grow.origin, self.state.task_style)
        numbered = bool(v.no_raw and re.fullmatch(r"\d{1,4}", v.no_raw) and not v.x_blank)
        if brk and (items or numbered) and v.has_units:
            units_text = self._join_cut_box(gi, grow, units_text)
        if items:
            unit_list = _units_for_items(units_text, len(items)) if v.has_units else [None] * len(items)
            row_tasks = []
            for (lab, verdict, body_text), units in zip(items, unit_list):
                t = b.task(lab.ordinal, clean_text(body_text), grow.origin, verdict)
                t.units = units
                row_tasks.append(t)
            return row_tasks
        if numbered:
            n = int(v.no_raw)
            verdict = b.accept(L.Label("1.", n, v.no_raw, ""), True) or "dup"
            body_text = strip_tags(v.x).strip()
            own_label = L.parse_label(body_text)
            if own_label and own_label.ordinal == n:
                body_text = own_label.rest
            t = b.task(n, clean_text(body_text), grow.origin, verdict)
            t.units = _flat_units(units_text) if v.has_units else None
            b.task_labels["序号"] = b.task_labels.get("序号", 0) + 1
            return [t]
        if b.tasks and not v.h and (brk or not v.has_units):
            self.continuation_row(gi, grow, v, units_text)
            return None
        if not v.x_blank:
            t = b.task(None, clean_text(v.x), grow.origin, "ok")
            t.units = _flat_units(units_text) if v.has_units else None
            return [t]
        if v.has_units or v.time_raw or v.no_raw:
            b.warn(grow.origin, "warn.row_no_task", text=squeeze(strip_tags(" ".join(v.own)))[:30])
        return None

    def _number_repeated(self, v: _RowText) -> bool:
        """After a page break, the number of the task the break cut, written again before the rest
        of its text (its sentence had not ended): the row continues that task. Takes the number
        off the row's text."""
        b = self.builder
        if not b.tasks or b.last_no <= 0 or b.tasks[-1].text.rstrip()[-1:] in ("。", "；", "！", "？", ";"):
            return False
        text = strip_tags(v.x).strip()
        lab = L.parse_label(text)
        if v.no_raw.isdigit() and int(v.no_raw) == b.last_no:
            if lab is not None and lab.ordinal == b.last_no:
                v.x = lab.rest
            v.no_raw = ""
        elif not v.no_raw and lab is not None and L.is_number_style(lab.style) and lab.ordinal == b.last_no:
            v.x = lab.rest
        else:
            return False
        v.x_blank = is_blank(strip_tags(v.x))
        return True

    def _join_cut_box(self, gi: int, grow: GridRow, units_text: str) -> str:
        """A merged units box cut by a page break mid-name ("…医政医" | "管科、宣教科等牵头"): one
        text for the tasks on both pages."""
        last = self.state.last_units
        if not (self.spans_known and last and _units_cut(last)
                and any(c < len(grow.slots) and grow.slots[c].own for c in self.unit_cols)):
            return units_text
        joined = join_wrapped(last, _flat_units(units_text))
        _rename_units_run(self.builder, last, joined)
        for c in self.unit_cols:
            if c < len(grow.slots) and grow.slots[c].own:
                self.box_text[(gi, c)] = joined
        return joined

    def continuation_row(self, gi: int, grow: GridRow, v: _RowText, units_text: str) -> None:
        """The rest of a cell cut by a page break: text, units and time limit join the row before."""
        b, state = self.builder, self.state
        last = b.tasks[-1]
        targets = state.prev_row_tasks or [last]
        b.warn(grow.origin, "warn.row_joined", no=last.no or "?")
        if not v.x_blank:
            last.text = join_wrapped(last.text, clean_text(v.x))
        if v.has_units:
            cont = _flat_units(units_text)
            before = targets[-1].units
            for t in targets:
                if t.units_inherited or not t.units:
                    t.units, t.units_inherited = cont, False
                else:
                    t.units = join_wrapped(t.units, cont)
            state.last_units = targets[-1].units
            if self.spans_known:
                # The merged box the break cut: every task it covers, above and below.
                _rename_units_run(b, before, state.last_units)
                for c in self.unit_cols:
                    if c < len(grow.slots) and grow.slots[c].own:
                        self.box_text[(gi, c)] = state.last_units
        if v.time_raw:
            for t in targets:
                t.time_text = join_wrapped(t.time_text or "", v.time_raw)
                t.time_from_column = True
        _add_named(targets, v.named, join=True)

    def finish_row(self, gi: int, grow: GridRow, v: _RowText, row_tasks: list[TaskNode]) -> None:
        """Units a lost or cut merge leaves empty, the time limit and kept columns of the row's tasks."""
        state = self.state
        # A merged units cell cut by a page break leaves an empty box on the new page: the
        # units go on from the page before.
        unit_slots = [grow.slots[c] for c in self.unit_cols if c < len(grow.slots)]
        cut = bool(unit_slots) and all(
            (s.own and gi in self.break_rows) or (s.above and s.row in self.break_rows and is_blank(s.text))
            for s in unit_slots
        )
        lost = not self.spans_known and state.merge_lost
        if not v.has_units and not v.h and state.last_units is not None and (lost or cut):
            # An empty units cell in a row that continues a section: a merged cell above.
            for t in row_tasks:
                t.units, t.units_inherited = state.last_units, True
        if row_tasks and row_tasks[-1].units:
            state.last_units = row_tasks[-1].units
        elif v.h:
            state.last_units = None
        if v.time_raw:
            for t in row_tasks:
                t.time_text, t.time_from_column = v.time_raw, True
        _add_named(row_tasks, v.named, join=False)
        state.prev_row_tasks = row_tasks


def _add_named(tasks: list, named: list[tuple[str, str, str]], join: bool) -> None:
    """Kept columns: 备注 and the like as extra, 完成情况 as a state word, 进展情况 as notes."""
    for role, name, value in named:
        for t in tasks:
            if role == "extra":
                old = t.extra.get(name)
                t.extra[name] = join_wrapped(old, value) if join and old else value
                continue
            bucket = t.states if role == "state" else t.notes
            if join and bucket and bucket[-1][0] == name:
                bucket[-1] = (name, join_wrapped(bucket[-1][1], value))
            elif (name, value) not in bucket:
                bucket.append((name, value))


def _section_number(no_raw: str) -> str | None:
    """一 / 一、 / （一） / 第一部分 in a 序号 cell: the label of a section row."""
    if not no_raw or re.fullmatch(r"\d{1,4}", no_raw):
        return None
    text = no_raw if not re.fullmatch(f"[{L._CN}]+", no_raw) else no_raw + "、"
    lab = L.parse_label(text)
    if lab is None or L.is_number_style(lab.style) or lab.rest.strip():
        return None
    return lab.text


def _rename_units_run(builder: Builder, old: str | None, new: str | None) -> None:
    """The tasks at the end of the plan so far whose units are `old` get `new`."""
    if not old or not new or old == new:
        return
    for t in reversed(builder.tasks):
        if t.units == old:
            t.units = new
        elif t.units != new:
            break


def _units_cut(text: str) -> bool:
    """Does a units text end in the middle of a name (cut by a page break)?"""
    flat = squeeze(strip_tags(text).replace("\n", " "))
    if not flat:
        return False
    if flat[-1] in "、，,；;和及与（(":
        return True
    last = re.split(r"[、，,；;。]", flat)[-1]
    if not last or has_role_marker(last) or looks_like_units_text(last):
        return False
    return not looks_like_unit(last)


def _rest_of_heading(builder: Builder, h: str, x: str, no_raw: str, state: TableState, levels: dict[str, int]) -> bool:
    """After a page break, is this heading cell the rest of the open heading?

    It is when it has no label while the plan's headings all have one, or when the row goes on
    with the task cut by the break (no number): a new section never starts inside a task.
    """
    flat = clean_text(h).replace("\n", "")
    if L.parse_label(flat) is not None:
        return False
    current = builder.open[-1]
    if current.title.endswith(("。", "！")):
        return False
    if current.label and "" not in levels:
        return True
    text = strip_tags(x).strip()
    lab = L.parse_label(text) or L.parse_bare_number(text)
    starts_task = bool(no_raw) or (lab is not None and builder.accept(lab, True) is not None
                                   and (L.is_number_style(lab.style) or lab.style == state.task_style))
    return not starts_task


def _is_heading_text(text: str, state: TableState) -> bool:
    """A short cell labelled 一、 / （一） / 第一部分 (not a task's label) on a row of its own."""
    flat = clean_text(text).replace("\n", "")
    lab = L.parse_label(flat)
    if lab is None or L.is_number_style(lab.style) or len(flat) > 60:
        return False
    return not (state.task_style and L.same_family(lab.style, state.task_style))


def _banner(builder: Builder, text: str, origin: str, levels: dict[str, int], state: TableState) -> None:
    """A row merged across the table: a section heading (一、…), or prose to leave out."""
    flat = clean_text(text).replace("\n", "")
    lab = L.parse_label(flat)
    if lab and L.is_number_style(lab.style) and builder.accept(lab, True) in ("ok", "gap"):
        items = split_items(builder, text, origin, state.task_style)
        for label, verdict, body_text in items or []:
            builder.task(label.ordinal, clean_text(body_text), origin, verdict)
        state.prev_row_tasks = builder.tasks[-len(items):] if items else []
        return
    if lab is None and (len(flat) > 60 or flat.endswith(("。", "！")) or re.match(r"^[^：:]{1,8}[：:]", flat)):
        builder.warn(origin, "warn.row_prose", text=flat[:30])
        return
    open_heading(builder, flat, origin, levels)
    state.last_units = None


def _combine_units(units: str, lead: str, support: str) -> str:
    """Separate 牵头单位 / 配合单位 columns read as one units text with its markers."""
    parts = []
    if not is_blank(strip_tags(units)):
        parts.append(units)
    lead_t = squeeze(strip_tags(lead).replace("\n", "、"))
    sup_t = squeeze(strip_tags(support).replace("\n", "、"))
    if lead_t:
        parts.append(lead_t if lead_t.endswith("牵头") else lead_t + "牵头")
    if sup_t:
        parts.append(sup_t if sup_t.endswith("配合") else sup_t + "配合")
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return "；".join(squeeze(strip_tags(p)) for p in parts)

