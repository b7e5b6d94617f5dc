"""The printed reports read back with pypdf: headings, unit, figures, signer, fonts, stamp."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

from pypdf import PdfReader

from kh06_desktop.cli import main as kh06
from kh06_desktop.domain.formats import format_percent
from kh06_desktop.reports import ReportRequest, generate_report
from kh06_desktop.services.indicators.indicators import compute_indicators
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import reopen_period
from kh06_desktop.services.reports.report_data import (
    DocumentRequest,
    canonical_digest,
    list_printed,
    period_data_digest,
    period_report_data,
)
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database
from tests.reports.conftest import PERIOD, pdf_fonts, pdf_text

REQUEST = DocumentRequest(number="15/BC-CĐCS", date=dt.date(2025, 12, 5), place="Hà Nội",
                          signer_name="Trần Văn Dũng")


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def period_pdf(db: Database, unit: UnitInfo, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    request = ReportRequest("period", PERIOD, REQUEST, proposals="Đề nghị Công đoàn cấp trên mở lớp tập huấn.",
                            **kwargs)
    return generate_report(db, unit.id, request).pdf


def test_period_report_has_the_official_form(db: Database, unit: UnitInfo, populated: dict) -> None:
    text = flat(pdf_text(period_pdf(db, unit)))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 15/BC-CĐCS",
                     "Hà Nội, ngày 05 tháng 12 năm 2025", "BÁO CÁO", "CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM",
                     "I. TÌNH HÌNH ĐƠN VỊ", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                     "III. KẾT QUẢ THỰC HIỆN CÁC NHÓM GIẢI PHÁP", "IV. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG KỲ TỚI",
                     "V. ĐỀ XUẤT, KIẾN NGHỊ",
                     "Đề nghị Công đoàn cấp trên mở lớp tập huấn.", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH",
                     "Trần Văn Dũng", "Nơi nhận:"):
        assert expected in text, expected
    # The unit name is printed in capitals in the header and as written in the body.
    assert "Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh" in text


def test_period_report_indicators_equal_the_indicators_command(db: Database, unit: UnitInfo, populated: dict,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    assert kh06(["indicators", "--db", str(db.path), "--period", PERIOD, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    pages = pdf_text(period_pdf(db, unit))
    text = flat(pages)
    for indicator in printed["indicators"]:
        cell = f"{indicator['numerator']}/{indicator['denominator']}"
        row = re.search(rf"(?:^|\s){re.escape(indicator['id'])}\s.*?{re.escape(cell)}\s+(\S+ %|—)", text)
        assert row, (indicator, text)
        assert row.group(1) == format_percent(indicator["percent"])
    report = compute_indicators(db, unit.id, PERIOD)
    assert [i.numerator for i in report.indicators] == [i["numerator"] for i in printed["indicators"]]


def test_period_report_shows_situation_and_activities(db: Database, unit: UnitInfo, populated: dict) -> None:
    text = flat(pdf_text(period_pdf(db, unit)))
    assert "Tổng số đoàn viên công đoàn: 120 người" in text
    assert "Số tổ công đoàn: 9" in text
    assert "Tổng số công chức, viên chức, người lao động: 120 người" in text
    assert "Kết nạp 12 đoàn viên mới tại Xưởng 3 và Đội Xe." in text
    assert "Tổ chức 1 buổi học tập, quán triệt" in text
    assert "Chưa ghi nhận hoạt động trong kỳ" in text  # groups with nothing recorded say so


def test_fonts_are_embedded_and_nothing_else_is_referenced(db: Database, unit: UnitInfo, populated: dict,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "period.pdf"
    path.write_bytes(period_pdf(db, unit))
    fonts = pdf_fonts(path).splitlines()[2:]
    assert fonts and all("LiberationSerif" in line for line in fonts), fonts
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)  # embedded and subset
    reader = PdfReader(path)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/FontDescriptor"].get_object().get("/FontFile2") is not None


def test_the_report_records_the_revision_it_printed(db: Database, unit: UnitInfo, populated: dict) -> None:
    first = generate_report(db, unit.id, ReportRequest("period", PERIOD, REQUEST))
    close_period(db, unit.id, PERIOD)
    reopen_period(db, unit.id, PERIOD, confirmed=True)
    second = generate_report(db, unit.id, ReportRequest("period", PERIOD, REQUEST))
    records = list_printed(db, unit.id, PERIOD)
    assert [(r.kind, r.revision, r.digest) for r in records] == [
        ("period", 2, second.stamp.digest), ("period", 1, first.stamp.digest)]
    assert records[0].number == "15/BC-CĐCS"
    assert "lần 2" in flat(pdf_text(second.pdf))
    assert first.stamp.digest != second.stamp.digest  # the revision is part of the data


def test_the_digest_is_canonical_and_printed(db: Database, unit: UnitInfo, populated: dict) -> None:
    data = period_report_data(db, unit.id, PERIOD, REQUEST)
    assert data.stamp.digest == canonical_digest(data.figures) == period_data_digest(db, unit.id, PERIOD)
    # Paper-only details (number, proposals) do not change the digest of the data.
    other = period_report_data(db, unit.id, PERIOD, DocumentRequest(number="99/BC-CĐCS"), proposals="Khác")
    assert other.stamp.digest == data.stamp.digest
    text = flat(pdf_text(period_pdf(db, unit)))
    assert f"Mã dữ liệu {data.stamp.digest[:12]}" in text
    # then the unit's key fingerprint (and, once exported, the file's digest: tests/exchange)
    key = data.stamp.key_fingerprint.replace(" ", "")
    assert data.stamp.qr_payload == f"KH06|CDCS-TEST|{PERIOD}|r1|sha256:{data.stamp.digest}|key:{key}"
    assert f"khóa {data.stamp.key_fingerprint}" in text


def test_the_pdf_draws_a_qr_code(db: Database, unit: UnitInfo, populated: dict) -> None:
    reader = PdfReader(io.BytesIO(period_pdf(db, unit)))
    content = reader.pages[-1].get_contents().get_data()
    # The QR modules are filled rectangles: hundreds of them on the page carrying it.
    assert content.count(b" re") > 200


def test_day_and_month_have_leading_zeros(db: Database, unit: UnitInfo, populated: dict) -> None:
    request = ReportRequest("period", PERIOD, DocumentRequest(date=dt.date(2026, 2, 3), place="Đông Anh"))
    text = flat(pdf_text(generate_report(db, unit.id, request).pdf))
    assert "Đông Anh, ngày 03 tháng 02 năm 2026" in text


def test_saved_details_fill_the_report(db: Database, unit: UnitInfo, populated: dict) -> None:
    from kh06_desktop.services.periods.period_close import ReportDetails, save_report_details

    save_report_details(db, unit.id, PERIOD, ReportDetails(proposals="Kiến nghị đã lưu.", report_number="07/BC-CĐCS",
                                                          signer_name="Lê Thị Hoa", signer_title="Phó Chủ tịch"))
    text = flat(pdf_text(generate_report(db, unit.id, ReportRequest("period", PERIOD)).pdf))
    assert "Số: 07/BC-CĐCS" in text and "Kiến nghị đã lưu." in text
    assert "PHÓ CHỦ TỊCH" in text and "Lê Thị Hoa" in text
