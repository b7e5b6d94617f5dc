"""Members: the list, one member's record, add/edit, transfer out or leave, positions.

Members are never deleted silently: leaving or transferring sets a status with its date and
keeps the record (and its history) for the reports of earlier periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.validation import MemberDraft
from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound
from kh06_desktop.services.groups.groups import find_or_create_group
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, UnionGroup

EDITABLE = ("full_name", "given_name", "gender", "birth_date", "citizen_id", "card_number", "group_id",
            "department", "join_date", "phone", "note")


class MemberRow(NamedTuple):
    """One line of the member table. A named tuple, not a dataclass: a unit of 100,000 members
    builds 100,000 of them, and a tuple is built several times faster than a frozen dataclass."""

    id: int
    full_name: str
    given_name: str
    name_folded: str
    sort_key: str
    gender: str | None
    birth_date: dt.date | None
    citizen_id: str | None
    card_number: str | None
    group_id: int | None
    group_name: str | None
    department: str | None
    join_date: dt.date | None
    status: str
    status_date: dt.date | None
    phone: str | None
    roles: tuple[str, ...]  # Role values held today


@dataclass(frozen=True, slots=True)
class PositionInfo:
    id: int
    member_id: int
    role: Role
    start_date: dt.date | None
    end_date: dt.date | None
    group_id: int | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True, slots=True)
class MemberDetail:
    id: int
    unit_id: int
    full_name: str
    given_name: str
    gender: Gender | None
    birth_date: dt.date | None
    citizen_id: str | None
    card_number: str | None
    group_id: int | None
    group_name: str | None
    department: str | None
    join_date: dt.date | None
    status: MemberStatus
    status_date: dt.date | None
    phone: str | None
    note: str | None
    positions: tuple[PositionInfo, ...]


def _draft_values(draft: MemberDraft) -> dict[str, object]:
    return {
        "full_name": draft.full_name,
        "given_name": draft.given_name,
        "name_folded": fold(draft.full_name),
        "sort_key": name_sort_key(draft.full_name, draft.given_name),
        "gender": draft.gender.value if draft.gender else None,
        "birth_date": draft.birth_date,
        "citizen_id": draft.citizen_id,
        "card_number": draft.card_number,
        "department": draft.department,
        "join_date": draft.join_date,
        "phone": draft.phone,
        "note": draft.note,
    }


def active_roles(session: Session, unit_id: int, day: dt.date) -> dict[int, tuple[str, ...]]:
    """member id → roles held on `day`, for a whole unit in one query."""
    rows = session.execute(
        select(Position.member_id, Position.role)
        .join(Member, Member.id == Position.member_id)
        .where(Member.unit_id == unit_id,
               or_(Position.start_date.is_(None), Position.start_date <= day),
               or_(Position.end_date.is_(None), Position.end_date >= day))
        .order_by(Position.id)
    ).all()
    held: dict[int, list[str]] = {}
    for member_id, role in rows:
        held.setdefault(member_id, []).append(role)
    return {k: tuple(v) for k, v in held.items()}


def list_member_rows(db: Database, unit_id: int, today: dt.date | None = None) -> list[MemberRow]:
    """Every member of the unit (all statuses), in Vietnamese name order."""
    with db.reading() as session:
        rows = read_member_rows(session, unit_id, today or dt.date.today())
    rows.sort(key=lambda r: r.sort_key)
    return rows


def read_member_rows(session: Session, unit_id: int, today: dt.date, limit: int | None = None) -> list[MemberRow]:
    """Member table rows with group names and the roles held `today`: all of them in no particular
    order, or with `limit` the first ones in name order (an index range scan on unit, sort key)."""
    groups = dict(session.execute(
        select(UnionGroup.id, UnionGroup.name).where(UnionGroup.unit_id == unit_id)).all())
    roles = active_roles(session, unit_id, today)
    columns = (Member.id, Member.full_name, Member.given_name, Member.name_folded, Member.sort_key,
               Member.gender, Member.birth_date, Member.citizen_id, Member.card_number, Member.group_id,
               Member.department, Member.join_date, Member.status, Member.status_date, Member.phone)
    query = select(*columns).where(Member.unit_id == unit_id)
    if limit is not None:
        query = query.order_by(Member.sort_key).limit(limit)
    if session.get_bind().dialect.name == "sqlite" and limit is None:
        return _sqlite_member_rows(session, unit_id, groups, roles)
    return [
        MemberRow(mid, name, given, folded, key, gender, birth, cid, card, gid, groups.get(gid) if gid else None,
                  dept, joined, status, status_date, phone, roles.get(mid, ()))
        for (mid, name, given, folded, key, gender, birth, cid, card, gid, dept, joined, status, status_date,
             phone) in session.execute(query)
    ]


@lru_cache(maxsize=65536)
def _iso_date(text: str | None) -> dt.date | None:
    """SQLite keeps dates as ISO text; the same few thousand dates repeat across a unit."""
    return dt.date.fromisoformat(text) if text else None


def _sqlite_member_rows(session: Session, unit_id: int, groups: dict[int, str],
                        roles: dict[int, tuple[str, ...]]) -> list[MemberRow]:
    """The whole list through the driver's cursor: on 100,000 members SQLAlchemy's per-value
    processing costs about three times the raw read, and the members page waits for it."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            "SELECT id, full_name, given_name, name_folded, sort_key, gender, birth_date, citizen_id, card_number,"
            " group_id, department, join_date, status, status_date, phone FROM member WHERE unit_id = ?",
            (unit_id,))
        iso = _iso_date
        no_roles: tuple[str, ...] = ()
        return [
            MemberRow(mid, name, given, folded, key, gender, iso(birth), cid, card, gid,
                      groups.get(gid) if gid else None, dept, iso(joined), status, iso(status_date), phone,
                      roles.get(mid, no_roles))
            for (mid, name, given, folded, key, gender, birth, cid, card, gid, dept, joined, status, status_date,
                 phone) in cursor.fetchall()
        ]
    finally:
        cursor.close()


def _positions(session: Session, member_id: int) -> tuple[PositionInfo, ...]:
    rows = session.scalars(select(Position).where(Position.member_id == member_id).order_by(Position.start_date))
    return tuple(PositionInfo(p.id, p.member_id, Role(p.role), p.start_date, p.end_date, p.group_id) for p in rows)


def get_member(db: Database, member_id: int) -> MemberDetail:
    with db.reading() as session:
        m = session.get(Member, member_id)
        if m is None:
            raise NotFound("Không tìm thấy đoàn viên")
        group_name = session.scalar(select(UnionGroup.name).where(UnionGroup.id == m.group_id)) if m.group_id else None
        return MemberDetail(
            m.id, m.unit_id, m.full_name, m.given_name, Gender(m.gender) if m.gender else None, m.birth_date,
            m.citizen_id, m.card_number, m.group_id, group_name, m.department, m.join_date,
            MemberStatus(m.status), m.status_date, m.phone, m.note, _positions(session, m.id))


def duplicate_messages(session: Session, unit_id: int, draft: MemberDraft, exclude_id: int | None = None) -> list[str]:
    """Same citizen id, or same name and date of birth, as another member of the unit."""
    conditions = []
    if draft.citizen_id:
        conditions.append(Member.citizen_id == draft.citizen_id)
    if draft.birth_date:
        conditions.append(and_(Member.name_folded == fold(draft.full_name), Member.birth_date == draft.birth_date))
    if not conditions:
        return []
    query = select(Member.id, Member.full_name, Member.citizen_id).where(Member.unit_id == unit_id, or_(*conditions))
    if exclude_id is not None:
        query = query.where(Member.id != exclude_id)
    messages = []
    for _mid, name, cid in session.execute(query).all():
        if draft.citizen_id and cid == draft.citizen_id:
            messages.append(f"Trùng số CCCD với đoàn viên {name}")
        else:
            messages.append(f"Trùng họ tên và ngày sinh với đoàn viên {name}")
    return messages


def _resolve_group(session: Session, unit_id: int, draft: MemberDraft, group_id: int | None) -> int | None:
    if group_id is not None:
        group = session.get(UnionGroup, group_id)
        if group is None or group.unit_id != unit_id:
            raise NotFound("Không tìm thấy tổ công đoàn")
        return group_id
    if draft.group_name:
        return find_or_create_group(session, unit_id, draft.group_name)[0]
    return None


def _open_position(session: Session, member_id: int, role: Role, start: dt.date | None,
                   group_id: int | None, unit_id: int) -> None:
    position = Position(member_id=member_id, role=role.value, start_date=start,
                        group_id=group_id if role.is_group_lead else None)
    session.add(position)
    session.flush()
    audit.record(session, "create", "position", position.id, unit_id=unit_id,
                 new={"member_id": member_id, "role": role.value, "start_date": start})


def create_member(db: Database, unit_id: int, draft: MemberDraft, *, group_id: int | None = None,
                  allow_duplicate: bool = False, today: dt.date | None = None) -> int:
    """Add a member; roles in the draft open positions from the join date (or today)."""
    today = today or dt.date.today()
    with db.transaction() as session:
        ensure_period_open(session, unit_id, draft.join_date)
        duplicates = duplicate_messages(session, unit_id, draft)
        if duplicates and not allow_duplicate:
            raise Conflict("; ".join(duplicates))
        values = _draft_values(draft)
        values["group_id"] = _resolve_group(session, unit_id, draft, group_id)
        member = Member(unit_id=unit_id, status=MemberStatus.ACTIVE.value, **values)
        session.add(member)
        session.flush()
        audit.record(session, "create", "member", member.id, unit_id=unit_id,
                     new={k: values[k] for k in EDITABLE})
        for role in draft.roles:
            _open_position(session, member.id, role, draft.join_date or today, values["group_id"], unit_id)  # type: ignore[arg-type]
        return member.id


def update_member(db: Database, member_id: int, draft: MemberDraft, *, group_id: int | None = None,
                  allow_duplicate: bool = False, sync_roles: bool = True, today: dt.date | None = None) -> None:
    """Save an edited member. With `sync_roles`, roles added open today and roles removed end today."""
    today = today or dt.date.today()
    with db.transaction() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("Không tìm thấy đoàn viên")
        # Join date, group and roles feed the figures of every period from the join date on.
        ensure_period_open(session, member.unit_id, member.join_date, draft.join_date,
                           *([today] if sync_roles else []))
        duplicates = duplicate_messages(session, member.unit_id, draft, exclude_id=member_id)
        if duplicates and not allow_duplicate:
            raise Conflict("; ".join(duplicates))
        old = audit.row_values(member, EDITABLE)
        values = _draft_values(draft)
        values["group_id"] = _resolve_group(session, member.unit_id, draft, group_id)
        for key, value in values.items():
            setattr(member, key, value)
        audit.record(session, "update", "member", member_id, unit_id=member.unit_id, old=old,
                     new={k: values[k] for k in EDITABLE})
        if sync_roles:
            held = {p.role: p for p in session.scalars(select(Position).where(
                Position.member_id == member_id, or_(Position.end_date.is_(None), Position.end_date >= today)))}
            wanted = {r.value for r in draft.roles}
            for role in wanted - set(held):
                _open_position(session, member_id, Role(role), today, member.group_id, member.unit_id)
            for role in set(held) - wanted:
                _close(session, held[role], today, member.unit_id)


def _close(session: Session, position: Position, end: dt.date, unit_id: int) -> None:
    old_end = position.end_date
    position.end_date = max(end, position.start_date) if position.start_date else end
    audit.record(session, "update", "position", position.id, unit_id=unit_id,
                 old={"end_date": old_end}, new={"end_date": position.end_date})


def change_status(db: Database, member_id: int, status: MemberStatus, on: dt.date, note: str | None = None) -> None:
    """Transfer out, leave (or re-activate). Positions still open end on the same day."""
    with db.transaction() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("Không tìm thấy đoàn viên")
        if member.join_date and on < member.join_date:
            raise InvalidInput("Ngày chuyển/thôi trước ngày vào công đoàn", [("status_date", "Ngày không hợp lý")])
        if on > dt.date.today():
            raise InvalidInput("Ngày chuyển/thôi ở tương lai", [("status_date", "Ngày ở tương lai")])
        ensure_period_open(session, member.unit_id, on, *([member.status_date] if member.status_date else []))
        old = {"status": member.status, "status_date": member.status_date}
        member.status = status.value
        member.status_date = None if status is MemberStatus.ACTIVE else on
        if note:
            member.note = (member.note + "\n" if member.note else "") + note
        audit.record(session, "status", "member", member_id, unit_id=member.unit_id, old=old,
                     new={"status": member.status, "status_date": member.status_date})
        if status is not MemberStatus.ACTIVE:
            for position in session.scalars(select(Position).where(
                    Position.member_id == member_id, or_(Position.end_date.is_(None), Position.end_date > on))):
                _close(session, position, on, member.unit_id)


def add_position(db: Database, member_id: int, role: Role, start: dt.date | None, end: dt.date | None = None,
                 group_id: int | None = None) -> int:
    if start and end and end < start:
        raise InvalidInput("Ngày kết thúc trước ngày bắt đầu", [("end_date", "Ngày kết thúc trước ngày bắt đầu")])
    with db.transaction() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("Không tìm thấy đoàn viên")
        ensure_period_open(session, member.unit_id, start, *([end] if end else []))
        position = Position(member_id=member_id, role=role.value, start_date=start, end_date=end,
                            group_id=(group_id or member.group_id) if role.is_group_lead else None)
        session.add(position)
        session.flush()
        audit.record(session, "create", "position", position.id, unit_id=member.unit_id,
                     new={"member_id": member_id, "role": role.value, "start_date": start, "end_date": end})
        return position.id


def end_position(db: Database, position_id: int, end: dt.date) -> None:
    with db.transaction() as session:
        position = session.get(Position, position_id)
        if position is None:
            raise NotFound("Không tìm thấy chức vụ")
        if position.start_date and end < position.start_date:
            raise InvalidInput("Ngày kết thúc trước ngày bắt đầu", [("end_date", "Ngày kết thúc trước ngày bắt đầu")])
        unit_id = session.scalar(select(Member.unit_id).where(Member.id == position.member_id)) or 0
        ensure_period_open(session, unit_id, end, *([position.end_date] if position.end_date else []))
        _close(session, position, end, unit_id)


def remove_position(db: Database, position_id: int) -> None:
    """Delete a position entered by mistake (ending one is `end_position`)."""
    with db.transaction() as session:
        position = session.get(Position, position_id)
        if position is None:
            raise NotFound("Không tìm thấy chức vụ")
        unit_id = session.scalar(select(Member.unit_id).where(Member.id == position.member_id)) or 0
        ensure_period_open(session, unit_id, position.start_date)
        audit.record(session, "delete", "position", position_id, unit_id=unit_id,
                     old={"member_id": position.member_id, "role": position.role,
                          "start_date": position.start_date, "end_date": position.end_date})
        session.delete(position)
