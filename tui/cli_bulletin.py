"""`taizhang bulletin`: the 情况通报 of a reporting round, as .docx and .md (issue 20)."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError


def add_parser(sub, lang: str, add_globals) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser("bulletin", help=t("cli.help.bulletin"))
    p.add_argument("--round", help=t("cli.help.bulletin_round"))
    p.add_argument("-o", "--output", help=t("cli.help.bulletin_output"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    add_globals(p, lang, suppress=True)


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


def cmd_bulletin(args, cfg, db: Path, lang: str) -> int:
    import sys

    from rich.console import Console
    from rich.text import Text

    from store.exporting.bulletin import default_paths, gather, render, write_files
    from tui.cli import _ledger

    ledger = _ledger(db, cfg, must_exist=True)
    try:
        r = chosen_round(ledger, args.round)
        b = gather(ledger, r, settings=cfg.bulletin_settings(), catch_alls=cfg.catch_alls, lang=lang)
        if args.output == "-":
            sys.stdout.write(render(b, ".md"))
            sys.stdout.flush()
            return 0
        targets = [Path(args.output)] if args.output else default_paths(cfg.export_dir(), r.name, lang)
        written = write_files(b, targets, force=args.force)
        out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
        for path in written:
            out.print(Text(i18n.t("bulletin.written", lang, path=str(path))))
        return 0
    finally:
        ledger.close()


__all__ = ["add_parser", "cmd_bulletin", "chosen_round"]
