"""The prose front end: paragraphs classified by shape (a label, a units line, a time-limit line,
a header line, the document's particulars) → builder events. The deepest label style that carries
units or time limits is the task level; a units line binds to the tasks since the last one.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.importing import labels as L
from store.importing.annotations import trailing_annotation
from store.importing.builder import Builder, TaskNode, split_items
from store.importing.document import Cell, Paragraph
from store.importing.grid import cell_text
from store.importing.headers import is_header_line
from store.importing.meta import is_meta_line
from store.textrules import clean_text, join_wrapped, squeeze, strip_tags
from store.timelimits import looks_like_time_limit_line
from store.units import looks_like_units_text

@dataclass
class _Para:
    kind: str  # heading | task | units | time | header | meta | plain
    text: str
    origin: str
    label: L.Label | None = None


def classify(p: Paragraph) -> _Para:
    text = strip_tags(para_text(p)).strip()
    if is_header_line(text):
        return _Para("header", text, p.origin)
    lab = L.parse_label(text)
    if lab:
        return _Para("task" if L.is_number_style(lab.style) else "heading", text, p.origin, lab)
    if looks_like_time_limit_line(text):
        return _Para("time", text, p.origin)
    if looks_like_units_text(text):
        return _Para("units", text, p.origin)
    if is_meta_line(text):
        return _Para("meta", text, p.origin)
    bare = L.parse_bare_number(text)
    if bare:
        return _Para("task", text, p.origin, bare)
    return _Para("plain", text, p.origin)


def task_style_of(paras: list[_Para]) -> str | None:
    """The deepest label style that carries units or time limits is the task level."""
    order: list[str] = []
    last_style: str | None = None
    carriers: set[str] = set()
    for p in paras:
        if p.label is not None:
            style = "1." if p.label.style == "1" else p.label.style
            if style not in order:
                order.append(style)
            last_style = style
        elif p.kind in ("units", "time") and last_style:
            carriers.add(last_style)
    if carriers:
        return max(carriers, key=order.index)
    numbered = [s for s in order if L.is_number_style(s)]
    if numbered:
        return numbered[0]
    return order[-1] if order else None


def read_prose(builder: Builder, paras: list[_Para], levels: dict[str, int], task_style: str | None) -> None:
    group: list[TaskNode] = []
    group_closed = False
    prev_kind = None
    for p in paras:
        kind = p.kind
        if kind == "task" or kind == "heading":
            lab = p.label
            style = "1." if lab.style == "1" else lab.style
            if task_style and style == task_style:
                kind = "task"
            elif task_style and style in levels or (task_style and _is_above(style, task_style, paras)):
                kind = "heading"
            elif task_style and style != task_style and L.is_number_style(style):
                kind = "plain"  # a sub-item inside a task's text
            elif not task_style:
                kind = "heading"
        if kind == "header" or kind == "meta":
            prev_kind = kind
            continue
        if kind == "heading":
            level = levels.setdefault(p.label.style, len(levels) + 1)
            builder.heading(level, p.label.text, p.label.rest, p.origin)
            prev_kind = "heading"
            continue
        if kind == "task":
            verdict = builder.accept(p.label, at_cell_start=True)
            if verdict is not None:
                items = split_items(builder, p.text, p.origin, task_style)
                if items:
                    if group_closed:
                        group, group_closed = [], False
                    for lab, verd, body in items:
                        t = builder.task(lab.ordinal, clean_text(body), p.origin, verd)
                        group.append(t)
                    prev_kind = "task"
                    continue
            kind = "plain"
        if kind == "units":
            # A task whose sentence names its own units in a final bracket keeps them.
            own = [t for t in group if not t.units and trailing_annotation(t.text) is None]
            targets = own or [t for t in group if trailing_annotation(t.text) is None] or group
            for t in targets:
                t.units = squeeze(strip_tags(p.text))
            if not group:
                builder.warn(p.origin, "warn.orphan_text", text=p.text[:30])
            group_closed = True
            prev_kind = "units"
            continue
        if kind == "time":
            for t in group:
                t.time_text, t.time_from_column = squeeze(p.text), True
            group_closed = True
            prev_kind = "time"
            continue
        # plain text
        if prev_kind == "heading" and builder.current_heading_open_for_wrap():
            builder.extend_heading(p.text)
            continue
        if group and not group_closed:
            last = group[-1]
            last.text = join_wrapped(last.text, clean_text(p.text)) if last.text else clean_text(p.text)
            prev_kind = "task"
            continue
        builder.warn(p.origin, "warn.orphan_text", text=squeeze(p.text)[:30])
        prev_kind = "plain"


def _is_above(style: str, task_style: str, paras: list[_Para]) -> bool:
    """Does `style` first appear before the task style (so it is a heading level)?"""
    for p in paras:
        if p.label is None:
            continue
        s = "1." if p.label.style == "1" else p.label.style
        if s == style:
            return True
        if s == task_style:
            return False
    return False


def para_text(p: Paragraph) -> str:
    """A paragraph's text with the label Word drew for it, never doubled."""
    if not p.label:
        return p.text
    return cell_text(Cell(p.text, label=p.label))

