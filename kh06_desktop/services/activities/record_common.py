"""Shared pieces of the activity records (trainings, study sessions, hardship, activities):
field checks with Vietnamese messages, the period filter, and the attendee lists of events.

Checks collect every problem of a form before raising, so the user sees all of them at once;
each issue names its field so a form can mark it where it was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    SQLColumnExpression,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from kh06_desktop.domain.formats import DateError, parse_date
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Base,
    Member,
    StudyAttendee,
    StudySession,
    Training,
    TrainingAttendee,
    UnionGroup,
)

Issues = list[tuple[str, str]]
_DIGITS_WITH_DOTS = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$|^\d+$")


R = TypeVar("R", bound=Base)


def fetch(session: Session, model: type[R], row_id: int, not_found: str) -> R:
    """The row with this id, or NotFound with the given Vietnamese message."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(not_found)
    return row


def raise_if(issues: Issues) -> None:
    if issues:
        raise InvalidInput("; ".join(message for _field, message in issues), issues)


def check_text(value: object, field: str, label: str, issues: Issues, *, required: bool = True,
               max_len: int = 255) -> str | None:
    text = nfc(value if isinstance(value, str) else ("" if value is None else str(value)))
    if not text:
        if required:
            issues.append((field, f"Chưa nhập {label.lower()}"))
        return None
    if len(text) > max_len:
        issues.append((field, f"{label} dài quá {max_len} ký tự"))
    return text


def check_date(value: object, field: str, label: str, issues: Issues, *, required: bool = True,
               today: dt.date | None = None, allow_future: bool = False) -> dt.date | None:
    """A date from a date or text dd/mm/yyyy; past events may not lie in the future."""
    try:
        day = parse_date(value)
    except DateError as exc:
        reason = str(exc)  # "Ngày không tồn tại: …" → "Ngày bắt đầu không tồn tại: …"
        issues.append((field, label + reason[4:] if reason.startswith("Ngày ") else f"{label}: {reason}"))
        return None
    if day is None:
        if required:
            issues.append((field, f"Chưa nhập {label.lower()}"))
        return None
    if day.year < 1950:
        issues.append((field, f"{label} không hợp lý: {day:%d/%m/%Y}"))
        return None
    if not allow_future and day > (today or dt.date.today()):
        issues.append((field, f"{label} ở tương lai: {day:%d/%m/%Y}"))
    return day


def check_order(start: dt.date | None, end: dt.date | None, field: str, message: str, issues: Issues) -> None:
    if start and end and end < start:
        issues.append((field, message))


def parse_vnd(value: object, field: str, label: str, issues: Issues) -> int:
    """Whole đồng, ≥ 0, from an int or text such as '1.500.000', '1500000 đ'."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        issues.append((field, f"{label} không hợp lệ"))
        return 0
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            issues.append((field, f"{label} phải là số đồng chẵn"))
            return 0
        amount = int(value)
    else:
        text = nfc(str(value)).lower().removesuffix("đồng").removesuffix("đ").removesuffix("vnd").strip()
        negative = text.startswith("-")
        text = text.lstrip("-").strip()
        if not _DIGITS_WITH_DOTS.match(text):
            issues.append((field, f"{label} chỉ gồm chữ số, ví dụ 1.500.000 (đang ghi «{value}»)"))
            return 0
        amount = int(re.sub(r"\D", "", text)) * (-1 if negative else 1)
    if amount < 0:
        issues.append((field, f"{label} không được âm"))
        return 0
    if amount > 10**12:
        issues.append((field, f"{label} quá lớn"))
        return 0
    return amount


def check_count(value: object, field: str, label: str, issues: Issues) -> int:
    if value is None or value == "":
        return 0
    try:
        count = int(str(value).strip().replace(".", "")) if not isinstance(value, int) else value
    except ValueError:
        issues.append((field, f"{label} phải là số nguyên: «{value}»"))
        return 0
    if count < 0:
        issues.append((field, f"{label} không được âm"))
        return 0
    return count


def overlaps(start_col: Any, end_col: Any, start: dt.date | None, end: dt.date | None) -> ColumnElement[bool]:
    """Rows whose [start_col, end_col] (end_col may be NULL = open) meets [start, end]."""
    conditions = []
    if end is not None:
        conditions.append(start_col <= end)
    if start is not None:
        conditions.append(or_(end_col.is_(None), end_col >= start) if end_col is not None else start_col >= start)
    return and_(true(), *conditions)


# --- attended events (trainings, study sessions) ---------------------------------------------
#
# Both kinds of event keep a list of members who attended, with the same rules: only members of
# the event's unit, adding is idempotent, "cả tổ" adds a group's active members, every change is
# refused in a closed period and audited. `AttendedEvent` names what differs between the kinds;
# trainings.py and studies.py keep their own public functions and call the ones below.

E = TypeVar("E", Training, StudySession)


@dataclass(frozen=True, slots=True)
class AttendedEvent(Generic[E]):
    model: type[E]
    attendee: type[TrainingAttendee] | type[StudyAttendee]
    key_name: str  # the attendee table's column naming the event
    entity: str  # audit entity name
    not_found: str  # the event does not exist
    not_listed: str  # removing someone who is not on the list
    day: Callable[[E], dt.date]  # the date that decides the reporting period
    title: Callable[[E], str]  # how audit summaries name the event

    @property
    def key_column(self) -> SQLColumnExpression[int]:
        column: SQLColumnExpression[int] = getattr(self.attendee, self.key_name)
        return column


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    member_id: int
    full_name: str
    sort_key: str
    birth_date: dt.date | None
    group_name: str | None
    status: str


def load_event(session: Session, kind: AttendedEvent[E], event_id: int) -> E:
    return fetch(session, kind.model, event_id, kind.not_found)


def count_attendees(session: Session, kind: AttendedEvent[E], event_id: int) -> int:
    return session.scalar(select(func.count()).where(kind.key_column == event_id)) or 0


def list_event_attendees(db: Database, kind: AttendedEvent[E], event_id: int) -> list[AttendeeRow]:
    """Who attended, in Vietnamese name order."""
    with db.reading() as session:
        load_event(session, kind, event_id)
        rows = session.execute(
            select(Member.id, Member.full_name, Member.sort_key, Member.birth_date, UnionGroup.name, Member.status)
            .join(kind.attendee, kind.attendee.member_id == Member.id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(kind.key_column == event_id)
        )
        result = [AttendeeRow(*row) for row in rows]
    result.sort(key=lambda r: r.sort_key)
    return result


def add_event_attendees(db: Database, kind: AttendedEvent[E], event_id: int, member_ids: Iterable[int]) -> int:
    """Add members to the list; those already on it are skipped. Returns how many were added."""
    with db.transaction() as session:
        event = _open_event(session, kind, event_id)
        added = _insert_attendees(session, kind, event_id, event.unit_id, member_ids)
        if added:
            audit.record(session, "attend", kind.entity, event_id, unit_id=event.unit_id,
                         new={"member_ids": added}, summary=f"Thêm {len(added)} người dự «{kind.title(event)}»")
        return len(added)


def add_event_group(db: Database, kind: AttendedEvent[E], event_id: int, group_id: int) -> int:
    """Add every active member of a union group ("cả tổ"). Returns how many were added."""
    with db.transaction() as session:
        event = _open_event(session, kind, event_id)
        ids = _group_member_ids(session, event.unit_id, group_id)
        added = _insert_attendees(session, kind, event_id, event.unit_id, ids)
        if added:
            audit.record(session, "attend", kind.entity, event_id, unit_id=event.unit_id,
                         new={"member_ids": added, "group_id": group_id},
                         summary=f"Thêm cả tổ ({len(added)} người) vào «{kind.title(event)}»")
        return len(added)


def remove_event_attendee(db: Database, kind: AttendedEvent[E], event_id: int, member_id: int) -> None:
    with db.transaction() as session:
        event = _open_event(session, kind, event_id)
        # Session.execute is typed as returning Result; for a DELETE it is a CursorResult (rowcount).
        result = cast(CursorResult[Any], session.execute(
            delete(kind.attendee).where(kind.key_column == event_id, kind.attendee.member_id == member_id)))
        if not result.rowcount:
            raise NotFound(kind.not_listed)
        audit.record(session, "unattend", kind.entity, event_id, unit_id=event.unit_id,
                     old={"member_id": member_id})


def _open_event(session: Session, kind: AttendedEvent[E], event_id: int) -> E:
    """The event, when its period is still open for changes."""
    event = load_event(session, kind, event_id)
    ensure_period_open(session, event.unit_id, kind.day(event))
    return event


def _insert_attendees(session: Session, kind: AttendedEvent[E], event_id: int, unit_id: int,
                      member_ids: Iterable[int]) -> list[int]:
    """Add members not yet listed (idempotent); members of another unit are refused."""
    wanted = sorted(set(int(m) for m in member_ids))
    if not wanted:
        return []
    known: set[int] = set()
    for chunk in _chunks(wanted, 500):  # stay under SQLite's bound-parameter limit
        known.update(session.scalars(select(Member.id).where(Member.unit_id == unit_id, Member.id.in_(chunk))))
    if len(known) != len(wanted):
        raise NotFound("Có đoàn viên không thuộc đơn vị hoặc không còn trong danh sách")
    present = set(session.scalars(select(kind.attendee.member_id).where(kind.key_column == event_id)))
    new_ids = [m for m in wanted if m not in present]
    if new_ids:
        session.execute(insert(kind.attendee), [{kind.key_name: event_id, "member_id": m} for m in new_ids])
    return new_ids


def _group_member_ids(session: Session, unit_id: int, group_id: int) -> list[int]:
    """Active members of a union group (the "cả tổ" choice)."""
    group = session.get(UnionGroup, group_id)
    if group is None or group.unit_id != unit_id:
        raise NotFound("Không tìm thấy tổ công đoàn")
    return list(session.scalars(select(Member.id).where(
        Member.unit_id == unit_id, Member.group_id == group_id, Member.status == "active")))


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
