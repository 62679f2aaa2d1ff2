"""A merge preview and a round's returns in words, for the command line and the UI alike."""
from __future__ import annotations

from store import i18n
from store.forms.merge import FilePlan, MergePreview, RowPlan

_PREVIEW_NOTE = 60


def _state(state, lang: str) -> str:
    if state is None:
        return ""
    word = i18n.state_word(state[0], lang)
    if state[1]:
        word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{state[1]}", lang))
    return word


def _short(text: str, limit: int = _PREVIEW_NOTE) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "⋯"


def _why(item: tuple[str, dict] | None, lang: str) -> str:
    if item is None:
        return ""
    code, params = item
    if code == "merge.needs_meta":
        params = dict(params, what="、".join(i18n.t(f"merge.what.{w}", lang) for w in params["what"].split("、")))
    return i18n.t(code, lang, **params)


def file_head(fp: FilePlan, lang: str) -> str:
    round_part = i18n.t("merge.round_part", lang, name=fp.round_name) if fp.round_name else ""
    return i18n.t("merge.file_head", lang, file=fp.name, unit=fp.unit or "?", round=round_part,
                  filler=fp.filler or "-")


def counts_text(counts: dict[str, int], lang: str) -> str:
    return i18n.t("merge.counts", lang, **counts)


def row_lines(r: RowPlan, lang: str) -> list[str]:
    """What one row would do: a line per state change, note, suggestion, conflict or refusal,
    then its doubts."""
    out: list[str] = []
    if r.status in ("refused", "unmatched"):
        out.append(i18n.t("merge.row_refused", lang, line=r.line, key=r.key or "-", why=_why(r.refusal, lang)))
        return out
    if r.status == "conflict":
        out.append(i18n.t("merge.row_conflict", lang, task=r.label, now=_state(r.state_before, lang),
                          word=r.reported_word))
    elif r.suggested:
        out.append(i18n.t("merge.row_suggest", lang, task=r.label, word=r.reported_word,
                          now=_state(r.state_before, lang)))
    elif r.state_after is not None:
        out.append(i18n.t("merge.row_state", lang, task=r.label, before=_state(r.state_before, lang),
                          after=_state(r.state_after, lang)))
    if r.note:
        out.append(i18n.t("merge.row_note", lang, task=r.label, text=_short(r.note)))
    for d in r.doubts:
        out.append(i18n.t("merge.row_doubt", lang, why=_why(d, lang)))
    return out


def preview_lines(preview: MergePreview, lang: str = i18n.DEFAULT_LANG) -> list[str]:
    lines: list[str] = []
    for fp in preview.files:
        if fp.status == "duplicate":
            lines.append(i18n.t("merge.duplicate_file", lang, file=fp.name, why=_why(fp.reason, lang)))
            continue
        if fp.status != "ready":
            lines.append(i18n.t("merge.refused_file", lang, file=fp.name, why=_why(fp.reason, lang)))
            continue
        lines.append(file_head(fp, lang))
        lines.append("  " + counts_text(fp.counts(), lang))
        for code, params in fp.warnings:
            lines.append("  " + i18n.t(code, lang, **params))
        for r in fp.rows:
            if r.status == "unchanged" and not r.doubts:
                continue
            lines += ["  " + x for x in row_lines(r, lang)]
    for d in preview.disagreements:
        reports = "；".join(f"{u}“{w}”" for u, w in d["reports"])
        lines.append(i18n.t("merge.disagree", lang, task=d["label"], reports=reports))
    if len(preview.ready) > 1:
        lines.append(i18n.t("merge.total", lang, counts=counts_text(preview.counts(), lang)))
    return lines


def returns_lines(ledger, r, catch_alls=(), lang: str = i18n.DEFAULT_LANG) -> list[str]:
    """A round's returns: the counts, then who is missing (催报名单), then who reported."""
    returns = ledger.round_returns(r, catch_alls)
    counts = {k: sum(1 for x in returns if x.status == k) for k in ("returned", "late", "missing", "overdue")}
    due = i18n.t("round.due_part", lang, due=r.due) if r.due else ""
    lines = [i18n.t("returns.head", lang, name=r.name, due=due, **counts)]
    titles = {p.id: p.display_title for p in ledger.plans()}
    several = len({x.plan_id for x in returns}) > 1
    chase = [x for x in returns if x.status in ("missing", "overdue")]
    if chase:
        lines.append(i18n.t("returns.chase", lang))
    for x in returns:
        plan = f"  [{titles.get(x.plan_id, x.plan_id)}]" if several else ""
        when = f"  {x.received_at[:16].replace('T', ' ')}" if x.received_at else ""
        who = f"  {x.filler}" if x.filler else ""
        lines.append(f"  {i18n.t('returns.' + x.status, lang)}  {x.unit}{when}{who}{plan}")
    return lines
