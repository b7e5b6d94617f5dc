"""The first screenful of the member table, fast, for a first paint before the whole list arrives.

`list_member_rows` reads every member (about 1 s for 100,000 here); the members page shows
`first_member_rows` at once (an index range scan on (unit_id, sort_key), a few ms) and swaps in
the whole list when a worker thread has read it. The order is the same: SQLite compares text as
UTF-8 bytes, which is code-point order, the order `name_sort_key` is designed for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from kh06_desktop.domain.vntext import text_sort_key
from kh06_desktop.services.members import MemberRow, active_roles
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, UnionGroup


def count_members(db: Database, unit_id: int) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Member).where(Member.unit_id == unit_id)) or 0


def group_choices(db: Database, unit_id: int) -> list[tuple[int, str]]:
    """(id, name) of the unit's groups in Vietnamese order, without member counts: a filter or a
    combo box needs no count, and counting 100,000 members by status takes ~0.6 s."""
    with db.reading() as session:
        rows = session.execute(select(UnionGroup.id, UnionGroup.name).where(UnionGroup.unit_id == unit_id)).all()
    return sorted(((gid, name) for gid, name in rows), key=lambda r: text_sort_key(r[1]))


def first_member_rows(db: Database, unit_id: int, limit: int, today: dt.date | None = None) -> list[MemberRow]:
    """The first `limit` members of the unit in Vietnamese name order (as `list_member_rows`)."""
    today = today or dt.date.today()
    with db.reading() as session:
        groups = dict(session.execute(
            select(UnionGroup.id, UnionGroup.name).where(UnionGroup.unit_id == unit_id)).all())
        roles = active_roles(session, unit_id, today)
        result = session.execute(
            select(Member.id, Member.full_name, Member.given_name, Member.name_folded, Member.sort_key,
                   Member.gender, Member.birth_date, Member.citizen_id, Member.card_number, Member.group_id,
                   Member.department, Member.join_date, Member.status, Member.status_date, Member.phone)
            .where(Member.unit_id == unit_id).order_by(Member.sort_key).limit(limit)
        ).all()
    return [
        MemberRow(mid, name, given, folded, key, gender, birth, cid, card, gid, groups.get(gid) if gid else None,
                  dept, joined, status, status_date, phone, roles.get(mid, ()))
        for (mid, name, given, folded, key, gender, birth, cid, card, gid, dept, joined, status, status_date,
             phone) in result
    ]
