"""What every dialog shares: bindings shown in the clerk's language and a `t()` for strings."""
from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from store import i18n
from tui.keys import TranslatedBindings

T = TypeVar("T")


class Dialog(TranslatedBindings, ModalScreen[T]):
    """A modal dialog; `t(code)` renders a catalog string in the app's language."""

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", i18n.DEFAULT_LANG)

    def t(self, code: str, **params) -> str:
        return i18n.t(code, self.lang, **params)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A dialog's worker that fails (loading units, the overview) says so."""
        if event.state == WorkerState.ERROR:
            from store.errors import TaizhangError
            from tui.widgets.labels import safe

            error = event.worker.error
            message = (error.message(self.lang) if isinstance(error, TaizhangError)
                       else self.t("error.generic", detail=str(error) or type(error).__name__))
            self.notify(safe(message), severity="error", markup=False, timeout=10)
