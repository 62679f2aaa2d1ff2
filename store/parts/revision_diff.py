"""A revision compared with the plan it revises, task by task: the pairing rules and the diff
(`store.parts.revisions` writes it). Loaded when a revision is read: its dataclasses cost the
first screen nothing (tui/startup.py).

Tasks pair by the text's similarity (the Dice coefficient of the texts' character pairs —
reworded tasks keep most of their pairs), helped by the task's number and its section; the
clerk may correct any pairing. Each pair is unchanged, or changed in its text, units, time
limit, number or section; a revision task left unpaired is added, a plan task left unpaired is
dropped.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Mapping

from store.errors import TaizhangError
from store.models import ROLES, PlanSummary, Task

if TYPE_CHECKING:
    from store.drafts import PlanDraft, SectionDraft, TaskDraft

SIMILAR = 0.5
"""Texts at least this similar are the same task reworded."""
SIMILAR_IN_PLACE = 0.25
"""…or this similar, when the task keeps its number in a section of the same title."""
SAME_SECTION_TITLE = 0.6
"""Section titles this similar are the same section (renamed, maybe)."""
DOUBTFUL = 0.7
"""A pairing less similar than this is shown as one to check."""

FIELDS = ("text", "no", "units", "time_limit", "section")
"""What may change in a paired task, in the order the preview says it."""

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
def normal_text(text: str | None) -> str:
    """Text as compared: NFKC, without spaces and punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def _grams(text: str) -> frozenset[str]:
    t = normal_text(text)
    if len(t) < 2:
        return frozenset([t]) if t else frozenset()
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def similarity(a: str | None, b: str | None) -> float:
    """How alike two texts are, 0 to 1: the Dice coefficient of their character pairs (NFKC,
    spaces and punctuation left out)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 1.0 if normal_text(a) == normal_text(b) else 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


# ---- what the preview shows -----------------------------------------------------------------


@dataclass(frozen=True)
class TaskChange:
    """One task of the revision, or one the revision dropped."""

    kind: str
    """"same", "changed", "added" or "dropped"."""
    new_index: int | None
    """Its place among the revision's tasks (0-based, document order); None when dropped."""
    new: TaskDraft | None
    old: Task | None
    fields: tuple[str, ...] = ()
    """What changed in a paired task (of FIELDS)."""
    similarity: float = 0.0
    by_clerk: bool = False
    """Paired (or left unpaired) by the clerk's correction."""
    new_section: str = ""
    old_section: str = ""
    notes: int = 0
    """The old task's notes (kept with it, dropped or not)."""

    @property
    def doubtful(self) -> bool:
        return self.kind in ("same", "changed") and not self.by_clerk and self.similarity < DOUBTFUL


@dataclass(frozen=True)
class SectionPlan:
    """How the plan's sections become the revision's."""

    new: tuple[tuple[int | None, int, str | None, str], ...]
    """Per section of the revision (document order, parents first): parent index, position,
    label, title."""
    matched: Mapping[int, int]
    """Revision section index → the plan's section id it continues."""
    removed: tuple[int, ...]
    """The plan's sections the revision no longer has (children before parents)."""
    renamed: int = 0


@dataclass(frozen=True)
class RevisionDiff:
    plan: PlanSummary
    draft: PlanDraft
    tasks: tuple[TaskChange, ...]
    """The revision's tasks in order, then the dropped ones in the plan's order."""
    sections: SectionPlan
    pairs: Mapping[int, str | None] = field(default_factory=dict)
    """The clerk's corrections: revision task index → the plan task's key (None: added)."""

    def of_kind(self, *kinds: str) -> list[TaskChange]:
        return [c for c in self.tasks if c.kind in kinds]

    @property
    def counts(self) -> dict[str, int]:
        """same, reworded, units, time_limit, moved (number or section only), added, dropped."""
        out = Counter()
        for c in self.tasks:
            if c.kind == "changed":
                if "text" in c.fields:
                    out["reworded"] += 1
                if "units" in c.fields:
                    out["units"] += 1
                if "time_limit" in c.fields:
                    out["time_limit"] += 1
                if not {"text", "units", "time_limit"} & set(c.fields):
                    out["moved"] += 1
            else:
                out[c.kind] += 1
        return {k: out.get(k, 0) for k in ("same", "reworded", "units", "time_limit", "moved",
                                            "added", "dropped")}

    @property
    def changes_anything(self) -> bool:
        return any(c.kind != "same" for c in self.tasks) or bool(
            self.sections.removed or self.sections.renamed
            or len(self.sections.new) != len(self.sections.matched))


# ---- the pairing rule -------------------------------------------------------------------------


@dataclass(frozen=True)
class _New:
    index: int
    draft: TaskDraft
    section: int
    """Index of its section among the revision's sections."""
    path: str
    title: str


def walk_draft(draft: PlanDraft):
    """The revision's sections (parent index, position, label, title) and tasks, in order."""
    sections: list[tuple[int | None, int, str | None, str]] = []
    tasks: list[_New] = []
    paths: list[str] = []

    def walk(items: tuple[SectionDraft, ...], parent: int | None, path: str) -> None:
        for position, s in enumerate(items, 1):
            k = len(sections)
            sections.append((parent, position, s.label, s.title))
            here = f"{path} / {s.label or ''}{s.title}" if path else f"{s.label or ''}{s.title}"
            paths.append(here)
            for t in s.tasks:
                tasks.append(_New(len(tasks), t, k, here, s.title))
            walk(s.sections, k, here)

    walk(draft.sections, None, "")
    return sections, tasks


def links_of(t: TaskDraft) -> list[list]:
    out = []
    for role in ROLES:
        for position, written in enumerate(w.strip() for w in getattr(t, role)):
            if written:
                out.append([role, position, written])
    return out


def _old_links(t: Task) -> list[list]:
    out, seen = [], Counter()
    for ref in sorted(t.unit_refs, key=lambda r: ROLES.index(r.role)):
        out.append([ref.role, seen[ref.role], ref.name])
        seen[ref.role] += 1
    return out


def _spaces(text: str | None) -> str:
    return " ".join((text or "").split())


CORRECTABLE = ("text", "no", "units", "time_limit", "time_limit_kind", "due")
"""The task fields a clerk corrects by hand (store.parts.editing.TASK_FIELDS)."""


def keep_corrections(new: TaskDraft, current: Mapping[str, object],
                     originals: Mapping[str, object]) -> TaskDraft:
    """The revision's task with the clerk's corrections kept where the revision did not
    change what they corrected: a field the clerk edited by hand (`originals`: its value
    before the first such edit since the plan's document last set it) keeps its current value
    when the revision gives that same original value. A revision that does change the field
    wins, and the preview shows it."""
    if not originals:
        return new
    keep: dict = {}
    for name in ("text", "no", "time_limit", "time_limit_kind", "due"):
        if name in originals and _same(getattr(new, name), originals[name]):
            keep[name] = current[name]
    units = originals.get("units")
    if isinstance(units, Mapping) and _same(new.units, units.get("text")):
        now = current["units"]
        keep.update(units=now.get("text"), **{r: tuple(now.get(r) or ()) for r in ROLES})
    return replace(new, **keep) if keep else new


def _same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _spaces(a if isinstance(a, str) else None) == _spaces(b if isinstance(b, str) else None)
    return (a or None) == (b or None)


def changed_fields(old: Task, new: TaskDraft, same_section: bool) -> tuple[str, ...]:
    """What differs between a plan task and the revision task paired with it."""
    out = []
    if _spaces(old.text) != _spaces(new.text):
        out.append("text")
    if (old.no or None) != (new.no or None):
        out.append("no")
    if _spaces(old.units) != _spaces(new.units) or _old_links(old) != links_of(new):
        out.append("units")
    if (_spaces(old.time_limit), old.time_limit_kind, old.due) != (
            _spaces(new.time_limit), new.time_limit_kind, new.due):
        out.append("time_limit")
    if not same_section:
        out.append("section")
    return tuple(out)


def pair_tasks(old: list[Task], old_titles: Mapping[int | None, str], new: list[_New],
               corrections: Mapping[int, str | None] = {}) -> dict[int, tuple[Task, float, bool]]:
    """Revision task index → (plan task, similarity, by the clerk). The clerk's corrections
    first; then tasks of the same text; then, greedily from the best score down, pairs whose
    texts are similar enough
    (`SIMILAR`), or a little similar where the task keeps its number in a section of the same
    title (`SIMILAR_IN_PLACE`). The score adds to the similarity a little for the same number,
    the same section and a near place in the document, which settles near-ties (a plan repeats
    its phrases)."""
    by_key = {t.key: t for t in old}
    pairs: dict[int, tuple[Task, float, bool]] = {}
    used: set[int] = set()
    fixed: set[int] = set()
    for index, key in corrections.items():
        if not 0 <= index < len(new):
            raise TaizhangError("revision.bad_index", index=index + 1, count=len(new))
        fixed.add(index)
        if key is None:
            continue
        task = by_key.get(str(key).strip().upper())
        if task is None:
            raise TaizhangError("revision.unknown_task", key=key)
        if task.id in used:
            raise TaizhangError("revision.paired_twice", key=task.key)
        used.add(task.id)
        pairs[index] = (task, similarity(task.text, new[index].draft.text), True)
    # The same text (spaces and punctuation aside) first: most of a revision is unchanged, and
    # what is paired here leaves the similarity pass (quadratic in what is left) little to do.
    # Among old tasks of the same text, the one of the same number, else the nearest in place.
    n_old, n_new = max(len(old), 1), max(len(new), 1)
    same_text: dict[str, list[int]] = {}
    for j, t in enumerate(old):
        if t.id not in used:
            same_text.setdefault(normal_text(t.text), []).append(j)
    for item in new:
        if item.index in fixed:
            continue
        free = [j for j in same_text.get(normal_text(item.draft.text), ()) if old[j].id not in used]
        if not free or not normal_text(item.draft.text):
            continue
        j = min(free, key=lambda j: (old[j].no != item.draft.no, abs(item.index / n_new - j / n_old), j))
        pairs[item.index] = (old[j], 1.0, False)
        used.add(old[j].id)
    grams_old = [_grams(t.text) for t in old]
    index: dict[str, list[int]] = {}
    for j, g in enumerate(grams_old):
        if old[j].id in used:
            continue
        for gram in g:
            index.setdefault(gram, []).append(j)
    section_alike: dict[tuple[int, int | None], bool] = {}
    candidates: list[tuple[float, float, int, int]] = []
    for item in new:
        if item.index in fixed or item.index in pairs:
            continue
        g = _grams(item.draft.text)
        shared = Counter(j for gram in g for j in index.get(gram, ()))
        for j, common in shared.items():
            t = old[j]
            if t.id in used:
                continue
            sim = 2 * common / (len(g) + len(grams_old[j]))
            same_no = bool(item.draft.no) and item.draft.no == t.no
            if sim < SIMILAR and not (same_no and sim >= SIMILAR_IN_PLACE):
                continue
            key = (item.section, t.section_id)
            if key not in section_alike:
                section_alike[key] = similarity(item.title, old_titles.get(t.section_id, "")) >= SAME_SECTION_TITLE
            same_section = section_alike[key]
            if sim < SIMILAR and not same_section:
                continue
            near = 1 - abs(item.index / n_new - j / n_old)
            score = sim + 0.1 * same_no + 0.05 * same_section + 0.05 * near
            candidates.append((score, sim, item.index, j))
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    for _score, sim, i, j in candidates:
        if i in pairs or old[j].id in used:
            continue
        pairs[i] = (old[j], sim, False)
        used.add(old[j].id)
    return pairs


def plan_sections(old_sections: list, new_sections: list, new_tasks: list[_New],
                  pairs: Mapping[int, tuple[Task, float, bool]]) -> SectionPlan:
    """Which of the plan's sections each revision section continues: the one most of its
    paired tasks come from; else, at the same depth, the one of the most similar title."""
    depth_old: dict[int, int] = {}
    by_id = {s.id: s for s in old_sections}

    def depth(sid: int) -> int:
        if sid not in depth_old:
            parent = by_id[sid].parent_id
            depth_old[sid] = 0 if parent is None or parent not in by_id else depth(parent) + 1
        return depth_old[sid]

    depth_new = []
    for parent, *_ in new_sections:
        depth_new.append(0 if parent is None else depth_new[parent] + 1)
    votes: Counter = Counter()
    for item in new_tasks:
        if item.index in pairs:
            old_section = pairs[item.index][0].section_id
            if old_section in by_id:
                votes[(item.section, old_section)] += 1
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for (k, sid), _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if k not in matched and sid not in taken:
            matched[k] = sid
            taken.add(sid)
    by_title = []
    for k, (_parent, _position, label, title) in enumerate(new_sections):
        if k in matched:
            continue
        for s in old_sections:
            if s.id in taken or depth(s.id) != depth_new[k]:
                continue
            sim = similarity(title, s.title)
            if sim >= SAME_SECTION_TITLE:
                by_title.append((sim, k, s.id))
    for _sim, k, sid in sorted(by_title, key=lambda x: (-x[0], x[1], x[2])):
        if k not in matched and sid not in taken:
            matched[k] = sid
            taken.add(sid)
    removed = sorted((s.id for s in old_sections if s.id not in taken), key=lambda sid: (-depth(sid), sid))
    renamed = sum(1 for k, sid in matched.items()
                  if (by_id[sid].label, by_id[sid].title) != (new_sections[k][2], new_sections[k][3]))
    return SectionPlan(tuple(new_sections), matched, tuple(removed), renamed)


# ---- the part ---------------------------------------------------------------------------------
