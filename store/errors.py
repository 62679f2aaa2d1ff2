"""The small family of errors people can act on.

Each carries a catalog code and its parameters; the CLI and the UI render it in the user's
language with `error.message(lang)`.
"""
from __future__ import annotations

from typing import Any

from store import i18n


class TaizhangError(Exception):
    code = "error.generic"

    def __init__(self, code: str | None = None, **params: Any):
        self.code = code or self.code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return i18n.t(self.code, lang, **self.params)


class DatabaseRefused(TaizhangError):
    """The file is not a taizhang database we may open (foreign, newer, not SQLite, …)."""

    code = "db.refused"


class ReadOnlyError(TaizhangError):
    code = "db.read_only"


class NotFoundError(TaizhangError):
    """No such task, plan, note … (`what` is rendered in the reader's language)."""

    code = "not_found"

    def message(self, lang: str = "zh") -> str:
        params = dict(self.params)
        params["what"] = i18n.t(f"what.{params.get('what', 'task')}", lang)
        return i18n.t(self.code, lang, **params)


class StateChanged(TaizhangError):
    """A change made on what the clerk saw, when the task holds something else by now (another
    copy of the app changed it): nothing was written."""

    code = "db.state_changed"

    def message(self, lang: str = "zh") -> str:
        params = dict(self.params)
        word = i18n.state_word(params.get("state") or "todo", lang)
        if params.get("flag"):
            word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{params['flag']}", lang))
        params["state"] = word
        return i18n.t(self.code, lang, **params)


class UndoRefused(TaizhangError):
    """An undo or redo that would overwrite a later change (`what` names the kind of row: a
    task, a section, a plan …, rendered in the reader's language), or that has nothing to do."""

    code = "undo.conflict"

    def message(self, lang: str = "zh") -> str:
        params = dict(self.params)
        if "task" in params:
            params["what"] = i18n.t(f"what.{params.get('what', 'task')}", lang)
        return i18n.t(self.code, lang, **params)


class ImportFailed(TaizhangError):
    """A file that cannot be read as a plan: names the file and where in it."""

    code = "import.failed"

    def __init__(self, path: str, origin: str | None, why: str, **params: Any):
        self.path = path
        self.origin = origin
        self.why = why
        self.why_params = params
        super().__init__("import.failed", path=path, origin=origin or "", why=why)

    def message(self, lang: str = "zh") -> str:
        why = i18n.t(self.why, lang, **self.why_params)
        where = f"{self.path}, {i18n.origin(self.origin, lang)}" if self.origin else self.path
        return i18n.t("import.failed", lang, where=where, why=why)


# ---- issue 19: keeping the ledger by hand ---------------------------------------------------


class EditConflict(TaizhangError):
    """An edit made on what the clerk saw, when another copy of the app has changed the same
    fields since: nothing was written. `conflicts` holds (field, seen, now, mine) for each;
    `kind` (task, section, plan) and `name` say what was being edited."""

    code = "edit.conflict"

    def __init__(self, *, kind: str, name: str, conflicts: list[tuple[str, object, object, object]]):
        self.conflicts = conflicts
        super().__init__(kind=kind, name=name, fields="、".join(f for f, *_ in conflicts))

    def message(self, lang: str = "zh") -> str:
        sep = "、" if lang == "zh" else ", "
        fields = sep.join(i18n.t(f"field.{f}", lang) for f, *_ in self.conflicts)
        what = i18n.t(f"history.subject.{self.params.get('kind', 'task')}", lang,
                      name=self.params.get("name", ""))
        return i18n.t(self.code, lang, what=what, fields=fields)
