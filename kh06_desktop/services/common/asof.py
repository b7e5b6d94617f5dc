"""SQL conditions for "as of a day": who is a member, and which positions are held, on that day.

Shared by the indicators and the unit checks so that both count the same people:
- a member counts on day D when they had joined by D (an unknown join date counts as joined)
  and were not yet gone: status active, or transferred/left with a date after D (a member who
  left with no date recorded does not count);
- a position counts on day D when it had started by D (unknown start: started) and had not
  ended before D (an end date equal to D still counts: the role is held on its last day).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, or_

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.store.models import Member, Position

BCH_ROLES = tuple(role.value for role in Role if role.is_bch)
GROUP_LEAD_ROLES = tuple(role.value for role in Role if role.is_group_lead)
WOMEN_COMMITTEE_ROLES = tuple(role.value for role in Role if role.is_women_committee)


def member_active_on(day: dt.date) -> ColumnElement[bool]:
    return and_(
        or_(Member.join_date.is_(None), Member.join_date <= day),
        or_(Member.status == MemberStatus.ACTIVE.value,
            and_(Member.status_date.is_not(None), Member.status_date > day)),
    )


def position_held_on(day: dt.date) -> ColumnElement[bool]:
    return and_(
        or_(Position.start_date.is_(None), Position.start_date <= day),
        or_(Position.end_date.is_(None), Position.end_date >= day),
    )
