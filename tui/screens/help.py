"""`?`: every key, generated from the bindings in force (so a `[keymap]` override shows up),
grouped as the footer cannot: changing, notes, finding, moving, the app."""
from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui import keys
from tui.screens.base import Dialog
from tui.widgets.footer import LedgerFooter


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "key.close_help", id="close_help"),
        Binding("j,down", "scroll(1)", "key.down", show=False, id="down"),
        Binding("k,up", "scroll(-1)", "key.up", show=False, id="up"),
    ]

    def __init__(self, origin: Screen) -> None:
        super().__init__(classes="full")
        self.origin = origin

    def entries(self) -> dict[str, tuple[str, str, list[str]]]:
        """binding id → (group, description, keys as displayed), from the bindings in force."""
        from tui.screens.import_prompt import ImportScreen
        from tui.widgets.notes_log import NoteItem
        from tui.widgets.task_tree import TaskTree

        app = self.app
        found: dict[str, tuple[str, str, list[str]]] = {}

        def add(binding: Binding, desc: str | None = None) -> None:
            if binding.id not in keys.BY_ID:
                return
            binding = keys.translate(binding, self.lang)
            group, desc, shown = found.setdefault(
                binding.id, (keys.group_of(binding), desc or binding.description, [])
            )
            display = app.get_key_display(binding)
            if display not in shown:
                shown.append(display)

        for active in self.origin.active_bindings.values():
            add(active.binding)
        # Widgets that may not have the focus right now, and the import preview's reading switch.
        for cls in (TaskTree, NoteItem, ImportScreen):
            for _key, binding in app.keymap_applied(cls.BINDINGS):
                add(binding)

        def shown(ident: str) -> str:
            return next((app.get_key_display(b) for _k, b in app.keymap_applied(keys.bindings(ident))), ident)

        for k in keys.KEYS:  # keys of other screens, saying which (by the keys that open them)
            if k.where and k.id not in found:
                where = ("、" if self.lang == "zh" else ", ").join(shown(w) for w in k.where)
                desc = self.t("ui.help.elsewhere", desc=self.t(k.code), screen=where)
                for _key, binding in app.keymap_applied(keys.bindings(k.id)):
                    add(binding, desc)
        return found

    def compose(self) -> ComposeResult:
        found = self.entries()
        order = {k.id: i for i, k in enumerate(keys.KEYS)}
        columns: dict[str, list] = {"left": [], "right": []}

        def side(group: str) -> str:
            return "right" if group in ("keep", "notes", "app") else "left"  # issue 19: 33 rows each

        # Descriptions line up within a column of the screen (each side its own width, so a long
        # description on one side does not push the other side's ids off a narrow terminal).
        # A narrow terminal wraps the descriptions; keys and ids are never cut (an id is typed into
        # [keymap]). Half the screen, less the box's padding (2), the scrollbar (2) and the gap
        # between the columns (2, taizhang.tcss):
        room = (self.app.size.width - 4) // 2 - 2
        desc_width = {}
        for s in columns:
            mine = [(i, d, shown) for i, (g, d, shown) in found.items() if side(g) == s]
            widest = max((cell_len(d) for _i, d, _s in mine), default=10)
            keys_width = max([12, *(cell_len(" / ".join(shown)) for _i, _d, shown in mine)])
            ids_width = max((cell_len(i) for i, _d, _s in mine), default=0)
            desc_width[s] = max(8, min(widest, room - keys_width - ids_width - 4))
        for group in keys.GROUPS:
            rows = [(i, d, s) for i, (g, d, s) in sorted(found.items(), key=lambda kv: order[kv[0]])
                    if g == group]
            if not rows:
                continue
            table = Table.grid(padding=(0, 2))
            table.add_column(no_wrap=True, min_width=12, style="bold")
            table.add_column(min_width=desc_width[side(group)], max_width=desc_width[side(group)], overflow="fold")
            table.add_column(style="dim", no_wrap=True)  # an id is typed into [keymap]: never cut
            for ident, desc, shown in rows:
                table.add_row(Text(" / ".join(shown)), Text(desc), Text(ident))
            columns[side(group)] += [Text(self.t(f"ui.help.group.{group}"), style="bold underline"), table,
                                     Text("")]
        with Vertical(id="help-box"):
            yield Static(Text(self.t("ui.help.title"), style="bold"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                with Horizontal(id="help-columns"):
                    yield Static(Group(*columns["left"]), classes="help-column")
                    yield Static(Group(*columns["right"]), classes="help-column")
                yield Static(Text(self.t("ui.help.notes")), id="help-notes")
        yield LedgerFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=delta, animate=False)
