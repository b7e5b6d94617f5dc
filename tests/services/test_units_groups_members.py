"""Core services: the unit and its workforce, union groups, members and their positions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from kh06_desktop.domain.enums import MemberStatus, Role, Sector
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound
from kh06_desktop.services.groups.groups import create_group, delete_group, list_groups, merge_groups, rename_group
from kh06_desktop.services.members.members import (
    add_position,
    change_status,
    create_member,
    end_position,
    get_member,
    list_member_rows,
    remove_position,
    update_member,
)
from kh06_desktop.services.unit.units import (
    UnitProfile,
    Workforce,
    get_local_unit,
    get_workforce,
    list_workforce,
    set_workforce,
    setup_unit,
    update_unit,
)
from kh06_desktop.store.models import AuditEntry, Member


def draft(**raw: object):  # type: ignore[no-untyped-def]
    result = validate_member(raw, dt.date(2025, 6, 1))
    assert result.ok, result.errors
    return result.draft


def audit_actions(db) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return [(a.action, a.entity) for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_unit_set_up_once_then_edited(db, unit) -> None:  # type: ignore[no-untyped-def]
    assert get_local_unit(db) == unit
    with pytest.raises(Conflict, match="đã được thiết lập"):
        setup_unit(db, UnitProfile(code="KHAC", name="Công đoàn khác", sector=Sector.NON_STATE))
    with pytest.raises(InvalidInput) as error:
        update_unit(db, unit.id, UnitProfile(code=" ", name="", sector=Sector.NON_STATE))
    assert {field for field, _ in error.value.issues} == {"code", "name"}
    edited = update_unit(db, unit.id, UnitProfile(code="CDCS-TEST", name="  Công đoàn   Cơ khí  ",
                                                   sector=Sector.NON_STATE, chair_name="Lê Thị Hà"))
    assert edited.name == "Công đoàn Cơ khí" and edited.sector is Sector.NON_STATE
    assert ("update", "unit") in audit_actions(db)


def test_workforce_rules_and_fallback_to_an_earlier_period(db, unit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="lao động nữ lớn hơn"):
        set_workforce(db, unit.id, Workforce("2025H1", 100, 120, 90))
    with pytest.raises(InvalidInput, match="đủ điều kiện kết nạp lớn hơn"):
        set_workforce(db, unit.id, Workforce("2025H1", 100, 50, 101))
    set_workforce(db, unit.id, Workforce("2025H1", 118, 49, 108))
    assert get_workforce(db, unit.id, "2025H1").total_workers == 118
    assert get_workforce(db, unit.id, "2026H1").period == "2025"  # latest earlier figures
    assert get_workforce(db, unit.id, "2024") is None
    assert [w.period for w in list_workforce(db, unit.id)] == ["2025", "2025H1"]


def test_groups_add_rename_merge_and_delete_with_a_rule_for_members(db, unit) -> None:  # type: ignore[no-untyped-def]
    workshop = create_group(db, unit.id, "Phân xưởng Cơ khí")
    office = create_group(db, unit.id, "Phòng Kế toán")
    with pytest.raises(Conflict):
        create_group(db, unit.id, "phan xuong co khi")
    with pytest.raises(InvalidInput):
        create_group(db, unit.id, "   ")
    member = create_member(db, unit.id, draft(full_name="Trần Văn Đức"), group_id=office)
    rename_group(db, office, "Phòng Tài chính – Kế toán")
    with pytest.raises(Conflict, match="Gộp tổ"):
        rename_group(db, office, "PHÂN XƯỞNG CƠ KHÍ")
    with pytest.raises(Conflict, match="còn 1 đoàn viên"):
        delete_group(db, office)
    assert merge_groups(db, [office], workshop) == 1
    assert get_member(db, member).group_name == "Phân xưởng Cơ khí"
    assert [(g.name, g.member_count) for g in list_groups(db, unit.id)] == [("Phân xưởng Cơ khí", 1)]
    assert delete_group(db, workshop, allow_ungrouped=True) == 1
    assert get_member(db, member).group_id is None
    with pytest.raises(NotFound):
        rename_group(db, workshop, "X")


def test_member_create_with_roles_and_duplicates(db, unit) -> None:  # type: ignore[no-untyped-def]
    first = create_member(db, unit.id, draft(full_name="Nguyễn Thị Hương", birth_date="01/02/1990",
                                             citizen_id="001190012345", group_name="Tổ Kỹ thuật",
                                             roles="Tổ trưởng", join_date="01/03/2015"))
    detail = get_member(db, first)
    assert detail.group_name == "Tổ Kỹ thuật" and detail.status is MemberStatus.ACTIVE
    assert [(p.role, p.start_date, p.group_id) for p in detail.positions] == [
        (Role.GROUP_LEADER, dt.date(2015, 3, 1), detail.group_id)]
    with pytest.raises(Conflict, match="Trùng số CCCD với đoàn viên Nguyễn Thị Hương"):
        create_member(db, unit.id, draft(full_name="Lê Thị Hà", citizen_id="001190012345"))
    with pytest.raises(Conflict, match="Trùng họ tên và ngày sinh"):
        create_member(db, unit.id, draft(full_name="NGUYEN THI HUONG", birth_date="01/02/1990"))
    twin = create_member(db, unit.id, draft(full_name="Nguyễn Thị Hương", birth_date="01/02/1990"),
                         allow_duplicate=True)
    assert twin != first


def test_update_syncs_roles_and_keeps_history(db, unit) -> None:  # type: ignore[no-untyped-def]
    member = create_member(db, unit.id, draft(full_name="Phạm Văn Hùng", roles="UV BCH"),
                           today=dt.date(2024, 1, 1))
    update_member(db, member, draft(full_name="Phạm Văn Hùng", roles="Phó Chủ tịch"), today=dt.date(2025, 1, 1))
    positions = {p.role: p for p in get_member(db, member).positions}
    assert positions[Role.BCH_MEMBER].end_date == dt.date(2025, 1, 1)  # ended, not deleted
    assert positions[Role.VICE_CHAIR].start_date == dt.date(2025, 1, 1)
    rows = list_member_rows(db, unit.id, today=dt.date(2025, 2, 1))
    assert rows[0].roles == ("vice_chair",)


def test_leaving_keeps_the_record_and_ends_positions(db, unit) -> None:  # type: ignore[no-untyped-def]
    member = create_member(db, unit.id, draft(full_name="Lê Văn Tám", join_date="01/01/2010", roles="Chủ tịch"))
    with pytest.raises(InvalidInput, match="trước ngày vào công đoàn"):
        change_status(db, member, MemberStatus.LEFT, dt.date(2009, 1, 1))
    with pytest.raises(InvalidInput, match="tương lai"):
        change_status(db, member, MemberStatus.LEFT, dt.date.today() + dt.timedelta(days=1))
    change_status(db, member, MemberStatus.TRANSFERRED, dt.date(2025, 3, 1), note="Chuyển sang Công ty mẹ")
    detail = get_member(db, member)
    assert detail.status is MemberStatus.TRANSFERRED and detail.status_date == dt.date(2025, 3, 1)
    assert detail.note == "Chuyển sang Công ty mẹ"
    assert detail.positions[0].end_date == dt.date(2025, 3, 1)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 1
    assert ("status", "member") in audit_actions(db)


def test_positions_added_ended_and_removed(db, unit) -> None:  # type: ignore[no-untyped-def]
    member = create_member(db, unit.id, draft(full_name="Đỗ Thị Lan", gender="Nữ"))
    with pytest.raises(InvalidInput):
        add_position(db, member, Role.WOMEN_HEAD, dt.date(2025, 1, 1), dt.date(2024, 1, 1))
    position = add_position(db, member, Role.WOMEN_HEAD, dt.date(2024, 1, 1))
    with pytest.raises(InvalidInput):
        end_position(db, position, dt.date(2023, 1, 1))
    end_position(db, position, dt.date(2025, 1, 1))
    assert get_member(db, member).positions[0].held_on(dt.date(2024, 6, 1))
    assert not get_member(db, member).positions[0].held_on(dt.date(2025, 6, 1))
    remove_position(db, position)
    assert get_member(db, member).positions == ()
    assert ("delete", "position") in audit_actions(db)


def test_member_list_is_in_vietnamese_order(db, unit) -> None:  # type: ignore[no-untyped-def]
    for name in ("Trần Thị Ánh", "Nguyễn Văn An", "Đỗ Văn Đức", "Bùi Thị Dung", "Lê Thị Hường", "Ngô Văn Huy"):
        create_member(db, unit.id, draft(full_name=name))
    create_member(db, unit.id, draft(full_name="Đinh Bảo Ngọc", given_name="Bảo Ngọc"))
    names = [r.full_name for r in list_member_rows(db, unit.id)]
    assert names == ["Nguyễn Văn An", "Trần Thị Ánh", "Đinh Bảo Ngọc", "Bùi Thị Dung", "Đỗ Văn Đức",
                     "Ngô Văn Huy", "Lê Thị Hường"]
