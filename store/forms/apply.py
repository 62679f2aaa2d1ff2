"""Write a merge preview into the ledger: one transaction, one change-set, one undo step.

Each ready file becomes a submission (its rows kept as read, so nothing a unit wrote is lost even
where it changed nothing); a newer file of the same unit and round supersedes the older one.
States change only where the preview says so, and only if the task still has the state the
preview saw: a task changed by someone else since is left alone and reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from store.errors import TaizhangError
from store.models import Change, ChangeSet
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


class MergeMixin:
    def apply_merge(self, preview) -> MergeResult:
        """Write the preview's ready files. Backup first; nothing ready: TaizhangError."""
        ready = preview.ready
        if not ready:
            raise TaizhangError("merge.nothing")
        self.backup_before("merge")
        stale: list[str] = []
        subs: list[int] = []
        states = notes = 0
        with self._write() as c:
            now = self.now()
            cs_id = self._new_changeset(c, source="merge", summary="merge", at=now)
            for fp in ready:
                if c.execute("SELECT 1 FROM submissions WHERE sha256 = ? AND plan_id = ? AND withdrawn = 0",
                             (fp.sha256, fp.plan_id)).fetchone():
                    continue  # merged by another copy since the preview
                sid = c.execute(
                    "INSERT INTO submissions (round_id, plan_id, unit_id, file_name, sha256, received_at, "
                    "filler, phone, filled_on, rows, changeset_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (fp.round_id, fp.plan_id, fp.unit_id, fp.name, fp.sha256, now,
                     fp.filler or None, fp.phone or None, fp.filled_on or None, _rows_json(fp), cs_id),
                ).lastrowid
                subs.append(sid)
                self._record(c, cs_id, Change("submissions", sid, "created", None, fp.name))
                if fp.supersedes is not None:
                    c.execute("UPDATE submissions SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL",
                              (sid, fp.supersedes))
                    self._record(c, cs_id, Change("submissions", fp.supersedes, "superseded_by", None, sid))
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
                                    self._apply(c, "tasks", r.task_id, fld, after, now)
                                    self._record(c, cs_id, Change("tasks", r.task_id, fld, before, after))
                            states += 1
                    if r.note:
                        text, _ = strip_control(r.note)
                        note_id = c.execute(
                            "INSERT INTO notes (task_id, at, author, unit, source, text) "
                            "VALUES (?, ?, ?, ?, 'merge', ?)",
                            (r.task_id, now, author, fp.unit, text),
                        ).lastrowid
                        self._record(c, cs_id, Change("notes", note_id, "created", None, text))
                        self._index_task(c, r.task_id)
                        notes += 1
            if subs:
                c.execute("UPDATE changesets SET submission_id = ? WHERE id = ?", (subs[0], cs_id))
            result = self._changeset(c, cs_id)
        self._skipped.clear()
        return MergeResult(result, tuple(subs), states, notes, tuple(stale))

    def submissions(self, round_id: int | None = None) -> list[dict]:
        """Submissions received (a round's, or all), newest first, withdrawn ones left out."""
        where = "" if round_id is None else "AND s.round_id = :r"
        rows = self._conn().execute(
            "SELECT s.id, s.round_id, s.plan_id, s.unit_id, u.name, s.file_name, s.sha256, "
            "s.received_at, s.filler, s.phone, s.superseded_by FROM submissions s "
            f"JOIN units u ON u.id = s.unit_id WHERE s.withdrawn = 0 {where} ORDER BY s.id DESC",
            {"r": round_id},
        ).fetchall()
        keys = ("id", "round_id", "plan_id", "unit_id", "unit", "file_name", "sha256",
                "received_at", "filler", "phone", "superseded_by")
        return [dict(zip(keys, r)) for r in rows]
