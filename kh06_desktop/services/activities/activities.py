"""Activities of the unit tagged with the plan's seven solution groups: the narrative part of
the period report ("kết quả thực hiện các nhóm giải pháp")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import func, select

from kh06_desktop.domain.solution_groups import SolutionGroup, solution_group
from kh06_desktop.services.activities.record_common import Issues, check_date, check_text, fetch, raise_if
from kh06_desktop.services.common import audit
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Activity

FIELDS = ("date", "solution_group", "text")
_NOT_FOUND = "Không tìm thấy hoạt động"


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: int
    unit_id: int
    date: dt.date
    solution_group: int
    text: str

    @property
    def group(self) -> SolutionGroup:
        return solution_group(self.solution_group)


class _Values(TypedDict):
    """A checked form; required fields are never None once `raise_if` has passed."""

    date: dt.date | None
    solution_group: int | None
    text: str | None


def _clean(date: object, group: object, text: object, today: dt.date | None) -> _Values:
    issues: Issues = []
    number: int | None = None
    if group is None or group == "":
        issues.append(("solution_group", "Chưa chọn nhóm giải pháp"))
    else:
        try:
            number = solution_group(group).number  # type: ignore[arg-type]
        except ValueError as exc:
            issues.append(("solution_group", str(exc)))
    values: _Values = {
        "date": check_date(date, "date", "Ngày", issues, today=today),
        "solution_group": number,
        "text": check_text(text, "text", "Nội dung hoạt động", issues, max_len=4000),
    }
    raise_if(issues)
    return values


def list_activities(db: Database, unit_id: int, start: dt.date | None = None, end: dt.date | None = None,
                    group: int | None = None) -> list[ActivityRow]:
    """Activities in [start, end], by solution group then date."""
    query = select(Activity.id, Activity.unit_id, Activity.date, Activity.solution_group, Activity.text).where(
        Activity.unit_id == unit_id)
    if start is not None:
        query = query.where(Activity.date >= start)
    if end is not None:
        query = query.where(Activity.date <= end)
    if group is not None:
        query = query.where(Activity.solution_group == group)
    with db.reading() as session:
        rows = session.execute(query.order_by(Activity.solution_group, Activity.date, Activity.id))
        return [ActivityRow(*row) for row in rows]


def count_by_group(db: Database, unit_id: int, start: dt.date | None = None,
                   end: dt.date | None = None) -> dict[int, int]:
    """solution group → number of activities in the range (every group present, 0 when none)."""
    query = select(Activity.solution_group, func.count()).where(Activity.unit_id == unit_id)
    if start is not None:
        query = query.where(Activity.date >= start)
    if end is not None:
        query = query.where(Activity.date <= end)
    with db.reading() as session:
        counts = dict(session.execute(query.group_by(Activity.solution_group)).all())
    return {n: counts.get(n, 0) for n in range(1, 8)}


def create_activity(db: Database, unit_id: int, *, date: object, solution_group: object, text: object,
                    today: dt.date | None = None) -> int:
    values = _clean(date, solution_group, text, today)
    with db.transaction() as session:
        ensure_period_open(session, unit_id, values["date"])
        activity = Activity(unit_id=unit_id, **values)
        session.add(activity)
        session.flush()
        audit.record(session, "create", "activity", activity.id, unit_id=unit_id, new=values)
        return activity.id


def update_activity(db: Database, activity_id: int, *, date: object, solution_group: object, text: object,
                    today: dt.date | None = None) -> None:
    values = _clean(date, solution_group, text, today)
    with db.transaction() as session:
        activity = fetch(session, Activity, activity_id, _NOT_FOUND)
        ensure_period_open(session, activity.unit_id, activity.date, values["date"])
        audit.update_row(session, activity, values, FIELDS, "activity", activity_id, unit_id=activity.unit_id)


def delete_activity(db: Database, activity_id: int) -> None:
    with db.transaction() as session:
        activity = fetch(session, Activity, activity_id, _NOT_FOUND)
        ensure_period_open(session, activity.unit_id, activity.date)
        audit.record(session, "delete", "activity", activity_id, unit_id=activity.unit_id,
                     old=audit.row_values(activity, FIELDS))
        session.delete(activity)
