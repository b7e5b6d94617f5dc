"""Citizen id (CCCD): 12 digits; digit 4 encodes century and sex, digits 5-6 the birth year.

Source: Thông tư 59/2021/TT-BCA, Điều 7 (mã thế kỷ và giới tính): 0/1 = 20th century male/female,
2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 24th. Province codes run 001-096, so every id starts
with 0 and a spreadsheet that stored it as a number has dropped one or two leading zeros.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}
_NUMERIC_FLOAT = re.compile(r"^(\d+)\.0+$")
# Separators people type inside an id: spaces (also non-breaking), dots, dashes.
_ID_JUNK = re.compile(r"[\s.\-\u00a0\u2009\u202f]")
_EXPONENT = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")  # "1.19001E+09": Excel showed it in scientific form


class CitizenIdError(ValueError):
    """The value cannot be a citizen id; the message is Vietnamese, for the user."""


class OldIdCardNumber(CitizenIdError):
    """A 9-digit number of the old identity card (CMND), not a citizen id: the spreadsheet import keeps
    the row and leaves the id empty with a warning."""


def normalize_citizen_id(raw: object, today: dt.date | None = None) -> str | None:
    """`restore_citizen_id`, then the birth year its digits encode must not be after `today`'s year."""
    text = restore_citizen_id(raw)
    if text is not None:
        check_birth_year(text, today)
    return text


def restore_citizen_id(raw: object) -> str | None:
    """Return the 12-digit id, restoring zeros a spreadsheet dropped; None when empty.

    Only a number (a cell Excel stored as a number, or its float text "1098012345.0") gets its
    leading zeros back: an id typed as text with 10 or 11 digits lost a digit somewhere, and adding
    a 0 in front would save a wrong id. An id whose digits 4-6 encode a birth year after `today`
    (by default the current year) cannot be right either.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CitizenIdError("Số CCCD phải gồm 12 chữ số")
    numeric = isinstance(raw, (int, float))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise CitizenIdError("Số CCCD phải gồm 12 chữ số")
        text = str(int(raw))
    else:
        text = str(raw).strip().strip("'\u2018\u2019`")
        whole = _NUMERIC_FLOAT.match(text)
        if whole:  # a number that went through a float: "1098012345.0"
            text = whole.group(1)
            numeric = True
        elif not (text.isdigit() and text.isascii()):
            if _EXPONENT.match(text.replace(" ", "")):
                raise CitizenIdError("Số CCCD bị Excel đổi sang dạng số mũ (mất chữ số), hãy nhập lại dạng văn bản")
            text = _ID_JUNK.sub("", text)  # "001 188 012 345", "001.188.012.345"
    if text == "":
        return None
    if not text.isdigit() or not text.isascii():
        raise CitizenIdError("Số CCCD chỉ gồm chữ số")
    if 10 <= len(text) < 12:
        if not numeric:
            raise CitizenIdError(f"Số CCCD có {len(text)} chữ số, phải đủ 12 chữ số: hãy kiểm tra lại")
        text = text.zfill(12)
    if len(text) == 9 or (len(text) == 8 and not isinstance(raw, str)):
        # An old identity card (CMND) has 9 digits; as a number it may have lost its leading zero.
        raise OldIdCardNumber(f"Số CCCD phải gồm 12 chữ số (đang có {len(text)}), đây có lẽ là số CMND cũ")
    if len(text) != 12:
        raise CitizenIdError(f"Số CCCD phải gồm 12 chữ số (đang có {len(text)})")
    return text


def check_birth_year(citizen_id: str, today: dt.date | None = None) -> None:
    """Refuse a 12-digit id whose digits 4-6 encode a birth year after this year."""
    message = future_birth_year(citizen_id, (today or dt.date.today()).year)
    if message:
        raise CitizenIdError(message)


def future_birth_year(citizen_id: str, current_year: int) -> str | None:
    """The error when the id's digits 4-6 encode a birth year after `current_year`, else None."""
    year = decode(citizen_id).birth_year
    if year > current_year:
        return f"Số CCCD ghi năm sinh {year}, sau năm nay: hãy kiểm tra lại"
    return None


@dataclass(frozen=True, slots=True)
class CitizenIdFacts:
    female: bool
    birth_year: int


def decode(citizen_id: str) -> CitizenIdFacts:
    code = int(citizen_id[3])
    return CitizenIdFacts(female=code % 2 == 1, birth_year=_CENTURY[code] + int(citizen_id[4:6]))


def mismatch_warnings(citizen_id: str, birth_date: dt.date | None, female: bool | None) -> list[str]:
    """Disagreements with date of birth or gender: flagged for checking, never a rejection."""
    facts = decode(citizen_id)
    warnings = []
    if birth_date is not None and birth_date.year != facts.birth_year:
        warnings.append(
            f"Số CCCD ghi năm sinh {facts.birth_year}, khác ngày sinh {birth_date:%d/%m/%Y}: cần kiểm tra"
        )
    if female is not None and female != facts.female:
        warnings.append(
            f"Số CCCD ghi giới tính {'Nữ' if facts.female else 'Nam'}, khác giới tính đã nhập: cần kiểm tra"
        )
    return warnings
