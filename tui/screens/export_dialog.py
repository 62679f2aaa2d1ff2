"""`e`: choose a format (whatever `store.exporting.FORMATS` holds), what to export and where.

The dialog only collects an `ExportRequest` (Harlequin's export screen does the same); the main
screen runs `run_export` in a thread worker, which writes beside the target and renames, so a
crash never leaves half a report.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from store import i18n
from store.atomic import safe_filename
from store.exporting import FORMATS
from store.usecases.exporting import export_file
from store.filtering import TaskFilter
from tui.screens.base import Dialog
from tui.screens.confirm import ConfirmScreen
from tui.widgets.labels import safe


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    plan_ids: tuple[int, ...] | None = None
    task_ids: tuple[int, ...] | None = None
    task_filter: TaskFilter | None = None
    """The view's filter, so the report's heading says what was chosen."""


def run_export(ledger, request: ExportRequest, lang: str) -> None:
    """Build the report and write it in one step (called from a worker thread)."""
    export_file(
        ledger, request.fmt, request.path,
        plan_ids=list(request.plan_ids) if request.plan_ids else None,
        task_ids=list(request.task_ids) if request.task_ids is not None else None,
        task_filter=request.task_filter, lang=lang,
    )


class ExportDialog(Dialog[ExportRequest | None]):
    BINDINGS = [
        Binding("ctrl+s", "export", "key.do_export", id="do_export"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, ledger, config, *, plan_id: int | None, plan_title: str | None,
                 task_ids: list[int] | None, task_filter: TaskFilter | None = None) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.config = config
        self.plan_id = plan_id
        self.plan_title = plan_title
        self.task_ids = task_ids
        self.task_filter = task_filter
        self.formats = list(FORMATS)
        self.scopes = ["all"] + (["plan"] if plan_id is not None else []) + (
            ["view"] if task_ids is not None else [])
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box", classes="export"):
            yield Static(Text(t("ui.export.title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.export.format")), classes="filter-label")
                with RadioSet(id="formats", classes="vertical"):
                    for i, name in enumerate(self.formats):
                        code = getattr(FORMATS[name], "label", "")
                        label = t(code) if code in i18n.CATALOG else name.upper()
                        yield RadioButton(Content(f".{FORMATS[name].suffix}  {label}"), value=i == 0)
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.export.scope")), classes="filter-label")
                with RadioSet(id="scopes", classes="vertical"):
                    for scope in self.scopes:
                        yield RadioButton(Content(self._scope_label(scope)), value=scope == self.scopes[-1])
            with Horizontal(classes="filter-row"):
                yield Static(Text(t("ui.export.file")), classes="filter-label")
                self._auto_path = self._default_path()
                yield Input(self._auto_path, id="export-path")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.export.go"), id="go", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def _scope_label(self, scope: str) -> str:
        if scope == "plan":
            return self.t("ui.export.scope_plan", title=safe(self.plan_title or f"#{self.plan_id}"))
        if scope == "view":
            return self.t("ui.export.scope_view", count=len(self.task_ids or ()))
        return self.t("ui.export.scope_all")

    def _choice(self, radio_id: str, options: list[str]) -> str:
        index = self.query_one(radio_id, RadioSet).pressed_index if self.is_mounted else -1
        return options[index] if 0 <= index < len(options) else options[0 if radio_id == "#formats" else -1]

    def _default_path(self) -> str:
        fmt = self._choice("#formats", self.formats)
        scope = self._choice("#scopes", self.scopes)
        stem = i18n.t("ui.export.stem", self.lang)
        if scope == "plan" and self.plan_title:
            stem = safe_filename(self.plan_title)
        elif scope == "view":
            stem = i18n.t("ui.export.stem_view", self.lang)
        folder = self.config.export_dir() if self.config is not None else Path.cwd()
        return str(folder / f"{stem}-{self.ledger.today()}.{FORMATS[fmt].suffix}")

    def on_mount(self) -> None:
        self.query_one("#formats", RadioSet).focus()

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        """A new format or scope gives a new file name, unless the clerk typed one."""
        box = self.query_one("#export-path", Input)
        if box.value == self._auto_path:
            self._auto_path = self._default_path()
            box.value = self._auto_path

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "go":
            self.action_export()
        else:
            self.dismiss(None)

    def request(self) -> ExportRequest | None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            return None
        fmt = self._choice("#formats", self.formats)
        scope = self._choice("#scopes", self.scopes)
        path = Path(raw).expanduser()
        if path.is_dir():
            path = path / Path(self._default_path()).name
        return ExportRequest(
            fmt=fmt,
            path=path,
            plan_ids=(self.plan_id,) if scope == "plan" and self.plan_id is not None else None,
            task_ids=tuple(self.task_ids) if scope == "view" and self.task_ids is not None else None,
            task_filter=self.task_filter if scope == "view" else None,
        )

    def action_export(self) -> None:
        request = self.request()
        if request is None:
            self.notify(self.t("ui.export.no_path"), severity="warning", markup=False)
            return
        if request.path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    self.dismiss(request)

            self.app.push_screen(ConfirmScreen(self.t("ui.export.overwrite", path=str(request.path))),
                                 answered)
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)
