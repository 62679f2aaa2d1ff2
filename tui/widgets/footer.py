"""The footer, without Textual's leak: `Footer` recomposes its keys whenever the bindings change
(each time focus moves between the search box and the tree), and every new `FooterKey` binds
to the footer's `compact` reactive. The old keys' watchers are dropped only when `compact`
itself changes — never, here — so each search used to keep a dozen dead keys (~1 MB) alive
for good. This footer drops the watchers of keys no longer mounted before composing new ones."""
from __future__ import annotations

from textual.widgets import Footer


class LedgerFooter(Footer):
    def compose(self):
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
        yield from super().compose()
