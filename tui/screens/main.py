"""The main screen: the tree on the left, the selected task on the right, the filter bar above.

Every change is written at once through the ledger (no save step) and shown at once: the task's
line, the progress of its sections and plan, the detail pane. Searches and filters run in a
thread worker and come back as `ScopeReady`; another process's commits are noticed by polling
`PRAGMA data_version` and reloaded without losing the open nodes or the cursor.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, Tree
from textual.worker import Worker, WorkerState, get_current_worker

from store import i18n
from store.errors import ReadOnlyError, StateChanged, TaizhangError, UndoRefused
from store.models import ChangeSet
from store.usecases.marking import marking, tasks_under
from tui import keys
from tui.messages import LedgerChanged
from tui.widgets.filter_bar import FilterBar, View
from tui.widgets.footer import LedgerFooter
from tui.widgets.labels import safe
from tui.widgets.notes_log import NotesLog
from tui.widgets.task_detail import TaskDetail
from tui.widgets.task_tree import Item, Scope, TaskTree

POLL_SECONDS = 0.5
"""How often another copy's commits are looked for (PRAGMA data_version costs microseconds):
a change made in another window shows here within a second."""
SEARCH_DELAY = 0.25
"""Typing pauses this long before the search runs."""
BUSY_AFTER = 0.15
"""A search or filter still running after this long says so in the bar. Sooner, the notice
would only flash, and its frame would hold up the result's by a frame or two."""


@dataclass(frozen=True)
class ScopeResult:
    generation: int
    view: View
    scope: Scope | None
    count: int


class MainScreen(keys.TranslatedBindings, Screen):
    BINDINGS = keys.bindings(
        "tick", "cycle", "na", "undo", "redo", "note", "search", "clear", "filter", "overview",
        "export", "import", "prev_plan", "next_plan", "panes", "forms", "merge", "rounds",
        "units", "settings",  # issue 19 (revisions/units)
    ) + keys.bindings(  # issue 19
        "edit", "add_task", "add_section", "delete", "move_up", "move_down", "move_to",
        "history", "plan_menu", "archived",
    )

    class ScopeReady(Message):
        """A filter or search worker finished."""

        def __init__(self, result: ScopeResult) -> None:
            self.result = result
            super().__init__()

    def __init__(self, ledger, config) -> None:
        super().__init__()
        self.ledger = ledger
        self.config = config
        self.view = View()
        self.scope: Scope | None = None
        self.count: int | None = None
        self._generation = 0
        self._jump_pending = False
        self._search_timer: Timer | None = None
        self._busy_timer: Timer | None = None
        self._version: int | None = None
        """PRAGMA data_version as last seen on the writing thread's connection (`tui.writer`)."""
        self._write_lock = asyncio.Lock()
        self._clerk_asked = False
        """The first run's question (name and unit) was asked this session (issue 19)."""

    # ---- helpers -------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.app.lang

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    def say(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        """A notification of plain text (never markup: it may quote a task)."""
        self.app.notify(safe(message), severity=severity, markup=False,
                        **({"timeout": timeout} if timeout else {}))

    @property
    def task_tree(self) -> TaskTree:
        return self.query_one(TaskTree)

    @property
    def detail(self) -> TaskDetail:
        return self.query_one(TaskDetail)

    @property
    def bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def current(self) -> Item | None:
        node = self.task_tree.cursor_node
        return node.data if node is not None else None

    # ---- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="titlebar")
        yield Static(Text(safe(self.t("ui.read_only_banner", path=str(self.ledger.path)))), id="banner")
        yield FilterBar(self.lang, id="filter-bar")
        with Horizontal(id="body"):
            yield TaskTree(self.ledger, self.lang, id="tree")
            yield TaskDetail(self.lang, id="detail")
        yield Static(Text(""), id="empty")
        yield LedgerFooter(compact=True)

    def _title(self) -> Text:
        title = Text.assemble((self.t("ui.app_title"), "bold"), "  ", (safe(self.ledger.path.name), "dim"))
        if self.ledger.read_only:
            title.append("  " + self.t("ui.read_only_mark"), "bold")
        return title

    def on_mount(self) -> None:
        self.query_one("#banner").display = self.ledger.read_only
        self.bar.display = False
        self.task_tree.load(keep=False)
        self._show_empty()
        self.task_tree.focus()
        self.ledger.defer_checkpoints()  # _checkpoint runs them, never inside a keystroke
        self._start_polling()
        if not (self.config.name and self.config.unit):  # issue 19: the first run asks
            self.call_after_refresh(self._ask_clerk)

    @work(group="poll", exit_on_error=False)
    async def _start_polling(self) -> None:
        """After the first screen: what opening found, the file's check, then the poll."""
        found = self.ledger.db.wal_recovery_message()
        if found is not None:
            code, params = found
            self.say(self.t(code, **params), severity="error", timeout=60)
        self._version = await self.app.writer.run(self.ledger.data_version)
        self.set_interval(POLL_SECONDS, self._poll, name="data_version")
        if not self.ledger.read_only:
            self._check_file()

    @work(thread=True, group="check", exit_on_error=False)
    def _check_file(self) -> None:
        """SQLite's quick check of the file (a second at 100,000 tasks), on a thread of its own
        before the first change asks for it: the first tick only waits if it comes sooner."""
        try:
            self.ledger.db.verify()
        except TaizhangError as exc:
            backup = exc.params.get("backup")
            self.app.call_from_thread(self._damaged, exc.message(self.lang),
                                      Path(backup) if backup else None)

    def _damaged(self, message: str, backup: Path | None) -> None:
        from tui.screens.damaged import DamagedScreen

        self.say(message, severity="error", timeout=60)

        def chosen(restore: bool | None) -> None:
            if not restore:
                self.app.exit(message=message)
                return
            self._write(lambda: (self.ledger.restore, (backup,), {}), restored)

        def restored(saved) -> None:
            self.say(self.t("ui.damaged.restored", backup=str(backup), saved=str(saved)), timeout=30)
            self.reload()

        self.app.push_screen(DamagedScreen(message, backup), chosen)

    def _show_empty(self) -> None:
        empty = self.task_tree.plan_count == 0 and self.view.is_empty
        self.query_one("#empty").display = empty
        self.query_one("#body").display = not empty
        if empty:
            self.query_one("#empty", Static).update(Text(self.t("ui.empty")))

    # ---- the detail pane -----------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = self.current()
        if item is None:
            self.detail.show_message(self.t("ui.detail.nothing"))
            return
        ledger = self.ledger
        try:
            if item.kind == "task":
                task = item.obj
                path = ledger.section_path(task.section_id) if task.section_id else []
                self.detail.show_task(task, path, ledger.notes(task.id), ledger.history(task.id),
                                      ledger.today(), self.scope.terms if self.scope else ())
            else:
                if item.kind == "plan":  # the tree's copy has no overdue count (`plans`)
                    self.detail.show_heading(ledger.plan(item.id), [])
                else:
                    self.detail.show_heading(item.obj, ledger.section_path(item.id)[:-1])
        except TaizhangError as exc:  # gone under us (another process): the poll will reload
            self.detail.show_message(exc.message(self.lang))

    # ---- writing -------------------------------------------------------------------------

    def _refuse_read_only(self) -> bool:
        if self.ledger.read_only:
            self.say(self.t("ui.read_only_refused"), severity="warning")
            return True
        return False

    def _write(self, build, then=None) -> None:
        """Make a change on the app's writing thread (`tui.writer`), after any asked before.

        `build()` runs when the change's turn comes — after the changes before it are shown —
        and gives `(fn, args, kwargs)`: so a change made on what the clerk sees (`expect=`)
        sees what the previous change left. `then(result)` runs on the UI thread afterwards.
        Errors become a notice in the clerk's language; a task changed by another copy since
        is refused by the ledger (`StateChanged`) and the view reloaded."""
        if self._refuse_read_only():
            return
        self._run_write(build, then)

    @work(group="write", exit_on_error=False)
    async def _run_write(self, build, then) -> None:
        async with self._write_lock:
            try:
                fn, args, kwargs = build()
                result = await self.app.writer.run(fn, *args, **kwargs)
            except StateChanged as exc:
                self.say(exc.message(self.lang), severity="warning")
                self.reload()
                return
            except ReadOnlyError:
                self.say(self.t("ui.read_only_refused"), severity="warning")
                return
            except TaizhangError as exc:
                self.say(exc.message(self.lang), severity="error")
                return
            if then is not None and result is not None:
                then(result)

    def _seen(self, task_id: int):
        """The task as the tree shows it now (the state the clerk acts on)."""
        node = self.task_tree.node_for("task", task_id)
        task = node.data.obj if node is not None else self.ledger.task(task_id)
        return task.state, task.flag

    def _change_task(self, task_id: int, method, *args) -> None:
        """A state change of one task, made on the state the clerk sees."""
        self._write(lambda: (method, (task_id, *args), {"expect": self._seen(task_id)}),
                    self.after_change)

    def after_change(self, changeset: ChangeSet | None = None, task_ids=(), plan_ids=()) -> None:
        """Show a committed change everywhere at once: lines, progress up the tree, detail."""
        task_ids, plan_ids = set(task_ids), set(plan_ids)
        if changeset is not None:
            if any(ch.table in ("units", "settings") for ch in changeset.changes):
                # issue 19 (revisions/units): names joined or parted, catch-alls mine or not
                # (an undo or redo of either): 本单位 and every unit filter mean something else
                self._refresh_mine(apply=False)
                self.reload()
                return
            if any(ch.table in ("plans", "sections") or ch.field in ("row", "place")
                   for ch in changeset.changes):  # issue 19: the tree's shape changed
                self.reload()
                return
            for ch in changeset.changes:
                if ch.table == "tasks":
                    task_ids.add(ch.row_id)
                elif ch.table == "notes":
                    try:
                        task_ids.add(self.ledger.note(ch.row_id).task_id)
                    except TaizhangError:
                        pass
        if task_ids:
            plan_ids |= {t.plan_id for t in self.ledger.tasks(ids=task_ids)}
        self.task_tree.refresh_tasks(task_ids)
        self.task_tree.refresh_progress(plan_ids)
        self.show_detail()

    # ---- ticking -------------------------------------------------------------------------

    def action_tick(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "task":
            self._change_task(item.id, self.ledger.toggle_done)
        else:
            self._mark_many(item, "done")

    def action_cycle(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind != "task":
            self.say(self.t("ui.pick_task"))
            return
        self._change_task(item.id, self.ledger.cycle_state)

    def action_not_applicable(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "task":
            task_id = item.id

            def build():
                seen = self._seen(task_id)
                return (self.ledger.set_state, (task_id, "todo" if seen[0] == "na" else "na"),
                        {"expect": seen})

            self._write(build, self.after_change)
        else:
            self._mark_many(item, "na")

    def _mark_many(self, item: Item, target: str) -> None:
        """Tick (or mark n/a) every task of a section or plan, after asking (the rule:
        store.usecases.marking)."""
        if self._refuse_read_only():
            return
        within = self.scope.task_ids if self.scope is not None else None
        todo = marking(tasks_under(self.ledger, item.kind, item.id, within), target)
        ids, target = todo.task_ids, todo.state
        if not ids:
            self.say(self.t("ui.nothing_to_mark"))
            return
        obj = item.obj
        name = obj.display_title if item.kind == "plan" else f"{obj.label or ''}{obj.title}"
        message = self.t("ui.confirm.mark_many", name=name, count=len(ids),
                         state=i18n.state_word(target, self.lang))
        if self.scope is not None:
            message += "\n" + self.t("ui.confirm.mark_many_scope")

        def done(cs: ChangeSet) -> None:
            self.after_change(cs, plan_ids={item.plan_id})
            self.say(self.describe(cs))

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(lambda: (self.ledger.set_state, (ids, target), {}), done)

        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(message), answered)

    def describe(self, cs: ChangeSet) -> str:
        code, params = self.ledger.describe(cs, self.lang)
        return self.t(code, **params)

    # ---- undo ----------------------------------------------------------------------------

    def action_undo(self) -> None:
        if self._refuse_read_only():
            return
        target = self.ledger.peek_undo()
        if target is None:
            self.say(self.t("undo.nothing"))
            return
        if target.source in ("import", "merge"):
            from tui.screens.confirm import ConfirmScreen

            what = self.describe(target)
            code = "ui.confirm.undo_merge" if target.source == "merge" else "ui.confirm.undo_import"
            if target.summary == "revision":  # issue 19 (revisions/units): the plan stays
                code = "ui.confirm.undo_revision"

            def answered(yes: bool | None) -> None:
                if yes:  # deletes a whole plan: on the writing thread like every change
                    self._undo_redo("undo")

            self.app.push_screen(ConfirmScreen(self.t(code, what=what), danger=True),
                                 answered)
            return
        self._undo_redo("undo")

    def action_redo(self) -> None:
        if self._refuse_read_only():
            return
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        self._write(lambda: (self._undo_or_redo, (which,), {}), self._undone)

    def _undo_or_redo(self, which: str) -> ChangeSet | UndoRefused:
        """On the writing thread: a refusal is an answer to show, not an error."""
        try:
            return self.ledger.undo() if which == "undo" else self.ledger.redo()
        except UndoRefused as exc:
            return exc

    def _undone(self, cs: ChangeSet | UndoRefused) -> None:
        if isinstance(cs, UndoRefused):
            self.say(cs.message(self.lang), severity="warning")
            return
        which = "undo" if cs.kind == "undo" else "redo"
        described = cs
        if which == "undo" and cs.target_id and any(ch.table in ("notes", "units", "settings")
                                                    for ch in cs.changes):  # issue 19: units, settings
            # "Undone: note deleted" reads right; the undo's own effect ("note added") does not.
            try:
                described = self.ledger.changeset(cs.target_id)
            except TaizhangError:
                pass
        self.say(self.t(f"{which}.done", what=self.describe(described)))
        self.after_change(cs)

    @on(LedgerChanged)
    def _ledger_changed(self, event: LedgerChanged) -> None:
        if event.notice:
            self.say(event.notice)
        self.reload()

    # ---- notes ---------------------------------------------------------------------------

    def action_new_note(self) -> None:
        item = self.current()
        if item is None or item.kind != "task":
            self.say(self.t("ui.pick_task"))
            return
        if self._refuse_read_only():
            return
        task = item.obj
        if not self.config.name:
            from tui.screens.name_prompt import NamePrompt

            def named(name: str | None) -> None:
                if not name:
                    return
                try:
                    from tui.config import save_name

                    save_name(self.config, name)
                except OSError as exc:
                    self.config.name = name
                    self.say(self.t("ui.name.not_saved", detail=str(exc)), severity="warning")
                # From now on the history names the clerk, not the login name.
                self.ledger.actor = name
                self._open_note_editor(task)

            self.app.push_screen(NamePrompt(), named)
            return
        self._open_note_editor(task)

    def _open_note_editor(self, task) -> None:
        from tui.screens.note_editor import NoteEditor

        def added(note) -> None:
            self.after_change(task_ids={task.id})
            self.say(self.t("ui.note.added", task=task.no or task.key))

        def saved(text: str | None) -> None:
            if text is None:
                return
            self._write(lambda: (self.ledger.add_note, (task.id, text),
                                 {"author": self.config.name, "unit": self.config.unit}), added)

        title = self.t("ui.note.new_title", task=task.no or task.key)
        self.app.push_screen(NoteEditor(title), saved)

    @on(NotesLog.EditNote)
    def _edit_note(self, event: NotesLog.EditNote) -> None:
        if self._refuse_read_only():
            return
        from tui.screens.note_editor import NoteEditor

        note = event.note

        def edited(_) -> None:
            self.after_change(task_ids={note.task_id})
            self.say(self.t("ui.note.edited_done"))

        def saved(text: str | None) -> None:
            if text is None or text == note.text:
                return
            self._write(lambda: (self.ledger.edit_note, (note.id, text), {}), edited)

        self.app.push_screen(NoteEditor(self.t("ui.note.edit_title"), note.text), saved)

    @on(NotesLog.DeleteNote)
    def _delete_note(self, event: NotesLog.DeleteNote) -> None:
        if self._refuse_read_only():
            return
        from tui.screens.confirm import ConfirmScreen

        note = event.note
        preview = " ".join(note.text.split())

        def deleted(_) -> None:
            self.after_change(task_ids={note.task_id})
            self.say(self.t("ui.note.deleted"))
            self.task_tree.focus()

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(lambda: (self.ledger.delete_note, (note.id,), {}), deleted)

        self.app.push_screen(
            ConfirmScreen(self.t("ui.confirm.delete_note", text=preview), danger=True), answered
        )

    # ---- issue 19: keeping the ledger by hand (tui.screens.keeper) ------------------------

    @property
    def keeper(self):
        found = getattr(self, "_keeper", None)
        if found is None:
            from tui.screens.keeper import Keeper

            found = self._keeper = Keeper(self)
        return found

    def action_edit(self) -> None:
        self.keeper.edit()

    def action_add_task(self) -> None:
        self.keeper.add_task()

    def action_add_section(self) -> None:
        self.keeper.add_section()

    def action_delete(self) -> None:
        self.keeper.delete()

    def action_move_up(self) -> None:
        self.keeper.move_up()

    def action_move_down(self) -> None:
        self.keeper.move_down()

    def action_move_to(self) -> None:
        self.keeper.move_to()

    def action_history(self) -> None:
        self.keeper.history()

    def action_plan_menu(self) -> None:
        self.keeper.plan_menu()

    def action_toggle_archived(self) -> None:
        self.keeper.toggle_archived()

    # ---- search and filters --------------------------------------------------------------

    def action_search(self) -> None:
        if self.task_tree.plan_count == 0 and self.view.is_empty:
            self.say(self.t("ui.empty_short"))
            return
        self.bar.open_search()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._jump_pending = True
        self._search_now()

    def _search_now(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        view = self.view.with_query(self.bar.input.value)
        if view == self.view and not self._busy:
            if self._jump_pending:
                self._jump_to_first()
            return
        self.apply_view(view)

    @property
    def _busy(self) -> bool:
        return any(w.group == "scope" and w.is_running for w in self.workers)

    def action_clear(self) -> None:
        """Esc: clear the search; with no search, clear the filters."""
        box = self.bar.input
        if self.view.query or box.value:
            with box.prevent(Input.Changed):
                box.value = ""
            if self._search_timer is not None:
                self._search_timer.stop()
            self.apply_view(self.view.without_query())
        elif not self.view.is_empty:
            self.apply_view(View())
        if box.has_focus:
            self.task_tree.focus()
        self.bar.show(self.view, self.count)

    def apply_view(self, view: View) -> None:
        """Narrow the tree to a view (in a worker), or widen it again."""
        self.view = view
        self._generation += 1
        if view.is_empty:
            self.scope, self.count = None, None
            self.task_tree.load(None)
            self.bar.show(view, None)
            self._show_empty()
            self._jump_pending = False
            return
        if self._busy_timer is not None:
            self._busy_timer.stop()
        generation = self._generation
        self._busy_timer = self.set_timer(BUSY_AFTER, lambda: self._show_busy(view, generation))
        self._compute_scope(view, generation)

    def _show_busy(self, view: View, generation: int) -> None:
        if generation == self._generation and self._busy:
            self.bar.show(view, None, busy=True)

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False)
    def _compute_scope(self, view: View, generation: int) -> None:
        worker = get_current_worker()
        task_filter = view.filter.with_(archived=True) if self.task_tree.show_archived else view.filter
        found = self.ledger.filter_scope(task_filter, within=view.picked)
        if worker.is_cancelled:
            return
        scope = Scope(found.task_ids, found.section_ids, found.plan_ids, _terms(view.query))
        self.post_message(self.ScopeReady(ScopeResult(generation, view, scope, len(found.task_ids))))

    @on(ScopeReady)
    def _scope_ready(self, event: ScopeReady) -> None:
        result = event.result
        if result.generation != self._generation:
            return  # a newer search is on its way
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        self.scope, self.count = result.scope, result.count
        self.task_tree.load(result.scope)
        self.bar.show(self.view, self.count)
        self._show_empty()
        if self.task_tree.cursor_node is None and self.task_tree.last_line >= 0:
            self.task_tree.move_cursor_to_line(0)
        self.show_detail()
        if self._jump_pending:
            self._jump_to_first()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that fails says so (the store's errors in the clerk's language)."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, TaizhangError):
            message = error.message(self.lang)
        else:
            message = self.t("error.generic", detail=str(error) or type(error).__name__)
        self.say(message, severity="error", timeout=10)
        if event.worker.group == "scope":
            self._jump_pending = False
            self.bar.show(self.view, None)

    def _jump_to_first(self) -> None:
        """Enter in the search box: the cursor on the first match, ready for space."""
        self._jump_pending = False
        first = self.task_tree.first_task()
        if first is None:
            self.say(self.t("ui.view.none"))
            return
        self.task_tree.reveal(first)
        self.task_tree.focus()

    def action_filter(self) -> None:
        if self.task_tree.plan_count == 0 and self.view.is_empty:
            self.say(self.t("ui.empty_short"))
            return
        from tui.screens.filter import FilterScreen

        def chosen(view: View | None) -> None:
            if view is not None:
                self.apply_view(view)

        self.app.push_screen(FilterScreen(self.ledger, self.view, my_unit=self.config.unit), chosen)

    # ---- other screens -------------------------------------------------------------------

    def action_overview(self) -> None:
        if self.task_tree.plan_count == 0 and self.view.is_empty:
            self.say(self.t("ui.empty_short"))
            return
        from tui.screens.overview import OverviewScreen

        def chosen(view: View | None) -> None:
            if view is not None:
                with self.bar.input.prevent(Input.Changed):
                    self.bar.input.value = ""
                self.apply_view(view)
                self.task_tree.focus()

        self.app.push_screen(OverviewScreen(self.ledger, self.config.catch_alls), chosen)

    def action_export(self) -> None:
        if self.task_tree.plan_count == 0 and self.view.is_empty:
            self.say(self.t("ui.empty_short"))
            return
        from tui.screens.export_dialog import ExportDialog, ExportRequest

        item = self.current()
        plan_id = item.plan_id if item is not None else None
        plan_title = None
        if plan_id is not None:
            node = self.task_tree.node_for("plan", plan_id)
            plan_title = node.data.obj.display_title if node is not None else None
        task_ids = sorted(self.scope.task_ids) if self.scope is not None else None

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.say(self.t("ui.export.started", path=str(request.path)))
                self._export(request)

        self.app.push_screen(
            ExportDialog(self.ledger, self.config, plan_id=plan_id, plan_title=plan_title,
                         task_ids=task_ids,
                         task_filter=None if self.view.filter.is_empty else self.view.filter),
            chosen,
        )

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, request) -> None:
        from tui.screens.export_dialog import run_export

        try:
            run_export(self.ledger, request, self.lang)
        except TaizhangError as exc:
            self.app.call_from_thread(self.say, exc.message(self.lang), "error")
        except OSError as exc:
            self.app.call_from_thread(self.say, self.t("ui.export.failed", detail=str(exc)), "error")
        else:
            self.app.call_from_thread(self.say, self.t("ui.export.done", path=str(request.path)))

    def action_import(self) -> None:
        if self._refuse_read_only():
            return
        from tui.screens.import_prompt import ImportScreen

        def done(notice: str | None) -> None:
            if notice:
                self.say(notice, timeout=8)
            self.reload()

        self.app.push_screen(ImportScreen(self.ledger), done)

    def action_forms(self) -> None:
        if self.task_tree.plan_count == 0 and self.view.is_empty:
            self.say(self.t("ui.empty_short"))
            return
        from tui.screens.forms_dialog import FormsDialog

        item = self.current()
        plan_id = item.plan_id if item is not None else None

        def done(notice: str | None) -> None:
            if notice:
                self.say(notice, timeout=10)

        self.app.push_screen(FormsDialog(self.ledger, self.config.export_dir(), self.config.catch_alls,
                                         plan_id), done)

    def action_merge(self) -> None:
        if self._refuse_read_only():
            return
        from tui.screens.merge_screen import MergeScreen

        def done(notice: str | None) -> None:
            if notice:
                self.say(notice, timeout=10)
                self.reload()

        self.app.push_screen(MergeScreen(self.ledger, self.config.catch_alls), done)

    def action_rounds(self) -> None:
        from tui.screens.rounds import RoundsScreen

        item = self.current()
        plan_id = item.plan_id if item is not None else None
        self.app.push_screen(RoundsScreen(self.ledger, self.config.catch_alls, plan_id))

    # ---- issue 19 (revisions/units): my unit, unit names ----------------------------------

    def _ask_clerk(self) -> None:
        """The first run (no name or no unit in the config): ask for them, once a session."""
        if self._clerk_asked or self.app.screen is not self:
            return
        self._clerk_asked = True
        self._open_clerk_settings(first_run=True)

    def action_settings(self) -> None:
        self._open_clerk_settings(first_run=False)

    def _open_clerk_settings(self, first_run: bool) -> None:
        from store.usecases.units import catch_alls_count
        from tui.screens.clerk_settings import ClerkSettingsDialog

        cfg = self.config
        names = [name for _id, name, _aliases in self.ledger.unit_names()]
        dialog = ClerkSettingsDialog(name=cfg.name, unit=cfg.unit, aliases=cfg.aliases,
                                     catch_alls_mine=catch_alls_count(self.ledger), unit_names=names,
                                     first_run=first_run)
        self.app.push_screen(dialog, self._clerk_saved)

    def _clerk_saved(self, result) -> None:
        """Save what the settings dialog says: the config's name, unit and aliases (tomlkit,
        comments kept), the ledger's catch-all setting (a change-set)."""
        if result is None:
            return
        from store.usecases.units import catch_alls_count, set_catch_alls_count
        from tui.cli.settings import set_value
        from tui.config import default_config_path

        cfg = self.config
        path = Path(cfg.path or default_config_path())
        wanted = {"name": result.name, "unit": result.unit, "aliases": list(result.aliases)}
        try:
            for key, value in wanted.items():
                if value != (getattr(cfg, key) or ([] if key == "aliases" else None)):
                    set_value(path, key, "、".join(value) if isinstance(value, list) else (value or ""))
                    setattr(cfg, key, value)
        except TaizhangError as exc:
            self.say(exc.message(self.lang), severity="error")
            return
        self.ledger.actor = cfg.name or self.ledger.actor
        self.ledger.actor_unit = cfg.unit
        self.say(self.t("ui.clerk.saved", path=str(path)))
        if result.catch_alls_mine != catch_alls_count(self.ledger):
            self._write(lambda: (set_catch_alls_count, (self.ledger, result.catch_alls_mine), {}),
                        lambda _cs: self._refresh_mine())
        else:
            self._refresh_mine()

    def _refresh_mine(self, apply: bool = True) -> None:
        """The 本单位 filter, when on, by the unit and settings as they are now (applied again,
        unless the caller reloads the view itself)."""
        if not self.view.mine:
            return
        from dataclasses import replace

        from store.usecases.units import mine_names

        cfg = self.config
        names = list(mine_names(self.ledger, cfg.unit, cfg.aliases, cfg.catch_alls))
        names += [n for n in self.view.picked_units if n not in names]
        view = replace(self.view, filter=self.view.filter.with_(units=tuple(names)))
        if apply:
            self.apply_view(view)
        else:
            self.view = view

    def action_units(self) -> None:
        from tui.screens.units import UnitsScreen

        def done(changed: bool | None) -> None:
            if changed:
                self._refresh_mine(apply=False)
                self.reload()

        self.app.push_screen(UnitsScreen(self.ledger, self.config), done)

    # ---- moving --------------------------------------------------------------------------

    def action_prev_plan(self) -> None:
        self.task_tree.goto_plan(-1)

    def action_next_plan(self) -> None:
        self.task_tree.goto_plan(1)

    def action_switch_pane(self) -> None:
        """Tab: the tree ↔ the notes (or the detail pane when the task has no notes)."""
        focused = self.focused
        if focused is self.task_tree or focused is None:
            first = self.detail.notes_log.first() if self.detail.notes_log.display else None
            (first or self.detail).focus()
        else:
            self.task_tree.focus()

    # ---- reloading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the ledger, keeping the open nodes, the cursor and the view."""
        self.task_tree.forget_plans()
        if not self.view.is_empty:
            self.apply_view(self.view)
        else:
            self.task_tree.load(None)
            self._show_empty()
            self.show_detail()

    def _poll(self) -> None:
        if self.ledger.commits_since_checkpoint:
            self._checkpoint()
        self._look_for_others()

    @work(group="poll", exclusive=True, exit_on_error=False)
    async def _look_for_others(self) -> None:
        """Another copy's commits (never this copy's own: see `tui.writer`) reload the view."""
        try:
            version = await self.app.writer.run(self.ledger.data_version)
        except Exception:  # noqa: BLE001 - a closed or vanished database: nothing to poll
            return
        if version == self._version or self.app.screen is not self:
            return  # unchanged, or a dialog is open: look again after it closes
        self._version = version
        self.reload()

    @work(thread=True, exclusive=True, group="wal", exit_on_error=False)
    def _checkpoint(self) -> None:
        """What this copy committed is copied from the WAL into the database file, off the UI
        thread (`Ledger.defer_checkpoints`): a disk's worth of syncing no keystroke waits on."""
        try:
            self.ledger.checkpoint_passive()
        except Exception:  # noqa: BLE001 - busy or closed: the next poll tries again
            pass


def _terms(query: str) -> tuple[str, ...]:
    return tuple(w for w in query.split() if w)
