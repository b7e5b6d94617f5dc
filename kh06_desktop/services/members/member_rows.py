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
from kh06_desktop.services.members.members import MemberRow, read_member_rows
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
    with db.reading() as session:
        return read_member_rows(session, unit_id, today or dt.date.today(), limit)
