"""`taizhang round`, `forms` and `merge`: reporting rounds, the 反馈表 sent out, and the filled
ones merged back."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from store.usecases import merging
from tui.cli.common import add_globals, open_ledger, resolve_plans, say


def add_parsers(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser("round", help=t("cli.help.round"))
    rsub = p.add_subparsers(dest="round_command", required=True)
    q = rsub.add_parser("new", help=t("cli.help.round_new"))
    q.add_argument("name")
    q.add_argument("--due", help=t("cli.help.round_due"))
    q.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    q.add_argument("--catch-alls", action="append", default=[], metavar="NAME", help=t("cli.help.round_catch_alls"))
    add_globals(q, lang)
    q = rsub.add_parser("list", help=t("cli.help.round_list"))
    add_globals(q, lang)
    q = rsub.add_parser("close", help=t("cli.help.round_close"))
    q.add_argument("name")
    add_globals(q, lang)
    add_globals(p, lang)

    p = sub.add_parser("forms", help=t("cli.help.forms"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--round", help=t("cli.help.forms_round"))
    p.add_argument("--unit", action="append", default=[], metavar="U", help=t("cli.help.unit"))
    p.add_argument("-o", "--output", help=t("cli.help.forms_output"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    add_globals(p, lang)

    p = sub.add_parser("merge", help=t("cli.help.merge"))
    p.add_argument("files", nargs="+", help=t("cli.help.merge_files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    p.add_argument("--unit", help=t("cli.help.merge_unit"))
    p.add_argument("--round", help=t("cli.help.merge_round"))
    p.add_argument("--plan", help=t("cli.help.plan"))
    p.add_argument("--prefer", choices=("ledger", "unit"), default="ledger", help=t("cli.help.merge_prefer"))
    p.add_argument("--details", action="store_true", help=t("cli.help.merge_details"))
    p.add_argument("--accept-doubtful", action="store_true", help=t("cli.help.merge_accept_doubtful"))
    p.add_argument("--accept-suggested", action="append", nargs="?", const=merging.ALL, default=[],
                   metavar="UNIT", help=t("cli.help.merge_accept_suggested"))
    p.add_argument("--choose", action="append", default=[], metavar="KEY=UNIT", help=t("cli.help.merge_choose"))
    p.add_argument("--answers", metavar="FILE", help=t("cli.help.merge_answers"))
    p.add_argument("--write-answers", metavar="FILE", help=t("cli.help.merge_write_answers"))
    p.add_argument("--received", metavar="DATE", help=t("cli.help.merge_received"))
    add_globals(p, lang)


def round_(args, cfg, db: Path, lang: str) -> int:
    ledger = open_ledger(db, cfg, must_exist=True, read_only=args.round_command == "list")
    try:
        if args.round_command == "new":
            plans = resolve_plans(ledger, args.plan, lang) or []
            from store.round_models import EVERY, parse_catch_alls

            catch = parse_catch_alls(args.catch_alls)
            r = ledger.new_round(args.name, due=args.due, plan_ids=plans, catch_alls=catch)
            titles = [ledger.plan(p).display_title for p in plans] or [i18n.t("round.all_plans", lang)]
            due = i18n.t("round.due_part", lang, due=r.due) if r.due else ""
            line = i18n.t("round.created", lang, name=r.name, due=due, plans="；".join(titles))
            if r.catch_alls:
                names = i18n.t("round.catch_alls_every", lang) if EVERY in r.catch_alls else "、".join(r.catch_alls)
                line += i18n.t("round.catch_alls_part", lang, names=names)
            say(line)
        elif args.round_command == "close":
            r = ledger.close_round(args.name)
            say(i18n.t("round.closed_done", lang, name=r.name))
        else:
            rounds = ledger.rounds()
            if not rounds:
                say(i18n.t("round.none", lang))
                return 0
            lines = [i18n.t("round.list_head", lang)]
            for r in rounds:
                returns = ledger.round_returns(r, cfg.catch_alls)
                got = sum(1 for x in returns if x.status in ("returned", "late"))
                plans = "、".join(f"#{p}" for p in r.plan_ids) or i18n.t("round.all_plans", lang)
                state = i18n.t("round.open" if r.is_open else "round.is_closed", lang)
                lines.append(f"{r.name}\t{r.due or '-'}\t{state}\t{got}/{len(returns)}\t{plans}")
            say(lines)
        return 0
    finally:
        ledger.close()


def forms(args, cfg, db: Path, lang: str) -> int:
    from store.forms.sending import write_forms

    ledger = open_ledger(db, cfg, must_exist=True)
    try:
        r = ledger.round(args.round) if args.round else ledger.current_round()
        plans = resolve_plans(ledger, args.plan, lang) or []
        out_dir = Path(args.output) if args.output else cfg.export_dir() / (
            "反馈表" + (f"-{r.name}" if r else ""))
        written = write_forms(ledger, out_dir, round_=r, plan_ids=plans, units=args.unit,
                              catch_alls=cfg.catch_alls, force=args.force)
        lines = [i18n.t("forms.written", lang, count=len(written), tasks=sum(w.tasks for w in written),
                        dir=str(out_dir))]
        lines += [i18n.t("forms.line", lang, unit=w.unit, tasks=w.tasks, path=w.path.name) for w in written]
        say(lines)
        return 0
    finally:
        ledger.close()


def merge(args, cfg, db: Path, lang: str) -> int:
    from store.forms.describe import SHORT, detail_count, preview_lines

    ledger = open_ledger(db, cfg, must_exist=True, read_only=args.dry_run)
    try:
        plan_id = None
        if args.plan:
            plan_id = (resolve_plans(ledger, [args.plan], lang) or [None])[0]
        preview = merging.preview(ledger, args.files, unit=args.unit, round_name=args.round,
                                  plan_id=plan_id, catch_alls=cfg.catch_alls, received=args.received)
        # the clerk's answers, before anything is shown or written
        if args.answers:
            merging.apply_answers(preview, args.answers)
        if args.accept_doubtful:
            merging.confirm_doubtful(preview)
        for who in args.accept_suggested:
            merging.accept_suggested(preview, who)
        for spec in args.choose:
            merging.choose_named(preview, spec)
        undecided = merging.settle_conflicts(preview, args.prefer) if not args.dry_run else 0
        details = args.details or detail_count(preview) <= SHORT
        lines = preview_lines(preview, lang, details=details)
        if not details:
            lines.append(i18n.t("merge.details_hint", lang))
        counts = preview.counts()
        if counts["doubtful"]:
            lines.append(i18n.t("merge.held_hint", lang, count=counts["doubtful"]))
        if counts["disputes"]:
            lines.append(i18n.t("merge.disputes_hint", lang, count=counts["disputes"]))
        if counts["suggested"]:
            lines.append(i18n.t("merge.suggest_hint", lang, count=counts["suggested"]))
        if undecided and args.prefer == "ledger":
            lines.append(i18n.t("merge.undecided", lang, count=undecided))
        if args.write_answers:
            path = merging.write_answers(preview, args.write_answers, lang)
            lines.append(i18n.t("merge.answers_written", lang, path=str(path)))
        refused = [f for f in preview.files if f.status in ("refused", "needs_meta")]
        if args.dry_run:
            say(lines + [i18n.t("merge.dry_run", lang)])
            return 1 if refused and not preview.ready else 0
        say(lines)
        if not preview.ready:
            if all(f.status == "duplicate" for f in preview.files):
                return 0
            raise TaizhangError("merge.nothing")
        result = merging.apply(ledger, preview)
        out = [i18n.t("merge.done", lang, files=len(result.submissions), states=result.states,
                      notes=result.notes)]
        if result.stale:
            out.append(i18n.t("merge.stale", lang, tasks="、".join(result.stale)))
        say(out)
        return 1 if refused else 0
    finally:
        ledger.close()
