"""Exporting the member list as a spreadsheet in the layout the import reads (DESIGN 6.2), so a
list exported, edited in Excel and imported into a fresh database gives the same members.

Personal data (date of birth, citizen id, phone) is left out on request; every export is
recorded in the audit trail, since the file carries personal data out of the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.exchange.member_sheet import write_member_sheet
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import NotFound
from kh06_desktop.services.members.member_import import ProgressLike
from kh06_desktop.services.members.members import active_roles
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, UnionGroup, Unit

_ROLE_ORDER = {role: index for index, role in enumerate(Role)}


def _status_text(status: str, since: dt.date | None) -> str:
    label = MemberStatus(status).label
    return f"{label} từ {format_date(since)}" if since and status != MemberStatus.ACTIVE.value else label


def export_members(db: Database, unit_id: int, out_path: str | Path, include_personal: bool = True, *,
                   include_all: bool = False, today: dt.date | None = None,
                   progress: ProgressLike | None = None) -> int:
    """Write the unit's members (active ones, or all with `include_all`); returns the rows written."""
    today = today or dt.date.today()
    out_path = Path(out_path)
    with db.reading() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        unit_name, upper_name = unit.name, unit.upper_union
        groups = dict(session.execute(
            select(UnionGroup.id, UnionGroup.name).where(UnionGroup.unit_id == unit_id)).all())
        roles = active_roles(session, unit_id, today)
        query = (select(Member.id, Member.full_name, Member.given_name, Member.birth_date, Member.gender,
                        Member.citizen_id, Member.card_number, Member.group_id, Member.department, Member.join_date,
                        Member.phone, Member.note, Member.status, Member.status_date)
                 .where(Member.unit_id == unit_id).order_by(Member.sort_key, Member.id))
        if not include_all:
            query = query.where(Member.status == MemberStatus.ACTIVE.value)
        members = session.execute(query).all()
    total = len(members)

    def rows() -> Iterator[dict[str, object]]:
        for index, m in enumerate(members):
            if progress is not None and index % 2000 == 0:
                progress.check()
                progress.report(index, total, f"Đang ghi {index:,}/{total:,} đoàn viên…".replace(",", "."))
            held = sorted((Role(r) for r in roles.get(m.id, ())), key=_ROLE_ORDER.__getitem__)
            yield {
                "full_name": m.full_name, "given_name": m.given_name, "birth_date": m.birth_date,
                "gender": Gender(m.gender).label if m.gender else None, "citizen_id": m.citizen_id,
                "card_number": m.card_number, "group_name": groups.get(m.group_id) if m.group_id else None,
                "roles": ", ".join(r.label for r in held) or None, "department": m.department,
                "join_date": m.join_date, "phone": m.phone, "note": m.note,
                "status": _status_text(m.status, m.status_date),
            }

    written = write_member_sheet(out_path, rows(), include_personal, unit_name=unit_name, upper_name=upper_name,
                                 subtitle=f"(Tính đến ngày {format_date(today)})", with_status=include_all)
    with db.transaction() as session:
        audit.record(session, "export", "member", None, unit_id=unit_id,
                     summary=f"Xuất {written} đoàn viên ra tệp «{out_path.name}»"
                             + ("" if include_personal else " (không kèm thông tin cá nhân)"),
                     new={"file": out_path.name, "members": written, "personal_data": include_personal,
                          "all_statuses": include_all})
    if progress is not None:
        progress.report(total, total, "Đã xuất xong")
    return written
