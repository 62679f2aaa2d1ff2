"""`i`: import a plan file. The path box completes file names (→ accepts). Enter reads the file
in a thread worker and shows what would be imported — per plan the counts, the states a ledger
carried, the first tasks, and the rows skipped or in doubt — before anything is written; enter
again (or the button) writes it, in a worker, with its progress shown. Editing the path reads
again. Failures are shown here in the clerk's language so the path can be corrected. Returns a
notice to show, or None when cancelled.

A revision of a plan in the ledger (issue 19) shows its diff, task by task, and is merged into
that plan: ctrl+o corrects a pairing of its tasks, ctrl+g chooses another plan or none."""
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
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel"), *keys.bindings("reading"),
                *keys.bindings("revision_pair", "revision_target")]  # issue 19 (revisions/units)

    def __init__(self, ledger) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.running = False
        self.previewed: tuple[Path, list] | None = None
        """The file read and its drafts, shown in the preview and waiting for confirmation."""
        # issue 19 (revisions/units): the clerk's choices for a revision
        self.previews: list = []
        self.targets: dict[int, int | None] = {}
        """Per draft: the plan it revises as the clerk chose (None: a plan of its own)."""
        self.corrections: dict[int, dict[int, str | None]] = {}
        """Per draft: revision task index → the plan task's key the clerk paired it with."""

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
        self.targets, self.corrections = {}, {}
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
            previews = importing.preview(self.ledger, importing.read(path, reading=reading),
                                         targets=self.targets, corrections=self.corrections)
        except Exception as exc:  # noqa: BLE001 - a reader's bug must not leave the dialog hanging
            self.app.call_from_thread(self._failed, self._error_text(exc, path))
            return
        self.app.call_from_thread(self._show_preview, path, previews)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _write(self, path: Path, drafts: list) -> None:
        try:
            results = importing.import_drafts(
                self.ledger, drafts, source="import",
                progress=lambda i, n: self.post_message(ImportProgressed("writing", i, n)),
                targets=self.targets, corrections=self.corrections)
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
        self.previews = previews
        self.query_one("#import-preview-text", Static).update(
            preview_text(previews, self.lang, reading_key=self._reading_key(),
                         revision_keys=(self._key_of("revision_pair"), self._key_of("revision_target"))))
        self.query_one("#import-preview").display = True
        self.query_one("#import-preview").set_class(any(p.diff is not None for p in previews), "revision")
        self.query_one("#import-preview").scroll_home(animate=False)
        fresh = [p for p in previews if p.fresh]
        label = "ui.import.confirm" if fresh else "ui.import.confirm_skip"
        if any(p.diff is not None for p in fresh):  # issue 19: merged into the plan it revises
            label = "ui.import.confirm_revision"
        self.query_one("#go", Button).label = self.t(label)
        hint = "ui.import.preview_hint" if fresh else "ui.import.preview_hint_skip"
        if label == "ui.import.confirm_revision":
            hint = "ui.import.preview_hint_revision"
        self._status(self.t(hint), "bold")
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
            if result.revision is not None:  # issue 19 (revisions/units)
                lines.append(t("revision.done", plan_id=result.plan_id, title=title))
                lines.append(t("revision.counts", **result.revision.counts))
                if result.archived_plan_id:
                    lines.append(t("revision.archived_as", plan_id=result.archived_plan_id))
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

    # ---- issue 19 (revisions/units): correcting a revision -------------------------------

    def _key_of(self, ident: str) -> str:
        """A key as the footer shows it (a keymap may change it)."""
        for active in self.active_bindings.values():
            if active.binding.id == ident:
                return self.app.get_key_display(active.binding)
        return keys.BY_ID[ident].keys

    def _fresh_index(self) -> int | None:
        """The first plan of the file that would be written (not imported before)."""
        return next((i for i, p in enumerate(self.previews) if p.fresh), None)

    def action_revision_pair(self) -> None:
        """ctrl+o: say which task of the plan a task of the revision is (or none)."""
        if self.running or self.previewed is None:
            return
        at = next((i for i, p in enumerate(self.previews) if p.diff is not None), None)
        if at is None:
            self._status(self.t("ui.revision.no_diff"), "bold")
            return
        from tui.screens.revision_pair import RevisionPairScreen

        def chosen(pair) -> None:
            if pair is None:
                return
            new_index, key = pair
            self.corrections.setdefault(at, {})[new_index] = key
            self._again()

        self.app.push_screen(RevisionPairScreen(self.previews[at].diff), chosen)

    def action_revision_target(self) -> None:
        """ctrl+g: which plan this document revises, or none (a plan of its own)."""
        if self.running or self.previewed is None:
            return
        at = self._fresh_index()
        if at is None:
            return
        from tui.screens.revision_pair import RevisionTargetScreen

        seen = self.previews[at]

        def chosen(target) -> None:
            if target is None:
                return
            kind, plan_id = target
            self.targets[at] = plan_id if kind == "plan" else None
            self.corrections.pop(at, None)  # pairings of another plan's tasks mean nothing now
            self._again()

        plans = [p for p in self.ledger.plans(overdue=False)]
        self.app.push_screen(RevisionTargetScreen(
            plans, seen.revises.id if seen.revises else None,
            seen.suggested.id if seen.suggested else None), chosen)

    def _again(self) -> None:
        """The preview again with the clerk's choices (the file is not read again)."""
        path, drafts = self.previewed
        self._begin(self.t("ui.revision.recomputing"))
        self._preview_again(path, drafts)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _preview_again(self, path: Path, drafts: list) -> None:
        try:
            previews = importing.preview(self.ledger, drafts, targets=self.targets,
                                         corrections=self.corrections)
        except Exception as exc:  # noqa: BLE001 - e.g. a pairing that names a task twice
            self.app.call_from_thread(self._correction_failed, self._error_text(exc, path))
            return
        self.app.call_from_thread(self._show_preview, path, previews)

    def _correction_failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        self._status(message, "bold red")


def preview_text(previews: list, lang: str, width: int = PREVIEW_WIDTH, reading_key: str = "ctrl+t",
                 revision_keys: tuple[str, str] = ("ctrl+o", "ctrl+g")) -> Text:
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
        if seen.diff is not None:  # issue 19 (revisions/units): merged, task by task
            line(t("revision.would", plan_id=seen.revises.id, title=seen.revises.display_title),
                 "bold yellow", 2, wrap=True)
            line(t("ui.revision.keys", pair=revision_keys[0], target=revision_keys[1]), "dim", 2, wrap=True)
            styles = {"head": "bold", "note": "cyan", "changed": "bold", "old": "red", "new": "green",
                      "detail": "", "added": "green", "dropped": "red"}
            indents = {"head": 2, "note": 2, "changed": 4, "added": 4, "dropped": 4}
            for kind, text in importing.diff_lines(seen.diff, lang):
                line(" " * indents.get(kind, 6) + text, styles.get(kind, ""), wrap=True)
            warnings = list(draft.warnings)
            if warnings:
                line(t("ui.import.doubts", count=len(warnings)), "bold yellow", 2)
            continue
        if seen.suggested is not None:  # the rule found a plan; the clerk chose a plan of its own
            line(t("ui.revision.as_new_chosen", plan_id=seen.suggested.id, title=seen.suggested.display_title,
                   key=revision_keys[1]), "yellow", 2, wrap=True)
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
