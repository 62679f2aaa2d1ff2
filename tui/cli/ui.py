"""`taizhang [DB]`: open the app (Textual is imported here and nowhere else on the way)."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import Parser, add_globals
from tui.startup import disable_gc_for_startup


def parser(lang: str, version: str) -> Parser:
    p = Parser(prog="taizhang", description=i18n.t("cli.description", lang))
    p.add_argument("--version", action="version", version=f"taizhang {version}")
    p.add_argument("database", nargs="?", help=i18n.t("cli.help.db_arg", lang))
    add_globals(p, lang, suppress=False)
    return p


def run(args, cfg, lang: str) -> int:
    if args.database:
        db = Path(args.database)
        if not db.exists():
            raise TaizhangError("cli.db_missing_ui", path=str(db))
    else:
        db = Path(args.db) if args.db else cfg.db_path()
        db.parent.mkdir(parents=True, exist_ok=True)
    disable_gc_for_startup()
    from tui.app import run as run_app

    return run_app(db, cfg)
