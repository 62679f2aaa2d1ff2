"""Issue 19 (revisions/units): the import preview's corrections of a revision.

`RevisionPairScreen` (ctrl+o in the preview): pick a task of the revision, then the plan's task
it is — listed by how alike their texts are — or none (a new task). Returns (revision task
index, the plan task's key or None), or None when cancelled.

`RevisionTargetScreen` (ctrl+g): which plan the document revises, or none (import it as a plan
of its own). Returns ("plan", id), ("new", None), or None when cancelled.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.parts.revision_diff import similarity
from tui.screens.base import Dialog
from tui.widgets.labels import fit, one_line, safe

LINE = 96


class RevisionPairScreen(Dialog[tuple[int, str | None] | None]):
    BINDINGS = [Binding("escape", "back", "key.cancel", id="cancel")]

    def __init__(self, diff) -> None:
        super().__init__(classes="dialog")
        self.diff = diff
        self.picked: int | None = None
        """The revision task chosen (stage two: its plan task is being picked)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="revision-pair"):
            yield Static(Text(self.t("ui.revision.pick_new"), style="bold"), id="pair-title",
                         classes="dialog-title")
            yield OptionList(id="pair-list")
            yield Static(Text(self.t("ui.revision.pair_hint"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self._show_new()

    def _line(self, text: str) -> Text:
        return fit(Text(one_line(safe(text))), LINE)

    def _show_new(self) -> None:
        t = self.t
        self.picked = None
        self.query_one("#pair-title", Static).update(Text(t("ui.revision.pick_new"), style="bold"))
        options = self.query_one(OptionList)
        options.clear_options()
        first = None
        for c in self.diff.tasks:
            if c.new_index is None:
                continue
            if c.kind == "added":
                tag = t("ui.revision.tag_added")
            elif c.kind == "same":
                tag = t("ui.revision.tag_same", key=c.old.key)
            else:
                tag = t("ui.revision.tag_changed", key=c.old.key)
            if first is None and (c.kind == "added" or c.doubtful):
                first = c.new_index
            options.add_option(Option(self._line(f"{c.new.no or '-'}. {tag} {c.new.text}"), id=f"new:{c.new_index}"))
        options.highlighted = self._index_of(f"new:{first}") if first is not None else 0
        options.focus()

    def _index_of(self, ident: str) -> int:
        options = self.query_one(OptionList)
        for i in range(options.option_count):
            if options.get_option_at_index(i).id == ident:
                return i
        return 0

    def _show_old(self, new_index: int) -> None:
        t = self.t
        self.picked = new_index
        change = next(c for c in self.diff.tasks if c.new_index == new_index)
        self.query_one("#pair-title", Static).update(Text(self._line(
            t("ui.revision.pick_old", no=change.new.no or "-", text=change.new.text)).plain, style="bold"))
        olds = [c for c in self.diff.tasks if c.old is not None]
        paired_to = {c.old.id: c.new_index for c in olds if c.new_index is not None}
        # The dropped tasks first (a task the rule left unpaired is the likeliest), then by likeness.
        ranked = sorted(olds, key=lambda c: (c.kind != "dropped", -similarity(c.old.text, change.new.text)))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(Option(Text(t("ui.revision.none_old")), id="old:"))
        for c in ranked:
            sim = int(similarity(c.old.text, change.new.text) * 100)
            if c.kind == "dropped":
                tag = t("ui.revision.tag_dropped")
            elif paired_to.get(c.old.id) == new_index:
                tag = t("ui.revision.tag_this")
            else:
                other = next(x for x in self.diff.tasks if x.new_index == paired_to.get(c.old.id))
                tag = t("ui.revision.tag_other", no=other.new.no or "-")
            options.add_option(Option(self._line(f"[{c.old.key}] {c.old.no or '-'}. {sim}% {tag} {c.old.text}"),
                                      id=f"old:{c.old.key}"))
        current = change.old.key if change.old is not None else ""
        options.highlighted = self._index_of(f"old:{current}") if current else 0
        options.focus()

    @on(OptionList.OptionSelected, "#pair-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, value = (event.option.id or "").partition(":")
        if kind == "new":
            self._show_old(int(value))
        elif self.picked is not None:
            self.dismiss((self.picked, value or None))

    def action_back(self) -> None:
        if self.picked is not None:
            at = self.picked
            self._show_new()
            self.query_one(OptionList).highlighted = self._index_of(f"new:{at}")
            return
        self.dismiss(None)


class RevisionTargetScreen(Dialog[tuple[str, int | None] | None]):
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, plans, current: int | None, suggested: int | None) -> None:
        super().__init__(classes="dialog")
        self.plans = plans
        self.current = current
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="revision-pair"):
            yield Static(Text(self.t("ui.revision.pick_target"), style="bold"), classes="dialog-title")
            yield OptionList(id="target-list")
            yield Static(Text(self.t("ui.revision.target_hint"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        t = self.t
        options = self.query_one(OptionList)
        options.add_option(Option(Text(t("ui.revision.as_new")), id="new"))
        highlight = 0
        for i, p in enumerate(self.plans, 1):
            tag = t("ui.revision.by_rule") if p.id == self.suggested else ""
            options.add_option(Option(fit(Text(one_line(safe(f"#{p.id} {p.display_title}{tag}"))), LINE),
                                      id=f"plan:{p.id}"))
            if p.id == self.current:
                highlight = i
        options.highlighted = highlight
        options.focus()

    @on(OptionList.OptionSelected, "#target-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ident = event.option.id or ""
        if ident == "new":
            self.dismiss(("new", None))
        else:
            self.dismiss(("plan", int(ident.partition(":")[2])))

    def action_cancel(self) -> None:
        self.dismiss(None)
