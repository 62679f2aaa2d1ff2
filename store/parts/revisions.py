"""A revised plan (修订版) merged into the plan it revises (issue 19), not imported beside it.

`diff()` pairs the revision's tasks with the plan's: by the text's similarity (the Dice
coefficient of the texts' character pairs — reworded tasks keep most of their pairs), helped by
the task's number and its section; the clerk may correct any pairing. Each pair is unchanged,
or changed in its text, units, time limit, number or section; a revision task left unpaired is
added, a plan task left unpaired is dropped.

`revise()` writes it in one transaction and one change-set, so one undo puts the plan back:

- the plan takes the revision's title, 文号, issuer, date and document (its sha256);
- its sections become the revision's: a section the revision keeps (found by the tasks it
  holds, else by its title) keeps its id and takes the new label, title and place; new ones
  are made; a section the revision no longer has is removed once empty — its dropped tasks are
  kept (below), so an empty heading the plan no longer has would only mislead the tree;
- a paired task keeps its id, key, state, notes and history, and takes the new text, number,
  units, time limit and place; added tasks get new keys from plans.next_seq;
- dropped tasks move, with their notes and history, into an archived plan of their own
  (plans.archived = 1, archived_from = the plan), under copies of the headings they were in.

Each step is recorded under a field of its own ("revision", "revision_added",
"revision_archive"), written back by the rules registered here: undo and redo need no other code.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Mapping

from store.db import Database, FieldRule
from store.errors import NotFoundError, TaizhangError, UndoRefused
from store.models import STATES, Change, PlanSummary, Task
from store.parts.plans import Plans, draft_sha256
from store.parts.search_index import SearchIndex
from store.parts.tasks import Tasks
from store.parts.units import Units

if TYPE_CHECKING:
    from store.drafts import PlanDraft, TaskDraft
    from store.parts.revision_diff import RevisionDiff

_STRUCTURE = ("plan_id", "section_id", "seq", "no", "text", "units", "time_limit",
              "time_limit_kind", "due", "extra", "links")


def archive_title(title: str) -> str:
    return f"《{title}》修订时删去的任务"


class Revisions:
    def __init__(self, db: Database, plans: Plans, tasks: Tasks, units: Units, index: SearchIndex):
        self.db = db
        self.plans = plans
        self.tasks = tasks
        self.units = units
        self.index = index
        rules = db.rules
        rules.add("plans", "revision", FieldRule(is_current=self._plan_is, apply=self._write_plan))
        rules.add("plans", "revision_archive", FieldRule(is_current=self._archive_is,
                                                         apply=self._write_archive))
        rules.add("sections", "revision", FieldRule(is_current=self._section_is,
                                                    apply=self._write_section))
        rules.add("tasks", "revision", FieldRule(is_current=self._task_is, apply=self._write_task))
        rules.add("tasks", "revision_added", FieldRule(is_current=self._added_is,
                                                       apply=self._write_added))
        rules.label_with("sections", self._section_label)

    # ---- the diff -------------------------------------------------------------------------

    def _section_paths(self, plan_id: int) -> tuple[list, dict[int | None, str], dict[int | None, str]]:
        sections = self.plans.all_sections(plan_id)
        by_id = {s.id: s for s in sections}
        paths: dict[int | None, str] = {None: ""}

        def path(sid: int) -> str:
            if sid not in paths:
                s = by_id[sid]
                own = f"{s.label or ''}{s.title}"
                up = path(s.parent_id) if s.parent_id in by_id else ""
                paths[sid] = f"{up} / {own}" if up else own
            return paths[sid]

        for s in sections:
            path(s.id)
        titles: dict[int | None, str] = {s.id: s.title for s in sections}
        return sections, paths, titles

    def diff(self, plan_id: int, draft: PlanDraft,
             corrections: Mapping[int, str | None] | None = None) -> RevisionDiff:
        """How the revision would change the plan (nothing is written)."""
        from store.parts.revision_diff import (  # late: tui/startup.py
            RevisionDiff, TaskChange, changed_fields, keep_corrections, pair_tasks, plan_sections,
            walk_draft)

        plan = self.plans.get(plan_id)
        corrections = dict(corrections or {})
        old = self.tasks.list(plan_id=plan_id)
        sections, paths, titles = self._section_paths(plan_id)
        new_sections, new_tasks = walk_draft(draft)
        corrected = self._hand_corrections(plan_id)
        # a task the clerk reworded is paired by what its document said (the revision rewords
        # the document, not the clerk's words)
        as_written = [replace(t, text=corrected[t.id]["text"])
                      if isinstance(corrected.get(t.id, {}).get("text"), str) else t for t in old]
        by_id = {t.id: t for t in old}
        pairs = {i: (by_id[t.id], sim, clerk)
                 for i, (t, sim, clerk) in pair_tasks(as_written, titles, new_tasks, corrections).items()}
        section_plan = plan_sections(sections, new_sections, new_tasks, pairs)
        notes = dict(self.db.conn().execute(
            "SELECT task_id, count(*) FROM notes WHERE deleted = 0 AND task_id IN "
            "(SELECT id FROM tasks WHERE plan_id = ?) GROUP BY task_id", (plan_id,)).fetchall())
        out: list[TaskChange] = []
        for item in new_tasks:
            found = pairs.get(item.index)
            if found is None:
                out.append(TaskChange("added", item.index, item.draft, None, (), 0.0,
                                      item.index in corrections, new_section=item.path))
                continue
            task, sim, by_clerk = found
            same_section = section_plan.matched.get(item.section) == task.section_id
            draft = item.draft
            if task.id in corrected:
                draft = keep_corrections(draft, self._current_values(task.id), corrected[task.id])
            fields = changed_fields(task, draft, same_section)
            out.append(TaskChange("changed" if fields else "same", item.index, draft, task,
                                  fields, sim, by_clerk, item.path, paths.get(task.section_id, ""),
                                  notes.get(task.id, 0)))
        paired = {p[0].id for p in pairs.values()}
        for task in old:
            if task.id not in paired:
                out.append(TaskChange("dropped", None, None, task, (), 0.0, False, "",
                                      paths.get(task.section_id, ""), notes.get(task.id, 0)))
        return RevisionDiff(plan, draft, tuple(out), section_plan, corrections)

    def _hand_corrections(self, plan_id: int) -> dict[int, dict[str, object]]:
        """Task id → field → its value before the clerk's first hand edit of it since the plan's
        document (its import or its last revision) set the task: what the document said."""
        rows = self.db.conn().execute(
            "SELECT ch.row_id, ch.field, ch.before FROM changes ch "
            "JOIN changesets cs ON cs.id = ch.changeset_id "
            "WHERE ch.tbl = 'tasks' AND cs.summary = 'edit.task' AND cs.kind = 'change' "
            "AND ch.row_id IN (SELECT id FROM tasks WHERE plan_id = :plan) "
            "AND cs.id > coalesce((SELECT max(r.changeset_id) FROM changes r WHERE r.tbl = 'tasks' "
            "  AND r.row_id = ch.row_id AND r.field = 'revision'), 0) "
            "ORDER BY cs.id, ch.id", {"plan": plan_id}).fetchall()
        out: dict[int, dict[str, object]] = {}
        for task_id, field, before in rows:
            out.setdefault(task_id, {}).setdefault(field, json.loads(before) if before else None)
        return out

    def _current_values(self, task_id: int) -> dict[str, object]:
        from store.parts.editing import units_value  # late: tui/startup.py

        c = self.db.conn()
        row = c.execute("SELECT text, no, time_limit, time_limit_kind, due FROM tasks WHERE id = ?",
                        (task_id,)).fetchone()
        return {**dict(zip(("text", "no", "time_limit", "time_limit_kind", "due"), row)),
                "units": units_value(c, task_id)}

    # ---- writing --------------------------------------------------------------------------

    def revise(self, plan_id: int, draft: PlanDraft,
               corrections: Mapping[int, str | None] | None = None, *, source: str = "import"):
        """Merge the revision into the plan: one transaction, one change-set (module doc).
        Returns (the diff written, the change-set, the archived plan's id or None)."""
        sha = draft_sha256(draft)
        with self.db.transaction(source=source, summary="revision") as tx:
            c = tx.conn
            row = c.execute("SELECT id, archived FROM plans WHERE id = ?", (plan_id,)).fetchone()
            if row is None:
                raise NotFoundError(what="plan", ident=plan_id)
            if row[1]:
                raise TaizhangError("revision.archived", plan_id=plan_id)
            other = c.execute("SELECT id FROM plans WHERE sha256 = ?", (sha,)).fetchone()
            if other is not None:
                raise TaizhangError("revision.same_document", plan_id=other[0])
            diff = self.diff(plan_id, draft, corrections)
            plan = diff.plan
            # the plan itself
            before = self._plan_row(c, plan_id)
            after = {
                "title": draft.title or before["title"], "issuer": draft.issuer or before["issuer"],
                "doc_no": draft.doc_no or before["doc_no"], "issued": draft.issued or before["issued"],
                "year": draft.year or before["year"], "source": draft.source, "sha256": sha,
            }
            tx.change("plans", plan_id, "revision", before, after)
            # its sections
            secs = diff.sections
            section_ids: dict[int, int] = {}
            for k, (parent, position, label, title) in enumerate(secs.new):
                wanted = {"plan_id": plan_id, "parent_id": None if parent is None else section_ids[parent],
                          "position": position, "label": label, "title": title}
                sid = secs.matched.get(k)
                if sid is None:  # issue 19 (keep-ledger): never a deleted section's id
                    sid = tx.fresh_id("sections")
                    tx.change("sections", sid, "revision", None, wanted)
                else:
                    now = self._section_row(c, sid)
                    if now != wanted:
                        tx.change("sections", sid, "revision", now, wanted)
                section_ids[k] = sid
            # the archive of the dropped tasks
            dropped = diff.of_kind("dropped")
            archive_id = None
            archive_sections: dict[int, int] = {}
            if dropped:
                archive_id, archive_sections = self._new_archive(tx, plan, [d.old for d in dropped])
            # the tasks, in the revision's order
            next_seq = c.execute("SELECT next_seq FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
            from store.parts.revision_diff import walk_draft  # late: tui/startup.py

            _, new_tasks = walk_draft(draft)
            for change in diff.tasks:
                if change.kind == "dropped":
                    continue
                item = new_tasks[change.new_index]
                seq = change.new_index + 1
                wanted = self._draft_structure(plan_id, section_ids[item.section], seq,
                                               change.new,  # the clerk's corrections kept (diff)
                                               change.old.extra if change.old else {})
                if change.old is None:
                    key = f"P{plan_id}-{next_seq:04d}"
                    next_seq += 1
                    snapshot = {**wanted, "key": key, "state": item.draft.state if item.draft.state in STATES
                                else "todo", "flag": item.draft.flag, "origin": item.draft.origin,
                                "updated_at": tx.at,
                                "notes": [[n.at or tx.at, n.author, n.unit, n.source or "import", n.text]
                                          for n in item.draft.notes]}
                    task_id = tx.fresh_id("tasks")  # issue 19 (keep-ledger): never a deleted task's
                    tx.change("tasks", task_id, "revision_added", None, snapshot)
                    continue
                now = self._task_structure(c, change.old.id)
                wanted["updated_at"] = tx.at
                if _structure(now) != _structure(wanted):
                    tx.change("tasks", change.old.id, "revision", now, wanted)
            for seq, change in enumerate(dropped, 1):
                now = self._task_structure(c, change.old.id)
                moved = {**now, "plan_id": archive_id, "section_id": archive_sections[change.old.section_id],
                         "seq": seq}
                tx.change("tasks", change.old.id, "revision", now, moved)
            # the sections the revision no longer has, now empty
            for sid in secs.removed:
                tx.change("sections", sid, "revision", self._section_row(c, sid), None)
            # keys are never reused: next_seq only grows, undo or not
            c.execute("UPDATE plans SET next_seq = max(next_seq, ?) WHERE id = ?", (next_seq, plan_id))
            return diff, tx.changeset(), archive_id

    def _new_archive(self, tx, plan: PlanSummary, tasks: list[Task]) -> tuple[int, dict[int, int]]:
        """The archived plan of a revision's dropped tasks, with copies of their headings."""
        c = tx.conn
        sections = {s.id: s for s in self.plans.all_sections(plan.id)}
        wanted: list[int] = []

        def need(sid: int | None) -> None:
            if sid is None or sid not in sections or sid in wanted:
                return
            need(sections[sid].parent_id)
            wanted.append(sid)

        for t in tasks:
            need(t.section_id)
        title = archive_title(plan.display_title)
        # No 文号: the archive is no document, and a plan with the live plan's 文号 would be taken
        # for a revision of it (a ledger export imported elsewhere holds both).
        snapshot = {
            "sha256": f"archived:{plan.sha256}", "title": title, "issuer": plan.issuer,
            "doc_no": None, "issued": plan.issued, "year": plan.year, "source": plan.source,
            "imported_at": tx.at, "archived_from": plan.id, "sections": [],
        }
        archive_id = c.execute(
            "INSERT INTO plans (sha256, title, issuer, doc_no, issued, year, source, imported_at, "
            "archived, archived_from, next_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 1)",
            (snapshot["sha256"], title, plan.issuer, None, plan.issued, plan.year, plan.source,
             tx.at, plan.id),
        ).lastrowid
        mapping: dict[int, int] = {}
        positions: Counter = Counter()
        for sid in wanted:
            s = sections[sid]
            parent = mapping.get(s.parent_id)
            positions[parent] += 1
            new_id = c.execute(  # issue 19 (keep-ledger): ids never reused
                "INSERT INTO sections (id, plan_id, parent_id, position, label, title) VALUES (?, ?, ?, ?, ?, ?)",
                (tx.fresh_id("sections"), archive_id, parent, positions[parent], s.label, s.title),
            ).lastrowid
            mapping[sid] = new_id
            snapshot["sections"].append([new_id, parent, positions[parent], s.label, s.title])
        if any(t.section_id not in mapping for t in tasks):  # a task outside any section
            positions[None] += 1
            new_id = c.execute(  # issue 19 (keep-ledger): ids never reused
                "INSERT INTO sections (id, plan_id, parent_id, position, label, title) VALUES (?, ?, NULL, ?, NULL, ?)",
                (tx.fresh_id("sections"), archive_id, positions[None], title),
            ).lastrowid
            snapshot["sections"].append([new_id, None, positions[None], None, title])
            for t in tasks:
                mapping.setdefault(t.section_id, new_id)
        tx.record(Change("plans", archive_id, "revision_archive", None, snapshot))
        return archive_id, mapping

    # ---- rows as the history keeps them -------------------------------------------------

    @staticmethod
    def _plan_row(c, plan_id: int) -> dict | None:
        row = c.execute("SELECT title, issuer, doc_no, issued, year, source, sha256 FROM plans "
                        "WHERE id = ?", (plan_id,)).fetchone()
        if row is None:
            return None
        return dict(zip(("title", "issuer", "doc_no", "issued", "year", "source", "sha256"), row))

    @staticmethod
    def _section_row(c, section_id: int) -> dict | None:
        row = c.execute("SELECT plan_id, parent_id, position, label, title FROM sections WHERE id = ?",
                        (section_id,)).fetchone()
        if row is None:
            return None
        return dict(zip(("plan_id", "parent_id", "position", "label", "title"), row))

    @staticmethod
    def _draft_structure(plan_id: int, section_id: int, seq: int, t: TaskDraft, extra: dict) -> dict:
        from store.parts.revision_diff import links_of  # late: tui/startup.py

        return {"plan_id": plan_id, "section_id": section_id, "seq": seq, "no": t.no, "text": t.text,
                "units": t.units, "time_limit": t.time_limit, "time_limit_kind": t.time_limit_kind,
                "due": t.due, "extra": {**extra, **dict(t.extra)}, "links": links_of(t)}

    @staticmethod
    def _task_structure(c, task_id: int) -> dict | None:
        row = c.execute(
            "SELECT plan_id, section_id, seq, no, text, units, time_limit, time_limit_kind, due, extra, "
            "updated_at FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return None
        out = dict(zip(("plan_id", "section_id", "seq", "no", "text", "units", "time_limit",
                        "time_limit_kind", "due", "extra", "updated_at"), row))
        out["extra"] = json.loads(out["extra"] or "{}")
        out["links"] = [list(r) for r in c.execute(
            "SELECT role, position, written FROM task_units WHERE task_id = ? ORDER BY "
            "CASE role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 ELSE 2 END, position", (task_id,))]
        return out

    # ---- the history's rules --------------------------------------------------------------

    def _plan_is(self, c, ch) -> bool:
        return self._plan_row(c, ch.row_id) == ch.after

    def _write_plan(self, tx, plan_id: int, value) -> None:
        tx.execute("UPDATE plans SET title = ?, issuer = ?, doc_no = ?, issued = ?, year = ?, source = ?, "
                   "sha256 = ? WHERE id = ?",
                   (value["title"], value["issuer"], value["doc_no"], value["issued"], value["year"],
                    value["source"], value["sha256"], plan_id))

    @staticmethod
    def _archive_is(c, ch) -> bool:
        row = c.execute("SELECT title, archived_from FROM plans WHERE id = ?", (ch.row_id,)).fetchone()
        if ch.after is None:
            return row is None
        return row is not None and (row[0], row[1]) == (ch.after["title"], ch.after["archived_from"])

    def _write_archive(self, tx, plan_id: int, value) -> None:
        c = tx.conn
        if value is None:
            if c.execute("SELECT 1 FROM tasks WHERE plan_id = ? LIMIT 1", (plan_id,)).fetchone():
                raise UndoRefused(task=self.db.rules.label(c, Change("plans", plan_id, "", None, None)),
                                   what="plan")
            self.index.drop_plan(c, plan_id)
            c.execute("DELETE FROM plans WHERE id = ?", (plan_id,))
            return
        c.execute(
            "INSERT INTO plans (id, sha256, title, issuer, doc_no, issued, year, source, imported_at, "
            "archived, archived_from, next_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 1)",
            (plan_id, value["sha256"], value["title"], value["issuer"], value["doc_no"], value["issued"],
             value["year"], value["source"], value["imported_at"], value["archived_from"]),
        )
        for sid, parent, position, label, title in value["sections"]:
            c.execute("INSERT INTO sections (id, plan_id, parent_id, position, label, title) "
                      "VALUES (?, ?, ?, ?, ?, ?)", (sid, plan_id, parent, position, label, title))

    def _section_is(self, c, ch) -> bool:
        return self._section_row(c, ch.row_id) == ch.after

    def _write_section(self, tx, section_id: int, value) -> None:
        c = tx.conn
        if value is None:  # only an empty section goes (its tasks moved first): never a cascade
            if c.execute("SELECT 1 FROM tasks WHERE section_id = ? UNION ALL "
                         "SELECT 1 FROM sections WHERE parent_id = ? LIMIT 1",
                         (section_id, section_id)).fetchone():
                raise UndoRefused(task=self._section_label(c, section_id), what="section")
            c.execute("DELETE FROM sections WHERE id = ?", (section_id,))
            return
        if c.execute("SELECT 1 FROM sections WHERE id = ?", (section_id,)).fetchone():
            c.execute("UPDATE sections SET plan_id = ?, parent_id = ?, position = ?, label = ?, title = ? "
                      "WHERE id = ?", (value["plan_id"], value["parent_id"], value["position"],
                                       value["label"], value["title"], section_id))
            for (task_id,) in c.execute(
                "SELECT id FROM tasks WHERE section_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                "SELECT s.id FROM sections s JOIN sub ON s.parent_id = sub.id) SELECT id FROM sub)",
                (section_id,)).fetchall():
                self.index.reindex_task(c, task_id)  # its sections' titles are in its search row
        else:
            c.execute("INSERT INTO sections (id, plan_id, parent_id, position, label, title) "
                      "VALUES (?, ?, ?, ?, ?, ?)", (section_id, value["plan_id"], value["parent_id"],
                                                    value["position"], value["label"], value["title"]))

    @staticmethod
    def _section_label(c, section_id: int) -> str:
        row = c.execute("SELECT label, title FROM sections WHERE id = ?", (section_id,)).fetchone()
        return f"{row[0] or ''}{row[1]}" if row else f"#{section_id}"

    def _task_is(self, c, ch) -> bool:
        now = self._task_structure(c, ch.row_id)
        return now is not None and ch.after is not None and _structure(now) == _structure(ch.after)

    def _write_task(self, tx, task_id: int, value) -> None:
        c = tx.conn
        c.execute("UPDATE tasks SET plan_id = ?, section_id = ?, seq = ?, no = ?, text = ?, units = ?, "
                  "time_limit = ?, time_limit_kind = ?, due = ?, extra = ?, updated_at = ? WHERE id = ?",
                  (value["plan_id"], value["section_id"], value["seq"], value["no"], value["text"],
                   value["units"], value["time_limit"], value["time_limit_kind"], value["due"],
                   json.dumps(value["extra"], ensure_ascii=False), value.get("updated_at") or tx.at,
                   task_id))
        self._write_links(c, task_id, value["links"])
        self.index.reindex_task(c, task_id)

    def _write_links(self, c, task_id: int, links: Iterable) -> None:
        c.execute("DELETE FROM task_units WHERE task_id = ?", (task_id,))
        cache: dict = {}
        for role, position, written in links:
            unit = self.units.register(c, written, cache)
            if unit is not None:
                c.execute("INSERT INTO task_units (task_id, role, position, unit_id, written) "
                          "VALUES (?, ?, ?, ?, ?)", (task_id, role, position, unit[0], written))

    def _added_is(self, c, ch) -> bool:
        if ch.after is None:
            return c.execute("SELECT 1 FROM tasks WHERE id = ?", (ch.row_id,)).fetchone() is None
        now = self._task_structure(c, ch.row_id)
        if now is None or _structure(now) != _structure(ch.after):
            return False
        row = c.execute("SELECT key, state, flag FROM tasks WHERE id = ?", (ch.row_id,)).fetchone()
        notes = [list(r) for r in c.execute(
            "SELECT at, author, unit, source, text FROM notes WHERE task_id = ? AND deleted = 0 ORDER BY id",
            (ch.row_id,))]
        return (list(row) == [ch.after["key"], ch.after["state"], ch.after["flag"]]
                and notes == ch.after["notes"])

    def _write_added(self, tx, task_id: int, value) -> None:
        c = tx.conn
        if value is None:  # undone: the task goes (undo checked it was as added)
            c.execute("DELETE FROM task_search WHERE rowid = ?", (task_id,))
            c.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
            return
        c.execute(
            "INSERT INTO tasks (id, key, plan_id, section_id, seq, no, text, units, time_limit, "
            "time_limit_kind, due, state, flag, extra, updated_at, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (task_id, value["key"], value["plan_id"], value["section_id"], value["seq"], value["no"],
             value["text"], value["units"], value["time_limit"], value["time_limit_kind"], value["due"],
             value["state"], value["flag"], json.dumps(value["extra"], ensure_ascii=False),
             value["updated_at"], value["origin"]),
        )
        for at, author, unit, note_source, text in value["notes"]:
            c.execute("INSERT INTO notes (id, task_id, at, author, unit, source, text) "  # issue 19: ids
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",                                    # never reused
                      (tx.fresh_id("notes"), task_id, at, author, unit, note_source, text))
        self._write_links(c, task_id, value["links"])
        self.index.reindex_task(c, task_id)


def _structure(snapshot: dict) -> dict:
    """A task's fields that a revision sets (not its 更新时间, which it restores but does not
    compare: a tick since changes that, and must not stop the undo of a revision)."""
    return {k: snapshot.get(k) for k in _STRUCTURE}


