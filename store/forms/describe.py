"""A merge preview and a round's returns in words, for the command line and the UI alike.

A preview is summarised per file and per kind of change (a province's 1,000 forms make 14,000
rows: nobody reads a line per row); the row-by-row lines come on request, or by themselves when
the whole preview is short. What waits for the clerk — co-deciders who disagree — is listed
whatever the length.
"""
from __future__ import annotations

from store import i18n
from store.forms.merge import FilePlan, MergePreview, RowPlan

_PREVIEW_NOTE = 60
SHORT = 40
"""A preview whose row lines fit in this many is shown whole without being asked."""
KINDS = ("states", "notes", "suggested", "doubtful", "unmatched", "undecided", "disputed", "overruled",
         "refused_rows", "skipped")
"""The kinds of change a file's summary counts, in the order it names them."""


def state_text(state, lang: str) -> str:
    if state is None:
        return ""
    word = i18n.state_word(state[0], lang)
    if state[1]:
        word = i18n.t("state.with_flag", lang, state=word, flag=i18n.t(f"flag.{state[1]}", lang))
    return word


def _short(text: str, limit: int = _PREVIEW_NOTE) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "⋯"


def reason_text(item: tuple[str, dict] | None, lang: str) -> str:
    if item is None:
        return ""
    code, params = item
    if code == "merge.needs_meta":
        params = dict(params, what="、".join(i18n.t(f"merge.what.{w}", lang) for w in params["what"].split("、")))
    return i18n.t(code, lang, **params)


def file_head(fp: FilePlan, lang: str) -> str:
    round_part = i18n.t("merge.round_part", lang, name=fp.round_name) if fp.round_name else ""
    head = i18n.t("merge.file_head", lang, file=fp.name, unit=fp.unit or "?", round=round_part,
                  filler=fp.filler or "-")
    if fp.reported_on:
        head += i18n.t(f"merge.day_from.{fp.reported_from}", lang, day=fp.reported_on)
    return head


def counts_text(counts: dict[str, int], lang: str) -> str:
    """A file's (or the merge's) rows by kind of change: only the kinds there are."""
    parts = [i18n.t(f"merge.kind.{k}", lang, n=counts[k]) for k in KINDS if counts.get(k)]
    if counts.get("disputes"):
        parts.append(i18n.t("merge.kind.disputes", lang, n=counts["disputes"]))
    if not parts:
        return i18n.t("merge.kind.nothing", lang, n=counts.get("unchanged", 0))
    sep = "，" if lang == "zh" else ", "
    return sep.join(parts)


def row_lines(r: RowPlan, lang: str) -> list[str]:
    """What one row would do: a line per state change, note, suggestion, conflict, overruled
    report or refusal, then its doubts and notices."""
    out: list[str] = []
    if r.status in ("refused", "unmatched"):
        out.append(i18n.t("merge.row_refused", lang, line=r.line, key=r.key or "-", why=reason_text(r.refusal, lang)))
        return out
    if r.held:
        said = _short(r.full_note) if r.full_note else (r.reported_word or "-")
        if r.reported_word and r.reported_word not in said:
            said = f"“{r.reported_word}”；{said}"
        out.append(i18n.t("merge.row_held", lang, task=r.label, line=r.line, said=said))
    elif r.status == "conflict":
        out.append(i18n.t("merge.row_conflict", lang, task=r.label, now=state_text(r.state_before, lang),
                          word=r.reported_word))
    elif r.suggested and not r.held:
        out.append(i18n.t("merge.row_suggest", lang, task=r.label, word=r.reported_word,
                          now=state_text(r.state_before, lang)))
    elif r.state_after is not None:
        line = i18n.t("merge.row_state", lang, task=r.label, before=state_text(r.state_before, lang),
                      after=state_text(r.state_after, lang))
        if r.via in ("revert", "pick"):
            line += i18n.t(f"merge.via.{r.via}", lang)
        out.append(line)
    if r.overruled is not None and not r.held:
        out.append(i18n.t("merge.row_overruled", lang, task=r.label, word=r.reported_word,
                          why=reason_text(r.overruled, lang)))
    if r.note and not r.held:
        out.append(i18n.t("merge.row_note", lang, task=r.label, text=_short(r.note)))
    if not out and (r.doubts or r.notices):
        out.append(i18n.t("merge.row_only", lang, task=r.label, line=r.line))
    for d in r.doubts:
        mark = i18n.t("merge.confirmed" if r.confirmed else
                      ("merge.held_one" if r.one_by_one else "merge.held"), lang)
        out.append(i18n.t("merge.row_doubt", lang, why=reason_text(d, lang)) + mark)
    for d in r.notices:
        out.append(i18n.t("merge.row_notice", lang, why=reason_text(d, lang)))
    return out


def _shown(r: RowPlan) -> bool:
    return not (r.status == "unchanged" and not r.doubts and not r.notices and r.overruled is None)


def dispute_line(d: dict, lang: str) -> str:
    reports = "；".join(f"{u}“{w}”" + (f"（{day}）" if day else "") for u, w, day, *_ in d["reports"])
    if not d["open"]:
        return i18n.t("merge.disagree", lang, task=d["label"], reports=reports)
    line = i18n.t("merge.dispute", lang, task=d["label"], reports=reports)
    pick = d.get("pick")
    if pick is None:
        return line + i18n.t("merge.dispute_kept", lang, state=state_text(d["kept"], lang))
    if pick == "ledger":
        return line + i18n.t("merge.dispute_ledger", lang)
    unit = next((u for u, _, _, uid in d["reports"] if uid == pick), "?")
    return line + i18n.t("merge.dispute_picked", lang, unit=unit)


def detail_count(preview: MergePreview) -> int:
    """How many row lines the preview has in all."""
    return sum(len(row_lines(r, "zh")) for f in preview.ready for r in f.rows if _shown(r))


def preview_lines(preview: MergePreview, lang: str = i18n.DEFAULT_LANG, *, details: bool | None = None) -> list[str]:
    """The preview in words: per file a line (whose, which round, which day, and its counts by
    kind of change), its warnings, then (with `details`, or when it all fits in `SHORT` lines) each
    row's lines; the disagreements; the total over several files."""
    if details is None:
        details = detail_count(preview) <= SHORT
    lines: list[str] = []
    for fp in preview.files:
        if fp.status == "duplicate":
            lines.append(i18n.t("merge.duplicate_file", lang, file=fp.name, why=reason_text(fp.reason, lang)))
            continue
        if fp.status != "ready":
            lines.append(i18n.t("merge.refused_file", lang, file=fp.name, why=reason_text(fp.reason, lang)))
            continue
        lines.append(file_head(fp, lang) + ("：" if lang == "zh" else ": ") + counts_text(fp.counts(), lang))
        for code, params in fp.warnings:
            lines.append("  " + i18n.t(code, lang, **params))
        if details:
            for r in fp.rows:
                if _shown(r):
                    lines += ["  " + x for x in row_lines(r, lang)]
    for d in preview.disagreements:
        if d["open"] or details:
            lines.append(dispute_line(d, lang))
    if len(preview.ready) > 1:
        lines.append(i18n.t("merge.total", lang, files=len(preview.ready),
                            counts=counts_text(preview.counts(), lang)))
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
        when = ""
        if x.reported_on:
            when = "  " + i18n.t("returns.reported_on", lang, day=x.reported_on)
        elif x.received_at:
            when = f"  {x.received_at[:16].replace('T', ' ')}"
        who = f"  {x.filler}" if x.filler else ""
        lines.append(f"  {i18n.t('returns.' + x.status, lang)}  {x.unit}{when}{who}{plan}")
    return lines
