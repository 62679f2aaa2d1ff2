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
from store.drafts import ImportWarning, PlanDraft
from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.assembler import assemble
from store.importing.document import Document, Paragraph, Table
from store.importing.meta import TITLE_END, Meta, read_meta
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
        doc = doc() if callable(doc) else doc  # a fallback reading is built only when it is needed
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
        first = docs[0] if docs and not callable(docs[0]) else Document()
        raise explain_nothing(first, source, tried) if failure is None or \
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


# ---- a text that holds more than one plan --------------------------------------------------------


def read_text_plans(text: str, source: str, wanted: str | None = None) -> list[PlanDraft]:
    """The plans in a text: usually one; two when a second plan's title follows a first plan's
    tasks and its numbering starts again. A part with no task (a covering notice with numbered
    points) is no plan, but its 文号, issuer and date go to the plans after it."""
    from store.importing.text_reader import prepare, text_documents

    plain, warnings = prepare(text)
    parts = split_plans(plain.split("\n"))
    if len(parts) == 1:
        return [choose(text_documents(plain, source, prepared=warnings), source, wanted)]
    drafts: list[PlanDraft] = []
    carried = Meta()
    failure: ImportFailed | None = None
    for part in parts:
        meta = read_meta([line for line in part if not is_blank(line)][:40])
        try:
            draft = choose(text_documents("\n".join(part), source, prepared=list(warnings)), source, wanted)
        except ImportFailed as exc:
            failure = failure or exc
            carried = _merge_meta(carried, meta)
            continue
        drafts.append(replace(draft, doc_no=draft.doc_no or carried.doc_no, issuer=draft.issuer or carried.issuer,
                              issued=draft.issued or carried.issued))
        carried = _merge_meta(carried, meta)
    if not drafts:
        raise failure or ImportFailed(source, None, "import.no_tasks")
    if len(drafts) > 1:
        first = drafts[0]
        notes = tuple(ImportWarning("", "warn.second_plan", (("title", d.title or "-"),)) for d in drafts[1:])
        drafts[0] = replace(first, warnings=first.warnings + notes)
    return drafts


def _merge_meta(a: Meta, b: Meta) -> Meta:
    return Meta(title=a.title or b.title, doc_no=a.doc_no or b.doc_no, issued=a.issued or b.issued,
                issuer=a.issuer or b.issuer)


_TASK_LINE = re.compile(r"^\s*[|｜]?\s*[（(]?\d{1,3}\s*[）)]?\s*[\t.．、|｜]")


def split_plans(lines: list[str]) -> list[list[str]]:
    """Cut the lines where a plan's title stands after tasks, and the tasks after it number from 1."""
    first = next((i for i, line in enumerate(lines) if _TASK_LINE.match(line)), len(lines))
    if not any(TITLE_END.search(line.rstrip()) for line in lines[first + 1:]):
        return [lines]  # no title after the first task: the common case, decided cheaply
    cuts = [0]
    tasks_before = 0
    for i, line in enumerate(lines):
        text = line.strip()
        lab = L.parse_label(text.split("\t")[0].strip().strip("|").strip()) if text else None
        if lab is not None and L.is_number_style(lab.style) or re.match(r"^\d{1,3}\t", text):
            tasks_before += 1
            continue
        if (tasks_before >= 2 and _is_plan_title(text) and i + 1 < len(lines)
                and _numbering_restarts(lines[i + 1:i + 60])):
            cuts.append(i)
            tasks_before = 0
    return [lines[a:b] for a, b in zip(cuts, cuts[1:] + [len(lines)])]


def _is_plan_title(text: str) -> bool:
    if not text or "\t" in text or "|" in text or len(text) > 60 or len(text) < 8 or L.parse_label(text):
        return False
    compact = text.replace(" ", "")
    return bool(TITLE_END.search(compact)) and bool(re.search(r"(?:19|20)\d{2}|分工|方案", compact))


def _numbering_restarts(lines: list[str]) -> bool:
    for line in lines:
        cell = line.strip().split("\t")[0].strip().strip("|").strip()
        lab = L.parse_label(cell)
        if lab is None:
            m = re.match(r"^(\d{1,3})$", cell)
            if m:
                return m.group(1) == "1"
            continue
        return lab.ordinal == 1
    return False


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
        super().__init__(path, None, "import.no_tasks", **params)  # the reason callers test stays

    def message(self, lang: str = "zh") -> str:
        sep = "、" if lang == "zh" else ", "
        shapes = sep.join(i18n.reading_name(k, lang) for k in self.tried) or "-"
        why = i18n.t("import.no_tasks_seen", lang, shapes=shapes, **self.why_params)
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
