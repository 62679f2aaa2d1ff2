"""The Textual app: stylesheet, top-level bindings, screen routing — little else."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from store import i18n
from store.ledger import Ledger


class TaizhangApp(App):
    """A minimal ledger view: the plans with their progress."""

    CSS_PATH = "taizhang.tcss"
    BINDINGS = [Binding("q", "quit", "quit", id="quit")]

    def __init__(self, ledger: Ledger, config=None):
        super().__init__()
        self.ledger = ledger
        self.config = config
        self.lang = getattr(config, "language", i18n.DEFAULT_LANG)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(""), id="empty")
        yield DataTable(id="plans", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "taizhang 台账"
        table = self.query_one("#plans", DataTable)
        t = lambda code: i18n.t(code, self.lang)  # noqa: E731
        table.add_columns("#", t("status.plan"), t("status.done"), "%")
        plans = self.ledger.plans()
        for p in plans:
            base = p.progress.total - p.progress.na
            table.add_row(str(p.id), Text(p.display_title), f"{p.progress.done}/{base}", f"{p.progress.percent}%")
        self.query_one("#empty", Static).update(Text("" if plans else t("cli.no_plans")))


def run(db: Path, config) -> int:
    ledger = Ledger(db, actor=config.name, actor_unit=config.unit, abbreviations=tuple(config.abbreviations))
    try:
        TaizhangApp(ledger, config).run()
    finally:
        ledger.close()
    return 0
