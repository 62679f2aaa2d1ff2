"""`taizhang bulletin`: the 情况通报 of a reporting round, as .docx and .md (issue 20)."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import add_globals, open_ledger, say


NAME = "bulletin"


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser("bulletin", help=t("cli.help.bulletin"))
    p.add_argument("--round", help=t("cli.help.bulletin_round"))
    p.add_argument("-o", "--output", help=t("cli.help.bulletin_output"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    add_globals(p, lang)


def chosen_round(ledger, name: str | None):
    """The named round; else the current one; else the newest (a bulletin follows a close)."""
    if name:
        return ledger.round(name)
    current = ledger.current_round()
    if current is not None:
        return current
    rounds = ledger.rounds()
    if not rounds:
        raise TaizhangError("bulletin.no_round")
    return rounds[0]


def run(args, cfg, db: Path, lang: str) -> int:
    import sys

    from store.exporting.bulletin import default_paths, gather, render, write_files

    ledger = open_ledger(db, cfg, must_exist=True, read_only=True)
    try:
        r = chosen_round(ledger, args.round)
        b = gather(ledger, r, settings=cfg.bulletin_settings(), catch_alls=cfg.catch_alls, lang=lang)
        if args.output == "-":
            sys.stdout.write(render(b, ".md"))
            sys.stdout.flush()
            return 0
        targets = [Path(args.output)] if args.output else default_paths(cfg.export_dir(), r.name, lang)
        written = write_files(b, targets, force=args.force)
        say([i18n.t("bulletin.written", lang, path=str(path)) for path in written])
        return 0
    finally:
        ledger.close()
