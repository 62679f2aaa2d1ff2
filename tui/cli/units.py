"""`taizhang units` (issue 19): the ledger's unit names, sorted by pinyin, with their task
counts; `units join NAME... --into NAME` joins names that are one body, `units split NAME`
parts them again (each a change-set, undoable in the app), and `units catch-alls yes|no` says
whether the catch-alls (各单位, 省直各单位 …) count as "my unit" (`--mine`, 本单位)."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import add_globals, open_ledger, say

NAME = "units"
YES = ("yes", "y", "on", "true", "1", "是", "算")
NO = ("no", "n", "off", "false", "0", "否", "不算")


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser(NAME, help=t("cli.help.units"))
    usub = p.add_subparsers(dest="units_command")
    j = usub.add_parser("join", help=t("cli.help.units_join"))
    j.add_argument("names", nargs="+", help=t("cli.help.units_names"))
    j.add_argument("--into", required=True, metavar="NAME", help=t("cli.help.units_into"))
    add_globals(j, lang)
    s = usub.add_parser("split", help=t("cli.help.units_split"))
    s.add_argument("name", help=t("cli.help.units_name"))
    add_globals(s, lang)
    c = usub.add_parser("catch-alls", help=t("cli.help.units_catch_alls"))
    c.add_argument("value", nargs="?", help="yes | no")
    add_globals(c, lang)
    add_globals(p, lang)


def run(args, cfg, db: Path, lang: str) -> int:
    from store.usecases.units import catch_alls_count, mine_ids, set_catch_alls_count

    command = getattr(args, "units_command", None)
    ledger = open_ledger(db, cfg, must_exist=True, read_only=command is None)
    try:
        if command == "join":
            into = ledger.unit_id_named(args.into)
            ids = [ledger.unit_id_named(n) for n in args.names]
            cs = ledger.join_units(ids, into, source="cli")
            say(i18n.t("units.joined" if cs else "units.already_one", lang,
                       names="、".join(args.names), into=args.into))
            return 0
        if command == "split":
            cs = ledger.split_unit(ledger.unit_id_named(args.name), source="cli")
            say(i18n.t("units.split_done" if cs else "units.not_joined", lang, name=args.name))
            return 0
        if command == "catch-alls":
            if args.value is None:
                say(i18n.t("units.catch_alls_yes" if catch_alls_count(ledger) else "units.catch_alls_no", lang))
                return 0
            value = args.value.strip().lower()
            if value not in YES + NO:
                raise TaizhangError("units.bad_yes_no", value=args.value)
            set_catch_alls_count(ledger, value in YES, source="cli")
            say(i18n.t("units.catch_alls_yes" if value in YES else "units.catch_alls_no", lang))
            return 0
        entries = ledger.unit_listing()
        names = {e.id: e.name for e in entries}
        mine = mine_ids(ledger, cfg.unit, cfg.aliases)
        lines = []
        for e in entries:
            line = i18n.t("units.line", lang, name=e.name, tasks=e.tasks)
            if e.same_as is not None:
                line += i18n.t("units.joined_to", lang, name=names.get(e.same_as, "?"))
            elif e.group_tasks != e.tasks:
                line += i18n.t("units.with_joined", lang, tasks=e.group_tasks)
            if e.id in mine:
                line += i18n.t("units.mine_mark", lang)
            lines.append(line)
        lines.append(i18n.t("units.catch_alls_yes" if catch_alls_count(ledger) else "units.catch_alls_no", lang))
        say(lines)
        return 0
    finally:
        ledger.close()
