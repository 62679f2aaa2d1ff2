"""Dialogs for keeping the ledger by hand (issue 19): a task's form (edit and add), a form of
plain fields (a section, a plan, a new plan), a picker of sections (move to), the plan's
actions, and what to do when another copy changed the same fields first.

Forms check what the clerk typed with the store's own rules (`store.usecases.editing`) and show
the parse — units as an import reads them, a time limit's kind and due date — before saving;
bad input is said in the form, which stays open. `ctrl+s` saves, `esc` cancels (asking first
when something was typed).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from store.errors import TaizhangError
from store.models import PlanSummary, Section, Task
from store.usecases.editing import (
    TaskInput, changed_only, task_values, time_limit_preview, units_preview,
)
from tui.screens.base import Dialog
from tui.screens.confirm import ConfirmScreen
from tui.widgets.history_lines import value_text
from tui.widgets.labels import safe


def _cancel(dialog: Dialog, *, changed: bool) -> None:
    """Esc on a form: close it, asking first when something was typed (nothing is lost unasked)."""
    if not changed:
        dialog.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            dialog.dismiss(None)

    dialog.app.push_screen(ConfirmScreen(dialog.t("edit.discard")), answered)


def _show_error(dialog: Dialog, exc: TaizhangError) -> None:
    """What is wrong with the form, in the clerk's language, under its fields; nothing saved."""
    dialog.query_one("#form-error", Static).update(Text(safe(exc.message(dialog.lang)), style="bold red"))


@dataclass(frozen=True)
class TaskFormResult:
    values: dict
    """The fields to write (only those changed, for an edit)."""
    given: TaskInput


class TaskForm(Dialog[TaskFormResult | None]):
    """A task's fields: number, text (several lines), units as written, time limit, due date."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, ledger, title: str, *, plan: PlanSummary | None, task: Task | None = None,
                 units: dict | None = None, section_id: int | None = None,
                 number: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.ledger = ledger
        self.title_text = title
        self.plan = plan
        self.edited = task
        self.units = units
        self.section_id = task.section_id if task is not None else section_id
        self.start = {
            "no": (task.no if task else number) or "",
            "text": task.text if task else "",
            "units": (task.units or "") if task else "",
            "time_limit": (task.time_limit or "") if task else "",
            "due": (task.due or "") if task else "",
        }

    def compose(self) -> ComposeResult:
        t, s = self.t, self.start
        with Vertical(id="dialog-box", classes="task-form"):
            yield Static(Text(safe(self.title_text), style="bold"), classes="dialog-title")
            with VerticalScroll(id="form-fields"):
                with Horizontal(classes="form-row"):
                    yield Static(Text(t("edit.label.no")), classes="form-label")
                    yield Input(s["no"], id="f-no")
                yield Static(Text(t("edit.label.text")), classes="form-label-wide")
                yield TextArea(s["text"], id="f-text", soft_wrap=True)
                with Horizontal(classes="form-row"):
                    yield Static(Text(t("edit.label.units")), classes="form-label")
                    yield Input(s["units"], id="f-units", placeholder=t("edit.hint.units"))
                yield Static(Text(""), id="p-units", classes="form-preview")
                with Horizontal(classes="form-row"):
                    yield Static(Text(t("edit.label.time_limit")), classes="form-label")
                    yield Input(s["time_limit"], id="f-limit", placeholder=t("edit.hint.time_limit"))
                with Horizontal(classes="form-row"):
                    yield Static(Text(t("edit.label.due")), classes="form-label")
                    yield Input(s["due"], id="f-due", placeholder=t("edit.hint.due"))
                yield Static(Text(""), id="p-limit", classes="form-preview")
            yield Static(Text(""), id="form-error")
            yield Static(Text(t("edit.hint.keys"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one("#f-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._preview()

    def _now(self) -> dict:
        return {
            "no": self.query_one("#f-no", Input).value,
            "text": self.query_one("#f-text", TextArea).text,
            "units": self.query_one("#f-units", Input).value,
            "time_limit": self.query_one("#f-limit", Input).value,
            "due": self.query_one("#f-due", Input).value,
        }

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._preview()

    def _preview(self) -> None:
        now = self._now()
        self.query_one("#p-units", Static).update(
            Text(safe(units_preview(now["units"], self.lang)), style="dim"))
        due = now["due"].strip() if now["due"] != self.start["due"] else None
        self.query_one("#p-limit", Static).update(
            Text(safe(time_limit_preview(now["time_limit"], self.plan, due or None, self.lang)),
                 style="dim"))
        self.query_one("#form-error", Static).update(Text(""))

    def _given(self) -> TaskInput:
        """What the clerk changed (an edit) or typed (a new task)."""
        now = self._now()
        adding = self.edited is None
        pick = {k: (now[k] if adding or now[k] != self.start[k] else None) for k in now}
        if adding:
            pick = {k: (v if v.strip() else None) for k, v in pick.items()}
            pick["text"] = now["text"]
        return TaskInput(text=pick["text"], no=pick["no"], units=pick["units"],
                         time_limit=pick["time_limit"], due=pick["due"])

    def action_save(self) -> None:
        given = self._given()
        try:
            values = task_values(given, plan=self.plan, current=self.edited, current_units=self.units)
            if self.edited is not None:
                values = changed_only(values, self.edited, self.units or {})
            no = values.get("no")
            if no and self.plan is not None and self.ledger.number_taken(
                    self.plan.id, self.section_id, no.strip(), self.edited.id if self.edited else None):
                raise TaizhangError("edit.no_exists", no=no.strip())
        except TaizhangError as exc:
            _show_error(self, exc)
            return
        if self.edited is not None and not values:
            self.dismiss(None)
            return
        self.dismiss(TaskFormResult(values, given))

    def action_cancel(self) -> None:
        _cancel(self, changed=self._now() != self.start)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    hint: str = ""


class FieldsForm(Dialog[dict | None]):
    """Plain fields on one line each (a section's number and title; a plan's title, 文号,
    issuer, date, year). Returns the fields changed (all filled ones, for something new)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, title: str, fields: list[Field], *, new: bool = False,
                 check: Callable[[dict], None] | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.fields = fields
        self.new = new
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="fields-form"):
            yield Static(Text(safe(self.title_text), style="bold"), classes="dialog-title")
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Static(Text(f.label), classes="form-label")
                    yield Input(f.value, id=f"f-{f.name}", placeholder=f.hint)
            yield Static(Text(""), id="form-error")
            yield Static(Text(self.t("edit.hint.fields"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        first = self.query(Input).first()
        first.focus()

    def _now(self) -> dict:
        return {f.name: self.query_one(f"#f-{f.name}", Input).value for f in self.fields}

    @on(Input.Changed)
    def _typed(self) -> None:
        self.query_one("#form-error", Static).update(Text(""))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        now = self._now()
        if self.new:
            values = {k: v for k, v in now.items() if v.strip()}
        else:
            values = {f.name: now[f.name] for f in self.fields if now[f.name] != f.value}
        try:
            if self.check is not None:
                self.check(values)
        except TaizhangError as exc:
            _show_error(self, exc)
            return
        self.dismiss(values if values or self.new else None)

    def action_cancel(self) -> None:
        _cancel(self, changed=any(self._now()[f.name] != f.value for f in self.fields))


TOP = -1
"""The picker's answer for "the top of the plan" (a section moved out of every other)."""


class SectionPicker(Dialog[int | None]):
    """The sections of a plan as an indented list: `enter` picks one, `esc` cancels."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, title: str, sections: list[Section], *, top: bool = False,
                 current: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.sections = sections
        self.top = top
        self.current = current

    def compose(self) -> ComposeResult:
        depth: dict[int | None, int] = {None: -1}
        children: dict[int | None, list[Section]] = {}
        for s in self.sections:
            children.setdefault(s.parent_id, []).append(s)
        options: list[Option] = []
        if self.top:
            options.append(Option(Text(self.t("edit.picker.top"), style="italic"), id="top"))

        def walk(parent: int | None) -> None:
            for s in sorted(children.get(parent, []), key=lambda x: (x.position, x.id)):
                depth[s.id] = depth[parent] + 1
                label = Text("  " * depth[s.id] + safe(f"{s.label or ''}{s.title}"))
                if s.id == self.current:
                    label.append("  " + self.t("edit.picker.here"), style="dim")
                options.append(Option(label, id=str(s.id)))
                walk(s.id)

        walk(None)
        with Vertical(id="dialog-box", classes="picker"):
            yield Static(Text(safe(self.title_text), style="bold"), classes="dialog-title")
            yield OptionList(*options, id="picker-list")
            yield Static(Text(self.t("edit.hint.picker"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id
        self.dismiss(TOP if ident == "top" else int(ident))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictScreen(Dialog[bool]):
    """Another copy of the app changed what the clerk was editing: both are shown, field by
    field (what the clerk saw, what it is now, what the clerk typed); nothing was saved.
    `y` writes the clerk's version over the other, `n`/`esc` keeps the other."""

    BINDINGS = [
        Binding("y", "answer(True)", "key.conflict_mine", id="conflict_mine"),
        Binding("n,escape", "answer(False)", "key.conflict_theirs", id="conflict_theirs"),
    ]

    def __init__(self, message: str, conflicts) -> None:
        super().__init__(classes="dialog")
        self.message = message
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        t = self.t
        body = Text(safe(self.message) + "\n", style="bold")
        for field, seen, now, mine in self.conflicts:
            body.append("\n" + t(f"field.{field}") + "\n", style="bold")
            for code, value, style in (("edit.conflict.seen", seen, "dim"),
                                       ("edit.conflict.now", now, "yellow"),
                                       ("edit.conflict.yours", mine, "green")):
                body.append("  " + t(code), style="dim")
                body.append(safe(value_text(field, value, self.lang)) + "\n", style=style)
        with Vertical(id="dialog-box", classes="conflict"):
            with VerticalScroll(id="conflict-body"):
                yield Static(body)
            with Horizontal(classes="buttons"):
                yield Button(t("edit.conflict.mine"), id="yes", variant="error")
                yield Button(t("edit.conflict.theirs"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
