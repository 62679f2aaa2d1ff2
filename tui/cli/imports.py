"""`taizhang import FILE...`: plans into the ledger, one transaction per file (`--dry-run`: the
preview only). A revised plan (issue 19) is merged into the plan it revises, task by task, and
the diff printed: by default when the revision rule finds that plan, into the plan `--revise`
names, never with `--new`; `--pair NEW=OLD` corrects a pairing of its tasks."""
from __future__ import annotations

from pathlib import Path

from store import i18n
from store.errors import ImportFailed, TaizhangError
from store.usecases import importing
from tui.cli.common import add_globals, console, err, open_ledger, resolve_plans

NAME = "import"


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser(NAME, help=t("cli.help.import"))
    p.add_argument("files", nargs="+", help=t("cli.help.files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    p.add_argument("--reading", metavar="NAME", help=t("cli.help.reading"))
    # issue 19 (revisions/units)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--revise", metavar="PLAN", help=t("cli.help.revise"))
    how.add_argument("--new", action="store_true", help=t("cli.help.new_plan"))
    p.add_argument("--pair", action="append", default=[], metavar="NEW=OLD", help=t("cli.help.pair"))
    add_globals(p, lang)


def run(args, cfg, db: Path, lang: str) -> int:
    from rich.text import Text

    out = console()
    failed = 0
    # A dry run writes nothing, but reads the ledger when there is one: the revision's diff.
    if args.dry_run:
        ledger = open_ledger(db, cfg, read_only=True) if Path(db).exists() else None
    else:
        ledger = open_ledger(db, cfg)
    try:
        target = resolve_plans(ledger, [args.revise], lang)[0] if args.revise and ledger else None
        if args.revise and ledger is None:
            raise TaizhangError("db.missing", path=str(db))
        for name in args.files:
            path = Path(name)
            try:
                drafts = importing.read(path, reading=args.reading)
            except ImportFailed as exc:
                err(exc.message(lang), lang)
                failed += 1
                continue
            targets = {i: None if args.new else target for i in range(len(drafts))} if (
                args.new or target is not None) else None
            previews = _previews(ledger, drafts, targets)
            corrections = _corrections(ledger, previews, args.pair)
            if corrections:
                previews = _previews(ledger, drafts, targets, corrections)
            for i, seen in enumerate(previews):
                draft = seen.draft
                title = draft.title or draft.source or i18n.t("import.untitled", lang)
                counts = dict(title=title, sections=seen.sections, tasks=seen.tasks, due=seen.due)
                if args.dry_run:
                    if seen.same is not None:
                        out.print(Text(f"{path.name}: " + i18n.t("import.skipped_same", lang, plan_id=seen.same.id,
                                                                 title=seen.same.display_title)))
                        continue
                    if seen.revises is not None:
                        out.print(Text(f"{path.name}: " + i18n.t("revision.would", lang, plan_id=seen.revises.id,
                                                                 title=seen.revises.display_title)
                                       + " " + i18n.t("cli.dry_run", lang)))
                        _print_diff(out, seen.diff, lang)
                    else:
                        out.print(Text(f"{path.name}: {i18n.t('import.would', lang, **counts)} {i18n.t('cli.dry_run', lang)}"))
                        _print_reading(out, draft, lang)
                        _print_draft(out, draft, lang)
                else:
                    one_target = None if seen.revises is None else {0: seen.revises.id}
                    one_fix = {0: corrections[i]} if i in corrections else None
                    [(_, result)] = importing.import_drafts(ledger, [draft], source="import",
                                                            targets=one_target or {0: None},
                                                            corrections=one_fix)
                    if result.skipped:
                        out.print(Text(f"{path.name}: " + i18n.t("import.skipped_same", lang, plan_id=result.existing_plan_id, title=title)))
                        continue
                    if result.revision is not None:
                        out.print(Text(f"{path.name}: [#{result.plan_id}] " + i18n.t(
                            "revision.done", lang, plan_id=result.plan_id, title=title)))
                        _print_diff(out, result.revision, lang)
                        if result.archived_plan_id:
                            out.print(Text("  " + i18n.t("revision.archived_as", lang, plan_id=result.archived_plan_id)))
                    else:
                        out.print(Text(f"{path.name}: [#{result.plan_id}] " + i18n.t("import.done", lang, **counts)))
                        if result.revised_of:  # a revision the clerk imports as a plan of its own (--new)
                            out.print(Text("  " + i18n.t("import.revised", lang, plan_id=result.revised_of, title=title)))
                _print_warnings(out, draft, lang)
    finally:
        if ledger is not None:
            ledger.close()
    if failed:
        err(i18n.t("import.summary_failed", lang, count=failed), lang)
        return 1
    return 0


def _corrections(ledger, previews, pairs: list[str]) -> dict[int, dict]:
    """`--pair` for the draft that revises a plan (there must be one, and only one)."""
    if not pairs:
        return {}
    revising = [i for i, p in enumerate(previews) if p.revises is not None]
    if len(revising) != 1:
        raise TaizhangError("revision.pair_without_revision")
    i = revising[0]
    return {i: importing.parse_pairs(ledger, previews[i].revises.id, previews[i].draft, pairs)}


def _print_diff(out, diff, lang: str) -> None:
    """A revision's diff, task by task (store.usecases.importing.diff_lines)."""
    from rich.text import Text

    for kind, line in importing.diff_lines(diff, lang):
        indent = "  " if kind in ("head", "note") else "    " if kind in ("changed", "added", "dropped") else "      "
        out.print(Text(indent + line))


def _previews(ledger, drafts, targets=None, corrections=None):
    """With a ledger, the use-case's preview; a dry run without one counts the drafts alone."""
    if ledger is not None:
        return importing.preview(ledger, drafts, targets=targets, corrections=corrections)
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
