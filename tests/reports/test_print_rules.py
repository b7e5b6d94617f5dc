"""The rules a chair checks before signing (DESIGN 5, issue 12), measured in the generated PDFs:
nothing cut, numbers whole, NĐ 30 details, the signature never alone, the upper level's issuer."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from kh06_desktop.cli import main as kh06
from kh06_desktop.reports import ReportRequest, generate_report
from kh06_desktop.reports.document import date_line, phrase_lines, recipient_lines, styles
from kh06_desktop.reports.fonts import SERIF_BOLD
from kh06_desktop.services.reports.report_data import DocumentRequest, format_number
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.services.unit.upper_profile import UpperProfile, get_upper_profile, save_upper_profile
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, WorkforceSnapshot
from tests.exchange.builders import make_file
from tests.reports.conftest import PERIOD, pdf_text, populate
from tests.reports.pdf_measure import MM, page_texts, sized_text, words

LONG_NAME = "Nguyễn Thị Phương Lan Hương Thảo"
LONG_DEPARTMENT = "Phòng Tài chính - Kế toán và Quản trị rủi ro"


def _lengthen(db: Database) -> None:
    with db.transaction() as session:
        session.execute(update(Member).where(Member.id % 7 == 0).values(department=LONG_DEPARTMENT))
        session.execute(update(Member).where(Member.id % 11 == 0).values(full_name=LONG_NAME))


def _all_kinds(db: Database, unit: UnitInfo, ids: dict, request: DocumentRequest | None = None) -> dict[str, bytes]:
    request = request or DocumentRequest()
    out = {}
    for kind in ("period", "roster", "training", "study", "hardship"):
        event = ids["training"] if kind == "training" else ids["study"] if kind == "study" else None
        out[kind] = generate_report(db, unit.id, ReportRequest(kind, PERIOD, request, event_id=event,
                                                               record=False)).pdf
    return out


@pytest.fixture
def long_unit(db: Database, unit: UnitInfo) -> dict:
    ids = populate(db, unit.id, members=300)
    _lengthen(db)
    return ids


def test_no_report_text_is_cut_and_long_names_wrap_whole(db: Database, unit: UnitInfo, long_unit: dict) -> None:
    for kind, pdf in _all_kinds(db, unit, long_unit).items():
        text = re.sub(r"\s+", " ", " ".join(pdf_text(pdf)))
        assert "…" not in text and "…" not in " ".join(page_texts(pdf)), kind
        if kind == "roster":  # every long department and name printed whole, over as many lines as it needs
            assert text.count(LONG_DEPARTMENT) == 300 // 7
            assert text.count(LONG_NAME) == 300 // 11


def test_number_pairs_and_percentages_never_break(db: Database, unit: UnitInfo, populated: dict) -> None:
    with db.transaction() as session:  # a unit of 3,186 workers: "x/3.186" is wider than the old column
        session.execute(update(WorkforceSnapshot).values(total_workers=3186, eligible_workers=3186))
    pdf = generate_report(db, unit.id, ReportRequest("period", PERIOD, record=False)).pdf
    all_words = [w.text for page in words(pdf) for w in page]
    assert "120/3.186" in all_words  # one word: never "120/3.18" then "6"
    for page in words(pdf):  # a "%" on the line of its number, "Chưa" on the line of "đạt"
        for k, word in enumerate(page):
            if word.text in ("%", "%*") and k:
                assert abs(page[k - 1].y1 - word.y1) < 1, "a percentage broke before its %"
            if word.text == "đạt" and k and page[k - 1].text == "Chưa":
                assert abs(page[k - 1].y1 - word.y1) < 1, "«Chưa đạt» broke"


def test_page_numbers_are_13_to_14_pt_and_not_on_page_one(db: Database, unit: UnitInfo, long_unit: dict) -> None:
    pdf = generate_report(db, unit.id, ReportRequest("roster", PERIOD, record=False)).pdf
    first = sized_text(pdf, 0)
    assert not [t for t, _ in first if t.startswith("Trang ")]
    for page in (1, 2):
        numbers = [size for text, size in sized_text(pdf, page) if re.fullmatch(r"Trang \d+/\d+", text)]
        assert numbers and all(13 <= size <= 14 for size in numbers)
    # centred in the top margin
    box = next(w for w in words(pdf)[1] if w.text == "Trang")
    assert box.y1 < 20 * MM


def _gap_after_so(pdf: bytes) -> float:
    """The blank between «Số:» and the nearest word to its right on the same line ("/BC-CĐCS")."""
    page = words(pdf)[0]
    so = next(w for w in page if w.text == "Số:")
    right = [w for w in page if abs(w.y1 - so.y1) < 1 and w.x0 > so.x1]
    nearest = min(right, key=lambda w: w.x0)
    assert nearest.text.startswith("/")  # the symbol, not the date line of the right column
    return nearest.x0 - so.x1


def test_a_blank_of_15_mm_after_so_without_a_number(db: Database, unit: UnitInfo, populated: dict) -> None:
    for kind, pdf in _all_kinds(db, unit, populated).items():
        assert _gap_after_so(pdf) >= 15 * MM, kind
    numbered = generate_report(db, unit.id, ReportRequest("period", PERIOD, DocumentRequest(number="5"),
                                                          record=False)).pdf
    assert "Số: 05/BC-CĐCS" in page_texts(numbered)[0]


def test_document_numbers_follow_nd_30() -> None:
    assert format_number("5", "BC-CĐCS") == "05/BC-CĐCS"
    assert format_number("15", "BC-CĐCS") == "15/BC-CĐCS"
    assert format_number("5/BC-CĐCS", "BC-CĐCS") == "05/BC-CĐCS"
    assert format_number(" ", "BC-CĐCS") is None


def test_month_has_a_zero_only_for_january_and_february(db: Database, unit: UnitInfo, populated: dict) -> None:
    assert date_line("Hà Nội", dt.date(2026, 4, 5)) == "Hà Nội, ngày 05 tháng 4 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 2, 15)) == "Hà Nội, ngày 15 tháng 02 năm 2026"
    assert date_line("", dt.date(2026, 12, 1)) == "Ngày 01 tháng 12 năm 2026"
    pdf = generate_report(db, unit.id, ReportRequest("period", PERIOD, DocumentRequest(date=dt.date(2026, 4, 5)),
                                                     record=False)).pdf
    assert "ngày 05 tháng 4 năm 2026" in page_texts(pdf)[0]


def _body_above_closing(page: list) -> list[str]:
    title = next(w for w in page if w.text == "Nơi")
    return [w.text for w in page if w.y1 < title.y0 - 2 and not re.fullmatch(r"Trang|\d+/\d+", w.text)]


def test_the_last_page_holds_body_text_besides_the_signature(db: Database, unit: UnitInfo) -> None:
    ids = populate(db, unit.id, members=22)
    for members in range(22, 64, 3):  # list lengths that end at every point of a page
        if members > 22:
            populate_more(db, unit, ids["study"], 3)
        for kind in ("roster", "study"):
            event = ids["study"] if kind == "study" else None
            pdf = generate_report(db, unit.id, ReportRequest(kind, PERIOD, event_id=event, record=False)).pdf
            last = words(pdf)[-1]
            assert len(_body_above_closing(last)) >= 5, (kind, members)
    long = DocumentRequest()
    proposals = "\n".join(f"Đề nghị thứ {k}: tăng cường tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở "
                          f"và tổ công đoàn, nhất là cán bộ mới được bầu." for k in range(1, 12))
    for count in range(0, 11, 2):
        pdf = generate_report(db, unit.id, ReportRequest("period", PERIOD, long, proposals="\n".join(
            proposals.splitlines()[:count]), record=False)).pdf
        assert len(_body_above_closing(words(pdf)[-1])) >= 3, count


def populate_more(db: Database, unit: UnitInfo, study: int, n: int) -> None:
    """n more members, each of whom attended the study session."""
    from sqlalchemy import insert, select

    from kh06_desktop.store.models import StudyAttendee
    from tests.kh06_rows import member_names

    with db.transaction() as session:
        before = set(session.scalars(select(Member.id)))
        session.execute(insert(Member), [
            {"unit_id": unit.id, **member_names(f"Phạm Văn Thêm {k}"), "gender": "M", "status": "active",
             "join_date": dt.date(2015, 1, 1)} for k in range(n)])
        new = set(session.scalars(select(Member.id))) - before
        session.execute(insert(StudyAttendee), [{"session_id": study, "member_id": m} for m in sorted(new)])


def test_deputy_signs_for_the_chair_and_recipients_are_punctuated(db: Database, unit: UnitInfo,
                                                                   populated: dict) -> None:
    request = DocumentRequest(signer_name="Phạm Văn Hòa", signer_title="Phó Chủ tịch")
    pdf = generate_report(db, unit.id, ReportRequest("period", PERIOD, request, record=False)).pdf
    text = re.sub(r"\s+", " ", " ".join(page_texts(pdf)))
    assert "TM. BAN CHẤP HÀNH KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    last = len(words(pdf)) - 1
    runs = sized_text(pdf, last)
    title = [size for t, size in runs if t == "Nơi nhận:"]
    entries = [(t, size) for t, size in runs if t.startswith("- ")]
    assert title == [12.0]
    assert entries and all(size == 11.0 for _, size in entries)
    assert all(t.endswith(";") for t, _ in entries[:-1]) and entries[-1][0].startswith("- Lưu: VT")
    assert entries[-1][0].endswith(".")
    assert recipient_lines(["A (để báo cáo)", "Lưu: VT"]) == ["- A (để báo cáo);", "- Lưu: VT."]


def test_paragraph_gap_subject_rule_and_phrase_breaks() -> None:
    s = styles()
    assert s["body"].spaceAfter >= 6 and s["plain"].spaceAfter >= 6
    lines = phrase_lines("DANH SÁCH THĂM HỎI, HỖ TRỢ ĐOÀN VIÊN CÓ HOÀN CẢNH KHÓ KHĂN", SERIF_BOLD, 14, 440)
    assert not lines[-1].startswith("KHĂN") and len(lines) == 2
    assert phrase_lines("Tập huấn nghiệp vụ công tác công đoàn năm 2025", SERIF_BOLD, 13, 200)[-1].endswith(
        "năm 2025")


def test_subject_rule_is_a_third_to_a_half_of_the_subject_line(db: Database, unit: UnitInfo,
                                                               populated: dict) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kh06_desktop.reports.document import Rule
    from kh06_desktop.reports.period_report import PeriodReport
    from kh06_desktop.services.reports.report_data import period_report_data

    document = PeriodReport(period_report_data(db, unit.id, PERIOD))
    header = document.header()
    rule = [f for f in header if isinstance(f, Rule)][-1]
    style = document.s["subtitle"]
    line = stringWidth(document.subtitle, style.fontName, style.fontSize)
    assert line / 3 <= rule.length <= line / 2


# --- The upper level -----------------------------------------------------------------------


@pytest.fixture
def upper(tmp_path: Path) -> Path:
    db_path = tmp_path / "upper.db"
    files = []
    for k in (1, 2, 7, 11, 3):
        file = tmp_path / f"DEMO-{k}.kh06"
        file.write_bytes(make_file(f"DEMO-{k}", members=3 + k))
        files.append(str(file))
    assert kh06(["consolidate", "--db", str(db_path), *files]) == 0
    return db_path


def test_the_consolidated_report_is_signed_by_the_profile_or_the_options(upper: Path, tmp_path: Path) -> None:
    from kh06_desktop.store.database import open_database

    db = open_database(upper)
    try:
        save_upper_profile(db, UpperProfile(
            code="CDCT-HC", name="Công đoàn Tổng công ty Hóa chất Việt Nam", parent_body="Công đoàn Công Thương "
            "Việt Nam", chair_name="Nguyễn Thị Thu Hà", place="Hà Nội",
            recipients=("Công đoàn Tổng công ty Hóa chất Việt Nam (để báo cáo)", "Ban Tuyên giáo", "Lưu: VT")))
        assert get_upper_profile(db).recipients == ("Ban Tuyên giáo", "Lưu: VT")  # never the issuer itself
    finally:
        db.close()
    out = tmp_path / "th.pdf"
    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    text = re.sub(r"\s+", " ", " ".join(page_texts(pdf)))
    assert "CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM" in text and "CÔNG ĐOÀN TỔNG CÔNG TY HÓA CHẤT VIỆT NAM" in text
    assert "CÔNG ĐOÀN CẤP TRÊN" not in text
    assert "Nguyễn Thị Thu Hà" in text and "Hà Nội, ngày" in text
    assert "- Ban Tuyên giáo;" in text and "- Lưu: VT." in text
    assert _gap_after_so(pdf) >= 15 * MM
    codes = list(dict.fromkeys(re.findall(r"DEMO-\d+", text)))
    assert codes == sorted(codes, key=lambda c: int(c.split("-")[1]))  # DEMO-7 before DEMO-11
    assert "…" not in text

    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out), "--number", "7",
                 "--signer", "Lê Văn Bình", "--signer-title", "Phó Chủ tịch", "--place", "Việt Trì",
                 "--date", "03/02/2026"]) == 0
    text = re.sub(r"\s+", " ", " ".join(page_texts(out.read_bytes())))
    assert "Số: 07/BC-CĐ" in text and "Việt Trì, ngày 03 tháng 02 năm 2026" in text
    assert "TM. BAN THƯỜNG VỤ KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Lê Văn Bình" in text


def test_without_a_profile_place_the_date_line_has_none(upper: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "th.pdf"
    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out)]) == 0
    assert "chưa nhập tên công đoàn cấp trên" in capsys.readouterr().out  # said, not silently a placeholder
    text = re.sub(r"\s+", " ", " ".join(page_texts(out.read_bytes())))
    assert "Hà Nội" not in text and re.search(r"Ngày \d\d tháng \d+ năm \d{4}", text)
    assert "Công đoàn Công Thương Việt Nam (để báo cáo)" not in text  # no body above was entered


def test_the_per_unit_table_shows_the_numbers_behind_each_percentage(upper: Path, tmp_path: Path) -> None:
    out = tmp_path / "th.pdf"
    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out)]) == 0
    text = re.sub(r"\s+", " ", " ".join(page_texts(out.read_bytes())))
    row = re.search(r"DEMO-7 .*?(\d+/\d+) (\d+,\d %)", text)
    assert row, text


def test_the_consolidated_xlsx_has_no_formulas_and_real_number_formats(upper: Path, tmp_path: Path) -> None:
    out = tmp_path / "th.xlsx"
    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out)]) == 0
    book = load_workbook(out)
    formats: dict[str, set[str]] = {}
    for sheet in book.worksheets:
        labels = {c.column: c.value for c in sheet[6]}  # the second header row: Đạt, Tổng số, Tỷ lệ …
        assert sheet.freeze_panes in ("C7", "D7"), sheet.title
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight in (0, "0")  # one page wide (1 is the default)
        assert sheet.print_title_rows == "$5:$6"
        for row in sheet.iter_rows(min_row=7):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.coordinate
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    wanted = "0.0%" if labels.get(cell.column) in ("Tỷ lệ", "Mục tiêu") else "#,##0"
                    assert cell.number_format == wanted, (sheet.title, cell.coordinate, labels.get(cell.column))
                    if wanted == "0.0%":
                        assert 0 <= cell.value <= 2, cell.coordinate  # a real fraction, not 93.16
                    formats.setdefault(sheet.title, set()).add(wanted)
        assert formats[sheet.title] == {"0.0%", "#,##0"}
    units = book["Đơn vị"]
    codes = [units.cell(row=r, column=2).value for r in range(7, 12)]
    assert codes == ["DEMO-1", "DEMO-2", "DEMO-3", "DEMO-7", "DEMO-11"]
    assert str(units.cell(row=12, column=1).value).startswith("Tổng cộng")
    assert book["Theo khu vực"]["A2"].value.startswith("TỔNG HỢP KẾT QUẢ")


def test_indicator_5_of_the_consolidated_totals_is_printed_at_a_readable_size(upper: Path, tmp_path: Path) -> None:
    """Indicator 5 over all sectors lists each sector against its own target; the cell wraps those
    lines instead of shrinking one long line to a size nobody can read on paper (3 pt was seen)."""
    out = tmp_path / "th.pdf"
    assert kh06(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(out)]) == 0
    runs = sized_text(out.read_bytes(), 0)
    target_runs = [(text, size) for text, size in runs if "mục tiêu" in text and "%" in text]
    assert target_runs, runs
    assert min(size for _text, size in runs) >= 8, sorted(runs, key=lambda r: r[1])[:3]
    # a percent sign never starts a line of its own ("70" at the end of one line, "%" on the next)
    lines: dict[float, list[str]] = {}
    for word in words(out.read_bytes())[0]:
        lines.setdefault(round(word.y0), []).append(word.text)
    assert all(texts[0] != "%" for texts in lines.values()), [t for t in lines.values() if t[0] == "%"]
