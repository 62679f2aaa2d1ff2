"""The history read back: a task's change-sets, the entries a JSON export carries, and what a
change-set did in words (for the notices after a change, an undo or a redo)."""
from __future__ import annotations

from typing import Iterable

from store import i18n
from store.db import Database
from store.db.database import decode, id_list
from store.errors import NotFoundError
from store.models import Change, ChangeSet


_NOT_EXPORTED = ("row", "place")
"""What a JSON export's history leaves out (issue 19): a row's snapshot (added, deleted) and its
place among its siblings, which mean nothing in another database."""


class HistoryViews:
    def __init__(self, db: Database):
        self.db = db

    def changeset(self, changeset_id: int) -> ChangeSet:
        found = self.db.read_changesets([changeset_id])
        if not found:
            raise NotFoundError(what="changeset", ident=changeset_id)
        return found[0]

    def of_task(self, task_id: int) -> list[ChangeSet]:
        """The change-sets that touched this task or its notes, newest first, each holding only
        the changes to this task (an import change-set is about the plan, so not listed)."""
        c = self.db.conn()
        note_ids = {r[0] for r in c.execute("SELECT id FROM notes WHERE task_id = ?", (task_id,))}

        def mine(ch: Change) -> bool:
            return (ch.table == "tasks" and ch.row_id == task_id) or (
                ch.table == "notes" and ch.row_id in note_ids
            )

        ids = [
            r[0]
            for r in c.execute(
                "SELECT DISTINCT changeset_id FROM changes WHERE (tbl = 'tasks' AND row_id = ?) "
                "OR (tbl = 'notes' AND row_id IN (SELECT value FROM json_each(?))) "
                "ORDER BY changeset_id DESC",
                (task_id, id_list(note_ids)),
            )
        ]
        return self.db.read_changesets(ids, only=mine, conn=c)

    def entries(self, task_ids: Iterable[int]) -> dict[int, list[dict]]:
        """Each task's state, flag and note changes, oldest first, as JSON v1 history entries.

        A note's changes read as field "note" with the text before and after (null when the
        note did not exist or was deleted), so the entries mean the same in another database,
        where the notes have other ids.
        """
        c = self.db.conn()
        ids = list(task_ids)
        notes = {
            nid: (tid, text)
            for nid, tid, text in c.execute(
                "SELECT id, task_id, text FROM notes "
                "WHERE task_id IN (SELECT value FROM json_each(?))",
                (id_list(ids),),
            )
        }
        rows = c.execute(
            "SELECT cs.at, cs.actor, cs.actor_unit, cs.source, ch.tbl, ch.row_id, ch.field, "
            "ch.before, ch.after FROM changes ch JOIN changesets cs ON cs.id = ch.changeset_id "
            "WHERE (ch.tbl = 'tasks' AND ch.row_id IN (SELECT value FROM json_each(?))) "
            "OR (ch.tbl = 'notes' AND ch.row_id IN (SELECT value FROM json_each(?))) "
            "ORDER BY ch.changeset_id, ch.id",
            (id_list(ids), id_list(notes)),
        ).fetchall()
        # A note's text as of each change: its first recorded text, then followed along.
        text_now: dict[int, str] = {}
        for *_, tbl, row_id, field, before, after in rows:
            if tbl == "notes" and row_id not in text_now:
                if field == "text":
                    text_now[row_id] = decode(before)
                elif field == "created":
                    text_now[row_id] = decode(after)
        out: dict[int, list[dict]] = {}
        for at, actor, unit, source, tbl, row_id, field, before, after in rows:
            if field in _NOT_EXPORTED:
                continue
            before, after = decode(before), decode(after)
            if tbl == "tasks":
                task_id = row_id
            else:
                task_id, current = notes[row_id]
                text = text_now.get(row_id, current)
                if field == "created":
                    field, before = "note", None
                    text_now[row_id] = after
                elif field == "text":
                    field = "note"
                    text_now[row_id] = after
                elif field == "deleted":
                    field, before, after = ("note", text, None) if after else ("note", None, text)
                else:
                    continue
            out.setdefault(task_id, []).append(
                {"at": at, "actor": actor, "unit": unit, "source": source,
                 "field": field, "before": before, "after": after}
            )
        return out

    # ---- in words ------------------------------------------------------------------------

    def describe(self, changeset: ChangeSet, lang: str = i18n.DEFAULT_LANG) -> tuple[str, dict]:
        """A catalog code and its parameters saying what a change-set did, for a message."""
        c = self.db.conn()
        changes = changeset.changes
        label = lambda ch: self.db.rules.label(c, ch)  # noqa: E731
        subs = [ch for ch in changes if ch.table == "submissions" and ch.field in ("created", "deleted")]
        if subs:
            tasks = {ch.row_id for ch in changes if ch.table == "tasks"}
            notes = sum(1 for ch in changes if ch.table == "notes")
            return "change.merge", {"files": len(subs), "tasks": len(tasks), "notes": notes}
        # issue 19 (revisions/units): a revision merged, unit names joined, a ledger setting
        revised = next((ch for ch in changes if ch.table == "plans" and ch.field == "revision"), None)
        if revised is not None:
            title = (revised.before or revised.after or {}).get("title") or i18n.t("import.untitled", lang)
            tasks = len({ch.row_id for ch in changes if ch.table == "tasks"})
            return "change.revision", {"title": title, "tasks": tasks}
        joins = [ch for ch in changes if ch.table == "units" and ch.field == "same_as"]
        if joins:
            code = "change.units_join" if joins[0].after is not None else "change.units_split"
            names = "、".join(dict.fromkeys(label(ch) for ch in joins))
            into = label(Change("units", joins[0].after, "", None, None)) if joins[0].after else ""
            return code, {"names": names, "into": into, "count": len(joins)}
        setting = next((ch for ch in changes if ch.table == "settings"), None)
        if setting is not None:
            return "change.setting", {"name": i18n.t("setting." + label(setting), lang)}
        plans = [ch for ch in changes if ch.table == "plans"]
        if plans:
            ch = plans[0]
            title = ch.after if ch.field == "created" else None
            if title is None:  # an undone import: the plan is gone, its import change is not
                row = c.execute(
                    "SELECT after FROM changes WHERE tbl = 'plans' AND row_id = ? "
                    "AND field = 'created'",
                    (ch.row_id,),
                ).fetchone()
                title = decode(row[0]) if row else None
            if title is None:  # untitled: named as the app names it (its file's name)
                title = label(ch) if not label(ch).startswith("#") else i18n.t("import.untitled", lang)
            return "change.import", {"title": title}
        notes = [ch for ch in changes if ch.table == "notes"]
        if notes:
            ch = notes[0]
            code = {"created": "change.note_added", "text": "change.note_edited"}.get(ch.field)
            if ch.field == "deleted":
                code = "change.note_deleted" if ch.after else "change.note_added"
            return code or "change.other", {"task": label(ch), "count": len(changes)}
        per_task: dict[int, dict[str, Change]] = {}
        for ch in changes:
            if ch.table == "tasks" and ch.field in ("state", "flag"):
                per_task.setdefault(ch.row_id, {})[ch.field] = ch
        if not per_task:
            return "change.other", {"count": len(changes)}
        befores, afters = [], []
        for task_id, fields in per_task.items():
            row = c.execute("SELECT state, flag FROM tasks WHERE id = ?", (task_id,)).fetchone()
            state_now = row[0] if row else "todo"
            st, fl = fields.get("state"), fields.get("flag")
            flag_now = fl.after if fl else (row[1] if row else None)
            b_state, a_state = (st.before, st.after) if st else (state_now, state_now)
            b_flag = fl.before if fl else flag_now
            befores.append(state_word(b_state, b_flag, lang))
            afters.append(state_word(a_state, flag_now if fl else b_flag, lang))
        if len(per_task) == 1:
            task = label(Change("tasks", next(iter(per_task)), "", None, None))
            return "change.state", {"task": task, "before": befores[0], "after": afters[0]}
        return "change.many", {
            "count": len(per_task),
            "before": "/".join(dict.fromkeys(befores)),
            "after": "/".join(dict.fromkeys(afters)),
        }


def state_word(state: str, flag: str | None, lang: str) -> str:
    word = i18n.state_word(state, lang)
    if flag:
        return i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{flag}", lang))
    return word
