"""The `taizhang` command: parse arguments, call the store's use-cases, print plain text.

`taizhang [DB]` opens the UI; the subcommands are for the work people script, one module per
group of commands:

    imports   import            exports   export         status    status
    files     paths, backup, restore                     rounds    round, forms, merge
    bulletin  bulletin          settings  config         ui        taizhang [DB]
    keeping   task, section, plan, history (issue 19: keeping the ledger by hand)
    units     units (issue 19: unit names joined, whether catch-alls are mine)
    common    what they share: opening the ledger, printing, errors, naming plans

A command module gives `add_parser(s)(sub, lang)` and a function per command taking
`(args, cfg, db, lang)`; errors of the store (`TaizhangError`) and a damaged file's
`sqlite3.DatabaseError` become a message and exit 1, never a traceback. Textual is imported only
when the UI opens (tui.startup lists the late imports).
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui import __version__ as VERSION
from tui.cli import ui
from tui.cli.common import Parser, add_globals, damaged_message, err

COMMANDS = {
    "import": "imports:run",
    "export": "exports:run",
    "status": "status:run",
    "paths": "files:paths",
    "backup": "files:backup",
    "restore": "files:restore",
    "round": "rounds:round_",
    "forms": "rounds:forms",
    "merge": "rounds:merge",
    "bulletin": "bulletin:run",
    "config": "settings:run",
    "task": "keeping:task_",
    "section": "keeping:section_",
    "plan": "keeping:plan_",
    "history": "keeping:history",
    "units": "units:run",
}
"""Each subcommand: the module of tui.cli holding it, and its function. A module is imported
when its command runs (or --help lists them all): `taizhang DB` opens the UI without loading
the merge, the forms, the importers' use-cases or any other command (tui/startup.py)."""
MODULES = ("imports", "exports", "status", "files", "rounds", "bulletin", "settings", "keeping", "units")
"""The command modules, in the order `--help` lists their commands."""
SUBCOMMANDS = tuple(COMMANDS)


def _module(name: str):
    from importlib import import_module

    return import_module(f"tui.cli.{name}")


def _command(name: str):
    module, function = COMMANDS[name].split(":")
    return getattr(_module(module), function)


def build_parser(lang: str) -> Parser:
    parser = Parser(prog="taizhang", description=i18n.t("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"taizhang {VERSION}")
    add_globals(parser, lang, suppress=False)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name in MODULES:
        module = _module(name)
        (getattr(module, "add_parsers", None) or module.add_parser)(sub, lang)
    return parser


def _peek(argv: list[str], option: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def _first_positional(argv: list[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--config", "--lang"):
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def _utf8_console() -> None:
    """Windows consoles default to a legacy code page; Chinese must not become mojibake."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.encoding and stream.encoding.lower() not in ("utf-8", "utf8"):
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_console()
    from tui.config import load_config, problem_messages

    config_arg = _peek(argv, "--config")
    lang_arg = _peek(argv, "--lang")
    cfg = load_config(config_arg, lang=lang_arg if lang_arg in i18n.LANGS else None)
    lang = cfg.language
    command = _first_positional(argv)
    try:
        if command in COMMANDS or (command is None and ("-h" in argv or "--help" in argv)):
            args = build_parser(lang).parse_args(argv)
        else:
            args = ui.parser(lang, VERSION).parse_args(argv)
            args.command = None
    except SystemExit as exc:
        return int(exc.code or 0)
    for message in problem_messages(cfg):
        err(message, lang, warning=True)
    db = Path(getattr(args, "db", None) or cfg.db_path())
    try:
        if args.command is None:
            return ui.run(args, cfg, lang)
        return _command(args.command)(args, cfg, db, lang)
    except TaizhangError as exc:
        err(exc.message(lang), lang)
        return 1
    except sqlite3.DatabaseError as exc:  # pages that cannot be read: the file is damaged
        err(damaged_message(db, exc, lang), lang)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
