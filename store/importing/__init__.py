"""Readers of plan documents: each turns a file into a Document, one assembler builds the plan.

`read_plan(path)` is the one entry point: it picks the reader by the file's suffix, hashes the
bytes (the same file twice is skipped by the store) and returns a PlanDraft, or raises
ImportFailed naming the file and the place in it.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from store.errors import ImportFailed
from store.models import PlanDraft

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ""}


def read_plan(path: str | Path) -> list[PlanDraft]:
    """Read a plan file into drafts (a JSON export may hold several plans)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".json":
        from store.importing.json_reader import read_json

        return read_json(p)
    from store.importing.assembler import assemble
    from store.importing.text_reader import read_text_file

    if suffix not in TEXT_SUFFIXES and suffix not in (".htm", ".html"):
        # Unknown suffixes are tried as text: the reader refuses binary content clearly.
        pass
    doc, raw = read_text_file(p)
    draft = assemble(doc, source=p.name)
    return [replace(draft, sha256=hashlib.sha256(raw).hexdigest(), source=p.name)]


def read_plan_text(text: str, source: str = "plan.txt") -> PlanDraft:
    """Build a plan from text already in memory (tests, paste)."""
    from store.importing.assembler import assemble
    from store.importing.text_reader import read_text

    draft = assemble(read_text(text, source=source), source=source)
    return replace(draft, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), source=source)


__all__ = ["read_plan", "read_plan_text", "ImportFailed"]
