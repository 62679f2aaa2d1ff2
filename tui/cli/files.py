"""`taizhang paths`, `backup` and `restore`: where things are, and copies of the ledger."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import add_globals, open_ledger, say


def add_parsers(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    add_globals(sub.add_parser("paths", help=t("cli.help.paths")), lang)
    add_globals(sub.add_parser("backup", help=t("cli.help.backup")), lang)
    p = sub.add_parser("restore", help=t("cli.help.restore"))
    p.add_argument("file", help=t("cli.help.backup_file"))
    add_globals(p, lang)


def paths(args, cfg, db: Path, lang: str) -> int:
    """One line per place, never cut: a clerk copies these paths."""
    from store.backup import backups_dir

    lines = []
    for code, path in (
        ("paths.database", db),
        ("paths.config", cfg.path),
        ("paths.backups", backups_dir(db)),
        ("paths.exports", cfg.export_dir()),
    ):
        state = i18n.t("paths.exists" if path and Path(path).exists() else "paths.missing", lang)
        lines.append(f"{i18n.t(code, lang)}: {path} {state}")
    say(lines)
    return 0


def backup(args, cfg, db: Path, lang: str) -> int:
    ledger = open_ledger(db, cfg, must_exist=True)
    try:
        path = ledger.backup("manual")
    finally:
        ledger.close()
    say(i18n.t("backup.done", lang, path=str(path)))
    return 0


def restore(args, cfg, db: Path, lang: str) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise TaizhangError("backup.missing", path=str(source))
    ledger = open_ledger(db, cfg)
    try:
        saved = ledger.restore(source)
    finally:
        ledger.close()
    if saved:
        say(i18n.t("backup.saved_current", lang, path=str(saved)))
    say(i18n.t("backup.restored", lang, path=str(source)))
    return 0
