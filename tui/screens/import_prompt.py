"""`i`: import a plan file. The path box completes file names (→ accepts); the import runs in a
thread worker with its progress shown, and failures are shown here in the clerk's language so
the path can be corrected. Returns a notice to show, or None when cancelled."""
from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, ProgressBar, Static

from store.errors import ImportFailed, TaizhangError
from tui.messages import ImportProgressed
from tui.screens.base import Dialog
from tui.widgets.labels import safe


class PathSuggester(Suggester):
    """Completes the last part of a path from the files in its folder."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(prefix) and name != prefix and not name.startswith("."):
                rest = name[len(prefix):]
                if os.path.isdir(os.path.join(folder or ".", name)):
                    rest += os.sep
                return value + rest
        return None


class ImportScreen(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, ledger) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.running = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box", classes="import"):
            yield Static(Text(t("ui.import.title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("ui.import.what")), classes="dialog-text")
            yield Input(id="import-path", placeholder=t("ui.import.placeholder"), suggester=PathSuggester())
            yield Static(Text(t("ui.import.hint"), style="dim"), classes="dialog-hint")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(Text(""), id="import-status")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.import.go"), id="go", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one(Input).focus()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#import-status", Static).update(Text(safe(text), style=style))

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "go":
            self.start()
        else:
            self.action_cancel()

    def start(self) -> None:
        if self.running:
            return
        raw = self.query_one(Input).value.strip().strip('"').strip("'")
        if not raw:
            self._status(self.t("ui.import.no_path"), "bold red")
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self._status(self.t("ui.import.missing", path=str(path)), "bold red")
            return
        if path.is_dir():
            self._status(self.t("ui.import.is_folder", path=str(path)), "bold red")
            return
        self.running = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(self.t("ui.import.reading", name=path.name))
        self._import(path)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _import(self, path: Path) -> None:
        from store.importing import read_plan

        lang = self.lang
        try:
            drafts = read_plan(path)
            results = []
            for i, draft in enumerate(drafts):
                self.post_message(ImportProgressed("writing", i, len(drafts)))
                results.append((draft, self.ledger.import_plan(draft, source="import")))
        except ImportFailed as exc:
            self.app.call_from_thread(self._failed, exc.message(lang))
            return
        except TaizhangError as exc:
            self.app.call_from_thread(self._failed, exc.message(lang))
            return
        except OSError as exc:
            self.app.call_from_thread(self._failed, self.t("ui.import.os_error", detail=str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a reader's bug must not leave the dialog hanging
            self.app.call_from_thread(self._failed, self.t("error.generic", detail=str(exc)))
            return
        self.app.call_from_thread(self._finished, path, results)

    def on_import_progressed(self, event: ImportProgressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(event.steps, 1), progress=event.step)
        self._status(self.t("ui.import.writing", step=event.step + 1, steps=event.steps))

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        self._status(message, "bold red")
        self.query_one(Input).focus()

    def _finished(self, path: Path, results) -> None:
        t = self.t
        lines = []
        for draft, result in results:
            title = draft.title or draft.source or t("import.untitled")
            if result.skipped:
                lines.append(t("import.skipped_same", plan_id=result.existing_plan_id, title=title))
                continue
            lines.append(t("import.done", title=title, sections=result.sections, tasks=result.tasks,
                           due=result.due))
            if result.revised_of:
                lines.append(t("import.revised", plan_id=result.revised_of, title=title))
            if draft.warnings:
                lines.append(t("ui.import.warnings", count=len(draft.warnings)))
        self.dismiss("\n".join(lines) or None)

    def action_cancel(self) -> None:
        if self.running:
            self._status(self.t("ui.import.wait"), "bold")
            return
        self.dismiss(None)
