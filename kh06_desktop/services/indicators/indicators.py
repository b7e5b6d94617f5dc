"""The six KH06 indicators of a unit for a reporting period, and who is missing for each.

Everything is computed AS OF THE PERIOD END with set-based queries (a handful of COUNTs, no
Python loop over members), so a unit of 100,000 members takes tens of milliseconds.

Decisions (also in docs/indicators.md):
- Who counts at the period end: see services.asof — joined by the end, not transferred or left
  on or before it; positions started by the end and not ended before it. A member who left
  during the period is not counted in 1, 4a or 4b (they are gone at the end), but their study
  attendance in the period still counts for 2 (they were reached while they worked there).
- 1: active members at the end / eligible workers of the period's workforce figures (else those
  of the period with the same as-of day, else the latest earlier ones: services.units.get_workforce;
  the report's `workforce_period` says which period's figures were used).
- 2: distinct members who attended ≥1 study session dated in [start, end], plus the non-member
  attendees of those sessions, over all workers. Non-members are recorded only as a count per
  session and cannot be told apart, so each session's count is added (a non-member at two
  sessions counts twice; the plan's "100 % or more" target allows for this).
- 3: hardship cases open at any time in the period (opened by the end, not closed before the
  start) / those with at least one support dated on or before the period end. Support given
  since the case was opened counts: a long illness visited in the previous period is not
  "missing" again in this one. Cases of members who since left still count: they were cases.
- 4a / 4b: members holding a BCH role (chair, vice chair, BCH member) / a group leader or deputy
  role at the end, trained when they attended any union-work training starting on or before
  the period end ("trained once counts for the term"). A person who is both a BCH member and a
  group leader counts in both 4a and 4b; a leader of two groups counts once in 4b.
- 5: female members at the end give the Charter's eligibility (domain.committee_rules, with a
  manual override); established counts when recorded with no decision date or a decision dated
  on or before the end. 1/1, 0/1, or 0/0 (not applicable).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.domain.indicators import (
    IDS,
    WOMEN_COMMITTEE_TARGET_BY_SECTOR,
    Indicator,
    IndicatorReport,
    make_indicator,
    sum_reports,
    women_committee_fraction,
)
from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.vntext import name_sort_key
from kh06_desktop.services.common.asof import BCH_ROLES, GROUP_LEAD_ROLES, member_active_on, position_held_on
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.periods.periods import as_period, period_bounds
from kh06_desktop.services.periods.snapshots import closed_snapshot, report_from_json
from kh06_desktop.services.unit.unit_checks import women_committee_status_in
from kh06_desktop.services.unit.units import get_unit, get_workforce, list_units
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
)

__all__ = ["GapItem", "Indicator", "IndicatorReport", "compute_indicators", "gap_list", "indicator_history",
           "total_indicators"]


@dataclass(frozen=True, slots=True)
class GapItem:
    """One line of a gap list: a member, a hardship case, or the unit itself (counts only)."""

    kind: str  # "member" | "case" | "unit"
    id: int
    name: str
    group_name: str
    detail: str


# --- shared conditions --------------------------------------------------------------------

def _trained_by(end: dt.date):  # type: ignore[no-untyped-def]
    """The position holder attended a union-work training that started on or before `end`."""
    return exists(
        select(TrainingAttendee.member_id)
        .join(Training, Training.id == TrainingAttendee.training_id)
        .where(TrainingAttendee.member_id == Position.member_id, Training.start_date <= end))


def _studied_in(start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
    return exists(
        select(StudyAttendee.member_id)
        .join(StudySession, StudySession.id == StudyAttendee.session_id)
        .where(StudyAttendee.member_id == Member.id, StudySession.date >= start, StudySession.date <= end))


def _supported_by(end: dt.date):  # type: ignore[no-untyped-def]
    return exists(select(SupportVisit.id).where(SupportVisit.case_id == HardshipCase.id, SupportVisit.date <= end))


def _cases_open_in(unit_id: int, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
    return and_(HardshipCase.unit_id == unit_id, HardshipCase.opened_on <= end,
                or_(HardshipCase.closed_on.is_(None), HardshipCase.closed_on >= start))


def _holders(unit_id: int, roles: tuple[str, ...], end: dt.date):  # type: ignore[no-untyped-def]
    return and_(Member.unit_id == unit_id, Position.role.in_(roles), position_held_on(end), member_active_on(end))


# --- the indicators -----------------------------------------------------------------------

def _trained_counts(session: Session, unit_id: int, roles: tuple[str, ...], end: dt.date) -> tuple[int, int]:
    trained = _trained_by(end)
    holders, done = session.execute(
        select(func.count(distinct(Position.member_id)),
               func.count(distinct(case((trained, Position.member_id), else_=None))))
        .join(Member, Member.id == Position.member_id)
        .where(_holders(unit_id, roles, end))
    ).one()
    return int(done), int(holders)


def compute_in(session: Session, unit_id: int, unit_code: str, period: Period, start: dt.date, end: dt.date,
               total_workers: int, eligible_workers: int, workforce_period: str | None = None) -> IndicatorReport:
    """The six indicators inside an open session (dates and workforce already known)."""
    members, female = session.execute(
        select(func.count(Member.id),
               func.coalesce(func.sum(case((Member.gender == Gender.FEMALE.value, 1), else_=0)), 0))
        .where(Member.unit_id == unit_id, member_active_on(end))
    ).one()

    in_window = and_(StudySession.unit_id == unit_id, StudySession.date >= start, StudySession.date <= end)
    studied = session.scalar(
        select(func.count(distinct(StudyAttendee.member_id)))
        .join(StudySession, StudySession.id == StudyAttendee.session_id).where(in_window)) or 0
    non_members = session.scalar(select(func.coalesce(func.sum(StudySession.non_member_count), 0))
                                 .where(in_window)) or 0

    cases, supported = session.execute(
        select(func.count(HardshipCase.id),
               func.coalesce(func.sum(case((_supported_by(end), 1), else_=0)), 0))
        .where(_cases_open_in(unit_id, start, end))
    ).one()

    bch_done, bch = _trained_counts(session, unit_id, BCH_ROLES, end)
    lead_done, leads = _trained_counts(session, unit_id, GROUP_LEAD_ROLES, end)

    committee = women_committee_status_in(session, unit_id, end, int(female))
    women_n, women_d = women_committee_fraction(committee.eligibility.eligible, committee.established)

    return IndicatorReport(unit_code, period.code, end, (
        make_indicator("1", int(members), eligible_workers),
        make_indicator("2", int(studied) + int(non_members), total_workers),
        make_indicator("3", int(supported), int(cases)),
        make_indicator("4a", bch_done, bch),
        make_indicator("4b", lead_done, leads),
        make_indicator("5", women_n, women_d),
    ), workforce_period)


def compute_indicators(db: Database, unit_id: int, period: Period | str) -> IndicatorReport:
    """All six indicators of any unit in the database (local, or consolidated at the upper level).
    A closed period's come from the snapshot stored when it was closed (services.periods.snapshots)."""
    wanted = as_period(period)
    frozen = closed_snapshot(db, unit_id, wanted)
    if frozen is not None:
        return report_from_json(frozen["indicators"])
    unit = get_unit(db, unit_id)
    start, end = period_bounds(db, wanted, unit_id)
    workforce = get_workforce(db, unit_id, wanted.code)
    total = workforce.total_workers if workforce else 0
    eligible = workforce.eligible_workers if workforce else 0
    with db.reading() as session:
        return compute_in(session, unit_id, unit.code, wanted, start, end, total, eligible,
                          workforce.period if workforce else None)


def indicator_history(db: Database, unit_id: int, periods: list[Period]) -> list[IndicatorReport]:
    """The indicators of each period, in the order given (for the dashboard chart)."""
    return [compute_indicators(db, unit_id, period) for period in periods]


def total_indicators(db: Database, period: Period | str, unit_code: str = "TONG") -> IndicatorReport:
    """Totals over every unit in the database: numerators and denominators added.

    A simple default for an upper-level database; the consolidation (by sector) may offer its own.
    Indicator 5's target is the sector share when all units share a sector, else 100 %.
    """
    wanted = as_period(period)
    units = list_units(db)
    reports = [compute_indicators(db, unit.id, wanted) for unit in units]
    sectors = {unit.sector for unit in units}
    targets = {"5": WOMEN_COMMITTEE_TARGET_BY_SECTOR[sectors.pop()]} if len(sectors) == 1 else None
    return sum_reports(reports, unit_code, wanted.code, period_bounds(db, wanted)[1], targets)


# --- gap lists ----------------------------------------------------------------------------

_ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


def _untrained(session: Session, unit_id: int, roles: tuple[str, ...], end: dt.date) -> list[GapItem]:
    """Holders of `roles` at the end not yet trained; one line per person with all such roles."""
    rows = session.execute(
        select(Member.id, Member.full_name, UnionGroup.name, Position.role)
        .join(Member, Member.id == Position.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(_holders(unit_id, roles, end), ~_trained_by(end))
        .order_by(Member.sort_key, Member.id)
    ).all()
    people: dict[int, tuple[str, str, set[str]]] = {}
    for mid, name, group, role in rows:  # only the untrained holders: a few dozen rows
        people.setdefault(mid, (name, group or "", set()))[2].add(role)
    items = []
    for mid, (name, group, held) in people.items():
        labels = ", ".join(Role(r).label for r in sorted(held, key=lambda r: _ROLE_ORDER.get(r, 99)))
        items.append(GapItem("member", mid, name, group, f"{labels} — chưa được tập huấn nghiệp vụ"))
    return items


def _not_studied(session: Session, unit_id: int, start: dt.date, end: dt.date) -> list[GapItem]:
    rows = session.execute(
        select(Member.id, Member.full_name, UnionGroup.name)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(Member.unit_id == unit_id, member_active_on(end), ~_studied_in(start, end))
        .order_by(Member.sort_key)
    ).all()
    return [GapItem("member", mid, name, group or "", "Chưa tham gia buổi học tập, quán triệt nào trong kỳ")
            for mid, name, group in rows]


def _unsupported(session: Session, unit_id: int, start: dt.date, end: dt.date) -> list[GapItem]:
    rows = session.execute(
        select(HardshipCase.id, Member.full_name, UnionGroup.name, HardshipCase.reason, HardshipCase.opened_on,
               HardshipCase.member_id)
        .outerjoin(Member, Member.id == HardshipCase.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(_cases_open_in(unit_id, start, end), ~_supported_by(end))
        .order_by(HardshipCase.opened_on, HardshipCase.id)
    ).all()
    return [GapItem("case", cid, name or "(không ghi đoàn viên)", group or "",
                    f"{reason} — từ ngày {format_date(opened)}, chưa được thăm hỏi, hỗ trợ")
            for cid, name, group, reason, opened, _mid in rows]


def gap_list(db: Database, unit_id: int, period: Period | str, indicator_id: str) -> list[GapItem]:
    """Who (or what) is still missing for an indicator in the period."""
    if indicator_id not in IDS:
        raise InvalidInput(f"Không có chỉ tiêu «{indicator_id}»", [("indicator", "Mã chỉ tiêu không hợp lệ")])
    wanted = as_period(period)
    start, end = period_bounds(db, wanted, unit_id)
    frozen = closed_snapshot(db, unit_id, wanted) if indicator_id in ("2", "3", "4a", "4b") else None
    if frozen is not None:
        return _frozen_gaps(frozen, indicator_id)
    if indicator_id in ("1", "5"):
        report = compute_indicators(db, unit_id, wanted)
        indicator = report.get(indicator_id)
        if indicator_id == "1":
            if indicator.denominator == 0:
                return [GapItem("unit", unit_id, "Chưa nhập số lao động đủ điều kiện kết nạp", "",
                                "Hãy nhập số lao động của kỳ ở trang Đơn vị")]
            if indicator.missing == 0:
                return []
            return [GapItem("unit", unit_id,
                            f"{group_thousands(indicator.missing)} người lao động đủ điều kiện chưa được kết nạp", "",
                            f"Đã có {group_thousands(indicator.numerator)} đoàn viên / "
                            f"{group_thousands(indicator.denominator)} người đủ điều kiện")]
        if indicator.missing == 0:
            return []
        with db.reading() as session:
            status = women_committee_status_in(session, unit_id, end, _female_members(session, unit_id, end))
        return [GapItem("unit", unit_id, "Chưa thành lập Ban nữ công quần chúng", "", status.eligibility.explanation)]
    with db.reading() as session:
        if indicator_id == "2":
            return _not_studied(session, unit_id, start, end)
        if indicator_id == "3":
            return _unsupported(session, unit_id, start, end)
        roles = BCH_ROLES if indicator_id == "4a" else GROUP_LEAD_ROLES
        return _untrained(session, unit_id, roles, end)


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _frozen_gaps(data: dict[str, Any], indicator_id: str) -> list[GapItem]:
    """A closed period's gap list from its snapshot's rows, by the same rules as the queries
    above (domain.recompute counts the same people)."""
    start = _day(data["period"]["start_date"]) or dt.date.min
    end = _day(data["period"]["end_date"]) or dt.date.max
    groups = {g["ref"]: g["name"] for g in data["groups"]}
    people = {m["ref"]: m for m in data["members"]}

    def active(m: dict[str, Any]) -> bool:
        joined, gone = _day(m.get("join_date")), _day(m.get("status_date"))
        return (joined is None or joined <= end) and (m.get("status") == "active" or (gone is not None and gone > end))

    def order(ref: int) -> tuple[str, int]:
        return (name_sort_key(people[ref]["full_name"]), ref)

    def item(ref: int, detail: str) -> GapItem:
        m = people[ref]
        return GapItem("member", ref, m["full_name"], groups.get(m.get("group_ref"), ""), detail)

    if indicator_id == "2":
        reached = {ref for s in data["study_sessions"] if start <= (_day(s["date"]) or end) <= end
                   for ref in s["attendees"]}
        return [item(ref, "Chưa tham gia buổi học tập, quán triệt nào trong kỳ")
                for ref in sorted((r for r, m in people.items() if active(m) and r not in reached), key=order)]
    if indicator_id == "3":
        out = []
        for case_row in sorted(data["hardship_cases"], key=lambda c: (c["opened_on"], c["ref"])):
            opened, closed = _day(case_row["opened_on"]), _day(case_row.get("closed_on"))
            if opened is None or opened > end or (closed is not None and closed < start):
                continue
            if any((_day(v["date"]) or end) <= end for v in case_row["support"]):
                continue
            who = people.get(case_row.get("member_ref"))
            out.append(GapItem("case", case_row["ref"], who["full_name"] if who else "(không ghi đoàn viên)",
                               groups.get(who.get("group_ref"), "") if who else "",
                               f"{case_row.get('reason') or 'Hoàn cảnh khó khăn'} — từ ngày {format_date(opened)}, "
                               "chưa được thăm hỏi, hỗ trợ"))
        return out
    roles = set(BCH_ROLES if indicator_id == "4a" else GROUP_LEAD_ROLES)
    trained = {ref for t in data["trainings"] if (_day(t["start_date"]) or end) <= end for ref in t["attendees"]}
    held: dict[int, set[str]] = {}
    for p in data["positions"]:
        first, last = _day(p.get("start_date")), _day(p.get("end_date"))
        ref = p["member_ref"]
        if p["role"] in roles and (first is None or first <= end) and (last is None or last >= end) \
                and ref in people and active(people[ref]) and ref not in trained:
            held.setdefault(ref, set()).add(p["role"])
    return [item(ref, ", ".join(Role(r).label for r in sorted(held[ref], key=lambda r: _ROLE_ORDER.get(r, 99)))
                 + " — chưa được tập huấn nghiệp vụ") for ref in sorted(held, key=order)]


def _female_members(session: Session, unit_id: int, end: dt.date) -> int:
    return int(session.scalar(select(func.count(Member.id)).where(
        Member.unit_id == unit_id, Member.gender == Gender.FEMALE.value, member_active_on(end))) or 0)


def indicator_by_id(report: IndicatorReport) -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in report.indicators}
