"""The women's committee (Ban nữ công quần chúng) of a unit: target 5.

Eligibility and size warnings come from `domain.committee_rules` (the Charter's rule with its
source); this module counts what the rule needs as of a day — active female members, BCH size,
committee members held as positions — and stores the committee record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.committee_rules import (
    OverrideError,
    WomenCommitteeEligibility,
    check_override,
    women_committee_max_size,
    women_committee_warnings,
)
from kh06_desktop.domain.enums import Role
from kh06_desktop.services.activities.record_common import Issues, check_date, check_text, raise_if
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.asof import WOMEN_COMMITTEE_ROLES, member_active_on, position_held_on
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.members.members import add_position, end_position
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.services.unit.unit_checks import unit_counts, women_committee_status_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, UnionGroup, WomenCommittee

FIELDS = ("established", "decision_number", "decision_date", "eligible_override", "override_reason")
ROLE_ORDER = {Role.WOMEN_HEAD.value: 0, Role.WOMEN_DEPUTY.value: 1, Role.WOMEN_MEMBER.value: 2}


@dataclass(frozen=True, slots=True)
class CommitteeMember:
    position_id: int
    member_id: int
    full_name: str
    group_name: str | None
    role: Role
    start_date: dt.date | None


@dataclass(frozen=True, slots=True)
class WomenCommitteeInfo:
    unit_id: int
    as_of: dt.date
    female_members: int
    bch_size: int
    eligibility: WomenCommitteeEligibility
    eligible_override: bool | None
    override_reason: str | None
    established: bool  # as recorded
    established_as_of: bool  # recorded and decided by `as_of` (what indicator 5 counts)
    decision_number: str | None
    decision_date: dt.date | None
    members: tuple[CommitteeMember, ...]
    max_size: int | None  # None: no two-thirds ceiling applies
    warnings: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return self.eligibility.eligible


def _committee_members(session: Session, unit_id: int, as_of: dt.date) -> tuple[CommitteeMember, ...]:
    rows = list(session.execute(
        select(Position.id, Member.id, Member.full_name, UnionGroup.name, Position.role, Position.start_date,
               Member.sort_key)
        .join(Member, Member.id == Position.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(Member.unit_id == unit_id, Position.role.in_(WOMEN_COMMITTEE_ROLES), position_held_on(as_of),
               member_active_on(as_of))))
    rows.sort(key=lambda r: (ROLE_ORDER.get(r[4], 9), r[6]))
    return tuple(CommitteeMember(pid, mid, name, group, Role(role), start)
                 for pid, mid, name, group, role, start, _key in rows)


def get_women_committee(db: Database, unit_id: int, as_of: dt.date) -> WomenCommitteeInfo:
    """The committee as of a day (normally the period end): eligibility, record, members, warnings."""
    with db.reading() as session:
        record = session.scalar(select(WomenCommittee).where(WomenCommittee.unit_id == unit_id))
        # The same counts and status as indicator 5 and the unit page (services.unit_checks).
        counts = unit_counts(session, unit_id, as_of)
        status = women_committee_status_in(session, unit_id, as_of, counts.female_members)
        members = _committee_members(session, unit_id, as_of)
    warnings = women_committee_warnings(status.eligibility, status.established, len(members), counts.bch_members)
    return WomenCommitteeInfo(
        unit_id, as_of, counts.female_members, counts.bch_members, status.eligibility,
        record.eligible_override if record else None, record.override_reason if record else None,
        bool(record and record.established), status.established,
        record.decision_number if record else None, record.decision_date if record else None,
        members, women_committee_max_size(counts.bch_members), tuple(warnings))


def save_women_committee(db: Database, unit_id: int, *, established: bool, decision_number: object = None,
                         decision_date: object = None, eligible_override: bool | None = None,
                         override_reason: object = None, today: dt.date | None = None) -> None:
    """Store the committee record. An override of the computed eligibility needs its reason."""
    issues: Issues = []
    number = check_text(decision_number, "decision_number", "Số quyết định", issues, required=False, max_len=60)
    day = check_date(decision_date, "decision_date", "Ngày quyết định", issues, required=False, today=today)
    reason = check_text(override_reason, "override_reason", "Lý do", issues, required=False, max_len=1000)
    try:
        check_override(eligible_override, reason)
    except OverrideError as exc:
        issues.append(("override_reason", str(exc)))
    raise_if(issues)
    values = {"established": bool(established), "decision_number": number if established else None,
              "decision_date": day if established else None, "eligible_override": eligible_override,
              "override_reason": reason if eligible_override is not None else None}
    with db.transaction() as session:
        record = session.scalar(select(WomenCommittee).where(WomenCommittee.unit_id == unit_id))
        # Indicator 5 counts the committee from its decision date; no date touches every period.
        touched = [values["decision_date"]] + ([record.decision_date] if record is not None else [])
        ensure_period_open(session, unit_id, *touched)  # type: ignore[arg-type]
        if record is None:
            record = WomenCommittee(unit_id=unit_id, **values)
            session.add(record)
            session.flush()
            audit.record(session, "create", "women_committee", record.id, unit_id=unit_id, new=values)
            return
        old = audit.row_values(record, FIELDS)
        for key, value in values.items():
            setattr(record, key, value)
        audit.record(session, "update", "women_committee", record.id, unit_id=unit_id, old=old, new=values)


def add_committee_member(db: Database, unit_id: int, member_id: int, role: Role,
                         start: dt.date | None = None) -> int:
    """Give a member a women's-committee role (a position, so it has a start and an end)."""
    if not role.is_women_committee:
        raise InvalidInput("Chức vụ không thuộc Ban nữ công", [("role", "Chức vụ không thuộc Ban nữ công")])
    start = start or dt.date.today()
    with db.reading() as session:
        member = session.get(Member, member_id)
        if member is None or member.unit_id != unit_id:
            raise NotFound("Không tìm thấy đoàn viên trong đơn vị")
        if member.status != "active":
            raise InvalidInput(f"{member.full_name} không còn sinh hoạt tại công đoàn")
        already = session.scalar(select(Position.id).where(
            Position.member_id == member_id, Position.role.in_(WOMEN_COMMITTEE_ROLES), position_held_on(start)))
        if already:
            raise InvalidInput(f"{member.full_name} đã là thành viên Ban nữ công")
    return add_position(db, member_id, role, start)


def end_committee_member(db: Database, position_id: int, end: dt.date | None = None) -> None:
    """End a committee member's role (kept in history for earlier periods)."""
    end_position(db, position_id, end or dt.date.today())
