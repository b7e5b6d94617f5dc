"""Helpers shared by the data-safety tests (imported by name: conftest modules are not)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member


def member_rows(unit_id: int, count: int, start: int = 0, department: str = "Phân xưởng A") -> list[dict]:
    now = dt.datetime(2025, 1, 1)
    rows = []
    for i in range(start, start + count):
        name = f"Nguyễn Văn Đức {i}"
        rows.append(dict(unit_id=unit_id, full_name=name, given_name="Đức", name_folded=fold(name),
                         sort_key=name_sort_key(name, "Đức"), status="active", department=department,
                         citizen_id=f"{i:012d}", created_at=now, updated_at=now))
    return rows


def add_members(db: Database, unit_id: int, count: int, start: int = 0) -> None:
    with db.transaction() as session:
        session.execute(insert(Member), member_rows(unit_id, count, start))


def count_members(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count(Member.id))) or 0
