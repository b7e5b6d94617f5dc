"""The import report says which sheets of a workbook were read and which were skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from kh06_desktop.cli import main

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_dry_run_lists_sheets_read_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              suffix: str) -> None:
    db = tmp_path / "dv.db"
    assert main(["demo", "--db", str(db), "--members", "20", "--seed", "2"]) == 0
    capsys.readouterr()
    assert main(["import-members", "--db", str(db), "--dry-run", str(MESSY / f"nhieu_trang.{suffix}")]) == 0
    out = capsys.readouterr().out
    assert "Ghi chú: Đọc 2 trang có danh sách" in out
    assert "Bỏ qua trang «Hướng dẫn»" in out
    assert "được ghi vào tổ «Tổ Cơ khí» (tên trang)" in out
