"""A note between member rows that reads like a signature block ("người lập biểu…") is skipped as a
note once a full member row follows it (it used to stop the import with a TypeError)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from kh06_desktop.exchange.sheet_reader import read_member_workbook
from kh06_desktop.services.members.member_import import commit_import, prepare_import

NOTE = "Ghi chú: người lập biểu sẽ bổ sung"


def roster(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính"])
    sheet.append([1, "Nguyễn Văn An", "01/02/1990", "Nam"])
    sheet.append([None, NOTE, None, None])
    sheet.append([2, "Trần Thị Bình", "03/04/1991", "Nữ"])
    path = tmp_path / "ghi_chu.xlsx"
    book.save(path)
    return path


def test_note_row_before_a_member_row_is_skipped_as_a_note(tmp_path: Path) -> None:
    sheet = read_member_workbook(roster(tmp_path)).sheets[0]
    assert sheet.row_numbers == [2, 4]
    assert [(row.row_number, row.text, row.reason) for row in sheet.skipped] == [
        (3, NOTE, "Dòng ghi chú, không phải đoàn viên: bỏ qua")]


def test_roster_with_such_a_note_imports_both_members(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = prepare_import(db, unit.id, roster(tmp_path), today=dt.date(2025, 6, 15))
    assert plan.ok and plan.valid_count == 2
    assert [(w.row, w.message) for w in plan.warnings] == [(3, "Dòng ghi chú, không phải đoàn viên: bỏ qua")]
    assert commit_import(db, unit.id, plan).inserted == 2


def test_the_reader_hands_each_parsed_sheet_and_its_grid_to_keep(tmp_path: Path) -> None:
    """The command line keeps them to its end instead of freeing them as the read returns."""
    kept: list[object] = []
    sheet = read_member_workbook(roster(tmp_path), keep=kept.append).sheets[0]
    grids = [item for item in kept if isinstance(item, list)]
    assert len(kept) == 2 and len(grids) == 1
    assert len(grids[0]) >= len(sheet.row_numbers) and hasattr(kept[0], "to_python")
