"""Plans and their sections: reading the tree with its progress, and writing a plan imported
from a document (one transaction, one change-set; undoing it deletes the plan).

Progress is counted by state from the `tasks_progress` index (schema v3) and, for whole plans,
from the counts the triggers of schema v4 keep; never from the task rows.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from store.db import SOURCES, Database, FieldRule
from store.errors import NotFoundError, UndoRefused
from store.models import ROLES, STATES, Change, PlanSummary, Progress, Section
from store.parts.search_index import SearchIndex, task_row
from store.parts.units import Units

if TYPE_CHECKING:  # importers bring their drafts; a start that imports nothing never loads them
    from store.drafts import ImportResult, PlanDraft, SectionDraft

REPLAYED = "replayed"
"""Summary of the change-sets that replay history carried by a JSON export: never undone."""

PLAN_COLS = "id, title, issuer, doc_no, issued, year, source, sha256, imported_at, archived, archived_from"
_STATE_INDEX = {"done": 1, "doing": 2, "todo": 3, "na": 4}
_FIELDS = ("total", "done", "doing", "todo", "na", "overdue")


# issue 19 (revisions/units): which plan a document revises
_REVISED_NOTE = re.compile(r"[（(【\[][^）)】\]]*修[订改][^）)】\]]*[）)】\]]|[（(]?修[订改](?:版|稿|本)?[）)]?$")


def marked_revised(title: str | None) -> bool:
    """Does the title say it is a revised version (（修订版）, (2021年修订), …修订稿)?"""
    return bool(title) and _REVISED_NOTE.search(unicodedata.normalize("NFKC", title)) is not None


def title_key(title: str | None) -> str:
    """A title as compared for revisions: NFKC, no spaces, a 修订 note left out."""
    text = "".join(unicodedata.normalize("NFKC", title or "").split())
    return _REVISED_NOTE.sub("", text)


def doc_key(doc_no: str | None) -> str:
    """A 文号 as compared: NFKC (〔〕 and [] alike), no spaces."""
    text = "".join(unicodedata.normalize("NFKC", doc_no or "").split())
    return text.translate(str.maketrans("〔〕［］", "[][]"))


def draft_sha256(draft: PlanDraft) -> str:
    """The draft's own sha256, else a hash of its content (drafts built by hand)."""
    if draft.sha256:
        return draft.sha256
    data = asdict(draft)
    data.pop("warnings", None)
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _summary(row, progress: Progress) -> PlanSummary:
    return PlanSummary(*row[:9], progress=progress, archived=bool(row[9]), archived_from=row[10])


ROWS_HELD = 5000
"""Tasks whose rows an import holds before writing them (a 136,000-task JSON export held them
all: some 150 MB more at its peak, for no gain in speed)."""

class Plans:
    def __init__(self, db: Database, units: Units, index: SearchIndex):
        self.db = db
        self.units = units
        self.index = index
        db.rules.add("plans", "created", FieldRule(is_current=self._exists))
        db.rules.add("plans", "deleted", FieldRule(is_current=self._deleted_is,
                                                   apply=self._write_deleted))
        db.rules.label_with("plans", self._label)

    # ---- the history's rules -------------------------------------------------------------

    @staticmethod
    def _exists(c, ch) -> bool:
        return c.execute("SELECT 1 FROM plans WHERE id = ?", (ch.row_id,)).fetchone() is not None

    def _deleted_is(self, c, ch) -> bool:
        return (not self._exists(c, ch)) == bool(ch.after)

    def _write_deleted(self, tx, plan_id: int, deleted) -> None:
        if not deleted:
            raise UndoRefused("redo.import_gone")
        self.index.drop_plan(tx.conn, plan_id)
        tx.execute("DELETE FROM plans WHERE id = ?", (plan_id,))  # the rest cascades

    @staticmethod
    def _label(c, plan_id: int) -> str:
        row = c.execute("SELECT title FROM plans WHERE id = ?", (plan_id,)).fetchone()
        return (row[0] if row else None) or f"#{plan_id}"

    # ---- progress ------------------------------------------------------------------------

    def progress_by(self, where: str, params: tuple, group: str) -> dict[Any, Progress]:
        """Progress per `group` (plan_id or section_id) of the tasks `where` selects, counted
        by state from the tasks_progress index alone (never the task rows: see schema v2)."""
        counts: dict[Any, list[int]] = {}
        for key, state, n, late in self.db.conn().execute(
            f"SELECT {group}, state, count(*), total(due < ?) "
            f"FROM tasks WHERE {where} GROUP BY {group}, state",
            (self.db.today(), *params),
        ):
            acc = counts.get(key)
            if acc is None:
                acc = counts[key] = [0, 0, 0, 0, 0, 0]  # total, done, doing, todo, na, overdue
            acc[0] += n
            acc[_STATE_INDEX[state]] += n
            if state in ("todo", "doing"):
                acc[5] += int(late)  # due < today; a task without a due date is never late
        return {key: Progress(*acc) for key, acc in counts.items()}

    def _plan_progress(self, plan_id: int | None, overdue: bool) -> dict[int, Progress]:
        """Progress per plan (one plan, or all when None) from the counts the triggers keep
        (schema v4). Overdue changes with the day, so it is counted from the tasks_progress
        index, whose range holds only the open tasks due before today; `overdue=False` skips
        it, and the progress then says so (`overdue is None`)."""
        late = (
            "CASE WHEN state IN ('todo', 'doing') THEN (SELECT count(*) FROM tasks t "
            "WHERE t.plan_id = c.plan_id AND t.state = c.state AND t.due < ?) ELSE 0 END"
        )
        sql = f"SELECT plan_id, state, n, {late if overdue else 'NULL'} FROM plan_task_counts c"
        params: tuple = (self.db.today(),) if overdue else ()
        if plan_id is not None:
            sql += " WHERE plan_id = ?"
            params += (plan_id,)
        counts: dict[int, list] = {}
        for key, state, n, late_n in self.db.conn().execute(sql, params):
            acc = counts.get(key)
            if acc is None:
                acc = counts[key] = [0, 0, 0, 0, 0, 0 if overdue else None]
            acc[0] += n
            acc[_STATE_INDEX[state]] += n
            if overdue:
                acc[5] += late_n
        return {key: Progress(*acc) for key, acc in counts.items()}

    # ---- reading -------------------------------------------------------------------------

    def all(self, *, overdue: bool = True, archived: bool = False) -> list[PlanSummary]:
        """Every plan, oldest first, with its progress (`overdue=False`: without counting the
        overdue tasks, for views that do not show them; at 100,000 tasks mostly past due, that
        count is most of the cost). Archived plans only with `archived=True` (issue 19: hidden
        from the tree, search, the overview, forms and exports unless asked for)."""
        progress = self._plan_progress(None, overdue)
        empty = Progress() if overdue else Progress(overdue=None)
        where = "" if archived else "WHERE archived = 0 "
        rows = self.db.conn().execute(f"SELECT {PLAN_COLS} FROM plans {where}ORDER BY id").fetchall()
        return [_summary(r, progress.get(r[0], empty)) for r in rows]

    def get(self, plan_id: int) -> PlanSummary:
        row = self.db.conn().execute(
            f"SELECT {PLAN_COLS} FROM plans WHERE id = ?", (plan_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(what="plan", ident=plan_id)
        progress = self._plan_progress(plan_id, overdue=True)
        return _summary(row, progress.get(plan_id, Progress()))

    def all_sections(self, plan_id: int) -> list[Section]:
        """Every section of a plan, flat, parents before children, without progress."""
        rows = self.db.conn().execute(
            "SELECT id, plan_id, parent_id, position, label, title FROM sections "
            "WHERE plan_id = ? ORDER BY id",
            (plan_id,),
        ).fetchall()
        return [Section(*r) for r in rows]

    def sections(self, plan_id: int, parent_id: int | None = None) -> list[Section]:
        """The children of `parent_id` (top level when None), each with progress over all below."""
        rows = self.all_sections(plan_id)
        direct = self.progress_by("plan_id = ?", (plan_id,), "section_id")
        children: dict[int | None, list[Section]] = {}
        for s in rows:
            children.setdefault(s.parent_id, []).append(s)
        totals: dict[int, Progress] = {}

        def total(sid: int) -> Progress:
            if sid not in totals:
                parts = [direct.get(sid, Progress())] + [total(k.id) for k in children.get(sid, [])]
                totals[sid] = Progress(*(sum(getattr(p, f) for p in parts) for f in _FIELDS))
            return totals[sid]

        out = []
        for s in sorted(children.get(parent_id, []), key=lambda s: s.position):
            has = bool(children.get(s.id)) or s.id in direct
            out.append(Section(s.id, s.plan_id, s.parent_id, s.position, s.label, s.title,
                               progress=total(s.id), has_children=has))
        return out

    def section(self, section_id: int) -> Section:
        row = self.db.conn().execute(
            "SELECT id, plan_id, parent_id, position, label, title FROM sections WHERE id = ?",
            (section_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(what="section", ident=section_id)
        return Section(*row)

    def section_path(self, section_id: int) -> list[Section]:
        """The sections from the top of the plan down to this one."""
        path: list[Section] = []
        sid: int | None = section_id
        while sid is not None:
            s = self.section(sid)
            path.append(s)
            sid = s.parent_id
        return path[::-1]

    def section_progress(self, plan_id: int) -> dict[int, Progress]:
        """Every section of a plan with its progress over all below it, in one pass (the UI
        refreshes the open sections of a tree and builds the overview with it)."""
        rows = self.all_sections(plan_id)
        direct = self.progress_by("plan_id = ?", (plan_id,), "section_id")
        totals: dict[int, list[int]] = {}
        depth: dict[int, int] = {}
        parent = {s.id: s.parent_id for s in rows}
        for s in rows:  # a section moved by hand (issue 19) may sit under one with a higher id
            d, up = 0, s.parent_id
            while up is not None and up in parent:
                d, up = d + 1, parent[up]
            depth[s.id] = d
        for s in sorted(rows, key=lambda s: -depth[s.id]):  # children before parents: bottom-up
            own = direct.get(s.id, Progress())
            acc = totals.setdefault(s.id, [0] * 6)
            for i, f in enumerate(_FIELDS):
                acc[i] += getattr(own, f)
            if s.parent_id is not None:
                up = totals.setdefault(s.parent_id, [0] * 6)
                for i in range(6):
                    up[i] += acc[i]
        return {s.id: Progress(*totals.get(s.id, [0] * 6)) for s in rows}

    def with_sha256(self, sha: str) -> PlanSummary | None:
        row = self.db.conn().execute("SELECT id FROM plans WHERE sha256 = ?", (sha,)).fetchone()
        return self.get(row[0]) if row else None

    def revision_of(self, draft: PlanDraft) -> PlanSummary | None:
        """The plan this draft revises (issue 19, revising DECISIONS' "same title and 文号"):
        another document (another hash) than a live plan's with the same 文号, or the same
        title (a 修订 note in brackets aside) — unless both name a 文号 and they differ, which
        is another document of the same name (next year's), not a revision, when the draft's
        title does not say it is revised; and never across years when both give one. The
        newest such plan; None when there is none (the clerk may still say so in the preview)."""
        title, doc = title_key(draft.title), doc_key(draft.doc_no)
        if not title and not doc:
            return None
        rows = self.db.conn().execute(
            "SELECT id, title, doc_no, year FROM plans WHERE archived = 0 AND sha256 != ? "
            "ORDER BY id DESC",
            (draft_sha256(draft),),
        ).fetchall()
        for plan_id, p_title, p_doc, p_year in rows:
            same_doc = bool(doc) and doc_key(p_doc) == doc
            same_title = bool(title) and title_key(p_title) == title
            if not (same_doc or same_title):
                continue
            if draft.year and p_year and draft.year != p_year:
                continue
            if not same_doc and doc and doc_key(p_doc) and not marked_revised(draft.title):
                continue
            return self.get(plan_id)
        return None

    # ---- importing -----------------------------------------------------------------------

    def import_plan(self, draft: PlanDraft, *, source: str = "import") -> ImportResult:
        from store.drafts import ImportResult  # late: only an import needs it (tui/startup.py)

        """Write a plan in one transaction, with one change-set; skip a document seen before."""
        sha = draft_sha256(draft)
        with self.db.transaction(source=source, summary="import") as tx:
            row = tx.execute("SELECT id, title FROM plans WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                return ImportResult(row[0], True, row[0], None, 0, 0, 0, title=row[1])
            revised = self.revision_of(draft)
            plan_id = tx.execute(
                "INSERT INTO plans (sha256, title, issuer, doc_no, issued, year, source, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha, draft.title, draft.issuer, draft.doc_no, draft.issued, draft.year,
                 draft.source, tx.at),
            ).lastrowid
            counts: Counter = Counter()
            self._write_sections(tx, plan_id, draft, counts)
            tx.record(Change("plans", plan_id, "created", None, draft.title))
            return ImportResult(
                plan_id, False, None, revised.id if revised else None, counts["tasks"],
                counts["sections"], counts["due"], title=draft.title, changeset=tx.changeset(),
            )

    def _write_sections(self, tx, plan_id: int, draft: PlanDraft, counts: Counter) -> None:
        """Every section, task, unit link, note and search row of the draft, each table written
        in bulk (sqlite-utils' insert_all, inside the import's transaction: its own steps run in
        savepoints). Ids are given here, in document order, so that the rows of one table can
        name those of another before anything is written: this transaction holds the write
        lock, so the next ids are ours."""
        import sqlite_utils  # late: only an import needs it (tui/startup.py)

        c = tx.conn
        # ids above any a row has had, deleted ones included (issue 19: Transaction.fresh_id)
        section_id = tx.last_id("sections")
        task_id = tx.last_id("tasks")
        note_ids = iter(range(tx.last_id("notes") + 1, 1 << 62))
        rows: dict[str, list] = {"sections": [], "tasks": [], "task_units": [], "notes": [],
                                 "task_search": []}
        units_cache: dict = {}
        histories: list[tuple[int, tuple]] = []
        seq = 0
        db = sqlite_utils.Database(c, recursive_triggers=False, execute_plugins=False)

        def flush() -> None:
            # in this order, every row names only rows already written (a section before its
            # tasks, a task before its units, notes and search row)
            for table, table_rows in rows.items():
                if table_rows:
                    db[table].insert_all(table_rows, batch_size=500)
                    table_rows.clear()

        def walk(sections: tuple[SectionDraft, ...], parent: int | None, titles: list[str]):
            nonlocal seq, section_id, task_id
            for position, s in enumerate(sections, 1):
                section_id += 1
                sid = section_id
                rows["sections"].append({"id": sid, "plan_id": plan_id, "parent_id": parent,
                                         "position": position, "label": s.label, "title": s.title})
                counts["sections"] += 1
                path = [*titles, s.title]
                for t in s.tasks:
                    seq += 1
                    task_id += 1
                    self._task_rows(tx, rows, task_id, plan_id, sid, seq, t, path, units_cache,
                                    note_ids)
                    if t.history:
                        histories.append((task_id, t.history))
                    counts["tasks"] += 1
                    counts["due"] += t.due is not None
                    if len(rows["tasks"]) >= ROWS_HELD:
                        flush()
                walk(s.sections, sid, path)

        walk(draft.sections, None, [])
        flush()
        for tid, history in histories:
            self._replay_history(tx, tid, history)
        tx.execute("UPDATE plans SET next_seq = ? WHERE id = ?", (seq + 1, plan_id))

    def _task_rows(self, tx, rows, task_id, plan_id, section_id, seq, t, titles, units_cache,
                   note_ids) -> None:
        """The rows of one task (and of its unit links, notes and search row)."""
        if t.state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {t.state!r}")
        rows["tasks"].append({
            "id": task_id, "key": f"P{plan_id}-{seq:04d}", "plan_id": plan_id,
            "section_id": section_id, "seq": seq, "no": t.no, "text": t.text, "units": t.units,
            "time_limit": t.time_limit, "time_limit_kind": t.time_limit_kind, "due": t.due,
            "state": t.state, "flag": t.flag,
            "extra": json.dumps(dict(t.extra), ensure_ascii=False),
            "updated_at": t.updated_at or tx.at, "origin": t.origin,
        })
        units = []
        for role in ROLES:
            position = 0
            for written in getattr(t, role):
                written = written.strip()
                unit = self.units.register(tx.conn, written, units_cache)
                if unit is None:
                    continue
                rows["task_units"].append({"task_id": task_id, "role": role, "position": position,
                                           "unit_id": unit[0], "written": written})
                position += 1
                units.append((written, unit[1], unit[2], unit[3]))
        for n in t.notes:
            rows["notes"].append({
                "id": next(note_ids), "task_id": task_id, "at": n.at or tx.at, "author": n.author, "unit": n.unit,
                "source": n.source if n.source in SOURCES else "import", "text": n.text,
            })
        body, names, initials = task_row(t.text, titles, [n.text for n in t.notes], t.units, units)
        rows["task_search"].append({"rowid": task_id, "body": body, "units": names,
                                    "initials": initials})

    @staticmethod
    def _replay_history(tx, task_id: int, history) -> None:
        """Write history carried by a JSON export as change-sets of their own time and actor.

        Consecutive entries of the same time, actor, unit and source make one change-set. They
        are marked "replayed": the past of another database, never offered to undo.
        """
        cs_id, last = None, None
        for h in history:
            key = (h.at, h.actor, h.unit, h.source)
            if key != last:
                cs_id = tx.new_changeset(
                    source=h.source if h.source in SOURCES else "import", summary=REPLAYED,
                    at=h.at, actor=h.actor or "", actor_unit=h.unit,
                )
                last = key
            tx.record(Change("tasks", task_id, h.field, h.before, h.after), changeset_id=cs_id)
