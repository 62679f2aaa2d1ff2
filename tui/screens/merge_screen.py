"""`m`: merge returned 反馈表. Name a file or a folder of them; the preview shows per file and row
what would change, and nothing is written until the clerk confirms (`y`). On a row: `t` takes
the unit's state (a conflict, or a state a catch-all unit reports), `k` keeps the ledger's, `l`
links an unmatched row to one of the unit's tasks, `s` skips it. Reading and writing run in
workers. Returns the notice to show, or None when cancelled."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from store.errors import TaizhangError
from store.forms.describe import counts_text, file_head, preview_lines, row_lines
from store.forms.merge import link_row
from store.usecases import merging
from tui.screens.base import Dialog
from tui.screens.import_prompt import PathSuggester
from tui.widgets.labels import safe

class TaskPicker(Dialog[int | None]):
    """Pick the task an unmatched row is about, from the unit's tasks."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, tasks) -> None:
        super().__init__(classes="dialog")
        self.tasks = tasks

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Text(self.t("ui.merge.pick_task"), style="bold"), classes="dialog-title")
            yield OptionList(*(Option(Text(safe(f"{ft.task.no or ft.task.key}  {ft.task.text}"[:120])),
                                      id=str(ft.task.id)) for ft in self.tasks), id="merge-pick")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class MergeScreen(Dialog[str | None]):
    BINDINGS = [
        Binding("y", "confirm", "key.merge_confirm", id="merge_confirm"),
        Binding("t", "choose('unit')", "key.merge_take", id="merge_take"),
        Binding("k", "choose('ledger')", "key.merge_keep", id="merge_keep"),
        Binding("l", "link", "key.merge_link", id="merge_link"),
        Binding("s", "skip", "key.merge_skip", id="merge_skip"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, ledger, catch_alls=()) -> None:
        super().__init__(classes="full")
        self.ledger = ledger
        self.catch_alls = tuple(catch_alls)
        self.preview = None
        self.running = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="merge-box"):
            yield Static(Text(t("ui.merge.title"), style="bold"), classes="dialog-title")
            yield Input(id="merge-path", placeholder=t("ui.merge.placeholder"), suggester=PathSuggester())
            with Horizontal(id="merge-meta"):
                yield Input(id="merge-unit", placeholder=t("ui.merge.unit"))
                yield Input(id="merge-round", placeholder=t("ui.merge.round"))
            yield LoadingIndicator(id="merge-loading")
            yield OptionList(id="merge-preview")
            yield Static(Text(t("ui.merge.hint"), style="dim"), id="merge-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#merge-meta").display = False
        self.query_one(LoadingIndicator).display = False
        self.query_one("#merge-path", Input).focus()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#merge-status", Static).update(Text(safe(text), style=style))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.start()

    def start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#merge-path", Input).value.strip().strip('"').strip("'")
        if not raw:
            self._status(self.t("ui.import.no_path"), "bold red")
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self._status(self.t("ui.import.missing", path=str(path)), "bold red")
            return
        files = merging.files_of([path])
        if not files:
            self._status(self.t("ui.merge.no_files", path=str(path)), "bold red")
            return
        unit = self.query_one("#merge-unit", Input).value.strip() or None
        round_name = self.query_one("#merge-round", Input).value.strip() or None
        self.running = True
        self.query_one(LoadingIndicator).display = True
        self._status(self.t("ui.merge.reading", count=len(files)))
        self._plan(files, unit, round_name)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _plan(self, files, unit, round_name) -> None:
        try:
            preview = merging.preview(self.ledger, files, unit=unit, round_name=round_name,
                                 catch_alls=self.catch_alls)
        except TaizhangError as e:
            self.app.call_from_thread(self._failed, e.message(self.lang))
            return
        self.app.call_from_thread(self._planned, preview)

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(LoadingIndicator).display = False
        self._status(message, "bold red")

    def _planned(self, preview) -> None:
        self.running = False
        self.preview = preview
        self.query_one(LoadingIndicator).display = False
        needs = any(f.status == "needs_meta" for f in preview.files)
        self.query_one("#merge-meta").display = needs
        self._fill()
        self.query_one("#merge-preview", OptionList).focus()

    def _fill(self, keep: int | None = None) -> None:
        """One option per line of the preview; a row's lines carry its file and sheet line."""
        options = self.query_one("#merge-preview", OptionList)
        options.clear_options()
        preview = self.preview
        lang = self.lang
        n = 0
        for fi, fp in enumerate(preview.files):
            if fp.status != "ready":
                line = preview_lines(type(preview)([fp]), lang)[0]
                style = "yellow" if fp.status == "duplicate" else "bold red"
                options.add_option(Option(Text(safe(line), style=style), id=f"x{n}"))
                n += 1
                continue
            options.add_option(Option(Text(safe(file_head(fp, lang)), style="bold"), id=f"x{n}"))
            n += 1
            options.add_option(Option(Text(safe("  " + counts_text(fp.counts(), lang))), id=f"x{n}"))
            n += 1
            for code, params in fp.warnings:
                options.add_option(Option(Text(safe("  " + self.t(code, **params)), style="yellow"), id=f"x{n}"))
                n += 1
            for ri, r in enumerate(fp.rows):
                if r.status == "unchanged" and not r.doubts:
                    continue
                style = {"conflict": "bold magenta", "unmatched": "bold red", "refused": "red"}.get(r.status, "")
                if r.suggested:
                    style = "cyan"
                for j, line in enumerate(row_lines(r, lang)):
                    mark = ""
                    if j == 0 and r.status == "conflict" or j == 0 and r.suggested:
                        mark = self.t({"unit": "ui.merge.took", "ledger": "ui.merge.kept"}.get(
                            r.choice or "", "ui.merge.undecided"))
                    options.add_option(Option(Text(safe("  " + line + mark), style=style if j == 0 else "dim"),
                                              id=f"r{fi}:{ri}:{j}"))
        for d in preview.disagreements:
            reports = "；".join(f"{u}“{w}”" for u, w in d["reports"])
            options.add_option(Option(Text(safe(self.t("merge.disagree", task=d["label"], reports=reports)),
                                           style="yellow"), id=f"x{n}"))
            n += 1
        if keep is not None and options.option_count:
            options.highlighted = min(keep, options.option_count - 1)
        ready = preview.ready
        if not ready:
            self._status(self.t("merge.nothing"), "bold red")
        else:
            undecided = len(preview.undecided())
            self._status(self.t("ui.merge.ready", counts=counts_text(preview.counts(), lang),
                                undecided=undecided), "bold")

    def _row(self):
        options = self.query_one("#merge-preview", OptionList)
        if self.preview is None or options.highlighted is None:
            return None
        oid = options.get_option_at_index(options.highlighted).id or ""
        if not oid.startswith("r"):
            return None
        fi, ri, _ = (int(x) for x in oid[1:].split(":"))
        fp = self.preview.files[fi]
        return fp, fp.rows[ri]

    def action_choose(self, side: str) -> None:
        found = self._row()
        if found is None:
            return
        fp, r = found
        if r.status == "conflict" or r.suggested:
            r.choice = side
            self._fill(self.query_one("#merge-preview", OptionList).highlighted)

    def action_link(self) -> None:
        found = self._row()
        if found is None or found[1].status != "unmatched":
            return
        fp, r = found

        def picked(task_id: int | None) -> None:
            if task_id is not None:
                link_row(self.ledger, fp, r, task_id)
                self._fill(self.query_one("#merge-preview", OptionList).highlighted)

        self.app.push_screen(TaskPicker(fp.tasks), picked)

    def action_skip(self) -> None:
        found = self._row()
        if found is None or found[1].status != "unmatched":
            return
        link_row(self.ledger, found[0], found[1], None)
        self._fill(self.query_one("#merge-preview", OptionList).highlighted)

    def action_confirm(self) -> None:
        if self.running or self.preview is None or not self.preview.ready:
            return
        if self.ledger.read_only:
            self._status(self.t("db.read_only", path=str(self.ledger.path)), "bold red")
            return
        self.running = True
        self.query_one(LoadingIndicator).display = True
        self._status(self.t("ui.merge.writing"))
        self._apply()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _apply(self) -> None:
        try:
            result = merging.apply(self.ledger, self.preview)
        except TaizhangError as e:
            self.app.call_from_thread(self._failed, e.message(self.lang))
            return
        lines = [self.t("merge.done", files=len(result.submissions), states=result.states, notes=result.notes)]
        if result.stale:
            lines.append(self.t("merge.stale", tasks="、".join(result.stale)))
        self.app.call_from_thread(self.dismiss, "\n".join(lines))

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
