"""Citizen ids (CCCD): zeros Excel dropped are restored; digits 4-6 are checked against the person."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.citizen_id import CitizenIdError, decode, mismatch_warnings, normalize_citizen_id


@pytest.mark.parametrize(("raw", "expected"), [
    ("001190012345", "001190012345"),
    (1190012345, "001190012345"),  # Excel stored it as a number: two zeros lost
    (1190012345.0, "001190012345"),  # the same number read back as a float
    ("1190012345.0", "001190012345"),
    (79090012345, "079090012345"),  # one zero lost (Hồ Chí Minh City, 079)
    ("'036195001122", "036195001122"),  # the apostrophe Excel users type to keep text
    (" 036 195 001 122 ", "036195001122"),
    ("", None),
    (None, None),
])
def test_normalize_restores_zeros_and_cleans(raw: object, expected: str | None) -> None:
    assert normalize_citizen_id(raw) == expected


@pytest.mark.parametrize(("raw", "reason"), [
    ("1.19001E+09", "số mũ"),
    ("12345abc", "chỉ gồm chữ số"),
    ("0011900123456", "12 chữ số (đang có 13)"),
    ("123456789", "12 chữ số (đang có 9)"),
    (1190012345.5, "12 chữ số"),
    (True, "12 chữ số"),
    ("００１１９００１２３４５", "chỉ gồm chữ số"),  # full-width digits are not ASCII digits
])
def test_normalize_rejects_with_a_vietnamese_reason(raw: object, reason: str) -> None:
    with pytest.raises(CitizenIdError) as error:
        normalize_citizen_id(raw)
    assert reason in str(error.value)


def test_decode_century_sex_and_year() -> None:
    assert decode("001090012345") == decode("001090099999")
    male_1990 = decode("001090012345")
    assert (male_1990.female, male_1990.birth_year) == (False, 1990)
    female_1988 = decode("001188012345")
    assert (female_1988.female, female_1988.birth_year) == (True, 1988)
    male_2005 = decode("036205001122")
    assert (male_2005.female, male_2005.birth_year) == (False, 2005)
    female_2003 = decode("079303001122")
    assert (female_2003.female, female_2003.birth_year) == (True, 2003)


def test_mismatch_is_a_warning_listing_what_disagrees() -> None:
    assert mismatch_warnings("001188012345", dt.date(1988, 4, 12), True) == []
    assert mismatch_warnings("001188012345", None, None) == []
    year, = mismatch_warnings("001188012345", dt.date(1989, 4, 12), True)
    assert "năm sinh 1988" in year and "12/04/1989" in year
    gender, = mismatch_warnings("001188012345", dt.date(1988, 4, 12), False)
    assert "giới tính Nữ" in gender
    assert len(mismatch_warnings("001090012345", dt.date(1991, 1, 1), True)) == 2


@pytest.mark.parametrize(("raw", "reason"), [
    ("01730100456", "Số CCCD có 11 chữ số"),  # typed as text: a digit is missing, no 0 is added in front
    ("01234567890", "Số CCCD có 11 chữ số"),
    ("1190012345", "Số CCCD có 10 chữ số"),
    ("'01190012345", "Số CCCD có 11 chữ số"),
])
def test_only_numbers_get_their_zeros_back(raw: object, reason: str) -> None:
    with pytest.raises(CitizenIdError) as error:
        normalize_citizen_id(raw, today=dt.date(2026, 12, 2))
    assert reason in str(error.value)


@pytest.mark.parametrize(("raw", "today", "year"), [
    (1730100456, dt.date(2026, 12, 2), 2230),  # a number gets its zeros back: 001730..., century code 7 = 2200s
    ("001230100456", dt.date(2026, 12, 2), 2030),
    ("001227100456", dt.date(2026, 12, 2), 2027),
    (1234567890.0, dt.date(2026, 12, 2), 2034),
])
def test_an_id_encoding_a_future_birth_year_is_an_error(raw: object, today: dt.date, year: int) -> None:
    with pytest.raises(CitizenIdError) as error:
        normalize_citizen_id(raw, today=today)
    assert f"năm sinh {year}" in str(error.value)


def test_this_years_births_are_accepted() -> None:
    assert normalize_citizen_id("001226100456", today=dt.date(2026, 12, 2)) == "001226100456"
    assert normalize_citizen_id("001226100456", today=dt.date(2026, 1, 1)) == "001226100456"
