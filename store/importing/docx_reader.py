"""Word .docx → Document: paragraphs and tables in order, merges as spans, numbering as labels.

The package is opened with zipfile and only the parts read are unpacked (after store.limits has
measured them all, issue 23); python-docx's parser builds the XML. The table XML is walked here (`w:tr` → `w:tc`), because
`row.cells` raises on the irregular grids hand-edited government tables have and hides nested
tables. A row may start late (`w:gridBefore`), a cell may span columns (`w:gridSpan`, or the
legacy `w:hMerge`), and a cell may continue the one above (`<w:vMerge/>` or
`w:val="continue"`, which LibreOffice writes): that cell becomes the rowspan of the cell where
the merge starts. A continuation with nothing to continue is a cell of its own.

Word's automatic numbering ("1.", "（一）", an auto-numbered 序号 column) is not in the text:
`docx_numbering.Numbering` draws it, counting in document order with table cells included, and
the label goes to `Paragraph.label` / `Cell.label`. A label typed into the text as well is kept
once.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from store import limits
from store.errors import ImportFailed
from store.importing import labels as L
from store.importing.cleanup import is_blank, strip_control
from store.importing.document import NESTED_CELL_SEP, Cell, Document, Paragraph, Row, Table
from store.importing.docx_numbering import Numbering, W, w, wval
from store.importing.files import check_package, read_bytes
from store.drafts import ImportWarning

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

# Containers whose children are read as if they were in the parent (content controls, custom XML,
# tracked insertions and moves, smart tags, simple fields, hyperlinks).
_TRANSPARENT = {w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo"), w("smartTag"), w("fldSimple"),
                w("hyperlink"), w("dir"), w("bdo")}
# Never text: deleted or moved-away runs, field codes, properties, text boxes (drawn elsewhere).
_SKIP = {w("del"), w("moveFrom"), w("instrText"), w("delText"), w("pPr"), w("rPr"), w("sdtPr"), w("sdtEndPr"),
         w("txbxContent"), f"{{{MC}}}AlternateContent", w("drawing"), w("pict"), w("object"), w("footnoteReference"),
         w("endnoteReference"), w("commentReference")}
_OFF = ("0", "false", "off")


def read_docx(path: str | Path) -> tuple[Document, bytes]:
    """Read a .docx from disk; returns the document and the raw bytes (for the hash)."""
    p = Path(path)
    raw = read_bytes(p)
    return read_docx_bytes(raw, p.name), raw


def read_docx_bytes(raw: bytes, name: str) -> Document:
    check_package(raw, name, "import.bad_docx")
    try:
        # Only the parts read here are unpacked (the main document, its numbering and styles),
        # never the pictures: python-docx's Package.open would load every part into memory.
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            parts = _Parts(z)
            main = parts.main_document()
            parts.measure(main)
            root = _parse(parts.read(main))
            body = root.find(w("body"))
            if body is None:
                raise ValueError("the document has no body")
            numbering_el = styles_el = None
            for reltype, target in parts.rels(main):
                if reltype == _RT_NUMBERING and numbering_el is None:
                    parts.measure(target)
                    numbering_el = _parse(parts.read(target))
                elif reltype == _RT_STYLES and styles_el is None:
                    parts.measure(target)
                    styles_el = _parse(parts.read(target))
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    except ImportFailed:
        raise
    except Exception as exc:  # KeyError, ValueError, XML errors … on broken files
        raise ImportFailed(name, None, "import.bad_docx", detail=type(exc).__name__ + (f": {exc}" if str(exc) else "")) from exc
    reader = _Reader(Numbering(numbering_el, styles_el))
    doc = Document(source=name)
    try:
        doc.blocks = reader.body(body)
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    if reader.removed_controls:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    return doc


_RT_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                       "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class _Parts:
    """The parts of an OPC package by name (part names compare without case, as Office does)."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.names = {n.lower(): n for n in z.namelist()}
        self.elements = 0

    def measure(self, part: str) -> None:
        """Count the part's elements before it is parsed into a tree (the parts parsed together
        stay under store.limits.MAX_XML_ELEMENTS)."""
        with self.z.open(self.names[part.lower()]) as f:
            self.elements += limits.count_elements(f, limits.MAX_XML_ELEMENTS - self.elements)

    def read(self, part: str) -> bytes:
        return self.z.read(self.names[part.lower()])

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def rels(self, part: str) -> list[tuple[str, str]]:
        """(type, target part) of each internal relationship of `part` ("" for the package)."""
        folder, _, base = part.rpartition("/")
        rels_path = (f"{folder}/" if folder else "") + f"_rels/{base}.rels"
        if not self.has(rels_path):
            return []
        from lxml import etree

        root = etree.fromstring(self.read(rels_path), etree.XMLParser(resolve_entities=False, no_network=True))
        out = []
        for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = (rel.get("Target") or "").replace("\\", "/")
            path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            out.append((rel.get("Type") or "", path.lstrip("/")))
        return out

    def main_document(self) -> str:
        for reltype, target in self.rels(""):
            if reltype in _RT_OFFICE_DOCUMENT and self.has(target):
                return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise KeyError("the package has no main document part")


def _parse(blob: bytes):
    from docx.oxml.parser import parse_xml

    return parse_xml(blob)


def _children(el):
    """Child elements, looking through transparent containers (content controls, custom XML)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        if tag in (w("sdt"), w("sdtContent"), w("customXml")):
            yield from _children(child)
        elif tag in (w("sdtPr"), w("sdtEndPr"), w("customXmlPr")):
            continue
        else:
            yield child


def _on(el, tag: str) -> bool:
    """A toggle property (w:vanish, w:webHidden) that is set."""
    child = el.find(w(tag)) if el is not None else None
    return child is not None and wval(child) not in _OFF


class _Reader:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.tables = 0
        self.paragraphs = 0
        self.removed_controls = False
        self.counted = limits.RowCounter()
        """Paragraphs and table rows read, nested ones included: the read stops at the cap."""

    # ---- text
    def clean(self, text: str) -> str:
        cleaned, removed = strip_control(text)
        self.removed_controls = self.removed_controls or removed
        return cleaned

    def _run_text(self, el, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == w("t"):
                out.append(child.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                out.append("\t")
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) != "page":
                    out.append("\n")
            elif tag == w("noBreakHyphen"):
                out.append("-")
            elif tag == w("r"):
                rpr = child.find(w("rPr"))
                if _on(rpr, "vanish") or _on(rpr, "webHidden"):
                    continue
                self._run_text(child, out)
            elif tag in _TRANSPARENT or tag.startswith(f"{{{W}}}"):
                self._run_text(child, out)

    def paragraph(self, p) -> tuple[str | None, str]:
        """(label Word draws, text) of a w:p; the numbering counters advance here."""
        label = self.numbering.label(p)
        parts: list[str] = []
        self._run_text(p, parts)
        text = self.clean("".join(parts)).strip()
        if label:
            label = self.clean(label).strip() or None
        if label and _typed_too(label, text):
            label = None
        return label, text

    # ---- blocks
    def body(self, body) -> list:
        blocks: list = []
        for child in _children(body):
            if child.tag == w("p"):
                self.paragraphs += 1
                self.counted.add()
                label, text = self.paragraph(child)
                # An empty numbered paragraph still counts (Word draws and counts it) but says
                # nothing: only paragraphs with words become blocks.
                for i, line in enumerate(text.split("\n")):
                    if line.strip():
                        blocks.append(Paragraph(line.strip(), f"paragraph {self.paragraphs}", label if i == 0 else None))
            elif child.tag == w("tbl"):
                self.tables += 1
                blocks.append(self.table(child, f"table {self.tables}"))
        return blocks

    def table(self, tbl, origin: str) -> Table:
        # Pass 1: each row's cells with their grid column and span.
        raw_rows: list[list[dict]] = []
        for tr in _children(tbl):
            if tr.tag != w("tr"):
                continue
            self.counted.add()
            trpr = tr.find(w("trPr"))
            col = max(0, min(64, int(wval(trpr, "gridBefore") or 0))) if trpr is not None and _is_int(wval(trpr, "gridBefore")) else 0
            cells: list[dict] = []
            for tc in _children(tr):
                if tc.tag != w("tc"):
                    continue
                tcpr = tc.find(w("tcPr"))
                span = wval(tcpr, "gridSpan") if tcpr is not None else None
                span = max(1, min(64, int(span))) if _is_int(span) else 1
                vm = tcpr.find(w("vMerge")) if tcpr is not None else None
                vmerge = None if vm is None else (wval(vm) or "continue")
                hm = tcpr.find(w("hMerge")) if tcpr is not None else None
                hmerge = None if hm is None else (wval(hm) or "continue")
                if hmerge == "continue" and cells:
                    cells[-1]["span"] += span  # the legacy horizontal merge: part of the cell before
                    cells[-1]["extra"].append(tc)
                    col += span
                    continue
                cells.append({"col": col, "span": span, "tc": tc, "vmerge": vmerge, "extra": [], "rowspan": 1})
                col += span
            raw_rows.append(cells)
        # Pass 2: vertical merges become the rowspan of the cell where they start.
        active: dict[int, dict] = {}
        covered: list[set[int]] = []
        for r, cells in enumerate(raw_rows):
            now: dict[int, dict] = {}
            taken: set[int] = set()
            for c in cells:
                start = active.get(c["col"])
                if c["vmerge"] == "continue" and start is not None and start["span"] == c["span"]:
                    start["rowspan"] += 1
                    c["covered"] = True
                    now[c["col"]] = start
                    taken.update(range(c["col"], c["col"] + c["span"]))
                else:
                    c["covered"] = False
                    if c["vmerge"] is not None:
                        now[c["col"]] = c
            active = now
            covered.append(taken)
        # Pass 3: the cells' content (in document order, so numbering counts as Word does), and
        # rows in HTML order: a cell once, where it starts; gaps (gridBefore) as empty cells.
        rows: list[Row] = []
        for r, cells in enumerate(raw_rows):
            row_origin = f"{origin} row {r + 1}"
            content = {id(c): self.cell(c, row_origin) for c in cells}
            out: list[Cell] = []
            pos = 0
            for c in cells:
                if c["covered"]:
                    pos = max(pos, c["col"] + c["span"])
                    continue
                # One empty cell per free slot before this one (the slots between are covered
                # from above, and the grid skips them as HTML does).
                out.extend(Cell("") for x in range(pos, c["col"]) if x not in covered[r])
                label, text, blocks = content[id(c)]
                out.append(Cell(text, rowspan=c["rowspan"], colspan=c["span"], label=label, blocks=blocks))
                pos = c["col"] + c["span"]
            rows.append(Row(tuple(out), row_origin))
        return Table(tuple(rows), origin)

    def cell(self, c: dict, origin: str) -> tuple[str | None, str, tuple]:
        """(label of the first paragraph, text, nested blocks) of a w:tc (and its merged parts)."""
        lines: list[str] = []
        first_label: str | None = None
        blocks: list = []
        nested = 0
        has_table = False
        for tc in [c["tc"], *c["extra"]]:
            for child in _children(tc):
                if child.tag == w("p"):
                    label, text = self.paragraph(child)
                    if not text and not label:
                        continue
                    if not lines and not has_table:
                        first_label = label
                        lines.append(text)
                    else:
                        lines.append(_with_label(label, text))
                    blocks.append(Paragraph(text, origin, label))
                elif child.tag == w("tbl"):
                    nested += 1
                    has_table = True
                    table = self.table(child, f"{origin} / table {nested}")
                    blocks.append(table)
                    for row in table.rows:
                        texts = [_with_label(x.label, x.text).replace("\n", " ") for x in row.cells]
                        line = NESTED_CELL_SEP.join(t for t in texts if not is_blank(t))
                        if line:
                            lines.append(line)
        return first_label, "\n".join(lines), tuple(blocks) if has_table else ()


def _is_int(value: str | None) -> bool:
    return value is not None and value.strip().lstrip("-").isdigit()


def _with_label(label: str | None, text: str) -> str:
    if not label:
        return text
    if not text:
        return label
    return label + ("" if label[-1] in "、.．）)]】:：" else " ") + text


def _typed_too(label: str, text: str) -> bool:
    """The number is typed into the text as well as drawn by Word: keep it once."""
    if not text:
        return False
    compact_label, compact = label.replace(" ", ""), text.replace(" ", "")
    if compact.startswith(compact_label) and not compact[len(compact_label):][:1].isdigit():
        return True
    drawn = L.parse_label(label + "\u4e00")
    typed = L.parse_label(text)
    if drawn is None or typed is None:
        drawn = drawn or L.parse_bare_number(label)
        typed = typed or L.parse_bare_number(text)
    return bool(drawn and typed and drawn.ordinal == typed.ordinal and L.same_family(drawn.style, typed.style))
