"""My unit and the ledger's unit names (issue 19): what the UI's units screen and settings
dialog and the command line share.

"My unit" (the 本单位 filter, `--mine`) is the clerk's unit with its aliases — and the names it
was joined with in the ledger (`Units.ids_named`) — and the catch-alls (各单位, 省直各单位 …) only
when the ledger's setting says they count (DECISIONS, changed by issue 19: before, they always
counted, and 本单位 matched 199 of the sample's 234 tasks).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from store.filtering import my_units
from store.parts.rounds import is_catch_all
from store.parts.settings import MINE_CATCH_ALLS

if TYPE_CHECKING:
    from store.ledger import Ledger


def catch_alls_count(ledger: Ledger) -> bool:
    """Do the catch-alls count as "my unit" in this ledger?"""
    return bool(ledger.setting(MINE_CATCH_ALLS))


def set_catch_alls_count(ledger: Ledger, count: bool, *, source: str = "ui"):
    """Say whether the catch-alls count as "my unit" (a change-set: undoable)."""
    return ledger.set_setting(MINE_CATCH_ALLS, bool(count), source=source)


def catch_all_names(ledger: Ledger, catch_alls: Iterable[str] = ()) -> list[str]:
    """The catch-alls the config lists and every unit name of the ledger shaped like one."""
    names = list(dict.fromkeys(catch_alls))
    listed = tuple(names)
    for _id, name, _aliases in ledger.unit_names():
        if name not in names and is_catch_all(name, listed):
            names.append(name)
    return names


def mine_names(ledger: Ledger, unit: str | None, aliases: Iterable[str] = (),
               catch_alls: Iterable[str] = ()) -> tuple[str, ...]:
    """The unit names that mean "my unit" in this ledger (empty without a unit)."""
    if not unit:
        return ()
    extra = catch_all_names(ledger, catch_alls) if catch_alls_count(ledger) else ()
    return my_units(unit, tuple(aliases), tuple(extra))


def mine_ids(ledger: Ledger, unit: str | None, aliases: Iterable[str] = ()) -> set[int]:
    """The ledger's units that are my unit (by name, alias or a joined name; no catch-alls)."""
    return ledger.unit_ids_named(my_units(unit, tuple(aliases))) if unit else set()
