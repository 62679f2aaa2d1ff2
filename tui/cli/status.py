"""`taizhang status`: progress per plan and section (with plan ids); `--round`: who has
returned the round's forms, who is late, who is missing."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from tui.cli.common import add_globals, console, open_ledger, resolve_plans, say

NAME = "status"


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser(NAME, help=t("cli.help.status"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--round", help=t("cli.help.status_round"))
    add_globals(p, lang)


def run(args, cfg, db: Path, lang: str) -> int:
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    ledger = open_ledger(db, cfg, must_exist=True, read_only=True)
    try:
        if args.round:
            from store.forms.describe import returns_lines

            say(returns_lines(ledger, ledger.round(args.round), cfg.catch_alls, lang))
            return 0
        plan_ids = resolve_plans(ledger, args.plan, lang)
        plans = [p for p in ledger.plans(archived=plan_ids is not None)  # issue 19: named ones
                 if plan_ids is None or p.id in plan_ids]
        if not plans:
            say(i18n.t("cli.no_plans", lang))
            return 0
        table = Table(show_lines=False)
        table.add_column(i18n.t("status.plan", lang))
        table.add_column(i18n.t("status.done", lang), justify="right")
        table.add_column(i18n.t("status.progress", lang), width=22)
        table.add_column("%", justify="right")
        table.add_column(i18n.t("status.overdue", lang), justify="right")

        def row(label: Text, prog) -> None:
            base = max(prog.total - prog.na, 0)
            bar = ProgressBar(total=max(base, 1), completed=prog.done if base else 0, width=20)
            table.add_row(label, f"{prog.done}/{base}", bar, f"{prog.percent}%", str(prog.overdue or ""))

        def walk(plan_id, parent_id, depth):
            for s in ledger.sections(plan_id, parent_id):
                row(Text("  " * depth + f"{s.label or ''}{s.title}"), s.progress)
                walk(plan_id, s.id, depth + 1)

        for p in plans:
            mark = i18n.t("ui.plan.archived_prefix", lang) if p.archived else ""
            row(Text(f"#{p.id} {mark}{p.display_title}", style="bold"), p.progress)
            walk(p.id, None, 1)
        console().print(table)
        return 0
    finally:
        ledger.close()
