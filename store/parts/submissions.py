"""Submissions: returned forms written into the ledger — a merge preview in one transaction,
one change-set, one undo step.

Each ready file becomes a submission (its rows kept as read, so nothing a unit wrote is lost even
where it changed nothing); a newer file of the same unit and round supersedes the older one.
States change only where the preview says so, and only if the task still has the state the
preview saw: a task changed by someone else since is left alone and reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from store.db import Database, FieldRule
from store.errors import TaizhangError
from store.models import Change, ChangeSet
from store.parts.notes import Notes
from store.textclean import strip_control


@dataclass(frozen=True)
class MergeResult:
    changeset: ChangeSet | None
    submissions: tuple[int, ...]
    states: int
    notes: int
    stale: tuple[str, ...] = field(default=())
    """Tasks left alone because they changed after the preview was made."""


def _rows_json(fp) -> str:
    rows = []
    for r in fp.rows:
        rows.append({
            "line": r.line, "key": r.key, "task_id": r.task_id, "status": r.status,
            "values": r.values, "note": r.full_note,
            "reported": list(r.reported) if r.reported else None,
            "doubts": [[code, params] for code, params in r.doubts],
            "refusal": list(r.refusal) if r.refusal else None,
        })
    return json.dumps(rows, ensure_ascii=False)


class Submissions:
    def __init__(self, db: Database, notes: Notes):
        self.db = db
        self.notes = notes
        rules = db.rules
        rules.add("submissions", "created", FieldRule(is_current=self._created_is))
        rules.add("submissions", "deleted", FieldRule(is_current=self._deleted_is,
                                                      apply=self._write_deleted))
        rules.add("submissions", "superseded_by", FieldRule(is_current=self._superseded_is,
                                                            apply=self._write_superseded))
        rules.label_with("submissions", self._label)

    # ---- the history's rules -------------------------------------------------------------

    @staticmethod
    def _row(c, sid: int):
        return c.execute("SELECT withdrawn, superseded_by FROM submissions WHERE id = ?",
                         (sid,)).fetchone()

    def _created_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and not row[0]

    def _deleted_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and bool(row[0]) == bool(ch.after)

    def _superseded_is(self, c, ch) -> bool:
        row = self._row(c, ch.row_id)
        return row is not None and row[1] == ch.after

    @staticmethod
    def _write_deleted(tx, sid: int, value) -> None:
        tx.execute("UPDATE submissions SET withdrawn = ? WHERE id = ?", (int(value), sid))

    @staticmethod
    def _write_superseded(tx, sid: int, value) -> None:
        tx.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?", (value, sid))

    @staticmethod
    def _label(c, sid: int) -> str:
        row = c.execute("SELECT file_name FROM submissions WHERE id = ?", (sid,)).fetchone()
        return (row[0] if row else None) or f"#{sid}"

    # ---- merging -------------------------------------------------------------------------

    def apply_merge(self, preview) -> MergeResult:
        """Write the preview's ready files in one transaction (the caller backs up first);
        nothing ready: TaizhangError."""
        ready = preview.ready
        if not ready:
            raise TaizhangError("merge.nothing")
        stale: list[str] = []
        subs: list[int] = []
        states = notes = 0
        with self.db.transaction(source="merge", summary="merge") as tx:
            c, now = tx.conn, tx.at
            for fp in ready:
                if c.execute("SELECT 1 FROM submissions WHERE sha256 = ? AND plan_id = ? AND withdrawn = 0",
                             (fp.sha256, fp.plan_id)).fetchone():
                    continue  # merged by another copy since the preview
                sid = c.execute(
                    "INSERT INTO submissions (round_id, plan_id, unit_id, file_name, sha256, received_at, "
                    "filler, phone, filled_on, rows, changeset_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (fp.round_id, fp.plan_id, fp.unit_id, fp.name, fp.sha256, now,
                     fp.filler or None, fp.phone or None, fp.filled_on or None, _rows_json(fp), tx.changeset_id),
                ).lastrowid
                subs.append(sid)
                tx.record_created("submissions", sid, fp.name)
                if fp.supersedes is not None:
                    c.execute("UPDATE submissions SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL",
                              (sid, fp.supersedes))
                    tx.record(Change("submissions", fp.supersedes, "superseded_by", None, sid))
                author = fp.filler or fp.unit
                for r in fp.rows:
                    if r.task_id is None or r.status in ("refused", "unmatched"):
                        continue
                    target = r.sets_state
                    if target is not None:
                        state, flag = c.execute("SELECT state, flag FROM tasks WHERE id = ?",
                                                (r.task_id,)).fetchone()
                        if r.state_before is not None and (state, flag) != r.state_before \
                                and (state, flag) != target:
                            stale.append(r.label)
                        elif (state, flag) != target:
                            for fld, before, after in (("state", state, target[0]), ("flag", flag, target[1])):
                                if before != after:
                                    tx.change("tasks", r.task_id, fld, before, after)
                            states += 1
                    if r.note:
                        text, _ = strip_control(r.note)
                        self.notes.insert(tx, r.task_id, text, author=author, unit=fp.unit,
                                          source="merge")
                        notes += 1
            if subs:
                c.execute("UPDATE changesets SET submission_id = ? WHERE id = ?",
                          (subs[0], tx.changeset_id))
            result = tx.changeset()
        return MergeResult(result, tuple(subs), states, notes, tuple(stale))

    def with_sha256(self, sha: str, plan_id: int) -> dict | None:
        """The newest submission of this very file for this plan (merged before), if any."""
        row = self.db.conn().execute(
            "SELECT id, received_at FROM submissions WHERE sha256 = ? AND plan_id = ? "
            "AND withdrawn = 0 ORDER BY id DESC LIMIT 1", (sha, plan_id)).fetchone()
        return None if row is None else {"id": row[0], "received_at": row[1]}

    def latest(self, plan_id: int, unit_id: int, round_id: int | None) -> dict | None:
        """The unit's standing submission for this plan and round (a newer file supersedes it),
        with its rows as read."""
        row = self.db.conn().execute(
            "SELECT id, rows, file_name FROM submissions WHERE plan_id = ? AND unit_id = ? "
            "AND round_id IS ? AND withdrawn = 0 AND superseded_by IS NULL ORDER BY id DESC LIMIT 1",
            (plan_id, unit_id, round_id)).fetchone()
        if row is None:
            return None
        return {"id": row[0], "rows": json.loads(row[1]), "file_name": row[2]}

    def received(self, round_id: int | None = None) -> list[dict]:
        """Submissions received (a round's, or all), newest first, withdrawn ones left out."""
        where = "" if round_id is None else "AND s.round_id = :r"
        rows = self.db.conn().execute(
            "SELECT s.id, s.round_id, s.plan_id, s.unit_id, u.name, s.file_name, s.sha256, "
            "s.received_at, s.filler, s.phone, s.superseded_by FROM submissions s "
            f"JOIN units u ON u.id = s.unit_id WHERE s.withdrawn = 0 {where} ORDER BY s.id DESC",
            {"r": round_id},
        ).fetchall()
        keys = ("id", "round_id", "plan_id", "unit_id", "unit", "file_name", "sha256",
                "received_at", "filler", "phone", "superseded_by")
        return [dict(zip(keys, r)) for r in rows]
