"""Units: the bodies the plans name, each kept once under its normalised name with its aliases
and pinyin initials, and the searches over them.

DECISIONS ("Unit identity"): units are keyed by their name normalised (NFKC, no spaces,
brackets full-width); aliases come from the abbreviation table (发改委 = 发展改革委), so `fgw`
finds 发展改革委 through its alias.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from store.db import Database
from store.models import Progress, UnitInfo
from store.pinyin import initials as name_initials
from store.search import spaced
from store.unitnames import DEFAULT_ABBREVIATIONS, aliases_for, base_name, normalise_name

_LIVE = "AND t.plan_id NOT IN (SELECT id FROM plans WHERE archived != 0)"
"""Issue 19: archived plans' tasks count for no unit in the overview."""

UnitFound = tuple[int, str, list[str], str]
"""A unit as registered: id, name, aliases, initials."""


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
        """Every unit with its aliases and how many tasks name it, by name."""
        rows = self.db.conn().execute(
            "SELECT u.id, u.name, u.aliases, count(DISTINCT tu.task_id) FROM units u "
            "LEFT JOIN task_units tu ON tu.unit_id = u.id GROUP BY u.id ORDER BY u.name"
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
        return found

    def progress(self, role: str | None = "lead") -> list[tuple[UnitInfo, Progress]]:
        """Each unit named with this role (any role when None) and the progress of its tasks,
        by name: the "per lead unit" table clerks build with COUNTIF."""
        role_sql = "" if role is None else "AND tu.role = :role"
        rows = self.db.conn().execute(
            "SELECT u.id, u.name, u.aliases, count(*), total(t.state = 'done'), "
            "total(t.state = 'doing'), total(t.state = 'todo'), total(t.state = 'na'), "
            "total(t.due IS NOT NULL AND t.due < :today AND t.state NOT IN ('done', 'na')) "
            "FROM units u JOIN tasks t ON t.id IN (SELECT tu.task_id FROM task_units tu "
            f"  WHERE tu.unit_id = u.id {role_sql}) {_LIVE} GROUP BY u.id ORDER BY u.name",
            {"today": self.db.today(), "role": role},
        ).fetchall()
        return [
            (UnitInfo(r[0], r[1], json.loads(r[2]), r[3]), Progress(*(int(x) for x in r[3:])))
            for r in rows
        ]

    def task_ids(self, unit_id: int, role: str | None = None) -> list[int]:
        """The tasks naming this unit (with this role when given), in plan order."""
        role_sql = "" if role is None else " AND tu.role = ?"
        params = (unit_id,) if role is None else (unit_id, role)
        rows = self.db.conn().execute(
            "SELECT t.id FROM tasks t WHERE t.id IN (SELECT tu.task_id FROM task_units tu "
            f"WHERE tu.unit_id = ?{role_sql}) {_LIVE} ORDER BY t.plan_id, t.seq",
            params,
        ).fetchall()
        return [r[0] for r in rows]
