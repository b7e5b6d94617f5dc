"""Reporting periods: a year (`2025`) or a half year (`2025H1`, `2025H2`).

The union statistics regime (QĐ 1454/QĐ-TLĐ) counts half-year figures as of 31/5 and year
figures as of 30/11, so the union year runs from 01/12 of the year before. Those end dates are
the defaults; a unit may set others in its settings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

_CODE = re.compile(r"^\s*(\d{4})\s*(?:[Hh]\s*([12]))?\s*$")

DEFAULT_HALF_END = (5, 31)  # 31/5
DEFAULT_YEAR_END = (11, 30)  # 30/11


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Period:
    year: int
    half: int | None = None  # 1, 2 or None for the whole year

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _CODE.match(code or "")
        if not match:
            raise PeriodError(f"Kỳ báo cáo không hợp lệ: «{code}» (dạng 2025, 2025H1 hoặc 2025H2)")
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise PeriodError(f"Năm của kỳ báo cáo không hợp lệ: {year}")
        return cls(year, int(match.group(2)) if match.group(2) else None)

    @property
    def code(self) -> str:
        return f"{self.year}" if self.half is None else f"{self.year}H{self.half}"

    @property
    def label(self) -> str:
        if self.half is None:
            return f"Năm {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"

    def end_date(self, half_end: tuple[int, int] = DEFAULT_HALF_END,
                 year_end: tuple[int, int] = DEFAULT_YEAR_END) -> dt.date:
        month, day = half_end if self.half == 1 else year_end
        return dt.date(self.year, month, day)

    def start_date(self, half_end: tuple[int, int] = DEFAULT_HALF_END,
                   year_end: tuple[int, int] = DEFAULT_YEAR_END) -> dt.date:
        """The day after the previous period's end."""
        if self.half == 2:
            return Period(self.year, 1).end_date(half_end, year_end) + dt.timedelta(days=1)
        return Period(self.year - 1).end_date(half_end, year_end) + dt.timedelta(days=1)

    def __str__(self) -> str:
        return self.code

    @property
    def previous(self) -> Period:
        """The period whose end this one starts after: H1 and the year follow the previous year,
        H2 follows H1 of the same year."""
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1)

    @property
    def order_key(self) -> tuple[int, int, int]:
        """H1 (ends 31/5) before H2, and H2 before the whole year that ends on the same day."""
        return (self.year, 1 if self.half == 1 else 2, 0 if self.half == 2 else 1)

    def __lt__(self, other: Period) -> bool:
        return self.order_key < other.order_key

    def __le__(self, other: Period) -> bool:
        return self.order_key <= other.order_key


def periods_around(today: dt.date, years_back: int = 3) -> list[Period]:
    """Periods to offer in a selector, newest first."""
    out: list[Period] = []
    for year in range(today.year + 1, today.year - years_back - 1, -1):
        out += [Period(year), Period(year, 2), Period(year, 1)]
    return out


def current_period(today: dt.date) -> Period:
    """The period in progress: H1 until its end, then the year."""
    first_half = Period(today.year, 1)
    if today <= first_half.end_date():
        return first_half
    if today <= Period(today.year).end_date():
        return Period(today.year)
    return Period(today.year + 1, 1)


def same_as_of(period: Period) -> Period | None:
    """The other period that ends on the same day: the second half-year and its year both end
    at the year's cut-off (30/11 by default), whatever the settings."""
    if period.half == 2:
        return Period(period.year)
    if period.half is None:
        return Period(period.year, 2)
    return None


def choose_workforce_period(available: Iterable[str], wanted: Period) -> str | None:
    """Which period's workforce figures serve `wanted` (docs/indicators.md, "Workforce"):
    its own; else the period with the same as-of day (2026H2 ↔ 2026); else the latest earlier
    period; None when there is none."""
    codes = {Period.parse(code).code: code for code in available}
    if wanted.code in codes:
        return codes[wanted.code]
    twin = same_as_of(wanted)
    if twin is not None and twin.code in codes:
        return codes[twin.code]
    earlier = [Period.parse(code) for code in codes if Period.parse(code) < wanted]
    return codes[max(earlier).code] if earlier else None
