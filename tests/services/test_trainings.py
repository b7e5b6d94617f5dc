"""Trainings: validation, period filter, attendees by id and by whole group, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from kh06_desktop.domain.enums import Gender, MemberStatus
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import default_given_name
from kh06_desktop.services.activities import trainings
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.members.members import change_status, create_member
from kh06_desktop.store.models import AuditEntry, TrainingAttendee

TODAY = dt.date(2025, 12, 15)


def add_member(db, unit, name, group=None, gender=Gender.FEMALE):
    draft = MemberDraft(name, default_given_name(name), gender, dt.date(1990, 1, 1), None, None, group, None,
                        dt.date(2020, 1, 1), None, None)
    return create_member(db, unit.id, draft)


def new_training(db, unit, **kw):
    values = dict(title="Tập huấn nghiệp vụ công tác công đoàn năm 2025", start_date="12/03/2025",
                  end_date="13/03/2025", level="Công đoàn cấp trên trực tiếp", place="Hội trường tầng 3",
                  today=TODAY)
    values.update(kw)
    return trainings.create_training(db, unit.id, **values)


def test_create_and_read_back(db, unit):
    tid = new_training(db, unit)
    row = trainings.get_training(db, tid)
    assert row.title == "Tập huấn nghiệp vụ công tác công đoàn năm 2025"
    assert row.start_date == dt.date(2025, 3, 12) and row.end_date == dt.date(2025, 3, 13)
    assert row.level == "Công đoàn cấp trên trực tiếp" and row.attendee_count == 0
    with db.reading() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.entity == "training", AuditEntry.action == "create")) == 1


def test_validation_messages_in_vietnamese(db, unit):
    with pytest.raises(InvalidInput) as err:
        trainings.create_training(db, unit.id, title="  ", start_date="31/02/2025", end_date=None, today=TODAY)
    fields = {f for f, _ in err.value.issues}
    assert fields == {"title", "start_date"}
    assert "Chưa nhập tên lớp tập huấn" in str(err.value)
    assert "Ngày bắt đầu không tồn tại: 31/02/2025" in str(err.value)
    with pytest.raises(InvalidInput, match="Ngày kết thúc trước ngày bắt đầu"):
        new_training(db, unit, start_date="10/03/2025", end_date="09/03/2025")
    with pytest.raises(InvalidInput, match="ở tương lai"):
        new_training(db, unit, start_date="16/12/2025", end_date=None)
    with pytest.raises(InvalidInput, match="dd/mm/yyyy"):
        new_training(db, unit, start_date="2025/03/10")


def test_period_filter_uses_overlap(db, unit):
    a = new_training(db, unit, title="Lớp A", start_date="30/05/2025", end_date="02/06/2025")
    b = new_training(db, unit, title="Lớp B", start_date="10/07/2025", end_date=None)
    c = new_training(db, unit, title="Lớp C", start_date="01/11/2024", end_date="02/11/2024")
    h1 = [r.id for r in trainings.list_trainings(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 5, 31))]
    h2 = [r.id for r in trainings.list_trainings(db, unit.id, dt.date(2025, 6, 1), dt.date(2025, 11, 30))]
    assert h1 == [a]  # starts inside H1
    assert h2 == [b, a]  # newest first; A runs into H2
    assert c in [r.id for r in trainings.list_trainings(db, unit.id)]


def test_attendees_bulk_idempotent_and_group(db, unit):
    tid = new_training(db, unit)
    m1 = add_member(db, unit, "Nguyễn Thị Hoa", "Tổ Cơ khí")
    m2 = add_member(db, unit, "Trần Văn Bình", "Tổ Cơ khí", Gender.MALE)
    m3 = add_member(db, unit, "Lê Thị Lan", "Tổ Văn phòng")
    left = add_member(db, unit, "Phạm Văn Hùng", "Tổ Cơ khí", Gender.MALE)
    change_status(db, left, MemberStatus.LEFT, dt.date(2025, 1, 5))
    assert trainings.add_attendees(db, tid, [m1, m3, m1]) == 2
    assert trainings.add_attendees(db, tid, [m1, m3]) == 0  # already listed
    group_id = _group_id(db, m1)
    assert trainings.add_group(db, tid, group_id) == 1  # m2 only: m1 already there, the leaver not
    names = [a.full_name for a in trainings.list_attendees(db, tid)]
    assert names == ["Trần Văn Bình", "Nguyễn Thị Hoa", "Lê Thị Lan"]  # Vietnamese order: Bình, Hoa, Lan
    with db.reading() as s:
        assert set(s.scalars(select(TrainingAttendee.member_id).where(TrainingAttendee.training_id == tid))) == {
            m1, m2, m3}
    assert trainings.get_training(db, tid).attendee_count == 3
    trainings.remove_attendee(db, tid, m2)
    assert [a.member_id for a in trainings.list_attendees(db, tid)] == [m1, m3]
    with pytest.raises(NotFound):
        trainings.remove_attendee(db, tid, m2)


def _group_id(db, member_id):
    from kh06_desktop.services.members.members import get_member
    return get_member(db, member_id).group_id


def test_member_of_another_unit_refused(db, unit):
    tid = new_training(db, unit)
    with pytest.raises(NotFound, match="không thuộc đơn vị"):
        trainings.add_attendees(db, tid, [99999])
    assert trainings.get_training(db, tid).attendee_count == 0


def test_update_and_delete(db, unit):
    tid = new_training(db, unit)
    m1 = add_member(db, unit, "Nguyễn Thị Hoa")
    trainings.add_attendees(db, tid, [m1])
    trainings.update_training(db, tid, title="Tập huấn kỹ năng thương lượng tập thể", start_date="14/03/2025",
                              end_date="14/03/2025", level=None, place=None, today=TODAY)
    row = trainings.get_training(db, tid)
    assert row.title == "Tập huấn kỹ năng thương lượng tập thể" and row.level is None and row.attendee_count == 1
    trainings.delete_training(db, tid)
    with pytest.raises(NotFound, match="Không tìm thấy lớp tập huấn"):
        trainings.get_training(db, tid)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(TrainingAttendee)) == 0
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "training")))
    assert actions == ["create", "attend", "update", "delete"]
