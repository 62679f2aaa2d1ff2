"""What the command line and the UI share when a clerk corrects or adds a task (issue 19): the
fields as typed, read by the importer's own rules (units by `store.units.parse_units`, time
limits by `store.timelimits.parse_time_limit`), checked, and turned into the values
`Ledger.edit_task` / `Ledger.add_task` write — or a refusal in the clerk's language, with
nothing written. The parse is shown before saving (`units_preview`, `time_limit_preview`).
"""
from __future__ import annotations

from dataclasses import dataclass

from store import i18n
from store.errors import TaizhangError
from store.models import ROLES, PlanSummary, Task
from store.parts.editing import parse_day
from store.textclean import strip_control
from store.timelimits import TimeLimit, parse_time_limit
from store.units import Units, parse_units

ROLE_MARKERS = {"lead": "牵头", "support": "配合", "responsible": ""}
"""The word a role's names are written with when the clerk gives them role by role: the same
rule as the importer's separate 牵头单位 / 配合单位 columns (one units text, parsed)."""


@dataclass(frozen=True)
class TaskInput:
    """A task's fields as the clerk typed them; None: not given (left as it is)."""

    text: str | None = None
    no: str | None = None
    units: str | None = None
    """The units as written in a plan (市教育局牵头，市财政局配合)."""
    lead: str | None = None
    """Names for one role only (市教育局、市财政局); the other roles are kept."""
    support: str | None = None
    responsible: str | None = None
    time_limit: str | None = None
    due: str | None = None


def read_day(value: str | None, code: str = "edit.bad_due") -> str | None:
    """A date as typed (2022-06-30, 2022/6/30, 2022年6月30日) as YYYY-MM-DD, or a refusal."""
    return parse_day(value, code)


def read_units(text: str | None) -> Units | None:
    """The units as the importer reads them; None for none. Text that names no unit is
    refused (`edit.units_none`): the clerk sees what was not understood."""
    cleaned = strip_control(text or "")[0].strip()
    if not cleaned:
        return None
    units = parse_units(cleaned)
    if not units.names:
        raise TaizhangError("edit.units_none", text=cleaned)
    return units


def units_text_from_roles(current: dict, **roles: str | None) -> str:
    """One units text from names given role by role (None: that role kept as it is), written
    the way the importer joins separate 牵头单位 / 配合单位 columns."""
    parts = []
    for role in ROLES:
        given = roles.get(role)
        if given is None:
            names = "、".join(current.get(role) or ())
        else:
            names = strip_control(given)[0].strip().replace("\n", "、")
        if not names:
            continue
        marker = ROLE_MARKERS[role]
        parts.append(names if not marker or names.endswith(marker) else names + marker)
    return "；".join(parts)


def units_value(units: Units | None) -> dict:
    if units is None:
        return {"text": None, **{r: [] for r in ROLES}}
    return {"text": units.as_written or None, "lead": list(units.lead),
            "support": list(units.support), "responsible": list(units.responsible)}


def read_time_limit(text: str | None, plan: PlanSummary | None) -> TimeLimit | None:
    cleaned = strip_control(text or "")[0].strip()
    if not cleaned:
        return None
    return parse_time_limit(cleaned, plan.year if plan else None, plan.issued if plan else None)


def task_values(given: TaskInput, *, plan: PlanSummary | None, current: Task | None = None,
                current_units: dict | None = None) -> dict:
    """The values to write for what the clerk gave (fields not given are left out). A time
    limit sets the due date it means (持续推进: none) unless a due date is given too."""
    values: dict = {}
    if given.text is not None:
        text = strip_control(given.text)[0].strip()
        if not text:
            raise TaizhangError("edit.empty_text")
        values["text"] = text
    if given.no is not None:
        values["no"] = given.no
    units_text = given.units
    if any(getattr(given, r) is not None for r in ROLES):
        base = current_units if current_units is not None else units_value(read_units(units_text))
        units_text = units_text_from_roles(base, **{r: getattr(given, r) for r in ROLES})
    if units_text is not None:
        values["units"] = units_value(read_units(units_text))
    if given.time_limit is not None:
        limit = read_time_limit(given.time_limit, plan)
        values["time_limit"] = limit.text if limit else None
        values["time_limit_kind"] = limit.kind if limit else None
        if given.due is None and limit is not None and (limit.due or limit.kind != "unknown"):
            values["due"] = limit.due
    if given.due is not None:
        values["due"] = read_day(given.due)
    return values


def changed_only(values: dict, current: Task, current_units: dict) -> dict:
    """The values that differ from the task as it is (what an edit form changed)."""
    out = {}
    for field, value in values.items():
        now = current_units if field == "units" else getattr(current, field)
        if value != now:
            out[field] = value
    return out


def seen(task: Task, units: dict, fields) -> dict:
    """What the clerk saw of these fields (for the compare-and-set of an edit)."""
    return {f: units if f == "units" else getattr(task, f) for f in fields}


# ---- the parse in words ------------------------------------------------------------------


def units_preview(text: str | None, lang: str = i18n.DEFAULT_LANG) -> str:
    """How the units will be read: 牵头：…；配合：…；责任：…；未识别：… — or why not."""
    try:
        units = read_units(text)
    except TaizhangError as exc:
        return exc.message(lang)
    if units is None:
        return i18n.t("edit.preview.no_units", lang)
    sep = "；" if lang == "zh" else "; "
    parts = [i18n.t("edit.preview.role", lang, role=i18n.t(f"role.{r}", lang),
                    names="、".join(getattr(units, r)))
             for r in ROLES if getattr(units, r)]
    if units.leftovers:
        parts.append(i18n.t("edit.preview.leftovers", lang, text="、".join(units.leftovers)))
    return sep.join(parts)


def time_limit_preview(text: str | None, plan: PlanSummary | None, due: str | None = None,
                       lang: str = i18n.DEFAULT_LANG) -> str:
    """How the time limit will be read: its kind and the due date it means."""
    limit = read_time_limit(text, plan)
    if limit is None:
        if due:
            return i18n.t("edit.preview.no_limit_due", lang, due=due)
        return i18n.t("edit.preview.no_limit", lang)
    kind = i18n.t(f"edit.kind.{limit.kind}", lang)
    if due:
        return i18n.t("edit.preview.limit_due_given", lang, kind=kind, due=due)
    if limit.due:
        return i18n.t("edit.preview.limit_due", lang, kind=kind, due=limit.due)
    return i18n.t("edit.preview.limit_no_due", lang, kind=kind)
