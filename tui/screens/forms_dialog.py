"""`F`: write the 反馈表 of the current round, one per unit, into a folder (in a worker, with
progress). Returns the notice to show, or None when cancelled."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static

from store.errors import TaizhangError
from store.forms.sending import write_forms
from tui.screens.base import Dialog
from tui.screens.import_prompt import PathSuggester
from tui.widgets.labels import safe


class FormsDialog(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, ledger, folder: Path, catch_alls=(), plan_id: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.round = ledger.current_round()
        self.plan_id = plan_id if plan_id is None or self.round is None or self.round.covers(plan_id) else None
        self.catch_alls = tuple(catch_alls)
        name = "反馈表" + (f"-{self.round.name}" if self.round else "")
        self.folder = folder / name
        self.running = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box"):
            yield Static(Text(t("ui.forms.title"), style="bold"), classes="dialog-title")
            what = t("ui.forms.round", name=self.round.name) if self.round else t("ui.forms.no_round")
            yield Static(Text(safe(what)), classes="dialog-text")
            if self.plan_id is not None:
                title = self.ledger.plan(self.plan_id).display_title
                yield Checkbox(safe(t("ui.forms.only_plan", plan=title)), id="forms-only", value=True)
            yield Static(Text(t("ui.forms.folder")), classes="dialog-text")
            yield Input(str(self.folder), id="forms-folder", suggester=PathSuggester())
            yield ProgressBar(id="forms-progress", show_eta=False)
            yield Static(Text(""), id="forms-status")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.forms.go"), id="go", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#forms-folder", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "go":
            self.start()
        else:
            self.action_cancel()

    def start(self, force: bool = False) -> None:
        if self.running:
            return
        raw = self.query_one("#forms-folder", Input).value.strip().strip('"')
        if not raw:
            return
        only = self.plan_id is not None and self.query_one("#forms-only", Checkbox).value
        self.running = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._write(Path(raw).expanduser(), [self.plan_id] if only else [], force)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _write(self, folder: Path, plans: list[int], force: bool) -> None:
        def progress(n, total):
            self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=n)

        try:
            written = write_forms(self.ledger, folder, round_=self.round, plan_ids=plans,
                                  catch_alls=self.catch_alls, force=force, progress=progress)
        except TaizhangError as e:
            self.app.call_from_thread(self._failed, e, folder, plans)
            return
        except OSError as e:
            self.app.call_from_thread(self._failed, TaizhangError("error.generic", detail=str(e)), folder, plans)
            return
        notice = self.t("forms.written", count=len(written), tasks=sum(w.tasks for w in written), dir=str(folder))
        self.app.call_from_thread(self.dismiss, notice)

    def _failed(self, error: TaizhangError, folder: Path, plans) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        if error.code == "cli.exists":
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool) -> None:
                if yes:
                    self.start(force=True)

            self.app.push_screen(ConfirmScreen(self.t("ui.forms.overwrite", dir=str(folder))), answered)
            return
        self.query_one("#forms-status", Static).update(Text(safe(error.message(self.lang)), style="bold red"))

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
