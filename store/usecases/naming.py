"""Naming plans the way the clerk does (issue 19), for every command's `--plan` and the UI's
plan fields alike: the id (`3` or `#3`), the title the app shows (the file's name for a plan
without a title), or a part of it that only one plan's title holds — a prefix first. Live plans
are looked at first; an archived plan answers only when no live one does.
"""
from __future__ import annotations

from store.errors import TaizhangError


def find_plan_ids(ledger, wanted, *, archived: bool = True) -> list[int]:
    """The ids of the plans named (in the order named, each once); `cli.unknown_plan` or
    `cli.ambiguous_plan` (naming the candidates) when a name does not pick exactly one."""
    live = ledger.plans(overdue=False)
    every = ledger.plans(overdue=False, archived=True) if archived else live
    ids: list[int] = []
    for w in wanted:
        name = str(w).strip()
        match: list[int] = []
        for plans in (live, every):
            match = [p.id for p in plans if str(p.id) == name.lstrip("#")]
            for rule in (lambda t: t == name, lambda t: t.startswith(name), lambda t: name in t):
                if match or not name:
                    break
                match = [p.id for p in plans if rule(p.display_title)]
            if match:
                break
        if not match:
            raise TaizhangError("cli.unknown_plan", plan=w)
        if len(match) > 1:
            titles = "；".join(f"#{p.id} {p.display_title}" for p in every if p.id in match)
            raise TaizhangError("cli.ambiguous_plan", plan=w, plans=titles)
        ids += [m for m in match if m not in ids]
    return ids


def _pick(candidates: list, name: str, text, code_missing: str, code_many: str, shown, **params):
    """The one candidate `name` designates: whole text first, then a prefix, then a part."""
    match: list = []
    for rule in (lambda t: t == name, lambda t: t.startswith(name), lambda t: name in t):
        match = [c for c in candidates if rule(text(c))]
        if match:
            break
    if not match:
        raise TaizhangError(code_missing, name=name, **params)
    if len(match) > 1:
        raise TaizhangError(code_many, name=name, found="；".join(shown(c) for c in match[:8]), **params)
    return match[0]


def find_section_id(ledger, ident: str, plan_ids=None) -> int:
    """A section named on the command line: `S12` or `12` (its id, as `taizhang section list`
    prints it), or its number label and title, or a part of them only one section holds (in the
    plans named, else in every live plan)."""
    name = str(ident).strip()
    bare = name[1:] if name[:1] in ("S", "s") else name
    if bare.isdigit():
        section = ledger.section(int(bare))  # NotFoundError names it
        if plan_ids and section.plan_id not in plan_ids:
            raise TaizhangError("cli.section_other_plan", name=name)
        return section.id
    plans = plan_ids or [p.id for p in ledger.plans(overdue=False)]
    sections = [s for p in plans for s in ledger.all_sections(p)]
    found = _pick(sections, name, lambda s: f"{s.label or ''}{s.title}", "cli.unknown_section",
                  "cli.ambiguous_section", lambda s: f"S{s.id} {s.label or ''}{s.title}")
    return found.id


def find_task(ledger, ident: str, plan_ids=None):
    """A task named on the command line: its key (P1-0012), or its number within the plan
    named with --plan (12)."""
    name = str(ident).strip()
    if name[:1] in ("P", "p") and "-" in name:
        return ledger.task_by_key(name)
    if not plan_ids:
        raise TaizhangError("cli.task_needs_plan", name=name)
    tasks = [t for p in plan_ids for t in ledger.tasks(plan_id=p) if (t.no or "") == name]
    if not tasks:
        raise TaizhangError("cli.unknown_task", name=name)
    if len(tasks) > 1:
        raise TaizhangError("cli.ambiguous_task", name=name,
                            found="；".join(f"{t.key} {t.text[:20]}" for t in tasks[:8]))
    return tasks[0]
