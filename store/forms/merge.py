"""Plan a merge of returned forms: what each row would change, before anything is written.

`plan_merge(ledger, paths)` reads each file, works out whose it is and when it was filled in,
matches its rows to tasks and says per row what would happen: the state from old to new, the
note to add, or why the row is refused, doubtful, unmatched, overruled or in conflict. The
preview is data; the clerk's choices are made on it (confirm a doubtful row, link an unmatched
one, take a state a catch-all unit suggests, pick a side where co-leads disagree), `settle()`
works out again what the merge would write, and `Ledger.apply_merge(preview)` writes it in one
transaction — the preview the clerk saw, not the files read again.

The rules (DECISIONS "Units and roles"; issue 20):

- Which report wins is a rule, not the order of merging. A report is ranked by its round (a
  later round above an earlier one), then its 填报日期 (else the day the clerk says it was
  received, else the file's own date), then the file's time. Per task, each deciding unit (the
  lead; where there is none, a unit named as responsible) stands by its best report; the
  deciding units of the newest round that reported decide. A form of an older or closed round
  never overturns a later round's state: its words become notes marked with its round.
- The state changes only when what the reports decide changes: an older form merged after a
  newer one changes nothing, and a state the clerk set by hand after a form went out is a
  conflict for the clerk.
- Co-deciders who disagree settle nothing: the preview lists them and the task keeps the
  clerk's state (what it was before their reports, or what a lower round decided) until the
  clerk picks; every unit's word is kept as a note under its name.
- Nothing lands on a task by a guess: a row is matched by its task key among the tasks sent to
  the unit, else by 序号 and text; a row whose key and text disagree, whose unit was changed to
  another unit, or whose task was never sent to that unit, is doubtful and not written unless the
  clerk confirms it (the last kind one by one).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from store.errors import TaizhangError
from store.forms import layout
from store.forms.reader import ReadRow, ReturnedForm, read_form
from store.models import Task
from store.parts.submissions import submission_rank
from store.round_models import EVERY, FormTask, Round
from store.textclean import strip_control

NOTE_FIELDS = ("progress", "evidence", "problems", "next", "remarks")
IDENTITY = ("text",)
"""The locked column that says which task a row is: an edit there makes the row doubtful."""
LOCKED_CHECKED = ("no", "time_limit", "lead", "support", "units")
"""Other locked columns: an edit there is shown and never written."""
ONE_BY_ONE = frozenset({"merge.not_on_form"})
"""Doubts the clerk confirms row by row, never in bulk (issue 23: a forged form)."""
_KEY = re.compile(r"^P(\d+)-(\d+)$")
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$")
_DAY_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_day(text: str | None) -> str | None:
    """A 填报日期 as an ISO date (2021-10-08, 2021/10/8, 2021年10月8日, 20211008); None when
    the cell holds no whole date."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    m = _DAY.match(t) or _DAY_DIGITS.match(t)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


@dataclass
class RowPlan:
    line: int
    key: str
    task_id: int | None = None
    task_key: str = ""
    label: str = ""
    role: str | None = None
    decides: bool = False
    """The unit's report sets the task's state (it leads it; or it has no lead and the unit is
    named responsible)."""
    status: str = "unchanged"
    """`changed`, `unchanged`, `refused`, `unmatched` or `conflict` (settled by `settle`)."""
    state_before: tuple[str, str | None] | None = None
    state_after: tuple[str, str | None] | None = None
    """The state this row makes the merge write (None: it writes none), after `settle`."""
    reported: tuple[str, str | None] | None = None
    """The state the unit reported, whether or not it decides."""
    reported_word: str = ""
    note: str | None = None
    """The note the merge writes for this row (None: none, or the same words are noted already)."""
    doubts: list[tuple[str, dict]] = field(default_factory=list)
    """Why the row may be about another task or another unit: not written unless confirmed."""
    notices: list[tuple[str, dict]] = field(default_factory=list)
    """What the clerk should know and nothing waits for (a date typed as text, a key renumbered
    but the row matched by 序号 and text, a locked column edited)."""
    refusal: tuple[str, dict] | None = None
    choice: str | None = None
    """For a conflict: `ledger` or `unit`; for a suggestion: `unit` to take it. None: undecided."""
    suggested: bool = False
    """The unit does not decide this task; the clerk may take the state it reports."""
    confirmed: bool = False
    """The clerk confirmed a doubtful row: it is written like any other."""
    values: dict[str, str] = field(default_factory=dict)
    full_note: str | None = None
    """The note the row's words make, before a repeat of words already noted is dropped."""
    overruled: tuple[str, dict] | None = None
    """Why the state this unit reports is not the one written (a newer report stands …)."""
    via: str | None = None
    """How `state_after` came about: `report`, `revert` (co-deciders disagree: the clerk's
    state), `pick` (the clerk picked a unit's word), `choice` (a conflict or suggestion taken)."""

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts) and self.status not in ("refused", "unmatched")

    @property
    def held(self) -> bool:
        """Doubtful and not confirmed: nothing of it is written."""
        return self.doubtful and not self.confirmed

    @property
    def one_by_one(self) -> bool:
        return any(code in ONE_BY_ONE for code, _ in self.doubts)

    @property
    def sets_state(self) -> tuple[str, str | None] | None:
        """The state the merge will write for this row, the clerk's choices applied."""
        return self.state_after


@dataclass
class FilePlan:
    path: Path
    sha256: str = ""
    status: str = "ready"
    """`ready`, `refused`, `duplicate` (merged before: changes nothing) or `needs_meta`."""
    reason: tuple[str, dict] | None = None
    plan_id: int | None = None
    plan_title: str = ""
    unit_id: int | None = None
    unit: str = ""
    round_id: int | None = None
    round_name: str | None = None
    filler: str = ""
    phone: str = ""
    filled_on: str = ""
    """The 填报日期 cell as written."""
    reported_on: str = ""
    """The day the report counts from: the 填报日期, else the day the clerk received the file,
    else the file's date."""
    reported_from: str = "file"
    """`form` (its 填报日期), `received` (the clerk's date) or `file` (the file's time)."""
    file_time: str = ""
    exported_at: str = ""
    supersedes: int | None = None
    """The unit's standing submission of this plan and round that this file replaces."""
    superseded_by: int | None = None
    """A newer submission of the unit, merged before, stands over this file."""
    newer: "FilePlan | None" = None
    """A newer file of the same unit, plan and round in this merge: it stands over this one."""
    older_round: bool = False
    """The file's round is closed or an older one: its notes say which round they are of."""
    rows: list[RowPlan] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    form: ReturnedForm | None = None
    tasks: list[FormTask] = field(default_factory=list)
    """The tasks the unit's form held: what an unmatched row may be linked to."""
    missing: tuple[str, ...] = ()
    """For `needs_meta`: which of `unit`, `round`, `plan` the clerk must name."""
    context: "_Context | None" = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def rank(self) -> tuple:
        """Which report is newer: round, then 填报日期, then the file's time (then the bytes)."""
        return (self.round_id or 0, self.reported_on, self.file_time, self.sha256)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(COUNT_KINDS, 0)
        for r in self.rows:
            out[r.status] += 1
            out["doubtful"] += r.held
            out["states"] += r.state_after is not None and r.state_after != r.state_before
            out["notes"] += r.note is not None and not r.held and r.status not in ("refused", "unmatched")
            out["suggested"] += r.suggested and r.choice is None and not r.held
            disputed = r.overruled is not None and r.overruled[0] in (
                "merge.disputed", "merge.picked_other", "merge.kept_ledger")
            out["overruled"] += r.overruled is not None and not r.held and not disputed
            out["disputed"] += disputed and not r.held
            out["undecided"] += r.status == "conflict" and r.choice is None
            skipped = r.refusal is not None and r.refusal[0] in ("merge.no_words", "merge.skipped")
            out["skipped"] += skipped
            out["refused_rows"] += r.status == "refused" and not skipped
        return out


COUNT_KINDS = ("changed", "unchanged", "refused", "doubtful", "unmatched", "conflict",
               "states", "notes", "suggested", "overruled", "disputed", "undecided", "skipped", "refused_rows")


@dataclass
class MergePreview:
    files: list[FilePlan]
    disagreements: list[dict] = field(default_factory=list)
    """Per task where units reported different states: {task_id, label, text, open, kept,
    reports: [(unit, word, reported_on, unit_id)]}; `open`: co-deciders disagree and the clerk
    picks (`picks`); otherwise the deciding unit's word stands and the others' are notes."""
    picks: dict[int, int | str] = field(default_factory=dict)
    """The clerk's pick per disputed task: the unit id whose word to take, or `ledger`."""
    context: "_Context | None" = field(default=None, repr=False, compare=False)

    @property
    def ready(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == "ready"]

    def in_order(self) -> list[FilePlan]:
        """The ready files oldest report first: the order their submissions are written in."""
        return sorted(self.ready, key=lambda f: f.rank)

    def counts(self) -> dict[str, int]:
        total = dict.fromkeys(COUNT_KINDS, 0)
        for f in self.ready:
            for k, v in f.counts().items():
                total[k] += v
        total["disputes"] = sum(1 for d in self.disagreements if d["open"] and d["task_id"] not in self.picks)
        total["disputed"] = 0  # said per task in all: `disputes`
        return total

    def undecided(self) -> list[tuple[FilePlan, RowPlan]]:
        """Conflicts the clerk has not chosen a side in."""
        return [(f, r) for f in self.ready for r in f.rows if r.status == "conflict" and r.choice is None]

    def open_disputes(self) -> list[dict]:
        """Co-deciders who disagree where the clerk has not picked."""
        return [d for d in self.disagreements if d["open"] and d["task_id"] not in self.picks]

    def settle(self) -> "MergePreview":
        """Work out again, with the clerk's choices, what each row would write."""
        if self.context is not None:
            _settle(self)
        return self


# ---- what the planning reads from the ledger, once per preview ------------------------------


@dataclass(eq=False)
class _Report:
    """One unit's report of a task's state (compared by identity: `in` a tier is this one)."""

    unit_id: int
    unit: str
    rank: tuple
    state: tuple[str, str | None]
    word: str
    since: str
    """When the unit's words left the ledger (the form's export time; for a submission merged
    before, its merge time): a state the clerk set by hand after it is newer than the report."""
    sent: tuple[str, str | None] | None = None
    row: RowPlan | None = None
    fp: FilePlan | None = None
    reported_on: str = ""


class _Context:
    """The ledger as the planning needs it: plans, units, rounds, the plans' tasks and what was
    sent, the submissions merged before, read once for all the files of a merge."""

    def __init__(self, ledger, catch_alls: Iterable[str] = ()):
        self.ledger = ledger
        self.catch = tuple(catch_alls)
        self.plans = {p.id: p for p in ledger.plans(overdue=False)}
        self.by_sha = {p.sha256: p for p in self.plans.values()}
        self.units = {u.id: u for u in ledger.units()}
        self.rounds = {r.id: r for r in ledger.rounds()}
        self.today = ledger.today()
        self.preview: MergePreview | None = None
        self._tasks: dict[int, dict[str, Task]] = {}
        self._norm: dict[int, dict[str, str]] = {}
        self._forms: dict[tuple[int, int | None], dict[int, list[FormTask]]] = {}
        self._sent: dict[int | None, dict] = {}
        self._unit_of: dict[tuple[int, str], int | None] = {}
        self._rep: dict[tuple[int | None, int], dict] = {}
        self.stored: dict[int, list[dict]] | None = None
        self.by_task: dict[int, list[tuple[dict, dict]]] = {}
        self.hand: dict[int, str] = {}
        self.noted: set[tuple[int, str, str]] = set()

    def tasks_by_key(self, plan_id: int) -> dict[str, Task]:
        if plan_id not in self._tasks:
            self._tasks[plan_id] = {t.key: t for t in self.ledger.tasks(plan_id=plan_id)}
        return self._tasks[plan_id]

    def norm_of(self, task: Task) -> tuple[str, str]:
        """The task's 序号 and text as rows are compared with them."""
        values = self.values_of(task)
        return values["no"], values["text"]

    def values_of(self, task: Task) -> dict[str, str]:
        """The task's locked columns, normalised for comparing (`layout.norm`)."""
        if task.id not in self._norm:
            self._norm[task.id] = {c: layout.norm(v) for c, v in _task_values(task).items()}
        return self._norm[task.id]

    def unit_for(self, plan_id: int, name: str) -> int | None:
        """The form recipient of this plan a name stands for (an alias, a joined name)."""
        key = (plan_id, layout.norm(name))
        if key not in self._unit_of:
            self._unit_of[key] = self.ledger.form_unit_id(plan_id, self.ledger.unit_ids_named([name]), self.catch)
        return self._unit_of[key]

    def sent_to(self, round_id: int | None, plan_id: int) -> dict[int, set[int] | None]:
        """The tasks the round's forms of this plan held, per recipient as it stands now (a name
        joined to another since counts for that one); None where a form kept no task list."""
        key = (round_id, plan_id)
        if key not in self._rep:
            rep = self.ledger.form_unit_map(plan_id, self.catch)
            out: dict[int, set[int] | None] = {}
            for (p, unit_id), held in self.sent(round_id).items():
                if p != plan_id:
                    continue
                to = rep.get(unit_id, unit_id)
                out[to] = None if held is None or out.get(to, set()) is None else out.get(to, set()) | held
            self._rep[key] = out
        return self._rep[key]

    def form_tasks(self, plan_id: int, unit_id: int, round_: Round | None) -> list[FormTask]:
        key = (plan_id, round_.id if round_ else None, round_.catch_alls if round_ else ())
        if key not in self._forms:
            self._forms[key] = self.ledger.plan_form_tasks(plan_id, self.catch, round_=round_)
        return self._forms[key].get(unit_id, [])

    def sent(self, round_id: int | None) -> dict:
        if round_id not in self._sent:
            self._sent[round_id] = self.ledger.sent_forms(round_id)
        return self._sent[round_id]

    def is_older_round(self, round_id: int | None) -> bool:
        if round_id is None:
            return False
        r = self.rounds.get(round_id)
        return r is not None and (not r.is_open or any(x > round_id for x in self.rounds))

    def load(self, files: list[FilePlan]) -> None:
        """What the ready files' plans hold already: submissions, notes, the clerk's changes."""
        plans = sorted({f.plan_id for f in files if f.status == "ready"})
        self.stored = {}
        for sub in self.ledger.submission_reports(plans):
            self.stored.setdefault(sub["plan_id"], []).append(sub)
            for row in sub["rows"]:
                if row.get("task_id") is not None:
                    self.by_task.setdefault(row["task_id"], []).append((sub, row))
        ids = {r.task_id for f in files if f.status == "ready" for r in f.rows if r.task_id is not None}
        self.refresh(ids)

    def refresh(self, task_ids: Iterable[int]) -> None:
        ids = [i for i in task_ids if i not in self.hand]
        if not ids:
            return
        for task_id, at in self.ledger.hand_changed_at(ids).items():
            self.hand[task_id] = at
        for task_id, notes in self.ledger.notes_by_task(ids).items():
            for n in notes:
                if n.unit:
                    self.noted.add((task_id, n.unit, n.text))
        for i in ids:
            self.hand.setdefault(i, "")

    def hand_after(self, task_id: int, since: str) -> bool:
        """Did the clerk change the task's state by hand (not by a merge) after `since` (or in
        the same second: which came first cannot be told, and the clerk is asked)?"""
        at = self.hand.get(task_id, "")
        return bool(at and since and at >= since)

    def stored_reports(self, task_id: int) -> list[_Report]:
        out = []
        for sub, row in self.by_task.get(task_id, ()):
            rep = row.get("reported")
            if not rep or not row.get("decides") or row.get("held") or row.get("status") in ("refused", "unmatched"):
                continue
            out.append(_Report(sub["unit_id"], sub["unit"], _sub_rank(sub), (rep[0], rep[1]),
                               row.get("word") or "", sub["received_at"], reported_on=sub["reported_on"] or ""))
        return out

    def set_records(self, task_id: int) -> list[tuple[dict, dict]]:
        return [(sub, row["set"]) for sub, row in self.by_task.get(task_id, ()) if row.get("set")]


_sub_rank = submission_rank


# ---- reading who a file is from, and when --------------------------------------------------


def _find_round(ledger, meta_id: str | None, name: str | None) -> Round | None:
    if meta_id and meta_id.isdigit():
        try:
            r = ledger.round(int(meta_id))
            if not name or r.name == name:
                return r
        except TaizhangError:
            pass
    if name:
        try:
            return ledger.round(name)
        except TaizhangError:
            return None
    return None


def _identify(ctx: _Context, fp: FilePlan, form: ReturnedForm, *, unit: str | None, round_name: str | None,
              plan_id: int | None) -> None:
    ledger = ctx.ledger
    meta = form.meta
    plans = ctx.plans
    missing: list[str] = []
    # the plan
    plan = None
    if meta.get("plan_sha256"):
        plan = ctx.by_sha.get(meta["plan_sha256"])
        if plan is None:
            fp.status, fp.reason = "refused", ("merge.other_plan", {"title": meta.get("plan_title", "")})
            return
    elif plan_id is not None:
        plan = plans.get(plan_id)
    else:
        ids = {int(m.group(1)) for r in form.rows if (m := _KEY.match(r.text("key").upper()))}
        if len(ids) == 1 and next(iter(ids)) in plans:
            plan = plans[next(iter(ids))]
    if plan is None:
        missing.append("plan")
    # the unit
    unit_id = None
    names = [n for n in (unit, meta.get("unit"), form.head.get("unit")) if n]
    if meta.get("unit_id", "").isdigit() and not unit:
        u = ctx.units.get(int(meta["unit_id"]))
        if u is not None and layout.norm(u.name) == layout.norm(meta.get("unit", u.name)):
            unit_id = u.id
    for n in names if unit_id is None or plan is None else ():
        if plan is None:
            break
        found = ctx.unit_for(plan.id, n)
        if found is not None:
            unit_id = found
            break
    if unit_id is None:
        missing.append("unit")
    # the round
    r = None
    if round_name:
        r = _find_round(ledger, None, round_name)
        if r is None:
            fp.status, fp.reason = "refused", ("round.not_found", {"name": round_name})
            return
    elif meta.get("round"):
        r = _find_round(ledger, meta.get("round_id"), meta.get("round"))
        if r is None:
            fp.status, fp.reason = "refused", ("merge.unknown_round", {"name": meta["round"]})
            return
    elif not meta and ctx.rounds:
        missing.append("round")
    if missing:
        fp.status, fp.missing = "needs_meta", tuple(missing)
        fp.reason = ("merge.needs_meta", {"what": "、".join(missing)})
        return
    if r is not None and not r.covers(plan.id):
        fp.status, fp.reason = "refused", ("merge.plan_outside", {"title": plan.display_title, "round": r.name})
        return
    fp.plan_id, fp.plan_title = plan.id, plan.display_title
    fp.unit_id = unit_id
    fp.unit = ctx.units[unit_id].name if unit_id in ctx.units else next(
        u.name for u in ledger.units() if u.id == unit_id)
    fp.round_id, fp.round_name = (r.id, r.name) if r else (None, None)
    # 填报单位 changed by hand: another unit's name is a doubt over every row; any other edit a warning
    head_unit = form.head.get("unit", "")
    sent_unit = meta.get("unit", "")
    if sent_unit and layout.norm(head_unit) != layout.norm(sent_unit):
        other = ctx.unit_for(plan.id, head_unit) if head_unit else None
        if other is not None and other != unit_id:
            fp.warnings.append(("merge.unit_changed_other", {"sent": sent_unit, "now": head_unit}))
        else:
            fp.warnings.append(("merge.unit_changed", {"sent": sent_unit, "now": head_unit or "（空）"}))


def _when(fp: FilePlan, form: ReturnedForm, received: str | None, today: str) -> None:
    """The day the report counts from, and the file's time (which breaks a tie). No day after
    today counts: a date typed wrong, or a file's clock ahead, is taken as today."""
    try:
        mtime = datetime.fromtimestamp(fp.path.stat().st_mtime)
    except OSError:
        mtime = None
    fp.file_time = mtime.isoformat(timespec="microseconds") if mtime else ""
    day = parse_day(fp.filled_on)
    if day:
        fp.reported_on, fp.reported_from = day, "form"
    elif received:
        fp.reported_on, fp.reported_from = received, "received"
    elif mtime is not None:
        fp.reported_on, fp.reported_from = min(mtime.date().isoformat(), today), "file"
    if fp.filled_on and not day:
        fp.warnings.append(("merge.bad_date", {"text": fp.filled_on, "day": fp.reported_on or "-"}))
    elif day and day > today:
        fp.reported_on = today
        fp.warnings.append(("merge.future_date", {"text": fp.filled_on, "day": today}))


# ---- rows -----------------------------------------------------------------------------------


def _note_text(row: ReadRow, links: list[str], state_line: str | None, round_name: str | None) -> str | None:
    lines: list[str] = []
    if state_line:
        lines.append(f"{layout.HEADERS['state']}：{state_line}")
    for col in NOTE_FIELDS:
        text = row.text(col)
        if col == "evidence":
            extra = [u for u in links if u and u not in text]
            text = "\n".join(x for x in (text, *extra) if x)
        if text:
            lines.append(f"{layout.HEADERS[col]}：{text}")
    if lines and round_name:
        lines.insert(0, f"（{round_name}反馈）")
    return "\n".join(lines) or None


def _task_values(t: Task) -> dict[str, str]:
    return {"no": t.no or "", "text": t.text, "time_limit": t.time_limit or "",
            "lead": "、".join(t.lead), "support": "、".join(t.support), "units": t.units or ""}


def _deciders(task: Task) -> set:
    refs = [u for u in task.unit_refs if u.role == "lead"] or [u for u in task.unit_refs if u.role == "responsible"]
    return {u.unit_id or u.name for u in refs}


def _by_text(ctx: _Context, mine: dict[int, FormTask], no: str, text: str) -> Task | None:
    """The one task on the unit's form with this text and this 序号; else the one with this
    text (the 序号 column renumbered too)."""
    if not text:
        return None
    hits = [ft.task for ft in mine.values() if ctx.norm_of(ft.task)[1] == text]
    if len(hits) > 1 and no:
        hits = [t for t in hits if ctx.norm_of(t)[0] == no]
    return hits[0] if len(hits) == 1 else None


def _has_words(row: ReadRow) -> bool:
    return any(row.text(c) for c in layout.FILL)


def _plan_row(ctx: _Context, fp: FilePlan, form: ReturnedForm, row: ReadRow, mine: dict[int, FormTask],
              claimed: dict[int, int], task: Task | None = None) -> RowPlan:
    key_cell = row.cells.get("key")
    raw = key_cell.text if key_cell else ""
    key = layout.norm(raw).upper()
    rp = RowPlan(line=row.line, key=key, values={c: row.text(c) for c in layout.COLUMNS if c in row.cells})
    no, text = layout.norm(row.text("no")), layout.norm(row.text("text"))
    by_text = False
    if task is None:
        by_key = ctx.tasks_by_key(fp.plan_id)
        if _KEY.match(key):
            task = by_key.get(key)
            if task is None:
                if ctx.ledger.task_key_exists(key):
                    rp.status, rp.refusal = "refused", ("merge.key_other_plan", {"key": key})
                    return rp
                task = _by_text(ctx, mine, no, text)
                by_text = task is not None
                if task is not None:
                    rp.notices.append(("merge.key_unknown", {"key": key}))
            elif task.id in mine:
                t_no, t_text = ctx.norm_of(task)
                if text and text != t_text:
                    other = _by_text(ctx, mine, no, text)
                    if other is not None and other.id != task.id:
                        rp.doubts.append(("merge.key_text_differ", {"key": key, "other": other.no or other.key}))
        else:
            task = _by_text(ctx, mine, no, text)
            by_text = task is not None
            if task is not None:
                if key and key.isdigit():
                    rp.notices.append(("merge.key_renumbered", {"value": raw.strip()}))
                elif key:
                    rp.notices.append(("merge.key_unknown", {"key": raw.strip()}))
                else:
                    rp.notices.append(("merge.key_missing", {}))
    else:
        rp.confirmed = True  # the clerk named the task
    if task is None:
        if not _has_words(row):
            rp.status, rp.refusal = "refused", ("merge.no_words", {})
            return rp
        rp.status = "unmatched"
        rp.refusal = ("merge.unmatched", {})
        return rp
    rp.task_id, rp.task_key, rp.label = task.id, task.key, task.no or task.key
    if task.id in claimed:
        rp.status, rp.refusal = "refused", ("merge.claimed_twice", {"line": claimed[task.id]})
        return rp
    claimed[task.id] = row.line
    ft = mine.get(task.id)
    if ft is None:
        rp.doubts.append(("merge.not_on_form", {}))
    else:
        rp.role = ft.role
    if any(code == "merge.unit_changed_other" for code, _ in fp.warnings):
        rp.doubts.append(("merge.unit_changed_row", {"unit": fp.form.head.get("unit", "") if fp.form else ""}))
    # Locked columns the unit edited: shown, never written; the text or 序号 makes it doubtful.
    current = ctx.values_of(task)
    for col in IDENTITY + LOCKED_CHECKED:
        if col in row.cells and layout.norm(row.text(col)) != current[col]:
            if col in IDENTITY and not by_text and not any(c == "merge.key_text_differ" for c, _ in rp.doubts):
                rp.doubts.append(("merge.identity_changed", {"column": layout.HEADERS[col]}))
            elif col not in IDENTITY:
                rp.notices.append(("merge.locked_changed", {"column": layout.HEADERS[col]}))
    for col in layout.FILL:
        for flag in row.flags(col):
            rp.notices.append((f"merge.flag.{flag}", {"column": layout.HEADERS[col]}))
    rp.state_before = (task.state, task.flag)
    word = row.text("state")
    reported = layout.status_of(word) if word else None
    rp.reported, rp.reported_word = reported, word
    rp.decides = ft is not None and not ft.via_catch_all and (
        ft.role == "lead" or (ft.role == "responsible" and not task.lead))
    several = len(_deciders(task)) > 1
    state_line = None
    if word and reported is None:
        rp.notices.append(("merge.unknown_status", {"word": word}))
        state_line = word
    elif word and (not rp.decides or several or fp.older_round):
        state_line = word  # a word that may not be the one written: kept under the unit's name
    rp.full_note = _note_text(row, row.links, state_line, fp.round_name if fp.older_round else None)
    if reported is not None and not rp.decides:
        if ft is None or ft.via_catch_all or not task.lead and not task.responsible:
            rp.suggested = reported != (task.state, task.flag)
    return rp


def plan_file(ctx: _Context, path: str | Path, *, unit: str | None = None, round_name: str | None = None,
              plan_id: int | None = None, received: str | None = None) -> FilePlan:
    """Read one file and work out whose it is and when it was filled in (its rows are planned
    once every file of the merge is known: `plan_merge`)."""
    fp = FilePlan(Path(path), context=ctx)
    try:
        form = read_form(fp.path)
    except TaizhangError as e:
        fp.status, fp.reason = "refused", (e.code, e.params)
        return fp
    fp.form, fp.sha256 = form, form.sha256
    fp.filler, fp.phone, fp.filled_on = (form.head.get(k, "") for k in ("filler", "phone", "date"))
    fp.exported_at = form.meta.get("exported_at", "")
    _when(fp, form, received, ctx.today)
    _identify(ctx, fp, form, unit=unit, round_name=round_name, plan_id=plan_id)
    if fp.status == "ready":
        fp.older_round = ctx.is_older_round(fp.round_id)
    return fp


def _sent_tasks(ctx: _Context, fp: FilePlan) -> list[FormTask]:
    """What the unit's form held: as recorded when it was written, else as it would be now."""
    r = ctx.rounds.get(fp.round_id) if fp.round_id is not None else None
    tasks = ctx.form_tasks(fp.plan_id, fp.unit_id, r)
    sent = ctx.sent(fp.round_id)
    if not sent:
        return tasks
    # the forms sent to this unit, under any name that stands for it now (names joined since)
    ids = ctx.sent_to(fp.round_id, fp.plan_id).get(fp.unit_id, set())
    if ids is None:  # written before the tasks were kept, when every catch-all's tasks went out
        every = replace(r, catch_alls=(EVERY,)) if r is not None else None
        return ctx.form_tasks(fp.plan_id, fp.unit_id, every) if every is not None else tasks
    known = {ft.task.id for ft in tasks}
    # a task the form held that would not be on it now (the round's options or the plan changed
    # since): the unit's words on it are noted and its state offered, never set
    rows = [ft for ft in tasks if ft.task.id in ids] + [
        FormTask(t, "responsible", True) for t in ctx.tasks_by_key(fp.plan_id).values()
        if t.id in ids and t.id not in known]
    return sorted(rows, key=lambda ft: ft.task.seq)


def _plan_rows(ctx: _Context, fp: FilePlan) -> None:
    fp.tasks = _sent_tasks(ctx, fp)
    mine = {ft.task.id: ft for ft in fp.tasks}
    claimed: dict[int, int] = {}
    for row in fp.form.rows:
        fp.rows.append(_plan_row(ctx, fp, fp.form, row, mine, claimed))
    by_text = sum(1 for r in fp.rows for code, _ in r.notices
                  if code in ("merge.key_renumbered", "merge.key_unknown", "merge.key_missing"))
    if by_text:
        fp.warnings.append(("merge.matched_by_text", {"count": by_text}))


def link_row(ledger, fp: FilePlan, rp: RowPlan, task_id: int | None) -> RowPlan:
    """The clerk's answer for an unmatched row: plan it against this task (None: skip it).
    Settle the preview afterwards (`MergePreview.settle`; `apply_merge` does)."""
    i = fp.rows.index(rp)
    if task_id is None:
        rp.status, rp.refusal = "refused", ("merge.skipped", {})
        return rp
    ctx = fp.context or _Context(ledger)
    row = next(r for r in fp.form.rows if r.line == rp.line)
    mine = {ft.task.id: ft for ft in fp.tasks}
    claimed = {r.task_id: r.line for r in fp.rows if r.task_id is not None and r is not rp
               and r.status != "refused"}
    new = _plan_row(ctx, fp, fp.form, row, mine, claimed, task=ledger.task(task_id))
    ctx.refresh([task_id])
    fp.rows[i] = new
    if ctx.preview is not None:
        ctx.preview.settle()
    return new


def plan_merge(ledger, paths: Iterable[str | Path], *, unit: str | None = None,
               round_name: str | None = None, plan_id: int | None = None,
               catch_alls: Iterable[str] = (), received: str | None = None) -> MergePreview:
    """Read every file and plan what it would change (`received`: the day the clerk received
    files whose 填报日期 is blank)."""
    ctx = _Context(ledger, catch_alls)
    files = [plan_file(ctx, p, unit=unit, round_name=round_name, plan_id=plan_id, received=received)
             for p in paths]
    seen_sha: dict[tuple[str, int], str] = {}
    ready = [f for f in files if f.status == "ready"]
    for fp in ready:
        dup = (fp.sha256, fp.plan_id)
        if dup in seen_sha:
            fp.status, fp.reason = "duplicate", ("merge.same_file_twice", {"file": seen_sha[dup]})
        seen_sha.setdefault(dup, fp.name)
    ctx.load([f for f in files if f.status == "ready"])
    stored_sha = {(s["sha256"], s["plan_id"]): s for subs in ctx.stored.values() for s in subs}
    for fp in files:
        if fp.status != "ready":
            continue
        dup = stored_sha.get((fp.sha256, fp.plan_id))
        if dup is not None:
            fp.status, fp.reason = "duplicate", ("merge.duplicate", {"at": dup["received_at"][:16].replace("T", " ")})
            continue
        _plan_rows(ctx, fp)
    ctx.refresh({r.task_id for f in files if f.status == "ready" for r in f.rows if r.task_id is not None})
    _versions(ctx, [f for f in files if f.status == "ready"])
    preview = MergePreview(files, context=ctx)
    ctx.preview = preview
    return preview.settle()


def _versions(ctx: _Context, ready: list[FilePlan]) -> None:
    """Several reports of one unit for one plan and round: the newest stands, the others are
    kept (their notes added) and marked superseded, whatever order they come in."""
    groups: dict[tuple, list[FilePlan]] = {}
    for fp in ready:
        groups.setdefault((fp.plan_id, fp.unit_id, fp.round_id), []).append(fp)
    for (plan_id, unit_id, round_id), group in groups.items():
        group.sort(key=lambda f: f.rank)
        newest = group[-1]
        standing = [s for s in ctx.stored.get(plan_id, ()) if s["unit_id"] == unit_id and s["round_id"] == round_id
                    and s["superseded_by"] is None]
        stored = max(standing, key=_sub_rank) if standing else None
        for fp in group[:-1]:
            fp.newer = newest
            fp.warnings.append(("merge.older_version", {"file": newest.name, "day": newest.reported_on}))
        if stored is not None and _sub_rank(stored) > newest.rank:
            for fp in group:
                fp.newer = None
                fp.superseded_by = stored["id"]
                fp.warnings = [w for w in fp.warnings if w[0] != "merge.older_version"]
                fp.warnings.append(("merge.older_version", {"file": stored["file_name"],
                                                            "day": stored["reported_on"] or ""}))
        elif stored is not None:
            newest.supersedes = stored["id"]
            newest.warnings.append(("merge.supersedes", {"file": stored["file_name"]}))
        for fp in group[:-1]:
            if fp.superseded_by is None:
                newest.warnings.append(("merge.supersedes", {"file": fp.name}))


# ---- settling: which report wins, what is written --------------------------------------------


@dataclass
class _Verdict:
    kind: str
    """`none`, `state` (the top round's deciders agree) or `disputed`."""
    state: tuple[str, str | None] | None = None
    rank: int = 0
    winner: _Report | None = None
    tier: list[_Report] = field(default_factory=list)
    fallback: "_Verdict | None" = None

    def same(self, other: "_Verdict | None") -> bool:
        """Do the reports decide the same? (Disputed alike, standing on the same lower round.)"""
        if other is None:
            return self.kind == "none"
        if self.kind != other.kind or self.state != other.state:
            return False
        if self.kind != "disputed":
            return True
        mine = self.fallback or _Verdict("none")
        return mine.same(other.fallback)


def _verdict(reports: list[_Report]) -> _Verdict:
    """What the reports decide: per round, each unit's best report; the newest round that has
    any decides if its units agree, else it is disputed (and the rounds below say what stood)."""
    if not reports:
        return _Verdict("none")
    rounds: dict[int, dict[int, _Report]] = {}
    for rep in reports:
        best = rounds.setdefault(rep.rank[0], {})
        if rep.unit_id not in best or best[rep.unit_id].rank < rep.rank:
            best[rep.unit_id] = rep
    top = max(rounds)
    tier = sorted(rounds[top].values(), key=lambda r: r.rank)
    states = {r.state for r in tier}
    if len(states) == 1:
        return _Verdict("state", tier[-1].state, top, tier[-1], tier)
    lower = _verdict([r for r in reports if r.rank[0] < top])
    return _Verdict("disputed", None, top, None, tier, lower if lower.kind != "none" else None)


def _clerk_state(ctx: _Context, task_id: int, current, v: _Verdict):
    """The state a disputed task keeps until the clerk picks: what a lower round decided (unless
    the clerk changed it by hand since), else what it was before the disputed round's reports
    changed it (unless the clerk changed it by hand since), else what it is."""
    fb = v.fallback
    if fb is not None and fb.kind == "state":
        return current if ctx.hand_after(task_id, fb.winner.since) else fb.state
    recs = [(sub, rec) for sub, rec in ctx.set_records(task_id)
            if rec.get("kind") == "report" and (sub["round_id"] or 0) == v.rank]
    if not recs:
        return current
    sub, first = min(recs, key=lambda x: x[0]["id"])
    if ctx.hand_after(task_id, sub["received_at"]):
        return current
    return tuple(first["before"])


def _settle(preview: MergePreview) -> None:
    ctx = preview.context
    files = preview.in_order()
    noted = set(ctx.noted)
    incoming: dict[int, list[_Report]] = {}
    words: dict[int, list[tuple[FilePlan, RowPlan]]] = {}
    for fp in files:
        for r in fp.rows:
            if r.status in ("refused", "unmatched"):
                continue
            r.state_after, r.overruled, r.via = None, None, None
            r.status = "unchanged"
            if r.held:
                r.note = None
                continue
            r.note = r.full_note
            if r.full_note is not None:
                text, _ = strip_control(r.full_note)
                mark = (r.task_id, fp.unit, text)
                if mark in noted:
                    r.note = None  # the unit said this on this task before: noted once
                noted.add(mark)
            if r.reported is not None:
                words.setdefault(r.task_id, []).append((fp, r))
                if r.decides:
                    sent = fp.form.sent.get(r.task_key) if fp.form else None
                    incoming.setdefault(r.task_id, []).append(_Report(
                        fp.unit_id, fp.unit, fp.rank, r.reported, r.reported_word, fp.exported_at or fp.file_time,
                        (sent[0], sent[1] or None) if sent else None, r, fp, fp.reported_on))
    preview.disagreements = []
    for task_id, reps in incoming.items():
        current = reps[0].row.state_before
        stored = ctx.stored_reports(task_id)
        v0, v = _verdict(stored), _verdict(stored + reps)
        # the row a state change is written with: the newest incoming report of the deciding
        # round, else the newest incoming one (a lower round's report that changes what stands)
        carrier = max((rep for rep in reps if rep.rank[0] == v.rank), key=lambda rep: rep.rank,
                      default=None) or max(reps, key=lambda rep: rep.rank)
        for rep in reps:
            if rep.rank[0] < v.rank:
                rep.row.overruled = ("merge.older_round", {"round": _round_name(ctx, v.rank)})
            elif v.kind == "state" and rep is not v.winner and rep.state != v.state:
                newer = next((w for w in v.tier if w.unit_id == rep.unit_id), None)
                rep.row.overruled = ("merge.older_report", {"unit": rep.unit, "day": newer.reported_on if newer else ""})
            elif v.kind == "disputed" and rep in v.tier:
                pick = preview.picks.get(task_id)
                if pick is None:
                    rep.row.overruled = ("merge.disputed", {})
                elif pick == "ledger":
                    rep.row.overruled = ("merge.kept_ledger", {})
                elif pick != rep.unit_id:
                    chosen = next((w.unit for w in v.tier if w.unit_id == pick), "")
                    rep.row.overruled = ("merge.picked_other", {"unit": chosen})
            elif v.kind == "disputed":
                newer = next((w for w in v.tier if w.unit_id == rep.unit_id), None)
                rep.row.overruled = ("merge.older_report", {"unit": rep.unit, "day": newer.reported_on if newer else ""})
        target, via = None, None
        pick = preview.picks.get(task_id)
        if v.kind == "disputed":
            if pick is not None and pick != "ledger":
                chosen = next((rep for rep in v.tier if rep.unit_id == pick), None)
                target, via = (chosen.state, "pick") if chosen else (None, None)
            elif pick == "ledger":
                target, via = None, None
            elif not v.same(v0):
                target, via = _clerk_state(ctx, task_id, current, v), "revert"
        elif v.kind == "state" and not v.same(v0):
            w = v.winner
            carrier = w if w.row is not None else carrier
            if w.row is not None and ctx.hand_after(task_id, w.since) and v.state != current and (
                    w.sent is None or (current != w.sent and v.state != w.sent)):
                w.row.status = "conflict"
                target, via = (v.state, "choice") if w.row.choice == "unit" else (None, None)
            else:
                target, via = v.state, "report"
        if carrier is not None and target is not None and target != current:
            carrier.row.state_after, carrier.row.via = target, via
        if v.kind == "disputed" and any(rep in v.tier for rep in reps):
            preview.disagreements.append(_dispute(ctx, task_id, v, target or current, pick, open_=True))
    # the clerk's choices on suggestions
    for fp in files:
        for r in fp.rows:
            if r.suggested and not r.held and r.choice == "unit" and r.status not in ("refused", "unmatched"):
                if r.reported != r.state_before:
                    r.state_after, r.via = r.reported, "choice"
    # where units' words differ but the deciding unit's stands: shown, nothing to pick (each
    # unit by its newest word: a unit correcting itself is no disagreement)
    listed = {d["task_id"] for d in preview.disagreements}
    for task_id, items in words.items():
        latest: dict[int, tuple[FilePlan, RowPlan]] = {}
        for fp, r in items:
            if fp.unit_id not in latest or latest[fp.unit_id][0].rank < fp.rank:
                latest[fp.unit_id] = (fp, r)
        if task_id in listed or len({r.reported for _, r in latest.values()}) < 2:
            continue
        t = items[0][1]
        preview.disagreements.append({
            "task_id": task_id, "label": t.label, "open": False, "kept": None,
            "reports": [(fp.unit, r.reported_word, fp.reported_on, fp.unit_id) for fp, r in latest.values()]})
    for fp in files:
        for r in fp.rows:
            if r.status in ("refused", "unmatched", "conflict"):
                continue
            changes = r.state_after is not None or r.note is not None or (r.suggested and not r.held)
            r.status = "changed" if changes else "unchanged"


def _round_name(ctx: _Context, rank: int) -> str:
    r = ctx.rounds.get(rank)
    return r.name if r else ""


def _dispute(ctx: _Context, task_id: int, v: _Verdict, kept, pick, *, open_: bool) -> dict:
    first = next(rep for rep in v.tier if rep.row is not None) if any(rep.row for rep in v.tier) else v.tier[0]
    label = first.row.label if first.row is not None else str(task_id)
    return {"task_id": task_id, "label": label, "open": open_, "kept": kept, "pick": pick,
            "reports": [(rep.unit, rep.word, rep.reported_on, rep.unit_id) for rep in v.tier]}
