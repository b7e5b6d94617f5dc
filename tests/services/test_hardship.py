"""Hardship cases and their support: validation, totals, period filter, sensitive details."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from kh06_desktop.domain.enums import Gender, SupportKind
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import default_given_name
from kh06_desktop.services.activities import hardship
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.members.members import create_member
from kh06_desktop.store.models import AuditEntry

TODAY = dt.date(2025, 12, 15)


def add_member(db, unit, name, group=None):
    draft = MemberDraft(name, default_given_name(name), Gender.FEMALE, None, None, None, group, None,
                        dt.date(2020, 1, 1), None, None)
    return create_member(db, unit.id, draft)


def test_case_with_support_and_totals(db, unit):
    m = add_member(db, unit, "Hoàng Thị Nga", "Tổ Đóng gói")
    cid = hardship.create_case(db, unit.id, member_id=m, reason="Ốm đau dài ngày",
                               details="Điều trị ung thư tại Bệnh viện K", opened_on="03/03/2025", today=TODAY)
    rows = hardship.list_cases(db, unit.id)
    assert len(rows) == 1 and not rows[0].supported
    assert (rows[0].member_name, rows[0].group_name) == ("Hoàng Thị Nga", "Tổ Đóng gói")
    hardship.add_support(db, cid, date="05/03/2025", kind="visit", value_vnd="500.000",
                         fund_source="Quỹ xã hội công đoàn", today=TODAY)
    hardship.add_support(db, cid, date="20/04/2025", kind=SupportKind.ALLOWANCE, value_vnd=2_000_000,
                         fund_source="Công đoàn cấp trên hỗ trợ", today=TODAY)
    row = hardship.list_cases(db, unit.id)[0]
    assert (row.support_count, row.support_total_vnd, row.last_support) == (2, 2_500_000, dt.date(2025, 4, 20))
    support = hardship.list_support(db, cid)
    assert [(s.kind, s.value_vnd) for s in support] == [(SupportKind.VISIT, 500_000),
                                                         (SupportKind.ALLOWANCE, 2_000_000)]
    totals = hardship.hardship_totals(db, unit.id)
    assert (totals.cases, totals.supported_cases, totals.support_count, totals.total_vnd) == (1, 1, 2, 2_500_000)


def test_sensitive_details_not_in_lists_or_audit(db, unit):
    m = add_member(db, unit, "Hoàng Thị Nga")
    cid = hardship.create_case(db, unit.id, member_id=m, reason="Ốm đau dài ngày",
                               details="Điều trị ung thư", opened_on="03/03/2025", today=TODAY)
    assert not hasattr(hardship.list_cases(db, unit.id)[0], "details")
    assert hardship.get_case(db, cid).details == "Điều trị ung thư"
    hardship.update_case(db, cid, member_id=m, reason="Bệnh hiểm nghèo", details="Điều trị hóa chất",
                         opened_on="03/03/2025", today=TODAY)
    with db.reading() as s:
        logged = " ".join(v or "" for v in s.scalars(select(AuditEntry.new_values).where(
            AuditEntry.entity == "hardship_case")))
    assert "ung thư" not in logged and "hóa chất" not in logged and "Bệnh hiểm nghèo" in logged


def test_period_filter_and_unsupported(db, unit):
    m = add_member(db, unit, "Hoàng Thị Nga")
    old = hardship.create_case(db, unit.id, member_id=m, reason="Tai nạn lao động", opened_on="10/10/2024",
                               closed_on="20/11/2024", today=TODAY)
    ongoing = hardship.create_case(db, unit.id, member_id=m, reason="Ốm đau dài ngày", opened_on="10/11/2024",
                                   today=TODAY)
    late = hardship.create_case(db, unit.id, member_id=m, reason="Thiên tai, bão lũ", opened_on="15/09/2025",
                                today=TODAY)
    hardship.add_support(db, late, date="16/09/2025", kind="gift", value_vnd=1_000_000, today=TODAY)
    h1 = [r.id for r in hardship.list_cases(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 5, 31))]
    assert h1 == [ongoing]  # closed before the period: out; opened after: out
    year = hardship.list_cases(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    assert [r.id for r in year] == [late, ongoing]
    unsupported = hardship.list_cases(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 11, 30),
                                      unsupported_only=True)
    assert [r.id for r in unsupported] == [ongoing]
    assert old in [r.id for r in hardship.list_cases(db, unit.id)]


def test_validation_messages(db, unit):
    m = add_member(db, unit, "Hoàng Thị Nga")
    with pytest.raises(InvalidInput) as err:
        hardship.create_case(db, unit.id, member_id=None, reason="", opened_on="", today=TODAY)
    assert {f for f, _ in err.value.issues} == {"member_id", "reason", "opened_on"}
    with pytest.raises(InvalidInput, match="Ngày kết thúc trước ngày ghi nhận"):
        hardship.create_case(db, unit.id, member_id=m, reason="Ốm", opened_on="05/05/2025", closed_on="01/05/2025",
                             today=TODAY)
    cid = hardship.create_case(db, unit.id, member_id=m, reason="Ốm", opened_on="05/05/2025", today=TODAY)
    with pytest.raises(InvalidInput) as err:
        hardship.add_support(db, cid, date="04/05/2025", kind="cash", value_vnd="-5", today=TODAY)
    text = str(err.value)
    assert "trước ngày ghi nhận hoàn cảnh (05/05/2025)" in text
    assert "Chưa chọn hình thức hỗ trợ" in text and "Số tiền không được âm" in text
    with pytest.raises(InvalidInput, match="chỉ gồm chữ số, ví dụ 1.500.000"):
        hardship.add_support(db, cid, date="06/05/2025", kind="gift", value_vnd="1,5 triệu", today=TODAY)
    with pytest.raises(InvalidInput, match="số đồng chẵn"):
        hardship.add_support(db, cid, date="06/05/2025", kind="gift", value_vnd=1.5, today=TODAY)
    sid = hardship.add_support(db, cid, date="06/05/2025", kind="gift", value_vnd="300.000 đ", today=TODAY)
    with pytest.raises(InvalidInput, match="Đã có lần hỗ trợ ngày 06/05/2025"):
        hardship.update_case(db, cid, member_id=m, reason="Ốm", opened_on="10/05/2025", today=TODAY)
    hardship.update_support(db, sid, date="07/05/2025", kind="visit", value_vnd=0, fund_source="Quỹ xã hội công đoàn",
                            today=TODAY)
    assert hardship.list_support(db, cid)[0].kind is SupportKind.VISIT
    hardship.delete_support(db, sid)
    assert hardship.list_support(db, cid) == []
    hardship.delete_case(db, cid)
    with pytest.raises(NotFound, match="trường hợp khó khăn"):
        hardship.get_case(db, cid)
