"""What every command shares: opening the ledger, printing plain text, errors in the clerk's
language, and naming plans the way the app shows them."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import i18n
from store.errors import TaizhangError


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own words, and exit 2 as it would
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def add_globals(parser: argparse.ArgumentParser, lang: str, suppress: bool = True) -> None:
    """--db, --config, --lang: accepted before or after the subcommand (DECISIONS, CLI)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=default, help=i18n.t("cli.help.db", lang))
    parser.add_argument("--config", default=default, help=i18n.t("cli.help.config", lang))
    parser.add_argument("--lang", default=default, choices=i18n.LANGS, help=i18n.t("cli.help.lang", lang))


def console(stderr: bool = False):
    """A Rich console that never reads markup or emoji codes in what it prints (plans' text)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=True)


def say(lines, stderr: bool = False) -> None:
    """Print lines as they are (no markup)."""
    from rich.text import Text

    out = console(stderr)
    for line in ([lines] if isinstance(lines, str) else lines):
        out.print(Text(line))


def err(message: str, lang: str, warning: bool = False) -> None:
    prefix = i18n.t("warning.prefix" if warning else "error.prefix", lang)
    say(f"{prefix}: {message}", stderr=True)


def open_ledger(db: Path, cfg, must_exist: bool = False, read_only: bool = False):
    """Open the ledger. Reading commands never create a database that is not there, and open
    it read-only: they never checkpoint the WAL nor delete it (a damaged one would lose what
    lies past the damage), unless the file must first be brought to this version's format.
    A damaged WAL found on opening is reported (`Database.wal_recovery`)."""
    from store.errors import ReadOnlyError
    from store.ledger import Ledger

    if must_exist and not Path(db).exists():
        raise TaizhangError("db.missing", path=str(db))
    kwargs = dict(actor=cfg.name, actor_unit=cfg.unit, abbreviations=tuple(cfg.abbreviations))
    try:
        ledger = Ledger(db, read_only=read_only, **kwargs)
    except ReadOnlyError:
        if not read_only:
            raise
        ledger = Ledger(db, **kwargs)  # an older format: migrated (after a backup) to be read
    found = ledger.db.wal_recovery_message()
    if found is not None:
        code, params = found
        err(i18n.t(code, cfg.language, **params), cfg.language, warning=True)
    return ledger


def damaged_message(db: Path, exc: Exception, lang: str) -> str:
    """A database error while reading: the file is damaged, and which backup is good."""
    from store.db.recovery import newest_good_backup

    text = str(exc).lower()
    if not any(w in text for w in ("malformed", "corrupt", "not a database")):
        return i18n.t("error.generic", lang, detail=str(exc))
    good = newest_good_backup(db)
    if good is None:
        return i18n.t("db.damaged_no_backup", lang, path=str(db))
    return i18n.t("db.damaged", lang, path=str(db), backup=str(good))


def resolve_plans(ledger, wanted: list[str], lang: str) -> list[int] | None:
    """`--plan` values as plan ids: each is an id, the title the app shows, or a part of it
    that only one plan's title holds (a prefix first); live plans first, then archived ones
    (store.usecases.naming, which the UI's plan fields use too). None when no plan was named."""
    if not wanted:
        return None
    from store.usecases.naming import find_plan_ids

    return find_plan_ids(ledger, wanted)


def days(value: str) -> int:
    """`--due-within N`: a whole number of days, 0 or more."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: 0, 1, 2, …")
    return n
