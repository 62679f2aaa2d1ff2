"""Messages shared between screens: past-tense facts."""
from __future__ import annotations

from textual.message import Message


class LedgerChanged(Message):
    """The ledger changed behind the tree (an import, an undone import, another process)."""

    def __init__(self, notice: str | None = None) -> None:
        self.notice = notice
        super().__init__()


class ImportProgressed(Message):
    """A step of an import running in a worker (coalesced: only the latest matters)."""

    def __init__(self, stage: str, step: int, steps: int) -> None:
        self.stage = stage
        self.step = step
        self.steps = steps
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgressed)
