"""Plan a merge of returned forms: what each row would change, before anything is written.

`plan_merge(ledger, paths)` reads each file, works out whose it is, matches its rows to tasks and
says per row what would happen: the state from old to new, the note to add, or why the row is
refused, doubtful, unmatched or in conflict. The preview is data; the clerk's choices (link an
unmatched row to a task, pick a side in a conflict, accept a state a catch-all unit suggests)
are made on it, and `Ledger.apply_merge(preview)` writes it in one transaction.

Who decides a task's state: its lead unit (the latest submission); where it has no lead, a unit
named as responsible. A supporting unit's words, and those of a unit reached only through a
catch-all (各单位 …), become notes under its name; for the latter the preview offers the state
they report, for the clerk to accept. Nothing is guessed: a row that matches no task by its key,
nor by 序号 and text among the unit's tasks, waits for the clerk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from store.errors import TaizhangError
from store.forms import layout
from store.forms.reader import ReadRow, ReturnedForm, read_form
from store.models import Task
from store.round_models import FormTask, Round

NOTE_FIELDS = ("progress", "evidence", "problems", "next", "remarks")
LOCKED_CHECKED = ("no", "text", "time_limit", "lead", "support", "units")
_KEY = re.compile(r"^P(\d+)-(\d+)$")


@dataclass
class RowPlan:
    line: int
    key: str
    task_id: int | None = None
    label: str = ""
    role: str | None = None
    decides: bool = False
    status: str = "unchanged"
    """`changed`, `unchanged`, `refused`, `unmatched` or `conflict`."""
    state_before: tuple[str, str | None] | None = None
    state_after: tuple[str, str | None] | None = None
    """The state this row sets (None: it sets none)."""
    reported: tuple[str, str | None] | None = None
    """The state the unit reported, whether or not it decides."""
    reported_word: str = ""
    note: str | None = None
    doubts: list[tuple[str, dict]] = field(default_factory=list)
    refusal: tuple[str, dict] | None = None
    choice: str | None = None
    """For a conflict: `ledger` or `unit`; for a suggestion: `unit` to take it. None: undecided."""
    suggested: bool = False
    """The unit does not decide this task; the clerk may take the state it reports."""
    values: dict[str, str] = field(default_factory=dict)
    full_note: str | None = None
    """The note the row's words make, before a repeat of the superseded file's is dropped."""

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts) and self.status != "refused"

    @property
    def sets_state(self) -> tuple[str, str | None] | None:
        """The state the merge will write for this row, the clerk's choices applied."""
        if self.status == "conflict":
            return self.reported if self.choice == "unit" else None
        if self.suggested:
            return self.reported if self.choice == "unit" else None
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
    supersedes: int | None = None
    superseded_rows: dict[str, dict] = field(default_factory=dict)
    rows: list[RowPlan] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    form: ReturnedForm | None = None
    tasks: list[FormTask] = field(default_factory=list)
    """The unit's tasks on this plan: what an unmatched row may be linked to."""
    missing: tuple[str, ...] = ()
    """For `needs_meta`: which of `unit`, `round`, `plan` the clerk must name."""

    @property
    def name(self) -> str:
        return self.path.name

    def counts(self) -> dict[str, int]:
        out = {"changed": 0, "unchanged": 0, "refused": 0, "doubtful": 0, "unmatched": 0, "conflict": 0}
        for r in self.rows:
            out[r.status] += 1
            out["doubtful"] += r.doubtful
        return out


@dataclass
class MergePreview:
    files: list[FilePlan]
    disagreements: list[dict] = field(default_factory=list)
    """Per task where units reported different states: [{task_id, label, reports: [(unit, word)]}]."""

    @property
    def ready(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == "ready"]

    def counts(self) -> dict[str, int]:
        total = {"changed": 0, "unchanged": 0, "refused": 0, "doubtful": 0, "unmatched": 0, "conflict": 0}
        for f in self.ready:
            for k, v in f.counts().items():
                total[k] += v
        return total

    def undecided(self) -> list[tuple[FilePlan, RowPlan]]:
        """Conflicts the clerk has not chosen a side in."""
        return [(f, r) for f in self.ready for r in f.rows if r.status == "conflict" and r.choice is None]


# ---- reading who a file is from -------------------------------------------------------------


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


def _identify(ledger, fp: FilePlan, form: ReturnedForm, *, unit: str | None, round_name: str | None,
              plan_id: int | None, catch_alls=()) -> None:
    meta = form.meta
    plans = {p.id: p for p in ledger.plans()}
    by_sha = {p.sha256: p for p in plans.values()}
    missing: list[str] = []
    # the plan
    plan = None
    if meta.get("plan_sha256"):
        plan = by_sha.get(meta["plan_sha256"])
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
        known = {u.id: u for u in ledger.units()}
        u = known.get(int(meta["unit_id"]))
        if u is not None and layout.norm(u.name) == layout.norm(meta.get("unit", u.name)):
            unit_id = u.id
    for n in names if unit_id is None or plan is None else ():
        if plan is None:
            break
        found = ledger.form_unit_id(plan.id, ledger.unit_ids_named([n]), catch_alls)
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
    elif not meta and ledger.rounds():
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
    fp.unit = next(u.name for u in ledger.units() if u.id == unit_id)
    fp.round_id, fp.round_name = (r.id, r.name) if r else (None, None)


# ---- rows -----------------------------------------------------------------------------------


def _note_text(row: ReadRow, links: list[str], state_line: str | None) -> str | None:
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
    return "\n".join(lines) or None


def _task_values(t: Task) -> dict[str, str]:
    return {"no": t.no or "", "text": t.text, "time_limit": t.time_limit or "",
            "lead": "、".join(t.lead), "support": "、".join(t.support), "units": t.units or ""}


def _plan_row(ledger, fp: FilePlan, form: ReturnedForm, row: ReadRow, by_key: dict[str, Task],
              mine: dict[int, FormTask], claimed: dict[int, int], task: Task | None = None) -> RowPlan:
    key_cell = row.cells.get("key")
    key = layout.norm(key_cell.text if key_cell else "").upper()
    rp = RowPlan(line=row.line, key=key, values={c: row.text(c) for c in layout.COLUMNS if c in row.cells})
    if task is None:
        if key and "number" in (key_cell.flags if key_cell else ()) and key.isdigit():
            guess = f"P{fp.plan_id}-{int(key):04d}"
            if guess in by_key:
                rp.doubts.append(("merge.key_number", {"value": key, "key": guess}))
                key = rp.key = guess
        task = by_key.get(key) if key else None
        if task is None and key and _KEY.match(key):
            if ledger.task_key_exists(key):
                rp.status, rp.refusal = "refused", ("merge.key_other_plan", {"key": key})
                return rp
        if task is None:
            no, text = layout.norm(row.text("no")), layout.norm(row.text("text"))
            if text:
                hits = [ft.task for ft in mine.values()
                        if layout.norm(ft.task.text) == text and layout.norm(ft.task.no or "") == no]
                if len(hits) == 1:
                    task = hits[0]
                    if key:
                        rp.doubts.append(("merge.key_unknown", {"key": key}))
    if task is None:
        rp.status = "unmatched"
        rp.refusal = ("merge.unmatched", {})
        return rp
    rp.task_id, rp.label = task.id, task.no or task.key
    if task.id in claimed:
        rp.status, rp.refusal = "refused", ("merge.claimed_twice", {"line": claimed[task.id]})
        return rp
    claimed[task.id] = row.line
    ft = mine.get(task.id)
    if ft is None:
        rp.doubts.append(("merge.not_on_form", {}))
    else:
        rp.role = ft.role
    # Locked columns the unit edited: shown, never written.
    current = _task_values(task)
    for col in LOCKED_CHECKED:
        if col in row.cells and layout.norm(row.text(col)) != layout.norm(current[col]):
            rp.doubts.append(("merge.locked_changed", {"column": layout.HEADERS[col]}))
    for col in layout.FILL:
        for flag in row.flags(col):
            rp.doubts.append((f"merge.flag.{flag}", {"column": layout.HEADERS[col]}))
    rp.state_before = (task.state, task.flag)
    word = row.text("state")
    reported = layout.status_of(word) if word else None
    rp.reported, rp.reported_word = reported, word
    rp.decides = ft is not None and not ft.via_catch_all and (
        ft.role == "lead" or (ft.role == "responsible" and not task.lead))
    state_line = None
    if word and reported is None:
        rp.doubts.append(("merge.unknown_status", {"word": word}))
        state_line = word
    elif word and not rp.decides:
        state_line = word
    note = _note_text(row, row.links, state_line)
    rp.full_note = note
    old = fp.superseded_rows.get(task.key)
    if old is not None and note is not None and old.get("note") == note:
        note = None  # the newer file repeats what the older one said: no second copy
    rp.note = note
    if reported is not None and reported != (task.state, task.flag):
        if rp.decides:
            sent = form.sent.get(task.key)
            sent_state = (sent[0], sent[1] or None) if sent else None
            since = form.meta.get("exported_at")
            clerk = sent_state != (task.state, task.flag) if sent_state is not None else True
            if since and clerk and reported != sent_state and _clerk_changed(ledger, task.id, since):
                rp.status = "conflict"
                return rp
            rp.state_after = reported
        elif ft is None or ft.via_catch_all or not task.lead and not _has_responsible(task):
            rp.suggested = True
    if rp.state_after is not None or rp.note is not None:
        rp.status = "changed"
    elif rp.suggested:
        rp.status = "changed"
    return rp


def _clerk_changed(ledger, task_id: int, since: str) -> bool:
    """Did someone change the task's state by hand (not by a merge) after the form went out?"""
    return ledger.state_changed_by_hand(task_id, since)


def _has_responsible(task: Task) -> bool:
    return bool(task.responsible)


def plan_file(ledger, path: str | Path, *, unit: str | None = None, round_name: str | None = None,
              plan_id: int | None = None, catch_alls: Iterable[str] = ()) -> FilePlan:
    fp = FilePlan(Path(path))
    try:
        form = read_form(fp.path)
    except TaizhangError as e:
        fp.status, fp.reason = "refused", (e.code, e.params)
        return fp
    fp.form, fp.sha256 = form, form.sha256
    fp.filler, fp.phone, fp.filled_on = (form.head.get(k, "") for k in ("filler", "phone", "date"))
    _identify(ledger, fp, form, unit=unit, round_name=round_name, plan_id=plan_id, catch_alls=catch_alls)
    if fp.status != "ready":
        return fp
    dup = ledger.submission_with_sha256(fp.sha256, fp.plan_id)
    if dup is not None:
        fp.status, fp.reason = "duplicate", ("merge.duplicate", {"at": dup["received_at"][:16].replace("T", " ")})
        return fp
    prev = ledger.latest_submission(fp.plan_id, fp.unit_id, fp.round_id)
    if prev is not None:
        fp.supersedes = prev["id"]
        fp.superseded_rows = {r["key"]: r for r in prev["rows"] if r.get("key")}
        fp.warnings.append(("merge.supersedes", {"file": prev["file_name"]}))
    fp.tasks = ledger.form_tasks(fp.plan_id, fp.unit_id, catch_alls)
    mine = {ft.task.id: ft for ft in fp.tasks}
    by_key = {t.key: t for t in ledger.tasks(plan_id=fp.plan_id)}
    claimed: dict[int, int] = {}
    for row in form.rows:
        fp.rows.append(_plan_row(ledger, fp, form, row, by_key, mine, claimed))
    return fp


def link_row(ledger, fp: FilePlan, rp: RowPlan, task_id: int | None) -> RowPlan:
    """The clerk's answer for an unmatched row: plan it against this task (None: skip it)."""
    i = fp.rows.index(rp)
    if task_id is None:
        rp.status, rp.refusal = "refused", ("merge.skipped", {})
        return rp
    row = next(r for r in fp.form.rows if r.line == rp.line)
    mine = {ft.task.id: ft for ft in fp.tasks}
    claimed = {r.task_id: r.line for r in fp.rows if r.task_id is not None and r is not rp
               and r.status != "refused"}
    new = _plan_row(ledger, fp, fp.form, row, {}, mine, claimed, task=ledger.task(task_id))
    fp.rows[i] = new
    return new


def plan_merge(ledger, paths: Iterable[str | Path], *, unit: str | None = None,
               round_name: str | None = None, plan_id: int | None = None,
               catch_alls: Iterable[str] = ()) -> MergePreview:
    files = [plan_file(ledger, p, unit=unit, round_name=round_name, plan_id=plan_id,
                       catch_alls=catch_alls) for p in paths]
    seen: dict[tuple, str] = {}
    for fp in files:
        if fp.status != "ready":
            continue
        who = (fp.plan_id, fp.unit_id, fp.round_id)
        if who in seen:
            fp.status, fp.reason = "refused", ("merge.same_unit_twice", {"file": seen[who]})
            continue
        seen[who] = fp.name
    preview = MergePreview(files)
    preview.disagreements = _disagreements(ledger, preview)
    return preview


def _disagreements(ledger, preview: MergePreview) -> list[dict]:
    by_task: dict[int, list[tuple[str, str, tuple]]] = {}
    for fp in preview.ready:
        for r in fp.rows:
            if r.task_id is not None and r.reported is not None and r.status != "refused":
                by_task.setdefault(r.task_id, []).append((fp.unit, r.reported_word, r.reported))
    out = []
    for task_id, reports in by_task.items():
        if len({rep[2] for rep in reports}) > 1:
            t = ledger.task(task_id)
            out.append({"task_id": task_id, "label": t.no or t.key,
                        "reports": [(u, w) for u, w, _ in reports]})
    return out
