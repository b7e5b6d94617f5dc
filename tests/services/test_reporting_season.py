"""The reporting season: pages start on the period whose report is due (DESIGN 6.1, issue 13),
and a report printed before its period ends says so. Dates are injected, never read from the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.periods import Period, current_period, last_ended_period, reporting_period
from kh06_desktop.reports import ReportRequest, generate_report
from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.periods.periods import default_period
from kh06_desktop.services.reports.report_data import DocumentRequest, period_report_data
from tests.reports.conftest import pdf_text


@pytest.mark.parametrize(("today", "year_kind", "half_kind"), [
    (dt.date(2026, 11, 29), "2026", "2026H2"),  # the year is still running
    (dt.date(2026, 11, 30), "2026", "2026H2"),  # its last day
    (dt.date(2026, 12, 1), "2026", "2026H2"),  # just ended: its report is due, not 2027H1
    (dt.date(2026, 12, 2), "2026", "2026H2"),
    (dt.date(2027, 1, 13), "2026", "2026H2"),  # 44 days after 30/11
    (dt.date(2027, 1, 14), "2027H1", "2027H1"),  # 45 days: back to the period in progress
    (dt.date(2027, 5, 30), "2027H1", "2027H1"),
    (dt.date(2027, 5, 31), "2027H1", "2027H1"),
    (dt.date(2027, 6, 1), "2027H1", "2027H1"),  # H1 just ended
    (dt.date(2027, 7, 14), "2027H1", "2027H1"),  # 44 days after 31/5
    (dt.date(2027, 7, 15), "2027", "2027H2"),
])
def test_the_default_period_is_the_one_whose_report_is_due(today: dt.date, year_kind: str, half_kind: str) -> None:
    assert reporting_period(today).code == year_kind
    assert reporting_period(today, "half").code == half_kind


def test_the_grace_days_and_cut_off_days_are_adjustable() -> None:
    assert reporting_period(dt.date(2026, 12, 2), grace_days=1) == Period(2027, 1)
    assert reporting_period(dt.date(2027, 2, 1), grace_days=90) == Period(2026)
    # A unit whose half-year cut-off is 30/06 is still in H1 on 15/06.
    assert reporting_period(dt.date(2027, 6, 15), half_end=(6, 30)) == Period(2027, 1)
    assert current_period(dt.date(2026, 12, 2)) == Period(2027, 1)
    assert last_ended_period(dt.date(2026, 12, 2)) == Period(2026)
    assert last_ended_period(dt.date(2027, 3, 1), "half") == Period(2026, 2)


def test_the_settings_choose_the_kind_and_the_grace(db) -> None:  # type: ignore[no-untyped-def]
    assert default_period(db, dt.date(2026, 12, 2)) == Period(2026)
    set_setting(db, "period_kind", "half")
    assert default_period(db, dt.date(2026, 12, 2)) == Period(2026, 2)
    set_setting(db, "report_grace_days", "10")
    assert default_period(db, dt.date(2026, 12, 20)) == Period(2027, 1)
    set_setting(db, "report_grace_days", "không phải số")  # a hand-edited value falls back to 45 days
    assert default_period(db, dt.date(2026, 12, 20)) == Period(2026, 2)


def test_the_window_starts_on_the_due_period(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.context import AppContext

    assert AppContext(db, today=dt.date(2026, 12, 2)).period == Period(2026)
    assert AppContext(db, today=dt.date(2026, 5, 2)).period == Period(2026, 1)


def test_a_report_printed_before_its_period_ends_says_so(db, unit) -> None:  # type: ignore[no-untyped-def]
    early = period_report_data(db, unit.id, "2025", DocumentRequest(date=dt.date(2025, 10, 20)))
    assert early.period_end == dt.date(2025, 11, 30)
    text = " ".join(" ".join(pdf_text(generate_report(db, unit.id, ReportRequest(
        "period", "2025", DocumentRequest(date=dt.date(2025, 10, 20)), record=False)).pdf)).split())
    assert "Kỳ báo cáo chưa kết thúc (kỳ đến ngày 30/11/2025): số liệu tạm tính đến ngày 20/10/2025" in text
    after = period_report_data(db, unit.id, "2025", DocumentRequest(date=dt.date(2025, 12, 5)))
    assert after.period_end is None
    text = " ".join(" ".join(pdf_text(generate_report(db, unit.id, ReportRequest(
        "period", "2025", DocumentRequest(date=dt.date(2025, 12, 5)), record=False)).pdf)).split())
    assert "Số liệu tính đến ngày 30/11/2025" in text and "chưa kết thúc" not in text


def test_file_names_speak_words_not_codes(db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.exchange.datafile import suggested_file_name

    report = generate_report(db, unit.id, ReportRequest("period", "2025H1", record=False))
    assert report.file_name == "BaoCao-KH06-CDCS-TEST-6thang-dau-2025-lan1.pdf"
    assert Period(2027, 2).file_slug == "6thang-cuoi-2027" and Period(2026).file_slug == "nam-2026"
    assert suggested_file_name("CDCS-0457", "2027H1", 2) == "DuLieu-KH06-CDCS-0457-6thang-dau-2027-lan2.kh06"
