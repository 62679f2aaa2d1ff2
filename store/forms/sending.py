"""Write the forms of a round: one .xlsx per plan and unit, into a folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from store.atomic import safe_filename, write_atomically
from store.errors import TaizhangError
from store.forms.writer import FormMeta, write_form
from store.round_models import Round


@dataclass(frozen=True)
class WrittenForm:
    plan_id: int
    unit: str
    path: Path
    tasks: int


def section_lines(ledger, plan_id: int) -> dict[int | None, str]:
    """Each section's path from the top of the plan, as one line (工作任务)."""
    sections = {s.id: s for s in ledger.all_sections(plan_id)}
    out: dict[int | None, str] = {None: ""}

    def line(sid):
        if sid not in out:
            s = sections[sid]
            own = f"{s.label or ''}{s.title}".strip()
            up = line(s.parent_id) if s.parent_id in sections else ""
            out[sid] = f"{up} / {own}" if up else own
        return out[sid]

    for sid in sections:
        line(sid)
    return out


def write_forms(
    ledger,
    out_dir: Path,
    *,
    round_: Round | None = None,
    plan_ids: Iterable[int] = (),
    units: Iterable[str] = (),
    catch_alls: Iterable[str] = (),
    force: bool = False,
    progress=None,
) -> list[WrittenForm]:
    """Write every (plan, unit) form of the round's plans (or the named plans), for every unit
    (or the named ones). Refuses to overwrite an existing file unless `force`; checks all the
    names before writing any, so a refusal leaves the folder as it was."""
    catch = tuple(catch_alls)
    plans = list(plan_ids) or (ledger.round_plan_ids(round_) if round_ else [p.id for p in ledger.plans()])
    if round_ is not None:
        outside = [p for p in plans if not round_.covers(p)]
        if outside:
            raise TaizhangError("forms.plan_outside", plan=outside[0], round=round_.name)
    wanted = ledger.unit_ids_named(units) if units else None
    if units and not wanted:
        raise TaizhangError("forms.no_unit", unit="、".join(units))
    jobs = []
    for plan_id in plans:
        plan = ledger.plan(plan_id)
        for u in ledger.form_units(plan_id, catch):
            if wanted is not None and u.id not in wanted:
                continue
            # The unit first: the clerk sends each unit its file, and finds it by the unit's name.
            parts = [u.name, plan.display_title[:20]]
            if round_ is not None:
                parts.append(round_.name)
            path = out_dir / (safe_filename("-".join(parts), limit=120) + ".xlsx")
            jobs.append((plan, u, path))
    if not jobs:
        raise TaizhangError("forms.none")
    seen: set[Path] = set()
    for _, _, path in jobs:
        if path in seen:
            raise TaizhangError("forms.clash", path=str(path))
        seen.add(path)
        if path.exists() and not force:
            raise TaizhangError("cli.exists", path=str(path))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[WrittenForm] = []
    lines_by_plan: dict[int, dict] = {}
    now = ledger.now()
    for n, (plan, u, path) in enumerate(jobs, 1):
        lines = lines_by_plan.setdefault(plan.id, section_lines(ledger, plan.id))
        rows = ledger.form_tasks(plan.id, u.id, catch, round_=round_)
        meta = FormMeta(plan.id, plan.sha256, plan.display_title, u.id, u.name,
                        round_.id if round_ else None, round_.name if round_ else None, now)
        write_atomically(path, write_form(meta, plan, round_, rows, lines))
        ledger.record_form(round_.id if round_ else None, plan.id, u.id, path.name, rows)
        written.append(WrittenForm(plan.id, u.name, path, len(rows)))
        if progress is not None:
            progress(n, len(jobs))
    return written
