"""The fast SQLite read of the member list gives exactly the rows of the generic SQLAlchemy path."""

from __future__ import annotations

import datetime as dt

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.members import members


def test_driver_read_equals_generic_read(db, unit) -> None:  # type: ignore[no-untyped-def]
    ids = []
    for name, born, group in (("Nguyễn Thị Hương", "05/03/1990", "Tổ Kế toán"), ("Đặng Văn Đức", "", None),
                              ("Lê Minh Anh", "12/12/1985", "Tổ Cơ khí")):
        draft = validate_member({"full_name": name, "birth_date": born, "group_name": group,
                                 "join_date": "01/02/2015"}).draft
        ids.append(members.create_member(db, unit.id, draft))
    members.add_position(db, ids[0], Role.BCH_MEMBER, dt.date(2020, 1, 1))
    members.change_status(db, ids[1], MemberStatus.LEFT, dt.date(2024, 6, 30))

    fast = members.list_member_rows(db, unit.id)
    with db.reading() as session:
        generic = members.read_member_rows(session, unit.id, dt.date.today(), limit=1000)
    assert sorted(fast) == sorted(generic)
    by_name = {row.full_name: row for row in fast}
    assert by_name["Nguyễn Thị Hương"].birth_date == dt.date(1990, 3, 5)
    assert by_name["Nguyễn Thị Hương"].roles == ("bch_member",)
    assert by_name["Đặng Văn Đức"].status_date == dt.date(2024, 6, 30) and by_name["Đặng Văn Đức"].birth_date is None
    assert [row.full_name for row in fast] == ["Lê Minh Anh", "Đặng Văn Đức", "Nguyễn Thị Hương"]
