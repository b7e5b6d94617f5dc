"""Every create/update/delete of the existing services leaves an audit row with old and new
values; the audit queries filter it and make it readable."""

from __future__ import annotations

import datetime as dt

from kh06_desktop.domain.enums import MemberStatus, Role, Sector
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.groups import groups
from kh06_desktop.services.members import members
from kh06_desktop.services.protect.audit_query import (
    AuditFilter,
    audit_vocabulary,
    count_audit,
    describe_changes,
    query_audit,
)
from kh06_desktop.services.unit import units


def _draft(**fields):  # type: ignore[no-untyped-def]
    raw = {"full_name": "Đặng Thị Lan", "gender": "Nữ", "birth_date": "05/02/1990",
           "citizen_id": "001190012345", "join_date": "01/03/2015", "phone": "0912345678"}
    raw.update(fields)
    result = validate_member(raw, today=dt.date(2025, 6, 1))
    assert result.draft is not None, result.errors
    return result.draft


def _last(db, entity: str, action: str | None = None):  # type: ignore[no-untyped-def]
    rows = query_audit(db, AuditFilter(entity=entity, action=action))
    assert rows, f"no audit row for {entity} {action}"
    return rows[0]


def test_unit_create_and_update_are_audited(db, unit) -> None:
    created = _last(db, "unit", "create")
    assert created.entity_id == unit.id and created.new["name"] == unit.name and created.old == {}
    units.update_unit(db, unit.id, units.UnitProfile(code=unit.code, name="Công đoàn Công ty Điện Đông Anh",
                                                    sector=Sector.STATE_ENTERPRISE))
    updated = _last(db, "unit", "update")
    assert updated.old["name"] == unit.name and updated.new["name"] == "Công đoàn Công ty Điện Đông Anh"
    assert "Tên: Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh → Công đoàn Công ty Điện Đông Anh" \
        in describe_changes(updated)


def test_group_create_rename_merge_delete_are_audited(db, unit) -> None:
    a = groups.create_group(db, unit.id, "Tổ Cơ khí")
    b = groups.create_group(db, unit.id, "Tổ Điện")
    c = groups.create_group(db, unit.id, "Tổ Kho")
    assert _last(db, "union_group", "create").new == {"name": "Tổ Kho"}
    groups.rename_group(db, a, "Tổ Cơ khí 1")
    renamed = _last(db, "union_group", "update")
    assert (renamed.entity_id, renamed.old, renamed.new) == (a, {"name": "Tổ Cơ khí"}, {"name": "Tổ Cơ khí 1"})
    groups.merge_groups(db, [b], a)
    assert _last(db, "union_group", "merge").entity_id == b
    groups.delete_group(db, c)
    deleted = _last(db, "union_group", "delete")
    assert deleted.entity_id == c and deleted.old == {"name": "Tổ Kho"}


def test_member_create_update_status_are_audited(db, unit) -> None:
    member_id = members.create_member(db, unit.id, _draft(), today=dt.date(2025, 6, 1))
    created = _last(db, "member", "create")
    assert created.entity_id == member_id and created.new["full_name"] == "Đặng Thị Lan"
    assert created.new["citizen_id"] == "001190012345"
    members.update_member(db, member_id, _draft(full_name="Đặng Thị Lan Anh", phone="0987654321"),
                          today=dt.date(2025, 6, 1))
    updated = _last(db, "member", "update")
    assert set(updated.new) == {"full_name", "given_name", "phone"}  # only what changed
    lines = describe_changes(updated)
    assert "Họ và tên: Đặng Thị Lan → Đặng Thị Lan Anh" in lines
    assert any(line.startswith("Điện thoại: •••••••678 → •••••••321") for line in lines)  # masked
    assert "Điện thoại: 0912345678 → 0987654321" in describe_changes(updated, reveal=True)
    members.change_status(db, member_id, MemberStatus.LEFT, dt.date(2025, 5, 1))
    status = _last(db, "member", "status")
    assert "Trạng thái: Đang sinh hoạt → Đã thôi" in describe_changes(status)
    assert "Ngày chuyển/thôi: (trống) → 01/05/2025" in describe_changes(status)


def test_position_create_end_delete_are_audited(db, unit) -> None:
    member_id = members.create_member(db, unit.id, _draft(), today=dt.date(2025, 6, 1))
    position_id = members.add_position(db, member_id, Role.BCH_MEMBER, dt.date(2020, 1, 1))
    created = _last(db, "position", "create")
    assert created.entity_id == position_id and "Chức vụ: Ủy viên BCH" in describe_changes(created)
    members.end_position(db, position_id, dt.date(2024, 12, 31))
    ended = _last(db, "position", "update")
    assert "Đến ngày: (trống) → 31/12/2024" in describe_changes(ended)
    members.remove_position(db, position_id)
    removed = _last(db, "position", "delete")
    assert removed.entity_id == position_id and removed.old["role"] == "bch_member"
    assert "Chức vụ: Ủy viên BCH (bỏ)" in describe_changes(removed)


def test_filters_by_date_entity_action_text(db, unit) -> None:
    groups.create_group(db, unit.id, "Tổ Đóng gói")
    member_id = members.create_member(db, unit.id, _draft(full_name="Trần Đức Thắng", gender="Nam",
                                                           citizen_id="001090012346"), today=dt.date(2025, 6, 1))
    total = count_audit(db)
    assert total == len(query_audit(db)) >= 4
    assert {r.entity for r in query_audit(db, AuditFilter(entity="member"))} == {"member"}
    assert all(r.action == "create" for r in query_audit(db, AuditFilter(action="create")))
    found = query_audit(db, AuditFilter(text="duc thang"))  # no accents, đ typed as d
    assert [r.entity_id for r in found] == [member_id]
    assert count_audit(db, AuditFilter(text="DÓNG GÓI")) == 1
    assert count_audit(db, AuditFilter(text="100%_")) == 0  # LIKE wildcards are literal
    today = dt.date.today()
    assert count_audit(db, AuditFilter(date_from=today, date_to=today)) == total
    assert count_audit(db, AuditFilter(date_to=today - dt.timedelta(days=1))) == 0
    assert count_audit(db, AuditFilter(date_from=today + dt.timedelta(days=1))) == 0
    assert count_audit(db, AuditFilter(entity_id=member_id, entity="member")) == 1
    entities, actions = audit_vocabulary(db)
    assert {"member", "union_group", "unit"} <= set(entities) and "create" in actions


def test_pages_are_newest_first_and_disjoint(db, unit) -> None:
    for i in range(25):
        groups.create_group(db, unit.id, f"Tổ {i:02d}")
    first = query_audit(db, AuditFilter(entity="union_group"), offset=0, limit=10)
    second = query_audit(db, AuditFilter(entity="union_group"), offset=10, limit=10)
    ids = [r.id for r in first + second]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 20
    assert first[0].new == {"name": "Tổ 24"}
