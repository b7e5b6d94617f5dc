"""Dates as offices type them, Vietnamese number formats, and reporting periods."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.formats import DateError, format_date, format_percent, format_vnd, group_thousands, parse_date
from kh06_desktop.domain.periods import Period, PeriodError, current_period, periods_around


@pytest.mark.parametrize(("value", "expected"), [
    ("12/04/1988", dt.date(1988, 4, 12)),
    ("1/2/2020", dt.date(2020, 2, 1)),  # day first, without zeros
    ("01-02-2020", dt.date(2020, 2, 1)),
    ("01.02.2020", dt.date(2020, 2, 1)),
    (" 29/02/2000 ", dt.date(2000, 2, 29)),
    ("2025-03-01", dt.date(2025, 3, 1)),
    ("2025-03-01 00:00:00", dt.date(2025, 3, 1)),
    (dt.datetime(1979, 11, 3, 0, 0), dt.date(1979, 11, 3)),
    (dt.date(1979, 11, 3), dt.date(1979, 11, 3)),
    (32874, dt.date(1990, 1, 1)),  # an Excel serial number
    (32874.0, dt.date(1990, 1, 1)),
    (45658, dt.date(2025, 1, 1)),
    ("", None),
    (None, None),
])
def test_parse_date_accepts_text_serials_and_real_dates(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "reason"), [
    ("31/02/1990", "không tồn tại"),
    ("29/02/2001", "không tồn tại"),
    ("12/13/1990", "không tồn tại"),
    ("tháng 4 năm 1990", "dd/mm/yyyy"),
    ("1990", "dd/mm/yyyy"),
    (-5, "không hợp lệ"),
    (True, "không hợp lệ"),
])
def test_parse_date_rejects_with_reason(value: object, reason: str) -> None:
    with pytest.raises(DateError) as error:
        parse_date(value)
    assert reason in str(error.value)


def test_vietnamese_number_formats() -> None:
    assert format_date(dt.date(2025, 5, 3)) == "03/05/2025"
    assert format_date(None) == ""
    assert group_thousands(1234567) == "1.234.567"
    assert group_thousands(0) == "0"
    assert format_vnd(1_500_000) == "1.500.000 đ"
    assert format_vnd(None) == ""
    assert format_percent(62.5) == "62,5 %"
    assert format_percent(100, 0) == "100 %"
    assert format_percent(None) == "—"


def test_period_codes_labels_and_union_cut_off_days() -> None:
    h1, h2, year = Period.parse("2025H1"), Period.parse(" 2025 h2 "), Period.parse("2025")
    assert (h1.code, h2.code, year.code) == ("2025H1", "2025H2", "2025")
    assert h1.label == "6 tháng đầu năm 2025" and year.label == "Năm 2025"
    assert h1.end_date() == dt.date(2025, 5, 31)  # QĐ 1454: half year as of 31/5
    assert year.end_date() == dt.date(2025, 11, 30)  # and the year as of 30/11
    assert h1.start_date() == dt.date(2024, 12, 1)
    assert h2.start_date() == dt.date(2025, 6, 1)
    assert year.start_date() == dt.date(2024, 12, 1)
    assert h1.end_date(half_end=(6, 30)) == dt.date(2025, 6, 30)
    assert sorted([year, h2, Period(2024), h1]) == [Period(2024), h1, h2, year]


@pytest.mark.parametrize("code", ["", "25H1", "2025H3", "1999", "2025Q1", "năm 2025"])
def test_period_parse_rejects(code: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(code)


def test_current_period_and_selector() -> None:
    assert current_period(dt.date(2025, 5, 31)) == Period(2025, 1)
    assert current_period(dt.date(2025, 6, 1)) == Period(2025)
    assert current_period(dt.date(2025, 12, 1)) == Period(2026, 1)
    offered = periods_around(dt.date(2025, 7, 1), years_back=1)
    assert offered[0] == Period(2026) and Period(2024, 1) in offered and len(offered) == 9
