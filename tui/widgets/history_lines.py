"""One change of the history in words, with the full text before and after (issue 19): a task's
text or a note edited shows both versions whole, not one cut line on each side. Shared by the
detail pane's history and the history screen (H). Everything is `Text` built from data."""
from __future__ import annotations

from rich.text import Text

from store import i18n
from store.models import Change
from tui.widgets.labels import safe

LONG_FIELDS = ("text",)
"""Fields shown as two blocks, before and after, rather than `before → after` on one line."""
INDENT = "    "


def _t(lang: str, code: str, **params) -> str:
    return i18n.t(code, lang, **params)


def value_text(field: str, value, lang: str) -> str:
    """A recorded value as the clerk reads it."""
    if value is None or value == "":
        return _t(lang, "history.empty")
    if field == "state":
        return i18n.state_word(value, lang)
    if field == "flag":
        return _t(lang, f"flag.{value}")
    if field == "time_limit_kind":
        return _t(lang, f"edit.kind.{value}")
    if field == "archived":
        return _t(lang, "history.archived" if value else "history.live")
    if isinstance(value, bool):  # a setting switched on or off
        return _t(lang, "history.yes" if value else "history.no")
    if field == "units" and isinstance(value, dict):
        roles = [f"{_t(lang, f'role.{r}')}：{'、'.join(value.get(r) or ())}"
                 for r in ("lead", "support", "responsible") if value.get(r)]
        text = value.get("text") or _t(lang, "history.empty")
        return f"{text}（{'；'.join(roles)}）" if roles else text
    return str(value)


def _block(label: str, text: str, style: str = "") -> Text:
    """`label` then the text, every line of it indented."""
    out = Text(INDENT + label, style="dim")
    lines = safe(text).split("\n") or [""]
    out.append(lines[0], style=style)
    for line in lines[1:]:
        out.append("\n" + INDENT + "  " + line, style=style)
    return out


def subject(table: str, name: str | None, lang: str) -> str:
    """A row named as the history says it: 任务 12（P1-0012）, 栏目“一、…”, 方案《…》."""
    if not name:
        return ""
    if table == "settings":  # a setting is named by its key: said in words
        return _t(lang, f"setting.{name}")
    code = {"tasks": "history.subject.task", "notes": "history.subject.task",
            "sections": "history.subject.section", "plans": "history.subject.plan"}.get(table)
    return _t(lang, code, name=name) if code else name


def change_lines(ch: Change, lang: str, subject: str = "", note_text: str | None = None,
                 where: str | None = None) -> list[Text]:
    """The lines saying what one change did. `subject` names the row (任务 12, 栏目“一、…”);
    `note_text` is a note's text where the change itself does not carry it (deleted, restored);
    `where` the section a moved row went to, or the unit name a name was joined to or parted from."""
    t = lambda code, **p: _t(lang, code, **p)  # noqa: E731
    head = Text(safe(subject) + (" " if subject else ""), style="bold")
    table, field = ch.table, ch.field
    if field in ("updated_at", "time_limit_kind"):  # bookkeeping; the time limit says its kind
        return []
    if table == "notes":
        if field == "created":
            return [Text.assemble(head, t("history.note_added")), _block(t("history.text"), ch.after or "")]
        if field == "text":
            return [Text.assemble(head, t("history.note_edited")),
                    _block(t("history.before"), ch.before or "", "red"),
                    _block(t("history.after"), ch.after or "", "green")]
        if field == "deleted":
            out = [Text.assemble(head, t("history.note_deleted" if ch.after else "history.note_restored"))]
            if note_text:
                out.append(_block(t("history.text"), note_text))
            return out
    if field == "row":
        snap = ch.after if ch.after is not None else ch.before
        snap = snap if isinstance(snap, dict) else {}
        code = "history.added" if ch.before is None else "history.deleted"
        what = {"tasks": "what.task", "sections": "what.section", "plans": "what.plan"}.get(table, "what.task")
        rows = snap.get(table) or [{}]
        row = rows[0]
        if table == "tasks":
            text = row.get("text") or ""
        elif table == "sections":
            text = f"{row.get('label') or ''}{row.get('title') or ''}"
        else:
            text = row.get("title") or row.get("source") or ""
        out = [Text.assemble(t(code, what=t(what)), " ", (safe(text), "bold"))
               if table != "tasks" else Text.assemble(head, t(code, what=t(what)))]
        if text and table == "tasks":
            out.append(_block(t("history.text"), text))
        counts = []
        if table != "tasks" and snap.get("tasks"):
            counts.append(t("history.count_tasks", count=len(snap["tasks"])))
        notes = [n for n in snap.get("notes", ()) if not n.get("deleted")]
        if notes:
            counts.append(t("history.count_notes", count=len(notes)))
        if counts and ch.before is not None:
            out.append(Text(INDENT + "、".join(counts), style="dim"))
        return out
    if field == "created" and table == "plans":
        title = str(ch.after or "") or subject.partition("《")[2].rstrip("》") or t("import.untitled")
        return [Text(t("history.imported", title=safe(title)))]
    if field == "deleted" and table == "plans":
        return [Text.assemble(head, t("history.import_undone"))]
    if table == "units" and field == "same_as":  # `where`: the name joined (or left)
        code = "history.joined" if ch.after is not None else "history.parted"
        return [Text.assemble(head, t(code, where=safe(where or "")))]
    if field == "place":
        if isinstance(ch.after, dict) and ch.before and ch.after.get("section", ch.after.get("parent")) \
                != ch.before.get("section", ch.before.get("parent")):
            return [Text.assemble(head, t("history.moved_to", where=safe(where or t("edit.picker.top"))))]
        return [Text.assemble(head, t("history.moved"))]
    name = t(f"field.{field}")
    if field in LONG_FIELDS or (table == "tasks" and field == "units"):
        return [Text.assemble(head, t("history.changed", field=name)),
                _block(t("history.before"), value_text(field, ch.before, lang), "red"),
                _block(t("history.after"), value_text(field, ch.after, lang), "green")]
    return [Text.assemble(head, t("history.field", field=name,
                                  before=safe(value_text(field, ch.before, lang)),
                                  after=safe(value_text(field, ch.after, lang))))]
