"""Indicator arithmetic: percent, met (exact), missing, needed for target, JSON shape, sums."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.indicators import (
    IDS,
    TARGETS,
    IndicatorReport,
    is_met,
    make_indicator,
    needed_for_target,
    percent_of,
    sum_reports,
    with_target,
    women_committee_fraction,
)


def test_ids_and_targets_follow_the_plan() -> None:
    assert IDS == ("1", "2", "3", "4a", "4b", "5")
    assert TARGETS == {"1": 100.0, "2": 100.0, "3": 100.0, "4a": 100.0, "4b": 75.0, "5": 100.0}


def test_percent_rounds_to_two_decimals_and_is_none_without_denominator() -> None:
    assert percent_of(7, 8) == 87.5
    assert percent_of(2, 3) == 66.67
    assert percent_of(130, 120) == 108.33
    assert percent_of(0, 0) is None


def test_met_is_exact_not_from_the_rounded_percent() -> None:
    assert is_met(3, 4, 75.0)
    assert not is_met(2, 3, 75.0)
    assert not is_met(9999, 10000, 100.0)  # 99.99 % is not 100 %
    assert is_met(121, 120, 100.0)


@pytest.mark.parametrize(("indicator_id", "met"), [("1", False), ("2", False), ("3", True), ("4a", True),
                                                   ("4b", True), ("5", True)])
def test_empty_denominator(indicator_id: str, met: bool) -> None:
    indicator = make_indicator(indicator_id, 0, 0)
    assert indicator.percent is None
    assert indicator.met is met
    assert indicator.missing == 0
    assert not indicator.applicable


def test_missing_and_needed_for_target() -> None:
    leaders = make_indicator("4b", 5, 8)
    assert (leaders.percent, leaders.met, leaders.missing) == (62.5, False, 3)
    assert leaders.needed_for_target == 1  # 75 % of 8 is 6
    assert needed_for_target(6, 8, 75.0) == 0
    assert make_indicator("2", 130, 120).missing == 0


def test_women_committee_fraction() -> None:
    assert women_committee_fraction(True, True) == (1, 1)
    assert women_committee_fraction(True, False) == (0, 1)
    assert women_committee_fraction(False, True) == (0, 0)


def test_json_shape_is_the_contract() -> None:
    report = IndicatorReport("CDCS-1", "2025H1", dt.date(2025, 5, 31),
                             tuple(make_indicator(i, 1, 2) for i in IDS))
    data = report.to_json_dict()
    # DESIGN 6.1's keys, then which period's workforce figures were used (issue 10, F8)
    assert list(data) == ["unit_code", "period", "as_of", "indicators", "workforce_period"]
    assert data["as_of"] == "2025-05-31"
    assert data["indicators"][0] == {"id": "1", "numerator": 1, "denominator": 2, "percent": 50.0,
                                     "target": 100.0, "met": False, "missing": 1}
    assert [item["id"] for item in data["indicators"]] == list(IDS)


def test_sum_reports_and_sector_target() -> None:
    day = dt.date(2025, 11, 30)
    a = IndicatorReport("A", "2025", day, tuple(make_indicator(i, n, d) for i, n, d in
                                                [("1", 9, 10), ("2", 5, 10), ("3", 1, 1), ("4a", 3, 3),
                                                 ("4b", 1, 2), ("5", 1, 1)]))
    b = IndicatorReport("B", "2025", day, tuple(make_indicator(i, n, d) for i, n, d in
                                                [("1", 1, 10), ("2", 5, 10), ("3", 0, 0), ("4a", 0, 3),
                                                 ("4b", 2, 2), ("5", 0, 1)]))
    total = sum_reports([a, b], "TONG", "2025", day, {"5": 70.0})
    assert [(i.numerator, i.denominator) for i in total.indicators] == [(10, 20), (10, 20), (1, 1), (3, 6), (3, 4),
                                                                        (1, 2)]
    assert total.get("5").target == 70.0 and not total.get("5").met
    assert with_target(total.get("5"), 50.0).met
