"""Reports and forms are written whole, with the user's usual permissions."""
from __future__ import annotations

import os

import pytest

from store.atomic import safe_filename, write_atomically


def test_writes_text_as_utf8_and_replaces_whole(tmp_path):
    target = tmp_path / "报表" / "台账.csv"
    write_atomically(target, "序号,工作任务\n")
    write_atomically(target, "第二版")
    assert target.read_text(encoding="utf-8") == "第二版"
    assert [p.name for p in target.parent.iterdir()] == ["台账.csv"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, 12345)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_file_gets_the_users_umask_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "r.html", "<p>")
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644


def test_safe_filename():
    assert safe_filename('关于"A/B"方案:\t2021') == "关于_A_B_方案__2021"
    assert safe_filename(" . ") == "taizhang"
    assert len(safe_filename("长" * 100)) == 60
