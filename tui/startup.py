"""Start-up and pause tuning, all in one place.

What the first screen and the keystrokes after it are spared, and how:

1. **The garbage collector is off while the UI starts** (`disable_gc_for_startup`, from `taizhang [DB]`).
   Importing and starting Textual makes a great many objects and no garbage worth a collection;
   the collector's passes over them cost some 25 ms of the first screen.
2. **Once the first screen is painted** (`IdleCollector.start`): what starting made (Textual,
   the stylesheet, the first tree) is frozen out of the collector's view, and the collector
   runs again — its young passes as usual, its full passes only when the clerk pauses
   (`IdleCollector.collect_when_idle`). A full pass walks every object there is and frees the
   cycles a rebuilt tree leaves (some 20,000 objects a search): 30–80 ms, which Python starts
   whenever its counters say so — in the middle of a tick or a search one time in ten.
3. **A command-line export turns the garbage collector off** while the report is built (`gc_disabled`):
   an export makes hundreds of thousands of small objects and no cycles, and the passes over
   them cost a fifth of the time. The UI does not: its exports run in a worker thread, and the
   collector is the whole process's — the idle collector above is the UI's rule.
4. **Late imports** (inside the function that needs them), each where the benchmark or the
   command line's start showed its cost; everything else is imported at the top:
   - Textual: only when the UI opens (`tui.cli.ui`), so `import`, `export`, `status` start fast.
   - Rich: inside the commands that print (`tui.cli.common`).
   - openpyxl, python-docx, lxml, pdfplumber: when a format is read or written
     (`store.exporting` writers, `store.importing` readers, `store.forms`).
   - pypinyin: when data is written (`store.pinyin`); the UI never loads it at start.
   - sqlite-utils: when a CSV/TSV is read or a migration runs.
   - opencc: when a text looks traditional.
   - the importers' drafts (`store.drafts`) and the rounds' models (`store.round_models`):
     when a plan is read or a round is used (each dataclass costs ~0.5 ms to build).
   - the screens and dialogs: when opened (`tui.screens.*`); the main screen's keys that keep
     the ledger by hand load theirs on the first such key (`tui.screens.keeper`, issue 19).
   - the history browser (`store.parts.history_browse`, two dataclasses) and `secrets` (a plan
     made by hand): when first used (issue 19).
   `tests/test_cli.py`, `tests/test_search.py` and `tests/test_csv_import.py` check that a
   start does not load them.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from typing import Iterator

IDLE_SECONDS = 1.0
"""No key or click for this long and the clerk is not waiting on anything: the moment for the
collector's full pass."""
COLLECT_EVERY = 0.5
"""How often the app looks for such a moment (a look costs microseconds)."""
FULL_PASS_AT_LATEST = 25
"""Middle-generation passes after which the full pass runs even if the clerk never pauses
(Python's own rule is 10): memory stays bounded however long the keys keep coming."""
NEVER = 1 << 30


def disable_gc_for_startup() -> None:
    """Pause the cyclic garbage collector while the UI starts (1. above); the app turns it back
    on once its first screen is painted (`IdleCollector.start`)."""
    gc.disable()


@contextmanager
def gc_disabled() -> Iterator[None]:
    """The collector paused for a command-line export (3. above); reference counting still
    frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _middle_passes() -> int:
    """How many times the collector has gone through its middle generation so far (each such
    pass moves survivors to the old generation, which only a full pass clears)."""
    return gc.get_stats()[1]["collections"]


class IdleCollector:
    """The UI's collector rule (2. above)."""

    def __init__(self) -> None:
        self._thresholds = gc.get_threshold()
        self._middle_at_full = 0
        self.last_input = time.monotonic()

    def start(self) -> None:
        """After the first frame: freeze what starting made, full passes only when idle."""
        gc.freeze()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, NEVER)
        self._middle_at_full = _middle_passes()
        gc.enable()

    def saw_input(self) -> None:
        self.last_input = time.monotonic()

    def collect_when_idle(self) -> bool:
        """The full pass, if one is due and nothing has been pressed for `IDLE_SECONDS` (or it
        has waited `FULL_PASS_AT_LATEST` middle passes). True if it ran."""
        due = _middle_passes() - self._middle_at_full
        idle = time.monotonic() - self.last_input >= IDLE_SECONDS
        if not due or (not idle and due < FULL_PASS_AT_LATEST):
            return False
        gc.collect()
        self._middle_at_full = _middle_passes()
        return True

    def stop(self) -> None:
        """Back to Python's own rule (another app in this process, the tests, starts clean)."""
        gc.unfreeze()
        gc.set_threshold(*self._thresholds)
        gc.enable()
