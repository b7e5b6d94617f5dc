"""Data for the printed lists: member roster, attendance sheets, hardship support list.

Personal data stays off paper unless needed: no citizen id, phone or health details; the
roster shows the year of birth only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, Role, SupportKind
from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.vntext import fold, name_sort_key, text_sort_key
from kh06_desktop.services.common.asof import BCH_ROLES, GROUP_LEAD_ROLES, member_active_on, position_held_on
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.periods.period_close import period_state_in
from kh06_desktop.services.reports.report_data import (
    BLANK_NUMBER,
    DocumentInfo,
    DocumentRequest,
    Stamp,
    canonical_digest,
    document_info,
    unit_row,
)
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

NO_GROUP = "Chưa xếp tổ công đoàn"


@dataclass(frozen=True, slots=True)
class ListContext:
    doc: DocumentInfo
    period: str
    period_label: str
    as_of: dt.date
    start_date: dt.date
    revision: int
    closed: bool


def _context(session: Session, unit_id: int, period: str, request: DocumentRequest | None, suffix: str,
             today: dt.date | None) -> ListContext:
    unit = unit_row(session, unit_id)
    state = period_state_in(session, unit_id, period)
    doc = document_info(session, unit, state, request or DocumentRequest(), f"{BLANK_NUMBER}/{suffix}", today)
    if request is None or not (request.number or "").strip():  # the period's number belongs to the period report
        doc = dataclasses.replace(doc, number=f"{BLANK_NUMBER}/{suffix}")
    return ListContext(doc, state.code, Period.parse(state.code).label, state.end_date, state.start_date,
                       state.revision, state.closed)


def _stamp(context: ListContext, content: object) -> Stamp:
    return Stamp(context.doc.unit_code, context.period, context.revision, canonical_digest(content))


def _roles_by_member(session: Session, unit_id: int, day: dt.date) -> dict[int, str]:
    rows = session.execute(select(Position.member_id, Position.role).join(Member, Member.id == Position.member_id)
                           .where(Member.unit_id == unit_id, position_held_on(day))
                           .order_by(Position.member_id, Position.id)).all()
    held: dict[int, list[str]] = {}
    for member_id, role in rows:
        try:
            label = Role(role).label
        except ValueError:
            continue
        if label not in held.setdefault(member_id, []):
            held[member_id].append(label)
    return {k: ", ".join(v) for k, v in held.items()}


# --- Roster ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterRow:
    full_name: str
    gender: str
    birth_year: str
    roles: str
    department: str
    join_date: dt.date | None
    card_number: str


@dataclass(frozen=True, slots=True)
class RosterGroup:
    name: str
    rows: tuple[RosterRow, ...]


@dataclass(frozen=True, slots=True)
class RosterData:
    context: ListContext
    groups: tuple[RosterGroup, ...]
    total: int
    female: int
    stamp: Stamp


def roster_data(db: Database, unit_id: int, period: str, request: DocumentRequest | None = None,
                today: dt.date | None = None) -> RosterData:
    """Members at the period end, grouped by union group, in Vietnamese name order."""
    with db.reading() as session:
        context = _context(session, unit_id, period, request, "DS-CĐCS", today)
        day = context.as_of
        groups = dict(session.execute(select(UnionGroup.id, UnionGroup.name)
                                      .where(UnionGroup.unit_id == unit_id)).all())
        roles = _roles_by_member(session, unit_id, day)
        rows = session.execute(
            select(Member.id, Member.full_name, Member.sort_key, Member.gender, Member.birth_date,
                   Member.department, Member.join_date, Member.card_number, Member.group_id)
            .where(Member.unit_id == unit_id, member_active_on(day))).all()
    by_group: dict[int | None, list[tuple[str, RosterRow]]] = {}
    female = 0
    for mid, name, key, gender, birth, dept, joined, card, gid in rows:
        female += gender == Gender.FEMALE.value
        row = RosterRow(name, Gender(gender).label if gender else "", str(birth.year) if birth else "",
                        roles.get(mid, ""), dept or "", joined, card or "")
        by_group.setdefault(gid if gid in groups else None, []).append((key, row))
    ordered = sorted(by_group, key=lambda g: (g is None, text_sort_key(groups.get(g, "")) if g else ""))
    result = tuple(RosterGroup(groups[g] if g is not None else NO_GROUP,
                               tuple(r for _, r in sorted(by_group[g], key=lambda item: item[0])))
                   for g in ordered)
    content = (context.doc.unit_code, context.period, context.revision, day, result)
    return RosterData(context, result, len(rows), female, _stamp(context, content))


# --- Attendance sheets ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendeeLine:
    full_name: str
    group: str
    roles: str
    birth_year: str = ""  # tells two people of the same name apart


@dataclass(frozen=True, slots=True)
class AttendanceData:
    context: ListContext
    kind: str  # training | study
    title: str
    dates: str
    place: str
    organiser: str
    recorded: bool  # False: nobody recorded yet, the sheet lists who is expected
    lines: tuple[AttendeeLine, ...]
    non_members: int
    stamp: Stamp


def _format_dates(start: dt.date, end: dt.date | None) -> str:
    if end is None or end == start:
        return start.strftime("%d/%m/%Y")
    return f"{start.strftime('%d/%m/%Y')} – {end.strftime('%d/%m/%Y')}"


def _pick(session: Session, model, date_column, unit_id: int, start: dt.date, end: dt.date,  # type: ignore[no-untyped-def]
          label: str, option: str, title_column) -> int:
    rows = session.execute(select(model.id, title_column, date_column).where(
        model.unit_id == unit_id, date_column >= start, date_column <= end).order_by(date_column)).all()
    if len(rows) == 1:
        return int(rows[0][0])
    listing = "; ".join(f"{r[0]} – {r[1]} ({r[2].strftime('%d/%m/%Y')})" for r in rows[:10])
    if not rows:
        raise InvalidInput(f"Kỳ này chưa có {label} nào", [(option, "Không có")])
    raise InvalidInput(f"Hãy chọn {label} ({option}): {listing}", [(option, "Chưa chọn")])


def _people(session: Session, unit_id: int, day: dt.date, member_ids: list[int] | None,
            roles_filter: tuple[str, ...] | None) -> list[AttendeeLine]:
    query = (select(Member.id, Member.full_name, Member.sort_key, UnionGroup.name, Member.birth_date)
             .outerjoin(UnionGroup, UnionGroup.id == Member.group_id).where(Member.unit_id == unit_id))
    if member_ids is not None:
        query = query.where(Member.id.in_(member_ids))
    else:
        query = query.where(member_active_on(day))
        if roles_filter is not None:
            holders = select(Position.member_id).where(position_held_on(day), Position.role.in_(roles_filter))
            query = query.where(Member.id.in_(holders))
    roles = _roles_by_member(session, unit_id, day)
    # Vietnamese name order (given name, middle, family), then group and year to keep namesakes apart.
    rows = sorted(session.execute(query).all(),
                  key=lambda r: (r[2] or name_sort_key(r[1]), text_sort_key(r[3] or ""), r[4] or dt.date.min, r[0]))
    return [AttendeeLine(name, group or "", roles.get(mid, ""), str(born.year) if born else "")
            for mid, name, _key, group, born in rows]


def attendance_data(db: Database, unit_id: int, period: str, kind: str, event_id: int | None = None,
                    request: DocumentRequest | None = None, today: dt.date | None = None) -> AttendanceData:
    """The sign-in sheet of a training (kind "training") or a study session (kind "study")."""
    if kind not in ("training", "study"):
        raise InvalidInput(f"Loại danh sách không hợp lệ: {kind}")
    with db.reading() as session:
        context = _context(session, unit_id, period, request, "DS-CĐCS", today)
        if kind == "training":
            if event_id is None:
                event_id = _pick(session, Training, Training.start_date, unit_id, context.start_date,
                                 context.as_of, "lớp tập huấn", "--training-id", Training.title)
            event = session.get(Training, event_id)
            if event is None or event.unit_id != unit_id:
                raise NotFound("Không tìm thấy lớp tập huấn")
            ids = list(session.scalars(select(TrainingAttendee.member_id).where(
                TrainingAttendee.training_id == event.id)))
            title, day, dates = event.title, event.start_date, _format_dates(event.start_date, event.end_date)
            held = event.end_date or event.start_date
            organiser, non_members, place = event.level or "", 0, event.place or ""
            expected: tuple[str, ...] | None = BCH_ROLES + GROUP_LEAD_ROLES  # who union-work training is for
        else:
            if event_id is None:
                event_id = _pick(session, StudySession, StudySession.date, unit_id, context.start_date,
                                 context.as_of, "buổi học tập, quán triệt", "--session-id", StudySession.topic)
            study = session.get(StudySession, event_id)
            if study is None or study.unit_id != unit_id:
                raise NotFound("Không tìm thấy buổi học tập, quán triệt")
            ids = list(session.scalars(select(StudyAttendee.member_id).where(StudyAttendee.session_id == study.id)))
            title, day, dates = study.topic, study.date, _format_dates(study.date, None)
            held = study.date
            organiser, non_members, place, expected = "", study.non_member_count, study.place or "", None
        lines = _people(session, unit_id, day, ids if ids else None, expected)
        if request is None or request.date is None:  # the sheet is dated on the session's (last) day
            context = dataclasses.replace(context, doc=dataclasses.replace(context.doc, date=held))
    content = (context.doc.unit_code, kind, event_id, title, dates, bool(ids), lines, non_members)
    return AttendanceData(context, kind, title, dates, place, organiser, bool(ids), tuple(lines),
                          non_members, _stamp(context, content))


# --- Hardship support list ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HardshipLine:
    full_name: str
    group: str
    reason: str
    opened_on: dt.date
    support: str  # "Thăm hỏi 12/03/2025; Trợ cấp 02/04/2025"
    amount_vnd: int


@dataclass(frozen=True, slots=True)
class HardshipListData:
    context: ListContext
    lines: tuple[HardshipLine, ...]
    total_vnd: int
    unsupported: int
    stamp: Stamp


# Reasons that tell a member's health: sensitive data (DESIGN 2), printed only when the officer asks.
_HEALTH_WORDS = ("om dau", "benh", "ung thu", "tai nan", "phau thuat", "dieu tri", "nam vien", "suc khoe")
PRIVATE_REASON = "Hoàn cảnh khó khăn"


def is_health_reason(reason: str) -> bool:
    folded = fold(reason)
    return any(word in folded for word in _HEALTH_WORDS)


def hardship_list_data(db: Database, unit_id: int, period: str, request: DocumentRequest | None = None,
                       today: dt.date | None = None, with_health_details: bool = False) -> HardshipListData:
    """Hardship cases open in the period with the support given in it. Health details (an illness,
    an accident, the case notes) stay off the paper unless `with_health_details`."""
    with db.reading() as session:
        context = _context(session, unit_id, period, request, "DS-CĐCS", today)
        start, end = context.start_date, context.as_of
        cases = session.execute(
            select(HardshipCase.id, func.coalesce(Member.full_name, ""), Member.sort_key, UnionGroup.name,
                   HardshipCase.reason, HardshipCase.opened_on, HardshipCase.details)
            .outerjoin(Member, Member.id == HardshipCase.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(HardshipCase.unit_id == unit_id, HardshipCase.opened_on <= end,
                   (HardshipCase.closed_on.is_(None)) | (HardshipCase.closed_on >= start))
            .order_by(HardshipCase.opened_on, HardshipCase.id)).all()
        visits = session.execute(
            select(SupportVisit.case_id, SupportVisit.date, SupportVisit.kind, SupportVisit.value_vnd)
            .join(HardshipCase, HardshipCase.id == SupportVisit.case_id)
            .where(HardshipCase.unit_id == unit_id, SupportVisit.date >= start, SupportVisit.date <= end)
            .order_by(SupportVisit.date, SupportVisit.id)).all()
    given: dict[int, list[tuple[dt.date, str, int]]] = {}
    for case_id, day, kind, value in visits:
        try:
            label = SupportKind(kind).label
        except ValueError:
            label = kind
        given.setdefault(case_id, []).append((day, label, int(value or 0)))
    lines = []
    for case_id, name, _key, group, reason, opened, details in cases:
        if with_health_details:
            reason = f"{reason} – {details.strip()}" if details and details.strip() else reason
        elif is_health_reason(reason):
            reason = PRIVATE_REASON
        items = given.get(case_id, [])
        support = "; ".join(f"{label} {day.strftime('%d/%m/%Y')}" for day, label, _ in items) or "Chưa hỗ trợ"
        lines.append(HardshipLine(name, group or "", reason, opened, support, sum(v for *_, v in items)))
    total = sum(line.amount_vnd for line in lines)
    unsupported = sum(1 for case_id, *_ in cases if case_id not in given)
    content = (context.doc.unit_code, context.period, context.revision, start, end, lines)
    return HardshipListData(context, tuple(lines), total, unsupported, _stamp(context, content))
