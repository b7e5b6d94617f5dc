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
- `percent` is None when the denominator is 0; otherwise 100·n/d rounded to two decimals (it may
  exceed 100, e.g. indicator 2 counts non-members too).
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
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from kh06_desktop.domain.enums import Sector

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


def percent_of(numerator: int, denominator: int) -> float | None:
    if denominator <= 0:
        return None
    return round(100.0 * numerator / denominator, 2)


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
    target: float
    met: bool
    missing: int

    @property
    def needed_for_target(self) -> int:
        return needed_for_target(self.numerator, self.denominator, self.target)

    @property
    def applicable(self) -> bool:
        return self.denominator > 0

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "numerator": self.numerator, "denominator": self.denominator,
                "percent": self.percent, "target": self.target, "met": self.met, "missing": self.missing}


def make_indicator(indicator_id: str, numerator: int, denominator: int, target: float | None = None) -> Indicator:
    if indicator_id not in TARGETS:
        raise ValueError(f"unknown indicator {indicator_id!r}")
    numerator, denominator = int(numerator), max(int(denominator), 0)
    goal = TARGETS[indicator_id] if target is None else float(target)
    return Indicator(indicator_id, TITLES[indicator_id], numerator, denominator, percent_of(numerator, denominator),
                     goal, is_met(numerator, denominator, goal, MET_WHEN_EMPTY[indicator_id]),
                     missing_count(numerator, denominator))


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

    def get(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def to_json_dict(self) -> dict[str, Any]:
        """The object of DESIGN 6.1 (`kh06 indicators --json`)."""
        return {"unit_code": self.unit_code, "period": self.period, "as_of": self.as_of.isoformat(),
                "indicators": [indicator.to_json_dict() for indicator in self.indicators]}


def sum_reports(reports: Iterable[IndicatorReport], unit_code: str, period: str, as_of: dt.date,
                targets: dict[str, float] | None = None) -> IndicatorReport:
    """Totals over units: numerators and denominators added (indicator 5 becomes units with a
    committee / eligible units). `targets` overrides the unit-level targets (e.g. indicator 5's
    sector share at the upper level)."""
    sums = {indicator_id: [0, 0] for indicator_id in IDS}
    for report in reports:
        for indicator in report.indicators:
            sums[indicator.id][0] += indicator.numerator
            sums[indicator.id][1] += indicator.denominator
    goals = targets or {}
    return IndicatorReport(unit_code, period, as_of, tuple(
        make_indicator(indicator_id, n, d, goals.get(indicator_id)) for indicator_id, (n, d) in sums.items()))


def with_target(indicator: Indicator, target: float) -> Indicator:
    """The same counts judged against another target."""
    return replace(indicator, target=target,
                   met=is_met(indicator.numerator, indicator.denominator, target, MET_WHEN_EMPTY[indicator.id]))
