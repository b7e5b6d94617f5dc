"""Attendance list from a spreadsheet: matched by citizen id or name + date of birth, the rest
reported with row numbers, never guessed."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from kh06_desktop.domain.enums import Gender
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import default_given_name
from kh06_desktop.services.activities import attendance_import, trainings
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.members.members import create_member

TODAY = dt.date(2025, 12, 15)


def add_member(db, unit, name, birth, cid=None):
    draft = MemberDraft(name, default_given_name(name), Gender.FEMALE, birth, cid, None, None, None,
                        dt.date(2020, 1, 1), None, None)
    return create_member(db, unit.id, draft, allow_duplicate=True)


def write_sheet(path, rows, header=("STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Bộ phận", "Ký tên")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐOÀN VIÊN DỰ TẬP HUẤN"])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_matches_by_id_and_by_name_birth_and_reports_the_rest(db, unit, tmp_path):
    hoa = add_member(db, unit, "Nguyễn Thị Hoa", dt.date(1988, 4, 2), "001188004321")
    lan = add_member(db, unit, "Lê Thị Lan", dt.date(1992, 7, 15))
    add_member(db, unit, "Trần Thị Mai", dt.date(1990, 1, 1))
    add_member(db, unit, "Trần Thị Mai", dt.date(1990, 1, 1))  # a true namesake: never guessed
    add_member(db, unit, "Phạm Thị Thu", dt.date(1985, 3, 3), "001185000111")
    path = write_sheet(tmp_path / "diem_danh.xlsx", [
        (1, "NGUYEN THI HOA", None, 1188004321, "Kho", ""),  # id stored as a number: zeros restored
        (2, "Lê Thị  Lan", dt.datetime(1992, 7, 15), None, "Văn phòng", ""),
        (3, "Trần Thị Mai", "01/01/1990", None, "", ""),
        (4, "Đỗ Văn Khánh", "05/05/1991", None, "", ""),
        (5, "Lê Thị Hằng", None, "001185000111", "", ""),  # Thu's id under another name
        (6, "Vũ Văn Nam", None, None, "", ""),
        (7, "Lê Thị Lan", "15/07/1992", None, "", ""),
        (8, "Hà Văn Tú", "31/02/1990", None, "", ""),
    ])
    preview = attendance_import.match_attendance(db, unit.id, path)
    assert [(m.row_number, m.member_id, m.matched_by) for m in preview.matched] == [
        (4, hoa, "Số CCCD"), (5, lan, "Họ tên và ngày sinh")]
    messages = [str(p) for p in preview.problems]
    assert messages == [
        "Dòng 6: Trần Thị Mai — có 2 đoàn viên cùng họ tên và ngày sinh 01/01/1990: hãy chọn tay",
        "Dòng 7: Đỗ Văn Khánh — không tìm thấy đoàn viên cùng họ tên, sinh ngày 05/05/1991",
        "Dòng 8: Lê Thị Hằng — số CCCD 001185000111 là của đoàn viên Phạm Thị Thu, khác họ tên trong danh sách",
        "Dòng 9: Vũ Văn Nam — thiếu ngày sinh và số CCCD để đối chiếu",
        "Dòng 10: Lê Thị Lan — trùng với dòng 5",
        "Dòng 11: Hà Văn Tú — ngày sinh không tồn tại: 31/02/1990",
    ]
    tid = trainings.create_training(db, unit.id, title="Tập huấn nghiệp vụ công tác công đoàn năm 2025",
                                    start_date="12/03/2025", today=TODAY)
    assert attendance_import.import_training_attendance(db, tid, preview) == 2
    assert attendance_import.import_training_attendance(db, tid, preview) == 0
    assert {a.member_id for a in trainings.list_attendees(db, tid)} == {hoa, lan}


def test_file_without_birth_or_id_column_is_refused(db, unit, tmp_path):
    path = write_sheet(tmp_path / "x.xlsx", [(1, "Nguyễn Thị Hoa", "Kho")], header=("STT", "Họ và tên", "Bộ phận"))
    with pytest.raises(InvalidInput, match="cần có cột «Ngày sinh» hoặc «Số CCCD»"):
        attendance_import.match_attendance(db, unit.id, path)


def test_not_a_spreadsheet(db, unit, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_text("không phải bảng tính")
    with pytest.raises(InvalidInput, match="không phải bảng tính"):
        attendance_import.match_attendance(db, unit.id, path)
