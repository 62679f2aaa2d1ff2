"""The `taizhang` command: parse arguments, call store/, print with Rich.

`taizhang [DB]` opens the UI; the subcommands are for the work people script. Textual is imported
only inside the function that opens the UI, so `import`, `export` and `status` start fast.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from store import i18n
from store.atomic import safe_filename, write_atomically
from store.errors import TaizhangError
from tui import __version__ as VERSION

SUBCOMMANDS = ("import", "export", "status", "paths", "backup", "restore", "bundle", "round", "forms", "merge")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 with English text; keep its meaning, exit 1
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def _peek(argv: list[str], option: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def _add_globals(parser: argparse.ArgumentParser, lang: str, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=default, help=i18n.t("cli.help.db", lang))
    parser.add_argument("--config", default=default, help=i18n.t("cli.help.config", lang))
    parser.add_argument("--lang", default=default, choices=i18n.LANGS, help=i18n.t("cli.help.lang", lang))


def build_parser(lang: str) -> argparse.ArgumentParser:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    parser = _Parser(prog="taizhang", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"taizhang {VERSION}")
    _add_globals(parser, lang, suppress=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("import", help=t("cli.help.import"))
    p.add_argument("files", nargs="+", help=t("cli.help.files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    _add_globals(p, lang, suppress=True)

    from store.exporting import FORMATS

    p = sub.add_parser("export", help=t("cli.help.export"))
    p.add_argument("--format", "-f", default="json", help=t("cli.help.format") + f" ({', '.join(FORMATS)})")
    p.add_argument("-o", "--output", help=t("cli.help.output"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--state", action="append", default=[], metavar="S", help=t("cli.help.state"))
    p.add_argument("--unit", action="append", default=[], metavar="U", help=t("cli.help.unit"))
    p.add_argument("--mine", action="store_true", help=t("cli.help.mine"))
    p.add_argument("--overdue", action="store_true", help=t("cli.help.overdue"))
    p.add_argument("--due-within", type=_days, metavar="N", help=t("cli.help.due_within"))
    p.add_argument("--query", "-q", metavar="Q", help=t("cli.help.query"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    _add_globals(p, lang, suppress=True)

    p = sub.add_parser("status", help=t("cli.help.status"))
    p.add_argument("--plan", action="append", default=[], help=t("cli.help.plan"))
    p.add_argument("--round", help=t("cli.help.status_round"))
    _add_globals(p, lang, suppress=True)

    p = sub.add_parser("paths", help=t("cli.help.paths"))
    _add_globals(p, lang, suppress=True)

    p = sub.add_parser("backup", help=t("cli.help.backup"))
    _add_globals(p, lang, suppress=True)

    p = sub.add_parser("restore", help=t("cli.help.restore"))
    p.add_argument("file", help=t("cli.help.backup_file"))
    _add_globals(p, lang, suppress=True)

    p = sub.add_parser("bundle", help=t("cli.help.bundle"))
    p.add_argument("-o", "--output", required=True, help=t("cli.help.bundle_output"))
    p.add_argument("--zip", action="store_true", help=t("cli.help.bundle_zip"))
    p.add_argument("--target", action="append", default=[], help=t("cli.help.bundle_target"))
    p.add_argument("--python", action="append", default=[], help=t("cli.help.bundle_python"))
    p.add_argument("--force", action="store_true", help=t("cli.help.bundle_force"))
    _add_globals(p, lang, suppress=True)

    from tui.cli_rounds import add_parsers

    add_parsers(sub, lang, _add_globals)
    return parser


def build_ui_parser(lang: str) -> argparse.ArgumentParser:
    parser = _Parser(prog="taizhang", description=i18n.t("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"taizhang {VERSION}")
    parser.add_argument("database", nargs="?", help=i18n.t("cli.help.db_arg", lang))
    _add_globals(parser, lang, suppress=False)
    return parser


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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_console()
    from tui.config import load_config

    config_arg = _peek(argv, "--config")
    lang_arg = _peek(argv, "--lang")
    cfg = load_config(config_arg, lang=lang_arg if lang_arg in i18n.LANGS else None)
    lang = cfg.language
    command = _first_positional(argv)
    try:
        if command in SUBCOMMANDS or (command is None and ("-h" in argv or "--help" in argv)):
            args = build_parser(lang).parse_args(argv)
        else:
            args = build_ui_parser(lang).parse_args(argv)
            args.command = None
    except SystemExit as exc:
        return int(exc.code or 0)
    for message in _config_problems(cfg):
        _err(message, lang, warning=True)
    db = Path(getattr(args, "db", None) or cfg.db_path())
    try:
        if args.command is None:
            return _open_ui(args, cfg, lang)
        handler = {
            "import": cmd_import,
            "export": cmd_export,
            "status": cmd_status,
            "paths": cmd_paths,
            "backup": cmd_backup,
            "restore": cmd_restore,
            "bundle": cmd_bundle,
            "round": _rounds("cmd_round"),
            "forms": _rounds("cmd_forms"),
            "merge": _rounds("cmd_merge"),
        }[args.command]
        return handler(args, cfg, db, lang)
    except TaizhangError as exc:
        _err(exc.message(lang), lang)
        return 1
    except KeyboardInterrupt:
        return 130


def _rounds(name: str):
    def run(args, cfg, db, lang):
        import tui.cli_rounds as rounds

        return getattr(rounds, name)(args, cfg, db, lang)

    return run


def _config_problems(cfg) -> list[str]:
    from tui.config import problem_messages

    return problem_messages(cfg)


def _utf8_console() -> None:
    """Windows consoles default to a legacy code page; Chinese must not become mojibake."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.encoding and stream.encoding.lower() not in ("utf-8", "utf8"):
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=True)


def _err(message: str, lang: str, warning: bool = False) -> None:
    from rich.text import Text

    prefix = i18n.t("warning.prefix" if warning else "error.prefix", lang)
    _console(stderr=True).print(Text(f"{prefix}: {message}"))


def _ledger(db: Path, cfg, must_exist: bool = False):
    """Open the ledger. Reading commands never create a database that is not there.

    They still open read-write when they may: the last connection to close then folds the WAL
    back and removes the -wal/-shm files (a read-only connection would leave them behind).
    """
    from store.ledger import Ledger

    if must_exist and not Path(db).exists():
        raise TaizhangError("db.missing", path=str(db))
    return Ledger(db, actor=cfg.name, actor_unit=cfg.unit, abbreviations=tuple(cfg.abbreviations))


# ---- import ---------------------------------------------------------------------------------


def cmd_import(args, cfg, db: Path, lang: str) -> int:
    from rich.text import Text

    from store.errors import ImportFailed
    from store.importing import read_plan

    out = _console()
    failed = 0
    ledger = None if args.dry_run else _ledger(db, cfg)
    try:
        for name in args.files:
            path = Path(name)
            try:
                drafts = read_plan(path)
            except ImportFailed as exc:
                _err(exc.message(lang), lang)
                failed += 1
                continue
            for draft in drafts:
                tasks = list(draft.iter_tasks())
                title = draft.title or draft.source or i18n.t("import.untitled", lang)
                counts = dict(
                    title=title,
                    sections=sum(1 for _ in draft.iter_sections()),
                    tasks=len(tasks),
                    due=sum(1 for t in tasks if t.due),
                )
                if ledger is None:
                    out.print(Text(f"{path.name}: {i18n.t('import.would', lang, **counts)} {i18n.t('cli.dry_run', lang)}"))
                    _print_draft(out, draft, lang)
                else:
                    result = ledger.import_plan(draft, source="import")
                    if result.skipped:
                        out.print(Text(f"{path.name}: " + i18n.t("import.skipped_same", lang, plan_id=result.existing_plan_id, title=title)))
                        continue
                    out.print(Text(f"{path.name}: [#{result.plan_id}] " + i18n.t("import.done", lang, **counts)))
                    if result.revised_of:
                        out.print(Text("  " + i18n.t("import.revised", lang, plan_id=result.revised_of, title=title)))
                _print_warnings(out, draft, lang)
    finally:
        if ledger is not None:
            ledger.close()
    if failed:
        _err(i18n.t("import.summary_failed", lang, count=failed), lang)
        return 1
    return 0


def _print_warnings(out, draft, lang: str) -> None:
    from rich.text import Text

    if not draft.warnings:
        return
    out.print(Text("  " + i18n.t("cli.warnings", lang, count=len(draft.warnings))))
    for w in draft.warnings:
        where = i18n.origin(w.origin, lang)
        out.print(Text(f"    {where + ': ' if where else ''}{i18n.t(w.code, lang, **w.as_dict())}"))


def _print_draft(out, draft, lang: str) -> None:
    from rich.text import Text

    def walk(sections, depth):
        for s in sections:
            out.print(Text("  " * depth + f"{s.label or ''}{s.title}"))
            for t in s.tasks:
                due = f" [{t.due}]" if t.due else ""
                state = ""
                if t.state != "todo" or t.flag:
                    word = i18n.state_word(t.state, lang)
                    if t.flag:
                        word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{t.flag}", lang))
                    state = f" <{word}>"
                notes = f" (+{len(t.notes)})" if t.notes else ""
                out.print(Text("  " * (depth + 1) + f"{t.no or '-'}. {t.text[:40]}{due} | {t.units or ''}{state}{notes}"))
            walk(s.sections, depth + 1)

    walk(draft.sections, 1)


# ---- export ---------------------------------------------------------------------------------


def _resolve_plans(ledger, wanted: list[str], lang: str) -> list[int] | None:
    if not wanted:
        return None
    plans = ledger.plans()
    ids: list[int] = []
    for w in wanted:
        match = [p.id for p in plans if str(p.id) == w.strip()] or [
            p.id for p in plans if p.title and w.strip() in p.title
        ]
        if not match:
            raise TaizhangError("cli.unknown_plan", plan=w)
        ids += [m for m in match if m not in ids]
    return ids


def _days(value: str) -> int:
    """`--due-within N`: a whole number of days, 0 or more."""
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: 0, 1, 2, …")
    return days


def _state_keys(words: list[str], lang: str) -> tuple[str, ...]:
    """`--state` values: a key (todo doing done na open) or a state word (已完成 …)."""
    from store.filtering import STATE_CHOICES
    from store.states import state_from_word

    keys: list[str] = []
    for word in words:
        w = word.strip()
        key = w.lower() if w.lower() in STATE_CHOICES else None
        if key is None:
            found = state_from_word(w)
            key = found[0] if found and not found[1] else None
        if key is None:
            raise TaizhangError("cli.unknown_state", state=word, valid=", ".join(STATE_CHOICES))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _export_filter(args, cfg, plan_ids, lang: str):
    """The export flags as the one task filter the UI uses too (None when nothing narrows)."""
    from store.filtering import TaskFilter, my_units

    units = [u.strip() for u in args.unit if u.strip()]
    if args.mine:
        if not cfg.unit:
            raise TaizhangError("cli.no_unit")
        units += [u for u in my_units(cfg.unit, cfg.aliases, cfg.catch_alls) if u not in units]
    f = TaskFilter(
        plan_ids=tuple(plan_ids or ()),
        states=_state_keys(args.state, lang),
        units=tuple(units),
        overdue=args.overdue,
        due_within=args.due_within,
        query=(args.query or "").strip() or None,
    )
    return None if f.is_empty else f


def cmd_export(args, cfg, db: Path, lang: str) -> int:
    from store.exporting import FORMATS, export_to, resolve

    fmt = args.format.lower().lstrip(".")
    if fmt not in FORMATS:
        raise TaizhangError("cli.unknown_format", fmt=fmt, valid=", ".join(FORMATS))
    ledger = _ledger(db, cfg, must_exist=True)
    try:
        plan_ids = _resolve_plans(ledger, args.plan, lang)
        task_filter = _export_filter(args, cfg, plan_ids, lang)

        def export():
            if task_filter is not None:
                plans, tasks = resolve(ledger, task_filter=task_filter)
                if tasks is not None and not tasks:
                    _err(i18n.t("cli.export_empty", lang), lang, warning=True)
            return export_to(ledger, fmt, plan_ids=plan_ids, task_filter=task_filter, lang=lang)

        if args.output == "-":
            data = export()
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            sys.stdout.flush()
            return 0
        stem = "台账" if lang == "zh" else "ledger"
        if plan_ids and len(plan_ids) == 1:
            stem = safe_filename(ledger.plan(plan_ids[0]).display_title)
        default_name = f"{stem}-{date.today().isoformat()}.{FORMATS[fmt].suffix}"
        if args.output:
            target = Path(args.output)
            if target.is_dir():  # a folder: the report goes into it, under the usual name
                target = target / default_name
        else:
            folder = cfg.export_dir()
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / default_name
        if target.exists() and not args.force:
            raise TaizhangError("cli.exists", path=str(target))
        data = export()
        write_atomically(target, data)
        _console().print(_text(i18n.t("cli.exported", lang, path=str(target))))
        return 0
    finally:
        ledger.close()


def _text(s: str):
    from rich.text import Text

    return Text(s)


# ---- status ---------------------------------------------------------------------------------


def cmd_status(args, cfg, db: Path, lang: str) -> int:
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    ledger = _ledger(db, cfg, must_exist=True)
    try:
        if getattr(args, "round", None):
            from tui.cli_rounds import status_round

            status_round(ledger, args.round, cfg, lang)
            return 0
        plan_ids = _resolve_plans(ledger, args.plan, lang)
        plans = [p for p in ledger.plans() if plan_ids is None or p.id in plan_ids]
        out = _console()
        if not plans:
            out.print(Text(i18n.t("cli.no_plans", lang)))
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
            row(Text(f"#{p.id} {p.display_title}", style="bold"), p.progress)
            walk(p.id, None, 1)
        out.print(table)
        return 0
    finally:
        ledger.close()


# ---- paths ----------------------------------------------------------------------------------


def cmd_paths(args, cfg, db: Path, lang: str) -> int:
    """One line per place, never cut: a clerk copies these paths."""
    from store.backup import backups_dir

    out = _console()
    for code, path in (
        ("paths.database", db),
        ("paths.config", cfg.path),
        ("paths.backups", backups_dir(db)),
        ("paths.exports", cfg.export_dir()),
    ):
        state = i18n.t("paths.exists" if path and Path(path).exists() else "paths.missing", lang)
        out.print(_text(f"{i18n.t(code, lang)}: {path} {state}"))
    return 0


# ---- backup / restore -----------------------------------------------------------------------


def cmd_backup(args, cfg, db: Path, lang: str) -> int:
    ledger = _ledger(db, cfg, must_exist=True)
    try:
        path = ledger.backup("manual")
    finally:
        ledger.close()
    _console().print(_text(i18n.t("backup.done", lang, path=str(path))))
    return 0


def cmd_restore(args, cfg, db: Path, lang: str) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise TaizhangError("backup.missing", path=str(source))
    ledger = _ledger(db, cfg)
    try:
        saved = ledger.restore(source)
    finally:
        ledger.close()
    out = _console()
    if saved:
        out.print(_text(i18n.t("backup.saved_current", lang, path=str(saved))))
    out.print(_text(i18n.t("backup.restored", lang, path=str(source))))
    return 0


# ---- bundle ---------------------------------------------------------------------------------


def cmd_bundle(args, cfg, db: Path, lang: str) -> int:
    """Build the offline install bundle (tui/bundle.py), printing each step."""
    from tui.bundle import ALL_TARGETS, PYTHONS, build_bundle, human_size

    out = _console()
    result = build_bundle(
        args.output,
        targets=args.target or ALL_TARGETS,
        pythons=args.python or PYTHONS,
        zip=args.zip,
        force=args.force,
        progress=lambda code, **params: out.print(_text(i18n.t(code, lang, **params))),
        warn=lambda code, **params: _err(i18n.t(code, lang, **params), lang, warning=True),
    )
    out.print(_text(i18n.t(
        "bundle.done", lang, path=str(result.path), size=human_size(result.size), wheels=result.wheels,
        targets=", ".join(result.targets), pythons=", ".join(result.pythons),
    )))
    if result.extras:
        out.print(_text(i18n.t("bundle.done_extras", lang, extras=", ".join(result.extras))))
    if result.zip_path is not None:
        out.print(_text(i18n.t("bundle.done_zip", lang, path=str(result.zip_path), size=human_size(result.zip_size))))
    return 0


# ---- the UI ---------------------------------------------------------------------------------


def _open_ui(args, cfg, lang: str) -> int:
    if args.database:
        db = Path(args.database)
        if not db.exists():
            raise TaizhangError("cli.db_missing_ui", path=str(db))
    else:
        db = Path(args.db) if args.db else cfg.db_path()
        db.parent.mkdir(parents=True, exist_ok=True)
    hold_collector()
    from tui.app import run

    return run(db, cfg)


def hold_collector() -> None:
    """Pause the cyclic garbage collector while the UI starts; the app turns it back on once
    its first screen is painted (`TaizhangApp.on_mount`). Importing and starting Textual makes
    a great many objects and no garbage worth a collection, and the collector's passes over
    them cost some 25 ms of the first screen."""
    import gc

    gc.disable()


if __name__ == "__main__":
    sys.exit(main())
