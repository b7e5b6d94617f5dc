"""Vietnamese display and parsing of dates and money: dd/mm/yyyy, 1.234.567 đ."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

# Day first, as Vietnamese write dates: 5/3/1990, 05-03-1990, 05.03.1990, 5/3/90; a time part that
# a text-formatted cell kept ("05/03/1990 00:00:00") is ignored.
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_SEPARATOR_SPACES = re.compile(r"\s*([/\-.])\s*")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateError(ValueError):
    """Not a date; the message is Vietnamese, for the user."""


def parse_date(value: object) -> dt.date | None:
    """A date from a real date, an Excel serial number or text dd/mm/yyyy; None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateError("Ngày không hợp lệ")
    if isinstance(value, (int, float)):
        if 1 <= value < 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise DateError(f"Ngày không hợp lệ: {value}")
    text = str(value).strip()
    if not text:
        return None
    if not text.isascii() or " " in text:  # "05 / 03 / 1990", a non-breaking space
        text = _SEPARATOR_SPACES.sub(r"\1", " ".join(text.split()))
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:  # "5/3/90": the most recent such year that is not in the future
                this_year = dt.date.today().year
                year += this_year // 100 * 100
                if year > this_year:
                    year -= 100
            return dt.date(year, month, day)
        match = _YMD.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"Ngày không tồn tại: {text}") from None
    raise DateError(f"Ngày phải theo dạng dd/mm/yyyy: {text}")


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def group_thousands(value: int) -> str:
    """1234567 → '1.234.567' (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def format_vnd(value: int | None) -> str:
    return "" if value is None else f"{group_thousands(int(value))} đ"


def format_percent(value: float | None, digits: int = 1) -> str:
    """62.5 → '62,5 %' (Vietnamese decimal comma), rounded half up (6.25 → '6,3 %'); None → '—'.
    An indicator's percent is shown with `Indicator.percent_text()`, from the exact fraction."""
    if value is None:
        return "—"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{rounded:.{digits}f}".replace(".", ",") + " %"
