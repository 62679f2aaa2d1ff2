"""`m`: merge returned 反馈表. Name a file or a folder of them; the preview shows each file in one
line (whose, which day, what it would change by kind), `enter` opens a file's rows, and nothing is
written until the clerk confirms (`y`) — the preview as shown, not the files read again. On a row:
`t` takes what the unit says (a conflict's side, a suggested state, a doubtful row confirmed), `k`
keeps the ledger's, `l` links an unmatched row to one of the unit's tasks, `s` skips it; on a line
where co-leads disagree `t` picks whose word to take. `a` confirms or takes in bulk: this file's,
this unit's or every suggestion, this file's or every doubtful row (a row about a task never sent
to the unit is confirmed only on its own line). Reading and writing run in workers. Returns the
notice to show, or None when cancelled."""
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
from store.forms.describe import (
    SHORT,
    counts_text,
    detail_count,
    dispute_line,
    file_head,
    preview_lines,
    row_lines,
    state_text,
)
from store.usecases import merging
from tui.screens.base import Dialog
from tui.screens.choice import ChoiceMenu
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
        Binding("a", "bulk", "key.merge_bulk", id="merge_bulk"),
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
        self.expanded: set[int] = set()

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="merge-box"):
            yield Static(Text(t("ui.merge.title"), style="bold"), classes="dialog-title")
            yield Input(id="merge-path", placeholder=t("ui.merge.placeholder"), suggester=PathSuggester())
            with Horizontal(id="merge-meta"):
                yield Input(id="merge-unit", placeholder=t("ui.merge.unit"))
                yield Input(id="merge-round", placeholder=t("ui.merge.round"))
                yield Input(id="merge-received", placeholder=t("ui.merge.received"))
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
        received = self.query_one("#merge-received", Input).value.strip() or None
        self.running = True
        self.query_one(LoadingIndicator).display = True
        self._status(self.t("ui.merge.reading", count=len(files)))
        self._plan(files, unit, round_name, received)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _plan(self, files, unit, round_name, received=None) -> None:
        try:
            preview = merging.preview(self.ledger, files, unit=unit, round_name=round_name,
                                      catch_alls=self.catch_alls, received=received)
            short = detail_count(preview) <= SHORT
        except TaizhangError as e:
            self.app.call_from_thread(self._failed, e.message(self.lang))
            return
        self.app.call_from_thread(self._planned, preview, short)

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(LoadingIndicator).display = False
        self._status(message, "bold red")

    def _planned(self, preview, short: bool) -> None:
        self.running = False
        self.preview = preview
        self.expanded = set(range(len(preview.files))) if short else set()
        self.query_one(LoadingIndicator).display = False
        # who and which round, when a file no longer says; the day received, when a form has no date
        needs = any(f.status == "needs_meta" or (f.status == "ready" and f.reported_from != "form")
                    for f in preview.files)
        self.query_one("#merge-meta").display = needs
        self._fill()
        self.query_one("#merge-preview", OptionList).focus()

    def _fill(self, keep: int | None = None) -> None:
        """One option per line: a file's head (enter opens its rows), its rows when open (their
        ids carry the file and row), the disputes the clerk picks in, the total."""
        options = self.query_one("#merge-preview", OptionList)
        if keep is None and options.highlighted is not None and options.option_count:
            keep = options.highlighted
        options.clear_options()
        preview = self.preview
        lang = self.lang
        items: list[Option] = []
        n = 0
        for fi, fp in enumerate(preview.files):
            if fp.status != "ready":
                line = preview_lines(type(preview)([fp]), lang)[0]
                style = "yellow" if fp.status == "duplicate" else "bold red"
                items.append(Option(Text(safe(line), style=style), id=f"x{n}"))
                n += 1
                continue
            mark = "▾ " if fi in self.expanded else "▸ "
            head = Text(safe(mark + file_head(fp, lang)), style="bold")
            head.append(safe("  " + counts_text(fp.counts(), lang)), style="")
            items.append(Option(head, id=f"f{fi}"))
            for code, params in fp.warnings:
                items.append(Option(Text(safe("  " + self.t(code, **params)), style="yellow"), id=f"w{fi}:{n}"))
                n += 1
            if fi not in self.expanded:
                continue
            for ri, r in enumerate(fp.rows):
                if r.status == "unchanged" and not r.doubts and not r.notices and r.overruled is None:
                    continue
                style = {"conflict": "bold magenta", "unmatched": "bold red", "refused": "red"}.get(r.status, "")
                if r.suggested:
                    style = "cyan"
                if r.held:
                    style = "yellow"
                for j, line in enumerate(row_lines(r, lang)):
                    mark = ""
                    if j == 0 and (r.status == "conflict" or (r.suggested and not r.held)):
                        mark = self.t({"unit": "ui.merge.took", "ledger": "ui.merge.kept"}.get(
                            r.choice or "", "ui.merge.undecided"))
                    elif j == 0 and r.doubtful:
                        mark = self.t("ui.merge.confirmed_row" if r.confirmed else "ui.merge.to_confirm")
                    items.append(Option(Text(safe("  " + line + mark), style=style if j == 0 else "dim"),
                                        id=f"r{fi}:{ri}:{j}"))
        for di, d in enumerate(preview.disagreements):
            if d["open"]:
                items.append(Option(Text(safe(dispute_line(d, lang)), style="bold magenta"), id=f"d{di}"))
        if len(preview.ready) > 1:
            items.append(Option(Text(safe(self.t("merge.total", files=len(preview.ready),
                                                 counts=counts_text(preview.counts(), lang))), style="bold"),
                                id="total"))
        options.add_options(items)
        if keep is not None and options.option_count:
            options.highlighted = min(keep, options.option_count - 1)
        if not preview.ready:
            self._status(self.t("merge.nothing"), "bold red")
        else:
            counts = preview.counts()
            self._status(self.t("ui.merge.ready", counts=counts_text(counts, lang),
                                undecided=counts["undecided"] + counts["disputes"]), "bold")

    def _current_id(self) -> str:
        options = self.query_one("#merge-preview", OptionList)
        if self.preview is None or options.highlighted is None or not options.option_count:
            return ""
        return options.get_option_at_index(options.highlighted).id or ""

    def _row(self):
        oid = self._current_id()
        if not oid.startswith("r"):
            return None
        fi, ri, _ = (int(x) for x in oid[1:].split(":"))
        fp = self.preview.files[fi]
        return fp, fp.rows[ri]

    def _file(self):
        """The file of the line the cursor is on (its head, a warning or a row)."""
        oid = self._current_id()
        if oid.startswith("f"):
            return self.preview.files[int(oid[1:])]
        if oid.startswith(("r", "w")):
            return self.preview.files[int(oid[1:].split(":")[0])]
        return None

    @on(OptionList.OptionSelected, "#merge-preview")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid.startswith("f"):
            fi = int(oid[1:])
            self.expanded ^= {fi}
            self._fill()
        elif oid.startswith("d"):
            self._pick(int(oid[1:]))

    def action_choose(self, side: str) -> None:
        oid = self._current_id()
        if oid.startswith("d"):
            if side == "unit":
                self._pick(int(oid[1:]))
            else:
                merging.choose(self.preview, self.preview.disagreements[int(oid[1:])]["task_id"], merging.LEDGER)
                self._fill()
            return
        found = self._row()
        if found is None:
            return
        fp, r = found
        if r.status == "conflict" or r.suggested or r.doubtful:
            merging.choose_row(self.preview, r, side)
            self._fill()

    def _pick(self, di: int) -> None:
        d = self.preview.disagreements[di]
        choices = [(str(uid), self.t("ui.merge.pick_unit", unit=u, word=w)) for u, w, _, uid in d["reports"]]
        choices.append((merging.LEDGER, self.t("ui.merge.pick_ledger", state=state_text(d["kept"], self.lang))))

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            merging.choose(self.preview, d["task_id"], merging.LEDGER if choice == merging.LEDGER else int(choice))
            self._fill()

        self.app.push_screen(ChoiceMenu(self.t("ui.merge.pick_title", task=d["label"]), choices), picked)

    def action_bulk(self) -> None:
        preview = self.preview
        if preview is None or not preview.ready:
            return
        fp = self._file()
        choices: list[tuple[str, str]] = []
        if fp is not None and fp.status == "ready":
            n = merging.suggested_count(preview, fp=fp)
            if n:
                choices.append(("file_suggested", self.t("ui.merge.accept.file_suggested", n=n)))
            n = merging.suggested_count(preview, unit_id=fp.unit_id)
            if n:
                choices.append(("unit_suggested", self.t("ui.merge.accept.unit_suggested", unit=fp.unit, n=n)))
        n = merging.suggested_count(preview)
        if n:
            choices.append(("all_suggested", self.t("ui.merge.accept.all_suggested", n=n)))
        if fp is not None and fp.status == "ready":
            n = merging.doubtful_count(preview, fp=fp)
            if n:
                choices.append(("file_doubtful", self.t("ui.merge.accept.file_doubtful", n=n)))
        n = merging.doubtful_count(preview)
        if n:
            choices.append(("all_doubtful", self.t("ui.merge.accept.all_doubtful", n=n)))
        if not choices:
            return

        def chosen(choice: str | None) -> None:
            if choice == "file_suggested":
                merging.accept_suggested(preview, fp=fp)
            elif choice == "unit_suggested":
                merging.accept_suggested(preview, fp.unit)
            elif choice == "all_suggested":
                merging.accept_suggested(preview)
            elif choice == "file_doubtful":
                merging.confirm_doubtful(preview, fp)
            elif choice == "all_doubtful":
                merging.confirm_doubtful(preview)
            else:
                return
            self._fill()

        self.app.push_screen(ChoiceMenu(self.t("ui.merge.accept_title"), choices), chosen)

    def action_link(self) -> None:
        found = self._row()
        if found is None or found[1].status != "unmatched":
            return
        fp, r = found

        def picked(task_id: int | None) -> None:
            if task_id is not None:
                merging.link(self.preview, self.ledger, fp, r, task_id)
                self._fill()

        self.app.push_screen(TaskPicker(fp.tasks), picked)

    def action_skip(self) -> None:
        found = self._row()
        if found is None or found[1].status != "unmatched":
            return
        merging.link(self.preview, self.ledger, found[0], found[1], None)
        self._fill()

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
        if result.held:
            lines.append(self.t("ui.merge.held_done", count=result.held))
        self.app.call_from_thread(self.dismiss, "\n".join(lines))

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
