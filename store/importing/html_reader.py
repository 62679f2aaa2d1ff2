"""A web page saved from a government site (.html/.htm, or an ".xls" that is really HTML) → Document.

The page's `<title>` (without the site's name after "_" or " - ") and the text before the table
(headline, 文号, date, the covering notice) become paragraphs, the `<table>` with its
`rowspan`/`colspan` becomes a Table, tables nested in cells stay in their cell. Scripts, styles,
forms and hidden elements are not text. The page is decoded from its BOM, its declared charset
(GB2312 read as GB18030, which contains it), else UTF-8, else GB18030.
"""
from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from store import limits
from store.errors import ImportFailed
from store.textclean import strip_control
from store.textrules import is_blank
from store.importing.document import NESTED_CELL_SEP, Cell, Document, Paragraph, Row, Table
from store.importing.files import read_bytes
from store.drafts import ImportWarning

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".jsp", ".asp", ".aspx", ".php"}

_SKIP = {"script", "style", "noscript", "template", "head", "nav", "select", "option", "button", "iframe",
         "object", "embed", "svg", "canvas", "input", "textarea", "map", "audio", "video", "math", "frameset",
         "frame"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "main", "header", "footer", "aside", "center", "blockquote", "pre", "address", "figure",
          "figcaption", "form", "fieldset", "legend", "hr", "caption", "body", "html", "details", "summary"}
_WS = re.compile(r"[ \t\r\n\f]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SITE_SEP = re.compile(r"\s*(?:_|｜|\||\s[-–—－]\s|——)\s*")
# Where am I on the site: "首页 > 政务公开 > 政策文件", "当前位置：…".
_CRUMBS = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置)|^[^>＞»›]{1,16}(?:\s*[>＞»›]\s*[^>＞»›]{1,16}){1,}$")
_LINK = "\x00"  # marks link text in the buffer (never in a page: control characters are removed)


def read_html(path: str | Path) -> tuple[Document, bytes]:
    p = Path(path)
    raw = read_bytes(p)
    return read_html_bytes(raw, p.name), raw


def decode_html(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    m = _CHARSET.search(raw[:8192])
    if m:
        declared = m.group(1).decode("ascii", errors="ignore").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "x-euc-cn", "euc-cn"):
            declared = "gb18030"
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = ""
        if declared:
            try:
                return raw.decode(declared)
            except UnicodeDecodeError:
                pass
    for candidate in ("utf-8", "gb18030"):
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def read_html_bytes(raw: bytes, name: str) -> Document:
    try:
        import lxml.html
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - lxml comes with python-docx
        raise ImportFailed(name, None, "import.bad_html", detail="lxml is not installed") from exc
    # A page is parsed whole into a tree: its size and elements are capped first (issue 23).
    if len(raw) > limits.MAX_HTML_BYTES:
        raise ImportFailed(name, None, "import.too_large", size=round(len(raw) / 1048576, 1),
                           limit=limits.MAX_HTML_BYTES // 1048576)
    try:
        limits.count_elements(io.BytesIO(raw))
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    text = decode_html(raw)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ImportFailed(name, None, "import.bad_html", detail=str(exc) or type(exc).__name__) from exc
    walker = _Walker()
    doc = Document(source=name)
    title = root.find(".//title")
    if title is not None:
        t = _page_title(title.text_content())
        if t:
            doc.blocks.append(Paragraph(walker.clean(t), "title"))
    body = root.find("body")
    walker.walk(body if body is not None else root, doc.blocks)
    walker.flush(doc.blocks)
    try:
        limits.RowCounter().add(sum(len(b.rows) if isinstance(b, Table) else 1 for b in doc.blocks))
    except limits.LimitExceeded as exc:
        raise ImportFailed(name, None, exc.code, **exc.params) from exc
    if walker.removed_controls:
        doc.warnings.append(ImportWarning("", "warn.control_chars"))
    return doc


def _page_title(text: str) -> str:
    """The article's title, without the site's name that follows it ("…分工方案_某市人民政府网")."""
    flat = _WS.sub(" ", text).strip()
    parts = [p for p in _SITE_SEP.split(flat) if p.strip()]
    return parts[0].strip() if parts else ""


def _tag(el) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # a comment or a processing instruction
    return tag.lower().split("}")[-1]


def _hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style") or ""))


def _span(value: str | None, default: int = 1) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    if not m:
        return default
    return int(m.group(1))


class _Walker:
    def __init__(self):
        self.buf: list[str] = []
        self.paragraphs = 0
        self.tables = 0
        self.removed_controls = False

    def clean(self, text: str) -> str:
        cleaned, removed = strip_control(text)
        self.removed_controls = self.removed_controls or removed
        return cleaned

    # ---- the page's blocks
    def flush(self, blocks: list, page: bool = True) -> None:
        text = "".join(self.buf)
        self.buf = []
        for line in text.split("\n"):
            # A line that is only links (a menu) or a trail of where the page sits on the site
            # is the site's, not the document's.
            words = re.sub(r"\s+", "", line.replace(_LINK, ""))
            outside = re.sub(r"\s+", "", "".join(line.split(_LINK)[0::2]))
            line = self.clean(line.replace(_LINK, "")).strip()
            if is_blank(line) or (page and ((words and not outside) or _CRUMBS.match(line))):
                continue
            self.paragraphs += 1
            blocks.append(Paragraph(line, f"paragraph {self.paragraphs}"))

    def walk(self, el, blocks: list, pre: bool = False) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP or _hidden(el):
            return
        if tag == "table":
            self.flush(blocks)
            self.tables += 1
            caption = el.find("caption")
            if caption is not None:
                text = self.clean(_WS.sub(" ", caption.text_content())).strip()
                if text:
                    self.paragraphs += 1
                    blocks.append(Paragraph(text, f"paragraph {self.paragraphs}"))
            blocks.append(self.table(el, f"table {self.tables}"))
            return
        if tag == "br":
            self.buf.append("\n")
            return
        block = tag in _BLOCK or tag in ("tr", "td", "th")
        if block:
            self.buf.append("\n")
        pre = pre or tag == "pre"
        if tag == "a":
            self.buf.append(_LINK)
        if el.text:
            self.buf.append(el.text if pre else _WS.sub(" ", el.text))
        for child in el:
            self.walk(child, blocks, pre)
            if child.tail:
                self.buf.append(child.tail if pre else _WS.sub(" ", child.tail))
        if tag == "a":
            self.buf.append(_LINK)
        if block:
            self.buf.append("\n")

    # ---- tables
    def table(self, el, origin: str) -> Table:
        rows: list[Row] = []
        for tr in _rows(el):
            cells = []
            for td in tr:
                if _tag(td) not in ("td", "th") or _hidden(td):
                    continue
                rowspan = _span(td.get("rowspan"))
                cells.append((td, 10_000 if rowspan == 0 else max(1, rowspan), max(1, _span(td.get("colspan")))))
            n = len(rows) + 1
            row_origin = f"{origin} row {n}"
            rows.append(Row(tuple(self.cell(td, rs, cs, row_origin) for td, rs, cs in cells), row_origin))
        return Table(tuple(rows), origin)

    def cell(self, td, rowspan: int, colspan: int, origin: str) -> Cell:
        inner = _Walker()
        inner.tables = 0
        blocks: list = []
        inner_has_table = False

        def visit(el, pre=False):
            nonlocal inner_has_table
            tag = _tag(el)
            if tag is None or tag in _SKIP or _hidden(el):
                return
            if tag == "table":
                inner.flush(blocks, page=False)
                inner.tables += 1
                inner_has_table = True
                blocks.append(inner.table(el, f"{origin} / table {inner.tables}"))
                return
            if tag == "br":
                inner.buf.append("\n")
                return
            block = tag in _BLOCK
            if block:
                inner.buf.append("\n")
            pre = pre or tag == "pre"
            if el.text:
                inner.buf.append(el.text if pre else _WS.sub(" ", el.text))
            for child in el:
                visit(child, pre)
                if child.tail:
                    inner.buf.append(child.tail if pre else _WS.sub(" ", child.tail))
            if block:
                inner.buf.append("\n")

        if td.text:
            inner.buf.append(_WS.sub(" ", td.text))
        for child in td:
            visit(child)
            if child.tail:
                inner.buf.append(_WS.sub(" ", child.tail))
        inner.flush(blocks, page=False)
        self.removed_controls = self.removed_controls or inner.removed_controls
        blocks = [b if isinstance(b, Table) else Paragraph(b.text, origin) for b in blocks]
        lines: list[str] = []
        for b in blocks:
            if isinstance(b, Table):
                for row in b.rows:
                    line = NESTED_CELL_SEP.join(c.text.replace("\n", " ") for c in row.cells if not is_blank(c.text))
                    if line:
                        lines.append(line)
            else:
                lines.append(b.text)
        return Cell("\n".join(lines), rowspan=rowspan, colspan=colspan, blocks=tuple(blocks) if inner_has_table else ())


def _rows(table):
    """The table's own rows (in thead, tbody, tfoot or directly), never a nested table's."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _tag(tr) == "tr":
                    yield tr


def read_mht_bytes(raw: bytes, name: str) -> bytes:
    """The page inside a web page saved as one file (.mht, MIME multipart): its first text/html part."""
    import email
    from email import policy

    try:
        message = email.message_from_bytes(raw, policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                body = part.get_payload(decode=True) or b""
                charset = part.get_content_charset()
                if charset and b"charset" not in body[:2048].lower():
                    body = f'<meta charset="{charset}">'.encode("ascii") + body
                return body
    except (ValueError, LookupError, TypeError) as exc:
        raise ImportFailed(name, None, "import.bad_html", detail=str(exc)[:100]) from exc
    raise ImportFailed(name, None, "import.bad_html", detail="no web page inside the .mht file")
