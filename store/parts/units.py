"""Units: the bodies the plans name, each kept once under its normalised name with its aliases
and pinyin initials, and the searches over them.

DECISIONS ("Unit identity"): units are keyed by their name normalised (NFKC, no spaces,
brackets full-width); aliases come from the abbreviation table (发改委 = 发展改革委), so `fgw`
finds 发展改革委 through its alias.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable, NamedTuple

from store.db import Database, FieldRule
from store.db.database import id_list
from store.errors import NotFoundError, TaizhangError
from store.models import ChangeSet, Progress, UnitInfo
from store.pinyin import initials as name_initials
from store.search import spaced
from store.unitnames import DEFAULT_ABBREVIATIONS, aliases_for, base_name, normalise_name

_LIVE = "AND t.plan_id NOT IN (SELECT id FROM plans WHERE archived != 0)"
"""Issue 19: archived plans' tasks count for no unit in the overview."""

UnitFound = tuple[int, str, list[str], str]
"""A unit as registered: id, name, aliases, initials."""


# issue 19 (revisions/units)
class UnitEntry(NamedTuple):
    """A unit name of the ledger as the units screen lists it."""

    id: int
    name: str
    aliases: list[str]
    tasks: int
    """Tasks naming it (this name alone)."""
    same_as: int | None
    """The unit this name was joined to (None: a name of its own, or the name a group keeps)."""
    group_tasks: int
    """Tasks naming it or a name joined to it (equal to `tasks` for a name on its own)."""


def unit_initials(name: str, aliases: list[str]) -> str:
    """Initials of the name and aliases (with and without a bracketed qualifier), each with
    its tails, so that a prefix query finds them from any character on: 市发改委 gives
    sfgw fgw gw, and `fgw` finds it without the 市."""
    out: list[str] = []
    for form in (name, *aliases):
        for variant in (form, base_name(form)):
            x = name_initials(variant)
            for i in range(max(len(x) - 1, 1)):
                if x[i:] not in out:
                    out.append(x[i:])
    return " ".join(out)


class Units:
    def __init__(self, db: Database, abbreviations=DEFAULT_ABBREVIATIONS):
        self.db = db
        self.abbreviations = tuple(abbreviations)
        # issue 19 (revisions/units): names the clerk joins as one body, undoable
        db.rules.add("units", "same_as", FieldRule(is_current=self._same_as_is,
                                                   apply=self._write_same_as))
        db.rules.label_with("units", self._label)

    # ---- writing -------------------------------------------------------------------------

    def _index(self, c: sqlite3.Connection, unit_id: int, name: str, aliases: list[str],
               initials: str) -> None:
        c.execute("DELETE FROM unit_search WHERE rowid = ?", (unit_id,))
        c.execute("INSERT INTO unit_search (rowid, names, initials) VALUES (?, ?, ?)",
                  (unit_id, spaced(" ".join([name, *aliases])), initials))

    def register(self, c: sqlite3.Connection, written: str, cache: dict) -> UnitFound | None:
        """The unit a written name belongs to, made or given new aliases as needed (inside the
        caller's transaction; `cache` spares a lookup per name within one import)."""
        norm = normalise_name(written)
        if not norm:
            return None
        if norm in cache:
            return cache[norm]
        wanted = aliases_for(norm, self.abbreviations)
        row = c.execute("SELECT id, name, aliases, initials FROM units WHERE norm = ?",
                        (norm,)).fetchone()
        if row is None:
            initials = unit_initials(norm, wanted)
            unit_id = c.execute(
                "INSERT INTO units (name, norm, aliases, initials) VALUES (?, ?, ?, ?)",
                (norm, norm, json.dumps(wanted, ensure_ascii=False), initials),
            ).lastrowid
            self._index(c, unit_id, norm, wanted, initials)
            found = (unit_id, norm, wanted, initials)
        else:
            unit_id, name, aliases, initials = row
            aliases = json.loads(aliases)
            extra = [a for a in wanted if a not in aliases and a != name]
            if extra:
                aliases = aliases + extra
                initials = unit_initials(name, aliases)
                c.execute("UPDATE units SET aliases = ?, initials = ? WHERE id = ?",
                          (json.dumps(aliases, ensure_ascii=False), initials, unit_id))
                self._index(c, unit_id, name, aliases, initials)
            found = (unit_id, name, aliases, initials)
        cache[norm] = found
        return found

    # ---- reading -------------------------------------------------------------------------

    def names(self) -> list[tuple[int, str, list[str]]]:
        """Every unit's id, name and aliases (no counting: for matching names)."""
        return [(r[0], r[1], json.loads(r[2]))
                for r in self.db.conn().execute("SELECT id, name, aliases FROM units ORDER BY name")]

    def all(self) -> list[UnitInfo]:
        """Every unit with its aliases and how many tasks of live plans name it (what the
        filter dialog offers: an archived plan's tasks are not in the tree it narrows), by name."""
        rows = self.db.conn().execute(
            "SELECT u.id, u.name, u.aliases, count(DISTINCT t.id) FROM units u "
            "LEFT JOIN task_units tu ON tu.unit_id = u.id "
            f"LEFT JOIN tasks t ON t.id = tu.task_id {_LIVE} GROUP BY u.id ORDER BY u.name"
        ).fetchall()
        return [UnitInfo(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def ids_named(self, names: Iterable[str]) -> set[int]:
        """Units the given names designate: by normalised name, the name without its bracketed
        qualifier (区党政办 matches 区党政办（文秘科）), or an alias (发改委 = 发展改革委)."""
        wanted: set[str] = set()
        for name in names:
            norm = normalise_name(name)
            if norm:
                wanted.add(norm)
                wanted.update(aliases_for(norm, self.abbreviations))
        found: set[int] = set()
        for unit_id, name, aliases in self.names():
            keys = {normalise_name(name), base_name(name)}
            keys.update(normalise_name(a) for a in aliases)
            if keys & wanted:
                found.add(unit_id)
        return self.group_ids(found)  # issue 19 (revisions/units): and the names joined to them

    def progress(self, role: str | None = "lead") -> list[tuple[UnitInfo, Progress]]:
        """Each unit named with this role (any role when None) and the progress of its tasks,
        by name: the "per lead unit" table clerks build with COUNTIF."""
        role_sql = "" if role is None else "AND tu.role = :role"
        # issue 19 (revisions/units): names joined to a unit (units.same_as) count as that unit,
        # under the name the clerk kept.
        rows = self.db.conn().execute(
            "SELECT u.id, u.name, u.aliases, count(*), total(t.state = 'done'), "
            "total(t.state = 'doing'), total(t.state = 'todo'), total(t.state = 'na'), "
            "total(t.due IS NOT NULL AND t.due < :today AND t.state NOT IN ('done', 'na')) "
            "FROM units u JOIN tasks t ON t.id IN (SELECT tu.task_id FROM task_units tu "
            "  WHERE tu.unit_id IN (SELECT m.id FROM units m WHERE m.id = u.id OR m.same_as = u.id) "
            f"  {role_sql}) WHERE u.same_as IS NULL {_LIVE} GROUP BY u.id ORDER BY u.name",
            {"today": self.db.today(), "role": role},
        ).fetchall()
        return [
            (UnitInfo(r[0], r[1], json.loads(r[2]), r[3]), Progress(*(int(x) for x in r[3:])))
            for r in rows
        ]

    def task_ids(self, unit_id: int, role: str | None = None) -> list[int]:
        """The tasks naming this unit or a name joined to it (with this role when given), in
        plan order."""
        role_sql = "" if role is None else " AND tu.role = ?"
        params = (id_list(self.group_ids({unit_id})),) + (() if role is None else (role,))
        rows = self.db.conn().execute(
            "SELECT t.id FROM tasks t WHERE t.id IN (SELECT tu.task_id FROM task_units tu "
            f"WHERE tu.unit_id IN (SELECT value FROM json_each(?)){role_sql}) {_LIVE} "
            "ORDER BY t.plan_id, t.seq",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    # ---- issue 19 (revisions/units): joining names that are the same body ---------------

    @staticmethod
    def _same_as_is(c, ch) -> bool:
        row = c.execute("SELECT same_as FROM units WHERE id = ?", (ch.row_id,)).fetchone()
        return row is not None and row[0] == ch.after

    @staticmethod
    def _write_same_as(tx, unit_id: int, value) -> None:
        tx.execute("UPDATE units SET same_as = ? WHERE id = ?", (value, unit_id))

    @staticmethod
    def _label(c, unit_id: int) -> str:
        row = c.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()
        return row[0] if row else f"#{unit_id}"

    def group_ids(self, unit_ids: Iterable[int]) -> set[int]:
        """These units and every name joined with them (units.same_as always names the unit a
        group keeps, never a joined name: one step finds the whole group)."""
        ids = set(unit_ids)
        if not ids:
            return set()
        rows = self.db.conn().execute(
            "SELECT id FROM units WHERE coalesce(same_as, id) IN "
            "(SELECT coalesce(same_as, id) FROM units WHERE id IN (SELECT value FROM json_each(?)))",
            (id_list(ids),),
        ).fetchall()
        return ids | {r[0] for r in rows}

    def listing(self) -> list[UnitEntry]:
        """Every unit name of the ledger with its task counts and what it was joined to, sorted by
        pinyin (store.pinyin.sort_key)."""
        from store.pinyin import sort_key

        c = self.db.conn()
        rows = c.execute(
            "SELECT u.id, u.name, u.aliases, u.same_as, "
            "(SELECT count(DISTINCT tu.task_id) FROM task_units tu WHERE tu.unit_id = u.id), "
            "(SELECT count(DISTINCT tu.task_id) FROM task_units tu WHERE tu.unit_id IN "
            "  (SELECT m.id FROM units m WHERE m.id = u.id OR m.same_as = u.id)) "
            "FROM units u"
        ).fetchall()
        entries = [UnitEntry(r[0], r[1], json.loads(r[2]), r[4], r[3], r[5] if r[3] is None else r[4])
                   for r in rows]
        return sorted(entries, key=lambda e: (sort_key(e.name), e.name))

    def join(self, unit_ids: Iterable[int], into: int, *, source: str = "ui") -> ChangeSet | None:
        """Join these unit names to `into` (with the names already joined to them): from now on
        they are one unit under `into`'s name — in filters, the overview, forms and merges. One
        change-set; None when they were one already."""
        wanted = set(unit_ids)
        with self.db.transaction(source=source, summary="units.join") as tx:
            c = tx.conn
            found = {r[0]: r[1] for r in c.execute(
                "SELECT id, coalesce(same_as, id) FROM units WHERE id IN (SELECT value FROM json_each(?))",
                (id_list(wanted | {into}),))}
            missing = (wanted | {into}) - set(found)
            if missing:
                raise NotFoundError(what="unit", ident=min(missing))
            root = found[into]
            roots = {found[u] for u in wanted} - {root}
            if not roots:
                return None
            for unit_id, old in c.execute(
                "SELECT id, same_as FROM units WHERE coalesce(same_as, id) IN "
                "(SELECT value FROM json_each(?)) ORDER BY id", (id_list(roots),)
            ).fetchall():
                tx.change("units", unit_id, "same_as", old, root)
            return tx.changeset()

    def split(self, unit_id: int, *, source: str = "ui") -> ChangeSet | None:
        """Undo a join: a joined name stands on its own again; the name a group keeps lets every
        name joined to it go. None when the name was joined to nothing."""
        with self.db.transaction(source=source, summary="units.split") as tx:
            row = tx.execute("SELECT same_as FROM units WHERE id = ?", (unit_id,)).fetchone()
            if row is None:
                raise NotFoundError(what="unit", ident=unit_id)
            if row[0] is not None:
                tx.change("units", unit_id, "same_as", row[0], None)
            else:
                for member, old in tx.execute(
                    "SELECT id, same_as FROM units WHERE same_as = ? ORDER BY id", (unit_id,)
                ).fetchall():
                    tx.change("units", member, "same_as", old, None)
            return tx.changeset()

    def unit_id_named(self, name: str) -> int:
        """The unit stored under this name (normalised), for the command line: a name the
        ledger does not hold is an error naming it."""
        norm = normalise_name(name or "")
        row = self.db.conn().execute("SELECT id FROM units WHERE norm = ?", (norm,)).fetchone()
        if row is None:
            raise TaizhangError("units.unknown", name=name)
        return row[0]
