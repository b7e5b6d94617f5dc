"""The period report's content: assessment and direction, gap annex, wording shared with the dashboard."""

from __future__ import annotations

import re

from kh06_desktop.cli import main as kh06
from kh06_desktop.reports import ReportRequest, generate_report
from kh06_desktop.services.periods.period_close import ReportDetails, get_period_state, save_report_details
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database
from tests.reports.conftest import PERIOD, pdf_text, populate


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(pdf_text(pdf)))


def test_assessment_is_written_from_the_figures_and_kept_when_edited(db: Database, unit: UnitInfo,
                                                                      populated: dict) -> None:
    text = flat(generate_report(db, unit.id, ReportRequest("period", PERIOD, record=False)).pdf)
    assert "IV. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG KỲ TỚI" in text and "Phương hướng kỳ tới:" in text
    assert re.search(r"chỉ tiêu 4b \(.*?\) cần thêm \d+ để đạt mục tiêu", text)  # the dashboard's words
    assert "Còn thiếu 9" not in text
    save_report_details(db, unit.id, PERIOD, ReportDetails(assessment="Đơn vị hoàn thành tốt nhiệm vụ\nKỳ tới: "
                                                                      "tập huấn tổ trưởng"))
    assert get_period_state(db, unit.id, PERIOD).assessment.startswith("Đơn vị hoàn thành")
    text = flat(generate_report(db, unit.id, ReportRequest("period", PERIOD, record=False)).pdf)
    assert "Đơn vị hoàn thành tốt nhiệm vụ." in text and "Kỳ tới: tập huấn tổ trưởng." in text


def test_gap_annex_on_request(db: Database, unit: UnitInfo, populated: dict, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plain = flat(generate_report(db, unit.id, ReportRequest("period", PERIOD, record=False)).pdf)
    assert "PHỤ LỤC" not in plain
    out = tmp_path / "bc.pdf"
    assert kh06(["report", "--db", str(db.path), "--period", PERIOD, "--out", str(out), "--with-gaps"]) == 0
    pages = pdf_text(out.read_bytes())
    annex = re.sub(r"\s+", " ", " ".join(pages[next(i for i, p in enumerate(pages) if "PHỤ LỤC" in p):]))
    assert "Chỉ tiêu 4b" in annex and "Chưa" in annex
    assert "TM. BAN CHẤP HÀNH" not in annex  # the annex follows the signed report


def test_thousands_separators_and_plan_wording(db: Database, unit: UnitInfo) -> None:
    populate(db, unit.id, members=2400)
    text = flat(generate_report(db, unit.id, ReportRequest("period", PERIOD, record=False)).pdf)
    assert "Ban cán sự đảng Bộ Công Thương" in text and "Ban Cán sự" not in text
    assert "1.206 lượt người tham dự (1.200 lượt đoàn viên" in text
    assert not re.search(r"(?<![\d.,/])\d{4,}(?![\d.,/])", re.sub(r"\d{2}/\d{2}/\d{4}|\b(19|20)\d\d\b|[0-9a-f]{12}|"
                                                                     r"02-NQ/TW|06-KH/BCSĐ", "", text))
    assert "Kết nạp 12 đoàn viên mới tại Xưởng 3 và Đội Xe." in text
