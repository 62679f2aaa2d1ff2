"""The footer, without Textual's leak and without its needless rebuilds.

`Footer` recomposes its keys whenever the screen's bindings may have changed: each time focus
moves, and several times while a screen starts (six rebuilds of a dozen keys before the first
frame). This footer remembers what it shows (key, description, enabled, tooltip) and rebuilds
only when that differs, once for any number of signals that arrive together.

The leak: every new `FooterKey` binds to the footer's `compact` reactive, and the old keys'
watchers are dropped only when `compact` itself changes (never, here), so each search used to
keep a dozen dead keys (~1 MB) alive for good. This footer drops the watchers of keys no longer
mounted before composing new ones."""
from __future__ import annotations

from textual.widgets import Footer


class LedgerFooter(Footer):
    _shown: tuple | None = None
    _rebuild_pending: bool = False

    def _shown_bindings(self) -> tuple:
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._shown_bindings() != self._shown:
            await self.recompose()

    def compose(self):
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
        if self._bindings_ready:
            self._shown = self._shown_bindings()
        yield from super().compose()
