"""Make a large, realistic ledger for trying the UI and timing it.

    python bench/make_ledger.py OUT.db [--tasks 100000] [--seed 1] [--force]
    python bench/make_ledger.py --text OUT.txt [--tasks 10000] [--seed 1] [--force]

Deterministic for a given seed and size: the same file content every time (fixed clock
2021-10-15 10:00 +08:00). Plans of about 2,000 tasks each, three levels (section, subsection,
tasks), task text recombined from the sentences of the sample plans under `samples/`, units
from a pool of real-looking names (with catch-alls such as 市直各单位), time limits with due
dates from 2021 to 2022, mixed states (some 滞后), and notes on a fifth of the tasks.

It writes through `Ledger.import_plan`, one plan per transaction, exactly as an import would,
so the search tables and pinyin initials are the real thing: 100,000 tasks take half a minute
or so. `cached(tasks)` keeps each ledger under `bench/cache/` (gitignored), named by size, seed
and generator version (a hash of this file and the schema version), so a benchmark builds it
once. `plan_text(tasks)` renders one plan as the tab-separated text a clerk pastes, for timing
the importer.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import schema  # noqa: E402
from store.ledger import Ledger  # noqa: E402
from store.drafts import NoteDraft, PlanDraft, SectionDraft, TaskDraft  # noqa: E402

CACHE = ROOT / "bench" / "cache"
CST = timezone(timedelta(hours=8))
START = datetime(2021, 10, 15, 10, 0, 0, tzinfo=CST)

TASKS_PER_PLAN = 2000
TOP_SECTIONS = 8
SUBSECTIONS = 5

CITIES = ["珠海", "河源", "韶关", "江门", "湛江", "茂名", "肇庆", "梅州", "汕尾", "阳江", "清远", "潮州"]
LEAD_UNITS = [
    "市政府办公室", "市发展改革委", "市教育局", "市科技局", "市工业和信息化局", "市公安局",
    "市民政局", "市司法局", "市财政局", "市人力资源社会保障局", "市自然资源局", "市生态环境局",
    "市住房城乡建设局", "市交通运输局", "市水务局", "市农业农村局", "市商务局", "市文化广电旅游体育局",
    "市卫生健康局", "市应急管理局", "市审计局", "市市场监管局", "市统计局", "市医保局",
    "市政务服务数据管理局", "市信访局", "市税务局", "市融媒体中心", "市档案馆", "市12345热线办",
]
CATCH_ALLS = ["各县（区）人民政府", "市直各单位", "各单位", "市府直属各部门"]
TIME_LIMITS = [
    ("2021年底前", "year_end", "2021-12-31"),
    ("全年工作", "year_end", "2021-12-31"),
    ("持续推进", "continuous", None),
    ("长期坚持", "continuous", None),
    ("每月25日前", "recurring", None),
]
STATES = ["todo"] * 50 + ["doing"] * 20 + ["done"] * 25 + ["na"] * 5
AUTHORS = ["张三", "李四", "王五", "赵敏", "陈静", "刘洋", "黄丽", "周强"]
NOTE_OPENINGS = ["已完成", "已召开专题会议研究", "正在推进", "已报送材料", "已印发通知", "已在门户网站公开",
                 "已组织培训", "已部署落实", "已开展自查", "按序时推进"]


def sentences() -> list[str]:
    """The sentences of the sample plans, cleaned: 12-90 characters, no numbering, no tags."""
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = re.sub(r"<[^>]+>", "\n", path.read_text(encoding="utf-8"))
        for part in re.split(r"[。；;\n\t]", text):
            part = re.sub(r"^[\s（(]*[0-9一二三四五六七八九十]+[)）.．、]\s*", "", part.strip())
            part = re.sub(r"\s+", "", part)
            han = len(re.findall(r"[\u4e00-\u9fff]", part))
            if 12 <= len(part) <= 90 and han >= 10 and part not in seen:
                seen.add(part)
                out.append(part)
    if not out:
        raise SystemExit("no sentences found under samples/")
    return out


def headings(pool: list[str], rng: random.Random) -> list[str]:
    """Short titles: the first clause of a sentence, 6-22 characters."""
    out = []
    for s in pool:
        head = re.split(r"[，,：:]", s)[0]
        if 6 <= len(head) <= 22:
            out.append(head)
    rng.shuffle(out)
    return out or ["做好政务公开工作"]


class Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.pool = sentences()
        self.titles = headings(self.pool, self.rng)
        self.title_i = 0

    def title(self) -> str:
        t = self.titles[self.title_i % len(self.titles)]
        self.title_i += 1
        return t

    def text(self) -> str:
        rng = self.rng
        n = rng.choice((1, 1, 2, 2, 3))
        return "，".join(rng.choice(self.pool) for _ in range(n)) + "。"

    def due(self) -> tuple[str, str, str | None]:
        rng = self.rng
        if rng.random() < 0.35:
            return rng.choice(TIME_LIMITS)
        day = date(2021, 3, 1) + timedelta(days=rng.randrange(0, 540))
        if rng.random() < 0.5:  # end of a month
            nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            day = nxt - timedelta(days=1)
            return f"{day.year}年{day.month}月底前", "date", day.isoformat()
        return f"{day.year}年{day.month}月{day.day}日前", "date", day.isoformat()

    def task(self, no: int) -> TaskDraft:
        rng = self.rng
        lead = tuple(rng.sample(LEAD_UNITS, rng.choice((1, 1, 1, 2))))
        support = tuple(u for u in rng.sample(LEAD_UNITS, rng.choice((0, 1, 2, 3))) if u not in lead)
        responsible: tuple[str, ...] = ()
        units = "、".join(lead) + "牵头"
        if support:
            units += "，" + "、".join(support) + "配合"
        if rng.random() < 0.25:
            catch = rng.choice(CATCH_ALLS)
            if rng.random() < 0.5:
                lead, support, responsible = (), support, (catch,)
                units = catch + ("；" + "、".join(support) + "配合" if support else "")
            else:
                support = support + (catch,)
                units += "，" + catch + "按职责分工落实"
        limit, kind, due = self.due()
        state = rng.choice(STATES)
        flag = "滞后" if state == "doing" and rng.random() < 0.2 else None
        notes: tuple[NoteDraft, ...] = ()
        if rng.random() < 0.2:
            notes = tuple(
                NoteDraft(
                    f"{rng.choice(NOTE_OPENINGS)}：{rng.choice(self.pool)}。",
                    at=(START - timedelta(days=rng.randrange(1, 200), minutes=rng.randrange(600))).isoformat(),
                    author=rng.choice(AUTHORS),
                    unit=(lead or support or responsible or ("市政府办公室",))[0],
                    source="ui",
                )
                for _ in range(rng.choice((1, 1, 2, 3)))
            )
        return TaskDraft(
            no=str(no), text=self.text(), units=units, lead=lead, support=support,
            responsible=responsible, time_limit=limit, time_limit_kind=kind, due=due,
            state=state, flag=flag, notes=notes,
        )

    def plan(self, index: int, tasks: int) -> PlanDraft:
        rng = self.rng
        city = CITIES[index % len(CITIES)]
        year = 2021 + (index // len(CITIES)) % 2
        per_sub = max(1, tasks // (TOP_SECTIONS * SUBSECTIONS))
        left = tasks
        no = 0
        tops = []
        for i in range(TOP_SECTIONS):
            subs = []
            for j in range(SUBSECTIONS):
                last = i == TOP_SECTIONS - 1 and j == SUBSECTIONS - 1
                count = left if last else min(left, max(1, per_sub + rng.randrange(-per_sub // 3, per_sub // 3 + 1)))
                left -= count
                items = []
                for _ in range(count):
                    no += 1
                    items.append(self.task(no))
                subs.append(SectionDraft(f"（{_cn(j + 1)}）", self.title(), tasks=tuple(items)))
            tops.append(SectionDraft(f"{_cn(i + 1)}、", self.title(), sections=tuple(subs)))
        return PlanDraft(
            title=f"{city}市贯彻落实{year}年政务公开工作要点分工方案（第{index + 1}号）",
            sections=tuple(tops),
            issuer=f"{city}市人民政府办公室",
            doc_no=f"{city[0]}府办〔{year}〕{index + 1}号",
            issued=f"{year}-05-10",
            year=year,
            source=f"bench-{index + 1:03d}.txt",
            sha256=f"bench-{index:06d}-{tasks}",
        )


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def make(out: Path, tasks: int, seed: int = 1) -> None:
    maker = Maker(seed)
    plans = max(1, round(tasks / TASKS_PER_PLAN))
    sizes = [tasks // plans + (1 if i < tasks % plans else 0) for i in range(plans)]
    with Ledger(out, clock=lambda: START, actor="bench") as ledger:
        for i, size in enumerate(sizes):
            ledger.import_plan(maker.plan(i, size))
        ledger.checkpoint()


def version() -> str:
    """The generator's version: this file's content and the schema version, hashed."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"schema {schema.SCHEMA_VERSION}".encode())
    return digest.hexdigest()[:10]


def cached(tasks: int, seed: int = 1, cache: Path = CACHE) -> tuple[Path, float | None]:
    """The ledger of this size and seed from the cache, built there first when missing.

    Returns the path and the seconds the build took (None when it was cached). It is built in
    a folder of its own (the import's backup lands there, not beside the cache) and moved into
    place when complete, so an interrupted build leaves nothing half-made.
    """
    path = cache / f"ledger-{tasks}-seed{seed}-{version()}.db"
    if path.exists():
        return path, None
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=cache, prefix="build-") as tmp:
        db = Path(tmp) / "ledger.db"
        make(db, tasks, seed)
        os.replace(db, path)
    return path, time.perf_counter() - t0


def plan_text(tasks: int, seed: int = 1) -> str:
    """One plan of `tasks` tasks as tab-separated text, laid out as the samples are: 文号 and
    title, a header row, a row per heading (一、 and （一）, in the 工作任务 column) and one per
    task (序号, 工作任务, 责任单位, 完成时限). It reads back as the generator's plan."""
    draft = Maker(seed).plan(0, tasks)
    title = re.sub(r"（第\d+号）$", "", draft.title or "")  # titles end 分工方案
    lines = [draft.doc_no or "", "", title, "", "序号\t工作任务\t责任单位\t完成时限"]

    def walk(sections) -> None:
        for s in sections:
            lines.append(f"\t{s.label}{s.title}")
            for t in s.tasks:
                lines.append(f"{t.no}\t{t.text}\t{t.units}\t{t.time_limit or ''}")
            walk(s.sections)

    walk(draft.sections)
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--tasks", type=int, default=None, help="100,000 for a ledger, 10,000 for --text")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text", action="store_true", help="write one plan as text instead of a ledger")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args()
    tasks = args.tasks or (10_000 if args.text else 100_000)
    if args.out.exists():
        if not args.force:
            raise SystemExit(f"{args.out} exists (add --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.out) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    if args.text:
        args.out.write_text(plan_text(tasks, args.seed), encoding="utf-8")
    else:
        make(args.out, tasks, args.seed)
    print(f"{args.out}: {tasks} tasks in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
