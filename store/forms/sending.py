"""Write the forms of a round: one .xlsx per plan and unit, into a folder."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from store.atomic import MAX_PATH_CHARS, name_part, safe_filename, write_atomically
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


def form_filename(unit: str, plan, round_: Round | None) -> str:
    """The form's file name: the unit first (the clerk finds each unit's file by its name), the
    plan's title (its first 20 characters) and id, the round: "市财政局-某市2021年政务公开工作要点分工-P3-
    2021年第四季度.xlsx". Unique, since a unit's name and a plan's id are, and two units whose
    names lose characters or length on the way get a short hash of the whole name each; stable,
    as it depends on nothing else; under 200 bytes and 80 characters, whatever the names."""
    parts = [name_part(unit, chars=24, max_bytes=66, fallback="单位"),
             f"{safe_filename(plan.display_title, limit=20, max_bytes=60)}-P{plan.id}"]
    if round_ is not None:
        parts.append(name_part(round_.name, chars=16, max_bytes=48, fallback="轮次"))
    return "-".join(parts) + ".xlsx"


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
    names (unique, not too long for Windows) before writing any, so a refusal leaves the folder
    as it was."""
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
            jobs.append((plan, u, out_dir / form_filename(u.name, plan, round_)))
    if not jobs:
        raise TaizhangError("forms.none")
    # Every name is checked before any file is written: a refusal leaves the folder as it was.
    seen: set[str] = set()
    for _, _, path in jobs:
        key = unicodedata.normalize("NFC", path.name).casefold()  # Windows: one file for 'A' and 'a'
        if key in seen:
            raise TaizhangError("forms.clash", path=str(path))
        seen.add(key)
        if len(str(path.absolute())) > MAX_PATH_CHARS:
            raise TaizhangError("forms.path_too_long", path=str(path), limit=MAX_PATH_CHARS)
        if path.exists() and not force:
            raise TaizhangError("cli.exists", path=str(path))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[WrittenForm] = []
    lines_by_plan: dict[int, dict] = {}
    now = ledger.now()
    for n, (plan, u, path) in enumerate(jobs, 1):
        lines = lines_by_plan.setdefault(plan.id, section_lines(ledger, plan.id))
        rows = ledger.form_tasks(plan.id, u.id, catch)
        meta = FormMeta(plan.id, plan.sha256, plan.display_title, u.id, u.name,
                        round_.id if round_ else None, round_.name if round_ else None, now)
        try:
            write_atomically(path, write_form(meta, plan, round_, rows, lines))
        except OSError as exc:
            raise TaizhangError("forms.write_failed", path=str(path), done=len(written),
                                detail=exc.strerror or type(exc).__name__) from exc
        ledger.record_form(round_.id if round_ else None, plan.id, u.id, path.name, len(rows))
        written.append(WrittenForm(plan.id, u.name, path, len(rows)))
        if progress is not None:
            progress(n, len(jobs))
    return written
