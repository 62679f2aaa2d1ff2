"""The JSON v1 export: everything a ledger knows about its plans, as one document.

Shape (DECISIONS, "JSON v1"): plans → nested sections → tasks with their units as written,
state, flag, notes and history. Exported, then imported into another database and exported
again, it gives the same document apart from `exported_at`, ids and keys.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from store.ledger import Ledger
    from store.models import Task

FORMAT = "taizhang"
VERSION = 1


def export_json(
    ledger: "Ledger",
    plan_ids: Iterable[int] | None = None,
    task_ids: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Export plans (all, or `plan_ids`) as a JSON v1 dict; with `task_ids`, only those tasks
    and the sections that lead to them."""
    wanted_plans = None if plan_ids is None else set(plan_ids)
    wanted_tasks = None if task_ids is None else set(task_ids)
    if wanted_tasks is not None:
        in_tasks = {t.plan_id for t in ledger.tasks(ids=wanted_tasks)}
        wanted_plans = in_tasks if wanted_plans is None else wanted_plans & in_tasks
    plans = []
    # issue 19: archived plans only when named (`--archived` names them all)
    for plan in ledger.plans(archived=wanted_plans is not None):
        if wanted_plans is not None and plan.id not in wanted_plans:
            continue
        tasks = ledger.tasks(plan_id=plan.id)
        if wanted_tasks is not None:
            tasks = [t for t in tasks if t.id in wanted_tasks]
        plans.append(
            {
                "id": plan.id,
                "sha256": plan.sha256,
                "title": plan.title,
                "issuer": plan.issuer,
                "doc_no": plan.doc_no,
                "issued": plan.issued,
                "year": plan.year,
                "source": plan.source,
                "sections": _sections(ledger, plan.id, tasks, keep_empty=wanted_tasks is None),
            }
        )
    return {"format": FORMAT, "version": VERSION, "exported_at": ledger.now(), "plans": plans}


def _sections(ledger: "Ledger", plan_id: int, tasks: list["Task"], keep_empty: bool) -> list:
    ids = [t.id for t in tasks]
    notes = ledger.notes_by_task(ids)
    history = ledger.history_entries(ids)
    by_section: dict[int | None, list[dict]] = {}
    for t in tasks:
        by_section.setdefault(t.section_id, []).append(_task(t, notes, history))
    children: dict[int | None, list] = {}
    for s in ledger.all_sections(plan_id):
        children.setdefault(s.parent_id, []).append(s)

    def build(parent: int | None) -> list[dict]:
        out = []
        for s in sorted(children.get(parent, []), key=lambda s: s.position):
            subs = build(s.id)
            own = by_section.get(s.id, [])
            if keep_empty or own or subs:
                out.append({"label": s.label, "title": s.title, "sections": subs, "tasks": own})
        return out

    return build(None)


def _task(t: "Task", notes: dict, history: dict) -> dict[str, Any]:
    return {
        "key": t.key,
        "no": t.no,
        "text": t.text,
        "units": t.units,
        "lead": t.lead,
        "support": t.support,
        "responsible": t.responsible,
        "time_limit": t.time_limit,
        "time_limit_kind": t.time_limit_kind,
        "due": t.due,
        "state": t.state,
        "flag": t.flag,
        "updated_at": t.updated_at,
        "extra": dict(t.extra),
        "notes": [
            {"id": n.id, "at": n.at, "author": n.author, "unit": n.unit, "source": n.source,
             "text": n.text}
            for n in notes.get(t.id, [])
        ],
        "history": history.get(t.id, []),
    }
