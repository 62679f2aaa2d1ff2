"""The plan's own particulars from the paragraphs around its table: title, 文号, date, issuer, year.

The plan's title is its own (…分工方案), not the covering notice's (关于印发…的通知); a title
wrapped over lines is joined. Without a title the year is the one the plan's deadlines and
headings name most often, not that of a document it cites (〔2018〕).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from store.textrules import clean_title, squeeze, strip_tags

DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*\d{1,4}\s*号")
DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
TITLE_END = re.compile(r"(方案|要点|清单|计划|安排|台账|意见|办法|细则|分解|分工|任务表|分解表|分工表|责任表|一览表|推进表)$")
_NOTICE = re.compile(r"关于印发(.+?)的通知")
_YEAR = re.compile(r"(?<![〔\[［(（【\d])((?:19|20)\d{2})\s*年")
_BOILERPLATE = re.compile(r"[>＞»›]|^[【\[]|[】\]]$|^(?:当前位置|您的位置|发布时间|发布日期|来源|浏览次数|字号|字体)[：:]")
_CLOSING = re.compile(r"^(公开方式|抄送|主送|附件|印发|联系人|联系电话|发送)[:：]")
# A signature with the date it was issued or printed: "区政府办公室 2024年3月1日印发".
_SIGNED = re.compile(r"^\S{2,40}?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|印|发)?$")


@dataclass
class Meta:
    title: str | None = None
    doc_no: str | None = None
    issued: str | None = None
    issuer: str | None = None


def is_meta_line(text: str) -> bool:
    """A line that is the document's particulars, not part of any task."""
    line = squeeze(strip_tags(text))
    return bool(
        DATE_LINE.match(line.replace(" ", ""))
        or DATE_LINE.match(re.sub(r"印$|印发$", "", line.replace(" ", "")))
        or _CLOSING.match(line)
        or _SIGNED.match(line)
        or (DOC_NO.fullmatch(line.replace(" ", "")) is not None)
    )


def read_meta(lines: list[str]) -> Meta:
    """Read the particulars from the paragraphs before (and after) the plan's body."""
    meta = Meta()
    flat = [squeeze(strip_tags(x).replace("\n", " ")) for x in lines]
    flat = [x for x in flat if x]
    title_run: list[str] = []
    best_title: str | None = None
    notice_title: str | None = None
    signature: str | None = None
    for i, line in enumerate(flat):
        compact = line.replace(" ", "")
        m = DOC_NO.search(compact)
        if m and len(compact) <= 30 and meta.doc_no is None:
            meta.doc_no = m.group(0)
            title_run = []
            continue
        d = DATE_LINE.match(re.sub(r"(印发|印)$", "", compact))
        if d:
            if meta.issued is None:
                y, mo, da = (int(g) for g in d.groups())
                meta.issued = f"{y:04d}-{mo:02d}-{da:02d}"
                if i > 0 and signature is None and _looks_like_issuer(flat[i - 1]):
                    signature = flat[i - 1].replace(" ", "")
            title_run = []
            continue
        if compact.endswith("文件") and len(compact) <= 40 and meta.issuer is None and _looks_like_issuer(compact[:-2]):
            meta.issuer = compact[: -len("文件")]
            title_run = []
            continue
        if _BOILERPLATE.search(compact) or len(compact) <= 4:
            title_run = []  # a web page's breadcrumbs and buttons (首页 > 政务公开, 【打印】, 字号：大 中 小)
            continue
        n = _NOTICE.search(compact)
        if n:
            notice_title = clean_title(n.group(1))
            title_run = []
            continue
        if compact.endswith(("：", ":")) or compact.endswith(("。", "！", "；")) or len(compact) > 80:
            title_run = []
            continue
        title_run.append(line)
        if TITLE_END.search(compact):
            best_title = clean_title("".join(title_run))
            title_run = []
    meta.title = best_title or notice_title
    if meta.issuer is None and signature:
        meta.issuer = signature
    return meta


def _looks_like_issuer(line: str) -> bool:
    compact = line.replace(" ", "")
    return 2 < len(compact) <= 40 and compact.endswith(("办公室", "政府", "委员会", "局", "厅", "办", "委", "部", "中心", "管委会", "院"))


def year_of(title: str | None, texts: list[str], issued: str | None) -> int | None:
    """The plan's year: from its title, else the year its text names most, else the issue date's."""
    if title:
        m = _YEAR.search(title.replace(" ", ""))
        if m:
            return int(m.group(1))
    counts: Counter[int] = Counter()
    for text in texts:
        for m in _YEAR.finditer(text.replace(" ", "")):
            counts[int(m.group(1))] += 1
    if counts:
        top = max(counts.values())
        return max(y for y, c in counts.items() if c == top)
    if issued:
        return int(issued[:4])
    return None
