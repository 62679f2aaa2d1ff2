"""`taizhang round`, `forms` and `merge`: the consolidation commands, a thin layer over store/."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError


def add_parsers(sub, lang: str, add_globals) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser("round", help=t("cli.help.round"))
    rsub = p.add_subparsers(dest="round_command", required=True)
    q = rsub.add_parser("new", help=t("cli.help.round_new"))
    q.add_argument("name")
    q.add_argument("--due", help=t("cli.help.round_due"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    add_globals(q, lang, suppress=True)
    q = rsub.add_parser("list", help=t("cli.help.round_list"))
    add_globals(q, lang, suppress=True)
    q = rsub.add_parser("close", help=t("cli.help.round_close"))
    q.add_argument("name")
    add_globals(q, lang, suppress=True)
    add_globals(p, lang, suppress=True)

    p = sub.add_parser("forms", help=t("cli.help.forms"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--round", help=t("cli.help.forms_round"))
    p.add_argument("--unit", action="append", default=[], metavar="U", help=t("cli.help.unit"))
    p.add_argument("-o", "--output", help=t("cli.help.forms_output"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    add_globals(p, lang, suppress=True)

    p = sub.add_parser("merge", help=t("cli.help.merge"))
    p.add_argument("files", nargs="+", help=t("cli.help.merge_files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    p.add_argument("--unit", help=t("cli.help.merge_unit"))
    p.add_argument("--round", help=t("cli.help.merge_round"))
    p.add_argument("--plan", help=t("cli.help.plan"))
    p.add_argument("--prefer", choices=("ledger", "unit"), default="ledger", help=t("cli.help.merge_prefer"))
    add_globals(p, lang, suppress=True)


def _print(lines) -> None:
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
    for line in lines:
        out.print(Text(line))


def _plan_ids(ledger, wanted, lang):
    from tui.cli import _resolve_plans

    return _resolve_plans(ledger, wanted, lang) or []


def cmd_round(args, cfg, db: Path, lang: str) -> int:
    from tui.cli import _ledger

    ledger = _ledger(db, cfg, must_exist=True)
    try:
        if args.round_command == "new":
            plans = _plan_ids(ledger, args.plan, lang)
            r = ledger.new_round(args.name, due=args.due, plan_ids=plans)
            titles = [ledger.plan(p).display_title for p in plans] or [i18n.t("round.all_plans", lang)]
            due = i18n.t("round.due_part", lang, due=r.due) if r.due else ""
            _print([i18n.t("round.created", lang, name=r.name, due=due, plans="；".join(titles))])
        elif args.round_command == "close":
            r = ledger.close_round(args.name)
            _print([i18n.t("round.closed_done", lang, name=r.name)])
        else:
            rounds = ledger.rounds()
            if not rounds:
                _print([i18n.t("round.none", lang)])
                return 0
            lines = [i18n.t("round.list_head", lang)]
            for r in rounds:
                returns = ledger.round_returns(r, cfg.catch_alls)
                got = sum(1 for x in returns if x.status in ("returned", "late"))
                plans = "、".join(f"#{p}" for p in r.plan_ids) or i18n.t("round.all_plans", lang)
                state = i18n.t("round.open" if r.is_open else "round.is_closed", lang)
                lines.append(f"{r.name}\t{r.due or '-'}\t{state}\t{got}/{len(returns)}\t{plans}")
            _print(lines)
        return 0
    finally:
        ledger.close()


def cmd_forms(args, cfg, db: Path, lang: str) -> int:
    from store.forms.sending import write_forms
    from tui.cli import _ledger

    ledger = _ledger(db, cfg, must_exist=True)
    try:
        r = ledger.round(args.round) if args.round else ledger.current_round()
        plans = _plan_ids(ledger, args.plan, lang)
        out_dir = Path(args.output) if args.output else cfg.export_dir() / (
            "反馈表" + (f"-{r.name}" if r else ""))
        written = write_forms(ledger, out_dir, round_=r, plan_ids=plans, units=args.unit,
                              catch_alls=cfg.catch_alls, force=args.force)
        lines = [i18n.t("forms.written", lang, count=len(written), tasks=sum(w.tasks for w in written),
                        dir=str(out_dir))]
        lines += [i18n.t("forms.line", lang, unit=w.unit, tasks=w.tasks, path=w.path.name) for w in written]
        _print(lines)
        return 0
    finally:
        ledger.close()


def cmd_merge(args, cfg, db: Path, lang: str) -> int:
    from store.forms.describe import preview_lines
    from store.forms.merge import plan_merge
    from tui.cli import _ledger

    ledger = _ledger(db, cfg, must_exist=True)
    try:
        plan_id = None
        if args.plan:
            ids = _plan_ids(ledger, [args.plan], lang)
            plan_id = ids[0] if ids else None
        from store.forms.reader import form_files

        files = [f for name in args.files for f in form_files(Path(name))]
        empty = [name for name in args.files if Path(name).is_dir() and not form_files(Path(name))]
        if empty:
            raise TaizhangError("merge.no_forms", path=empty[0])
        preview = plan_merge(ledger, files, unit=args.unit, round_name=args.round,
                             plan_id=plan_id, catch_alls=cfg.catch_alls)
        lines = preview_lines(preview, lang)
        refused = [f for f in preview.files if f.status in ("refused", "needs_meta")]
        if args.dry_run:
            _print(lines + [i18n.t("merge.dry_run", lang)])
            return 1 if refused and not preview.ready else 0
        undecided = preview.undecided()
        for _, r in undecided:
            r.choice = args.prefer
        if undecided and args.prefer == "ledger":
            lines.append(i18n.t("merge.undecided", lang, count=len(undecided)))
        _print(lines)
        if not preview.ready:
            if all(f.status == "duplicate" for f in preview.files):
                return 0
            raise TaizhangError("merge.nothing")
        result = ledger.apply_merge(preview)
        out = [i18n.t("merge.done", lang, files=len(result.submissions), states=result.states,
                      notes=result.notes)]
        if result.stale:
            out.append(i18n.t("merge.stale", lang, tasks="、".join(result.stale)))
        _print(out)
        return 1 if refused else 0
    finally:
        ledger.close()


def status_round(ledger, name: str, cfg, lang: str) -> None:
    from store.forms.describe import returns_lines

    _print(returns_lines(ledger, ledger.round(name), cfg.catch_alls, lang))


__all__ = ["add_parsers", "cmd_round", "cmd_forms", "cmd_merge", "status_round"]
