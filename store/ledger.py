"""The ledger: one SQLite file and everything the UI and the command line ask of it.

`Ledger` is a facade: it opens the database core (`store.db`), puts the parts together
(`store.parts`: plans, tasks, notes, units, the search index, rounds, submissions, backups) and
hands each call to the part that does it. It holds no rule of its own beyond which part answers,
and the few steps that span parts (a backup before an import or a merge).
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from store import i18n
from store.db import Database, Undo
from store.filtering import Scope, TaskFilter
from store.models import ChangeSet, Note, PlanSummary, Progress, Section, Task, UnitInfo
from store.parts.backups import Backups
from store.parts.editing import Editing
from store.parts.history_views import HistoryViews
from store.parts.notes import Notes
from store.parts.plans import Plans, draft_sha256
from store.parts.rounds import Rounds
from store.parts.scopes import Scopes
from store.parts.search_index import SearchIndex
from store.parts.submissions import MergeResult, Submissions
from store.parts.tasks import KEEP_FLAG, Tasks
from store.parts.units import Units
from store.unitnames import DEFAULT_ABBREVIATIONS

# issue 19 (revisions/units)
from store.parts.revisions import Revisions
from store.parts.settings import Settings

if TYPE_CHECKING:  # importers bring their drafts; rounds their models: loaded when used
    from store.drafts import ImportResult, PlanDraft
    from store.parts.history_browse import HistoryItem, HistoryQuery
    from store.round_models import FormTask, Period, PeriodChange, Round, UnitReturn
    from store.parts.revision_diff import RevisionDiff
    from store.parts.units import UnitEntry

__all__ = ["KEEP_FLAG", "Ledger", "UnitInfo"]


class Ledger:
    """An open taizhang database."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        clock: Callable[[], datetime] | None = None,
        actor: str | None = None,
        actor_unit: str | None = None,
        abbreviations=DEFAULT_ABBREVIATIONS,
        read_only: bool = False,
    ):
        self.db = Database(path, clock=clock, actor=actor, actor_unit=actor_unit,
                           read_only=read_only)
        db = self.db
        self._units = Units(db, abbreviations)
        self._index = SearchIndex(db)
        self._plans = Plans(db, self._units, self._index)
        self._tasks = Tasks(db)
        self._notes = Notes(db, self._index)
        self._scopes = Scopes(db, self._units, self._index)
        self._rounds = Rounds(db, self._plans, self._tasks)
        self._submissions = Submissions(db, self._notes)
        self._backups = Backups(db)
        self._history = HistoryViews(db)
        self._undo = Undo(db)
        self._editing = Editing(db, self._units, self._index)  # issue 19
        # issue 19 (revisions/units)
        self._revisions = Revisions(db, self._plans, self._tasks, self._units, self._index)
        self._settings = Settings(db)

    # ---- the file ------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def actor(self) -> str:
        return self.db.actor

    @actor.setter
    def actor(self, name: str) -> None:
        self.db.actor = name

    @property
    def actor_unit(self) -> str | None:
        return self.db.actor_unit

    @actor_unit.setter
    def actor_unit(self, unit: str | None) -> None:  # issue 19: the clerk sets a unit in the app
        self.db.actor_unit = unit

    @property
    def abbreviations(self) -> tuple:
        return self._units.abbreviations

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r}{', read_only=True' if self.read_only else ''})"

    def now(self) -> str:
        return self.db.now()

    def today(self) -> str:
        return self.db.today()

    def data_version(self) -> int:
        return self.db.data_version()

    def checkpoint(self) -> None:
        self.db.checkpoint()

    def defer_checkpoints(self) -> None:
        self.db.defer_checkpoints()

    @property
    def commits_since_checkpoint(self) -> int:
        return self.db.commits_since_checkpoint

    def checkpoint_passive(self) -> bool:
        return self.db.checkpoint_passive()

    # ---- plans and sections --------------------------------------------------------------

    def plans(self, *, overdue: bool = True, archived: bool = False) -> list[PlanSummary]:
        """The live plans (with `archived`: the archived ones too), oldest first."""
        return self._plans.all(overdue=overdue, archived=archived)

    def plan(self, plan_id: int) -> PlanSummary:
        return self._plans.get(plan_id)

    def all_sections(self, plan_id: int) -> list[Section]:
        return self._plans.all_sections(plan_id)

    def sections(self, plan_id: int, parent_id: int | None = None) -> list[Section]:
        return self._plans.sections(plan_id, parent_id)

    def section(self, section_id: int) -> Section:
        return self._plans.section(section_id)

    def section_path(self, section_id: int) -> list[Section]:
        return self._plans.section_path(section_id)

    def section_progress(self, plan_id: int) -> dict[int, Progress]:
        return self._plans.section_progress(plan_id)

    draft_sha256 = staticmethod(draft_sha256)

    def revision_of(self, draft: PlanDraft) -> PlanSummary | None:
        return self._plans.revision_of(draft)

    def plan_with_sha256(self, sha: str) -> PlanSummary | None:
        return self._plans.with_sha256(sha)

    def import_plan(self, draft: PlanDraft, *, source: str = "import") -> ImportResult:
        """Write a plan in one transaction (a backup first, unless it was imported before)."""
        if self._plans.with_sha256(draft_sha256(draft)) is None:
            self._backups.backup_before(source if source in ("import", "merge") else "import")
        return self._plans.import_plan(draft, source=source)

    # ---- tasks ---------------------------------------------------------------------------

    def tasks(self, section_id: int | None = None, plan_id: int | None = None,
              ids: Iterable[int] | None = None, *, recursive: bool = False) -> list[Task]:
        return self._tasks.list(section_id, plan_id, ids, recursive=recursive)

    def task(self, task_id: int) -> Task:
        return self._tasks.get(task_id)

    def task_by_key(self, key: str) -> Task:
        return self._tasks.by_key(key)

    def task_key_exists(self, key: str) -> bool:
        return self._tasks.key_exists(key)

    def set_state(self, task_ids: int | Iterable[int], state: str, *, source: str = "ui",
                  flag: Any = None, expect=None) -> ChangeSet | None:
        """Set the state of one task or many in one change-set; None when nothing changed.

        A state key clears the 滞后 flag, so `flag` defaults to None; pass a flag to set it, or
        `KEEP_FLAG` to leave it as it is. `expect`: the (state, flag) the clerk saw.
        """
        return self._tasks.set_state(task_ids, state, source=source, flag=flag, expect=expect)

    def cycle_state(self, task_id: int, *, source: str = "ui", expect=None) -> ChangeSet | None:
        """todo → doing → done → todo; na → todo."""
        return self._tasks.cycle_state(task_id, source=source, expect=expect)

    def toggle_done(self, task_id: int, *, source: str = "ui", expect=None) -> ChangeSet | None:
        """Not done → done, done → todo."""
        return self._tasks.toggle_done(task_id, source=source, expect=expect)

    # ---- notes ---------------------------------------------------------------------------

    def notes(self, task_id: int) -> list[Note]:
        return self._notes.of_task(task_id)

    def note(self, note_id: int) -> Note:
        return self._notes.get(note_id)

    def notes_by_task(self, task_ids: Iterable[int]) -> dict[int, list[Note]]:
        return self._notes.by_task(task_ids)

    def add_note(self, task_id: int, text: str, *, author: str | None = None,
                 unit: str | None = None, source: str = "ui", at: str | None = None) -> Note:
        return self._notes.add(task_id, text, author=author, unit=unit, source=source, at=at)

    def edit_note(self, note_id: int, text: str, *, source: str = "ui") -> Note:
        return self._notes.edit(note_id, text, source=source)

    def delete_note(self, note_id: int, *, source: str = "ui") -> ChangeSet:
        return self._notes.delete(note_id, source=source)

    # ---- units ---------------------------------------------------------------------------

    def unit_names(self) -> list[tuple[int, str, list[str]]]:
        return self._units.names()

    def units(self) -> list[UnitInfo]:
        return self._units.all()

    def unit_ids_named(self, names: Iterable[str]) -> set[int]:
        return self._units.ids_named(names)

    def unit_progress(self, role: str | None = "lead") -> list[tuple[UnitInfo, Progress]]:
        return self._units.progress(role)

    def unit_task_ids(self, unit_id: int, role: str | None = None) -> list[int]:
        return self._units.task_ids(unit_id, role)

    # ---- finding -------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = None, *, archived: bool = False) -> list[int]:
        return self._index.search(query, limit, archived=archived)

    def filter_task_ids(self, task_filter: TaskFilter) -> list[int]:
        """Task ids passing the filter, in plan order (search ranks first)."""
        return self._scopes.task_ids(task_filter)

    def sections_for(self, task_ids) -> set[int]:
        """The sections holding these tasks, with their ancestors."""
        return self._scopes.sections_for(task_ids)

    def filter_scope(self, task_filter: TaskFilter, within=None) -> Scope:
        """The tasks passing a filter (among `within` when given) with their sections and
        plans, as sets: what a tree narrowed to them shows."""
        return self._scopes.scope(task_filter, within)

    # ---- history and undo ----------------------------------------------------------------

    def changeset(self, changeset_id: int) -> ChangeSet:
        return self._history.changeset(changeset_id)

    def history(self, task_id: int) -> list[ChangeSet]:
        return self._history.of_task(task_id)

    def history_entries(self, task_ids: Iterable[int]) -> dict[int, list[dict]]:
        return self._history.entries(task_ids)

    def describe(self, changeset: ChangeSet, lang: str = i18n.DEFAULT_LANG) -> tuple[str, dict]:
        return describe_edit(self.db, changeset, lang) or self._history.describe(changeset, lang)

    def peek_undo(self) -> ChangeSet | None:
        return self._undo.peek_undo()

    def can_undo(self) -> bool:
        return self._undo.peek_undo() is not None

    def peek_redo(self) -> ChangeSet | None:
        return self._undo.peek_redo()

    def can_redo(self) -> bool:
        undo = self._undo.peek_redo()
        return undo is not None and _redo_refused(undo) is None

    def undo(self, *, source: str = "ui") -> ChangeSet:
        """Undo this actor's newest ordinary change-set (an import: deletes the plan)."""
        return self._undo.undo(source=source)

    def redo(self, *, source: str = "ui") -> ChangeSet:
        return self._undo.redo(source=source, refuse=_redo_refused)

    # ---- backups -------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        return self._backups.backup(reason)

    def backup_before(self, reason: str) -> Path | None:
        return self._backups.backup_before(reason)

    def restore(self, backup_file: str | os.PathLike) -> Path | None:
        return self._backups.restore(backup_file)

    # ---- rounds --------------------------------------------------------------------------

    def new_round(self, name: str, *, due: str | None = None, plan_ids: Iterable[int] = (),
                  catch_alls: Iterable[str] = ()) -> Round:
        """Open a round; `catch_alls`: whose tasks go on every unit's form (`EVERY`: all)."""
        return self._rounds.new_round(name, due=due, plan_ids=plan_ids, catch_alls=catch_alls)

    def rounds(self) -> list[Round]:
        return self._rounds.rounds()

    def round(self, ident: str | int) -> Round:
        return self._rounds.round(ident)

    def current_round(self) -> Round | None:
        return self._rounds.current_round()

    def close_round(self, ident: str | int) -> Round:
        return self._rounds.close_round(ident)

    def period_baseline(self) -> tuple[Round, str, int] | None:
        return self._rounds.period_baseline()

    def period_of(self, ident: str | int | Round) -> Period | None:
        """A round's period (本期): from the round closed last before it opened to its close."""
        return self._rounds.period_of(ident)

    def current_period(self) -> Period | None:
        """The open round's period, else the period of the round closed last."""
        return self._rounds.current_period()

    def period_changes(self, task_ids: Iterable[int] | None = None, *, round: str | int | Round | None = None,
                       changed_only: bool = True) -> dict[int, PeriodChange]:
        """What changed in the current period, or in the named round's (closed or open)."""
        return self._rounds.period_changes(task_ids, round=round, changed_only=changed_only)

    def form_units(self, plan_id: int, catch_alls: Iterable[str] = ()) -> list[UnitInfo]:
        return self._rounds.form_units(plan_id, catch_alls)

    def form_unit_map(self, plan_id: int, catch_alls: Iterable[str] = ()) -> dict[int, int]:
        return self._rounds.form_unit_map(plan_id, catch_alls)

    def form_unit_id(self, plan_id: int, unit_ids: Iterable[int],
                     catch_alls: Iterable[str] = ()) -> int | None:
        return self._rounds.form_unit_id(plan_id, unit_ids, catch_alls)

    def form_tasks(self, plan_id: int, unit_id: int, catch_alls: Iterable[str] = (), *,
                   round_: Round | None = None) -> list[FormTask]:
        return self._rounds.form_tasks(plan_id, unit_id, catch_alls, round_=round_)

    def plan_form_tasks(self, plan_id: int, catch_alls: Iterable[str] = (), *,
                        round_: Round | None = None) -> dict[int, list[FormTask]]:
        return self._rounds.plan_form_tasks(plan_id, catch_alls, round_=round_)

    def record_form(self, round_id: int | None, plan_id: int, unit_id: int, file_name: str,
                    tasks: int | Iterable[FormTask]) -> None:
        """Keep that a form was written (given its rows, which tasks it held)."""
        self._rounds.record_form(round_id, plan_id, unit_id, file_name, tasks)

    def sent_forms(self, round_id: int | None) -> dict[tuple[int, int], set[int] | None]:
        return self._rounds.sent_forms(round_id)

    def round_plan_ids(self, r: Round) -> list[int]:
        return self._rounds.round_plan_ids(r)

    def round_returns(self, ident: str | int | Round, catch_alls: Iterable[str] = ()) -> list[UnitReturn]:
        return self._rounds.round_returns(ident, catch_alls)

    # ---- returned forms ------------------------------------------------------------------

    def apply_merge(self, preview) -> MergeResult:
        """Write a merge preview's ready files (a backup first): one change-set, one undo."""
        if preview.ready:
            self._backups.backup_before("merge")
        return self._submissions.apply_merge(preview)

    def submissions(self, round_id: int | None = None) -> list[dict]:
        return self._submissions.received(round_id)

    def submission_with_sha256(self, sha: str, plan_id: int) -> dict | None:
        return self._submissions.with_sha256(sha, plan_id)

    def latest_submission(self, plan_id: int, unit_id: int, round_id: int | None) -> dict | None:
        return self._submissions.latest(plan_id, unit_id, round_id)

    def submission_rows(self, round_id: int) -> list[dict]:
        """The round's latest submission per (plan, unit) — by 填报日期, not merge order —
        leaving out withdrawn ones, each with its rows as stored (per row: task_id, note, the
        word reported, `held` when a doubtful row was not written …)."""
        return self._submissions.standing(round_id)

    def submission_reports(self, plan_ids: Iterable[int]) -> list[dict]:
        return self._submissions.reports(plan_ids)

    def hand_changed_at(self, task_ids: Iterable[int]) -> dict[int, str]:
        return self._tasks.hand_changed_at(task_ids)
    # ---- issue 19 (revisions/units): revised plans, unit names, ledger settings -----------

    def revision_diff(self, plan_id: int, draft: PlanDraft,
                      corrections: Mapping[int, str | None] | None = None) -> RevisionDiff:
        """How a revised document would change the plan it revises (nothing is written);
        `corrections`: revision task index → the plan task's key it is (None: a new task)."""
        return self._revisions.diff(plan_id, draft, corrections)

    def revise_plan(self, plan_id: int, draft: PlanDraft,
                    corrections: Mapping[int, str | None] | None = None, *,
                    source: str = "import") -> ImportResult:
        """Merge a revised document into its plan (a backup first): one change-set, one undo.
        States, notes and history of paired tasks stay; dropped tasks go to an archived plan."""
        from store.drafts import ImportResult  # late: only an import needs it (tui/startup.py)

        self._backups.backup_before("import")
        diff, changeset, archive_id = self._revisions.revise(plan_id, draft, corrections, source=source)
        return ImportResult(
            plan_id, False, None, plan_id, sum(1 for _ in draft.iter_tasks()),
            sum(1 for _ in draft.iter_sections()), sum(1 for t in draft.iter_tasks() if t.due),
            title=draft.title or diff.plan.title, changeset=changeset,
            revision=diff, archived_plan_id=archive_id,
        )

    def setting(self, key: str, default: Any = None) -> Any:
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: Any, *, source: str = "ui") -> ChangeSet | None:
        """Change a ledger setting (one change-set, undoable)."""
        return self._settings.set(key, value, source=source)

    def unit_listing(self) -> list[UnitEntry]:
        """Every unit name, sorted by pinyin, with task counts and what it is joined to."""
        return self._units.listing()

    def join_units(self, unit_ids: Iterable[int], into: int, *, source: str = "ui") -> ChangeSet | None:
        return self._units.join(unit_ids, into, source=source)

    def split_unit(self, unit_id: int, *, source: str = "ui") -> ChangeSet | None:
        return self._units.split(unit_id, source=source)

    def unit_id_named(self, name: str) -> int:
        return self._units.unit_id_named(name)


    # ---- issue 19: keeping the ledger by hand ---------------------------------------------

    def edit_task(self, task_id: int, values: dict, *, expect: dict | None = None,
                  source: str = "ui") -> ChangeSet | None:
        """Correct a task (text, no, units, time_limit, time_limit_kind, due); `expect`: the
        values the clerk saw (`EditConflict` when another copy changed them since)."""
        return self._editing.edit_task(task_id, values, expect=expect, source=source)

    def add_task(self, section_id: int, values: dict, *, after: Any = "end",
                 source: str = "ui") -> tuple[ChangeSet, int]:
        return self._editing.add_task(section_id, values, after=after, source=source)

    def delete_task(self, task_id: int, *, source: str = "ui") -> ChangeSet:
        return self._editing.delete_task(task_id, source=source)

    def move_task(self, task_id: int, section_id: int, after: Any = "end", *,
                  source: str = "ui") -> ChangeSet | None:
        return self._editing.move_task(task_id, section_id, after, source=source)

    def move_task_by(self, task_id: int, delta: int, *, source: str = "ui") -> ChangeSet | None:
        return self._editing.move_task_by(task_id, delta, source=source)

    def next_number(self, plan_id: int, section_id: int | None) -> str | None:
        return self._editing.next_number(plan_id, section_id)

    def number_taken(self, plan_id: int, section_id: int | None, no: str,
                     exclude: int | None = None) -> bool:
        return self._editing.number_taken(self.db.conn(), plan_id, section_id, no, exclude)

    def units_value(self, task_id: int) -> dict:
        from store.parts.editing import units_value

        return units_value(self.db.conn(), task_id)

    def edit_section(self, section_id: int, values: dict, *, expect: dict | None = None,
                     source: str = "ui") -> ChangeSet | None:
        return self._editing.edit_section(section_id, values, expect=expect, source=source)

    def add_section(self, plan_id: int, title: str, *, label: str | None = None,
                    parent_id: int | None = None, after: Any = "end",
                    source: str = "ui") -> tuple[ChangeSet, int]:
        return self._editing.add_section(plan_id, title, label=label, parent_id=parent_id,
                                         after=after, source=source)

    def delete_section(self, section_id: int, *, source: str = "ui") -> ChangeSet:
        return self._editing.delete_section(section_id, source=source)

    def move_section(self, section_id: int, parent_id: int | None, after: Any = "end", *,
                     source: str = "ui") -> ChangeSet | None:
        return self._editing.move_section(section_id, parent_id, after, source=source)

    def move_section_by(self, section_id: int, delta: int, *, source: str = "ui") -> ChangeSet | None:
        return self._editing.move_section_by(section_id, delta, source=source)

    def new_plan(self, title: str, *, issuer: str | None = None, year: int | None = None,
                 doc_no: str | None = None, issued: str | None = None,
                 source: str = "ui") -> tuple[ChangeSet, int]:
        return self._editing.new_plan(title, issuer=issuer, year=year, doc_no=doc_no,
                                      issued=issued, source=source)

    def edit_plan(self, plan_id: int, values: dict, *, expect: dict | None = None,
                  source: str = "ui") -> ChangeSet | None:
        return self._editing.edit_plan(plan_id, values, expect=expect, source=source)

    def archive_plan(self, plan_id: int, archived: bool = True, *,
                     source: str = "ui") -> ChangeSet | None:
        return self._editing.archive_plan(plan_id, archived, source=source)

    def delete_plan(self, plan_id: int, *, source: str = "ui") -> tuple[ChangeSet, Path | None]:
        """Delete a plan and all in it, after a backup of the file (returned with the change)."""
        self.plan(plan_id)  # NotFoundError before a backup is made for nothing
        saved = None if self.read_only else self._backups.backup("delete-plan")
        return self._editing.delete_plan(plan_id, source=source), saved

    def deletion_counts(self, kind: str, ident: int) -> dict[str, int]:
        """What deleting a task, section or plan takes with it (sections, tasks, notes …)."""
        return self._editing.counts(kind, ident)

    def history_items(self, query: HistoryQuery | None = None) -> list[HistoryItem]:
        """Every change-set, newest first, narrowed by the query (plan, units, person, dates)."""
        from store.parts.history_browse import HistoryBrowse, HistoryQuery  # when first asked

        return HistoryBrowse(self.db).items(query or HistoryQuery())


def describe_edit(db, cs: ChangeSet, lang: str) -> tuple[str, dict] | None:
    """What a change-set of issue 19 did, as a catalog code and parameters (None: not one)."""
    from store.parts.editing import SUMMARIES, describe

    if cs.summary not in SUMMARIES:
        return None
    return describe(db, cs, lang)


def _redo_refused(undo: ChangeSet) -> str | None:
    """An undone import deleted its plan whole: it cannot be redone, only imported again (an
    undone revision can, and a plan made, edited, archived or deleted by hand: issue 19)."""
    gone = any(ch.table == "plans" and ch.field == "deleted" for ch in undo.changes)
    return "redo.import_gone" if gone else None
