"""`taizhang export`: a report of everything or of a filter, to a file or standard output."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from store import i18n
from store.atomic import safe_filename, write_atomically
from store.errors import TaizhangError
from tui.cli.common import add_globals, days, err, open_ledger, resolve_plans, say
from tui.startup import gc_disabled

NAME = "export"
FORMAT_NAMES = ("json", "xlsx", "docx", "csv", "html", "md")
"""The formats' names (`store.exporting.FORMATS`, whose writers load only when used)."""


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser(NAME, help=t("cli.help.export"))
    p.add_argument("--format", "-f", default="json", help=t("cli.help.format") + f" ({', '.join(FORMAT_NAMES)})")
    p.add_argument("-o", "--output", help=t("cli.help.output"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--state", action="append", default=[], metavar="S", help=t("cli.help.state"))
    p.add_argument("--unit", action="append", default=[], metavar="U", help=t("cli.help.unit"))
    p.add_argument("--mine", action="store_true", help=t("cli.help.mine"))
    p.add_argument("--overdue", action="store_true", help=t("cli.help.overdue"))
    p.add_argument("--due-within", type=days, metavar="N", help=t("cli.help.due_within"))
    p.add_argument("--query", "-q", metavar="Q", help=t("cli.help.query"))
    p.add_argument("--round", metavar="NAME", help=t("cli.help.export_round"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    # issue 19
    p.add_argument("--since", metavar="DATE", help=t("cli.help.export_since"))
    p.add_argument("--archived", action="store_true", help=t("cli.help.export_archived"))
    add_globals(p, lang)


def state_keys(words: list[str], lang: str) -> tuple[str, ...]:
    """`--state` values: a key (todo doing done na open) or a state word (已完成 …)."""
    from store.filtering import STATE_CHOICES
    from store.states import state_from_word

    keys: list[str] = []
    for word in words:
        w = word.strip()
        key = w.lower() if w.lower() in STATE_CHOICES else None
        if key is None:
            found = state_from_word(w)
            key = found[0] if found and not found[1] else None
        if key is None:
            raise TaizhangError("cli.unknown_state", state=word, valid=", ".join(STATE_CHOICES))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def export_filter(args, cfg, plan_ids, lang: str, ledger=None):
    """The export flags as the one task filter the UI uses too (None when nothing narrows)."""
    from store.filtering import TaskFilter, my_units
    from store.usecases.units import mine_names

    units = [u.strip() for u in args.unit if u.strip()]
    if args.mine:
        if not cfg.unit:
            raise TaizhangError("cli.no_unit")
        # issue 19 (revisions/units): the catch-alls count only when the ledger says so
        mine = (mine_names(ledger, cfg.unit, cfg.aliases, cfg.catch_alls) if ledger is not None
                else my_units(cfg.unit, cfg.aliases))
        units += [u for u in mine if u not in units]
    f = TaskFilter(
        plan_ids=tuple(plan_ids or ()),
        states=state_keys(args.state, lang),
        units=tuple(units),
        overdue=args.overdue,
        due_within=args.due_within,
        query=(args.query or "").strip() or None,
        changed_since=_since(args),
        archived=bool(getattr(args, "archived", False)),
    )
    return None if f.is_empty else f


def _since(args) -> str | None:
    """`--since DATE` (issue 19): the tasks changed on or after that day."""
    if not getattr(args, "since", None):
        return None
    from store.parts.editing import parse_day

    return parse_day(args.since, "edit.bad_date")


def run(args, cfg, db: Path, lang: str) -> int:
    from store.exporting import FORMATS, export_to, resolve

    fmt = args.format.lower().lstrip(".")
    if fmt not in FORMATS:
        raise TaizhangError("cli.unknown_format", fmt=fmt, valid=", ".join(FORMATS))
    ledger = open_ledger(db, cfg, must_exist=True, read_only=True)
    try:
        plan_ids = resolve_plans(ledger, args.plan, lang)
        if args.archived and plan_ids is None:  # issue 19: archived plans only when asked for
            plan_ids = [p.id for p in ledger.plans(overdue=False, archived=True)]
        task_filter = export_filter(args, cfg, plan_ids, lang, ledger)
        round_id = ledger.round(args.round).id if args.round else None

        def export():
            if task_filter is not None:
                plans, tasks = resolve(ledger, task_filter=task_filter)
                if tasks is not None and not tasks:
                    err(i18n.t("cli.export_empty", lang), lang, warning=True)
            with gc_disabled():  # tui.startup: no collector passes over the report's objects
                return export_to(ledger, fmt, plan_ids=plan_ids, task_filter=task_filter, lang=lang,
                                 round=round_id)

        if args.output == "-":
            data = export()
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            sys.stdout.flush()
            return 0
        stem = "台账" if lang == "zh" else "ledger"
        if plan_ids and len(plan_ids) == 1:
            stem = safe_filename(ledger.plan(plan_ids[0]).display_title)
        default_name = f"{stem}-{date.today().isoformat()}.{FORMATS[fmt].suffix}"
        if args.output:
            target = Path(args.output)
            if target.is_dir():  # a folder: the report goes into it, under the usual name
                target = target / default_name
        else:
            folder = cfg.export_dir()
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / default_name
        if target.exists() and not args.force:
            raise TaizhangError("cli.exists", path=str(target))
        data = export()
        write_atomically(target, data)
        say(i18n.t("cli.exported", lang, path=str(target)))
        return 0
    finally:
        ledger.close()
