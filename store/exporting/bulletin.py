"""The 情况通报 of a reporting round: the document the lead office sends up at the end of a round.

`gather(ledger, round_)` reads everything the bulletin says into a `Bulletin` (plain data, no
layout): the round, its period and due date; which units returned their forms on time, late or
not at all (the 催报名单, whole); progress over the round's plans at the period's end and what
changed in it (本期); the tasks behind (滞后) or overdue, by lead unit; and the 存在问题 and
下步计划 the units wrote in their returned forms, by unit. `write_docx` lays it out as a Chinese
official document (A4, 仿宋_GB2312 body, 黑体 and 楷体 headings, 一、（一） numbering, "— 1 —" page
numbers), `write_md` as Markdown. Every word comes from the catalog in the bulletin's language.

Only public Ledger methods are used. The period: from the close of the last round closed before
this one opened (else this round's opening) to this round's close (else now); `period_changes`
gives each task's state at both ends from the rounds' snapshots, so a closed round's period stays
as it closed. What units said comes from each unit's standing form (`submission_rows`).
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Iterable

from store import i18n
from store.exporting.report import xml_safe
from store.models import Progress

if TYPE_CHECKING:
    from store.ledger import Ledger
    from store.models import Task
    from store.round_models import Round


# ---- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the config says about bulletins ([bulletin] in the TOML file); empty: the default."""

    title: str = ""
    """The document's title; `{round}` is replaced by the round's name."""
    issuer: str = ""
    """Who issues it (落款), e.g. the lead office's name."""
    date: str = ""
    """The date it is signed, ISO (2024-07-20); empty: today."""
    number: str = ""
    """A 文号 under the title (〔2024〕3号), when the office numbers its bulletins."""


@dataclass(frozen=True)
class UnitReturned:
    """One unit's returns in the round: the worst of its forms (a unit may get one per plan)."""

    unit: str
    status: str
    """`returned` (on time), `late`, `missing` (not yet, before the due date) or `overdue`."""
    missing_plans: tuple[str, ...] = ()
    """Titles of the plans whose form it has not returned, when it returned some others."""


@dataclass(frozen=True)
class PlanLine:
    """Progress of a plan (or of all the round's plans) at the period's start and end."""

    title: str
    now: Progress
    before: Progress
    lagging: int
    newly_done: int
    updated: int
    """Tasks whose state changed or that got notes in the period."""


@dataclass(frozen=True)
class BehindTask:
    ref: str
    """The task's number in its plan, in words: 第3项."""
    text: str
    time_limit: str
    state: str
    lagging: bool
    overdue_days: int | None
    """Days past its due date at the period's end; None when not overdue."""
    units: tuple[str, ...] = ()
    """Its lead units (else the responsible ones), as written."""


@dataclass(frozen=True)
class Said:
    """What a unit wrote, once, with the tasks of one plan it wrote it on."""

    text: str
    refs: tuple[str, ...]


ByPlan = tuple[tuple[str, tuple], ...]
"""(plan title, items) pairs, in plan order."""


@dataclass(frozen=True)
class Bulletin:
    lang: str
    title: str
    number: str
    issuer: str
    signed: str
    """ISO date of the bulletin."""
    round_name: str
    due: str | None
    opened: str
    """ISO date the round opened."""
    start: str
    """ISO date the period starts (the close of the round before, or this one's opening)."""
    end: str
    """ISO date it ends (the round's close, or today)."""
    closed: bool
    forms: int
    forms_returned: int
    units: tuple[UnitReturned, ...]
    plans: tuple[PlanLine, ...]
    total: PlanLine
    behind: ByPlan
    """Per plan: (lead units, their tasks behind or overdue) pairs, in order of their first task;
    a task led by several units is listed once, under all of them."""
    problems: tuple[tuple[str, ByPlan], ...]
    """Per unit, in order of the first task it wrote on: per plan, what it wrote (`Said`)."""
    next_steps: tuple[tuple[str, ByPlan], ...]

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    def with_status(self, *statuses: str) -> list[UnitReturned]:
        return [u for u in self.units if u.status in statuses]

    @property
    def chase(self) -> list[UnitReturned]:
        """The 催报名单: every unit with a form still to return."""
        return self.with_status("overdue", "missing")

    @property
    def several(self) -> bool:
        """More than one plan: the plan is named wherever a task is."""
        return len(self.plans) > 1

    @property
    def behind_count(self) -> int:
        return len({(plan, b.ref) for plan, units in self.behind for _, tasks in units for b in tasks})

    @property
    def behind_units(self) -> int:
        return len({u for _, groups in self.behind for _, tasks in groups for task in tasks for u in task.units})


# ---- gathering ------------------------------------------------------------------------------

_ORDER = {"overdue": 0, "missing": 1, "late": 2, "returned": 3}
_FIELDS = ("state", "progress", "evidence", "problems", "next", "remarks")
# A cell that says there is nothing to say: 无, 暂无, 没有问题, 无困难, 不涉及, "/" …
_NOTHING = re.compile(
    r"^(?:暂|目前|暂时|本期)?(?:无|没有|未发现|不存在|未有)(?:明显|任何|其他|其它)?"
    r"(?:问题|困难|困难和问题|问题和困难|困难问题|计划|情况)?$|^不涉及$|^$"
)
_PUNCT = re.compile(r"[\s\u3000。.，,、；;：:！!？?/\\\-—_*＊（）()]+")


def _local(ts: str) -> datetime:
    t = datetime.fromisoformat(ts)
    return t.replace(tzinfo=None) if t.tzinfo is None else t


def _aware(ts: str, like: datetime) -> datetime:
    t = datetime.fromisoformat(ts)
    if (t.tzinfo is None) != (like.tzinfo is None):
        t = t.replace(tzinfo=like.tzinfo) if t.tzinfo is None else t.replace(tzinfo=None)
    return t


def _period_bounds(ledger: "Ledger", r: "Round") -> tuple[str, str | None]:
    """(start, end) times of the round's period; end None while it is open."""
    opened = _local(r.opened_at)
    closes = [x.closed_at for x in ledger.rounds()
              if x.id != r.id and x.closed_at and _aware(x.closed_at, opened) <= opened]
    start = max(closes, key=lambda ts: _aware(ts, opened)) if closes else r.opened_at
    return start, r.closed_at


def _text(value: str | None) -> str:
    return xml_safe(value).strip()


def _nothing(text: str) -> bool:
    flat = _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))
    return bool(_NOTHING.match(flat))


def note_fields(text: str) -> dict[str, str]:
    """A merged note's fields by column (`problems`, `next` …): the lines a merge writes as
    "存在问题：…", each running on until the next line that starts with a column's word."""
    from store.forms import layout

    labels = {layout.HEADERS[c]: c for c in _FIELDS}
    pattern = re.compile("^(" + "|".join(map(re.escape, labels)) + ")[：:]")
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in (text or "").split("\n"):
        m = pattern.match(line)
        if m:
            current = labels[m.group(1)]
            out.setdefault(current, []).append(line[m.end():])
        elif current is not None:
            out[current].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def _progress(states: Iterable[tuple[str, str | None]], dues: Iterable[str | None] = (),
              on: str | None = None) -> tuple[Progress, int]:
    """Counts over (state, flag) pairs, with overdue (due before `on`, not done); and how many lag."""
    c = dict(total=0, done=0, doing=0, todo=0, na=0, overdue=0)
    lagging = 0
    for (state, flag), due in zip(states, dues):
        c["total"] += 1
        c[state] += 1
        lagging += bool(flag) and state == "doing"
        c["overdue"] += bool(on and due and due < on and state not in ("done", "na"))
    return Progress(**c), lagging


UNITS_SHOWN = 5
"""A task led by more units than this names the first three and counts the rest (a 牵头单位 cell
of twenty names would fill a page)."""


def units_label(units: tuple[str, ...], lang: str) -> str:
    """The lead units of a task in one cell: all of them, or the first three and how many."""
    sep = "、" if lang == "zh" else ", "
    if len(units) <= UNITS_SHOWN:
        return sep.join(units)
    return i18n.t("bulletin.units_more", lang, names=sep.join(units[:3]), count=len(units))


def _unit_of(task: "Task") -> list[str]:
    refs = [u for u in task.unit_refs if u.role == "lead"] or [
        u for u in task.unit_refs if u.role == "responsible"] or list(task.unit_refs)
    return list(dict.fromkeys(_text(u.name) for u in refs if _text(u.name)))


def _returned(ledger: "Ledger", r: "Round", titles: dict[int, str], catch_alls) -> tuple[list[UnitReturned], int, int]:
    """Each unit's returns (the worst of its forms), most to chase first; forms sent, returned."""
    per_unit: dict[str, list] = {}
    for x in ledger.round_returns(r, catch_alls):
        if x.plan_id in titles:
            per_unit.setdefault(_text(x.unit), []).append(x)
    units: list[UnitReturned] = []
    for name, xs in per_unit.items():
        worst = min(xs, key=lambda x: _ORDER[x.status]).status
        missing = tuple(titles[x.plan_id] for x in xs if x.status in ("missing", "overdue"))
        units.append(UnitReturned(name, worst, missing if len(missing) < len(xs) else ()))
    units.sort(key=lambda u: _ORDER[u.status])  # stable: plan and unit order within a status
    forms = sum(len(xs) for xs in per_unit.values())
    returned = sum(1 for xs in per_unit.values() for x in xs if x.status in ("returned", "late"))
    return units, forms, returned


State = tuple[str, str | None]


def _period_states(ledger: "Ledger", r: "Round", plans, tasks: list["Task"], notes: dict, start_at: str,
                   end_at: str | None) -> tuple[dict[int, State | None], dict[int, State], set[int]]:
    """Each task's (state, flag) at the period's start (None: it did not exist yet) and end, and
    the tasks that changed state or got notes in it: from the round's snapshots (its opening or
    the close before it, and its own close), so a closed round's period stays as it closed."""
    ids = [t.id for t in tasks]
    before: dict[int, State | None] = {}
    after: dict[int, State] = {}
    updated: set[int] = set()
    changes = ledger.period_changes(ids, round=r.id, changed_only=False)
    for t in tasks:
        ch = changes.get(t.id)
        if ch is None:  # made after the period's end
            before[t.id], after[t.id] = None, (t.state, t.flag)
            continue
        before[t.id] = None if ch.state_before is None else (ch.state_before, ch.flag_before)
        after[t.id] = (ch.state_now, ch.flag_now)
        if ch.changed:
            updated.add(t.id)
    return before, after, updated


def _unit_words(ledger: "Ledger", r: "Round", tasks: list["Task"], notes: dict) -> list[tuple[str, "Task", dict]]:
    """(unit, task, fields) of what each unit's standing form of this round (its newest report)
    said on each task, as the merge kept it; rows that were not written (doubtful, not
    confirmed) say nothing here."""
    by_id = {t.id: t for t in tasks}
    said: dict[tuple[str, int], str] = {}
    for sub in ledger.submission_rows(r.id):
        for row in sub["rows"]:
            task_id = row.get("task_id")
            if task_id in by_id and row.get("note") and not row.get("held") \
                    and row.get("status") not in ("refused", "unmatched"):
                said[(sub["unit"], task_id)] = row["note"]
    position = {t.id: i for i, t in enumerate(tasks)}
    ordered = sorted(said.items(), key=lambda kv: (position[kv[0][1]], kv[0][0]))
    return [(_text(unit), by_id[task_id], note_fields(text)) for (unit, task_id), text in ordered]


def _said_key(text: str) -> str:
    """Two cells say the same when they differ only in spaces and punctuation at the ends."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def gather(ledger: "Ledger", round_: "str | int | Round", *, settings: Settings = Settings(),
           catch_alls: Iterable[str] = (), lang: str = i18n.DEFAULT_LANG) -> Bulletin:
    """Everything the round's bulletin says, read from the ledger."""
    from store.round_models import Round

    r = round_ if isinstance(round_, Round) else ledger.round(round_)
    start_at, end_at = _period_bounds(ledger, r)
    today = ledger.today()
    end_date = end_at[:10] if end_at else today
    end_dt = _local(end_at) if end_at else None
    plans = [p for p in ledger.plans(overdue=False) if r.covers(p.id)
             and (end_dt is None or _aware(p.imported_at, end_dt) <= end_dt)]
    titles = {p.id: _text(p.display_title) for p in plans}
    plan_order = {plan_id: i for i, plan_id in enumerate(titles)}
    units, forms, forms_returned = _returned(ledger, r, titles, catch_alls)
    tasks = [t for p in plans for t in ledger.tasks(plan_id=p.id)]
    notes = ledger.notes_by_task([t.id for t in tasks])
    before, after, updated = _period_states(ledger, r, plans, tasks, notes, start_at, end_at)

    def line(title: str, group: list["Task"]) -> PlanLine:
        now, lagging = _progress((after[t.id] for t in group), (t.due for t in group), end_date)
        old = [before[t.id] for t in group if before[t.id] is not None]
        was, _ = _progress(old, [None] * len(old))
        newly = sum(1 for t in group if after[t.id][0] == "done" and (before[t.id] or (None,))[0] != "done")
        return PlanLine(title, now, was, lagging, newly, sum(1 for t in group if t.id in updated))

    def ref(t: "Task") -> str:
        return i18n.t("bulletin.ref", lang, no=_text(t.no) or t.key)

    # tasks behind (滞后) or past their due date at the period's end, per plan by lead units
    behind: dict[int, dict[str, list[BehindTask]]] = {}
    for t in tasks:
        state, flag = after[t.id]
        if state in ("done", "na"):
            continue
        days = (date.fromisoformat(end_date) - date.fromisoformat(t.due)).days if t.due and t.due < end_date else None
        lagging = bool(flag) and state == "doing"
        if lagging or days is not None:
            leads = tuple(_unit_of(t)) or (i18n.t("export.no_unit", lang),)
            item = BehindTask(ref(t), _text(t.text), _text(t.time_limit) or t.due or "—", state, lagging, days,
                              leads)
            behind.setdefault(t.plan_id, {}).setdefault(units_label(leads, lang), []).append(item)

    # 存在问题 and 下步计划: per unit, per plan, each thing said once with the tasks it was said on
    said: dict[str, dict[str, dict[int, dict[str, tuple[str, list[str]]]]]] = {"problems": {}, "next": {}}
    for unit, task, fields in _unit_words(ledger, r, tasks, notes):
        for col in said:
            text = _text(fields.get(col))
            if not _nothing(text):
                per_plan = said[col].setdefault(unit, {}).setdefault(task.plan_id, {})
                per_plan.setdefault(_said_key(text), (text, []))[1].append(ref(task))

    def grouped(col: str) -> tuple[tuple[str, ByPlan], ...]:
        return tuple(
            (unit, tuple((titles[plan], tuple(Said(text, tuple(dict.fromkeys(refs))) for text, refs in words.values()))
                         for plan, words in sorted(per_plan.items(), key=lambda kv: plan_order[kv[0]])))
            for unit, per_plan in said[col].items())

    title = settings.title.replace("{round}", r.name) if settings.title else i18n.t(
        "bulletin.title", lang, round=r.name)
    return Bulletin(
        lang=lang,
        title=_text(title),
        number=_text(settings.number),
        issuer=_text(settings.issuer),
        signed=settings.date or today,
        round_name=_text(r.name),
        due=r.due,
        opened=r.opened_at[:10],
        start=start_at[:10],
        end=end_date,
        closed=not r.is_open,
        forms=forms,
        forms_returned=forms_returned,
        units=tuple(units),
        plans=tuple(line(titles[p.id], [t for t in tasks if t.plan_id == p.id]) for p in plans),
        total=line(i18n.t("bulletin.all_plans", lang), tasks),
        behind=tuple((titles[plan], tuple((u, tuple(items)) for u, items in units_.items()))
                     for plan, units_ in sorted(behind.items(), key=lambda kv: plan_order[kv[0]])),
        problems=grouped("problems"),
        next_steps=grouped("next"),
    )


# ---- the document as blocks, laid out by each writer ------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """一 … 九十九, as headings number their parts (一、 二、 … 十一、)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def percent(p: Progress) -> str:
    """Done ÷ (total − not applicable) to one decimal, rounded down (never 100.0% too early)."""
    base = p.total - p.na
    if base <= 0:
        return "—"
    tenths = p.done * 1000 // base
    return f"{tenths // 10}.{tenths % 10}%"


def _tenths(p: Progress) -> int | None:
    base = p.total - p.na
    return p.done * 1000 // base if base > 0 else None


def day(b: Bulletin, iso: str | None) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso[:10])
    return b.t("bulletin.date", y=d.year, m=d.month, d=d.day, iso=d.isoformat())


def _list(b: Bulletin, names: Iterable[str]) -> str:
    return ("、" if b.lang == "zh" else ", ").join(names)


def _unit_name(b: Bulletin, u: UnitReturned) -> str:
    if not u.missing_plans:
        return u.unit
    return u.unit + b.t("bulletin.partial", plans=_list(b, u.missing_plans))


def _number(b: Bulletin, level: int, n: int, title: str) -> str:
    """一、 （一） 1. （1）: the four levels of a Chinese official document's numbering."""
    number = chinese_number(n) if b.lang == "zh" and level <= 2 else str(n)
    return b.t(f"bulletin.level{level}", n=number, title=title)


def behind_state(b: Bulletin, task: BehindTask) -> str:
    parts = []
    if task.lagging:
        parts.append(b.t("bulletin.state.lagging"))
    if task.overdue_days is not None:
        parts.append(b.t("bulletin.state.overdue", days=task.overdue_days,
                         state=i18n.state_word(task.state, b.lang)))
    return ("，" if b.lang == "zh" else ", ").join(parts)


def plan_row(line: PlanLine) -> list[str]:
    p = line.now
    return [line.title, str(p.total), str(p.done), str(p.doing), str(p.todo), str(p.na), percent(p),
            str(line.newly_done), str(line.lagging), str(p.overdue)]


PLAN_COLUMNS = ("plan", "total", "done", "doing", "todo", "na", "percent", "newly", "lagging", "overdue")
BEHIND_COLUMNS = ("unit", "task", "time_limit", "state")
PARTS = ("returns", "progress", "behind", "problems", "next")
"""The numbered parts, in order (headings `bulletin.part.<name>`)."""


@dataclass(frozen=True)
class Block:
    """One piece of the document: `title`, `number` (文号), `h1`, `h2`, `para`, `item` (a
    numbered paragraph), `table` (`columns` names the layout; `rows` the cells) or `sign`."""

    kind: str
    text: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    columns: str = ""


def blocks(b: Bulletin) -> list[Block]:
    """The bulletin's content in reading order, in its language: what both writers lay out."""
    t = b.t
    end, start = day(b, b.end), day(b, b.start)
    due = t("bulletin.due_part", due=day(b, b.due)) if b.due else ""
    out = [Block("title", b.title)]
    if b.number:
        out.append(Block("number", b.number))
    out.append(Block("para", t("bulletin.intro", round=b.round_name, opened=day(b, b.opened), end=end, due=due)))

    def h1(part: str) -> None:
        out.append(Block("h1", _number(b, 1, PARTS.index(part) + 1, t(f"bulletin.part.{part}"))))

    # 一、报送情况
    h1("returns")
    on_time, late, chase = b.with_status("returned"), b.with_status("late"), b.chase
    out.append(Block("para", t("bulletin.returns", units=len(b.units), forms=b.forms, end=end,
                               returned=len(on_time) + len(late), on_time=len(on_time), late=len(late),
                               missing=len(chase))))
    if late:
        out.append(Block("para", t("bulletin.late_list", count=len(late),
                                   names=_list(b, (_unit_name(b, u) for u in late)))))
    if chase:
        out.append(Block("para", t("bulletin.chase_list", count=len(chase),
                                   names=_list(b, (_unit_name(b, u) for u in chase)))))
    elif b.units:
        out.append(Block("para", t("bulletin.all_returned")))
    # 二、总体进展
    h1("progress")
    total = b.total
    p = total.now
    out.append(Block("para", t("bulletin.progress", plans=len(b.plans), total=p.total, end=end, done=p.done,
                               percent=percent(p), doing=p.doing, lagging=total.lagging, todo=p.todo,
                               na=p.na, overdue=p.overdue)))
    now_t, before_t = _tenths(p), _tenths(total.before)
    code = "bulletin.period_up" if now_t is not None and before_t is not None and now_t > before_t else "bulletin.period_flat"
    delta = (now_t or 0) - (before_t or 0)
    out.append(Block("para", t(code, start=start, end=end, newly=total.newly_done, before=percent(total.before),
                               delta=f"{delta // 10}.{delta % 10}", updated=total.updated)))
    out.append(Block("para", t("bulletin.by_plan")))
    rows = [plan_row(line) for line in b.plans] + ([plan_row(total)] if b.several else [])
    out.append(Block("table", headers=tuple(t(f"bulletin.col.{c}") for c in PLAN_COLUMNS),
                     rows=tuple(map(tuple, rows)), columns="plans"))
    # 三、滞后和逾期任务
    h1("behind")
    if not b.behind:
        out.append(Block("para", t("bulletin.behind_none", end=end)))
    else:
        out.append(Block("para", t("bulletin.behind", end=end, count=b.behind_count, units=b.behind_units)))
    for k, (plan, units) in enumerate(b.behind, 1):
        if b.several:
            out.append(Block("h2", _number(b, 2, k, t("bulletin.plan_title", title=plan))))
        rows = [(unit if i == 0 else "", f"{task.ref}　{task.text}", task.time_limit, behind_state(b, task))
                for unit, tasks in units for i, task in enumerate(tasks)]
        out.append(Block("table", headers=tuple(t(f"bulletin.col.{c}") for c in BEHIND_COLUMNS),
                         rows=tuple(rows), columns="behind"))
    # 四、存在问题 and 五、下步计划: per unit, (per plan,) as they wrote it
    for part, groups in (("problems", b.problems), ("next", b.next_steps)):
        h1(part)
        out.append(Block("para", t(f"bulletin.{part}_intro" if groups else f"bulletin.{part}_none")))
        for i, (unit, per_plan) in enumerate(groups, 1):
            out.append(Block("h2", _number(b, 2, i, unit)))
            for k, (plan, items) in enumerate(per_plan, 1):
                level = 3
                if b.several:
                    out.append(Block("item", _number(b, 3, k, t("bulletin.plan_title", title=plan))))
                    level = 4
                for j, said in enumerate(items, 1):
                    text = t("bulletin.said", text=said.text, refs=_list(b, said.refs))
                    out.append(Block("item", _number(b, level, j, text)))
    out.append(Block("sign", "\n".join(x for x in (b.issuer, day(b, b.signed)) if x)))
    return out


# ---- Markdown -------------------------------------------------------------------------------


def write_md(b: Bulletin) -> str:
    """The bulletin as Markdown: # title, ## 一、, ### （一）, tables; text escaped as data."""
    from store.exporting.markdown import md_escape

    out: list[str] = []
    for block in blocks(b):
        if block.kind == "title":
            out += [f"# {md_escape(block.text)}", ""]
        elif block.kind == "h1":
            out += [f"## {md_escape(block.text)}", ""]
        elif block.kind == "h2":
            out += [f"### {md_escape(block.text)}", ""]
        elif block.kind == "table":
            numeric = block.columns == "plans"
            out.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---:" if numeric and i else "---" for i in range(len(block.headers))) + "|")
            out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif block.kind == "sign":
            for line in block.text.split("\n"):
                out += [md_escape(line), ""]
        else:
            out += [md_escape(block.text), ""]
    return "\n".join(out)


# ---- Word -----------------------------------------------------------------------------------

FANGSONG, KAITI, HEITI, SONGTI = "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"
LATIN = "Times New Roman"
FALLBACKS = {FANGSONG: "仿宋", KAITI: "楷体"}
"""The GB2312 fonts offices print with, and the font Windows itself has under the other name:
the font table names it (w:altName), so Word sets 仿宋 where 仿宋_GB2312 is not installed."""
BODY_PT, TITLE_PT, TABLE_PT, PAGE_PT = 16, 22, 10.5, 14
"""三号 body and headings, 二号 title, 五号 tables, 四号 page numbers (GB/T 9704)."""
LINE_PT = 28.95
"""Exact line pitch: 22 lines in the 225 mm type area."""
INDENT_PT = 2 * BODY_PT
"""Two characters: the first-line indent of a paragraph and of the 一、（一） headings."""
TITLE_STYLE, TABLE_STYLE, TABLE_HEAD_STYLE = "Bulletin Title", "Bulletin Table", "Bulletin Table Head"
PLAN_WIDTHS = (3.6,) + (1.4,) * 7 + (1.1, 1.1)
BEHIND_WIDTHS = (2.8, 8.4, 2.2, 2.2)
"""Column widths in cm, filling the 15.6 cm type area."""
CELL_MARGIN = 57
"""Left and right cell padding in twentieths of a point (1 mm): 任务数 fits a 1.4 cm column."""


def _fonts(element, east_asia: str, latin: str = LATIN) -> None:
    """Set a style's or run's Chinese (w:eastAsia) and Latin fonts; python-docx sets only Latin,
    and a theme font attribute would win over a name, so those go."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _style(styles, name: str, font: str, size: float, *, bold: bool = False, base=None, new: bool = True):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) if new else styles[name]
    if base is not None:
        style.base_style = base
    style.font.name = LATIN
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element, font)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    return style


def _setup(doc, b: Bulletin) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.2)
    from store.exporting.docx_export import default_fonts

    styles = doc.styles
    default_fonts(doc, FANGSONG, LATIN)
    normal = _style(styles, "Normal", FANGSONG, BODY_PT, new=False)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.first_line_indent = Pt(INDENT_PT)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True
    for name, font in (("Heading 1", HEITI), ("Heading 2", KAITI)):
        h = _style(styles, name, font, BODY_PT, new=False, base=normal)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        h.paragraph_format.line_spacing = Pt(LINE_PT)
        h.paragraph_format.first_line_indent = Pt(INDENT_PT)
        h.paragraph_format.left_indent = Pt(0)
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = _style(styles, TITLE_STYLE, SONGTI, TITLE_PT, bold=True, base=normal)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(LINE_PT)
    title.paragraph_format.keep_with_next = True
    for name, font in ((TABLE_STYLE, FANGSONG), (TABLE_HEAD_STYLE, HEITI)):
        cell = _style(styles, name, font, TABLE_PT, base=normal)
        cell.paragraph_format.first_line_indent = Pt(0)
        cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        cell.paragraph_format.alignment = (WD_ALIGN_PARAGRAPH.CENTER if name == TABLE_HEAD_STYLE
                                           else WD_ALIGN_PARAGRAPH.LEFT)
    doc.core_properties.title = b.title
    doc.core_properties.author = b.issuer or "taizhang"
    _font_table(doc)
    _page_numbers(section)


def _font_table(doc) -> None:
    """Name the fallbacks of the GB2312 fonts in the font table (w:font/w:altName)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "fixed")):
            etree.SubElement(font, qn(tag), {qn("w:val"): value})
    # python-docx keeps this part as bytes and offers no setter: replace them
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section) -> None:
    """"— 1 —" centred at the foot of every page: a PAGE field between two dashes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)

    def run(text: str | None = None, field: str | None = None):
        r = p.add_run(text)
        r.font.size = Pt(PAGE_PT)
        r.font.name = LATIN
        _fonts(r._r, SONGTI)
        if field is not None:
            el = r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): field})
            r._r.append(el)
        return r

    run("— ")
    run(field="begin")
    instr = run()
    it = instr._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    it.text = " PAGE "
    instr._r.append(it)
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _para(doc, text: str, *, style: str | None = None, font: str = FANGSONG, align=None,
          right_indent: float | None = None, indent: bool = True):
    from docx.shared import Pt

    p = doc.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    if right_indent is not None:
        p.paragraph_format.right_indent = Pt(right_indent)
    if text:
        lines = text.split("\n")
        r = p.add_run(lines[0])
        _fonts(r._r, font)
        for line in lines[1:]:
            r.add_break()
            r.add_text(line)
    return p


def _cell(cell, text: str, style: str, *, centre: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.style = style
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font = HEITI if style == TABLE_HEAD_STYLE else FANGSONG
    lines = (text or "").split("\n")
    r = p.add_run(lines[0])
    _fonts(r._r, font)
    for line in lines[1:]:
        r.add_break()
        r.add_text(line)


def _table(doc, headers, rows, widths_cm,
           centred: set[int], merge_first: bool = False):
    """A bordered table, its header row repeated on every page; with `merge_first`, runs of
    rows with the same first cell (empty after the first) are one merged cell."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    margins = tblpr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(CELL_MARGIN), qn("w:type"): "dxa"}))
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    for i, text in enumerate(headers):
        _cell(head.cells[i], text, TABLE_HEAD_STYLE, centre=True)
    for r, values in enumerate(rows, 1):
        cells = table.rows[r].cells
        for i, text in enumerate(values):
            _cell(cells[i], text, TABLE_STYLE, centre=i in centred)
    for row in table.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    if merge_first:
        start = 1
        for r in range(2, len(rows) + 2):
            if r == len(rows) + 1 or rows[r - 1][0]:
                if r - 1 > start:
                    table.cell(start, 0).merge(table.cell(r - 1, 0))
                start = r
    return table


def _width(text: str) -> float:
    """Width in Chinese characters: a Chinese character 1, a digit or letter ½, and ¼ where the
    two meet (Word and WPS space Chinese from Latin text by default)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    return sum(1 if w else 0.5 for w in wide) + 0.25 * sum(a != b for a, b in zip(wide, wide[1:]))


TITLE_CHARS = 20
"""二号 characters on one line of the 156 mm type area."""
_TITLE_BREAK_AFTER = set("年月度于的和及与、")
"""A title breaks after these words' ends (关于…｜…的通报), never inside a word or a number."""


def _title_lines(title: str) -> str:
    """A title too long for one line, broken in two where a phrase ends, the halves as even as
    can be (a line of one or two characters under a long one looks like a mistake)."""
    if _width(title) <= TITLE_CHARS or _width(title) > 2 * TITLE_CHARS:
        return title
    best: tuple[float, int] | None = None
    for i in range(1, len(title)):
        if title[i - 1] not in _TITLE_BREAK_AFTER or title[i].isascii() and title[i - 1].isascii():
            continue
        left, right = _width(title[:i]), _width(title[i:])
        if left > TITLE_CHARS or right > TITLE_CHARS:
            continue
        score = max(left, right)
        if best is None or score < best[0]:
            best = (score, i)
    return title if best is None else title[:best[1]] + "\n" + title[best[1]:]


def write_docx(b: Bulletin) -> bytes:
    """The bulletin as a Word document an office can print, sign and send up as it is."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    _setup(doc, b)
    for p in list(doc.paragraphs):  # the template's empty first paragraph
        p._p.getparent().remove(p._p)
    for block in blocks(b):
        if block.kind == "title":
            _para(doc, _title_lines(block.text), style=TITLE_STYLE, font=SONGTI)
        elif block.kind == "number":
            p = _para(doc, block.text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            p.paragraph_format.space_after = Pt(LINE_PT)
        elif block.kind == "h1":
            _para(doc, block.text, style="Heading 1", font=HEITI)
        elif block.kind == "h2":
            _para(doc, block.text, style="Heading 2", font=KAITI)
        elif block.kind == "table" and block.columns == "plans":
            _table(doc, block.headers, block.rows, PLAN_WIDTHS, set(range(1, len(PLAN_WIDTHS))))
        elif block.kind == "table":
            _table(doc, block.headers, block.rows, BEHIND_WIDTHS, {0, 2, 3}, merge_first=True)
        elif block.kind == "sign":
            # 落款: the issuer and the date centred on each other, four characters from the right,
            # after two empty lines for the seal; kept on one page with the text's last line (a
            # page with the 落款 alone is the mistake 公文 rules warn of)
            lines = [x for x in block.text.split("\n") if x]
            widest = max((_width(x) for x in lines), default=0)
            if doc.paragraphs:
                doc.paragraphs[-1].paragraph_format.keep_with_next = True
            sign = [_para(doc, ""), _para(doc, "")]
            for x in lines:
                sign.append(_para(doc, x, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False,
                                  right_indent=(4 + (widest - _width(x)) / 2) * BODY_PT))
            for p in sign[:-1]:
                p.paragraph_format.keep_with_next = True
        else:
            _para(doc, block.text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---- files ----------------------------------------------------------------------------------

SUFFIXES = (".docx", ".md")


def default_paths(folder, round_name: str, lang: str = i18n.DEFAULT_LANG) -> list:
    """Where a round's bulletin goes without a file named: both formats, in this folder."""
    from pathlib import Path

    from store.atomic import safe_filename

    stem = safe_filename(f"{i18n.t('bulletin.file_stem', lang)}-{round_name}")
    return [Path(folder) / f"{stem}{suffix}" for suffix in SUFFIXES]


def render(b: Bulletin, suffix: str) -> bytes | str:
    """The bulletin as .docx bytes or .md text; another suffix: TaizhangError."""
    from store.errors import TaizhangError

    if suffix.lower() == ".docx":
        return write_docx(b)
    if suffix.lower() == ".md":
        return write_md(b)
    raise TaizhangError("bulletin.bad_suffix", path=suffix)


def write_files(b: Bulletin, targets: Iterable, *, force: bool = False) -> list:
    """Write the bulletin to each target (.docx or .md) whole or not at all; an existing file
    only with `force`. Checks every target before writing any."""
    from pathlib import Path

    from store.atomic import write_atomically
    from store.errors import TaizhangError

    paths = [Path(t) for t in targets]
    for path in paths:
        if path.suffix.lower() not in SUFFIXES:
            raise TaizhangError("bulletin.bad_suffix", path=str(path))
        if path.exists() and not force:
            raise TaizhangError("cli.exists", path=str(path))
    for path in paths:
        write_atomically(path, render(b, path.suffix))
    return paths
