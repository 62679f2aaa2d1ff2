"""`taizhang task`, `section`, `plan` and `history`: keeping the ledger by hand from the command
line (issue 19) — the same changes as the app's E A S D K J M P keys, through the same use-cases
(`store.usecases.editing`), each one change-set in the history (source "cli") that `u` in the
app undoes.

    taizhang task edit P1-0012 --due 2022-06-30 --text … --lead … --time-limit 持续推进
    taizhang task add --section S3 --text … [--units …]      taizhang task delete P1-0012 --yes
    taizhang task move P1-0012 --up | --down | --section S4
    taizhang section list|add|edit|move|delete …             taizhang plan new|list|edit|archive|unarchive|delete …
    taizhang history [--plan P] [--unit U] [--by NAME] [--since DATE] [--until DATE]

Tasks are named by key (or by number with --plan), sections by `S<id>` (as `section list`
prints them) or their title, plans as everywhere (`--plan`: id, title, or a unique part).
"""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import add_globals, open_ledger, resolve_plans, say


def _task_fields(p, t) -> None:
    p.add_argument("--text", help=t("cli.help.task_text"))
    p.add_argument("--no", help=t("cli.help.task_no"))
    p.add_argument("--units", help=t("cli.help.task_units"))
    p.add_argument("--lead", help=t("cli.help.task_lead"))
    p.add_argument("--support", help=t("cli.help.task_support"))
    p.add_argument("--responsible", help=t("cli.help.task_responsible"))
    p.add_argument("--time-limit", dest="time_limit", help=t("cli.help.task_time_limit"))
    p.add_argument("--due", help=t("cli.help.task_due"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.edit_dry_run"))


def _plan_fields(p, t) -> None:
    p.add_argument("--title", help=t("cli.help.plan_title"))
    p.add_argument("--doc-no", dest="doc_no", help=t("cli.help.plan_doc_no"))
    p.add_argument("--issuer", help=t("cli.help.plan_issuer"))
    p.add_argument("--issued", help=t("cli.help.plan_issued"))
    p.add_argument("--year", help=t("cli.help.plan_year"))


def _on_one(sub, name: str, t, ident: str):
    """A subcommand acting on one task or section: named by its key, id or title (`ident`),
    with `--plan` to say which plan a number or a title is in."""
    q = sub.add_parser(name, help=t(f"cli.help.{ident}_{name}"))
    q.add_argument(ident, help=t(f"cli.help.{ident}_ident"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    return q


def add_parsers(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731

    p = sub.add_parser("task", help=t("cli.help.task"))
    tsub = p.add_subparsers(dest="task_command", required=True)
    q = _on_one(tsub, "show", t, "task")
    add_globals(q, lang)
    q = _on_one(tsub, "edit", t, "task")
    _task_fields(q, t)
    add_globals(q, lang)
    q = tsub.add_parser("add", help=t("cli.help.task_add"))
    q.add_argument("--section", help=t("cli.help.section_ident"))
    q.add_argument("--after", help=t("cli.help.task_after"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    _task_fields(q, t)
    add_globals(q, lang)
    q = _on_one(tsub, "move", t, "task")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--up", action="store_true", help=t("cli.help.move_up"))
    where.add_argument("--down", action="store_true", help=t("cli.help.move_down"))
    where.add_argument("--section", help=t("cli.help.move_section"))
    add_globals(q, lang)
    q = _on_one(tsub, "delete", t, "task")
    q.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    add_globals(q, lang)
    add_globals(p, lang)

    p = sub.add_parser("section", help=t("cli.help.section"))
    ssub = p.add_subparsers(dest="section_command", required=True)
    q = ssub.add_parser("list", help=t("cli.help.section_list"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    add_globals(q, lang)
    q = ssub.add_parser("add", help=t("cli.help.section_add"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    q.add_argument("--title", required=True, help=t("cli.help.section_title"))
    q.add_argument("--label", help=t("cli.help.section_label"))
    q.add_argument("--parent", help=t("cli.help.section_parent"))
    add_globals(q, lang)
    q = _on_one(ssub, "edit", t, "section")
    q.add_argument("--title", help=t("cli.help.section_title"))
    q.add_argument("--label", help=t("cli.help.section_label"))
    add_globals(q, lang)
    q = _on_one(ssub, "move", t, "section")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--up", action="store_true", help=t("cli.help.move_up"))
    where.add_argument("--down", action="store_true", help=t("cli.help.move_down"))
    where.add_argument("--parent", help=t("cli.help.section_parent"))
    where.add_argument("--top", action="store_true", help=t("cli.help.section_top"))
    add_globals(q, lang)
    q = _on_one(ssub, "delete", t, "section")
    q.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    add_globals(q, lang)
    add_globals(p, lang)

    p = sub.add_parser("plan", help=t("cli.help.plan_cmd"))
    psub = p.add_subparsers(dest="plan_command", required=True)
    q = psub.add_parser("list", help=t("cli.help.plan_list"))
    add_globals(q, lang)
    q = psub.add_parser("new", help=t("cli.help.plan_new"))
    _plan_fields(q, t)
    add_globals(q, lang)
    q = psub.add_parser("edit", help=t("cli.help.plan_edit"))
    q.add_argument("plan", help=t("cli.help.plan"))
    _plan_fields(q, t)
    add_globals(q, lang)
    for name in ("archive", "unarchive"):
        q = psub.add_parser(name, help=t(f"cli.help.plan_{name}"))
        q.add_argument("plan", help=t("cli.help.plan"))
        add_globals(q, lang)
    q = psub.add_parser("delete", help=t("cli.help.plan_delete"))
    q.add_argument("plan", help=t("cli.help.plan"))
    q.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    add_globals(q, lang)
    add_globals(p, lang)

    p = sub.add_parser("history", help=t("cli.help.history"))
    p.add_argument("--plan", help=t("cli.help.plan"))
    p.add_argument("--unit", help=t("cli.help.history_unit"))
    p.add_argument("--by", help=t("cli.help.history_by"))
    p.add_argument("--since", help=t("cli.help.since"))
    p.add_argument("--until", help=t("cli.help.until"))
    p.add_argument("--limit", type=int, default=50, help=t("cli.help.history_limit"))
    add_globals(p, lang)


# ---- tasks ---------------------------------------------------------------------------------


def _given(args):
    from store.usecases.editing import TaskInput

    return TaskInput(text=args.text, no=args.no, units=args.units, lead=args.lead,
                     support=args.support, responsible=args.responsible,
                     time_limit=args.time_limit, due=args.due)


def _show_task(ledger, task, lang: str) -> list[str]:
    from store.usecases.editing import time_limit_preview, units_preview

    t = lambda code, **p: i18n.t(code, lang, **p)  # noqa: E731
    plan = ledger.plan(task.plan_id)
    lines = [t("cli.task.head", key=task.key, no=task.no or "-", plan=plan.display_title),
             t("cli.task.text", text=task.text)]
    if task.section_id:
        path = " › ".join(f"{s.label or ''}{s.title}" for s in ledger.section_path(task.section_id))
        lines.append(t("cli.task.section", section=path, id=task.section_id))
    lines.append(t("cli.task.units", units=task.units or "", parse=units_preview(task.units, lang)))
    lines.append(t("cli.task.limit", limit=task.time_limit or "",
                   parse=time_limit_preview(task.time_limit, plan, task.due, lang)))
    updated = (task.updated_at or "")[:16].replace("T", " ")  # as the app shows it: 2021-10-15 10:00
    lines.append(t("cli.task.state", state=i18n.state_word(task.state, lang), updated=updated))
    return lines


def _parse_lines(values: dict, plan, lang: str) -> list[str]:
    """What will be written, in words: the units and time limit as read."""
    from store.usecases.editing import time_limit_preview, units_preview

    t = lambda code, **p: i18n.t(code, lang, **p)  # noqa: E731
    out = []
    for field, value in values.items():
        if field == "units":
            out.append(t("cli.edit.units", text=value["text"] or "", parse=units_preview(value["text"], lang)))
        elif field == "time_limit_kind":
            continue
        elif field == "time_limit":
            out.append(t("cli.edit.field", field=t("field.time_limit"),
                         value=(value or "") + "  " + time_limit_preview(value, plan, None, lang)))
        else:
            out.append(t("cli.edit.field", field=t(f"field.{field}"), value=value if value is not None else ""))
    return out


def task_(args, cfg, db: Path, lang: str) -> int:
    from store.usecases.editing import task_values
    from store.usecases.naming import find_section_id, find_task

    cmd = args.task_command
    ledger = open_ledger(db, cfg, must_exist=True, read_only=cmd == "show")
    try:
        plan_ids = resolve_plans(ledger, args.plan, lang)
        if cmd == "add":
            return _task_add(ledger, args, plan_ids, lang)
        task = find_task(ledger, args.task, plan_ids)
        if cmd == "show":
            say(_show_task(ledger, task, lang))
            return 0
        if cmd == "edit":
            plan = ledger.plan(task.plan_id)
            values = task_values(_given(args), plan=plan, current=task,
                                 current_units=ledger.units_value(task.id))
            if not values:
                raise TaizhangError("cli.edit.nothing_given")
            say(_parse_lines(values, plan, lang))
            if args.dry_run:
                say(i18n.t("cli.dry_run_done", lang))
                return 0
            cs = ledger.edit_task(task.id, values, source="cli")
            if cs is None:
                say(i18n.t("edit.nothing_changed", lang))
                return 0
        elif cmd == "move":
            if args.up or args.down:
                cs = ledger.move_task_by(task.id, -1 if args.up else 1, source="cli")
            else:
                section = find_section_id(ledger, args.section, [task.plan_id])
                cs = ledger.move_task(task.id, section, source="cli")
            if cs is None:
                say(i18n.t("edit.nothing_changed", lang))
                return 0
        else:  # delete
            counts = ledger.deletion_counts("task", task.id)
            if not args.yes:
                raise TaizhangError("cli.delete.confirm", what=i18n.t(
                    "cli.delete.task", lang, no=task.no or task.key, key=task.key, **counts))
            cs = ledger.delete_task(task.id, source="cli")
        code, params = ledger.describe(cs, lang)
        say(i18n.t(code, lang, **params))
        if cmd != "delete":
            say(_show_task(ledger, ledger.task(task.id), lang))
        return 0
    finally:
        ledger.close()


def _task_add(ledger, args, plan_ids, lang: str) -> int:
    from store.usecases.editing import TaskInput, task_values
    from store.usecases.naming import find_section_id, find_task

    after = "end"
    if args.after:
        anchor = find_task(ledger, args.after, plan_ids)
        section_id, after = anchor.section_id, anchor.id
    elif args.section:
        section_id = find_section_id(ledger, args.section, plan_ids)
    else:
        raise TaizhangError("cli.add.where")
    section = ledger.section(section_id)
    plan = ledger.plan(section.plan_id)
    given = _given(args)
    if given.no is None:
        given = TaskInput(**{**given.__dict__, "no": ledger.next_number(plan.id, section_id)})
    values = task_values(given, plan=plan)
    if not values.get("text"):
        raise TaizhangError("edit.empty_text")
    say(_parse_lines(values, plan, lang))
    if args.dry_run:
        say(i18n.t("cli.dry_run_done", lang))
        return 0
    cs, task_id = ledger.add_task(section_id, values, after=after, source="cli")
    code, params = ledger.describe(cs, lang)
    say(i18n.t(code, lang, **params))
    say(_show_task(ledger, ledger.task(task_id), lang))
    return 0


# ---- sections ------------------------------------------------------------------------------


def section_(args, cfg, db: Path, lang: str) -> int:
    from store.usecases.naming import find_section_id

    cmd = args.section_command
    ledger = open_ledger(db, cfg, must_exist=True, read_only=cmd == "list")
    try:
        plan_ids = resolve_plans(ledger, args.plan, lang)
        if cmd == "list":
            for plan in ledger.plans(overdue=False, archived=plan_ids is not None):
                if plan_ids is not None and plan.id not in plan_ids:
                    continue
                say(f"#{plan.id} {plan.display_title}")
                sections = ledger.all_sections(plan.id)
                kids: dict = {}
                for s in sections:
                    kids.setdefault(s.parent_id, []).append(s)

                def walk(parent, level):
                    for s in sorted(kids.get(parent, []), key=lambda x: (x.position, x.id)):
                        say(f"{'  ' * level}S{s.id}  {s.label or ''}{s.title}")
                        walk(s.id, level + 1)

                walk(None, 1)
            return 0
        if cmd == "add":
            if not plan_ids or len(plan_ids) != 1:
                raise TaizhangError("cli.add.one_plan")
            parent = find_section_id(ledger, args.parent, plan_ids) if args.parent else None
            cs, _ = ledger.add_section(plan_ids[0], args.title, label=args.label, parent_id=parent,
                                       source="cli")
        else:
            section_id = find_section_id(ledger, args.section, plan_ids)
            if cmd == "edit":
                values = {k: getattr(args, k) for k in ("label", "title") if getattr(args, k) is not None}
                if not values:
                    raise TaizhangError("cli.edit.nothing_given")
                cs = ledger.edit_section(section_id, values, source="cli")
            elif cmd == "move":
                if args.up or args.down:
                    cs = ledger.move_section_by(section_id, -1 if args.up else 1, source="cli")
                else:
                    plan = ledger.section(section_id).plan_id
                    parent = None if args.top else find_section_id(ledger, args.parent, [plan])
                    cs = ledger.move_section(section_id, parent, source="cli")
            else:
                counts = ledger.deletion_counts("section", section_id)
                s = ledger.section(section_id)
                if not args.yes:
                    raise TaizhangError("cli.delete.confirm", what=i18n.t(
                        "cli.delete.section", lang, name=f"{s.label or ''}{s.title}", **counts))
                cs = ledger.delete_section(section_id, source="cli")
        if cs is None:
            say(i18n.t("edit.nothing_changed", lang))
            return 0
        code, params = ledger.describe(cs, lang)
        say(i18n.t(code, lang, **params))
        return 0
    finally:
        ledger.close()


# ---- plans ---------------------------------------------------------------------------------


def plan_(args, cfg, db: Path, lang: str) -> int:
    from store.usecases.naming import find_plan_ids

    cmd = args.plan_command
    ledger = open_ledger(db, cfg, must_exist=cmd != "new", read_only=cmd == "list")
    try:
        if cmd == "list":
            for plan in ledger.plans(overdue=False, archived=True):
                mark = i18n.t("ui.plan.archived_prefix", lang) if plan.archived else ""
                p = plan.progress
                say(f"#{plan.id} {mark}{plan.display_title}  {p.done}/{p.total - p.na}")
            return 0
        fields = {k: getattr(args, k) for k in ("title", "doc_no", "issuer", "issued", "year")
                  if getattr(args, k, None) is not None}
        if cmd == "new":
            if not (fields.get("title") or "").strip():
                raise TaizhangError("edit.empty_title")
            cs, plan_id = ledger.new_plan(fields.pop("title"), source="cli", **fields)
            code, params = ledger.describe(cs, lang)
            say(i18n.t(code, lang, **params) + f"  #{plan_id}")
            return 0
        plan_id = find_plan_ids(ledger, [args.plan])[0]
        saved = None
        if cmd == "edit":
            if not fields:
                raise TaizhangError("cli.edit.nothing_given")
            cs = ledger.edit_plan(plan_id, fields, source="cli")
        elif cmd in ("archive", "unarchive"):
            cs = ledger.archive_plan(plan_id, cmd == "archive", source="cli")
        else:
            counts = ledger.deletion_counts("plan", plan_id)
            if not args.yes:
                raise TaizhangError("cli.delete.confirm", what=i18n.t(
                    "cli.delete.plan", lang, title=ledger.plan(plan_id).display_title, **counts))
            cs, saved = ledger.delete_plan(plan_id, source="cli")
        if cs is None:
            say(i18n.t("edit.nothing_changed", lang))
            return 0
        code, params = ledger.describe(cs, lang)
        say(i18n.t(code, lang, **params))
        if saved:
            say(i18n.t("edit.backup_saved", lang, path=str(saved)))
        return 0
    finally:
        ledger.close()


# ---- the history ---------------------------------------------------------------------------


def history(args, cfg, db: Path, lang: str) -> int:
    from store.parts.history_browse import HistoryQuery, check_day
    from store.usecases.naming import find_plan_ids

    ledger = open_ledger(db, cfg, must_exist=True, read_only=True)
    try:
        plan_id = find_plan_ids(ledger, [args.plan])[0] if args.plan else None
        units = None
        if args.unit:
            units = tuple(sorted(ledger.unit_ids_named([args.unit])))
            if not units:
                raise TaizhangError("history.no_unit", unit=args.unit)
        items = ledger.history_items(HistoryQuery(
            plan_id=plan_id, unit_ids=units, actor=args.by, since=check_day(args.since),
            until=check_day(args.until), limit=max(1, args.limit)))
        from tui.widgets.history_lines import change_lines, subject  # Rich only: no Textual

        if not items:
            say(i18n.t("history.none", lang))
        for item in items:
            cs = item.changeset
            code, params = ledger.describe(cs, lang)
            kind = f" {i18n.t(f'ui.history.{cs.kind}', lang)}" if cs.kind != "change" else ""
            say(f"{cs.at[:16].replace('T', ' ')}  {cs.actor}  "
                f"{i18n.t(f'history.source.{cs.source}', lang)}{kind}  {i18n.t(code, lang, **params)}")
            for ch in cs.changes[:40]:
                named = subject(ch.table, item.names.get((ch.table, ch.row_id)), lang)
                where = item.names.get(("place", ch.table, ch.row_id))
                for line in change_lines(ch, lang, named, None, where):
                    say(line.plain)
        return 0
    finally:
        ledger.close()
