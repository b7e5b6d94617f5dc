"""Updating the member list from HR's updated list (DESIGN 6.1 `import-members --update`): rows
matched by citizen id, card number, or name + birthday; new / changed / unchanged / absent /
errors; all or nothing; one audit row per change."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fixtures.member_sheets import simple_roster
from sqlalchemy import select

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.members.member_update import commit_update, prepare_update
from kh06_desktop.services.members.members import create_member, get_member, list_member_rows
from kh06_desktop.store.models import AuditEntry

TODAY = dt.date(2025, 6, 15)
BASE = [
    ["Nguyễn Thị Hương", "12/04/1990", "Nữ", "001190012345", "Tổ Kỹ thuật", "Tổ trưởng", "0912345678"],
    ["Trần Văn Dũng", "03/09/1985", "Nam", None, "Tổ Sản xuất", "Chủ tịch", None],
    ["Lê Thị Hường", "21/11/1995", "Nữ", None, "Tổ Sản xuất", None, None],
    ["Phạm Văn Nam", "01/01/1980", "Nam", "001080000111", "Tổ Bảo vệ", None, "0987000111"],
    ["Đỗ Văn Hung", "05/05/1992", "Nam", None, "Tổ Bảo vệ", None, None],
]
UPDATED = [
    ["Nguyễn Thị Hương", "12/04/1990", "Nữ", "001190012345", "Tổ Chất lượng", "Tổ trưởng", "0911 111 111"],
    ["Trần Văn Dũng", "03/09/1985", "Nam", None, "Tổ Sản xuất", "Chủ tịch", None],
    ["PHẠM VĂN NAM", "01/01/1980", "Nam", "001080000111", "Tổ Bảo vệ", None, None],  # empty phone: kept
    ["Đỗ Văn Hùng", "05/05/1992", "Nam", None, "Tổ Bảo vệ", "Phó Chủ tịch", None],  # name corrected, new position
    ["Vũ Thị Mai", "02/02/1996", "Nữ", "001196000222", "Tổ Chất lượng", None, "0903000222"],
]


@pytest.fixture
def listed(db, unit, tmp_path: Path):  # type: ignore[no-untyped-def]
    plan = prepare_import(db, unit.id, simple_roster(tmp_path / "goc.xlsx", BASE), today=TODAY)
    commit_import(db, unit.id, plan)
    return {row.full_name: row for row in list_member_rows(db, unit.id, today=TODAY)}


def changes_of(plan) -> dict[str, dict[str, tuple[str, str]]]:  # type: ignore[no-untyped-def]
    return {c.name: {f.field: (f.old, f.new) for f in c.changes} for c in plan.changed}


def test_preview_sorts_rows_into_new_changed_unchanged_absent(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = simple_roster(tmp_path / "moi.xlsx", UPDATED)
    plan = prepare_update(db, unit.id, path, today=TODAY)
    assert plan.ok, plan.errors
    assert [r.name for r in plan.new] == ["Vũ Thị Mai"]
    assert changes_of(plan) == {
        "Nguyễn Thị Hương": {"phone": ("0912345678", "0911111111")},
        "Đỗ Văn Hung": {"full_name": ("Đỗ Văn Hung", "Đỗ Văn Hùng")},
    }
    assert {c.name: c.matched_by for c in plan.changed} == {"Nguyễn Thị Hương": "số CCCD",
                                                            "Đỗ Văn Hung": "họ tên và ngày sinh"}
    assert sorted(s.name for s in plan.unchanged) == ["Phạm Văn Nam", "Trần Văn Dũng"]
    assert [a.name for a in plan.absent] == ["Lê Thị Hường"]
    assert plan.new_groups == ["Tổ Chất lượng"]
    # groups and positions follow the file only when asked
    follow = prepare_update(db, unit.id, path, follow_groups=True, follow_positions=True, today=TODAY)
    assert changes_of(follow)["Nguyễn Thị Hương"]["group"] == ("Tổ Kỹ thuật", "Tổ Chất lượng")
    assert changes_of(follow)["Đỗ Văn Hung"]["roles"] == ("(không có)", "Phó Chủ tịch")
    assert len(list_member_rows(db, unit.id, today=TODAY)) == 5  # the preview writes nothing


def test_update_writes_everything_and_audits_each_change(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = simple_roster(tmp_path / "moi.xlsx", UPDATED)
    plan = prepare_update(db, unit.id, path, follow_groups=True, follow_positions=True, missing="left", today=TODAY)
    result = commit_update(db, unit.id, plan, missing="left", as_of=dt.date(2025, 6, 1), today=TODAY)
    assert (result.added, result.changed, result.marked_left, result.groups_created) == (1, 2, 1, ["Tổ Chất lượng"])
    assert result.positions_opened == 1
    rows = {r.full_name: r for r in list_member_rows(db, unit.id, today=TODAY)}
    assert set(rows) == {"Đỗ Văn Hùng", "Lê Thị Hường", "Nguyễn Thị Hương", "Phạm Văn Nam", "Trần Văn Dũng",
                         "Vũ Thị Mai"}
    assert (rows["Nguyễn Thị Hương"].phone, rows["Nguyễn Thị Hương"].group_name) == ("0911111111", "Tổ Chất lượng")
    assert rows["Nguyễn Thị Hương"].id == listed["Nguyễn Thị Hương"].id  # the same member, updated
    assert rows["Phạm Văn Nam"].phone == "0987000111"  # an empty cell erases nothing
    assert rows["Đỗ Văn Hùng"].given_name == "Hùng" and rows["Đỗ Văn Hùng"].roles == ("vice_chair",)
    assert rows["Đỗ Văn Hùng"].id == listed["Đỗ Văn Hung"].id
    hường = get_member(db, rows["Lê Thị Hường"].id)
    assert (hường.status, hường.status_date) == (MemberStatus.LEFT, dt.date(2025, 6, 1))
    assert rows["Vũ Thị Mai"].citizen_id == "001196000222"
    with db.reading() as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.old_values,
                                         AuditEntry.new_values, AuditEntry.summary)
                                  .where(AuditEntry.entity == "member").order_by(AuditEntry.id)).all()
    updates = {e.entity_id: (json.loads(e.old_values), json.loads(e.new_values)) for e in entries
               if e.action == "update"}
    assert updates[listed["Nguyễn Thị Hương"].id] == (
        {"phone": "0912345678", "group": "Tổ Kỹ thuật"}, {"phone": "0911111111", "group": "Tổ Chất lượng"})
    assert [e.action for e in entries].count("status") == 1
    assert [e.action for e in entries].count("create") == 1
    assert "1 mới, 2 thay đổi, 1 ghi là đã thôi" in entries[-1].summary and entries[-1].action == "import"


def test_absent_members_are_kept_by_default(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "moi.xlsx", UPDATED), today=TODAY)
    commit_update(db, unit.id, plan, today=TODAY)
    assert get_member(db, listed["Lê Thị Hường"].id).status is MemberStatus.ACTIVE
    # groups did not follow the file: Hương stays in her group
    assert get_member(db, listed["Nguyễn Thị Hương"].id).group_name == "Tổ Kỹ thuật"


def test_the_same_list_again_changes_nothing(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "goc.xlsx", BASE), follow_groups=True,
                          follow_positions=True, today=TODAY)
    assert plan.ok and not plan.new and not plan.changed and not plan.absent
    assert len(plan.unchanged) == 5


def test_ambiguous_matches_are_listed_never_guessed(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    twin = validate_member({"full_name": "Trần Văn Dũng", "birth_date": "03/09/1985", "gender": "Nam"}, today=TODAY)
    create_member(db, unit.id, twin.draft, allow_duplicate=True, today=TODAY)
    path = simple_roster(tmp_path / "moi.xlsx", UPDATED)
    plan = prepare_update(db, unit.id, path, today=TODAY)
    assert not plan.ok
    issue, = plan.errors
    assert issue.row == 5 and "khớp với nhiều đoàn viên" in issue.message and "không tự chọn" in issue.message
    with pytest.raises(Conflict):
        commit_update(db, unit.id, plan, today=TODAY)
    assert get_member(db, listed["Nguyễn Thị Hương"].id).phone == "0912345678"  # all or nothing


def test_card_numbers_match_and_a_clash_with_the_citizen_id_is_an_error(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số thẻ đoàn viên", "Điện thoại"]
    base = [["Hoàng Văn Bảy", "01/01/1980", None, "TDV-0001", None],
            ["Ngô Thị Tám", "02/02/1982", "001182000888", "TDV-0002", None]]
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", base, header),
                                              today=TODAY))
    new = [["Hoàng Văn Bảy", "01/01/1981", "001081000777", "TDV-0001", "0904000777"],  # birthday corrected
           ["Ngô Thị Tám", "02/02/1982", "001182000999", "TDV-0002", None]]  # another citizen id on her card
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "b.xlsx", new, header), today=TODAY)
    assert changes_of(plan) == {"Hoàng Văn Bảy": {"birth_date": ("01/01/1980", "01/01/1981"),
                                                  "citizen_id": ("(trống)", "001081000777"),
                                                  "phone": ("(trống)", "0904000777")}}
    issue, = plan.errors
    assert issue.row == 5 and "Số thẻ của đoàn viên Ngô Thị Tám nhưng số CCCD khác" in issue.message


def test_two_rows_for_one_member_is_an_error(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [UPDATED[1], ["Trần Văn Dũng", "03/09/1985", "Nam", None, "Tổ Sản xuất", None, "0909000000"]]
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "moi.xlsx", rows), today=TODAY)
    assert not plan.ok
    assert any("Trùng họ tên và ngày sinh với dòng 4" in e.message for e in plan.errors)


def test_positions_end_when_they_follow_the_file(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [list(r) for r in BASE]
    rows[0][5] = None  # Hương is no longer group leader
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "moi.xlsx", rows), follow_positions=True,
                          today=TODAY)
    assert changes_of(plan) == {"Nguyễn Thị Hương": {"roles": ("Tổ trưởng", "(không có)")}}
    result = commit_update(db, unit.id, plan, as_of=dt.date(2025, 6, 10), today=TODAY)
    assert result.positions_closed == 1
    held = get_member(db, listed["Nguyễn Thị Hương"].id).positions
    # The position was imported on 15/06 (its start): it cannot end before it began.
    assert [(p.role, p.start_date, p.end_date) for p in held] == [(Role.GROUP_LEADER, TODAY, TODAY)]


def test_an_empty_positions_column_ends_no_position(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """HR's template with a «Chức vụ công đoàn» column nobody filled in says nothing about positions:
    following it must not end the chair's and the group leader's."""
    rows = [[*r[:5], None, r[6]] for r in BASE]
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "moi.xlsx", rows), follow_positions=True,
                          today=TODAY)
    assert plan.ok and not plan.changed and not plan.role_changes and plan.positions_not_followed == 0
    assert [p.role for p in get_member(db, listed["Trần Văn Dũng"].id).positions] == [Role.CHAIR]


@pytest.mark.parametrize("name", ["tieu_de_nhom.xlsx", "nhieu_trang.ods", "gioi_tinh_x.xls"])
def test_the_messy_layouts_of_the_plain_import_update_cleanly(db, unit, name: str) -> None:  # type: ignore[no-untyped-def]
    """The same messy sheet read again (title rows, group headings, one sheet per group, numbers that
    lost their zeros, NFD names): every row finds its member and nothing changes."""
    messy = Path(__file__).resolve().parents[1] / "fixtures" / "messy" / name
    first = prepare_import(db, unit.id, messy, today=TODAY)
    assert first.ok, first.errors[:3]
    commit_import(db, unit.id, first, backup=False)
    plan = prepare_update(db, unit.id, messy, follow_groups=True, follow_positions=True, today=TODAY)
    assert plan.ok, plan.errors[:3]
    assert (len(plan.new), len(plan.changed), len(plan.absent)) == (0, 0, 0)
    assert len(plan.unchanged) == first.valid_count


def test_a_name_corrected_beyond_its_marks_is_flagged_not_merged(db, unit, listed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [list(r) for r in BASE]
    rows[2][0] = "Lê Thị Thu Hường"  # no citizen id, no card: the corrected name is a new row
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "moi.xlsx", rows), today=TODAY)
    assert [r.name for r in plan.new] == ["Lê Thị Thu Hường"] and [a.name for a in plan.absent] == ["Lê Thị Hường"]
    warning, = [w for w in plan.warnings if w.row == 6]
    assert "Cùng ngày sinh 21/11/1995 với Lê Thị Hường (không có trong tệp)" in warning.message


def test_a_closed_period_refuses_only_the_join_dates_an_update_would_write(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After closing a period, HR's updated list still updates the members it matches (a phone, a
    name): their join dates, unchanged, write nothing into the closed period. Only a new member, or a
    changed join date, on or before the closed period's end is refused, naming the period."""
    from kh06_desktop.services.periods.closing import close_period

    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào công đoàn", "Điện thoại"]
    first = [["Nguyễn Thị Hương", "12/04/1990", "Nữ", "001190012345", "01/03/2015", "0912345678"],
             ["Phạm Văn Nam", "01/01/1980", "Nam", "001080000111", "01/06/2010", "0987000111"],
             ["Trần Văn Dũng", "03/09/1985", "Nam", "001085000333", "01/02/2012", None]]
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", first, header),
                                              today=TODAY))
    close_period(db, unit.id, "2025H1")
    later = [["Nguyễn Thị Hương", "12/04/1990", "Nữ", "001190012345", "01/03/2015", "0911111111"],  # phone only
             ["Phạm Văn Nam", "01/01/1980", "Nam", "001080000111", "01/06/2011", None],  # join date moved
             ["Trần Văn Dũng", "03/09/1985", "Nam", "001085000333", "01/02/2012", None],  # unchanged
             ["Vũ Thị Mai", "02/02/1996", "Nữ", "001196000222", "01/03/2025", None]]  # new, joined in 2025H1
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "b.xlsx", later, header), today=TODAY)
    assert changes_of(plan) == {"Nguyễn Thị Hương": {"phone": ("0912345678", "0911111111")}}
    assert [s.name for s in plan.unchanged] == ["Trần Văn Dũng"]
    assert sorted(issue.row for issue in plan.errors) == [5, 7]  # the moved join date and the new member
    assert all("đã chốt số liệu" in issue.message and "2025H1" in issue.message for issue in plan.errors)
