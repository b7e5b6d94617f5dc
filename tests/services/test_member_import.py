"""Importing and exporting the member spreadsheet (DESIGN 6.2), on files built like real ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from fixtures.member_sheets import BAD_ROWS, EXPECTED_6_2, GOOD_ROWS, roster_6_2, simple_roster, two_row_header
from sqlalchemy import func, select

from kh06_desktop.domain.enums import MemberStatus, Sector
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.exchange.member_sheet import SheetError
from kh06_desktop.exchange.sheet_reader import read_member_sheet
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.groups.groups import create_group, list_groups
from kh06_desktop.services.members.member_export import export_members
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.members.members import change_status, create_member, get_member, list_member_rows
from kh06_desktop.services.unit.units import UnitProfile, setup_unit
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import AuditEntry, Member, Position, UnionGroup

TODAY = dt.date(2025, 6, 15)


def snapshot(db, unit_id: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    """What makes a member the same member: everything but ids and timestamps."""
    out = []
    for row in list_member_rows(db, unit_id, today=TODAY):
        note = get_member(db, row.id).note
        out.append((row.full_name, row.given_name, row.birth_date, row.gender, row.citizen_id, row.card_number,
                    row.group_name, frozenset(row.roles), row.department, row.join_date, row.phone, note))
    return sorted(out)


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_realistic_roster_imports_exactly(db, unit, tmp_path: Path) -> None:
    plan = prepare_import(db, unit.id, roster_6_2(tmp_path / "ds.xlsx"), today=TODAY)
    assert plan.ok, plan.errors
    assert (plan.sheet_name, plan.header_row, plan.total_rows, plan.valid_count) == ("DS đoàn viên", 7, 5, 5)
    assert plan.unknown_columns == ["Quê quán"]
    assert plan.columns["full_name"] == "HỌ VÀ TÊN" and plan.columns["birth_date"] == "Ngày sinh (dd/mm/yyyy)"
    assert ("Đơn vị / Bộ phận", "Đơn vị/Bộ phận") in plan.column_mapping
    assert plan.new_groups == ["Phân xưởng Cơ khí", "Phòng Kế toán", "Tổ Bảo vệ"]
    assert plan.preview_rows == [9, 10, 11, 12, 13] and plan.preview_status == ["ok"] * 5
    assert plan.preview[2]["birth_date"] == "01/01/1990" and plan.preview[0]["citizen_id"] == "1188012345"
    assert count(db, Member) == 0  # checking writes nothing

    result = commit_import(db, unit.id, plan)
    assert (result.inserted, result.positions_created) == (5, 5)
    assert result.groups_created == ["Phân xưởng Cơ khí", "Phòng Kế toán", "Tổ Bảo vệ"]
    rows = {r.full_name: r for r in list_member_rows(db, unit.id, today=TODAY)}
    for name, given, birth, gender, cid, group, roles, joined, phone in EXPECTED_6_2:
        row = rows[name]
        assert (row.given_name, row.birth_date, row.gender, row.citizen_id) == (given, birth, gender, cid), name
        assert (row.group_name, set(row.roles), row.join_date, row.phone) == (group, roles, joined, phone), name
    assert get_member(db, rows["Trần Văn Đức"].id).note == "=SUM(1,2)"
    assert [g.name for g in list_groups(db, unit.id)] == ["Phân xưởng Cơ khí", "Phòng Kế toán", "Tổ Bảo vệ"]
    with db.reading() as session:
        audits = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
        leader_group = session.scalar(select(Position.group_id).where(Position.role == "group_leader"))
    assert len(audits) == 1 and "Nhập 5 đoàn viên" in audits[0].summary and "ds.xlsx" in audits[0].summary
    assert leader_group == rows["Trần Văn Đức"].group_id


def test_bad_rows_are_all_reported_and_nothing_is_written(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "loi.xlsx", BAD_ROWS + GOOD_ROWS[:1])
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert not plan.ok
    assert plan.error_rows == [4, 5, 6, 7, 8, 9, 10, 11]  # the good row 12 is not among them
    by_row = {(e.row, e.column): e for e in plan.errors}
    assert by_row[(4, "Ngày sinh")].value == "31/02/1990"
    assert "không tồn tại" in by_row[(4, "Ngày sinh")].message
    assert "ở tương lai" in by_row[(5, "Ngày sinh")].message
    assert by_row[(6, "Họ và tên")].message == "Chưa nhập họ và tên"
    assert by_row[(7, "Số CCCD")].value == "12345abc"
    assert "Thủ quỹ" in by_row[(8, "Chức vụ công đoàn")].message
    assert by_row[(9, "Số CCCD")].message == "Trùng số CCCD với dòng 8 trong tệp"
    assert by_row[(10, "Điện thoại")].value == "12ab"
    assert by_row[(11, "Giới tính")].value == "Khác"
    assert plan.preview_status[:8] == ["error"] * 8 and plan.preview_status[8] == "ok"
    with pytest.raises(Conflict, match="8 dòng lỗi"):
        commit_import(db, unit.id, plan)
    assert count(db, Member) == count(db, UnionGroup) == count(db, Position) == 0


def test_duplicates_against_the_list_and_inside_the_file(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    commit_import(db, unit.id, prepare_import(db, unit.id, path, today=TODAY))
    again = prepare_import(db, unit.id, path, today=TODAY)
    assert again.error_rows == [4, 5, 6] and again.valid_count == 0
    assert again.errors[0].message == "Số CCCD đã có trong danh sách: đoàn viên Nguyễn Thị Hương"
    assert "Đã có đoàn viên Trần Văn Dũng cùng ngày sinh 03/09/1985" in again.errors[1].message
    twins = simple_roster(tmp_path / "trung.xlsx", [
        ["Phạm Văn Hùng", "01/02/1980", "Nam", None, None, None, None],
        ["PHẠM VĂN HÙNG", dt.datetime(1980, 2, 1), "Nam", None, None, None, None]])
    plan = prepare_import(db, unit.id, twins, today=TODAY)
    assert [(e.row, e.message) for e in plan.errors] == [(5, "Trùng họ tên và ngày sinh với dòng 4 trong tệp")]


def test_a_member_who_left_still_counts_as_a_duplicate(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS[:1])
    commit_import(db, unit.id, prepare_import(db, unit.id, path, today=TODAY))
    member = list_member_rows(db, unit.id)[0]
    change_status(db, member.id, MemberStatus.LEFT, dt.date(2025, 1, 1))
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert "(đã thôi)" in plan.errors[0].message


def test_citizen_id_mismatch_is_a_warning_and_the_row_imports(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "ds.xlsx", [["Vũ Văn Nam", "01/01/1991", "Nam", "001190012345", None, None, None]])
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert plan.ok and plan.preview_status == ["warning"]
    assert {w.column for w in plan.warnings} == {"Số CCCD"} and len(plan.warnings) == 2
    assert commit_import(db, unit.id, plan).inserted == 1


def test_known_group_is_reused_whatever_its_spelling(db, unit, tmp_path: Path) -> None:
    create_group(db, unit.id, "Tổ kỹ thuật")
    plan = prepare_import(db, unit.id, simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS), today=TODAY)
    assert plan.new_groups == ["Tổ Sản xuất"]
    result = commit_import(db, unit.id, plan)
    assert result.groups_created == ["Tổ Sản xuất"]
    assert {g.name for g in list_groups(db, unit.id)} == {"Tổ kỹ thuật", "Tổ Sản xuất"}


def test_two_row_header_with_birth_dates_split_by_gender(db, unit, tmp_path: Path) -> None:
    plan = prepare_import(db, unit.id, two_row_header(tmp_path / "tn.xlsx"), today=TODAY)
    assert plan.ok and plan.header_row == 3
    commit_import(db, unit.id, plan)
    rows = {r.full_name: (r.gender, r.birth_date) for r in list_member_rows(db, unit.id)}
    assert rows == {"Ngô Văn Hải": ("M", dt.date(1980, 10, 10)), "Dương Thị Mai": ("F", dt.date(1991, 11, 11))}


def test_cancel_during_the_write_rolls_everything_back(db, unit, tmp_path: Path) -> None:
    plan = prepare_import(db, unit.id, roster_6_2(tmp_path / "ds.xlsx"), today=TODAY)

    class CancelAfterFirstChunk:
        checks = 0

        def report(self, done: int, total: int, text: str = "") -> None:
            pass

        def check(self) -> None:
            self.checks += 1
            if self.checks == 2:  # after the members were inserted, before the commit
                raise KeyboardInterrupt("cancelled")

    with pytest.raises(KeyboardInterrupt):
        commit_import(db, unit.id, plan, CancelAfterFirstChunk())
    assert count(db, Member) == count(db, UnionGroup) == count(db, Position) == 0
    assert commit_import(db, unit.id, plan).inserted == 5  # the same plan still imports afterwards


def test_plan_is_rechecked_against_changes_made_meanwhile(db, unit, tmp_path: Path) -> None:
    plan = prepare_import(db, unit.id, simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS), today=TODAY)
    create_member(db, unit.id, validate_member({"full_name": "Trần Văn Dũng", "birth_date": "03/09/1985"}).draft)
    with pytest.raises(Conflict, match="dòng 5"):
        commit_import(db, unit.id, plan)
    assert count(db, Member) == 1


def test_unusable_files_raise_sheet_error(db, unit, tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("không phải bảng tính", encoding="utf-8")
    no_header = tmp_path / "khong-tieu-de.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Tên hàng", "Số lượng"])
    book.active.append(["Bút bi", 10])
    book.save(no_header)
    empty = tmp_path / "rong.xlsx"
    openpyxl.Workbook().save(empty)
    header_only = simple_roster(tmp_path / "chi-tieu-de.xlsx", [])
    cases = {text: "không phải bảng tính", tmp_path / "khong-co.xlsx": "Không tìm thấy tệp",
             no_header: "Không tìm thấy dòng tiêu đề", empty: "không có dữ liệu",
             header_only: "chưa có đoàn viên nào", tmp_path: "thư mục"}
    for path, message in cases.items():
        with pytest.raises(SheetError, match=message):
            prepare_import(db, unit.id, path)
    assert count(db, Member) == 0


def test_export_then_import_gives_the_same_members(db, unit, tmp_path: Path) -> None:
    commit_import(db, unit.id, prepare_import(db, unit.id, roster_6_2(tmp_path / "ds.xlsx"), today=TODAY))
    draft = validate_member({"full_name": "Đinh Bảo Ngọc", "given_name": "Bảo Ngọc", "gender": "Nữ",
                             "birth_date": "05/05/1999", "note": "+84 là mã vùng", "roles": "UV BCH"}).draft
    create_member(db, unit.id, draft, today=dt.date(2025, 1, 1))
    leaver = create_member(db, unit.id, validate_member({"full_name": "Bùi Văn Lực"}).draft)
    change_status(db, leaver, MemberStatus.LEFT, dt.date(2025, 5, 1))
    out = tmp_path / "xuat.xlsx"
    assert export_members(db, unit.id, out, today=TODAY) == 6  # the leaver is not exported

    other = open_database(tmp_path / "khac.db")
    try:
        fresh = setup_unit(other, UnitProfile(code="CDCS-KHAC", name="Công đoàn khác", sector=Sector.NON_STATE))
        plan = prepare_import(other, fresh.id, out, today=TODAY)
        assert plan.ok and plan.unknown_columns == []
        commit_import(other, fresh.id, plan)
        active = [m for m in snapshot(db, unit.id) if m[0] != "Bùi Văn Lực"]
        assert snapshot(other, fresh.id) == active
    finally:
        other.close()


def test_exported_cells_are_typed_and_never_formulas(db, unit, tmp_path: Path) -> None:
    commit_import(db, unit.id, prepare_import(db, unit.id, roster_6_2(tmp_path / "ds.xlsx"), today=TODAY))
    out = tmp_path / "xuat.xlsx"
    export_members(db, unit.id, out, today=TODAY)
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == unit.upper_union and sheet["A2"].value == unit.name
    assert "A3:M3" in {str(r) for r in sheet.merged_cells.ranges}
    header = [c.value for c in sheet[6]]
    assert header[:6] == ["STT", "Họ và tên", "Tên", "Ngày sinh", "Giới tính", "Số CCCD"]
    cells = {sheet.cell(r, 2).value: r for r in range(7, sheet.max_row + 1)}
    huong, duc = cells["Nguyễn Thị Thu Hương"], cells["Trần Văn Đức"]
    assert sheet.cell(huong, 6).value == "001188012345" and sheet.cell(huong, 6).data_type == "s"
    assert sheet.cell(huong, 4).value == dt.datetime(1988, 4, 12)
    assert sheet.cell(huong, 4).number_format == "dd/mm/yyyy"
    assert sheet.cell(huong, 9).value == "Chủ tịch"
    note = sheet.cell(duc, header.index("Ghi chú") + 1)
    assert note.value == "=SUM(1,2)" and note.data_type == "s"  # text, not a formula
    assert sheet.cell(huong, header.index("Điện thoại") + 1).value == "0912345678"

    bare = tmp_path / "khong-ca-nhan.xlsx"
    export_members(db, unit.id, bare, include_personal=False, today=TODAY)
    labels = read_member_sheet(bare).column_labels
    assert "birth_date" not in labels and "citizen_id" not in labels and "phone" not in labels
    assert "full_name" in labels and "roles" in labels


def test_names_differing_only_by_marks_are_flagged_not_refused(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "gan-trung.xlsx", [
        ["Nguyễn Văn Hùng", "01/02/1980", "Nam", None, None, None, None],
        ["Nguyễn Văn Hưng", "01/02/1980", "Nam", None, None, None, None]])
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert plan.ok and [(w.row, w.column) for w in plan.warnings] == [(5, "Họ và tên")]
    assert "chỉ khác dấu" in plan.warnings[0].message and "dòng 4" in plan.warnings[0].message
    assert commit_import(db, unit.id, plan).inserted == 2


def test_only_number_cells_get_their_zeros_back(db, unit, tmp_path: Path) -> None:
    path = simple_roster(tmp_path / "cccd.xlsx", [
        ["Nguyễn Văn An", "01/01/1990", "Nam", 1090012345, "Tổ 1", None, None],  # a number: zeros restored
        ["Trần Thị Bình", "01/01/1990", "Nữ", "01190012345", "Tổ 1", None, None],  # 11-digit text: error
        ["Lê Văn Cường", "01/01/1990", "Nam", 1234567890, "Tổ 1", None, None],  # a number encoding 2034
    ])
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert not plan.ok
    by_row = {e.row: e for e in plan.errors if e.column == "Số CCCD"}
    assert sorted(by_row) == [5, 6]
    assert "Số CCCD có 11 chữ số" in by_row[5].message
    assert "năm sinh 2034" in by_row[6].message
    assert count(db, Member) == 0


@pytest.mark.parametrize("with_given_column", [True, False])
def test_sort_keys_follow_the_given_name_typed_or_not(db, unit, tmp_path: Path, with_given_column: bool) -> None:
    """The import builds one sort key per distinct name, then its own key for a row whose given
    name is more than the last word (a compound given name typed in the «Tên» column)."""
    from kh06_desktop.domain.vntext import name_sort_key

    names = ["Trần Minh Anh", "Lê Văn Nam", "Trần Minh Anh", "Nguyễn Thị Hoa"]
    givens = ["Minh Anh", "Nam", "Anh", "hoa"]  # the same name twice: once compound, once the last word
    rows = [[name, *([given] if with_given_column else []), f"0{i + 1}/01/1990", "Nam"]
            for i, (name, given) in enumerate(zip(names, givens, strict=True))]
    header = ["STT", "Họ và tên", *(["Tên"] if with_given_column else []), "Ngày sinh", "Giới tính"]
    plan = prepare_import(db, unit.id, simple_roster(tmp_path / "ds.xlsx", rows, header), today=TODAY)
    assert plan.ok, plan.errors
    commit_import(db, unit.id, plan)
    with db.reading() as session:
        stored = session.execute(select(Member.full_name, Member.given_name, Member.sort_key)
                                 .order_by(Member.id)).all()
    expected_givens = ["Minh Anh", "Nam", "Anh", "Hoa"] if with_given_column else ["Anh", "Nam", "Anh", "Hoa"]
    assert [(r.full_name, r.given_name) for r in stored] == list(zip(names, expected_givens, strict=True))
    assert [r.sort_key for r in stored] == [name_sort_key(n, g) for n, g in zip(names, expected_givens, strict=True)]
    assert stored[0].sort_key != stored[2].sort_key if with_given_column else stored[0].sort_key == stored[2].sort_key


def test_rows_with_another_given_name_are_found_among_the_rows_to_import() -> None:
    from kh06_desktop.domain.member_rows import CheckedRows
    from kh06_desktop.services.members.member_import import _given_not_last

    checked = CheckedRows(5, {})
    names, givens = ["Lê Minh Anh", "Lê Văn Nam", "Trần Hoa"], ["Minh Anh", "Nam", "Hoa"]
    assert _given_not_last(checked, [0, 2, 4], False, names, givens) == [0]  # not known: compared
    checked.given_not_last = [1, 2, 3]
    assert _given_not_last(checked, [0, 2, 4], False, names, givens) == [1]  # row 2 is the second to import
    assert _given_not_last(checked, list(range(5)), True, names, givens) == [1, 2, 3]
