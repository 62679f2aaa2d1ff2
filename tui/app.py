"""The Textual app: stylesheet, top-level bindings, screen routing — little else.

`TaizhangApp(ledger, config)` is built from its store and config, so tests hand it a ledger on
a temporary copy and a config made in the test. `run(db_path, config)` is what `taizhang [DB]`
calls.
"""
from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingsMap
from textual.screen import Screen

from store import i18n
from store.ledger import Ledger
from tui import keys
from tui.glyphs import use_neutral_glyphs
from tui.startup import COLLECT_EVERY, IdleCollector
from tui.widgets.labels import safe
from tui.writer import Writer


class TaizhangApp(App):
    """The ledger UI."""

    CSS_PATH = "taizhang.tcss"
    TITLE = "taizhang"
    BINDINGS = keys.bindings("help", "palette", "quit")

    def __init__(self, ledger: Ledger, config=None) -> None:
        if config is None:
            from tui.config import Config

            config = Config()
        self.ledger = ledger
        self.config = config
        self.lang: str = config.language if config.language in i18n.LANGS else i18n.DEFAULT_LANG
        super().__init__()
        use_neutral_glyphs()
        self.title = i18n.t("ui.app_title", self.lang)
        self.collector = IdleCollector()
        self.writer = Writer()
        """Where the main screen's changes to the ledger run (`tui.writer`)."""
        self._ui_thread = threading.get_ident()
        ledger.db.on_busy = self._writing_waits

    def _writing_waits(self) -> None:
        """A write waits for another program's write lock: say so at once (it keeps trying)."""
        if threading.get_ident() == self._ui_thread:
            return  # cannot happen for the main screen's writes; a dialog's own write just waits
        self.call_from_thread(self.notify, self.t("db.waiting"), severity="warning", markup=False,
                              timeout=3)

    def _collector_on(self) -> None:
        """Once the first screen is painted: the collector's rule for the UI (tui.startup)."""
        self.collector.start()
        self.set_interval(COLLECT_EVERY, self.collector.collect_when_idle, name="collector")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.collector.saw_input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.writer.close()
        self.collector.stop()

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    def get_default_screen(self) -> Screen:
        from tui.screens.main import MainScreen

        return MainScreen(self.ledger, self.config)

    def on_mount(self) -> None:
        self.call_after_refresh(self._collector_on)
        cfg = self.config
        if cfg.theme:
            if cfg.theme in self.available_themes:
                self.theme = cfg.theme
            else:
                self.notify(safe(self.t("ui.config.bad_theme", theme=cfg.theme)), severity="warning",
                            markup=False, timeout=10)
        if cfg.keymap:
            unknown = sorted(k for k in cfg.keymap if k not in keys.BY_ID)
            if unknown:
                self.notify(safe(self.t("ui.config.unknown_keys", ids=", ".join(unknown),
                                        known=", ".join(keys.BY_ID))),
                            severity="warning", markup=False, timeout=10)
            self.set_keymap({k: v for k, v in cfg.keymap.items() if k in keys.BY_ID})
        from tui.config import problem_messages

        for message in problem_messages(cfg):
            self.notify(safe(message), severity="warning", markup=False, timeout=15)

    # ---- keys, help and the palette ------------------------------------------------------

    def keymap_applied(self, bindings) -> BindingsMap:
        """A bindings map as the clerk's keymap makes it (for the help screen)."""
        bmap = BindingsMap(bindings)
        if self._keymap:
            bmap.apply_keymap(self._keymap)
        return bmap

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every action of the screen, named as in the footer."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            ident = binding.id
            if not ident or f"key.{ident}" not in i18n.CATALOG or ident == "palette" or ident in seen:
                continue
            seen.add(ident)
            yield SystemCommand(
                binding.description,
                self.t("ui.palette.key", key=self.get_key_display(binding)),
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand(self.t("ui.palette.theme"), self.t("ui.palette.theme_help"),
                            self.action_change_theme)


def run(db: Path, config) -> int:
    ledger = Ledger(db, actor=config.name, actor_unit=config.unit,
                    abbreviations=tuple(config.abbreviations))
    try:
        TaizhangApp(ledger, config).run()
    finally:
        ledger.close()
    return 0
