"""A small builder of unit data for the indicator tests, inserting rows with Core directly so
that the tests pin the indicator maths without depending on the activity services."""

from __future__ import annotations

import datetime as dt
import itertools

from kh06_rows import group_row, member_names
from sqlalchemy import insert

from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    HardshipCase,
    Member,
    Position,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
    WomenCommittee,
)

D = dt.date
JOINED = D(2020, 1, 1)
POSITION_START = D(2023, 1, 1)


class UnitBuilder:
    def __init__(self, db: Database, unit_id: int) -> None:
        self.db = db
        self.unit_id = unit_id
        self._names = itertools.count(1)

    def _insert(self, table, **values) -> int:  # type: ignore[no-untyped-def]
        with self.db.transaction() as session:
            return session.execute(insert(table).values(**values)).inserted_primary_key[0]

    def group(self, name: str) -> int:
        return self._insert(UnionGroup, **group_row(self.unit_id, name))

    def member(self, name: str | None = None, *, gender: str = "M", joined: dt.date | None = JOINED,
               status: str = "active", status_date: dt.date | None = None, group_id: int | None = None) -> int:
        name = name or f"Nguyễn Văn Người{next(self._names)}"
        return self._insert(Member, unit_id=self.unit_id, **member_names(name), gender=gender, join_date=joined,
                            status=status, status_date=status_date, group_id=group_id)

    def members(self, count: int, **kwargs) -> list[int]:  # type: ignore[no-untyped-def]
        return [self.member(**kwargs) for _ in range(count)]

    def position(self, member_id: int, role: str, start: dt.date | None = POSITION_START,
                 end: dt.date | None = None, group_id: int | None = None) -> int:
        return self._insert(Position, member_id=member_id, role=role, start_date=start, end_date=end,
                            group_id=group_id)

    def training(self, start: dt.date, attendees: list[int], title: str = "Tập huấn nghiệp vụ công đoàn") -> int:
        training_id = self._insert(Training, unit_id=self.unit_id, title=title, start_date=start)
        for member_id in attendees:
            self._insert(TrainingAttendee, training_id=training_id, member_id=member_id)
        return training_id

    def study(self, day: dt.date, attendees: list[int], non_members: int = 0,
              topic: str = "Nghị quyết 02-NQ/TW") -> int:
        session_id = self._insert(StudySession, unit_id=self.unit_id, topic=topic, date=day,
                                  non_member_count=non_members)
        for member_id in attendees:
            self._insert(StudyAttendee, session_id=session_id, member_id=member_id)
        return session_id

    def hardship(self, member_id: int | None, opened: dt.date, closed: dt.date | None = None,
                 supports: tuple[dt.date, ...] = (), reason: str = "Ốm đau dài ngày") -> int:
        case_id = self._insert(HardshipCase, unit_id=self.unit_id, member_id=member_id, reason=reason,
                               opened_on=opened, closed_on=closed)
        for day in supports:
            self._insert(SupportVisit, case_id=case_id, date=day, kind="visit", value_vnd=500_000)
        return case_id

    def women_committee(self, established: bool, decision_date: dt.date | None = None,
                        override: bool | None = None, reason: str | None = None) -> int:
        return self._insert(WomenCommittee, unit_id=self.unit_id, established=established,
                            decision_number="05/QĐ-CĐCS" if established else None, decision_date=decision_date,
                            eligible_override=override, override_reason=reason)
