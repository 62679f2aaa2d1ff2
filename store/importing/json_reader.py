"""Reading our own JSON v1 export back as plan drafts.

Everything the export holds comes back: states, flags, notes, `updated_at`, `extra`, and the
history (as `HistoryDraft`s the ledger replays). The plan's `sha256` is kept, so importing an
export into the database it came from skips the plans already there. Anything that is not our
format is refused with `ImportFailed(…, "import.bad_json")` naming what is wrong and where.
Text is cleaned of control characters on the way in, like every other import.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from store.errors import ImportFailed
from store.models import STATES
from store.drafts import HistoryDraft, ImportWarning, NoteDraft, PlanDraft, SectionDraft, TaskDraft
from store.textclean import strip_control

FORMAT = "taizhang"
VERSION = 1
KINDS = ("date", "year_end", "continuous", "recurring", "relative", "unknown")


class _Bad(Exception):
    def __init__(self, where: str, what: str):
        super().__init__(f"{where}: {what}" if where else what)


def read_json(path_or_text: str | os.PathLike | bytes) -> list[PlanDraft]:
    """Plan drafts from a JSON v1 export given as a path, as JSON text, or as bytes."""
    label, raw = _load(path_or_text)
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as e:
        raise ImportFailed(label, None, "import.bad_json", detail=str(e)) from e
    try:
        return _Reader().document(data)
    except _Bad as e:
        raise ImportFailed(label, None, "import.bad_json", detail=str(e)) from e


def _load(source) -> tuple[str, str]:
    if isinstance(source, bytes):
        return "<json>", _decode("<json>", source)
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return "<json>", source.lstrip("\ufeff")
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as e:
        from store.importing.files import unreadable

        raise unreadable(str(path), e) from e
    return str(path), _decode(str(path), data)


def _decode(label: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed(label, None, "import.bad_json", detail=f"not UTF-8 ({e.reason})") from e


class _Reader:
    def __init__(self):
        self.cleaned: list[str] = []

    # ---- values --------------------------------------------------------------------------

    def text(self, obj: dict, key: str, where: str, *, required: bool = False) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                raise _Bad(where, f"{key} is missing")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "no":
            value = str(value)
        if not isinstance(value, str):
            raise _Bad(where, f"{key} must be text")
        return self.clean(value, f"{where}.{key}")

    def clean(self, value: str, where: str) -> str:
        cleaned, removed = strip_control(value)
        if removed:
            self.cleaned.append(where)
        return cleaned

    def names(self, obj: dict, key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key) or []
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise _Bad(where, f"{key} must be a list of names")
        return tuple(self.clean(x, f"{where}.{key}") for x in value)

    @staticmethod
    def obj(value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise _Bad(where, "expected an object")
        return value

    @staticmethod
    def items(obj: dict, key: str, where: str) -> list:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _Bad(where, f"{key} must be a list")
        return value

    # ---- structure -----------------------------------------------------------------------

    def document(self, data: Any) -> list[PlanDraft]:
        doc = self.obj(data, "")
        if doc.get("format") != FORMAT:
            raise _Bad("", f'"format" is not "{FORMAT}"')
        if doc.get("version") != VERSION:
            raise _Bad("", f"version {doc.get('version')!r} is not {VERSION}")
        if not isinstance(doc.get("plans"), list):
            raise _Bad("", '"plans" must be a list')
        return [self.plan(p, f"plans[{i}]") for i, p in enumerate(doc["plans"])]

    def plan(self, value: Any, where: str) -> PlanDraft:
        p = self.obj(value, where)
        self.cleaned = []
        year = p.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise _Bad(where, "year must be a whole number")
        sha = p.get("sha256")
        if sha is not None and not isinstance(sha, str):
            raise _Bad(where, "sha256 must be text")
        fields = {k: self.text(p, k, where) for k in ("title", "issuer", "doc_no", "issued", "source")}
        sections = tuple(
            self.section(s, f"{where}.sections[{i}]")
            for i, s in enumerate(self.items(p, "sections", where))
        )
        warnings = tuple(ImportWarning(w, "warn.control_chars") for w in self.cleaned)
        return PlanDraft(
            sections=sections, year=year, sha256=sha or None, warnings=warnings, **fields
        )

    def section(self, value: Any, where: str) -> SectionDraft:
        s = self.obj(value, where)
        return SectionDraft(
            label=self.text(s, "label", where),
            title=self.text(s, "title", where) or "",
            sections=tuple(
                self.section(x, f"{where}.sections[{i}]")
                for i, x in enumerate(self.items(s, "sections", where))
            ),
            tasks=tuple(
                self.task(x, f"{where}.tasks[{i}]")
                for i, x in enumerate(self.items(s, "tasks", where))
            ),
        )

    def task(self, value: Any, where: str) -> TaskDraft:
        t = self.obj(value, where)
        state = t.get("state") or "todo"
        if state not in STATES:
            raise _Bad(where, f"unknown state {state!r}")
        kind = t.get("time_limit_kind")
        if kind is not None and kind not in KINDS:
            raise _Bad(where, f"unknown time_limit_kind {kind!r}")
        extra = {} if t.get("extra") is None else t["extra"]
        if not isinstance(extra, dict):
            raise _Bad(where, "extra must be an object")
        return TaskDraft(
            no=self.text(t, "no", where),
            text=self.text(t, "text", where, required=True),
            units=self.text(t, "units", where),
            lead=self.names(t, "lead", where),
            support=self.names(t, "support", where),
            responsible=self.names(t, "responsible", where),
            time_limit=self.text(t, "time_limit", where),
            time_limit_kind=kind,
            due=self.text(t, "due", where),
            state=state,
            flag=self.text(t, "flag", where),
            updated_at=self.text(t, "updated_at", where),
            extra=tuple(extra.items()),
            notes=tuple(
                self.note(x, f"{where}.notes[{i}]")
                for i, x in enumerate(self.items(t, "notes", where))
            ),
            history=tuple(
                self.history(x, f"{where}.history[{i}]")
                for i, x in enumerate(self.items(t, "history", where))
            ),
            origin=where,
        )

    def note(self, value: Any, where: str) -> NoteDraft:
        n = self.obj(value, where)
        return NoteDraft(
            text=self.text(n, "text", where, required=True),
            at=self.text(n, "at", where),
            author=self.text(n, "author", where),
            unit=self.text(n, "unit", where),
            source=self.text(n, "source", where),
        )

    def history(self, value: Any, where: str) -> HistoryDraft:
        h = self.obj(value, where)
        before, after = h.get("before"), h.get("after")
        if isinstance(before, str):
            before = self.clean(before, f"{where}.before")
        if isinstance(after, str):
            after = self.clean(after, f"{where}.after")
        return HistoryDraft(
            at=self.text(h, "at", where, required=True),
            actor=self.text(h, "actor", where),
            unit=self.text(h, "unit", where),
            source=self.text(h, "source", where),
            field=self.text(h, "field", where, required=True),
            before=before,
            after=after,
        )
