"""What shape the importer took a document to have, in words the preview shows (issue 21):
"连成一段的文字：按“一、”分栏目，按数字编号识别任务，单位在任务文字之后".

The words come from what the builder did (the label styles of the sections it opened and of the
tasks it numbered) and from how the document was read (its shape, where its units were), as
catalog codes with parameters, so the CLI and the UI say it in the clerk's language.
"""
from __future__ import annotations

from store.drafts import ReadingDraft
from store.importing import labels as L

SHOWN_LABEL = {"一、": "一、", "（一）": "（一）", "1.": "1.", "（1）": "（1）", "1）": "1）", "①": "①"}


def _style_shown(style: str) -> str:
    if style.startswith("第一"):
        return "第一" + style[2:]
    return SHOWN_LABEL.get(style, style)


def _label_style(label: str | None) -> str | None:
    if not label:
        return None
    lab = L.parse_label(label + "x")
    return lab.style if lab else None


def describe(shape: str, units_place: str, roots: list, task_labels: dict[str, int]) -> ReadingDraft:
    """The reading's words: its shape, how sections and tasks were recognised, where units were."""
    parts: list[tuple[str, tuple]] = [(f"reading.shape.{shape or 'lines'}", ())]
    parts.extend(_sections(roots))
    if task_labels:
        style = max(task_labels.items(), key=lambda kv: kv[1])[0]
        if style == "序号":
            parts.append(("reading.tasks.column", ()))
        elif style == "1.":
            parts.append(("reading.tasks.number", ()))
        else:
            parts.append(("reading.tasks.label", (("label", _style_shown(style)),)))
    else:
        parts.append(("reading.tasks.rows", ()))
    if units_place:
        parts.append((f"reading.units.{units_place}", ()))
    return ReadingDraft(shape or "lines", tuple(parts))


def _sections(roots: list) -> list[tuple[str, tuple]]:
    """按“一、”分栏目 / 按不带编号的标题分栏目 / 不分栏目, and the level below when it has labels."""
    from store.importing.builder import SectionNode

    def with_tasks(sections):
        return [s for s in sections if _has_tasks(s)]

    top = with_tasks(roots)
    out: list[tuple[str, tuple]] = []
    styles = [_label_style(s.label) for s in top]
    titled = [s for s in top if s.title or s.label]
    if any(styles):
        style = next(s for s in styles if s)
        out.append(("reading.sections.label", (("label", _style_shown(style)),)))
    elif titled:
        out.append(("reading.sections.plain", ()))
    else:
        out.append(("reading.sections.none", ()))
    subs = [c for s in top for c in s.children if isinstance(c, SectionNode) and _has_tasks(c)]
    sub_styles = [_label_style(s.label) for s in subs]
    if any(sub_styles):
        style = next(s for s in sub_styles if s)
        out.append(("reading.subsections.label", (("label", _style_shown(style)),)))
    elif subs:
        out.append(("reading.subsections.plain", ()))
    return out


def _has_tasks(sec) -> bool:
    from store.importing.builder import SectionNode, TaskNode

    return any(isinstance(c, TaskNode) or (isinstance(c, SectionNode) and _has_tasks(c)) for c in sec.children)
