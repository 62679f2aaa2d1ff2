"""Importing a plan file: the preview the clerk confirms, then the import.

The preview says per plan what would come in (sections, tasks, due dates, states and notes a
ledger export carries), whether the very document was imported before (it is skipped), and
which plan it revises (`Plans.revision_of`, or the clerk's choice): a revision is merged into
that plan, task by task, with the diff shown first (issue 19, `store.parts.revisions`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from store.errors import TaizhangError
from store.drafts import ImportResult
from store.models import PlanSummary

if TYPE_CHECKING:
    from store.drafts import PlanDraft
    from store.ledger import Ledger
    from store.parts.revision_diff import RevisionDiff

Targets = Mapping[int, "int | None"]
"""Per draft (its index in the file): the plan it revises, or None to import it as a plan of its
own; a draft not named follows the rule (`Ledger.revision_of`)."""
Corrections = Mapping[int, Mapping[int, "str | None"]]
"""Per draft: revision task index → the key of the plan task it is (None: a new task)."""


@dataclass(frozen=True)
class DraftPreview:
    draft: PlanDraft
    sections: int
    tasks: int
    due: int
    same: PlanSummary | None
    """The plan that already holds this very document: importing it again skips it."""
    revises: PlanSummary | None
    """The plan this one is a revised version of."""
    states: dict[tuple[str, str | None], int] = field(default_factory=dict)
    """Tasks not 未开始 by (state, flag) — a ledger export carries them."""
    notes: int = 0
    # issue 19 (revisions/units)
    diff: RevisionDiff | None = None
    """How the revision changes `revises`, task by task (when it is merged into it)."""
    suggested: PlanSummary | None = None
    """The plan the revision rule found (the clerk may have chosen another, or none)."""

    @property
    def fresh(self) -> bool:
        return self.same is None


def read(path: str | Path, reading: str | None = None) -> list[PlanDraft]:
    """The plans in a file (a ledger export may hold several), in the reading named or the best."""
    from store.importing import read_plan

    return read_plan(Path(path), reading=reading)


def preview(ledger: Ledger, drafts: list[PlanDraft], *, targets: Targets | None = None,
            corrections: Corrections | None = None) -> list[DraftPreview]:
    out = []
    for i, draft in enumerate(drafts):
        tasks = list(draft.iter_tasks())
        states = Counter((t.state, t.flag) for t in tasks if t.state != "todo" or t.flag)
        same = ledger.plan_with_sha256(ledger.draft_sha256(draft))
        suggested = revises = None
        diff = None
        if same is None:
            suggested = ledger.revision_of(draft)
            revises = _target(ledger, i, suggested, targets)
            if revises is not None:
                diff = ledger.revision_diff(revises.id, draft, (corrections or {}).get(i))
        out.append(DraftPreview(
            draft=draft,
            sections=sum(1 for _ in draft.iter_sections()),
            tasks=len(tasks),
            due=sum(1 for t in tasks if t.due),
            same=same,
            revises=revises,
            states=dict(states),
            notes=sum(len(t.notes) for t in tasks),
            diff=diff,
            suggested=suggested,
        ))
    return out


def _target(ledger: Ledger, index: int, suggested: PlanSummary | None,
            targets: Targets | None) -> PlanSummary | None:
    if targets is None or index not in targets:
        return suggested
    chosen = targets[index]
    return None if chosen is None else ledger.plan(chosen)


def import_drafts(ledger: Ledger, drafts: list[PlanDraft], *, source: str = "import",
                  progress: Callable[[int, int], None] | None = None,
                  targets: Targets | None = None,
                  corrections: Corrections | None = None) -> list[tuple[PlanDraft, ImportResult]]:
    """Import each plan in a transaction of its own (a plan imported before is skipped); a
    revision is merged into the plan it revises (by the rule, or `targets`), with the clerk's
    `corrections` to the pairing of its tasks."""
    results = []
    for i, draft in enumerate(drafts):
        if progress is not None:
            progress(i, len(drafts))
        target = None
        if ledger.plan_with_sha256(ledger.draft_sha256(draft)) is None:
            target = _target(ledger, i, ledger.revision_of(draft), targets)
        if target is not None:
            result = ledger.revise_plan(target.id, draft, (corrections or {}).get(i), source=source)
        else:
            result = ledger.import_plan(draft, source=source)
        results.append((draft, result))
    return results


# ---- issue 19 (revisions/units): the command line's pairing corrections --------------------

NO_OLD_TASK = ("new", "none", "新增", "无")
"""What `--pair N=…` takes for "no task of the plan: a new one"."""


def parse_pairs(ledger: Ledger, plan_id: int, draft: PlanDraft, specs: list[str]) -> dict[int, str | None]:
    """`--pair NEW=OLD` as corrections: NEW is a task of the revision — its number when only
    one task has it, or #N for its N-th task — and OLD a task of the plan — its key (P1-0012),
    its number when only one has it, or `new` for none."""
    new_tasks = list(draft.iter_tasks())
    old_tasks = ledger.tasks(plan_id=plan_id)
    out: dict[int, str | None] = {}
    for spec in specs:
        left, sep, right = spec.partition("=")
        left, right = left.strip(), right.strip()
        if not sep or not left or not right:
            raise TaizhangError("revision.bad_pair", spec=spec)
        if left.startswith("#") and left[1:].isdigit():
            index = int(left[1:]) - 1
            if not 0 <= index < len(new_tasks):
                raise TaizhangError("revision.bad_index", index=left[1:], count=len(new_tasks))
        else:
            found = [i for i, t in enumerate(new_tasks) if t.no == left]
            if len(found) != 1:
                raise TaizhangError("revision.new_not_one" if found else "revision.new_unknown",
                                    no=left, count=len(found))
            index = found[0]
        if right.lower() in NO_OLD_TASK:
            out[index] = None
            continue
        by_key = [t for t in old_tasks if t.key == right.upper()]
        by_no = [t for t in old_tasks if t.no == right]
        found_old = by_key or by_no
        if len(found_old) != 1:
            raise TaizhangError("revision.old_not_one" if found_old else "revision.unknown_task",
                                key=right, count=len(found_old))
        out[index] = found_old[0].key
    return out


def diff_lines(diff: RevisionDiff, lang: str) -> list[tuple[str, str]]:
    """The revision's diff in words, as (kind, line): a header, the counts, then each task
    that changed — reworded (old → new text), units, time limit, number or section — added
    and dropped; unchanged tasks are counted, not listed. The UI styles lines by kind; the
    command line prints them."""
    from store import i18n
    from store.parts.revisions import archive_title

    def t(code: str, **params) -> str:
        return i18n.t(code, lang, **params)

    sep = "；" if lang == "zh" else "; "
    out: list[tuple[str, str]] = []
    counts = diff.counts
    out.append(("head", t("revision.counts", **counts)))
    secs = diff.sections
    added_sections = len(secs.new) - len(secs.matched)
    if secs.renamed or added_sections or secs.removed:
        out.append(("head", t("revision.sections", renamed=secs.renamed, added=added_sections,
                              removed=len(secs.removed))))
    if counts["dropped"]:
        out.append(("note", t("revision.dropped_kept", title=archive_title(diff.plan.display_title))))
    if not diff.changes_anything:
        out.append(("note", t("revision.nothing")))

    def tail(c) -> str:
        bits = []
        if c.by_clerk:
            bits.append(t("revision.by_clerk"))
        elif c.doubtful:
            bits.append(t("revision.doubtful", percent=int(c.similarity * 100)))
        return "".join(bits)

    def no(c) -> str:
        return (c.new.no if c.new is not None else None) or (c.old.no if c.old is not None else None) or "-"

    for c in diff.tasks:
        if c.kind == "changed":
            head = f"{no(c)}. [{c.old.key}] " + "、".join(t(f"revision.field.{f}") for f in c.fields) + tail(c)
            out.append(("changed", head))
            if "text" in c.fields:
                out.append(("old", t("revision.old_text", text=c.old.text)))
                out.append(("new", t("revision.new_text", text=c.new.text)))
            details = []
            if "units" in c.fields:
                details.append(t("revision.units_change", before=c.old.units or "-", after=c.new.units or "-"))
            if "time_limit" in c.fields:
                details.append(t("revision.time_change", before=_time_words(c.old, c.new, t),
                                 after=_time_words(c.new, c.old, t)))
            if "no" in c.fields:
                details.append(t("revision.no_change", before=c.old.no or "-", after=c.new.no or "-"))
            if "section" in c.fields:
                details.append(t("revision.section_change", before=c.old_section or "-", after=c.new_section or "-"))
            if details:
                out.append(("detail", sep.join(details)))
        elif c.kind == "same" and (c.doubtful or c.by_clerk):
            out.append(("changed", f"{no(c)}. [{c.old.key}] " + t("revision.same") + tail(c)))
        elif c.kind == "added":
            units = f"（{c.new.units}）" if c.new.units and lang == "zh" else (f" ({c.new.units})" if c.new.units else "")
            out.append(("added", t("revision.added", no=no(c), text=c.new.text + units) + tail(c)))
        elif c.kind == "dropped":
            extra = []
            if c.notes:
                extra.append(t("revision.notes", count=c.notes))
            if c.old.state != "todo":
                extra.append(i18n.state_word(c.old.state, lang))
            more = ("（" + "，".join(extra) + "）") if extra and lang == "zh" else (f" ({', '.join(extra)})" if extra else "")
            out.append(("dropped", t("revision.dropped", no=no(c), key=c.old.key, text=c.old.text) + more))
    return out


def revision_words(change, lang: str) -> str:
    """A task's change by a revision, in words, for its history: what the revision changed
    (reworded, units, time limit, number, section), that it added the task, or moved it to the
    archive of dropped tasks (or back, undone)."""
    from store import i18n

    before, after = change.before or {}, change.after or {}
    if change.field == "revision_added":
        return i18n.t("revision.history_added" if change.after else "revision.history_removed", lang)
    if before.get("plan_id") != after.get("plan_id"):
        return i18n.t("revision.history_archived" if _archived_move(before, after)
                      else "revision.history_back", lang)
    fields = []
    for name, keys in (("text", ("text",)), ("units", ("units", "links")),
                       ("time_limit", ("time_limit", "time_limit_kind", "due")), ("no", ("no",)),
                       ("section", ("section_id", "seq"))):
        if any(before.get(k) != after.get(k) for k in keys):
            fields.append(i18n.t(f"revision.field.{name}", lang))
    words = "、" if lang == "zh" else ", "
    text = i18n.t("revision.history_changed", lang, fields=words.join(fields) or "-")
    if before.get("text") != after.get("text"):
        text += " " + i18n.t("revision.history_text", lang, before=before.get("text"), after=after.get("text"))
    return text


def _archived_move(before: dict, after: dict) -> bool:
    """Moved into the archive (not back out of it): the archive is made after the plan, so its
    id is the larger."""
    return (after.get("plan_id") or 0) > (before.get("plan_id") or 0)


def _time_words(task, other, t) -> str:
    """A time limit as the diff shows it: the phrase, with the due date when the phrase does
    not say it (none, or the same phrase on both sides: "时限：- → -" said nothing)."""
    def phrase(x) -> str:
        return " ".join((x.time_limit or "").split()) or "-"

    mine = phrase(task)
    if task.due and (mine == "-" or mine == phrase(other)):
        return t("revision.time_due", phrase=mine, due=task.due)
    return mine
