"""The six KH06 indicators as pure arithmetic: targets, percent, met, missing.

Ids and definitions follow DESIGN.md section 1 (the plan 06-KH/BCSĐ):

| id | numerator / denominator | target (unit level) |
| 1  | active members at period end / eligible workers (HR figure) | 100 % |
| 2  | distinct members who attended ≥1 study session in the period + non-member attendees / all workers | 100 % |
| 3  | hardship cases open in the period with ≥1 support / hardship cases open in the period | 100 % |
| 4a | BCH members at period end trained / BCH members at period end | 100 % |
| 4b | group leaders and deputies at period end trained / leaders and deputies | 75 % |
| 5  | 1/1 established, 0/1 eligible but not established, 0/0 not eligible | 100 % |

Rules decided here (docs/indicators.md explains them for users):
- `percent` is None when the denominator is 0; otherwise 100·n/d rounded half up (decimal
  ROUND_HALF_UP, as Excel's ROUND) to two decimals, from the exact fraction (it may exceed 100,
  e.g. indicator 2 counts non-members too). Screens, PDFs and spreadsheets show one decimal,
  rounded the same way from the same fraction (`round_percent`), never from the rounded value.
- `met` compares exactly (n·100 ≥ target·d), never the rounded percent. With a denominator of 0:
  indicators 3, 4a, 4b and 5 are met (nothing is required: no hardship case, no BCH, not
  eligible); indicators 1 and 2 are NOT met, because their denominator is an HR figure and 0
  means the workforce figures for the period were not entered.
- `missing` = max(d − n, 0): the people (or cases) not yet covered, the length of the gap list.
  `needed_for_target` is how many more reach the target (fewer than `missing` for 4b at 75 %).
- Indicator 5 at the upper level is a share of units, 100 % for public-service and state
  enterprise unions and 70 % for non-state ones (`WOMEN_COMMITTEE_TARGET_BY_SECTOR`); at a
  single unit the question is yes/no, so its target is 100 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.periods import Period

IDS: tuple[str, ...] = ("1", "2", "3", "4a", "4b", "5")

TITLES: dict[str, str] = {
    "1": "Kết nạp đoàn viên",
    "2": "Học tập, quán triệt",
    "3": "Thăm hỏi đoàn viên khó khăn",
    "4a": "Ủy viên BCH được tập huấn",
    "4b": "Tổ trưởng, tổ phó được tập huấn",
    "5": "Ban nữ công quần chúng",
}

# What each indicator counts, for tooltips and the gap list dialog.
DESCRIPTIONS: dict[str, str] = {
    "1": "Đoàn viên đang sinh hoạt tại ngày chốt số liệu / số người lao động đủ điều kiện kết nạp",
    "2": "Số người tham gia ít nhất một buổi học tập, quán triệt trong kỳ (đoàn viên tính theo tên, "
         "người ngoài công đoàn theo số lượng) / tổng số CCVCLĐ",
    "3": "Số trường hợp khó khăn trong kỳ đã được thăm hỏi, hỗ trợ / số trường hợp khó khăn trong kỳ",
    "4a": "Ủy viên Ban Chấp hành đã được tập huấn nghiệp vụ công tác công đoàn / số ủy viên Ban Chấp hành",
    "4b": "Tổ trưởng, tổ phó công đoàn đã được tập huấn nghiệp vụ / số tổ trưởng, tổ phó",
    "5": "Công đoàn đủ điều kiện đã thành lập Ban nữ công quần chúng",
}

TARGETS: dict[str, float] = {"1": 100.0, "2": 100.0, "3": 100.0, "4a": 100.0, "4b": 75.0, "5": 100.0}

# Denominator 0: met when nothing is required, not met when the HR figure is missing.
MET_WHEN_EMPTY: dict[str, bool] = {"1": False, "2": False, "3": True, "4a": True, "4b": True, "5": True}

# Upper level: share of eligible units with a women's committee, by sector.
WOMEN_COMMITTEE_TARGET_BY_SECTOR: dict[Sector, float] = {
    Sector.PUBLIC_SERVICE: 100.0,
    Sector.STATE_ENTERPRISE: 100.0,
    Sector.NON_STATE: 70.0,
}


def round_percent(numerator: int, denominator: int, digits: int = 2) -> Decimal | None:
    """100·n/d rounded half up to `digits` decimals from the exact fraction (12/384 → 3.13,
    1/16 → 6.3 at one decimal): the one rounding rule of JSON, screens, PDFs and spreadsheets."""
    if denominator <= 0:
        return None
    exact = Fraction(100 * numerator, denominator)
    scaled = exact * 10 ** digits
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:  # half up (numerator and denominator are not negative)
        whole += 1
    return Decimal(whole).scaleb(-digits)


def round_half_up(value: float, digits: int = 1) -> Decimal:
    """A float (a target, a stored percent) rounded half up from its shortest decimal text."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def percent_of(numerator: int, denominator: int) -> float | None:
    rounded = round_percent(numerator, denominator, 2)
    return None if rounded is None else float(rounded)


def is_met(numerator: int, denominator: int, target: float, met_when_empty: bool = True) -> bool:
    if denominator <= 0:
        return met_when_empty
    return Fraction(numerator) * 100 >= Fraction(str(target)) * denominator


def missing_count(numerator: int, denominator: int) -> int:
    return max(denominator - numerator, 0)


def needed_for_target(numerator: int, denominator: int, target: float) -> int:
    """How many more people (cases) reach the target: ceil(target·d/100) − n, at least 0."""
    required = -(-(Fraction(str(target)) * denominator) // 100)  # ceiling
    return max(int(required) - numerator, 0)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    numerator: int
    denominator: int
    percent: float | None
    target: float | None
    met: bool
    missing: int
    # Upper level, indicator 5 over all sectors: one result per sector against its own target
    # (100 % or 70 %); `target` is then None (no blended target).
    parts: tuple[SectorResult, ...] = field(default=())

    def percent_text(self, digits: int = 1) -> str:
        """The percent as shown on screen and paper: '62,5 %', '—' when the denominator is 0."""
        rounded = round_percent(self.numerator, self.denominator, digits)
        return "—" if rounded is None else f"{rounded:.{digits}f}".replace(".", ",") + " %"

    def percent_rounded(self, digits: int = 1) -> float | None:
        rounded = round_percent(self.numerator, self.denominator, digits)
        return None if rounded is None else float(rounded)

    @property
    def needed_for_target(self) -> int:
        if self.target is None:
            return sum(part.needed for part in self.parts)
        return needed_for_target(self.numerator, self.denominator, self.target)

    @property
    def applicable(self) -> bool:
        return self.denominator > 0

    def to_json_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "numerator": self.numerator, "denominator": self.denominator,
               "percent": self.percent, "target": self.target, "met": self.met, "missing": self.missing}
        if self.parts:
            out["by_sector"] = [part.to_json_dict() for part in self.parts]
        return out


@dataclass(frozen=True, slots=True)
class SectorResult:
    """Indicator 5 of one sector at the upper level: eligible units with a committee / eligible
    units, against the sector's own target."""

    sector: str  # Sector value
    label: str
    numerator: int
    denominator: int
    target: float

    @property
    def percent(self) -> float | None:
        return percent_of(self.numerator, self.denominator)

    @property
    def met(self) -> bool:
        return is_met(self.numerator, self.denominator, self.target, True)

    @property
    def needed(self) -> int:
        return needed_for_target(self.numerator, self.denominator, self.target)

    def text(self) -> str:
        """'DNNN 3/4 (75,0 %) / 100 %: Chưa đạt'."""
        if self.denominator == 0:
            return f"{self.label}: không có đơn vị đủ điều kiện"
        rounded = round_percent(self.numerator, self.denominator, 1)
        verdict = "Đạt" if self.met else "Chưa đạt"
        return (f"{self.label}: {self.numerator}/{self.denominator} ({str(rounded).replace('.', ',')} %), "
                f"mục tiêu {self.target:.0f} % – {verdict}")

    def to_json_dict(self) -> dict[str, Any]:
        return {"sector": self.sector, "numerator": self.numerator, "denominator": self.denominator,
                "percent": self.percent, "target": self.target, "met": self.met,
                "missing": missing_count(self.numerator, self.denominator)}


def make_indicator(indicator_id: str, numerator: int, denominator: int, target: float | None = None,
                   missing: int | None = None) -> Indicator:
    """One indicator judged by the rules above. `missing` overrides d − n (upper-level totals:
    the sum of each unit's own gap)."""
    if indicator_id not in TARGETS:
        raise ValueError(f"unknown indicator {indicator_id!r}")
    numerator, denominator = int(numerator), max(int(denominator), 0)
    goal = TARGETS[indicator_id] if target is None else float(target)
    return Indicator(indicator_id, TITLES[indicator_id], numerator, denominator, percent_of(numerator, denominator),
                     goal, is_met(numerator, denominator, goal, MET_WHEN_EMPTY[indicator_id]),
                     missing_count(numerator, denominator) if missing is None else int(missing))


def women_committee_fraction(eligible: bool, established: bool) -> tuple[int, int]:
    """Indicator 5 at one unit: (1, 1) established, (0, 1) eligible but not, (0, 0) not eligible."""
    if not eligible:
        return (0, 0)
    return (1 if established else 0, 1)


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    unit_code: str
    period: str  # period code: 2025, 2025H1, 2025H2
    as_of: dt.date
    indicators: tuple[Indicator, ...]
    # The period whose workforce figures gave the denominators of 1 and 2 (None: no figures);
    # another period's code means a fallback, which every output says.
    workforce_period: str | None = None

    @property
    def workforce_fallback(self) -> bool:
        return self.workforce_period is not None and self.workforce_period != self.period

    def workforce_note(self) -> str:
        """One Vietnamese line for outputs that use a fallback ('' otherwise)."""
        if self.workforce_period is None:
            return "Chưa có số liệu lao động của kỳ này (chỉ tiêu 1 và 2: thiếu số liệu)."
        if not self.workforce_fallback:
            return ""
        return (f"Kỳ này chưa nhập số liệu lao động: chỉ tiêu 1 và 2 dùng số liệu của kỳ "
                f"{Period.parse(self.workforce_period).label.lower()} ({self.workforce_period}).")

    def get(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def to_json_dict(self) -> dict[str, Any]:
        """The object of DESIGN 6.1 (`kh06 indicators --json`)."""
        return {"unit_code": self.unit_code, "period": self.period, "as_of": self.as_of.isoformat(),
                "indicators": [indicator.to_json_dict() for indicator in self.indicators],
                "workforce_period": self.workforce_period}


def sum_reports(reports: Iterable[IndicatorReport], unit_code: str, period: str, as_of: dt.date,
                targets: dict[str, float] | None = None) -> IndicatorReport:
    """Totals over units, by `total_of` for each indicator (indicator 5 becomes units with a
    committee / eligible units). `targets` overrides the unit-level targets."""
    by_id: dict[str, list[Indicator]] = {indicator_id: [] for indicator_id in IDS}
    for report in reports:
        for indicator in report.indicators:
            by_id[indicator.id].append(indicator)
    goals = targets or {}
    return IndicatorReport(unit_code, period, as_of, tuple(
        total_of(indicator_id, parts, goals.get(indicator_id)) for indicator_id, parts in by_id.items()))


def total_of(indicator_id: str, parts: Iterable[Indicator], target: float | None = None) -> Indicator:
    """One indicator over units, as a reader checks it by hand: only units with data for it
    (denominator > 0) are added, so a unit without workforce figures adds neither people reached
    nor a denominator; `missing` is the sum of each unit's own gap (one unit over its target
    does not hide another's shortfall)."""
    counted = [part for part in parts if part.denominator > 0]
    return make_indicator(indicator_id, sum(p.numerator for p in counted), sum(p.denominator for p in counted),
                          target, missing=sum(p.missing for p in counted))


def with_target(indicator: Indicator, target: float) -> Indicator:
    """The same counts judged against another target."""
    return replace(indicator, target=target,
                   met=is_met(indicator.numerator, indicator.denominator, target, MET_WHEN_EMPTY[indicator.id]))
