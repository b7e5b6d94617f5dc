"""Women's committee: eligibility from active female members as of a day, override with a
reason, record, members as positions, size warnings from the Charter's rule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import default_given_name
from kh06_desktop.services.activities import women_committee as wc
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.members.members import change_status, create_member
from kh06_desktop.store.models import AuditEntry

AS_OF = dt.date(2025, 11, 30)
TODAY = dt.date(2025, 12, 15)


def add_member(db, unit, name, gender=Gender.FEMALE, roles=(), join=dt.date(2020, 1, 1)):
    draft = MemberDraft(name, default_given_name(name), gender, None, None, None, None, None, join, None, None,
                        tuple(roles))
    return create_member(db, unit.id, draft)


def women(db, unit, n, **kw):
    return [add_member(db, unit, f"Nguyễn Thị Nữ {i}", **kw) for i in range(n)]


def test_eligibility_counts_active_female_members_as_of(db, unit):
    ids = women(db, unit, 10)
    add_member(db, unit, "Trần Văn Nam", Gender.MALE)
    add_member(db, unit, "Lê Thị Mới", join=dt.date(2025, 12, 1))  # joins after the period end
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert info.female_members == 10 and info.eligible and not info.eligibility.overridden
    assert info.warnings == ("Công đoàn có 10 nữ đoàn viên, đủ điều kiện nhưng chưa thành lập Ban nữ công quần chúng",)
    change_status(db, ids[0], MemberStatus.TRANSFERRED, dt.date(2025, 6, 1))
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert info.female_members == 9 and not info.eligible and info.warnings == ()
    # Still counted as of a day before she left.
    assert wc.get_women_committee(db, unit.id, dt.date(2025, 5, 31)).female_members == 10


def test_override_needs_reason_and_is_applied(db, unit):
    women(db, unit, 4)
    with pytest.raises(InvalidInput, match="ghi rõ lý do") as err:
        wc.save_women_committee(db, unit.id, established=False, eligible_override=True, override_reason="  ")
    assert err.value.issues[0][0] == "override_reason"
    wc.save_women_committee(db, unit.id, established=False, eligible_override=True,
                            override_reason="Công văn 15/CĐCT của công đoàn cấp trên", today=TODAY)
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert info.eligible and info.eligibility.overridden and not info.eligibility.computed
    assert "Công văn 15/CĐCT" in info.eligibility.explanation
    assert info.override_reason == "Công văn 15/CĐCT của công đoàn cấp trên"


def test_established_with_members_and_size_warnings(db, unit):
    women(db, unit, 12)
    bch = [add_member(db, unit, f"Phạm Văn Ủy {i}", Gender.MALE, roles=[Role.BCH_MEMBER]) for i in range(5)]
    assert len(bch) == 5
    wc.save_women_committee(db, unit.id, established=True, decision_number="12/QĐ-CĐCS",
                            decision_date="15/03/2025", today=TODAY)
    heads = women(db, unit, 2)
    wc.add_committee_member(db, unit.id, heads[0], Role.WOMEN_HEAD, dt.date(2025, 3, 15))
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert info.established and info.decision_number == "12/QĐ-CĐCS" and info.decision_date == dt.date(2025, 3, 15)
    assert info.bch_size == 5 and info.max_size == 3
    assert [m.role for m in info.members] == [Role.WOMEN_HEAD]
    assert info.warnings == ("Ban nữ công hiện có 1 thành viên; quy định tối thiểu 3 người",)
    extra = women(db, unit, 3)
    wc.add_committee_member(db, unit.id, heads[1], Role.WOMEN_DEPUTY, dt.date(2025, 3, 15))
    for mid in extra:
        wc.add_committee_member(db, unit.id, mid, Role.WOMEN_MEMBER, dt.date(2025, 3, 15))
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert len(info.members) == 5 and info.members[0].role is Role.WOMEN_HEAD
    assert info.warnings == ("Ban nữ công có 5 thành viên, vượt quá hai phần ba số ủy viên Ban Chấp hành "
                             "(5 người, tối đa 3 thành viên)",)
    with pytest.raises(InvalidInput, match="đã là thành viên Ban nữ công"):
        wc.add_committee_member(db, unit.id, extra[0], Role.WOMEN_MEMBER, dt.date(2025, 4, 1))
    wc.end_committee_member(db, info.members[-1].position_id, dt.date(2025, 6, 1))
    wc.end_committee_member(db, info.members[-2].position_id, dt.date(2025, 6, 1))
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert len(info.members) == 3 and info.warnings == ()
    # Before the two left, the committee was still too large.
    assert len(wc.get_women_committee(db, unit.id, dt.date(2025, 5, 31)).members) == 5


def test_save_validation_and_audit(db, unit):
    with pytest.raises(InvalidInput, match="Ngày quyết định"):
        wc.save_women_committee(db, unit.id, established=True, decision_number="1/QĐ", decision_date="32/01/2025")
    wc.save_women_committee(db, unit.id, established=True, decision_number="1/QĐ", decision_date="02/01/2025",
                            today=TODAY)
    wc.save_women_committee(db, unit.id, established=False, decision_number="1/QĐ", decision_date="02/01/2025",
                            today=TODAY)
    info = wc.get_women_committee(db, unit.id, AS_OF)
    assert not info.established and info.decision_number is None  # not established: no decision kept
    with db.reading() as s:
        assert list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "women_committee"))) == [
            "create", "update"]
    with pytest.raises(InvalidInput, match="không thuộc Ban nữ công"):
        wc.add_committee_member(db, unit.id, 1, Role.CHAIR)


def test_decision_after_the_period_end_does_not_count_yet(db, unit):
    women(db, unit, 10)
    wc.save_women_committee(db, unit.id, established=True, decision_number="3/QĐ-CĐCS", decision_date="10/12/2025",
                            today=TODAY)
    info = wc.get_women_committee(db, unit.id, AS_OF)  # 30/11/2025, before the decision
    assert info.established and not info.established_as_of
    assert "đủ điều kiện nhưng chưa thành lập" in info.warnings[0]
    assert wc.get_women_committee(db, unit.id, dt.date(2025, 12, 15)).established_as_of
