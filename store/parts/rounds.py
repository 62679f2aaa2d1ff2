"""Reporting rounds: periods with a due date, the units each plan's forms go to, and who has
reported.

A round covers some plans (all when none are named). Opening and closing it snapshot every
task's state, so an export can show what changed in a round's period (本期进展): from the close of
the round closed last before it opened (else its opening) to its close (else now). A closed
round's period stays what it was: its closing snapshot keeps the states and the notes' extent.

Who gets a form: the units a plan names (not the catch-alls such as 各单位); a task addressed
only to a catch-all goes on the forms only where the round's options say so, and then names the
catch-all in the role column. What each form held is kept (`forms.task_ids`), so the returns
count only the units sent a form, and a returned row about a task never sent is known.
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
    from store.round_models import FormTask, Period, PeriodChange, Round, UnitReturn

_ROUND_COLS = "id, name, due, plan_ids, opened_at, closed_at, options"
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
    try:
        options = json.loads(row[6] or "{}")
    except ValueError:
        options = {}
    catch = options.get("catch_alls") if isinstance(options, dict) else None
    catch = tuple(str(x) for x in catch) if isinstance(catch, list) else ()
    return Round(row[0], row[1], row[2], tuple(json.loads(row[3] or "[]")), row[4], row[5], catch)


CATCH_ALL_ROLE = "（统一要求）"
"""After a catch-all's name in a form's role column: the task reaches the unit only through it."""


def _clean_catch_alls(names: Iterable[str]) -> list[str]:
    from store.round_models import EVERY
    out: list[str] = []
    for n in names:
        n, _ = strip_control(str(n))
        n = n.strip()
        if n == EVERY:
            return [EVERY]
        if n and n not in out:
            out.append(n)
    return out


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

    def new_round(self, name: str, *, due: str | None = None, plan_ids: Iterable[int] = (),
                  catch_alls: Iterable[str] = ()) -> Round:
        """Open a round; its opening snapshot is the baseline until a round closes.
        `catch_alls`: whose tasks go on every unit's form (`EVERY` for all catch-alls)."""
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
            options = {"catch_alls": _clean_catch_alls(catch_alls)} if catch_alls else {}
            round_id = c.execute(
                "INSERT INTO rounds (name, due, plan_ids, opened_at, options) VALUES (?, ?, ?, ?, ?)",
                (name, due, json.dumps(plans), now, json.dumps(options, ensure_ascii=False)),
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

    def period_of(self, ident: str | int | Round) -> Period | None:
        """A round's period: from the newest round closing before it opened (else its opening)
        to its closing (else now). None for a round with no opening snapshot."""
        from store.round_models import Period, Round
        r = ident if isinstance(ident, Round) else self.round(ident)
        c = self.db.conn()
        snaps = {kind: sid for sid, kind in c.execute(
            "SELECT id, kind FROM round_snapshots WHERE round_id = ?", (r.id,))}
        opened = snaps.get("open")
        if opened is None:
            return None
        # Snapshots are written in time order: an earlier id is an earlier moment.
        prior = c.execute(
            "SELECT id, round_id FROM round_snapshots WHERE kind = 'close' AND id < ? AND round_id != ? "
            "ORDER BY id DESC LIMIT 1", (opened, r.id)).fetchone()
        if prior is not None:
            return Period(r, self.round(prior[1]), "close", prior[0], snaps.get("close"))
        return Period(r, r, "open", opened, snaps.get("close"))

    def current_period(self) -> Period | None:
        """The period exports show by default: the open round's (the newest one opened), else
        the period of the round closed last — its 本期进展 stays to be exported and sent up
        after the close. None when there are no rounds."""
        current = self.current_round()
        if current is not None:
            return self.period_of(current)
        row = self.db.conn().execute(
            "SELECT round_id FROM round_snapshots WHERE kind = 'close' ORDER BY id DESC LIMIT 1").fetchone()
        return self.period_of(row[0]) if row else None

    def period_baseline(self) -> tuple[Round, str, int] | None:
        """Where the current period starts: (the round whose snapshot it is, `open` or
        `close`, the snapshot's id); None when there are no rounds."""
        period = self.current_period()
        if period is None:
            return None
        return period.start_round, period.start_kind, period.start_id

    def period_changes(self, task_ids: Iterable[int] | None = None, *, round: str | int | Round | None = None,
                       changed_only: bool = True) -> dict[int, PeriodChange]:
        """Per task: its state at the period's start and end (now, while the round is open), and
        the notes added in it — the current period's, or the named round's. Only the tasks
        that changed unless `changed_only` is False; a task made after a closed round's end is
        not in its period. Empty when there is no such period."""
        from store.round_models import PeriodChange
        period = self.period_of(round) if round is not None else self.current_period()
        if period is None:
            return {}
        c = self.db.conn()
        last = {sid: n for sid, n in c.execute(
            "SELECT id, last_note_id FROM round_snapshots WHERE id IN (?, ?)",
            (period.start_id, period.end_id if period.end_id is not None else -1))}
        wanted = "" if task_ids is None else "AND t.id IN (SELECT value FROM json_each(:ids))"
        params = {"start": period.start_id, "end": period.end_id, "first": last[period.start_id],
                  "upto": last.get(period.end_id, -1),
                  "ids": json.dumps(list(task_ids)) if task_ids is not None else "[]"}
        if period.end_id is None:
            now, join, upto = "t.state, t.flag", "", ""
        else:
            now = "e.state, e.flag"
            join = "JOIN snapshot_tasks e ON e.snapshot_id = :end AND e.task_id = t.id"
            upto = "AND n.id <= :upto"
        out: dict[int, PeriodChange] = {}
        for task_id, before, flag_before, state, flag, new_notes in c.execute(
            f"SELECT t.id, s.state, s.flag, {now}, (SELECT count(*) FROM notes n WHERE n.task_id = t.id "
            f"  AND n.id > :first {upto} AND n.deleted = 0) "
            "FROM tasks t LEFT JOIN snapshot_tasks s ON s.snapshot_id = :start AND s.task_id = t.id "
            f"{join} WHERE 1 {wanted}",
            params,
        ):
            change = PeriodChange(task_id, before, state, new_notes, flag_before, flag)
            if change.changed or not changed_only:
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

    def form_unit_map(self, plan_id: int, catch_alls: Iterable[str] = ()) -> dict[int, int]:
        """For every unit id the plan names (catch-alls left out): the form recipient that
        stands for it (itself, an alias's unit, or the unit it was joined to)."""
        return dict(self._plan_units(plan_id, catch_alls)[1])

    def form_unit_id(self, plan_id: int, unit_ids: Iterable[int], catch_alls: Iterable[str] = ()) -> int | None:
        """The form recipient that stands for these unit ids (one unit under several names)."""
        _, rep = self._plan_units(plan_id, catch_alls)
        found = {rep[u] for u in unit_ids if u in rep}
        return found.pop() if len(found) == 1 else None

    def form_tasks(self, plan_id: int, unit_id: int, catch_alls: Iterable[str] = (), *,
                   round_: Round | None = None) -> list[FormTask]:
        """The tasks on one unit's form, in plan order: those naming it (its strongest role),
        and those addressed only to a catch-all where the round says its tasks go on the forms
        (with the catch-all's role, the role column naming the catch-all)."""
        _, rep = self._plan_units(plan_id, tuple(catch_alls))
        return self.plan_form_tasks(plan_id, catch_alls, round_=round_).get(rep.get(unit_id, unit_id), [])

    def plan_form_tasks(self, plan_id: int, catch_alls: Iterable[str] = (), *,
                        round_: Round | None = None) -> dict[int, list[FormTask]]:
        """`form_tasks` of every unit the plan's forms go to, at once: {unit id: tasks}."""
        from store.round_models import EVERY, FormTask
        catch = tuple(catch_alls)
        c = self.db.conn()
        _, rep = self._plan_units(plan_id, catch)
        wanted = round_.catch_alls if round_ is not None else ()
        every = EVERY in wanted
        listed = {normalise_name(n) for n in wanted if n != EVERY}
        catch_ids: dict[int, str] = {}
        if wanted:
            for uid, name in c.execute(
                    "SELECT DISTINCT u.id, u.name FROM units u JOIN task_units tu ON tu.unit_id = u.id "
                    "JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?", (plan_id,)):
                norm = normalise_name(name)
                if is_catch_all(name, catch) and (every or norm in listed or base_name(norm) in listed):
                    catch_ids[uid] = name
        named: dict[int, dict[int, str]] = {}
        addressed: dict[int, tuple[str, str]] = {}
        for task_id, role, uid, written in c.execute(
            "SELECT tu.task_id, tu.role, tu.unit_id, tu.written FROM task_units tu "
            "JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ? ORDER BY tu.task_id, tu.position",
            (plan_id,)
        ):
            if uid in rep:
                mine = named.setdefault(rep[uid], {})
                if task_id not in mine or _ROLE_RANK[role] < _ROLE_RANK[mine[task_id]]:
                    mine[task_id] = role
            elif uid in catch_ids:
                had = addressed.get(task_id)
                if had is None or _ROLE_RANK[role] < _ROLE_RANK[had[0]]:
                    addressed[task_id] = (role, f"{written or catch_ids[uid]}{CATCH_ALL_ROLE}")
        tasks = {t.id: t for t in self.tasks.list(plan_id=plan_id)}
        out: dict[int, list[FormTask]] = {}
        for unit in {*set(rep.values()), *named}:
            mine = named.get(unit, {})
            rows = [FormTask(tasks[t], role) for t, role in mine.items() if t in tasks]
            rows += [FormTask(tasks[t], role, True, text) for t, (role, text) in addressed.items()
                     if t not in mine and t in tasks]
            rows.sort(key=lambda ft: ft.task.seq)
            out[unit] = rows
        return out

    def record_form(self, round_id: int | None, plan_id: int, unit_id: int, file_name: str,
                    tasks: int | Iterable[FormTask]) -> None:
        """Keep that this form was written, and which tasks it held (given the rows)."""
        if isinstance(tasks, int):
            count, ids = tasks, None
        else:
            rows = list(tasks)
            count, ids = len(rows), json.dumps([ft.task.id for ft in rows])
        with self.db.transaction() as tx:
            c = tx.conn
            c.execute(
                "INSERT INTO forms (round_id, plan_id, unit_id, written_at, file_name, tasks, task_ids) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, plan_id, unit_id, self.db.now(), file_name, count, ids),
            )

    def sent_forms(self, round_id: int | None) -> dict[tuple[int, int], set[int] | None]:
        """Per (plan, unit): the tasks the round's forms to that unit held (every form written
        for it, together); None for a form written before the tasks were kept."""
        out: dict[tuple[int, int], set[int] | None] = {}
        for plan_id, unit_id, ids in self.db.conn().execute(
                "SELECT plan_id, unit_id, task_ids FROM forms WHERE round_id IS ?", (round_id,)):
            key = (plan_id, unit_id)
            if ids is None:
                out[key] = None
            elif key not in out or out[key] is not None:
                out[key] = (out.get(key) or set()) | set(json.loads(ids))
        return out

    # ---- who has reported ----------------------------------------------------------------

    def round_plan_ids(self, r: Round) -> list[int]:
        plans = [p.id for p in self.plans.all(overdue=False)]
        return [p for p in plans if r.covers(p)]

    def round_returns(self, ident: str | int | Round, catch_alls: Iterable[str] = ()) -> list[UnitReturn]:
        """Per plan of the round and unit sent a form: returned, late, missing or overdue
        (missing after the due date). Late is judged by the day the form was filled in (填报日期,
        or the day the clerk received it), not the day it was merged. Only units sent a form are
        expected, once any form of the round was written (before that: every unit the plans
        name); a unit that returned one unasked is listed too. Missing and overdue first."""
        from store.round_models import Round, UnitReturn
        r = ident if isinstance(ident, Round) else self.round(ident)
        today = self.db.today()
        c = self.db.conn()
        received_rows = c.execute(
            "SELECT s.id, s.plan_id, s.unit_id, s.received_at, s.filler, s.reported_on, u.name "
            "FROM submissions s JOIN units u ON u.id = s.unit_id "
            "WHERE s.round_id = ? AND s.withdrawn = 0 AND s.superseded_by IS NULL ORDER BY s.id",
            (r.id,),
        ).fetchall()
        sent = self.sent_forms(r.id)
        out: list[UnitReturn] = []
        for plan_id in self.round_plan_ids(r):
            form_units, rep = self._plan_units(plan_id, catch_alls)
            # issue 19 (revisions/units): a return under a name since joined to another counts
            # for the unit that stands for both
            latest: dict[tuple[int, int], tuple] = {}
            for sid, sub_plan, unit_id, received, filler, reported, name in received_rows:
                if sub_plan == plan_id:
                    latest[(plan_id, rep.get(unit_id, unit_id))] = (sid, received, filler,
                                                                     reported or received[:10], name)
            if sent:  # issue 20: only the units sent a form are expected
                names = {u.id: u.name for u in form_units}
                expected: list[tuple[int, str]] = []
                for uid, name in c.execute(
                        "SELECT u.id, u.name FROM forms f JOIN units u ON u.id = f.unit_id "
                        "WHERE f.round_id = ? AND f.plan_id = ? GROUP BY u.id ORDER BY min(f.id)",
                        (r.id, plan_id)):
                    uid = rep.get(uid, uid)
                    if uid not in {e[0] for e in expected}:
                        expected.append((uid, names.get(uid, name)))
            else:
                expected = [(u.id, u.name) for u in form_units]
            seen = {uid for uid, _ in expected}
            expected += [(uid, got[4]) for (p, uid), got in latest.items() if p == plan_id and uid not in seen]
            for uid, name in expected:
                got = latest.get((plan_id, uid))
                if got:
                    sid, received, filler, reported, _ = got
                    late = bool(r.due and reported > r.due)
                    out.append(UnitReturn(plan_id, uid, name, "late" if late else "returned",
                                          received, sid, filler, reported))
                else:
                    overdue = bool(r.due and today > r.due)
                    out.append(UnitReturn(plan_id, uid, name, "overdue" if overdue else "missing"))
        order = {"overdue": 0, "missing": 1, "late": 2, "returned": 3}
        return sorted(out, key=lambda x: order[x.status])
