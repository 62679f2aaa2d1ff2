"""Submissions: returned forms written into the ledger — a merge preview in one transaction,
one change-set, one undo step.

Each ready file becomes a submission (its rows kept as read, with what the merge made of each,
so nothing a unit wrote is lost even where it changed nothing). Of one unit's several files for a
plan and round, the newest report (填报日期, then the file's time) stands and supersedes the
others, whatever order they were merged in. States change only where the settled preview says
so, and only if the task still has the state the preview saw: a task changed by someone else
since is left alone and reported. Doubtful rows the clerk did not confirm write nothing.
"""
from __future__ import annotations

import json
from typing import Iterable, NamedTuple

from store.db import Database, FieldRule
from store.db.database import id_list
from store.errors import TaizhangError
from store.models import Change, ChangeSet
from store.parts.notes import Notes
from store.textclean import strip_control


class MergeResult(NamedTuple):
    changeset: ChangeSet | None
    submissions: tuple[int, ...]
    states: int
    notes: int
    stale: tuple[str, ...] = ()
    """Tasks left alone because they changed after the preview was made."""
    held: int = 0
    """Doubtful rows not written (the clerk did not confirm them)."""


def _row_json(r, written: dict | None) -> dict:
    return {
        "line": r.line, "key": r.key, "task_id": r.task_id, "task_key": r.task_key, "status": r.status,
        "values": r.values, "note": r.full_note,
        "reported": list(r.reported) if r.reported else None, "word": r.reported_word,
        "decides": r.decides, "held": r.held, "confirmed": r.confirmed, "suggested": r.suggested,
        "doubts": [[code, params] for code, params in r.doubts],
        "notices": [[code, params] for code, params in r.notices],
        "refusal": list(r.refusal) if r.refusal else None,
        "overruled": list(r.overruled) if r.overruled else None,
        "set": written,
    }


_SUB_COLS = ("s.id, s.round_id, s.plan_id, s.unit_id, u.name, s.file_name, s.sha256, s.received_at, "
             "s.reported_on, s.file_time, s.filler, s.phone, s.filled_on, s.superseded_by, s.rows")
_SUB_KEYS = ("id", "round_id", "plan_id", "unit_id", "unit", "file_name", "sha256", "received_at",
             "reported_on", "file_time", "filler", "phone", "filled_on", "superseded_by", "rows")


def _sub(row) -> dict:
    out = dict(zip(_SUB_KEYS, row))
    out["rows"] = json.loads(out["rows"] or "[]")
    return out


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
        """Write the preview's ready files, settled with the clerk's choices, in one transaction
        (the caller backs up first); nothing ready: TaizhangError."""
        preview.settle()
        files = preview.in_order()
        if not files:
            raise TaizhangError("merge.nothing")
        stale: list[str] = []
        subs: list[int] = []
        ids: dict[int, int] = {}
        touched: list[int] = []
        states = notes = held = 0
        with self.db.transaction(source="merge", summary="merge") as tx:
            c, now = tx.conn, tx.at
            for fp in files:
                if c.execute("SELECT 1 FROM submissions WHERE sha256 = ? AND plan_id = ? AND withdrawn = 0",
                             (fp.sha256, fp.plan_id)).fetchone():
                    continue  # merged by another copy since the preview
                rows = []
                for r in fp.rows:
                    written = None
                    target = r.sets_state
                    live = r.task_id is not None and r.status not in ("refused", "unmatched")
                    held += live and r.held
                    if live and not r.held and target is not None:
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
                            written = {"kind": r.via or "report", "before": [state, flag], "after": list(target)}
                    rows.append(_row_json(r, written))
                newer = ids.get(id(fp.newer)) if fp.newer is not None else None
                sid = c.execute(
                    "INSERT INTO submissions (round_id, plan_id, unit_id, file_name, sha256, received_at, "
                    "filler, phone, filled_on, reported_on, file_time, rows, changeset_id, superseded_by) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (fp.round_id, fp.plan_id, fp.unit_id, fp.name, fp.sha256, now,
                     fp.filler or None, fp.phone or None, fp.filled_on or None, fp.reported_on or now[:10],
                     fp.file_time or None, json.dumps(rows, ensure_ascii=False), tx.changeset_id,
                     fp.superseded_by or newer),
                ).lastrowid
                ids[id(fp)] = sid
                subs.append(sid)
                tx.record_created("submissions", sid, fp.name)
                if fp.supersedes is not None:
                    c.execute("UPDATE submissions SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL",
                              (sid, fp.supersedes))
                    tx.record(Change("submissions", fp.supersedes, "superseded_by", None, sid))
                author = fp.filler or fp.unit
                for r in fp.rows:
                    if r.task_id is None or r.status in ("refused", "unmatched") or r.held or not r.note:
                        continue
                    text, _ = strip_control(r.note)
                    self.notes.insert(tx, r.task_id, text, author=author, unit=fp.unit, source="merge",
                                      reindex=False)
                    touched.append(r.task_id)
                    notes += 1
            # an older file of this merge points at the newest of its unit (written after it)
            for fp in files:
                if fp.newer is not None and id(fp) in ids and id(fp.newer) in ids:
                    c.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?",
                              (ids[id(fp.newer)], ids[id(fp)]))
            self.notes.reindex(tx, touched)
            if subs:
                c.execute("UPDATE changesets SET submission_id = ? WHERE id = ?",
                          (subs[0], tx.changeset_id))
            result = tx.changeset()
        return MergeResult(result, tuple(subs), states, notes, tuple(stale), held)

    def reports(self, plan_ids: Iterable[int]) -> list[dict]:
        """Every submission of these plans still standing in the history (not withdrawn by an
        undo), with its rows as stored: what a merge weighs new reports against."""
        rows = self.db.conn().execute(
            f"SELECT {_SUB_COLS} FROM submissions s JOIN units u ON u.id = s.unit_id "
            "WHERE s.withdrawn = 0 AND s.plan_id IN (SELECT value FROM json_each(?)) ORDER BY s.id",
            (id_list(plan_ids),)).fetchall()
        return [_sub(r) for r in rows]

    def standing(self, round_id: int) -> list[dict]:
        """The round's standing submission per plan and unit (the newest report: the others are
        superseded), with its rows as stored, in plan and unit order of receipt."""
        rows = self.db.conn().execute(
            f"SELECT {_SUB_COLS} FROM submissions s JOIN units u ON u.id = s.unit_id "
            "WHERE s.withdrawn = 0 AND s.superseded_by IS NULL AND s.round_id = ? ORDER BY s.plan_id, s.id",
            (round_id,)).fetchall()
        out: dict[tuple[int, int], dict] = {}
        for r in rows:
            sub = _sub(r)
            key = (sub["plan_id"], sub["unit_id"])
            if key not in out or submission_rank(sub) > submission_rank(out[key]):
                out[key] = sub
        return list(out.values())

    def with_sha256(self, sha: str, plan_id: int) -> dict | None:
        """The newest submission of this very file for this plan (merged before), if any."""
        row = self.db.conn().execute(
            "SELECT id, received_at FROM submissions WHERE sha256 = ? AND plan_id = ? "
            "AND withdrawn = 0 ORDER BY id DESC LIMIT 1", (sha, plan_id)).fetchone()
        return None if row is None else {"id": row[0], "received_at": row[1]}

    def latest(self, plan_id: int, unit_id: int, round_id: int | None) -> dict | None:
        """The unit's standing submission for this plan and round (the newest report), with its
        rows as stored."""
        rows = self.db.conn().execute(
            f"SELECT {_SUB_COLS} FROM submissions s JOIN units u ON u.id = s.unit_id "
            "WHERE s.plan_id = ? AND s.unit_id = ? AND s.round_id IS ? AND s.withdrawn = 0 "
            "AND s.superseded_by IS NULL", (plan_id, unit_id, round_id)).fetchall()
        subs = [_sub(r) for r in rows]
        return max(subs, key=submission_rank) if subs else None

    def received(self, round_id: int | None = None) -> list[dict]:
        """Submissions received (a round's, or all), newest first, withdrawn ones left out."""
        where = "" if round_id is None else "AND s.round_id = :r"
        rows = self.db.conn().execute(
            "SELECT s.id, s.round_id, s.plan_id, s.unit_id, u.name, s.file_name, s.sha256, "
            "s.received_at, s.filler, s.phone, s.superseded_by, s.reported_on FROM submissions s "
            f"JOIN units u ON u.id = s.unit_id WHERE s.withdrawn = 0 {where} ORDER BY s.id DESC",
            {"r": round_id},
        ).fetchall()
        keys = ("id", "round_id", "plan_id", "unit_id", "unit", "file_name", "sha256",
                "received_at", "filler", "phone", "superseded_by", "reported_on")
        return [dict(zip(keys, r)) for r in rows]


def submission_rank(sub: dict) -> tuple:
    """Which of a unit's submissions is newer: round, 填报日期, the file's time, its bytes."""
    return (sub["round_id"] or 0, sub["reported_on"] or sub["received_at"][:10], sub["file_time"] or "",
            sub["sha256"])
