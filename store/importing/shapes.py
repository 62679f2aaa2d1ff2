"""Plan text that lost its table grid → a table again, cell by cell (issue 21).

Copy-paste, web pages and crawlers leave a plan's table as one cell per line (`|` lines between,
or ` |` at each line's end, or nothing), or as one running line where headings, numbered tasks,
units and time limits follow each other with a space or nothing between. Both become a stream
of *pieces* — a heading (一、 （一）), a task (1. …), a 序号, a units text, a time limit, a
labelled cell (牵头单位：…), header words, plain text — and `RowMaker` lays the pieces out as the
table's rows again, in the column order the header gives (or the usual one), so the table front
end reads them with every rule it has (merged cells lost, numbering, units per task).

Nothing here names a plan: the pieces are recognised by the rules every reader shares (labels,
units, time limits, header words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from store.importing import labels as L
from store.importing.document import Cell, Paragraph, Row, Table
from store.importing.headers import header_role, split_header_words
from store.importing.meta import TITLE_END, is_meta_line
from store.textrules import is_blank, join_wrapped, squeeze
from store.timelimits import looks_like_time_limit_line
from store.units import looks_like_units_text, split_glued_units

END_OF_PAGE = re.compile(
    r"^[【\[]?(?:附件下载|打印本页|打印|关闭窗口|关闭|主办单位|主办|承办单位|网站标识码|版权所有|联系我们|扫一扫|分享到|"
    r"相关链接|相关文件|上一篇|下一篇|责任编辑|浏览次数|来源[：:])"
)
"""What a web page puts after the plan: the table ends there (only after the first row)."""
_LABELLED = re.compile(r"^([\u4e00-\u9fff]{2,10})\s*[：:]\s*(.*)$", re.S)
_NUMBER = re.compile(r"^(\d{1,4})\s*[.．、]?$")
_TERMINAL = "。；;！？!?"
_ROLE_COLUMNS = {"units": "责任单位", "lead": "牵头单位", "support": "配合单位", "time": "完成时限"}


@dataclass
class Piece:
    kind: str
    """header | heading | task | number | units | time | label | meta | end | text"""
    text: str
    origin: str
    label: L.Label | None = None
    role: str | None = None
    """For a labelled cell: the column role of its label word (lead, support, units, time, extra …)."""
    name: str = ""
    """For a labelled cell: the label word as written (the column's name)."""
    words: tuple[str, ...] = ()


def classify(text: str, origin: str) -> Piece:
    """What one piece of text is, by its shape alone."""
    kind, t, label, role, name, words = _classified(text.strip())
    return Piece(kind, t, origin, label=label, role=role, name=name, words=words)


@lru_cache(maxsize=8192)
def _classified(t: str):
    piece = _classify(t, "")
    return piece.kind, piece.text, piece.label, piece.role, piece.name, piece.words


def _classify(t: str, origin: str) -> Piece:
    words = split_header_words(t)
    if words:
        return Piece("header", t, origin, words=tuple(words))
    m = _LABELLED.match(t)
    if m:
        role = header_role(m.group(1))
        if role in ("units", "lead", "support", "time", "extra", "state", "note"):
            return Piece("label", m.group(2).strip(), origin, role=role, name=m.group(1))
        if role in ("text", "topic"):
            t = m.group(2).strip()
    n = _NUMBER.match(t)
    if n:
        return Piece("number", n.group(1), origin)
    lab = L.parse_label(t)
    if lab:
        if L.is_number_style(lab.style) and not lab.rest.strip():
            return Piece("number", str(lab.ordinal), origin)
        return Piece("task" if L.is_number_style(lab.style) else "heading", t, origin, label=lab)
    if looks_like_time_limit_line(t):
        return Piece("time", t, origin)
    if END_OF_PAGE.match(t):
        return Piece("end", t, origin)
    if looks_like_units_text(t):
        return Piece("units", t, origin)
    if is_meta_line(t):
        return Piece("meta", t, origin)
    bare = L.parse_bare_number(t)
    if bare and bare.rest.strip():
        return Piece("task", t, origin, label=bare)
    return Piece("text", t, origin)


# ---- pieces from lines (one cell per line) and from running text ---------------------------


def line_pieces(lines: list[tuple[str, str]]) -> list[Piece]:
    """One cell per line: a `|` line alone separates cells, a ` |` closing a line is dropped."""
    out = []
    for text, origin in lines:
        t = text.strip().strip("|｜").strip()
        if is_blank(t):
            continue
        if re.fullmatch(r"(?:\S\s+){2,}\S", t) and all(len(w) == 1 for w in t.split()):
            t = t.replace(" ", "").replace("\u3000", "")  # 工 作 任 务
        out.append(classify(t, origin))
    return _header_runs(out)


_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_GLUED_NUMBER = re.compile(r"(?<![\d.．%％])(\d{1,3})\s*[.．、](?=[^\d\s.．])")
_GLUED_CN = re.compile(r"(?<![一二三四五六七八九十〇零百第])([一二三四五六七八九十]{1,3})、")
_GLUED_SUB = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_GLUED_LABELLED = re.compile(
    r"(?:(?:牵头|配合|协办|责任|落实|承办)(?:单位|部门|科室|处室)|完成时限|时限要求|完成时间"
    r"|(?:牵头|分管|责任|联系)?(?:负责)?领导|责任人|联系人)[：:]"
)


def flat_pieces(lines: list[tuple[str, str]]) -> list[Piece]:
    """Running text: split at spaces and at the labels that follow the sequence (a task number
    glued to the text before it: "…公开3.主动…"), then join what a space only wrapped."""
    tokens: list[tuple[str, str]] = []
    for text, origin in lines:
        # A table's rules and bars (| --- |) only separated cells, as the spaces do.
        tokens.extend((tok, origin) for tok in _SPACE.split(text.strip().replace("|", " ").replace("｜", " "))
                      if tok and not re.fullmatch(r"[-—=:：+]+", tok))
    tokens = _join_single_letters(tokens)
    tokens = _split_glued(tokens)
    first = next((i for i, (t, o) in enumerate(tokens) if classify(t, o).kind in ("header", "heading", "task", "number")),
                 len(tokens))
    out = [Piece("meta", text, origin) for text, origin in _prefix_lines(tokens[:first])]
    return out + _header_runs(_split_tails(_merge_wraps(tokens[first:])))


def _join_single_letters(tokens):
    """Runs of single characters are one word spaced out (工 作 任 务, 大 中 小)."""
    out: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for tok in tokens + [("", "")]:
        if len(tok[0]) == 1 and "\u4e00" <= tok[0] <= "\u9fff":
            run.append(tok)
            continue
        if len(run) >= 2:
            out.append(("".join(t for t, _ in run), run[0][1]))
        else:
            out.extend(run)
        run = []
        if tok[0]:
            out.append(tok)
    return out


def _split_glued(tokens):
    """Split a token where the next task number, heading or labelled cell is glued inside it."""
    out: list[tuple[str, str]] = []
    seq = _Sequence()
    for text, origin in tokens:
        start = 0
        cuts = []
        seq.see_start(text)
        for pos, kind, n in _glued_candidates(text):
            if pos <= start or pos in cuts:
                continue
            if kind == "label" or seq.accepts(kind, n):
                cuts.append(pos)
                seq.take(kind, n)
        for pos in cuts + [len(text)]:
            if text[start:pos].strip():
                out.append((text[start:pos].strip(), origin))
            start = pos
    return out


def _glued_candidates(text: str):
    found = []
    for m in _GLUED_NUMBER.finditer(text):
        found.append((m.start(), "task", int(m.group(1))))
    for m in _GLUED_CN.finditer(text):
        found.append((m.start(), "heading", L.cn_to_int(m.group(1)) or 0))
    for m in _GLUED_SUB.finditer(text):
        found.append((m.start(), "sub", L.cn_to_int(m.group(1)) or 0))
    for m in _GLUED_LABELLED.finditer(text):
        found.append((m.start(), "label", 0))
    return sorted(found)


@dataclass
class _Sequence:
    """The numbering seen so far in running text: which glued number would be the next one."""

    task: int = 0
    heading: int = 0
    sub: int = 0
    heading_since_task: bool = False

    def see_start(self, text: str) -> None:
        lab = L.parse_label(text)
        if lab is None:
            n = _NUMBER.match(text)
            if n:
                self.take("task", int(n.group(1)))
            return
        if L.is_number_style(lab.style):
            self.take("task", lab.ordinal)
        elif lab.style == "一、":
            self.take("heading", lab.ordinal)
        elif lab.style == "（一）":
            self.take("sub", lab.ordinal)

    def accepts(self, kind: str, n: int) -> bool:
        if kind == "task":
            return n == self.task + 1 or (n == 1 and self.heading_since_task and self.task > 0)
        if kind == "heading":
            return n == self.heading + 1
        return n == self.sub + 1 or (n == 1 and self.sub > 0)

    def take(self, kind: str, n: int) -> None:
        if kind == "task":
            self.task, self.heading_since_task = n, False
        elif kind == "heading":
            self.heading, self.sub, self.heading_since_task = n, 0, True
        elif kind == "sub":
            self.sub, self.heading_since_task = n, True


def _prefix_lines(tokens):
    """What comes before the plan's body (breadcrumbs, the title, the date), as lines: a token
    is a line unless a space only wrapped it (around a number: "办公厅 2021 年政务…")."""
    out: list[tuple[str, str]] = []
    for text, origin in tokens:
        prev = out[-1][0] if out else ""
        if prev and ((text.isdigit() and _CJK_END.search(prev)) or (prev[-1].isdigit() and text[0] in "年月日号")):
            out[-1] = (prev + " " + text, out[-1][1])
        else:
            out.append((text, origin))
    return out


_CJK_END = re.compile(r"[\u4e00-\u9fff，、；：。）》”]$")
_CJK_START = re.compile(r"^[\u4e00-\u9fff（《“]")
_MARKER_ONLY = re.compile(r"^(?:牵头|配合|协助|协同|负责|参与|落实)(?:[，,；;、。]|$)")
_STRUCTURAL = {"header", "heading", "task", "number", "units", "time", "label", "end"}


def _merge_wraps(tokens) -> list[Piece]:
    """Join tokens a space only wrapped: plain text after text that has not ended, and any token
    next to punctuation or starting with a role word (区党政办（…） 牵头, 各单位…)."""
    out: list[Piece] = []
    for text, origin in tokens:
        piece = classify(text, origin)
        if out:
            prev = out[-1]
            last = prev.text[-1:]
            punct_join = (bool(last) and last in "，,、；;：:（(") or text[0] in "，,、；;。）)：:" or bool(_MARKER_ONLY.match(text))
            # Between Chinese words a space in running text is where a cell ended; around a
            # number or a latin word it only wrapped ("2021 年", "APP 端").
            wrap_join = (piece.kind in ("text", "meta") and prev.kind in ("task", "heading", "text")
                         and last not in _TERMINAL and not (_CJK_END.search(prev.text) and _CJK_START.match(text)))
            if (punct_join and prev.kind not in ("header", "number", "end")) or wrap_join:
                merged = prev.text + " " + text
                again = classify(merged, prev.origin)
                if prev.kind in ("task", "heading", "text") or again.kind == prev.kind:
                    out[-1] = again if again.kind != "text" or prev.kind == "text" else Piece(prev.kind, merged, prev.origin, prev.label)
                    continue
        out.append(piece)
    return out


def _split_tails(pieces: list[Piece]) -> list[Piece]:
    """A task's units or time limit glued after its last sentence ("…工作。省财政厅省发改委")."""
    out: list[Piece] = []
    for p in pieces:
        found = _glued_tail(p.text) if p.kind in ("task", "text") else None
        if found is None:
            out.append(p)
            continue
        cut, kind = found
        head, tail = p.text[:cut], p.text[cut:].strip()
        out.append(Piece(p.kind, head, p.origin, L.parse_label(head) if p.kind == "task" else None))
        out.append(Piece(kind, tail, p.origin))
    return out


def _glued_tail(text: str) -> tuple[int, str] | None:
    """The first sentence end after which the rest is a units text or a time limit."""
    for m in re.finditer(r"[。；;！]", text):
        tail = text[m.end():].strip()
        if not tail or len(tail) > 400:
            continue
        if looks_like_time_limit_line(tail):
            return m.end(), "time"
        # Every sentence of the rest must be units ("…省直各单位。省发展改革委…按照职责分工强化监管。").
        parts = [part.strip().rstrip("。") for part in re.split(r"(?<=[。！？])", tail) if part.strip().rstrip("。")]
        if parts and all(looks_like_units_text(split_glued_units(part)) for part in parts):
            return m.end(), "units"
    return None


def _header_runs(pieces: list[Piece]) -> list[Piece]:
    """A single header word is a header only beside others (配合 alone may be a units line)."""
    out = list(pieces)
    for i, p in enumerate(out):
        if p.kind != "header" or len(p.words) > 1:
            continue
        near = [out[j] for j in (i - 1, i + 1) if 0 <= j < len(out)]
        if not any(q.kind == "header" for q in near):
            words = split_header_words(p.text)
            role = header_role(words[0]) if words else None
            out[i] = Piece("units" if role in ("lead", "support", "units") and looks_like_units_text(p.text) else "text",
                           p.text, p.origin)
    return out


# ---- pieces → rows -----------------------------------------------------------------------------


def task_style(pieces: list[Piece]) -> str | None:
    """The deepest label style followed by units, a time limit or a labelled cell is the task
    level; without one, the first number style."""
    order: list[str] = []
    last: str | None = None
    carriers: set[str] = set()
    for i, p in enumerate(pieces):
        if p.label is not None:
            if i and pieces[i - 1].kind == "number":
                last = None  # the 工作任务 cell after a 序号: the number is the task
                continue
            style = "1." if p.label.style == "1" else p.label.style
            if style not in order:
                order.append(style)
            last = style
        elif p.kind in ("units", "time", "label") and last:
            carriers.add(last)
    if carriers:
        return max(carriers, key=order.index)
    numbered = [s for s in order if L.is_number_style(s)]
    return numbered[0] if numbered else None


@dataclass
class _Row:
    origin: str
    no: str = ""
    texts: list[str] = field(default_factory=list)
    started_by_task: bool = False
    heading: str = ""
    units: list[str] = field(default_factory=list)
    time: list[str] = field(default_factory=list)
    named: dict = field(default_factory=dict)
    """(role, column name) → value, from labelled cells."""

    @property
    def has_text(self) -> bool:
        return bool(self.texts)

    @property
    def closed(self) -> bool:
        """Units, a time limit or a labelled cell were read: the row's task text is complete."""
        return bool(self.units or self.time or self.named)


@dataclass
class Made:
    """A text laid out as a table again."""

    table: Table | None
    meta: list[tuple[str, str]]
    order: list[str]
    header_seen: bool
    labelled: bool
    rows: int


class RowMaker:
    """Lays pieces out as rows: 序号, heading, task text, units, time limit, labelled cells.

    `order` is the column order: the header's, or the usual one (heading, 序号, text, units,
    time). Text before a row's units is its task text (or, with two pieces after a 序号 and a
    heading column, the heading then the text); text after a row's units is the next row's
    heading — unless the columns put the text after the units."""

    def __init__(self, pieces: list[Piece], order: list[str] | None = None):
        self.pieces = pieces
        self.order = order
        self.header_roles: list[str] = []
        self.header_seen = False
        self.rows: list[_Row | str] = []  # a row, or a heading written on a row of its own
        self.meta: list[tuple[str, str]] = []
        self.pending: list[str] = []
        self.pending_units: list[str] = []
        self.cur: _Row | None = None
        self.style = task_style(pieces)
        self.labelled = False

    def _units_first(self) -> bool:
        o = self.order or []
        u = next((i for i, r in enumerate(o) if r in ("units", "lead", "support")), None)
        return u is not None and "text" in o and u < o.index("text")

    def run(self) -> Made:
        body = False
        for i, p in enumerate(self.pieces):
            kind = self._kind(p)
            if kind == "header":
                self._header(p)
                body = True
                continue
            if not body and kind not in ("heading", "task", "number"):
                self.meta.append((p.text, p.origin))
                continue
            if not body and kind in ("task", "number") and self.meta and _heading_like(self.meta[-1][0]):
                self.pending.append(self.meta.pop()[0])  # the first section's title, right above its task
            body = True
            if kind == "end" and (self.rows or self.cur):
                break
            self._piece(i, p, kind)
        self._close()
        return self._made()

    def _kind(self, p: Piece) -> str:
        if p.label is None:
            return p.kind
        style = "1." if p.label.style == "1" else p.label.style
        if self.style and style == self.style:
            return "task"
        if L.is_number_style(style):
            return "text" if self.style else "task"  # a sub-item inside a task's text
        return "heading"

    def _header(self, p: Piece) -> None:
        self.header_seen = True
        if self.order is not None and (self.rows or self.cur):
            return  # a header repeated on a new page
        roles = [header_role(w) or "text" for w in p.words]
        if self.header_roles and not (self.rows or self.cur):
            roles = self.header_roles + roles  # a header cut into several pieces
        self.header_roles = roles
        self.order = ["heading" if r == "topic" and "text" in roles else ("text" if r == "topic" else r) for r in roles]

    def _piece(self, i: int, p: Piece, kind: str) -> None:
        if kind == "heading":
            cur = self.cur
            if cur is not None and cur.no and not cur.has_text and not cur.heading and not cur.closed:
                cur.heading = p.text  # the row's 工作任务 cell, after its 序号
                return
            self._close()
            self._flush_pending()
            self.rows.append(p.text)
        elif kind == "number":
            self._close()
            self._open(p, no=p.text)
        elif kind == "task":
            cur = self.cur
            if cur is not None and cur.no and not cur.has_text and not cur.closed:
                body = p.label.rest if p.label and str(p.label.ordinal) == cur.no else p.text
                cur.texts.append(body)
                cur.started_by_task = True
            else:
                self._close()
                self._open(p, text=p.text)
        elif kind == "units":
            cur = self.cur
            if cur is not None and self._units_first() and not cur.started_by_task and not cur.units and cur.has_text:
                # The columns put the units before the text: what came before them is the heading.
                cur.heading = squeeze(" ".join([cur.heading] + cur.texts)) if cur.heading else squeeze(" ".join(cur.texts))
                cur.texts = []
                cur.units.append(p.text)
            elif cur is None or (self._units_first() and cur.has_text):
                self.pending_units.append(p.text)
            else:
                cur.units.append(p.text)
        elif kind == "time":
            if self.cur is not None:
                self.cur.time.append(p.text)
        elif kind == "label":
            self.labelled = True
            if self.cur is not None:
                key = (p.role, p.name)
                old = self.cur.named.get(key)
                self.cur.named[key] = join_wrapped(old, p.text) if old else p.text
        elif kind in ("text", "meta"):
            self._text(i, p)

    def _text(self, i: int, p: Piece) -> None:
        cur = self.cur
        if cur is None:
            self.pending.append(p.text)
        elif cur.closed:
            if self._units_first() and not cur.has_text:
                cur.texts.append(p.text)
            else:
                self.pending.append(p.text)
        elif cur.has_text and self._heading_before_next_row(i, p, cur):
            self.pending.append(p.text)
        else:
            cur.texts.append(p.text)

    def _heading_before_next_row(self, i: int, p: Piece, cur: _Row) -> bool:
        """A short line with no closing punctuation between a finished sentence and the next task
        is the next section's heading (its units merged from the row above were lost)."""
        t = squeeze(p.text)
        if not t or len(t) > 60 or t[-1] in _TERMINAL + "，,：:" or cur.texts[-1].rstrip()[-1:] not in _TERMINAL:
            return False
        nxt = next((q for q in self.pieces[i + 1:] if q.kind not in ("meta",)), None)
        return nxt is not None and self._kind(nxt) in ("task", "number", "heading")

    def _open(self, p: Piece, no: str = "", text: str = "") -> None:
        self.cur = _Row(p.origin, no=no, texts=[text] if text else [], started_by_task=bool(text))
        if self.pending:
            self.cur.heading = squeeze(" ".join(self.pending))
            self.pending = []
        if self.pending_units:
            self.cur.units = self.pending_units
            self.pending_units = []

    def _flush_pending(self) -> None:
        if self.pending:
            self.rows.append(squeeze(" ".join(self.pending)))
            self.pending = []

    def _close(self) -> None:
        if self.cur is not None:
            self.rows.append(self.cur)
            self.cur = None

    # -- the table ---------------------------------------------------------------------------

    def _made(self) -> Made:
        rows = [r for r in self.rows if isinstance(r, _Row)]
        if not rows:
            return Made(None, self.meta, self.order or [], self.header_seen, self.labelled, 0)
        named = []
        for r in rows:
            for key in r.named:
                if key not in named and key[0] not in ("units", "lead", "support", "time"):
                    named.append(key)
        roles = [k[0] for r in rows for k in r.named]
        columns = ["序号", "工作任务", "具体要求", "责任单位"]
        columns += [_ROLE_COLUMNS[x] for x in ("lead", "support") if x in roles]
        columns += ["完成时限"] + [name for _, name in named]
        out = [Row(tuple(Cell(c) for c in columns), "header")]
        for r in self.rows:
            if isinstance(r, str):
                out.append(Row((Cell(""), Cell(r)) + tuple(Cell("") for _ in columns[2:]), "heading"))
                continue
            out.append(Row(tuple(Cell(c) for c in self._cells(r, columns, named)), r.origin))
        return Made(Table(tuple(out), out[1].origin), self.meta, self.order or [], self.header_seen,
                    self.labelled, len(rows))

    def _cells(self, r: _Row, columns: list[str], named: list) -> list[str]:
        heading, texts = r.heading, list(r.texts)
        order = self.order or []
        if (r.no and not r.started_by_task and len(texts) >= 2 and "heading" in order and not heading
                and len(texts[0]) <= 60 and texts[0].rstrip()[-1:] not in _TERMINAL):
            heading, texts = texts[0], texts[1:]
        text = ""
        for t in texts:
            text = join_wrapped(text, t) if text else t
        units = [u for u in r.units]
        for (role, name), value in r.named.items():
            if role == "units":
                units.append(value)
        units_text = _join_units([split_glued_units(squeeze(u)) for u in units])
        lead = next((v for (ro, _), v in r.named.items() if ro == "lead"), "")
        support = next((v for (ro, _), v in r.named.items() if ro == "support"), "")
        time = " ".join(r.time) or next((v for (ro, _), v in r.named.items() if ro == "time"), "")
        values = {"序号": r.no, "工作任务": heading, "具体要求": text, "责任单位": units_text,
                  "牵头单位": lead, "配合单位": support, "完成时限": time}
        for role, name in named:
            values[name] = r.named.get((role, name), "")
        return [values.get(c, "") for c in columns]


def _heading_like(text: str) -> bool:
    """A short line that ends no sentence and is no title of a document (…方案, …要点)."""
    t = squeeze(text)
    return (0 < len(t) <= 60 and t[-1] not in _TERMINAL + "，,：:" and not is_meta_line(t)
            and not TITLE_END.search(t) and not END_OF_PAGE.match(t))


def _join_units(parts: list[str]) -> str:
    """Units cells that followed each other (牵头 then 配合, or two names a space apart)."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out = parts[0]
    for p in parts[1:]:
        out += ("；" if out[-1] not in "，,、；;。" else "") + p
    return out


def made_blocks(made: Made) -> list:
    """The document's blocks: the lines before the table as paragraphs, then the table."""
    blocks: list = [Paragraph(text, origin) for text, origin in made.meta]
    if made.table is not None:
        blocks.append(made.table)
    return blocks
