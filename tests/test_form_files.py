"""The 反馈表 files: names every file system takes, unique and stable (issue 23 item 10, issue 20
item 6), and merged cells read back as Excel shows them (issue 20 item 4)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from conftest import TickingClock, make_draft
from store.atomic import MAX_NAME_BYTES, name_part
from store.drafts import PlanDraft, SectionDraft, TaskDraft
from store.forms import layout
from store.forms.merge import plan_merge
from store.forms.reader import read_form
from store.forms.sending import write_forms
from store.ledger import Ledger
from tests.helpers.forms import fill, header_map

STATE = layout.HEADERS["state"]
PROGRESS = layout.HEADERS["progress"]


def plan_with_units(title: str, *units: str, sha: str) -> PlanDraft:
    tasks = tuple(TaskDraft(no=str(i), text=f"任务{i}：公开规划纲要。", units=f"{u}牵头", lead=(u,))
                  for i, u in enumerate(units, 1))
    return PlanDraft(title=title, sections=(SectionDraft("一、", "总体要求", tasks=tasks),), sha256=sha)


@pytest.fixture
def led(tmp_path):
    with Ledger(tmp_path / "l.db", clock=TickingClock(), actor="t") as ledger:
        yield ledger


# ---- names (issue 23 item 10) ---------------------------------------------------------------


def test_unit_names_that_are_long_dots_or_unsafe_give_distinct_short_names(led, tmp_path):
    long_name = "某某省某某市某某区人民政府办公室" * 8  # 128 characters, 384 bytes in UTF-8
    units = (".", "..", long_name, long_name[:-1] + "甲", "A/B局", "A_B局", "CON", " 市财政局 ")
    plan_id = led.import_plan(plan_with_units("某市2021年政务公开工作要点分工方案", *units, sha="a")).plan_id
    r = led.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id])
    written = write_forms(led, tmp_path / "forms", round_=r)
    names = [w.path.name for w in written]
    assert len(written) == len(units) == len(set(n.casefold() for n in names))
    for w in written:
        assert w.path.is_file()
        assert len(w.path.name.encode("utf-8")) <= MAX_NAME_BYTES and len(w.path.name) <= 80
        stem = w.path.name.split("-")[0]
        assert stem not in (".", "..", "") and not stem.startswith(".")
        assert stem.split(".")[0].upper() != "CON"
    by_unit = {w.unit: w.path.name for w in written}
    assert by_unit["市财政局"].startswith("市财政局-")  # a plain name stays as it is
    assert by_unit["A_B局"].startswith("A_B局-") and by_unit["A/B局"].startswith("A_B局~")
    # The form inside carries the whole name.
    ws = load_workbook(next(w.path for w in written if w.unit == long_name))[layout.DATA_SHEET]
    assert any(c.value == long_name for row in ws.iter_rows(min_row=2, max_row=2) for c in row)


def test_a_folder_too_deep_for_windows_is_refused_before_any_form_is_written(led, tmp_path):
    plan_id = led.import_plan(plan_with_units("某市2021年政务公开工作要点分工方案", "市财政局", "市教育局", sha="a")).plan_id
    deep = tmp_path.joinpath(*["很长的文件夹名称" * 6] * 5, "反馈表")  # 250 characters of folders
    from store.errors import TaizhangError

    with pytest.raises(TaizhangError) as info:
        write_forms(led, deep, plan_ids=[plan_id])
    assert info.value.code == "forms.path_too_long"
    assert "路径太长" in info.value.message("zh")
    assert not deep.exists()


def test_name_part():
    assert name_part("市财政局") == "市财政局"
    assert name_part(".") != name_part("..") and name_part(".").startswith("~")
    assert name_part(".", fallback="单位").startswith("单位~")
    assert name_part("a" * 300, chars=40).startswith("a" * 33 + "~") and len(name_part("a" * 300, chars=40)) == 40
    assert len(name_part("𠀀" * 100, chars=40, max_bytes=90).encode("utf-8")) <= 90  # 4-byte characters
    assert name_part("NUL") == "_NUL~" + name_part("NUL").split("~")[1]
    assert name_part("x" * 50, chars=40) == name_part("x" * 50, chars=40)  # stable


# ---- unique and stable (issue 20 item 6) ---------------------------------------------------------


def test_plans_whose_titles_share_their_first_20_characters_get_their_own_files(led, tmp_path):
    shared = "某某市人民政府办公室关于印发某某市2021年"
    a = led.import_plan(plan_with_units(shared + "政务公开工作要点分工方案的通知", "市财政局", "市教育局", sha="a")).plan_id
    b = led.import_plan(plan_with_units(shared + "优化营商环境工作要点分工方案的通知", "市财政局", sha="b")).plan_id
    r = led.new_round("2021年第四季度", due="2021-12-31", plan_ids=[a, b])
    written = write_forms(led, tmp_path / "forms", round_=r)
    assert len(written) == 3 and len({w.path for w in written}) == 3
    first = {(w.plan_id, w.unit): w.path.name for w in written}
    # Stable: the same name whatever else is written, in a second run or for one unit alone.
    again = write_forms(led, tmp_path / "again", round_=r, units=["市财政局"])
    assert {(w.plan_id, w.unit): w.path.name for w in again} == {k: v for k, v in first.items() if k[1] == "市财政局"}
    forced = write_forms(led, tmp_path / "forms", round_=r, force=True)
    assert {(w.plan_id, w.unit): w.path.name for w in forced} == first
    # Each file merges back to its own plan.
    for w in written:
        assert read_form(w.path).meta["plan_id"] == str(w.plan_id)


# ---- merged cells (issue 20 item 4) ------------------------------------------------------------


@pytest.fixture
def health_form(led, tmp_path):
    """The store tests' plan, a round, and 市卫生健康局's form: its rows are tasks 1, 3 and 5."""
    plan_id = led.import_plan(make_draft()).plan_id
    r = led.new_round("2021年第四季度", due="2021-12-31", plan_ids=[plan_id])
    written = write_forms(led, tmp_path / "forms", round_=r)
    return next(w.path for w in written if w.unit == "市卫生健康局")


def test_a_state_typed_once_and_merged_down_reads_for_every_row(led, health_form):
    keys = {t.no: t.key for t in led.tasks()}

    def merge_state_cells(wb, ws):
        head, cols = header_map(ws)
        col = cols[STATE]
        first = head + 1
        ws.cell(first, col).value = "已完成"
        ws.merge_cells(start_row=first, start_column=col, end_row=first + 2, end_column=col)
        # the progress cells too, typed in the first row and merged over two
        pcol = cols[PROGRESS]
        ws.cell(first, pcol).value = "均已在门户网站公开。"
        ws.merge_cells(start_row=first, start_column=pcol, end_row=first + 1, end_column=pcol)

    path = fill(health_form, {}, edit=merge_state_cells)
    form = read_form(path)
    by_key = {row.text("key"): row for row in form.rows}
    assert [by_key[keys[n]].text("state") for n in ("1", "3", "5")] == ["已完成"] * 3
    assert [by_key[keys[n]].text("progress") for n in ("1", "3", "5")] == ["均已在门户网站公开。"] * 2 + [""]
    preview = plan_merge(led, [path])
    rows = {r.key: r for r in preview.files[0].rows}
    assert all(rows[keys[n]].reported == ("done", None) for n in ("1", "3", "5"))
    led.apply_merge(preview)
    assert led.task_by_key(keys["1"]).state == "done"  # the unit leads task 1


def test_merged_cells_of_an_ods_form_read_the_same(led, health_form, tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    keys = {t.no: t.key for t in led.tasks()}

    def merge_state_cells(wb, ws):
        head, cols = header_map(ws)
        ws.cell(head + 1, cols[STATE]).value = "已完成"
        ws.merge_cells(start_row=head + 1, start_column=cols[STATE], end_row=head + 3, end_column=cols[STATE])

    path = fill(health_form, {}, edit=merge_state_cells)
    out = tmp_path / "ods"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "ods", "--outdir", str(out), str(path)], capture_output=True, timeout=180)
    converted = out / (path.stem + ".ods")
    if not converted.is_file():
        pytest.skip("this LibreOffice made no .ods")
    by_key = {row.text("key"): row for row in read_form(converted).rows}
    assert [by_key[keys[n]].text("state") for n in ("1", "3", "5")] == ["已完成"] * 3
