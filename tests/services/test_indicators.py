"""The six indicators on a small hand-computed unit, with each documented edge case.

The `unit` fixture has, for 2025, 120 workers of whom 110 are eligible. The year 2025 runs
from 01/12/2024 to 30/11/2025 (default cut-off days).
"""

from __future__ import annotations

import datetime as dt

import pytest
from kh06_indicator_fixtures import UnitBuilder

from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.indicators.indicators import compute_indicators, gap_list, total_indicators
from kh06_desktop.services.periods.periods import period_bounds, recorded_periods

D = dt.date


@pytest.fixture
def scenario(db, unit):  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    group = b.group("Tổ Sản xuất 1")
    m = {i: b.member(f"Trần Thị Người{i}" if i <= 3 else f"Lê Văn Người{i}", gender="F" if i <= 3 else "M",
                     group_id=group) for i in range(1, 7)}
    m[7] = b.member("Phạm Văn Mới", joined=D(2026, 1, 1))  # joins after the end
    m[8] = b.member("Đỗ Văn Nghỉ", status="left", status_date=D(2025, 6, 30))  # left during the period
    m[9] = b.member("Vũ Văn Sau", status="transferred", status_date=D(2025, 12, 15))  # leaves after the end
    m[10] = b.member("Hồ Văn Không", status="left", status_date=None)  # left, date unknown
    # Study: two sessions in the period, one before it, one after it.
    b.study(D(2025, 3, 10), [m[1], m[2], m[8]], non_members=5)
    b.study(D(2025, 10, 1), [m[1], m[3]], non_members=2)
    b.study(D(2024, 11, 20), [m[4]], non_members=10)
    b.study(D(2025, 12, 5), [m[5]])
    # Hardship cases.
    b.hardship(m[1], D(2025, 2, 1), supports=(D(2025, 2, 10),))  # supported in the period
    b.hardship(m[2], D(2024, 6, 1), supports=(D(2024, 7, 1),))  # still open, supported before: counts
    b.hardship(m[4], D(2025, 9, 1))  # no support: missing
    b.hardship(m[5], D(2024, 1, 1), closed=D(2024, 10, 1))  # closed before the period: excluded
    b.hardship(m[8], D(2025, 4, 1), closed=D(2025, 5, 1), supports=(D(2025, 12, 10),))  # supported too late
    b.hardship(m[6], D(2026, 1, 5), supports=(D(2026, 1, 6),))  # opened after the end: excluded
    # Positions held at the end.
    b.position(m[1], "chair")
    b.position(m[2], "bch_member")
    b.position(m[3], "bch_member", end=D(2025, 6, 30))  # ended before the end
    b.position(m[4], "bch_member")
    b.position(m[4], "group_leader", group_id=group)  # BCH member and group leader
    b.position(m[8], "bch_member")  # still open but the member left
    b.position(m[5], "group_deputy", group_id=group)
    b.position(m[6], "group_leader", start=D(2026, 1, 1))  # starts after the end
    b.position(m[9], "group_leader", group_id=group)
    b.position(m[9], "group_leader")  # leads two groups: one person
    # Trainings.
    b.training(D(2025, 4, 1), [m[1], m[5]])
    b.training(D(2022, 5, 1), [m[4]])  # before the period: trained once counts for the term
    b.training(D(2026, 1, 10), [m[2]])  # after the end
    return m


def _counts(report):  # type: ignore[no-untyped-def]
    return {i.id: (i.numerator, i.denominator) for i in report.indicators}


def test_each_indicator_on_the_scenario(db, unit, scenario) -> None:  # type: ignore[no-untyped-def]
    report = compute_indicators(db, unit.id, "2025")
    assert report.unit_code == "CDCS-TEST" and report.period == "2025" and report.as_of == D(2025, 11, 30)
    assert _counts(report) == {
        "1": (7, 110),  # m1-m6 and m9
        "2": (4 + 7, 120),  # m1, m2, m3, m8 + 5 + 2 non-members
        "3": (2, 4),
        "4a": (2, 3),  # m1 (2025), m4 (2022) of m1, m2, m4
        "4b": (2, 3),  # m4, m5 of m4, m5, m9
        "5": (0, 0),  # 3 female members: not eligible
    }
    by_id = {i.id: i for i in report.indicators}
    assert by_id["4b"].percent == 66.67 and not by_id["4b"].met and by_id["4b"].needed_for_target == 1
    assert by_id["5"].percent is None and by_id["5"].met
    assert by_id["1"].missing == 103


def test_gap_lists_name_who_is_missing(db, unit, scenario) -> None:  # type: ignore[no-untyped-def]
    m = scenario
    assert [g.id for g in gap_list(db, unit.id, "2025", "4a")] == [m[2]]
    leaders = gap_list(db, unit.id, "2025", "4b")
    assert [g.id for g in leaders] == [m[9]] and leaders[0].detail.startswith("Tổ trưởng")
    both = gap_list(db, unit.id, "2025", "4a")[0]
    assert both.kind == "member" and both.group_name == "Tổ Sản xuất 1"
    assert sorted(g.id for g in gap_list(db, unit.id, "2025", "2")) == sorted([m[4], m[5], m[6], m[9]])
    cases = gap_list(db, unit.id, "2025", "3")
    assert [g.kind for g in cases] == ["case", "case"]
    assert [g.name for g in cases] == ["Đỗ Văn Nghỉ", "Lê Văn Người4"]
    units = gap_list(db, unit.id, "2025", "1")
    assert units[0].kind == "unit" and "103" in units[0].name
    assert gap_list(db, unit.id, "2025", "5") == []
    with pytest.raises(InvalidInput):
        gap_list(db, unit.id, "2025", "6")


def test_bch_member_who_is_also_group_leader_counts_in_both(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    person = b.member()
    b.position(person, "bch_member")
    b.position(person, "group_leader")
    report = compute_indicators(db, unit.id, "2025")
    assert _counts(report)["4a"] == (0, 1) and _counts(report)["4b"] == (0, 1)
    b.training(D(2025, 8, 1), [person])
    report = compute_indicators(db, unit.id, "2025")
    assert _counts(report)["4a"] == (1, 1) and _counts(report)["4b"] == (1, 1)


def test_member_who_left_during_the_period(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    gone = b.member(status="left", status_date=D(2025, 3, 1))
    b.position(gone, "bch_member")
    b.study(D(2025, 2, 1), [gone])
    h1 = compute_indicators(db, unit.id, "2025H1")
    year = compute_indicators(db, unit.id, "2025")
    assert _counts(year)["1"][0] == 0 and _counts(year)["4a"] == (0, 0)
    assert _counts(year)["2"][0] == 1  # reached while still a member
    assert _counts(h1)["1"][0] == 0
    assert _counts(compute_indicators(db, unit.id, "2024"))["1"][0] == 1  # a member at 30/11/2024


def test_study_counted_only_within_the_period_window(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    person = b.member()
    b.study(D(2025, 6, 1), [person], non_members=3)  # first day of H2
    assert _counts(compute_indicators(db, unit.id, "2025H1"))["2"][0] == 0
    assert _counts(compute_indicators(db, unit.id, "2025H2"))["2"][0] == 4
    b.study(D(2025, 6, 2), [person])  # the same person again: counted once
    assert _counts(compute_indicators(db, unit.id, "2025"))["2"][0] == 4


def test_women_committee_indicator(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    b.members(10, gender="F")
    assert _counts(compute_indicators(db, unit.id, "2025"))["5"] == (0, 1)
    assert [g.kind for g in gap_list(db, unit.id, "2025", "5")] == ["unit"]
    b.women_committee(True, decision_date=D(2025, 9, 1))
    assert _counts(compute_indicators(db, unit.id, "2025"))["5"] == (1, 1)
    assert _counts(compute_indicators(db, unit.id, "2025H1"))["5"] == (0, 1)  # decided after 31/5


def test_not_eligible_but_overridden(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    b.members(3, gender="F")
    b.women_committee(False, override=True, reason="Hướng dẫn của công đoàn cấp trên")
    assert _counts(compute_indicators(db, unit.id, "2025"))["5"] == (0, 1)


def test_empty_unit_and_missing_workforce(db, unit) -> None:  # type: ignore[no-untyped-def]
    report = compute_indicators(db, unit.id, "2024")  # no workforce figures for 2024 or before
    assert all(i.denominator == 0 and i.percent is None for i in report.indicators)
    assert [i.met for i in report.indicators] == [False, False, True, True, True, True]
    assert gap_list(db, unit.id, "2024", "1")[0].name.startswith("Chưa nhập")


def test_period_bounds_follow_the_settings(db, unit) -> None:  # type: ignore[no-untyped-def]
    assert period_bounds(db, "2025H1") == (D(2024, 12, 1), D(2025, 5, 31))
    assert period_bounds(db, "2025H2") == (D(2025, 6, 1), D(2025, 11, 30))
    set_setting(db, "half_year_end", "30/06")
    set_setting(db, "year_end", "31/12")
    assert period_bounds(db, "2025H1") == (D(2025, 1, 1), D(2025, 6, 30))
    assert compute_indicators(db, unit.id, "2025").as_of == D(2025, 12, 31)


def test_recorded_periods_and_totals(db, unit) -> None:  # type: ignore[no-untyped-def]
    assert [p.code for p in recorded_periods(db, unit.id, include="2025H1")] == ["2025H1", "2025"]
    b = UnitBuilder(db, unit.id)
    b.members(5)
    total = total_indicators(db, "2025")
    assert total.unit_code == "TONG" and total.get("1").numerator == 5 and total.get("1").denominator == 110
