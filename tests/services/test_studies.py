"""Study sessions: validation, non-member count, period filter, attendees."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from kh06_desktop.domain.enums import Gender
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import default_given_name
from kh06_desktop.services.activities import studies
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.members.members import create_member, get_member
from kh06_desktop.store.models import AuditEntry, StudyAttendee

TODAY = dt.date(2025, 12, 15)


def add_member(db, unit, name, group=None):
    draft = MemberDraft(name, default_given_name(name), Gender.FEMALE, None, None, None, group, None,
                        dt.date(2020, 1, 1), None, None)
    return create_member(db, unit.id, draft)


def test_create_list_in_period(db, unit):
    a = studies.create_study(db, unit.id, topic="Quán triệt Nghị quyết 02-NQ/TW", date="15/04/2025",
                             place="Hội trường công ty", non_member_count="12", today=TODAY)
    b = studies.create_study(db, unit.id, topic="Phổ biến Bộ luật Lao động", date=dt.date(2025, 8, 20),
                             today=TODAY)
    row = studies.get_study(db, a)
    assert (row.topic, row.date, row.non_member_count, row.member_count, row.total) == (
        "Quán triệt Nghị quyết 02-NQ/TW", dt.date(2025, 4, 15), 12, 0, 12)
    h1 = studies.list_studies(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 5, 31))
    assert [r.id for r in h1] == [a]
    assert [r.id for r in studies.list_studies(db, unit.id)] == [b, a]


def test_validation(db, unit):
    with pytest.raises(InvalidInput) as err:
        studies.create_study(db, unit.id, topic="", date="", non_member_count="-3", today=TODAY)
    assert {f for f, _ in err.value.issues} == {"topic", "date", "non_member_count"}
    assert "Chưa nhập nội dung học tập" in str(err.value)
    assert "Số người dự chưa là đoàn viên không được âm" in str(err.value)
    with pytest.raises(InvalidInput, match="phải là số nguyên"):
        studies.create_study(db, unit.id, topic="X", date="01/02/2025", non_member_count="mười", today=TODAY)


def test_attendees_and_group(db, unit):
    sid = studies.create_study(db, unit.id, topic="Quán triệt Nghị quyết 02-NQ/TW", date="15/04/2025",
                               today=TODAY)
    m1 = add_member(db, unit, "Đặng Thị Mai", "Tổ Kho vận")
    m2 = add_member(db, unit, "Vũ Thị Thu", "Tổ Kho vận")
    m3 = add_member(db, unit, "Ngô Thị Yến")
    assert studies.add_attendees(db, sid, [m3]) == 1
    assert studies.add_group(db, sid, get_member(db, m1).group_id) == 2
    assert studies.add_group(db, sid, get_member(db, m1).group_id) == 0
    with db.reading() as s:
        assert s.scalar(select(func.count()).where(StudyAttendee.session_id == sid)) == 3
    assert studies.get_study(db, sid).member_count == 3
    studies.remove_attendee(db, sid, m2)
    assert [a.full_name for a in studies.list_attendees(db, sid)] == ["Đặng Thị Mai", "Ngô Thị Yến"]
    with pytest.raises(NotFound, match="tổ công đoàn"):
        studies.add_group(db, sid, 12345)


def test_update_delete_audited(db, unit):
    sid = studies.create_study(db, unit.id, topic="Chỉ thị 05-CT/TW", date="01/03/2025", today=TODAY)
    studies.update_study(db, sid, topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                         date="02/03/2025", place="Phòng họp", non_member_count=4, today=TODAY)
    assert studies.get_study(db, sid).non_member_count == 4
    studies.delete_study(db, sid)
    with pytest.raises(NotFound, match="buổi học tập"):
        studies.get_study(db, sid)
    with db.reading() as s:
        assert list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "study_session"))) == [
            "create", "update", "delete"]
