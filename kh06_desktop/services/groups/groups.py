"""Union groups (tổ công đoàn): add, rename, merge, delete.

Deleting a group never deletes its members: a group that still has members can only be
deleted by naming the group they move to (or explicitly leaving them without a group).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from kh06_desktop.domain.vntext import fold, nfc, text_sort_key
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, UnionGroup


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    name: str
    member_count: int  # active members


def _check_name(name: str) -> str:
    clean = nfc(name)
    if not clean:
        raise InvalidInput("Chưa nhập tên tổ công đoàn", [("name", "Chưa nhập tên tổ công đoàn")])
    if len(clean) > 120:
        raise InvalidInput("Tên tổ công đoàn dài quá 120 ký tự", [("name", "Tên quá dài")])
    return clean


def list_groups(db: Database, unit_id: int) -> list[GroupRow]:
    with db.reading() as session:
        counts = dict(session.execute(
            select(Member.group_id, func.count()).where(Member.unit_id == unit_id, Member.status == "active")
            .group_by(Member.group_id)).all())
        groups = session.execute(select(UnionGroup.id, UnionGroup.name).where(UnionGroup.unit_id == unit_id)).all()
    rows = [GroupRow(gid, name, counts.get(gid, 0)) for gid, name in groups]
    return sorted(rows, key=lambda r: text_sort_key(r.name))


def find_or_create_group(session: Session, unit_id: int, name: str) -> tuple[int, bool]:
    """(group id, created) for a group name, matched ignoring case and diacritics."""
    clean = _check_name(name)
    existing = session.scalar(select(UnionGroup.id).where(
        UnionGroup.unit_id == unit_id, UnionGroup.name_folded == fold(clean)))
    if existing is not None:
        return existing, False
    group = UnionGroup(unit_id=unit_id, name=clean, name_folded=fold(clean))
    session.add(group)
    session.flush()
    audit.record(session, "create", "union_group", group.id, unit_id=unit_id, new={"name": clean})
    return group.id, True


def create_group(db: Database, unit_id: int, name: str) -> int:
    clean = _check_name(name)
    with db.transaction() as session:
        if session.scalar(select(UnionGroup.id).where(UnionGroup.unit_id == unit_id,
                                                      UnionGroup.name_folded == fold(clean))):
            raise Conflict(f"Tổ công đoàn «{clean}» đã có")
        return find_or_create_group(session, unit_id, clean)[0]


def rename_group(db: Database, group_id: int, name: str) -> None:
    clean = _check_name(name)
    with db.transaction() as session:
        group = session.get(UnionGroup, group_id)
        if group is None:
            raise NotFound("Không tìm thấy tổ công đoàn")
        clash = session.scalar(select(UnionGroup.id).where(
            UnionGroup.unit_id == group.unit_id, UnionGroup.name_folded == fold(clean), UnionGroup.id != group_id))
        if clash:
            raise Conflict(f"Tổ công đoàn «{clean}» đã có; hãy dùng chức năng Gộp tổ")
        audit.record(session, "update", "union_group", group_id, unit_id=group.unit_id,
                     old={"name": group.name}, new={"name": clean})
        group.name, group.name_folded = clean, fold(clean)


def _move_members(session: Session, source_id: int, target_id: int | None) -> int:
    # Session.execute is typed as returning Result; for an UPDATE it is a CursorResult (rowcount).
    moved = cast(CursorResult[Any], session.execute(
        update(Member).where(Member.group_id == source_id).values(group_id=target_id)))
    session.execute(update(Position).where(Position.group_id == source_id).values(group_id=target_id))
    return moved.rowcount or 0


def merge_groups(db: Database, source_ids: list[int], target_id: int) -> int:
    """Move every member of the source groups into the target and delete the sources."""
    with db.transaction() as session:
        target = session.get(UnionGroup, target_id)
        if target is None:
            raise NotFound("Không tìm thấy tổ công đoàn đích")
        moved = 0
        for source_id in source_ids:
            if source_id == target_id:
                continue
            source = session.get(UnionGroup, source_id)
            if source is None or source.unit_id != target.unit_id:
                raise NotFound("Không tìm thấy tổ công đoàn cần gộp")
            count = _move_members(session, source_id, target_id)
            moved += count
            audit.record(session, "merge", "union_group", source_id, unit_id=target.unit_id,
                         summary=f"Gộp tổ «{source.name}» vào «{target.name}» ({count} đoàn viên)")
            session.delete(source)
        return moved


def delete_group(db: Database, group_id: int, *, move_to: int | None = None, allow_ungrouped: bool = False) -> int:
    """Delete a group; its members move to `move_to`, or stay without a group if allowed."""
    with db.transaction() as session:
        group = session.get(UnionGroup, group_id)
        if group is None:
            raise NotFound("Không tìm thấy tổ công đoàn")
        count = session.scalar(select(func.count()).where(Member.group_id == group_id)) or 0
        if count and move_to is None and not allow_ungrouped:
            raise Conflict(f"Tổ «{group.name}» còn {count} đoàn viên: hãy chọn tổ để chuyển họ sang trước khi xóa")
        if move_to is not None:
            target = session.get(UnionGroup, move_to)
            if target is None or target.unit_id != group.unit_id or move_to == group_id:
                raise NotFound("Không tìm thấy tổ công đoàn để chuyển đoàn viên sang")
        moved = _move_members(session, group_id, move_to) if count else 0
        audit.record(session, "delete", "union_group", group_id, unit_id=group.unit_id, old={"name": group.name},
                     summary=f"Xóa tổ «{group.name}», chuyển {moved} đoàn viên")
        session.delete(group)
        return moved
