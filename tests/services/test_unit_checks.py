"""Unit checks: BCH size and women's committee warnings as of a day."""

from __future__ import annotations

import datetime as dt

from kh06_indicator_fixtures import UnitBuilder

from kh06_desktop.services.unit.unit_checks import unit_counts, unit_warnings, women_committee_status

D = dt.date


def test_counts_and_warnings_follow_the_day(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    women = b.members(12, gender="F")
    b.members(8)
    b.member(joined=D(2026, 1, 1))  # joins later: not counted on 30/11/2025
    bch = women[:2]
    for member_id in bch:
        b.position(member_id, "bch_member")
    b.position(women[2], "chair", end=D(2025, 6, 30))  # ended before the day
    with db.reading() as session:
        counts = unit_counts(session, unit.id, D(2025, 11, 30))
    assert (counts.members, counts.female_members, counts.bch_members) == (20, 12, 2)
    warnings = unit_warnings(db, unit.id, D(2025, 11, 30))
    assert any("quy định từ 3 đến 15" in w for w in warnings)
    assert any("chưa thành lập" in w for w in warnings)
    with db.reading() as session:
        assert unit_counts(session, unit.id, D(2025, 5, 31)).bch_members == 3  # the chair still held the post


def test_committee_established_and_sized(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    women = b.members(10, gender="F")
    for member_id in women[:3]:
        b.position(member_id, "bch_member")
    b.position(women[3], "women_head")
    b.position(women[4], "women_member")
    b.women_committee(True, decision_date=D(2025, 3, 1))
    status = women_committee_status(db, unit.id, D(2025, 5, 31))
    assert status.eligibility.eligible and status.established
    assert not women_committee_status(db, unit.id, D(2025, 2, 1)).established  # before the decision
    assert unit_warnings(db, unit.id, D(2025, 5, 31)) == [
        "Ban nữ công hiện có 2 thành viên; quy định tối thiểu 3 người"]


def test_manual_override_changes_eligibility(db, unit) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    b.members(4, gender="F")
    b.women_committee(False, override=True, reason="Theo hướng dẫn của công đoàn cấp trên")
    status = women_committee_status(db, unit.id, D(2025, 5, 31))
    assert status.eligibility.eligible and status.eligibility.overridden
