"""Study and dissemination sessions (học tập, quán triệt, tiếp nhận thông tin): target 2.

Members attend by name; workers who are not members are recorded as a count per session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kh06_desktop.services import audit
from kh06_desktop.services.errors import NotFound
from kh06_desktop.services.period_close import ensure_period_open
from kh06_desktop.services.record_common import (
    AttendeeRow,
    Issues,
    attendee_rows,
    check_count,
    check_date,
    check_text,
    delete_attendee,
    group_member_ids,
    insert_attendees,
    raise_if,
)
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import StudyAttendee, StudySession

FIELDS = ("topic", "date", "place", "non_member_count")

# Topics offered in the form (free text is allowed too): what the plan asks units to disseminate.
TOPICS = ("Quán triệt Nghị quyết 02-NQ/TW", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
          "(Chỉ thị 05-CT/TW)", "Phổ biến Bộ luật Lao động", "Phổ biến Luật Công đoàn",
          "Phổ biến nội quy, quy chế của doanh nghiệp", "Phổ biến pháp luật về an toàn, vệ sinh lao động")


@dataclass(frozen=True, slots=True)
class StudyRow:
    id: int
    unit_id: int
    topic: str
    date: dt.date
    place: str | None
    non_member_count: int
    member_count: int

    @property
    def total(self) -> int:
        return self.member_count + self.non_member_count


def _clean(topic: object, date: object, place: object, non_member_count: object,
           today: dt.date | None) -> dict[str, object]:
    issues: Issues = []
    values = {
        "topic": check_text(topic, "topic", "Nội dung học tập", issues),
        "date": check_date(date, "date", "Ngày tổ chức", issues, today=today),
        "place": check_text(place, "place", "Địa điểm", issues, required=False),
        "non_member_count": check_count(non_member_count, "non_member_count", "Số người dự chưa là đoàn viên",
                                        issues),
    }
    raise_if(issues)
    return values


def _session(session: Session, session_id: int) -> StudySession:
    study = session.get(StudySession, session_id)
    if study is None:
        raise NotFound("Không tìm thấy buổi học tập")
    return study


def list_studies(db: Database, unit_id: int, start: dt.date | None = None,
                 end: dt.date | None = None) -> list[StudyRow]:
    """Sessions of the unit held within [start, end], newest first."""
    with db.reading() as session:
        counts = (select(StudyAttendee.session_id, func.count().label("n"))
                  .group_by(StudyAttendee.session_id).subquery())
        query = (select(StudySession.id, StudySession.unit_id, StudySession.topic, StudySession.date,
                        StudySession.place, StudySession.non_member_count, func.coalesce(counts.c.n, 0))
                 .outerjoin(counts, counts.c.session_id == StudySession.id)
                 .where(StudySession.unit_id == unit_id)
                 .order_by(StudySession.date.desc(), StudySession.id.desc()))
        if start is not None:
            query = query.where(StudySession.date >= start)
        if end is not None:
            query = query.where(StudySession.date <= end)
        return [StudyRow(*row) for row in session.execute(query)]


def get_study(db: Database, session_id: int) -> StudyRow:
    with db.reading() as session:
        s = _session(session, session_id)
        count = session.scalar(select(func.count()).where(StudyAttendee.session_id == session_id)) or 0
        return StudyRow(s.id, s.unit_id, s.topic, s.date, s.place, s.non_member_count, count)


def create_study(db: Database, unit_id: int, *, topic: object, date: object, place: object = None,
                 non_member_count: object = 0, today: dt.date | None = None) -> int:
    values = _clean(topic, date, place, non_member_count, today)
    with db.transaction() as session:
        ensure_period_open(session, unit_id, values["date"])
        study = StudySession(unit_id=unit_id, **values)
        session.add(study)
        session.flush()
        audit.record(session, "create", "study_session", study.id, unit_id=unit_id, new=values)
        return study.id


def update_study(db: Database, session_id: int, *, topic: object, date: object, place: object = None,
                 non_member_count: object = 0, today: dt.date | None = None) -> None:
    values = _clean(topic, date, place, non_member_count, today)
    with db.transaction() as session:
        study = _session(session, session_id)
        ensure_period_open(session, study.unit_id, study.date, values["date"])
        old = audit.row_values(study, FIELDS)
        for key, value in values.items():
            setattr(study, key, value)
        audit.record(session, "update", "study_session", session_id, unit_id=study.unit_id, old=old, new=values)


def delete_study(db: Database, session_id: int) -> None:
    with db.transaction() as session:
        study = _session(session, session_id)
        ensure_period_open(session, study.unit_id, study.date)
        count = session.scalar(select(func.count()).where(StudyAttendee.session_id == session_id)) or 0
        audit.record(session, "delete", "study_session", session_id, unit_id=study.unit_id,
                     old=audit.row_values(study, FIELDS),
                     summary=f"Xóa buổi học tập «{study.topic}» ({count} đoàn viên dự)")
        session.delete(study)


def list_attendees(db: Database, session_id: int) -> list[AttendeeRow]:
    with db.reading() as session:
        _session(session, session_id)
        return attendee_rows(session, StudyAttendee, StudyAttendee.session_id, session_id)


def add_attendees(db: Database, session_id: int, member_ids: Iterable[int]) -> int:
    """Add members to the session; those already listed are skipped. Returns how many were added."""
    with db.transaction() as session:
        study = _session(session, session_id)
        ensure_period_open(session, study.unit_id, study.date)
        added = insert_attendees(session, StudyAttendee, "session_id", session_id, study.unit_id, member_ids)
        if added:
            audit.record(session, "attend", "study_session", session_id, unit_id=study.unit_id,
                         new={"member_ids": added}, summary=f"Thêm {len(added)} người dự «{study.topic}»")
        return len(added)


def add_group(db: Database, session_id: int, group_id: int) -> int:
    """Add every active member of a union group. Returns how many were added."""
    with db.transaction() as session:
        study = _session(session, session_id)
        ensure_period_open(session, study.unit_id, study.date)
        ids = group_member_ids(session, study.unit_id, group_id)
        added = insert_attendees(session, StudyAttendee, "session_id", session_id, study.unit_id, ids)
        if added:
            audit.record(session, "attend", "study_session", session_id, unit_id=study.unit_id,
                         new={"member_ids": added, "group_id": group_id},
                         summary=f"Thêm cả tổ ({len(added)} người) vào «{study.topic}»")
        return len(added)


def remove_attendee(db: Database, session_id: int, member_id: int) -> None:
    with db.transaction() as session:
        study = _session(session, session_id)
        ensure_period_open(session, study.unit_id, study.date)
        if not delete_attendee(session, StudyAttendee, "session_id", session_id, member_id):
            raise NotFound("Đoàn viên này không có trong danh sách dự buổi học tập")
        audit.record(session, "unattend", "study_session", session_id, unit_id=study.unit_id,
                     old={"member_id": member_id})
