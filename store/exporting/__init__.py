"""Writers of reports, one module per format, one registry.

`export_to(ledger, fmt, plan_ids=…, task_ids=…, task_filter=…)` returns the report as text or
bytes; the caller decides where it goes (a file written atomically, standard output, a dialog's
chosen path). The status formats (xlsx, csv, docx, html, md) lay out one `report.Report`, built
once from the ledger; json writes the JSON v1 document that imports back.

Each writer module is imported only when its format is used, so the command line and the UI do
not load openpyxl or python-docx until someone exports.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from store.filtering import TaskFilter
    from store.ledger import Ledger


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    write: Callable[..., str | bytes]
    """`write(ledger, *, plan_ids=None, task_ids=None, lang="zh", filter_text="")`."""
    label: str = ""
    """Catalog code of the format's description (for the export dialog)."""
    binary: bool = False
    """True when `write` returns bytes."""


def dumps_json(doc: dict) -> str:
    """The JSON v1 document as text: indented down to the tasks, each task on one line.

    Readable and diffable per task, and fast: `indent` makes the json module fall back to its
    pure-Python encoder (0.3 s for 10,000 tasks); the tasks go through the C encoder instead.
    Each task is first replaced by a marker holding a random nonce, so no text can pass for one.
    """
    import secrets

    nonce = secrets.token_hex(8)
    tasks: list = []

    def hide(sections) -> list:
        out = []
        for s in sections:
            marks = []
            for t in s["tasks"]:
                tasks.append(t)
                marks.append(f"{nonce}:{len(tasks) - 1}")
            out.append({**s, "tasks": marks, "sections": hide(s["sections"])})
        return out

    shown = {**doc, "plans": [{**p, "sections": hide(p.get("sections", []))} for p in doc.get("plans", [])]}
    skeleton = json.dumps(shown, ensure_ascii=False, indent=2)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return re.sub(f'"{nonce}:(\\d+)"', lambda m: encode(tasks[int(m.group(1))]), skeleton) + "\n"


def _json(ledger, plan_ids=None, task_ids=None, lang="zh", filter_text="", round=None) -> str:
    from store.exporting.json_export import export_json

    return dumps_json(export_json(ledger, plan_ids=plan_ids, task_ids=task_ids))


def _status(module: str, function: str) -> Callable[..., str | bytes]:
    """A writer that builds the shared report, then lays it out with `module.function`."""

    def write(ledger, plan_ids=None, task_ids=None, lang="zh", filter_text="", round=None):
        from importlib import import_module

        from store.exporting.report import build_report

        report = build_report(ledger, plan_ids=plan_ids, task_ids=task_ids, lang=lang,
                              filter_text=filter_text, round=round)
        return getattr(import_module(f"store.exporting.{module}"), function)(report)

    write.__name__ = f"write_{module}"
    return write


FORMATS: dict[str, Format] = {
    "xlsx": Format("xlsx", "xlsx", _status("xlsx", "write_xlsx"), "export.format.xlsx", binary=True),
    "csv": Format("csv", "csv", _status("csv_export", "write_csv"), "export.format.csv"),
    "docx": Format("docx", "docx", _status("docx_export", "write_docx"), "export.format.docx", binary=True),
    "html": Format("html", "html", _status("html_export", "write_html"), "export.format.html"),
    "md": Format("md", "md", _status("markdown", "write_md"), "export.format.md"),
    "json": Format("json", "json", _json, "export.format.json"),
}


def resolve(
    ledger: "Ledger",
    *,
    plan_ids: Iterable[int] | None = None,
    task_ids: Iterable[int] | None = None,
    task_filter: "TaskFilter | None" = None,
) -> tuple[list[int] | None, list[int] | None]:
    """The plans and tasks an export holds: `plan_ids`, `task_ids` and the filter combined
    (each narrows the others; None means no limit)."""
    plans = None if plan_ids is None else list(plan_ids)
    tasks = None if task_ids is None else list(task_ids)
    if task_filter is not None:
        if task_filter.plan_ids:
            fp = list(task_filter.plan_ids)
            plans = fp if plans is None else [p for p in plans if p in set(fp)]
        rest = task_filter.with_(plan_ids=())
        if not rest.is_empty:
            found = ledger.filter_task_ids(rest)
            tasks = found if tasks is None else [t for t in tasks if t in set(found)]
    return plans, tasks


def export_to(
    ledger: "Ledger",
    fmt: str,
    *,
    plan_ids: Iterable[int] | None = None,
    task_ids: Iterable[int] | None = None,
    task_filter: "TaskFilter | None" = None,
    lang: str = "zh",
    round: "str | int | None" = None,
) -> str | bytes:
    """The report in format `fmt` (a key of FORMATS) of the chosen plans and tasks.

    With a `task_filter` (the UI's filter, or the command line's flags) only the tasks it
    passes are in the report, in document order, and the report's heading says what was chosen.
    The 本期进展 column is the current period's, or with `round` that round's (closed or not).
    """
    from store.exporting.report import describe_filter

    plans, tasks = resolve(ledger, plan_ids=plan_ids, task_ids=task_ids, task_filter=task_filter)
    return FORMATS[fmt].write(ledger, plan_ids=plans, task_ids=tasks, lang=lang,
                              filter_text=describe_filter(task_filter, lang), round=round)
