"""Union-work trainings (tập huấn nghiệp vụ công tác công đoàn) and who attended them.

Attendance counts for targets 4a (BCH members) and 4b (group leaders and deputies). Lists
follow the reporting period: a training is shown in a period when its dates meet the period.
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
    check_date,
    check_order,
    check_text,
    count_attendees,
    list_event_attendees,
    load_event,
    overlaps,
    raise_if,
    remove_event_attendee,
)
from kh06_desktop.services.common import audit
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Training, TrainingAttendee

FIELDS = ("title", "level", "start_date", "end_date", "place")

_EVENT = AttendedEvent(
    Training, TrainingAttendee, "training_id", "training",
    not_found="Không tìm thấy lớp tập huấn",
    not_listed="Đoàn viên này không có trong danh sách dự tập huấn",
    day=lambda training: training.start_date,
    title=lambda training: training.title,
)

# Organising levels offered in the form (free text is allowed too).
LEVELS = ("Công đoàn cơ sở", "Công đoàn cấp trên trực tiếp", "Công đoàn Công Thương Việt Nam",
          "Tổng Liên đoàn Lao động Việt Nam", "Liên đoàn Lao động tỉnh, thành phố")


@dataclass(frozen=True, slots=True)
class TrainingRow:
    id: int
    unit_id: int
    title: str
    level: str | None
    start_date: dt.date
    end_date: dt.date | None
    place: str | None
    attendee_count: int


class _Values(TypedDict):
    """A checked form; required fields are never None once `raise_if` has passed."""

    title: str | None
    level: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    place: str | None


def _clean(title: object, level: object, start_date: object, end_date: object, place: object,
           today: dt.date | None) -> _Values:
    issues: Issues = []
    values: _Values = {
        "title": check_text(title, "title", "Tên lớp tập huấn", issues),
        "level": check_text(level, "level", "Cấp tổ chức", issues, required=False, max_len=120),
        "start_date": check_date(start_date, "start_date", "Ngày bắt đầu", issues, today=today),
        "end_date": check_date(end_date, "end_date", "Ngày kết thúc", issues, required=False, today=today),
        "place": check_text(place, "place", "Địa điểm", issues, required=False),
    }
    check_order(values["start_date"], values["end_date"], "end_date", "Ngày kết thúc trước ngày bắt đầu", issues)
    raise_if(issues)
    return values


def list_trainings(db: Database, unit_id: int, start: dt.date | None = None,
                   end: dt.date | None = None) -> list[TrainingRow]:
    """Trainings of the unit whose dates meet [start, end], newest first."""
    with db.reading() as session:
        counts = (select(TrainingAttendee.training_id, func.count().label("n"))
                  .group_by(TrainingAttendee.training_id).subquery())
        rows = session.execute(
            select(Training.id, Training.unit_id, Training.title, Training.level, Training.start_date,
                   Training.end_date, Training.place, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.training_id == Training.id)
            .where(Training.unit_id == unit_id,
                   overlaps(Training.start_date, func.coalesce(Training.end_date, Training.start_date), start, end))
            .order_by(Training.start_date.desc(), Training.id.desc())
        )
        return [TrainingRow(*row) for row in rows]


def get_training(db: Database, training_id: int) -> TrainingRow:
    with db.reading() as session:
        t = load_event(session, _EVENT, training_id)
        count = count_attendees(session, _EVENT, training_id)
        return TrainingRow(t.id, t.unit_id, t.title, t.level, t.start_date, t.end_date, t.place, count)


def create_training(db: Database, unit_id: int, *, title: object, start_date: object, end_date: object = None,
                    level: object = None, place: object = None, today: dt.date | None = None) -> int:
    values = _clean(title, level, start_date, end_date, place, today)
    with db.transaction() as session:
        ensure_period_open(session, unit_id, values["start_date"])
        training = Training(unit_id=unit_id, **values)
        session.add(training)
        session.flush()
        audit.record(session, "create", "training", training.id, unit_id=unit_id, new=values)
        return training.id


def update_training(db: Database, training_id: int, *, title: object, start_date: object, end_date: object = None,
                    level: object = None, place: object = None, today: dt.date | None = None) -> None:
    values = _clean(title, level, start_date, end_date, place, today)
    with db.transaction() as session:
        training = load_event(session, _EVENT, training_id)
        ensure_period_open(session, training.unit_id, training.start_date, values["start_date"])
        audit.update_row(session, training, values, FIELDS, "training", training_id, unit_id=training.unit_id)


def delete_training(db: Database, training_id: int) -> None:
    """Delete a training entered by mistake, with its attendance list."""
    with db.transaction() as session:
        training = load_event(session, _EVENT, training_id)
        ensure_period_open(session, training.unit_id, training.start_date)
        count = count_attendees(session, _EVENT, training_id)
        audit.record(session, "delete", "training", training_id, unit_id=training.unit_id,
                     old=audit.row_values(training, FIELDS),
                     summary=f"Xóa lớp tập huấn «{training.title}» ({count} người dự)")
        session.delete(training)


def list_attendees(db: Database, training_id: int) -> list[AttendeeRow]:
    return list_event_attendees(db, _EVENT, training_id)


def add_attendees(db: Database, training_id: int, member_ids: Iterable[int]) -> int:
    """Add members to the attendance list; those already on it are skipped. Returns how many were added."""
    return add_event_attendees(db, _EVENT, training_id, member_ids)


def add_group(db: Database, training_id: int, group_id: int) -> int:
    """Add every active member of a union group ("cả tổ"). Returns how many were added."""
    return add_event_group(db, _EVENT, training_id, group_id)


def remove_attendee(db: Database, training_id: int, member_id: int) -> None:
    remove_event_attendee(db, _EVENT, training_id, member_id)
