"""`taizhang import FILE...`: plans into the ledger, one transaction per file (`--dry-run`: the
preview only)."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import ImportFailed
from store.usecases import importing
from tui.cli.common import add_globals, console, err, open_ledger

NAME = "import"


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser(NAME, help=t("cli.help.import"))
    p.add_argument("files", nargs="+", help=t("cli.help.files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    p.add_argument("--reading", metavar="NAME", help=t("cli.help.reading"))
    add_globals(p, lang)


def run(args, cfg, db: Path, lang: str) -> int:
    from rich.text import Text

    out = console()
    failed = 0
    ledger = None if args.dry_run else open_ledger(db, cfg)
    try:
        for name in args.files:
            path = Path(name)
            try:
                drafts = importing.read(path, reading=args.reading)
            except ImportFailed as exc:
                err(exc.message(lang), lang)
                failed += 1
                continue
            for seen in _previews(ledger, drafts):
                draft = seen.draft
                title = draft.title or draft.source or i18n.t("import.untitled", lang)
                counts = dict(title=title, sections=seen.sections, tasks=seen.tasks, due=seen.due)
                if ledger is None:
                    out.print(Text(f"{path.name}: {i18n.t('import.would', lang, **counts)} {i18n.t('cli.dry_run', lang)}"))
                    _print_reading(out, draft, lang)
                    _print_draft(out, draft, lang)
                else:
                    [(_, result)] = importing.import_drafts(ledger, [draft], source="import")
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
        err(i18n.t("import.summary_failed", lang, count=failed), lang)
        return 1
    return 0


def _previews(ledger, drafts):
    """With a ledger, the use-case's preview; a dry run without one counts the drafts alone."""
    if ledger is not None:
        return importing.preview(ledger, drafts)
    return [importing.DraftPreview(d, sum(1 for _ in d.iter_sections()), len(list(d.iter_tasks())),
                                   sum(1 for t in d.iter_tasks() if t.due), None, None)
            for d in drafts]


def _print_reading(out, draft, lang: str) -> None:
    """How the file was read, and the other readings --reading may choose (issue 21)."""
    from rich.text import Text

    if draft.reading is None:
        return
    out.print(Text("  " + i18n.t("reading.guessed", lang, reading=i18n.reading_text(draft.reading, lang))))
    others = [r for r in draft.readings if r.key != draft.reading.key]
    if others:
        sep, (left, right) = ("；", "（）") if lang == "zh" else ("; ", "()")
        keys = sep.join(f"{n}) {r.key}{left}{i18n.reading_text(r, lang)}{right}" for n, r in enumerate(draft.readings, 1)
                        if r.key != draft.reading.key)
        out.print(Text("  " + i18n.t("reading.others_cli", lang, count=len(others), keys=keys)))


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
