"""`i`: import a plan file. The path box completes file names (→ accepts). Enter reads the file
in a thread worker and shows what would be imported — per plan the counts, the states a ledger
carried, the first tasks, and the rows skipped or in doubt — before anything is written; enter
again (or the button) writes it, in a worker, with its progress shown. Editing the path reads
again. Failures are shown here in the clerk's language so the path can be corrected. Returns a
notice to show, or None when cancelled."""
from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Button, Input, ProgressBar, Static

from store.errors import TaizhangError
from store.usecases import importing
from tui import keys
from tui.messages import ImportProgressed
from tui.screens.base import Dialog
from tui.widgets.labels import SEPARATOR, fit, one_line, safe, state_word

PREVIEW_TASKS = 5
"""How many of the first tasks the preview lists."""
PREVIEW_WARNINGS = 8
"""How many warnings the preview lists (the rest are counted; --dry-run lists them all)."""
PREVIEW_WIDTH = 70


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
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel"), *keys.bindings("reading")]

    def __init__(self, ledger) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.running = False
        self.previewed: tuple[Path, list] | None = None
        """The file read and its drafts, shown in the preview and waiting for confirmation."""

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog-box", classes="import"):
            yield Static(Text(t("ui.import.title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("ui.import.what")), classes="dialog-text")
            yield Input(id="import-path", placeholder=t("ui.import.placeholder"), suggester=PathSuggester())
            yield Static(Text(t("ui.import.hint"), style="dim"), classes="dialog-hint")
            with VerticalScroll(id="import-preview"):
                yield Static(Text(""), id="import-preview-text")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(Text(""), id="import-status")
            with Horizontal(classes="buttons"):
                yield Button(t("ui.import.go"), id="go", variant="primary")
                yield Button(t("ui.filter.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-preview").display = False
        self.query_one(Input).focus()

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        """Another path: the preview shown is of the old one, so it goes."""
        if self.previewed is not None and not self.running and self._path() != self.previewed[0]:
            self._clear_preview()

    def _clear_preview(self) -> None:
        self.previewed = None
        self.query_one("#import-preview").display = False
        self.query_one("#go", Button).label = self.t("ui.import.go")
        self._status("")

    def _path(self) -> Path | None:
        raw = self.query_one(Input).value.strip().strip('"').strip("'")
        return Path(raw).expanduser() if raw else None

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
        path = self._path()
        if path is None:
            self._status(self.t("ui.import.no_path"), "bold red")
            return
        if self.previewed is not None and self.previewed[0] == path:
            self._begin(self.t("ui.import.writing", step=1, steps=len(self.previewed[1])))
            self._write(path, self.previewed[1])
            return
        if not path.exists():
            self._status(self.t("ui.import.missing", path=str(path)), "bold red")
            return
        if path.is_dir():
            self._status(self.t("ui.import.is_folder", path=str(path)), "bold red")
            return
        self._begin(self.t("ui.import.reading", name=path.name))
        self._read(path)

    def action_next_reading(self) -> None:
        """Read the previewed file the next way it can be read (issue 21)."""
        if self.running or self.previewed is None or not self.previewed[1]:
            return
        path, drafts = self.previewed
        first = drafts[0]
        keys_ = [r.key for r in first.readings]
        if len(keys_) < 2 or first.reading is None:
            return
        at = keys_.index(first.reading.key) if first.reading.key in keys_ else 0
        nxt = (at + 1) % len(keys_)
        self._begin(self.t("reading.switched", n=nxt + 1, count=len(keys_)))
        self._read(path, keys_[nxt])

    def _reading_key(self) -> str:
        """The key that switches the reading, as the footer shows it (a keymap may change it)."""
        for active in self.active_bindings.values():
            if active.binding.id == "reading":
                return self.app.get_key_display(active.binding)
        return keys.BY_ID["reading"].keys

    def _begin(self, status: str) -> None:
        self.running = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(status)

    def _error_text(self, exc: BaseException, path: Path) -> str:
        if isinstance(exc, TaizhangError):  # ImportFailed too
            return exc.message(self.lang)
        if isinstance(exc, OSError):
            from store.importing.files import unreadable

            return unreadable(path.name, exc).message(self.lang)
        return self.t("error.generic", detail=str(exc) or type(exc).__name__)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read(self, path: Path, reading: str | None = None) -> None:
        """Read and assemble the file (in the reading named, or the best one) and say what it
        would add to this ledger; nothing is written."""
        try:
            previews = importing.preview(self.ledger, importing.read(path, reading=reading))
        except Exception as exc:  # noqa: BLE001 - a reader's bug must not leave the dialog hanging
            self.app.call_from_thread(self._failed, self._error_text(exc, path))
            return
        self.app.call_from_thread(self._show_preview, path, previews)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _write(self, path: Path, drafts: list) -> None:
        try:
            results = importing.import_drafts(
                self.ledger, drafts, source="import",
                progress=lambda i, n: self.post_message(ImportProgressed("writing", i, n)))
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self._failed, self._error_text(exc, path))
            return
        self.app.call_from_thread(self._finished, path, results)

    # ---- the preview ---------------------------------------------------------------------

    def _show_preview(self, path: Path, previews: list) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        if self._path() != path:  # the path was edited while the file was read
            self._status("")
            return
        self.previewed = (path, [p.draft for p in previews])
        self.query_one("#import-preview-text", Static).update(
            preview_text(previews, self.lang, reading_key=self._reading_key()))
        self.query_one("#import-preview").display = True
        self.query_one("#import-preview").scroll_home(animate=False)
        fresh = [p for p in previews if p.fresh]
        self.query_one("#go", Button).label = self.t("ui.import.confirm" if fresh else "ui.import.confirm_skip")
        self._status(self.t("ui.import.preview_hint" if fresh else "ui.import.preview_hint_skip"), "bold")
        self.query_one(Input).focus()

    def on_import_progressed(self, event: ImportProgressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(event.steps, 1), progress=event.step)
        self._status(self.t("ui.import.writing", step=event.step + 1, steps=event.steps))

    def _failed(self, message: str) -> None:
        self.running = False
        self.previewed = None
        self.query_one("#import-preview").display = False
        self.query_one("#go", Button).label = self.t("ui.import.go")
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


def preview_text(previews: list, lang: str, width: int = PREVIEW_WIDTH, reading_key: str = "ctrl+t") -> Text:
    """What would be imported (`store.usecases.importing.preview`): per plan the counts, how the
    file was read (and the key that reads it another way), 文号 and date, the plan it revises,
    the states a ledger carried, the first tasks, and the warnings (rows skipped or in doubt)
    with where they are; a document imported before is said to be skipped."""
    from store import i18n

    def t(code: str, **params) -> str:
        return i18n.t(code, lang, **params)

    out = Text()

    def line(text: str, style: str = "", indent: int = 0, wrap: bool = False) -> None:
        """One line cut to the width, or (wrap) the whole text, wrapped by the widget."""
        if out.plain:
            out.append("\n")
        if wrap:
            out.append_text(Text(one_line(text), style=style))
        else:
            out.append_text(fit(Text(" " * indent + one_line(text), style=style), width))

    for n, seen in enumerate(previews):
        if n:
            out.append("\n")
        draft = seen.draft
        tasks = list(draft.iter_tasks())
        title = draft.title or draft.source or t("import.untitled")
        counts = dict(title=title, sections=seen.sections, tasks=seen.tasks, due=seen.due)
        same = seen.same
        if same is not None:
            line(t("import.skipped_same", plan_id=same.id, title=same.display_title), "bold", wrap=True)
            continue
        # A long title wraps rather than being cut: it is what the clerk checks first.
        head = Text(safe(t("import.would", **counts)), style="bold")
        if out.plain:
            out.append("\n")
        out.append_text(head)
        if draft.reading is not None:
            line(t("reading.guessed", reading=i18n.reading_text(draft.reading, lang)), "cyan", 2, wrap=True)
            others = [r.key for r in draft.readings if r.key != draft.reading.key]
            if others:
                names = ("、" if lang == "zh" else ", ").join(i18n.reading_name(k, lang) for k in others)
                line(t("reading.others", count=len(others), keys=names, key=reading_key), "dim", 2, wrap=True)
        facts = [x for x in (draft.doc_no, draft.issued, draft.issuer) if x]
        if facts:
            line(SEPARATOR.join(facts), "dim", 2)
        if seen.revises is not None:
            line(t("import.revised", plan_id=seen.revises.id, title=seen.revises.display_title),
                 "yellow", 2, wrap=True)
        states: dict[str, int] = {}
        for (state, flag), count in seen.states.items():
            word = state_word(state, flag, lang)
            states[word] = states.get(word, 0) + count
        notes = seen.notes
        if states or notes:
            shown = "，".join(f"{w} {c}" for w, c in states.items()) if lang == "zh" else ", ".join(
                f"{w} {c}" for w, c in states.items())
            line(t("ui.import.states", states=shown or "-", notes=notes), "", 2, wrap=True)
        first = tasks[:PREVIEW_TASKS]
        if first:
            line(t("ui.import.first_tasks", count=len(first)), "", 2)
            for x in first:
                tail = SEPARATOR.join(v for v in (x.units, x.due) if v)
                line(f"{x.no or '-'}. {x.text}" + (SEPARATOR + tail if tail else ""), "", 4)
        warnings = list(draft.warnings)
        if warnings:
            line(t("ui.import.doubts", count=len(warnings)), "bold yellow", 2)
            for w in warnings[:PREVIEW_WARNINGS]:
                where = i18n.origin(w.origin, lang)
                sep = "：" if lang == "zh" else ": "
                line(f"{where + sep if where else ''}{i18n.t(w.code, lang, **w.as_dict())}", "yellow", 4)
            if len(warnings) > PREVIEW_WARNINGS:
                line(t("ui.import.more_doubts", count=len(warnings) - PREVIEW_WARNINGS), "dim", 4)
        else:
            line(t("ui.import.no_doubts"), "dim", 2)
    return out
