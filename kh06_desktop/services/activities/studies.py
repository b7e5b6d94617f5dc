"""Study and dissemination sessions (học tập, quán triệt, tiếp nhận thông tin): target 2.

Members attend by name; workers who are not members are recorded as a count per session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import func, select

from kh06_desktop.services.activities.record_common import (
    AttendedEvent,
    AttendeeRow,
    Issues,
    add_event_attendees,
    add_event_group,
    check_count,
    check_date,
    check_text,
    count_attendees,
    list_event_attendees,
    load_event,
    raise_if,
    remove_event_attendee,
)
from kh06_desktop.services.common import audit
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import StudyAttendee, StudySession

FIELDS = ("topic", "date", "place", "non_member_count")

_EVENT = AttendedEvent(
    StudySession, StudyAttendee, "session_id", "study_session",
    not_found="Không tìm thấy buổi học tập",
    not_listed="Đoàn viên này không có trong danh sách dự buổi học tập",
    day=lambda study: study.date,
    title=lambda study: study.topic,
)

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


class _Values(TypedDict):
    """A checked form; required fields are never None once `raise_if` has passed."""

    topic: str | None
    date: dt.date | None
    place: str | None
    non_member_count: int


def _clean(topic: object, date: object, place: object, non_member_count: object,
           today: dt.date | None) -> _Values:
    issues: Issues = []
    values: _Values = {
        "topic": check_text(topic, "topic", "Nội dung học tập", issues),
        "date": check_date(date, "date", "Ngày tổ chức", issues, today=today),
        "place": check_text(place, "place", "Địa điểm", issues, required=False),
        "non_member_count": check_count(non_member_count, "non_member_count", "Số người dự chưa là đoàn viên",
                                        issues),
    }
    raise_if(issues)
    return values


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
        s = load_event(session, _EVENT, session_id)
        count = count_attendees(session, _EVENT, session_id)
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
        study = load_event(session, _EVENT, session_id)
        ensure_period_open(session, study.unit_id, study.date, values["date"])
        audit.update_row(session, study, values, FIELDS, "study_session", session_id, unit_id=study.unit_id)


def delete_study(db: Database, session_id: int) -> None:
    with db.transaction() as session:
        study = load_event(session, _EVENT, session_id)
        ensure_period_open(session, study.unit_id, study.date)
        count = count_attendees(session, _EVENT, session_id)
        audit.record(session, "delete", "study_session", session_id, unit_id=study.unit_id,
                     old=audit.row_values(study, FIELDS),
                     summary=f"Xóa buổi học tập «{study.topic}» ({count} đoàn viên dự)")
        session.delete(study)


def list_attendees(db: Database, session_id: int) -> list[AttendeeRow]:
    return list_event_attendees(db, _EVENT, session_id)


def add_attendees(db: Database, session_id: int, member_ids: Iterable[int]) -> int:
    """Add members to the session; those already listed are skipped. Returns how many were added."""
    return add_event_attendees(db, _EVENT, session_id, member_ids)


def add_group(db: Database, session_id: int, group_id: int) -> int:
    """Add every active member of a union group. Returns how many were added."""
    return add_event_group(db, _EVENT, session_id, group_id)


def remove_attendee(db: Database, session_id: int, member_id: int) -> None:
    remove_event_attendee(db, _EVENT, session_id, member_id)
