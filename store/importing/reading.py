"""Choosing how to read a document whose shape is in doubt (issue 21).

Text that lost its table grid can be read several ways (text_reader.text_documents): prose lines,
one cell per line, running text. Each reading is assembled; the one that finds the most tasks in
sequence, with units, and leaves the least text unplaced wins (ties: the most likely shape, which
comes first). The draft carries the reading it was built by and every other reading that found
tasks, so the preview can say what was guessed and the clerk can choose another
(`taizhang import --reading KEY`, or a key in the import preview).

A document where no reading finds a task is explained: a cover letter whose plan is in an
attachment names the attachment; anything else says what was seen (lines, numbers, the first
lines) and which readings were tried.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from store import i18n
from store.drafts import PlanDraft
from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.assembler import assemble
from store.importing.document import Document, Paragraph, Table
from store.textrules import is_blank, squeeze, strip_tags

_DECISIVE = {"tabs", "pipes"}
"""Shapes whose reading is not in doubt: the first that finds tasks is taken."""


def score(draft: PlanDraft) -> int:
    """More tasks, more of them with units and time limits, fewer numbers out of sequence, less
    text left out. (A units line read as covering the tasks above it, or only its own row with
    the rows below inheriting it, differ in who ends up with units and a time limit.)"""
    tasks = list(draft.iter_tasks())
    codes = Counter(w.code for w in draft.warnings)
    units = sum(1 for t in tasks if t.units) * 2 + sum(1 for t in tasks if t.time_limit)
    out_of_order = codes["warn.gap"] + codes["warn.duplicate"]
    left_out = codes["warn.orphan_text"] + codes["warn.row_no_task"] + codes["warn.row_joined"]
    return 3 * len(tasks) + units - 4 * out_of_order - codes["warn.restart"] - 2 * left_out


def key_of(doc: Document) -> str:
    return doc.shape + ("-lines" if doc.shape == "flat" and doc.units_place == "line" else "")


def choose(docs: list[Document], source: str, wanted: str | None = None) -> PlanDraft:
    """The best reading's draft (or the one named `wanted`: a key or its number from 1)."""
    results: list[tuple[int, int, str, PlanDraft]] = []
    tried: list[str] = []
    failure: ImportFailed | None = None
    for i, doc in enumerate(docs):
        key = key_of(doc)
        if key in tried:
            continue
        tried.append(key)
        try:
            draft = assemble(doc, source)
        except ImportFailed as exc:
            failure = failure or exc
            continue
        reading = replace(draft.reading, key=key)
        results.append((score(draft), -i, key, replace(draft, reading=reading)))
        if doc.shape in _DECISIVE and wanted is None:
            break
    if not results:
        raise explain_nothing(docs[0] if docs else Document(), source, tried) if failure is None or \
            failure.why == "import.no_tasks" else failure
    ranked = sorted(results, key=lambda r: (r[0], r[1]), reverse=True)
    readings = tuple(r[3].reading for r in ranked)
    chosen = ranked[0][3]
    if wanted:
        chosen = _wanted(ranked, wanted, source)
    return replace(chosen, readings=readings)


def _wanted(ranked, wanted: str, source: str) -> PlanDraft:
    keys = [r[2] for r in ranked]
    if wanted.isdigit() and 1 <= int(wanted) <= len(ranked):
        return ranked[int(wanted) - 1][3]
    for r in ranked:
        if r[2] == wanted:
            return r[3]
    raise ImportFailed(source, None, "import.no_such_reading", reading=wanted, readings="、".join(keys))


# ---- nothing found ---------------------------------------------------------------------------

_ATTACHMENT = re.compile(r"附\s*件\s*\d*\s*[：:]\s*(?:\d+\s*[.．、]\s*)?(.{2,80}?)(?:\.(?:docx?|xlsx?|wps|et|pdf|zip|rar))?(?:\s|$|附件下载|【)")
_PLAN_WORDS = re.compile(r"(方案|清单|分工|分解|台账|任务表|责任表|一览表|要点|计划)")


def explain_nothing(doc: Document, source: str, tried: list[str]) -> ImportFailed:
    """Why no task was found: the plan is in an attachment, or what was seen and tried."""
    lines = _lines(doc)
    for line in lines:
        for m in _ATTACHMENT.finditer(line):
            name = squeeze(m.group(1)).strip("《》")
            if _PLAN_WORDS.search(name):
                return ImportFailed(source, None, "import.only_cover", attachment=name)
    numbers: list[str] = []
    for line in lines:
        lab = L.parse_label(line)
        if lab is not None and len(numbers) < 8:
            numbers.append(lab.text)
    first = "／".join(line[:24] for line in lines[:3])
    return NothingFound(source, list(dict.fromkeys(tried)), lines=len(lines), numbers="、".join(numbers) or "-",
                        first=first or "-")


class NothingFound(ImportFailed):
    """No reading found a task: what was seen, and the readings tried in the clerk's words."""

    def __init__(self, path: str, tried: list[str], **params):
        self.tried = tried
        super().__init__(path, None, "import.no_tasks_seen", **params)

    def message(self, lang: str = "zh") -> str:
        sep = "、" if lang == "zh" else ", "
        shapes = sep.join(i18n.t(f"reading.key.{k}", lang) for k in self.tried) or "-"
        why = i18n.t(self.why, lang, shapes=shapes, **self.why_params)
        return i18n.t("import.failed", lang, where=self.path, why=why)


def _lines(doc: Document) -> list[str]:
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            texts = [b.text]
        elif isinstance(b, Table):
            texts = [" ".join(c.text for c in row.cells) for row in b.rows]
        else:
            continue
        for text in texts:
            for line in strip_tags(text).split("\n"):
                if not is_blank(line):
                    out.append(squeeze(line))
    return out
