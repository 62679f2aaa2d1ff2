"""Keeping the ledger by hand from the main screen (issue 19): the keys E A S D K J M H P z
(tui/keys.py) open the forms of `tui.screens.keeping` and the history screen, and every change
is written through the main screen's one writing path (`MainScreen._write`), shown at once and
undoable with `u`. An edit is made on what the clerk saw: when another copy of the app changed
the same fields first, nothing is written and the clerk sees both (`ConflictScreen`).
"""
from __future__ import annotations

from textual.widgets import Input

from store.errors import EditConflict, TaizhangError
from store.models import ChangeSet
from tui.widgets.filter_bar import View


class Keeper:
    """The main screen's actions that correct, add, arrange, delete and archive."""

    def __init__(self, screen) -> None:
        self.screen = screen

    @property
    def app(self):
        return self.screen.app

    @property
    def ledger(self):
        return self.screen.ledger

    def t(self, code: str, **params) -> str:
        return self.screen.t(code, **params)

    def say(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        self.screen.say(message, severity, timeout)

    def _keeping(self):
        """The item under the cursor, for a change (None, said why, when there is none or the
        ledger is read-only)."""
        if self.screen._refuse_read_only():
            return None
        item = self.screen.current()
        if item is None:
            self.say(self.t("edit.pick_something"))
        return item

    @staticmethod
    def _guarded(fn, *args, **kwargs):
        """On the writing thread: another copy's change to the same fields is an answer to show
        (both versions, `ConflictScreen`), not an error."""
        try:
            return fn(*args, **kwargs)
        except EditConflict as exc:
            return exc

    def _edit(self, fn, args: tuple, expect: dict, done) -> None:
        """An edit made on what the clerk saw (`expect`): when another copy changed the same
        fields first, nothing is written and the clerk chooses, seeing both."""
        from tui.screens.keeping import ConflictScreen

        def then(result) -> None:
            if isinstance(result, EditConflict):
                def answered(mine: bool | None) -> None:
                    if mine:
                        now = {f: n for f, _seen, n, _mine in result.conflicts}
                        self._edit(fn, args, {**expect, **now}, done)
                    else:
                        self.say(self.t("edit.conflict.kept"))
                        self.screen.reload()

                self.app.push_screen(ConflictScreen(result.message(self.screen.lang), result.conflicts),
                                     answered)
                return
            done(result)

        self.screen._write(lambda: (self._guarded, (fn, *args), {"expect": expect}), then)

    def _changed(self, cs: ChangeSet | None) -> None:
        """After an edit: shown everywhere, and said."""
        if cs is None:
            self.say(self.t("edit.nothing_changed"))
            return
        self.screen.after_change(cs)
        self.say(self.screen.describe(cs))

    def _show_new(self, kind: str, ident: int, cs: ChangeSet) -> None:
        """After something was added or moved: the tree rebuilt, the cursor on it."""
        self.screen.reload()
        if self.screen.view.is_empty:
            if kind == "task":
                self.screen.task_tree.reveal(ident)
            else:
                self._reveal_heading(kind, ident)
        self.say(self.screen.describe(cs))

    def _reveal_heading(self, kind: str, ident: int) -> None:
        tree = self.screen.task_tree
        if kind == "section":
            chain = [("plan", self.ledger.section(ident).plan_id)]
            chain += [("section", s.id) for s in self.ledger.section_path(ident)[:-1]]
            for key in chain:
                node = tree.node_for(*key)
                if node is not None:
                    tree.populate(node)
                    node.expand()
        tree.goto((kind, ident))

    def edit(self) -> None:
        item = self._keeping()
        if item is None:
            return
        if item.kind == "task":
            self._edit_task(item.id)
        elif item.kind == "section":
            self._edit_section(item.id)
        else:
            self._edit_plan(item.id)

    def _edit_task(self, task_id: int) -> None:
        from store.usecases.editing import seen
        from tui.screens.keeping import TaskForm

        ledger = self.ledger
        task = ledger.task(task_id)
        units = ledger.units_value(task_id)
        plan = ledger.plan(task.plan_id)

        def saved(result) -> None:
            if result is not None:
                self._edit(ledger.edit_task, (task.id, result.values),
                           seen(task, units, result.values), self._changed)

        title = self.t("edit.title.task", no=task.no or "-", key=task.key)
        self.app.push_screen(TaskForm(ledger, title, plan=plan, task=task, units=units), saved)

    def _edit_section(self, section_id: int) -> None:
        from tui.screens.keeping import Field, FieldsForm

        section = self.ledger.section(section_id)
        fields = [Field("label", self.t("edit.label.label"), section.label or "", self.t("edit.hint.label")),
                  Field("title", self.t("edit.label.title"), section.title)]

        def saved(values) -> None:
            if values:
                seen = {"label": section.label, "title": section.title}
                self._edit(self.ledger.edit_section, (section_id, values),
                           {k: seen[k] for k in values}, self._changed)

        self.app.push_screen(FieldsForm(self.t("edit.title.section"), fields, check=_title_check),
                             saved)

    def _plan_fields(self, plan=None) -> list:
        from tui.screens.keeping import Field

        t = self.screen.t
        year = str(plan.year) if plan and plan.year else ("" if plan else self.ledger.today()[:4])
        return [
            Field("title", t("edit.label.plan_title"), (plan.title or "") if plan else "",
                  "" if plan else t("edit.hint.plan_title")),
            Field("doc_no", t("edit.label.doc_no"), (plan.doc_no or "") if plan else "",
                  t("edit.hint.doc_no")),
            Field("issuer", t("edit.label.issuer"), (plan.issuer or "") if plan else "",
                  t("edit.hint.issuer")),
            Field("issued", t("edit.label.issued"), (plan.issued or "") if plan else "",
                  t("edit.hint.due")),
            Field("year", t("edit.label.year"), year, t("edit.hint.year")),
        ]

    def _edit_plan(self, plan_id: int) -> None:
        from tui.screens.keeping import FieldsForm

        plan = self.ledger.plan(plan_id)

        def saved(values) -> None:
            if values:
                seen = {"title": plan.title, "doc_no": plan.doc_no, "issuer": plan.issuer,
                        "issued": plan.issued, "year": plan.year}
                self._edit(self.ledger.edit_plan, (plan_id, values),
                           {k: seen[k] for k in values}, self._changed)

        title = self.t("edit.title.plan", title=plan.display_title)
        self.app.push_screen(FieldsForm(title, self._plan_fields(plan), check=_plan_check), saved)

    def add_task(self) -> None:
        item = self._keeping()
        if item is None:
            return
        if item.kind == "task":
            section_id, after = item.obj.section_id, item.id
        elif item.kind == "section":
            section_id, after = item.id, "end"
        else:
            self.say(self.t("edit.pick_section" if self.ledger.all_sections(item.id)
                            else "edit.need_section"), severity="warning")
            return
        from tui.screens.keeping import TaskForm

        ledger = self.ledger
        plan = ledger.plan(item.plan_id)
        section = ledger.section(section_id)

        def added(result) -> None:
            cs, task_id = result
            self._show_new("task", task_id, cs)

        def saved(result) -> None:
            if result is not None:
                self.screen._write(lambda: (ledger.add_task, (section_id, result.values), {"after": after}),
                            added)

        title = self.t("edit.title.new_task", section=f"{section.label or ''}{section.title}")
        self.app.push_screen(TaskForm(ledger, title, plan=plan, section_id=section_id,
                                      number=ledger.next_number(plan.id, section_id)), saved)

    def add_section(self) -> None:
        item = self._keeping()
        if item is None:
            return
        from tui.screens.keeping import Field, FieldsForm

        if item.kind == "plan":
            parent, after = None, "end"
        else:
            section = self.ledger.section(item.id if item.kind == "section" else item.obj.section_id)
            parent, after = section.parent_id, section.id
        plan_id = item.plan_id

        def added(result) -> None:
            cs, section_id = result
            self._show_new("section", section_id, cs)

        def saved(values) -> None:
            if values:
                self.screen._write(lambda: (self.ledger.add_section, (plan_id, values.get("title", "")),
                                     {"label": values.get("label"), "parent_id": parent,
                                      "after": after}), added)

        fields = [Field("label", self.t("edit.label.label"), "", self.t("edit.hint.label")),
                  Field("title", self.t("edit.label.title"), "")]
        self.app.push_screen(FieldsForm(self.t("edit.title.new_section"), fields, new=True,
                                        check=_title_required), saved)

    def delete(self) -> None:
        item = self._keeping()
        if item is None:
            return
        from tui.screens.confirm import ConfirmScreen

        ledger = self.ledger
        counts = ledger.deletion_counts(item.kind, item.id)
        if item.kind == "task":
            task = item.obj
            message = self.t("edit.confirm.delete_task", no=task.no or task.key,
                             text=" ".join(task.text.split())[:60], **counts)
            fn = ledger.delete_task
        elif item.kind == "section":
            s = item.obj
            message = self.t("edit.confirm.delete_section", name=f"{s.label or ''}{s.title}", **counts)
            fn = ledger.delete_section
        else:
            message = self.t("edit.confirm.delete_plan", title=item.obj.display_title, **counts)
            fn = ledger.delete_plan

        def deleted(result) -> None:
            cs, saved = result if isinstance(result, tuple) else (result, None)
            self.screen.reload()
            self.say(self.screen.describe(cs) + ("\n" + self.t("edit.backup_saved", path=str(saved))
                                          if saved else ""), timeout=8)

        def answered(yes: bool | None) -> None:
            if yes:
                self.screen._write(lambda: (fn, (item.id,), {}), deleted)

        self.app.push_screen(ConfirmScreen(message, danger=True, yes=self.t("edit.delete")), answered)

    def _movable(self):
        """The task or section under the cursor, to be moved (a plan is not: said)."""
        item = self._keeping()
        if item is not None and item.kind == "plan":
            self.say(self.t("edit.plan_not_movable"), severity="warning")
            return None
        return item

    def move_up(self) -> None:
        self._move_by(-1)

    def move_down(self) -> None:
        self._move_by(1)

    def _move_by(self, delta: int) -> None:
        item = self._movable()
        if item is None:
            return
        fn = self.ledger.move_task_by if item.kind == "task" else self.ledger.move_section_by

        def moved(cs) -> None:
            if isinstance(cs, TaizhangError):  # already first or last: said, not an error
                self.say(cs.message(self.screen.lang), severity="warning")
            elif cs is not None:
                self.screen.reload()
                self.screen.task_tree.goto(item.key)

        self.screen._write(lambda: (_at_an_end, (fn, item.id, delta), {}), moved)

    def move_to(self) -> None:
        item = self._movable()
        if item is None:
            return
        from tui.screens.keeping import TOP, SectionPicker

        sections = self.ledger.all_sections(item.plan_id)
        if item.kind == "task":
            task = item.obj
            title = self.t("edit.title.move_task", no=task.no or task.key)
            current = task.section_id
        else:
            title = self.t("edit.title.move_section", name=f"{item.obj.label or ''}{item.obj.title}")
            current = item.obj.parent_id

        def moved(cs) -> None:
            if cs is None:
                self.say(self.t("edit.nothing_changed"))
                return
            self._show_new(item.kind, item.id, cs)

        def picked(target: int | None) -> None:
            if target is None:
                return
            if item.kind == "task":
                self.screen._write(lambda: (self.ledger.move_task, (item.id, target), {}), moved)
            else:
                parent = None if target == TOP else target
                self.screen._write(lambda: (self.ledger.move_section, (item.id, parent), {}), moved)

        self.app.push_screen(SectionPicker(title, sections, top=item.kind == "section",
                                           current=current), picked)

    def history(self) -> None:
        from tui.screens.history import HistoryScreen

        def chosen(answer) -> None:
            if not answer:
                return
            kind, value = answer
            if kind == "view":
                with self.screen.bar.input.prevent(Input.Changed):
                    self.screen.bar.input.value = ""
                self.screen.apply_view(value)
                self.screen.task_tree.focus()
                return
            self._jump_to_task(value)

        self.app.push_screen(HistoryScreen(self.ledger), chosen)

    def _jump_to_task(self, task_id: int) -> None:
        """The cursor on a task, widening the tree (the view, archived plans) as needed."""
        try:
            task = self.ledger.task(task_id)
        except TaizhangError as exc:
            self.say(exc.message(self.screen.lang), severity="warning")
            return
        if not self.screen.view.is_empty:
            with self.screen.bar.input.prevent(Input.Changed):
                self.screen.bar.input.value = ""
            self.screen.apply_view(View())
        if self.ledger.plan(task.plan_id).archived and not self.screen.task_tree.show_archived:
            self.screen.task_tree.show_archived = True
            self.screen.task_tree.forget_plans()
            self.screen.task_tree.load(None)
            self.say(self.t("edit.archived_shown"))
        self.screen.task_tree.reveal(task_id)
        self.screen.task_tree.focus()

    def plan_menu(self) -> None:
        from tui.screens.choice import ChoiceMenu

        item = self.screen.current()
        t = self.screen.t
        choices = [("new", t("edit.menu.new_plan"))]
        plan = self.ledger.plan(item.plan_id) if item is not None else None
        if plan is not None:
            name = plan.display_title
            choices += [("edit", t("edit.menu.edit_plan", title=name)),
                        ("unarchive" if plan.archived else "archive",
                         t("edit.menu.unarchive" if plan.archived else "edit.menu.archive", title=name)),
                        ("delete", t("edit.menu.delete_plan", title=name))]
        choices.append(("archived", t("edit.menu.hide_archived" if self.screen.task_tree.show_archived
                                      else "edit.menu.show_archived")))

        def chosen(choice: str | None) -> None:
            if choice == "new":
                self._new_plan()
            elif choice == "edit" and plan is not None and not self.screen._refuse_read_only():
                self._edit_plan(plan.id)
            elif choice in ("archive", "unarchive") and plan is not None:
                self._archive(plan.id, choice == "archive")
            elif choice == "delete" and plan is not None:
                if self.screen.task_tree.node_for("plan", plan.id) is not None:
                    self.screen.task_tree.goto(("plan", plan.id))
                self.delete()
            elif choice == "archived":
                self.toggle_archived()

        self.app.push_screen(ChoiceMenu(t("edit.menu.title"), choices), chosen)

    def _new_plan(self) -> None:
        if self.screen._refuse_read_only():
            return
        from tui.screens.keeping import FieldsForm

        def added(result) -> None:
            cs, plan_id = result
            self._show_new("plan", plan_id, cs)

        def saved(values) -> None:
            if values is None:
                return
            self.screen._write(lambda: (self.ledger.new_plan, (values.get("title", ""),),
                                 {k: values.get(k) for k in ("issuer", "year", "doc_no", "issued")}),
                        added)

        self.app.push_screen(FieldsForm(self.t("edit.title.new_plan"), self._plan_fields(), new=True,
                                        check=_new_plan_check), saved)

    def _archive(self, plan_id: int, archived: bool) -> None:
        if self.screen._refuse_read_only():
            return

        def done(cs) -> None:
            if cs is not None:
                self.screen.after_change(cs)
                self.say(self.screen.describe(cs) + ("\n" + self.t("edit.archived_hint") if archived else ""),
                         timeout=8)

        self.screen._write(lambda: (self.ledger.archive_plan, (plan_id, archived), {}), done)

    def toggle_archived(self) -> None:
        tree = self.screen.task_tree
        tree.show_archived = not tree.show_archived
        tree.forget_plans()
        self.screen.reload()
        self.say(self.t("edit.archived_shown" if tree.show_archived else "edit.archived_hidden"))


def _at_an_end(fn, ident: int, delta: int):
    """On the writing thread: a move past the first or last place is an answer, not an error."""
    try:
        return fn(ident, delta)
    except TaizhangError as exc:
        if exc.code in ("edit.at_top", "edit.at_bottom"):
            return exc
        raise


def _title_check(values: dict) -> None:
    """A section's or plan's title may be changed, not emptied (issue 19)."""
    if "title" in values and not values["title"].strip():
        raise TaizhangError("edit.empty_title")


def _title_required(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise TaizhangError("edit.empty_title")


def _plan_check(values: dict) -> None:
    from store.parts.editing import parse_day

    _title_check(values)
    if values.get("issued"):
        parse_day(values["issued"], "edit.bad_date")
    if values.get("year"):
        from store.parts.editing import read_year

        read_year(values["year"])


def _new_plan_check(values: dict) -> None:
    _title_required(values)
    _plan_check(values)
