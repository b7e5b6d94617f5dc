"""Roster, attendance sheets and the hardship list, read back from the PDFs."""

from __future__ import annotations

import re

import pytest

from kh06_desktop.domain.vntext import name_sort_key
from kh06_desktop.reports import ReportRequest, generate_report
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.reports.report_lists import attendance_data, hardship_list_data, roster_data
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database
from tests.reports.conftest import PERIOD, pdf_text, populate


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_roster_of_10000_members_has_headers_on_every_page(db: Database, unit: UnitInfo) -> None:
    populate(db, unit.id, members=10000)
    report = generate_report(db, unit.id, ReportRequest("roster", PERIOD))
    pages = [flat(p) for p in pdf_text(report.pdf)]
    assert len(pages) > 200
    assert "DANH SÁCH ĐOÀN VIÊN" in pages[0] and "Tổng số đoàn viên: 10.000 người" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert "Họ và tên" in page and "Ngày vào công đoàn" in page, number
        if number > 1:
            assert f"Trang {number}/{len(pages)}" in page
    assert "TM. BAN CHẤP HÀNH" in pages[-1]
    # Every member appears once: the last row number is 10.000.
    assert re.search(r"(?:^|\s)10\.000\s", pages[-1])


def test_roster_is_grouped_and_in_vietnamese_order(db: Database, unit: UnitInfo, populated: dict) -> None:
    data = roster_data(db, unit.id, PERIOD)
    assert sum(len(g.rows) for g in data.groups) == data.total == 120
    names = [g.name for g in data.groups]
    assert names[0] == "Đội Xe" and names[-1].startswith("Tổ")  # Đ after D, before P and T
    for group in data.groups:
        keys = [name_sort_key(r.full_name) for r in group.rows]
        assert keys == sorted(keys)
    chair = next(r for g in data.groups for r in g.rows if r.full_name == "Trần Văn Dũng")
    assert chair.roles == "Chủ tịch"
    text = flat(" ".join(pdf_text(generate_report(db, unit.id, ReportRequest("roster", PERIOD)).pdf)))
    assert f"Đội Xe ({len(data.groups[0].rows)} đoàn viên)" in text and "Trần Văn Dũng" in text
    assert f"Tổng cộng: 120 đoàn viên (nữ: {data.female} người) trong 9 tổ công đoàn." in text  # a total under it


def test_roster_leaves_personal_data_out(db: Database, unit: UnitInfo, populated: dict) -> None:
    data = roster_data(db, unit.id, PERIOD)
    row = data.groups[0].rows[0]
    assert len(row.birth_year) == 4  # the year only, no full date of birth, no citizen id or phone
    assert not hasattr(row, "citizen_id") and not hasattr(row, "phone")


def test_training_attendance_sheet(db: Database, unit: UnitInfo, populated: dict) -> None:
    report = generate_report(db, unit.id, ReportRequest("training", PERIOD, event_id=populated["training"]))
    text = flat(" ".join(pdf_text(report.pdf)))
    assert "DANH SÁCH THAM DỰ" in text
    assert "Lớp tập huấn: Tập huấn nghiệp vụ công tác công đoàn năm 2025" in text
    assert "10/04/2025 – 11/04/2025" in text and "Hội trường tầng 3" in text
    assert "Ký tên" in text and "Trần Văn Dũng" in text
    data = attendance_data(db, unit.id, PERIOD, "training", populated["training"])
    assert data.recorded and len(data.lines) == 7


def test_training_sheet_is_found_when_the_period_has_one(db: Database, unit: UnitInfo, populated: dict) -> None:
    data = attendance_data(db, unit.id, PERIOD, "training")
    assert data.title.startswith("Tập huấn nghiệp vụ")


def test_study_attendance_sheet_counts_non_members(db: Database, unit: UnitInfo, populated: dict) -> None:
    report = generate_report(db, unit.id, ReportRequest("study", PERIOD, event_id=populated["study"]))
    text = flat(" ".join(pdf_text(report.pdf)))
    assert "Học tập, quán triệt: Quán triệt Nghị quyết 02-NQ/TW và Bộ luật Lao động" in text
    assert ("Tổng số người tham dự: 66 người, gồm 60 đoàn viên có tên trong danh sách và 6 người lao động chưa "
            "là đoàn viên.") in text


def test_an_attendance_sheet_without_attendees_lists_who_is_expected(db: Database, unit: UnitInfo,
                                                                   populated: dict) -> None:
    import datetime as dt

    from kh06_desktop.services.activities.trainings import create_training

    new = create_training(db, unit.id, title="Tập huấn kỹ năng thương lượng", start_date=dt.date(2025, 9, 9))
    data = attendance_data(db, unit.id, PERIOD, "training", new)
    assert not data.recorded
    assert len(data.lines) == 7 + 9  # BCH (chair, vice chair, 5 members) and the 9 group leaders


def test_attendance_without_a_choice_lists_the_sessions(db: Database, unit: UnitInfo) -> None:
    with pytest.raises(InvalidInput, match="Kỳ này chưa có lớp tập huấn nào"):
        attendance_data(db, unit.id, PERIOD, "training")


def test_hardship_list_amounts_and_total(db: Database, unit: UnitInfo, populated: dict) -> None:
    data = hardship_list_data(db, unit.id, PERIOD)
    assert data.total_vnd == 2_500_000 and data.unsupported == 1 and len(data.lines) == 2
    text = flat(" ".join(pdf_text(generate_report(db, unit.id, ReportRequest("hardship", PERIOD)).pdf)))
    assert "THĂM HỎI, HỖ TRỢ" in text and "Tổng cộng" in text and "2.500.000" in text
    assert "Ốm đau dài ngày" not in text and "Chưa hỗ trợ" in text  # an illness is a health detail
    assert "bệnh án" not in text  # health details stay off paper
    assert "Gia đình gặp thiên tai" in text and "Hoàn cảnh khó khăn" in text
    assert "tổng số tiền 2.500.000 đ" in text


def test_hardship_list_prints_health_details_only_when_asked(db: Database, unit: UnitInfo, populated: dict) -> None:
    report = generate_report(db, unit.id, ReportRequest("hardship", PERIOD, with_health_details=True))
    text = flat(" ".join(pdf_text(report.pdf)))
    assert "Ốm đau dài ngày – bệnh án (nhạy cảm)" in text


def test_attendance_sheets_are_dated_on_the_session_with_birth_years_and_a_total(db: Database, unit: UnitInfo,
                                                                                  populated: dict) -> None:
    report = generate_report(db, unit.id, ReportRequest("training", PERIOD, event_id=populated["training"]))
    text = flat(" ".join(pdf_text(report.pdf)))
    assert "ngày 11 tháng 4 năm 2025" in text  # the training's last day, not the print day
    assert "Năm sinh" in text and "Tổng số người tham dự: 7 người." in text
    data = attendance_data(db, unit.id, PERIOD, "training", populated["training"])
    assert all(len(line.birth_year) == 4 for line in data.lines)
    keys = [name_sort_key(line.full_name) for line in data.lines]
    assert keys == sorted(keys)  # by given name, the Vietnamese way, not in the order added
