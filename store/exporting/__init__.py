"""Writers of reports, one module per format, one registry.

`export_to(ledger, fmt, plan_ids=…)` returns the report as text or bytes; the caller decides
where it goes (a file written atomically, standard output, a dialog's chosen path).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    write: Callable[..., str | bytes]


def _json(ledger, plan_ids=None, task_ids=None, lang="zh") -> str:
    from store.exporting.json_export import export_json

    return json.dumps(export_json(ledger, plan_ids=plan_ids, task_ids=task_ids), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Format] = {
    "json": Format("json", "json", _json),
}


def export_to(ledger, fmt: str, *, plan_ids=None, task_ids=None, lang: str = "zh") -> str | bytes:
    return FORMATS[fmt].write(ledger, plan_ids=plan_ids, task_ids=task_ids, lang=lang)
