"""Every key binding of the app, by id: one table for the footer, the help screen, the command
palette and the `[keymap]` section of the config (`tick = "space,t"`).

Descriptions are catalog codes (`key.tick`), translated when they are shown: screens mix in
`TranslatedBindings`, whose `active_bindings` hands the footer, the help screen and the palette
bindings in the clerk's language. Binding descriptions are evaluated when a class is defined,
before the config is read, so they cannot be translated any earlier (READING.md §6).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import ActiveBinding, Binding

from store import i18n


@dataclass(frozen=True)
class Key:
    id: str
    keys: str
    action: str
    group: str
    show: bool = False
    priority: bool = False
    where: tuple[str, ...] = ()
    """For a key of another screen than the main one: the ids of the keys that open the screens
    it works in (the help screen says where)."""

    @property
    def code(self) -> str:
        return f"key.{self.id}"


GROUPS = ("ledger", "keep", "notes", "find", "move", "app", "report")
"""Sections of the help screen, in order (`keys.group.<name>` in the catalog)."""

KEYS: tuple[Key, ...] = (
    # changing the ledger (main screen)
    Key("tick", "space", "tick", "ledger", show=True),
    Key("cycle", "c", "cycle", "ledger", show=True),
    Key("na", "x", "not_applicable", "ledger", show=True),
    Key("undo", "u", "undo", "ledger", show=True),
    Key("redo", "ctrl+r", "redo", "ledger"),
    # issue 19: keeping the ledger by hand (main screen)
    Key("edit", "E", "edit", "keep", show=True),
    Key("add_task", "A", "add_task", "keep"),
    Key("add_section", "S", "add_section", "keep"),
    Key("delete", "D", "delete", "keep"),
    Key("move_up", "K,alt+up", "move_up", "keep"),
    Key("move_down", "J,alt+down", "move_down", "keep"),
    Key("move_to", "M", "move_to", "keep"),
    Key("history", "H", "history", "keep"),
    Key("plan_menu", "P", "plan_menu", "keep"),
    Key("archived", "z", "toggle_archived", "keep"),
    # issue 19: the history screen (H)
    Key("history_since", "t", "changed_since", "keep", show=True, where=("history",)),
    # notes
    Key("note", "n", "new_note", "notes", show=True),
    Key("note_edit", "enter", "edit_note", "notes", show=True),
    Key("note_delete", "d", "delete_note", "notes", show=True),
    # finding
    Key("search", "slash", "search", "find", show=True),
    Key("clear", "escape", "clear", "find"),
    Key("filter", "f", "filter", "find", show=True),
    Key("overview", "o", "overview", "find", show=True),
    Key("export", "e", "export", "app", show=True),
    Key("import", "i", "import", "app", show=True),
    Key("reading", "ctrl+t", "next_reading", "app", show=True),  # the import preview: read the file another way
    Key("forms", "F", "forms", "report"),
    Key("merge", "m", "merge", "report"),
    Key("rounds", "R", "rounds", "report"),
    Key("bulletin", "b", "bulletin", "report", show=True, where=("rounds",)),
    Key("chase", "w", "chase", "report", show=True, where=("overview", "rounds")),
    # issue 19 (revisions/units): my unit and the ledger's unit names; a revision's pairings
    Key("units", "U", "units", "app"),
    Key("settings", "comma", "settings", "app"),
    Key("unit_mark", "space", "mark", "app", show=True, where=("units",)),
    Key("unit_join", "equals_sign", "join", "app", show=True, where=("units",)),
    Key("unit_split", "minus", "split", "app", show=True, where=("units",)),
    Key("unit_catch_alls", "c", "catch_alls", "app", show=True, where=("units",)),
    Key("revision_pair", "ctrl+o", "revision_pair", "app", show=True, where=("import",)),
    Key("revision_target", "ctrl+g", "revision_target", "app", show=True, where=("import",)),
    # moving (the tree)
    Key("down", "j,down", "cursor_down", "move"),
    Key("up", "k,up", "cursor_up", "move"),
    Key("close", "h,left", "close_or_parent", "move"),
    Key("open", "l,right", "open_or_child", "move"),
    Key("top", "g,home", "scroll_home", "move"),
    Key("bottom", "G,end", "scroll_end", "move"),
    Key("page_down", "pagedown", "page_down", "move"),
    Key("page_up", "pageup", "page_up", "move"),
    Key("toggle", "enter", "toggle", "move"),
    Key("prev_plan", "left_square_bracket", "prev_plan", "move"),
    Key("next_plan", "right_square_bracket", "next_plan", "move"),
    Key("panes", "tab", "switch_pane", "move"),
    # the app
    Key("help", "question_mark", "help", "app", show=True),
    Key("palette", "ctrl+p", "command_palette", "app", priority=True),
    Key("quit", "q", "quit", "app", show=True),
)

BY_ID = {k.id: k for k in KEYS}


def bindings(*ids: str, show: bool | None = None) -> list[Binding]:
    """Bindings for these ids (description = the catalog code, translated when shown)."""
    out = []
    for id_ in ids:
        k = BY_ID[id_]
        out.append(
            Binding(
                k.keys,
                k.action,
                k.code,
                show=k.show if show is None else show,
                priority=k.priority,
                id=k.id,
            )
        )
    return out


def translate(binding: Binding, lang: str) -> Binding:
    """The binding with its description (a catalog code) in the clerk's language."""
    desc = binding.description
    if desc.startswith("key.") and desc in i18n.CATALOG:
        return replace(binding, description=i18n.t(desc, lang), tooltip=i18n.t(desc, lang))
    return binding


class TranslatedBindings:
    """Screen mixin: `active_bindings` with descriptions in the clerk's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        lang = getattr(self.app, "lang", i18n.DEFAULT_LANG)
        out = {}
        for key, active in super().active_bindings.items():  # type: ignore[misc]
            binding = translate(active.binding, lang)
            out[key] = active._replace(binding=binding, tooltip=binding.tooltip)
        return out


def group_of(binding: Binding) -> str:
    k = BY_ID.get(binding.id or "")
    return k.group if k else "app"
