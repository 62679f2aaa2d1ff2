"""Reporting rounds: periods with a due date, the units each plan's forms go to, and who has
reported.

A round covers some plans (all when none are named). Opening and closing it snapshot every
task's state, so an export can show what changed in the period (本期进展) against the last
closed round, or against the round's opening when none has closed yet.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Iterable

from store.db import Database
from store.errors import TaizhangError
from store.models import UnitInfo
from store.parts.plans import Plans
from store.parts.tasks import Tasks
from store.textclean import strip_control
from store.unitnames import base_name, normalise_name

if TYPE_CHECKING:  # loaded where a round is first read or made, not on every start
    from store.round_models import FormTask, PeriodChange, Round, UnitReturn

_ROUND_COLS = "id, name, due, plan_ids, opened_at, closed_at"
_ROLE_RANK = {"lead": 0, "responsible": 1, "support": 2}

# A unit name that addresses many units at once, by its grammar: 各… ("each …"), or "the other
# / relevant units" of some level. The configured list adds names this cannot see.
_CATCH_ALL_SHAPE = re.compile(
    r"^各|各(?:单位|部门|科室|处室|镇街|乡镇)|(?:其他|其它|有关|相关)(?:单位|部门|科室|处室)$"
)


def is_catch_all(name: str, catch_alls: Iterable[str] = ()) -> bool:
    """Does this unit name stand for many units (各单位, 市直有关单位 …), not one?"""
    norm = normalise_name(name)
    listed = {normalise_name(n) for n in catch_alls}
    return norm in listed or base_name(norm) in listed or bool(_CATCH_ALL_SHAPE.search(base_name(norm)))


def _round(row) -> Round:
    from store.round_models import Round
    return Round(row[0], row[1], row[2], tuple(json.loads(row[3] or "[]")), row[4], row[5])


def _valid_due(due: str | None) -> str | None:
    if due is None or not str(due).strip():
        return None
    try:
        return date.fromisoformat(str(due).strip()).isoformat()
    except ValueError:
        raise TaizhangError("round.bad_due", due=due) from None


class Rounds:
    """Rounds, form recipients and returns."""

    def __init__(self, db: Database, plans: Plans, tasks: Tasks):
        self.db = db
        self.plans = plans
        self.tasks = tasks

    # ---- rounds --------------------------------------------------------------------------

    def new_round(self, name: str, *, due: str | None = None, plan_ids: Iterable[int] = ()) -> Round:
        """Open a round; its opening snapshot is the baseline until a round closes."""
        name, _ = strip_control(name or "")
        name = name.strip()
        if not name:
            raise TaizhangError("round.no_name")
        due = _valid_due(due)
        plans = sorted(set(plan_ids))
        with self.db.transaction() as tx:
            c = tx.conn
            if c.execute("SELECT 1 FROM rounds WHERE name = ?", (name,)).fetchone():
                raise TaizhangError("round.exists", name=name)
            known = {r[0] for r in c.execute("SELECT id FROM plans")}
            for p in plans:
                if p not in known:
                    raise TaizhangError("not_found", what="plan", ident=p)
            now = self.db.now()
            round_id = c.execute(
                "INSERT INTO rounds (name, due, plan_ids, opened_at) VALUES (?, ?, ?, ?)",
                (name, due, json.dumps(plans), now),
            ).lastrowid
            self._snapshot(c, round_id, "open", now)
            return _round(c.execute(f"SELECT {_ROUND_COLS} FROM rounds WHERE id = ?",
                                    (round_id,)).fetchone())

    def rounds(self) -> list[Round]:
        """Every round, newest first."""
        rows = self.db.conn().execute(f"SELECT {_ROUND_COLS} FROM rounds ORDER BY id DESC")
        return [_round(r) for r in rows]

    def round(self, ident: str | int) -> Round:
        """A round by name (or by id)."""
        c = self.db.conn()
        row = c.execute(f"SELECT {_ROUND_COLS} FROM rounds WHERE name = ?", (str(ident).strip(),)).fetchone()
        if row is None and str(ident).isdigit():
            row = c.execute(f"SELECT {_ROUND_COLS} FROM rounds WHERE id = ?", (int(ident),)).fetchone()
        if row is None:
            raise TaizhangError("round.not_found", name=ident)
        return _round(row)

    def current_round(self) -> Round | None:
        """The newest open round, if any."""
        row = self.db.conn().execute(
            f"SELECT {_ROUND_COLS} FROM rounds WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return _round(row) if row else None

    def close_round(self, ident: str | int) -> Round:
        """Close a round: snapshot the ledger as the baseline of the next period."""
        r = self.round(ident)
        if not r.is_open:
            raise TaizhangError("round.closed", name=r.name)
        with self.db.transaction() as tx:
            c = tx.conn
            now = self.db.now()
            c.execute("UPDATE rounds SET closed_at = ? WHERE id = ?", (now, r.id))
            self._snapshot(c, r.id, "close", now)
        return self.round(r.id)

    def _snapshot(self, c, round_id: int, kind: str, at: str) -> None:
        last_note = c.execute("SELECT coalesce(max(id), 0) FROM notes").fetchone()[0]
        last_cs = c.execute("SELECT coalesce(max(id), 0) FROM changesets").fetchone()[0]
        snap = c.execute(
            "INSERT INTO round_snapshots (round_id, kind, at, last_note_id, last_changeset_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (round_id, kind, at, last_note, last_cs),
        ).lastrowid
        c.execute(
            "INSERT INTO snapshot_tasks (snapshot_id, task_id, state, flag) "
            "SELECT ?, id, state, flag FROM tasks",
            (snap,),
        )

    # ---- the period ----------------------------------------------------------------------

    def period_baseline(self) -> tuple[Round, str, int] | None:
        """The snapshot 本期进展 is measured from: (round, kind, snapshot id) — the newest closed
        round's closing, else the current round's opening; None when there are no rounds."""
        c = self.db.conn()
        row = c.execute(
            "SELECT s.id, s.kind, s.round_id FROM round_snapshots s WHERE s.kind = 'close' "
            "ORDER BY s.id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            current = self.current_round()
            if current is None:
                return None
            row = c.execute(
                "SELECT id, kind, round_id FROM round_snapshots WHERE round_id = ? AND kind = 'open'",
                (current.id,),
            ).fetchone()
            if row is None:
                return None
        return self.round(row[2]), row[1], row[0]

    def period_changes(self, task_ids: Iterable[int] | None = None) -> dict[int, PeriodChange]:
        """Per task: its state at the baseline and now, and the notes added since (the changed
        tasks only). Empty when there is no round."""
        from store.round_models import PeriodChange
        base = self.period_baseline()
        if base is None:
            return {}
        _, _, snap_id = base
        c = self.db.conn()
        last_note = c.execute("SELECT last_note_id FROM round_snapshots WHERE id = ?",
                              (snap_id,)).fetchone()[0]
        wanted = "" if task_ids is None else "AND t.id IN (SELECT value FROM json_each(:ids))"
        params = {"snap": snap_id, "last": last_note,
                  "ids": json.dumps(list(task_ids)) if task_ids is not None else "[]"}
        out: dict[int, PeriodChange] = {}
        for task_id, before, now, new_notes in c.execute(
            "SELECT t.id, st.state, t.state, (SELECT count(*) FROM notes n WHERE n.task_id = t.id "
            "  AND n.id > :last AND n.deleted = 0) "
            "FROM tasks t LEFT JOIN snapshot_tasks st ON st.snapshot_id = :snap AND st.task_id = t.id "
            f"WHERE 1 {wanted}",
            params,
        ):
            change = PeriodChange(task_id, before, now, new_notes)
            if change.changed:
                out[task_id] = change
        return out

    # ---- who gets a form -----------------------------------------------------------------

    def _plan_units(self, plan_id: int, catch_alls: Iterable[str]):
        """The plan's units in order of first mention, catch-alls left out, and for each unit id
        the id of the unit that stands for it: names that are aliases of each other (市卫健局,
        市卫生健康局) are one unit and get one form, and so are names the clerk joined (issue 19:
        units.same_as), under the name the clerk kept."""
        c = self.db.conn()
        rows = c.execute(
            "SELECT u.id, u.name, u.aliases, count(DISTINCT tu.task_id), coalesce(u.same_as, u.id), "
            "r.name FROM units u JOIN units r ON r.id = coalesce(u.same_as, u.id) "
            "JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id "
            "WHERE t.plan_id = ? GROUP BY u.id ORDER BY min(t.seq), u.name",
            (plan_id,),
        ).fetchall()
        catch = tuple(catch_alls)
        groups: list[list] = []
        names: dict = {}
        for r in rows:
            if is_catch_all(r[1], catch):
                continue
            info = UnitInfo(r[0], r[1], json.loads(r[2]), r[3])
            keys = {normalise_name(info.name), *(normalise_name(a) for a in info.aliases), ("root", r[4])}
            at = next((names[k] for k in keys if k in names), None)
            if at is None:
                at = len(groups)
                groups.append([])
            groups[at].append((info, r[4], r[5]))
            for k in keys:
                names[k] = at
        units: list = []
        rep: dict[int, int] = {}
        for members in groups:
            first = members[0][0]
            joined = [m for m in members if m[1] != m[0].id]  # named under a unit it was joined to
            if not joined:  # one name, or names that are aliases of each other: as before
                info = first
            else:  # the name the clerk kept; its id when the plan names it, else the first's
                root_id, root_name = joined[0][1], joined[0][2]
                lead = next((m[0] for m in members if m[0].id == root_id), first)
                count = c.execute(
                    "SELECT count(DISTINCT tu.task_id) FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
                    "WHERE t.plan_id = ? AND tu.unit_id IN (SELECT value FROM json_each(?))",
                    (plan_id, json.dumps([m[0].id for m in members])),
                ).fetchone()[0]
                info = UnitInfo(lead.id, root_name, lead.aliases, count)
            units.append(info)
            for m in members:
                rep[m[0].id] = info.id
        return units, rep

    def form_units(self, plan_id: int, catch_alls: Iterable[str] = ()):
        """The units a plan's forms go to: every unit it names (aliases of one another as one),
        leaving out the catch-alls."""
        return self._plan_units(plan_id, catch_alls)[0]

    def form_unit_id(self, plan_id: int, unit_ids: Iterable[int], catch_alls: Iterable[str] = ()) -> int | None:
        """The form recipient that stands for these unit ids (one unit under several names)."""
        _, rep = self._plan_units(plan_id, catch_alls)
        found = {rep[u] for u in unit_ids if u in rep}
        return found.pop() if len(found) == 1 else None

    def form_tasks(self, plan_id: int, unit_id: int, catch_alls: Iterable[str] = ()) -> list[FormTask]:
        """The tasks on one unit's form: those naming it (its strongest role) and those addressed
        to a catch-all (with the catch-all's role), in plan order."""
        from store.round_models import FormTask
        catch = tuple(catch_alls)
        c = self.db.conn()
        _, rep = self._plan_units(plan_id, catch)
        group = {u for u, r in rep.items() if r == rep.get(unit_id, unit_id)} | {unit_id}
        catch_ids = {
            r[0] for r in c.execute(
                "SELECT DISTINCT u.id, u.name FROM units u JOIN task_units tu ON tu.unit_id = u.id "
                "JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?", (plan_id,))
            if is_catch_all(r[1], catch)
        }
        roles: dict[int, tuple[str, bool]] = {}
        for task_id, role, uid in c.execute(
            "SELECT tu.task_id, tu.role, tu.unit_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
            "WHERE t.plan_id = ?", (plan_id,)
        ):
            if uid in group:
                mine = roles.get(task_id)
                if mine is None or mine[1] or _ROLE_RANK[role] < _ROLE_RANK[mine[0]]:
                    roles[task_id] = (role, False)
            elif uid in catch_ids:
                mine = roles.get(task_id)
                if mine is None or (mine[1] and _ROLE_RANK[role] < _ROLE_RANK[mine[0]]):
                    roles[task_id] = (role, True)
        tasks = self.tasks.list(ids=list(roles))
        return [FormTask(t, roles[t.id][0], roles[t.id][1]) for t in tasks]

    def record_form(self, round_id: int | None, plan_id: int, unit_id: int, file_name: str,
                    tasks: int) -> None:
        with self.db.transaction() as tx:
            c = tx.conn
            c.execute(
                "INSERT INTO forms (round_id, plan_id, unit_id, written_at, file_name, tasks) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (round_id, plan_id, unit_id, self.db.now(), file_name, tasks),
            )

    # ---- who has reported ----------------------------------------------------------------

    def round_plan_ids(self, r: Round) -> list[int]:
        plans = [p.id for p in self.plans.all(overdue=False)]
        return [p for p in plans if r.covers(p)]

    def round_returns(self, ident: str | int | Round, catch_alls: Iterable[str] = ()) -> list[UnitReturn]:
        """Per plan of the round and unit its forms go to: returned, late, missing or overdue
        (missing after the due date). Missing and overdue first, then by plan and unit order."""
        from store.round_models import Round, UnitReturn
        r = ident if isinstance(ident, Round) else self.round(ident)
        today = self.db.today()
        c = self.db.conn()
        received_rows = c.execute(
            "SELECT id, plan_id, unit_id, received_at, filler FROM submissions "
            "WHERE round_id = ? AND withdrawn = 0 AND superseded_by IS NULL ORDER BY id",
            (r.id,),
        ).fetchall()
        out: list[UnitReturn] = []
        for plan_id in self.round_plan_ids(r):
            form_units, rep = self._plan_units(plan_id, catch_alls)
            # issue 19 (revisions/units): a return under a name since joined to another counts
            # for the unit that stands for both
            latest: dict[tuple[int, int], tuple] = {}
            for sid, sub_plan, unit_id, received, filler in received_rows:
                if sub_plan == plan_id:
                    latest[(plan_id, rep.get(unit_id, unit_id))] = (sid, received, filler)
            for u in form_units:
                got = latest.get((plan_id, u.id))
                if got:
                    sid, received, filler = got
                    late = bool(r.due and received[:10] > r.due)
                    out.append(UnitReturn(plan_id, u.id, u.name, "late" if late else "returned",
                                          received, sid, filler))
                else:
                    overdue = bool(r.due and today > r.due)
                    out.append(UnitReturn(plan_id, u.id, u.name, "overdue" if overdue else "missing"))
        order = {"overdue": 0, "missing": 1, "late": 2, "returned": 3}
        return sorted(out, key=lambda x: order[x.status])
