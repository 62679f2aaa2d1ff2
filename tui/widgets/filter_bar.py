"""The bar above the tree: the search box and what the tree is narrowed to, with the count.

`View` is what narrows the tree: the clerk's filters and search (a `TaskFilter`), "my unit",
and a set of tasks picked in the overview. The bar is hidden while nothing narrows the tree
and the search box is closed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from store import i18n
from store.filtering import TaskFilter
from tui.widgets.labels import SEPARATOR, safe


@dataclass(frozen=True)
class View:
    filter: TaskFilter = TaskFilter()
    mine: bool = False
    """The filter's units include "my unit" (its aliases and the catch-alls): shown as such."""
    picked_units: tuple[str, ...] = ()
    """Units chosen in the picker (also in `filter.units`)."""
    picked: frozenset[int] | None = None
    """Tasks chosen in the overview (a plan, a section, a lead unit)."""
    picked_label: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.filter.is_empty and self.picked is None

    @property
    def query(self) -> str:
        return (self.filter.query or "").strip()

    def with_query(self, query: str) -> "View":
        return replace(self, filter=self.filter.with_(query=query.strip() or None))

    def without_query(self) -> "View":
        return self.with_query("")


def describe(view: View, lang: str) -> list[str]:
    """The parts of a view as the clerk reads them (搜索：疫情 · 状态：未完成 …)."""
    t = lambda code, **p: i18n.t(code, lang, **p)  # noqa: E731
    f = view.filter
    parts: list[str] = []
    if view.query:
        parts.append(t("ui.view.search", query=view.query))
    if f.states:
        words = [t("ui.state.open") if s == "open" else i18n.state_word(s, lang) for s in f.states]
        parts.append(t("ui.view.states", states="、".join(words)))
    if f.overdue:
        parts.append(t("ui.view.overdue"))
    if f.due_within is not None:
        parts.append(t("ui.view.due_within", days=f.due_within))
    units = ([t("ui.view.my_unit")] if view.mine else []) + list(view.picked_units)
    if units:
        parts.append(t("ui.view.units", units="、".join(units)))
    if view.picked is not None and view.picked_label:
        parts.append(view.picked_label)
    if f.changed_since:  # issue 19
        parts.append(t("ui.view.changed_since", date=f.changed_since))
    return parts


class FilterBar(Horizontal):
    """Search box and summary; `open_search()` shows it and focuses the box."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(Text(i18n.t("ui.search.label", self.lang)), id="search-label")
        yield Input(id="search", placeholder=i18n.t("ui.search.placeholder", self.lang))
        yield Static(Text(""), id="filter-summary")

    @property
    def input(self) -> Input:
        return self.query_one("#search", Input)

    def open_search(self) -> None:
        self.display = True
        self.input.focus()

    def show(self, view: View, count: int | None, busy: bool = False) -> None:
        """Show what narrows the tree; hide the bar when nothing does and the box is empty."""
        parts = describe(view, self.lang)
        if view.query:
            parts = parts[1:]  # the query is in the box itself
        text = Text()
        for i, part in enumerate(parts):
            if i:
                text.append(SEPARATOR, "dim")
            text.append(safe(part))
        if busy:
            text.append(("  " if parts else "") + i18n.t("ui.view.busy", self.lang), "dim")
        elif count is not None and not view.is_empty:
            text.append(("  " if parts else "") + i18n.t("ui.view.count", self.lang, count=count), "bold")
        if not view.is_empty or self.input.value:
            text.append("  " + i18n.t("ui.view.clear_hint", self.lang), "dim")
        self.query_one("#filter-summary", Static).update(text)
        if not view.is_empty or self.input.has_focus or self.input.value:
            self.display = True
        else:
            self.display = False
