"""What each recorded field means, told by the part that owns it.

The history records changes as (table, row, field, before, after) and knows no table; undo and
redo write values back and check they are still current through the rules registered here.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from store.models import Change

if TYPE_CHECKING:
    from store.db.database import Transaction


class FieldRule(NamedTuple):
    is_current: Callable[[sqlite3.Connection, Change], bool]
    """Is this change's "after" still what the row holds?"""
    apply: Callable[[Transaction, int, Any], None] | None = None
    """Write a value into the row (None: the change is undone through another field, e.g. a
    row's `created` through its `deleted`)."""


class FieldRules:
    """The registry the parts fill: (table, field) → FieldRule, table → how a row is named."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, str], FieldRule] = {}
        self._labels: dict[str, Callable[[sqlite3.Connection, int], str]] = {}

    def add(self, table: str, field: str, rule: FieldRule) -> None:
        self._rules[(table, field)] = rule

    def label_with(self, table: str, label: Callable[[sqlite3.Connection, int], str]) -> None:
        self._labels[table] = label

    def rule(self, table: str, field: str) -> FieldRule:
        found = self._rules.get((table, field))
        if found is None or found.apply is None:
            raise ValueError(f"cannot apply a change to {table}.{field}")
        return found

    def is_current(self, conn: sqlite3.Connection, ch: Change) -> bool:
        found = self._rules.get((ch.table, ch.field))
        return found is not None and found.is_current(conn, ch)

    def label(self, conn: sqlite3.Connection, ch: Change) -> str:
        name = self._labels.get(ch.table)
        return name(conn, ch.row_id) if name else f"#{ch.row_id}"
