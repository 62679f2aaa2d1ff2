"""Merging returned forms: the files of a folder or a list, the preview of what each row would
change, the clerk's choices on it (confirm doubtful rows, take suggested states, pick a side
where co-leads disagree, settle conflicts — one by one, by file, by unit or all, or from an
answers file), and writing it (one transaction, one undo step). The command line and the merge
screen both go through here, so a choice means the same in both."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from store.errors import TaizhangError
from store.forms import layout
from store.forms.merge import FilePlan, MergePreview, RowPlan, link_row, plan_merge
from store.forms.reader import form_files

ALL = "*"
"""For `accept_suggested`: every file and unit."""
LEDGER = "ledger"
"""For `choose`: keep the ledger's state."""
_LEDGER_WORDS = {"ledger", "台账", "保留台账", "保留"}
_ALL_WORDS = {ALL, "all", "全部"}


def files_of(paths: Iterable[str | Path]) -> list[Path]:
    """The spreadsheets named, a folder standing for every spreadsheet in it (a folder with
    none is an error the clerk hears of, not an empty merge)."""
    files = []
    for name in paths:
        found = form_files(Path(name))
        if not found and Path(name).is_dir():
            raise TaizhangError("merge.no_forms", path=str(name))
        files += found
    return files


def received_day(text: str | None) -> str | None:
    """The day the clerk received the files, as given (2024-07-15); None when not given."""
    if text is None or not str(text).strip():
        return None
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise TaizhangError("merge.bad_received", day=text) from None


def preview(ledger, paths: Iterable[str | Path], *, unit: str | None = None,
            round_name: str | None = None, plan_id: int | None = None,
            catch_alls: Iterable[str] = (), received: str | None = None) -> MergePreview:
    return plan_merge(ledger, files_of(paths), unit=unit, round_name=round_name, plan_id=plan_id,
                      catch_alls=catch_alls, received=received_day(received))


# ---- the clerk's choices ------------------------------------------------------------------


def _live(fp: FilePlan):
    return [r for r in fp.rows if r.status not in ("refused", "unmatched")]


def settle_conflicts(preview: MergePreview, prefer: str) -> int:
    """The clerk's one answer for every conflict not yet decided: 'ledger' or 'unit'. How many."""
    undecided = preview.undecided()
    for _, row in undecided:
        row.choice = prefer
    preview.settle()
    return len(undecided)


def choose_row(preview: MergePreview, row: RowPlan, side: str) -> None:
    """On one row: `unit` takes what it says (a conflict's side, a suggested state, a doubtful
    row confirmed), `ledger` keeps the ledger (the row's state not taken, a doubtful row left)."""
    if row.doubtful and not row.confirmed and side == "unit":
        row.confirmed = True
    elif row.doubtful and row.confirmed and side == "ledger" and row.choice is None:
        row.confirmed = False
    elif row.status == "conflict" or row.suggested:
        row.choice = side
    preview.settle()


def confirm_doubtful(preview: MergePreview, fp: FilePlan | None = None) -> int:
    """Confirm the doubtful rows of one file (or of all): every one but those about a task not
    sent to the unit, which are confirmed one by one (`choose_row`). How many."""
    n = 0
    for f in [fp] if fp is not None else preview.ready:
        for r in _live(f):
            if r.held and not r.one_by_one:
                r.confirmed = True
                n += 1
    preview.settle()
    return n


def _matches(fp: FilePlan, who: str) -> bool:
    if who in _ALL_WORDS:
        return True
    n = layout.norm(who)
    return n in (layout.norm(fp.unit), layout.norm(fp.name), layout.norm(fp.path.stem))


def accept_suggested(preview: MergePreview, who: str = ALL, *, fp: FilePlan | None = None) -> int:
    """Take the states suggested by units that do not set them (a task reached through a
    catch-all): of one file, of the files of a unit or a file name (`who`), or all. How many."""
    n = 0
    files = [fp] if fp is not None else [f for f in preview.ready if _matches(f, who)]
    if fp is None and not files:
        raise TaizhangError("merge.answer_unknown", what=who)
    for f in files:
        for r in _live(f):
            if r.suggested and not r.held and r.choice is None:
                r.choice = "unit"
                n += 1
    preview.settle()
    return n


def suggested_count(preview: MergePreview, *, fp: FilePlan | None = None, unit_id: int | None = None) -> int:
    files = [fp] if fp is not None else [f for f in preview.ready if unit_id is None or f.unit_id == unit_id]
    return sum(1 for f in files for r in _live(f) if r.suggested and not r.held and r.choice is None)


def doubtful_count(preview: MergePreview, *, fp: FilePlan | None = None) -> int:
    files = [fp] if fp is not None else preview.ready
    return sum(1 for f in files for r in _live(f) if r.held and not r.one_by_one)


def choose(preview: MergePreview, task_id: int, unit: int | str) -> None:
    """Where co-leads disagree: take this unit's word (its id), or keep the ledger's (`LEDGER`)."""
    preview.picks[task_id] = unit
    preview.settle()


def _task_of(preview: MergePreview, ident: str) -> dict:
    """A disputed task by its key (P1-0012) or its number as the preview shows it."""
    want = layout.norm(ident).upper()
    found = [d for d in preview.disagreements if d["open"]
             and want in (layout.norm(d["label"]).upper(), _key_of(preview, d["task_id"]))]
    if len(found) != 1:
        raise TaizhangError("merge.choose_none", task=ident, unit="")
    return found[0]


def _key_of(preview: MergePreview, task_id: int) -> str:
    for f in preview.ready:
        for r in f.rows:
            if r.task_id == task_id:
                return r.task_key
    return ""


def choose_named(preview: MergePreview, spec: str) -> None:
    """`KEY=UNIT` (or `KEY=台账`) from the command line or an answers file."""
    if "=" not in spec:
        raise TaizhangError("merge.choose_bad", value=spec)
    task, _, unit = (x.strip() for x in spec.partition("="))
    if not task or not unit:
        raise TaizhangError("merge.choose_bad", value=spec)
    d = _task_of(preview, task)
    if unit in _LEDGER_WORDS:
        choose(preview, d["task_id"], LEDGER)
        return
    ids = [uid for name, _, _, uid in d["reports"] if layout.norm(name) == layout.norm(unit)]
    if not ids:
        raise TaizhangError("merge.choose_none", task=task, unit=unit)
    choose(preview, d["task_id"], ids[0])


def confirm_line(preview: MergePreview, file: str, line: int) -> None:
    """Confirm one doubtful row, named by its file and the sheet's row number."""
    for f in preview.ready:
        if _matches(f, file):
            for r in _live(f):
                if r.line == int(line) and r.doubtful:
                    r.confirmed = True
                    preview.settle()
                    return
    raise TaizhangError("merge.answer_unknown", what=f"{file}:{line}")


def link(preview: MergePreview, ledger, fp: FilePlan, row: RowPlan, task_id: int | None) -> RowPlan:
    """The clerk names the task of an unmatched row (None: skip it)."""
    out = link_row(ledger, fp, row, task_id)
    preview.settle()
    return out


# ---- an answers file: the choices written down, for the command line ------------------------------


def apply_answers(preview: MergePreview, path: str | Path) -> None:
    """The clerk's answers from a TOML file (as `write_answers` lays it out):

        accept_doubtful = true                 # every doubtful row but the one-by-one kind
        accept_suggested = ["市财政局"]          # or ["全部"]
        [[confirm]]                            # a doubtful row, one by one
        file = "市财政局-….xlsx"
        line = 7
        [[choose]]                             # where co-leads disagree
        task = "P1-0012"
        unit = "市发展改革委"                    # or "台账"
    """
    import tomllib

    p = Path(path)
    try:
        answers = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TaizhangError("merge.answers_bad", path=str(p), detail=str(exc)) from exc
    try:
        if answers.get("accept_doubtful") is True:
            confirm_doubtful(preview)
        for who in answers.get("accept_suggested", []) or []:
            accept_suggested(preview, str(who))
        for item in answers.get("confirm", []) or []:
            if item.get("confirm", True):
                confirm_line(preview, str(item["file"]), int(item["line"]))
        for item in answers.get("choose", []) or []:
            unit = str(item.get("unit", "")).strip()
            if unit:
                choose_named(preview, f"{item['task']}={unit}")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TaizhangError("merge.answers_bad", path=str(p), detail=str(exc)) from exc


def write_answers(preview: MergePreview, path: str | Path, lang: str = "zh") -> Path:
    """What the preview leaves to the clerk, as an answers file to fill in: each doubtful row
    (with why, `confirm = false` until the clerk says so), each dispute (with every unit's word,
    `unit` blank), the suggestions' units."""
    import tomlkit

    from store.atomic import write_atomically
    from store.forms.describe import reason_text

    doc = tomlkit.document()
    doc.add(tomlkit.comment("taizhang 合并答复文件：填好后用 taizhang merge … --answers 本文件"))
    doc.add("accept_doubtful", False)
    units = sorted({f.unit for f in preview.ready for r in _live(f) if r.suggested and not r.held})
    doc.add(tomlkit.comment("采用这些单位的状态建议（填单位名或“全部”）：" + "、".join(units)))
    doc.add("accept_suggested", tomlkit.array())
    confirm = tomlkit.aot()
    for f in preview.ready:
        for r in _live(f):
            if r.held:
                item = tomlkit.table()
                item.add("file", f.name)
                item.add("line", r.line)
                item.add("task", r.label)
                item.add("why", "；".join(reason_text(d, lang) for d in r.doubts))
                item.add("confirm", False)
                confirm.append(item)
    if len(confirm):
        doc.add("confirm", confirm)
    choose_ = tomlkit.aot()
    for d in preview.open_disputes():
        item = tomlkit.table()
        item.add("task", _key_of(preview, d["task_id"]) or d["label"])
        item.add("reports", "；".join(f"{u}“{w}”" for u, w, *_ in d["reports"]))
        item.add("unit", "")
        choose_.append(item)
    if len(choose_):
        doc.add("choose", choose_)
    target = Path(path)
    write_atomically(target, tomlkit.dumps(doc).encode("utf-8"))
    return target


def apply(ledger, preview: MergePreview):
    """Write the preview's ready files (a backup first), as the clerk settled them."""
    return ledger.apply_merge(preview)
