"""Checks of a unit against the Charter's rules: BCH size and the women's committee.

`unit_warnings` gives Vietnamese lines for the unit page; `women_committee_status` gives the
eligibility and the committee's state on a day (also used by indicator 5). Counts are taken as
of the given day with the same definitions as the indicators (services.asof).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.committee_rules import (
    WomenCommitteeEligibility,
    bch_size_warnings,
    women_committee_eligibility,
    women_committee_warnings,
)
from kh06_desktop.domain.enums import Gender
from kh06_desktop.services.common.asof import BCH_ROLES, WOMEN_COMMITTEE_ROLES, member_active_on, position_held_on
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, WomenCommittee


@dataclass(frozen=True, slots=True)
class UnitCounts:
    members: int
    female_members: int
    bch_members: int
    women_committee_members: int


@dataclass(frozen=True, slots=True)
class WomenCommitteeStatus:
    eligibility: WomenCommitteeEligibility
    established: bool  # established by the day (decision date, when known, on or before it)
    decision_number: str | None
    decision_date: dt.date | None


def unit_counts(session: Session, unit_id: int, day: dt.date) -> UnitCounts:
    members, female = session.execute(
        select(func.count(Member.id), func.coalesce(func.sum(case((Member.gender == Gender.FEMALE.value, 1),
                                                                  else_=0)), 0))
        .where(Member.unit_id == unit_id, member_active_on(day))
    ).one()

    def holders(roles: tuple[str, ...]) -> int:
        return session.scalar(
            select(func.count(distinct(Position.member_id)))
            .join(Member, Member.id == Position.member_id)
            .where(Member.unit_id == unit_id, Position.role.in_(roles), position_held_on(day), member_active_on(day))
        ) or 0

    return UnitCounts(int(members), int(female), holders(BCH_ROLES), holders(WOMEN_COMMITTEE_ROLES))


def _status(session: Session, unit_id: int, day: dt.date, female_members: int) -> WomenCommitteeStatus:
    row = session.scalars(select(WomenCommittee).where(WomenCommittee.unit_id == unit_id)).first()
    if row is None:
        return WomenCommitteeStatus(women_committee_eligibility(female_members), False, None, None)
    eligibility = women_committee_eligibility(female_members, row.eligible_override, row.override_reason)
    established = bool(row.established) and (row.decision_date is None or row.decision_date <= day)
    return WomenCommitteeStatus(eligibility, established, row.decision_number, row.decision_date)


def women_committee_status(db: Database, unit_id: int, day: dt.date) -> WomenCommitteeStatus:
    with db.reading() as session:
        counts = unit_counts(session, unit_id, day)
        return _status(session, unit_id, day, counts.female_members)


def women_committee_status_in(session: Session, unit_id: int, day: dt.date,
                              female_members: int) -> WomenCommitteeStatus:
    """The same inside an open session (the indicators reuse their own counts)."""
    return _status(session, unit_id, day, female_members)


def unit_warnings(db: Database, unit_id: int, as_of: dt.date) -> list[str]:
    """What breaks the Charter's rules on `as_of`: BCH size, women's committee (Vietnamese lines)."""
    with db.reading() as session:
        counts = unit_counts(session, unit_id, as_of)
        status = _status(session, unit_id, as_of, counts.female_members)
    warnings = bch_size_warnings(counts.members, counts.bch_members)
    warnings += women_committee_warnings(status.eligibility, status.established, counts.women_committee_members,
                                         counts.bch_members)
    return warnings
