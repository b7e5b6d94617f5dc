"""Member lists as union offices really keep them (tests/fixtures/messy, built by make_messy.py and
committed as .xlsx, .xls and .ods): every format gives the same members; cover sheets, section
headings, subtotals and signature blocks are skipped and reported; the cell mess is cleaned."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kh06_desktop.cli import main
from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.member_fields import name_outcome
from kh06_desktop.domain.member_rows import validate_rows
from kh06_desktop.domain.validation import parse_roles, validate_member
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.members.members import get_member, list_member_rows
from kh06_desktop.store.models import Member, UnionGroup

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"
TODAY = dt.date(2025, 6, 15)
FORMATS = ("xlsx", "xls", "ods")


def members(db, unit_id: int) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    out = {}
    for row in list_member_rows(db, unit_id, today=TODAY):
        out[row.full_name] = (row.birth_date, row.gender, row.citizen_id, row.phone, row.group_name,
                              frozenset(row.roles), row.join_date, get_member(db, row.id).note)
    return out


def imported(db, unit, name: str):  # type: ignore[no-untyped-def]
    plan = prepare_import(db, unit.id, MESSY / name, today=TODAY)
    assert plan.ok, plan.errors
    commit_import(db, unit.id, plan)
    return plan, members(db, unit.id)


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_sheet_per_group_with_a_cover_sheet(db, unit, fmt: str) -> None:
    plan, rows = imported(db, unit, f"nhieu_trang.{fmt}")
    assert plan.sheets == ["Tổ Cơ khí", "Tổ Điện"] and plan.sheet_name == "Tổ Cơ khí», «Tổ Điện"
    assert "Bỏ qua trang «Hướng dẫn»: không có dòng tiêu đề danh sách" in plan.notes
    assert "Bỏ qua trang «Tổng hợp»: không có dòng tiêu đề danh sách" in plan.notes
    assert "Bỏ qua trang «DS cũ 2020»: trang ẩn" in plan.notes  # an old hidden list is not imported
    assert any("tổ «Tổ Điện» (tên trang)" in note for note in plan.notes)
    assert plan.new_groups == ["Tổ Cơ khí", "Tổ Điện"]
    an = rows["Nguyễn Văn An"]  # a date cell, an id and a phone stored as numbers
    assert an[:5] == (dt.date(1985, 3, 5), "M", "001085012345", "0912345678", "Tổ Cơ khí")
    assert an[5] == {Role.GROUP_LEADER.value}
    assert rows["Lê Hoàng Cường"][0] == dt.date(1990, 5, 7)  # an Excel serial number
    assert rows["Hoàng Văn Em"][4:6] == ("Tổ Điện", {Role.BCH_MEMBER.value})
    assert "Người Đã Nghỉ" not in rows
    # The warning of a row names its sheet, since row numbers repeat across sheets.
    assert [w.message for w in plan.warnings if w.row == 6][0].endswith("(trang «Tổ Cơ khí»)")


@pytest.mark.parametrize("fmt", FORMATS)
def test_sections_subtotals_signatures_and_cell_mess(db, unit, fmt: str) -> None:
    plan, rows = imported(db, unit, f"tieu_de_nhom.{fmt}")
    assert plan.total_rows == plan.valid_count == 6
    assert set(rows) == {"Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Thị Hồng", "Phạm Văn Đức", "Hoàng Văn Em",
                         "Đỗ Thị Giang"}  # capitals, lower case, NFD and non-breaking spaces cleaned
    birth = {name: value[0] for name, value in rows.items()}
    assert birth["Nguyễn Văn An"] == dt.date(1990, 3, 5) and birth["Trần Thị Bích Ngọc"] == dt.date(1991, 3, 5)
    assert birth["Lê Thị Hồng"] == dt.date(1992, 3, 5) and birth["Phạm Văn Đức"] == dt.date(1990, 3, 5)
    assert birth["Hoàng Văn Em"] == dt.date(1990, 1, 1) and birth["Đỗ Thị Giang"] == dt.date(1988, 8, 8)
    ids = {name: value[2] for name, value in rows.items()}
    assert ids["Nguyễn Văn An"] == "001090012345"  # leading apostrophe
    assert ids["Trần Thị Bích Ngọc"] == "001191023456"  # dots
    assert ids["Lê Thị Hồng"] == "001192034567"  # a number
    assert ids["Phạm Văn Đức"] is None  # 9-digit CMND: kept empty, with a warning
    phones = {name: value[3] for name, value in rows.items()}
    assert phones["Nguyễn Văn An"] == "0912345678" and phones["Trần Thị Bích Ngọc"] == "0912345679"
    assert phones["Lê Thị Hồng"] == "0987654321" and phones["Hoàng Văn Em"] == "0912345680"
    groups = {name: value[4] for name, value in rows.items()}
    assert {groups[n] for n in ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Thị Hồng")} == {"Phòng kế toán"}
    assert {groups[n] for n in ("Phạm Văn Đức", "Hoàng Văn Em", "Đỗ Thị Giang")} == {"Phân xưởng 1"}
    roles = {name: value[5] for name, value in rows.items()}
    assert roles["Trần Thị Bích Ngọc"] == {Role.BCH_MEMBER.value}  # "Kế toán viên, UV BCH"
    assert roles["Lê Thị Hồng"] == {Role.VICE_CHAIR.value}  # "P.Chủ tịch"
    assert roles["Hoàng Văn Em"] == {Role.GROUP_LEADER.value}  # "Tổ trưởng tổ CĐ"
    assert roles["Nguyễn Văn An"] == roles["Phạm Văn Đức"] == frozenset()  # job titles are not positions
    joined = {name: value[6] for name, value in rows.items()}
    assert joined["Nguyễn Văn An"] == dt.date(2015, 6, 1) and joined["Trần Thị Bích Ngọc"] == dt.date(2016, 1, 4)
    assert joined["Lê Thị Hồng"] is None and joined["Phạm Văn Đức"] is None  # "3/2018", "2010": warned
    assert rows["Lê Thị Hồng"][7] == "Chuyển từ CN Huế"
    by_row = {(w.row, w.column): w for w in plan.warnings}
    assert "Dòng tiêu đề nhóm" in by_row[(6, "STT")].message and by_row[(6, "STT")].value == "I. PHÒNG KẾ TOÁN"
    assert "Dòng cộng/tổng" in by_row[(10, "STT")].message and (16, "STT") in by_row
    assert "Phần ký tên cuối danh sách" in by_row[(19, "Ngày vào CĐ")].message
    assert "CMND cũ" in by_row[(13, "Số CCCD")].message
    joined_warning = by_row[(13, "Ngày vào công đoàn")]
    assert joined_warning.value == "2010" and "Chỉ ghi 2010" in joined_warning.message
    assert "chỉ ghi số đầu tiên" in by_row[(14, "Điện thoại")].message
    assert "chức danh công việc" in by_row[(7, "Chức vụ")].message and "Kỹ sư" in by_row[(7, "Chức vụ")].message
    assert plan.unknown_columns == ["Mã nội bộ"]  # the hidden column is listed, not used
    assert count(db, UnionGroup) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_gender_marks_under_two_row_header_and_years_only(db, unit, fmt: str) -> None:
    plan, rows = imported(db, unit, f"gioi_tinh_x.{fmt}")
    assert plan.header_row == 3 and plan.valid_count == 5
    assert {name: value[1] for name, value in rows.items()} == {
        "Bùi Văn Hải": "M", "Đinh Thị Hoa": "F", "Cao Văn Khoa": "M", "Lý Thị Mai": "F", "Mạc Văn Nam": "M"}
    assert all(value[0] is None for value in rows.values())  # "Năm sinh" holds years: no date invented
    year_warnings = [w for w in plan.warnings if w.column == "Ngày sinh"]
    assert [(w.row, w.value) for w in year_warnings] == [(5, "1980"), (6, "1985"), (7, "1979"), (9, "1990")]
    assert {name: value[5] for name, value in rows.items()} == {
        "Bùi Văn Hải": {"chair"}, "Đinh Thị Hoa": {"vice_chair"}, "Cao Văn Khoa": {"bch_member", "group_leader"},
        "Lý Thị Mai": {"vice_chair"}, "Mạc Văn Nam": set()}
    assert rows["Đinh Thị Hoa"][6] == dt.date(2008, 3, 12) and rows["Bùi Văn Hải"][6] == dt.date(2005, 5, 1)


def test_the_three_formats_give_the_same_members(db, unit, tmp_path: Path) -> None:
    from kh06_desktop.domain.enums import Sector
    from kh06_desktop.services.unit.units import UnitProfile, setup_unit
    from kh06_desktop.store.database import open_database

    seen: dict[str, list[dict]] = {}
    for name in ("nhieu_trang", "tieu_de_nhom", "gioi_tinh_x"):
        for fmt in FORMATS:  # one database per file: the files share a person on purpose (a duplicate)
            other = open_database(tmp_path / f"{name}-{fmt}.db")
            try:
                fresh = setup_unit(other, UnitProfile(code="CD-X", name="Công đoàn thử", sector=Sector.NON_STATE))
                commit_import(other, fresh.id, prepare_import(other, fresh.id, MESSY / f"{name}.{fmt}", today=TODAY))
                seen.setdefault(name, []).append(members(other, fresh.id))
            finally:
                other.close()
    for name, found in seen.items():
        assert found[0] == found[1] == found[2], name
    assert [len(found[0]) for found in seen.values()] == [5, 6, 5]


def test_header_variants_and_both_position_columns(db, unit, tmp_path: Path) -> None:
    path = tmp_path / "bien-the.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Số TT", "Họ và tên đoàn viên", "Ngày, tháng, năm sinh", "Nam/Nữ", "CMND/CCCD", "Chức vụ",
                  "Chức vụ công đoàn", "Đơn vị công tác", "Số điện thoại", "Ngày kết nạp", "Thuộc tổ"])
    sheet.append([1, "Đặng Thu Hà", "08/03/1993", "Nữ", "001193012345", "Trưởng phòng", "Phó Chủ tịch",
                  "Phòng Kinh doanh", "0912 000 222", "01/01/2020", "Tổ Kinh doanh"])
    book.save(path)
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert plan.ok and plan.unknown_columns == ["Chức vụ"]  # beside "Chức vụ công đoàn" it is the job title
    commit_import(db, unit.id, plan)
    row = list_member_rows(db, unit.id, today=TODAY)[0]
    assert (row.gender, row.citizen_id, list(row.roles)) == ("F", "001193012345", ["vice_chair"])
    assert row.phone == "0912000222"
    assert (row.group_name, row.join_date) == ("Tổ Kinh doanh", dt.date(2020, 1, 1))


@pytest.mark.parametrize(("text", "roles"), [
    ("P.Chủ tịch", [Role.VICE_CHAIR]), ("P. Chủ tịch CĐ", [Role.VICE_CHAIR]), ("Phó CT", [Role.VICE_CHAIR]),
    ("UV BCH", [Role.BCH_MEMBER]), ("UV. BCH", [Role.BCH_MEMBER]), ("Chủ tịch CĐCS", [Role.CHAIR]),
    ("Ủy viên BCH kiêm Tổ trưởng", [Role.BCH_MEMBER, Role.GROUP_LEADER]),
    ("UV BCH - Tổ phó", [Role.BCH_MEMBER, Role.GROUP_DEPUTY]),
    ("Tổ trưởng tổ CĐ", [Role.GROUP_LEADER]), ("Tổ trưởng tổ công đoàn", [Role.GROUP_LEADER]),
    ("Phó Chủ tịch thường trực", [Role.VICE_CHAIR]), ("Chủ nhiệm UBKT", [Role.INSPECTION]),
    ("Đoàn viên", []), ("ĐV", []),
])
def test_position_spellings(text: str, roles: list[Role]) -> None:
    assert parse_roles(text) == (roles, [])


@pytest.mark.parametrize(("raw", "expected"), [
    ({"full_name": "NGUYỄN VĂN AN"}, "Nguyễn Văn An"),
    ({"full_name": "nguyễn thị thu hà"}, "Nguyễn Thị Thu Hà"),
    ({"full_name": "H'HEN NIÊ"}, "H'Hen Niê"),
    ({"full_name": "Nguyễn văn An"}, "Nguyễn văn An"),  # mixed case: kept as typed
    ({"full_name": "\u00a0Lê\u00a0\u00a0Văn  Tám\u200b "}, "Lê Văn Tám"),
])
def test_names_are_cleaned_and_capitals_become_title_case(raw: dict, expected: str) -> None:
    assert validate_member(raw, TODAY).draft.full_name == expected


@pytest.mark.parametrize(("phone", "expected"), [
    ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"), (912345678.0, "0912345678"),
    ("0912.345.678", "0912345678"), ("(024) 3826 1234", "02438261234"), ("0912345678 / 0987654321", "0912345678"),
])
def test_phone_spellings(phone: object, expected: str) -> None:
    assert validate_member({"full_name": "Lê Văn Tám", "phone": phone}, TODAY).draft.phone == expected


def test_partial_dates_and_old_identity_cards_are_warnings_not_rejections() -> None:
    for value in (1990, 1990.0, "1990", "năm 1990", "3/1990", "03-1990"):
        result = validate_member({"full_name": "Lê Văn Tám", "birth_date": value}, TODAY)
        assert result.ok and result.draft.birth_date is None and "chưa đủ ngày tháng năm" in result.warnings[0].message
    assert "ở tương lai" in validate_member({"full_name": "Lê Văn Tám", "birth_date": 2030}, TODAY).errors[0].message
    for value in ("012345678", 12345678.0, "123 456 789"):
        result = validate_member({"full_name": "Lê Văn Tám", "citizen_id": value}, TODAY)
        assert result.ok and result.draft.citizen_id is None and "CMND cũ" in result.warnings[0].message
    for value in ("5/3/90", "05 / 03 / 1990", "05/03/1990 00:00:00", "1990-03-05"):
        assert validate_member({"full_name": "Lê Văn Tám", "birth_date": value}, TODAY).draft.birth_date == \
            dt.date(1990, 3, 5)


# --- the column-wise checks give exactly what the one-record check gives ------------------------

_cells = st.one_of(
    st.none(), st.just(""), st.sampled_from(["001190012345", "0912345678", "CD-001", "Nam", "Nữ", "x", "UV BCH",
                                             "Thủ quỹ", "12/04/1990", "1990", "  a  b ", "Tổ 1", "012345678"]),
    st.text(alphabet="0123456789 .+-/aĂđ", max_size=14), st.integers(-5, 10**12), st.floats(allow_nan=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 1, 1)), st.booleans())
_fields = ("full_name", "given_name", "birth_date", "gender", "citizen_id", "card_number", "group_name", "roles",
           "department", "join_date", "phone", "note", "job_title")


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({}, optional={name: _cells for name in _fields}), min_size=1, max_size=8),
       st.integers(1, 12))
def test_column_checks_match_the_single_record_check(records: list[dict], repeat: int) -> None:
    rows = (records * repeat)[:100]  # repeated values, and more than 64 rows to reach the bulk paths
    names = sorted({name for row in rows for name in row})
    checked = validate_rows({name: [row.get(name) for row in rows] for name in names}, len(rows), TODAY)
    for index, row in enumerate(rows):
        single = validate_member({name: row.get(name) for name in names}, TODAY)
        assert checked.errors.get(index, []) == single.errors
        assert checked.warnings.get(index, []) == single.warnings
        if single.draft is not None:
            assert {name: checked.values[name][index] for name in ("full_name", "given_name", "birth_date",
                    "citizen_id", "phone", "card_number", "group_name", "department", "note")} == {
                name: getattr(single.draft, name) for name in ("full_name", "given_name", "birth_date", "citizen_id",
                                                               "phone", "card_number", "group_name", "department",
                                                               "note")}


# --- the command line on the messy files -------------------------------------------------------


def test_cli_report_on_a_messy_file(db, unit, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-members", "--db", str(db.path), str(MESSY / "tieu_de_nhom.xls")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Dòng 6 | STT | «I. PHÒNG KẾ TOÁN» | Dòng tiêu đề nhóm, không phải đoàn viên: bỏ qua" in out
    assert "Dòng 13 | Số CCCD | «012345678» | Số CCCD phải gồm 12 chữ số (đang có 9), đây có lẽ là số CMND cũ" in out
    assert "Đã nhập 6 đoàn viên" in out and count(db, Member) == 6


def test_cli_rejected_rows_exit_1_and_write_nothing(db, unit, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-members", "--db", str(db.path), str(MESSY / "dong_loi.xlsx")])
    captured = capsys.readouterr()
    assert code == 1 and count(db, Member) == 0 and count(db, UnionGroup) == 0
    for line in ("Dòng 3 | Ngày sinh | «31/02/1990» | Ngày không tồn tại: 31/02/1990",
                 "Dòng 4 | Giới tính | «Khác» | Giới tính phải là Nam hoặc Nữ",
                 "Dòng 5 | Số CCCD | «12345abc» | Số CCCD chỉ gồm chữ số",
                 "Dòng 6 | Chức vụ công đoàn | «Thủ quỹ» | Chức vụ không nhận ra: Thủ quỹ",
                 "Dòng 7 | Họ và tên | (trống) | Chưa nhập họ và tên"):
        assert line in captured.out
    assert "5 dòng lỗi" in captured.err


def test_cli_unusable_files_exit_2_with_one_vietnamese_line(db, unit, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "mat-khau.xlsx"  # what Excel writes for a password-protected workbook: an OLE container
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
                       + b"\0" * 1024)
    book = openpyxl.Workbook()
    book.active.append(["Tên hàng", "Số lượng"])
    book.save(tmp_path / "x.xlsx")
    no_header = tmp_path / "x.xlsx"
    cases = {MESSY / "khong_phai_bang_tinh.xlsx": "không phải bảng tính", MESSY / "rong.xlsx": "rỗng",
             locked: "mật khẩu", no_header: "Không tìm thấy dòng tiêu đề"}
    for path, fragment in cases.items():
        assert main(["import-members", "--db", str(db.path), str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert fragment in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert count(db, Member) == 0


def test_fixtures_are_the_committed_small_files() -> None:
    for name in ("nhieu_trang", "tieu_de_nhom", "gioi_tinh_x"):
        for fmt in FORMATS:
            path = MESSY / f"{name}.{fmt}"
            assert path.exists() and 0 < path.stat().st_size < 64_000
    assert unicodedata.is_normalized("NFC", "".join(p.name for p in MESSY.iterdir()))


def test_a_person_on_two_sheets_is_a_duplicate_named_with_its_sheet(db, unit, tmp_path: Path) -> None:
    path = tmp_path / "hai-trang.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Tổ 1"
    second = book.create_sheet("Tổ 2")
    for sheet in (first, second):
        sheet.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD"])
    first.append([1, "Nguyễn Văn An", "01/02/1990", "001090012345"])
    second.append([1, "Trần Văn Bình", "03/04/1991", "001090012345"])
    book.save(path)
    plan = prepare_import(db, unit.id, path, today=TODAY)
    assert [(e.row, e.sheet, e.message) for e in plan.errors] == [
        (2, "Tổ 2", "Trùng số CCCD với dòng 2 (trang «Tổ 1») trong tệp")]
    assert len(plan.error_rows) == 1 and plan.valid_count == 1


def test_a_heading_fills_only_empty_group_cells(db, unit, tmp_path: Path) -> None:
    path = tmp_path / "tieu-de.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Tổ công đoàn"])
    sheet.append(["A", "KHỐI VĂN PHÒNG", None, None])  # a lettered section: the STT cell holds "A"
    sheet.append([1, "Nguyễn Văn An", "01/02/1990", None])
    sheet.append([2, "Trần Văn Bình", "03/04/1991", "Tổ Bảo vệ"])
    sheet.append([None, None, None, None])
    sheet.append(["Tổng cộng: 2 đoàn viên", None, None, None])
    book.save(path)
    plan, rows = imported(db, unit, path)  # type: ignore[arg-type]
    assert {name: value[4] for name, value in rows.items()} == {"Nguyễn Văn An": "Khối văn phòng",
                                                                "Trần Văn Bình": "Tổ Bảo vệ"}
    assert [(w.row, w.value) for w in plan.warnings] == [(2, "A. KHỐI VĂN PHÒNG"), (6, "Tổng cộng: 2 đoàn viên")]


_NAME_PARTS = ["Nguyễn", "Văn", "An", "Tô", "Thị", "Hà", "NGUYỄN", "lê", "H'Hen", "Niê", "Phòng", "Kế", "toán", "Tổ",
               "I.", "Cộng:", "3", "người", "Người", "lập", "biểu", "Chủ", "tịch", "CHỦ", "TỊCH", "ngày", "tháng",
               "năm", "Trương", "Ka-rin", " ", "Tổng", "cộng", "tm.", "Đỗ"]


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=4).map(" ".join), min_size=1,
                max_size=30))
def test_bulk_name_checks_agree_with_the_one_by_one_checks(names: list[str]) -> None:
    from kh06_desktop.exchange import sheet_rows as sr

    if sr.all_plain(set(names)):  # the bulk answer may only say "plain" when every name is plain
        assert all(sr.text_kind(name) == sr.MEMBER for name in names)
    rows = (names * 70)[:max(70, len(names))]  # more than 64 rows: the bulk path of validate_rows
    checked = validate_rows({"full_name": rows}, len(rows), TODAY)
    for index, name in enumerate(rows):
        single = validate_member({"full_name": name}, TODAY)
        assert checked.values["full_name"][index] == name_outcome(name)[0]
        assert single.draft is None or single.draft.full_name == name_outcome(name)[0]
        assert checked.errors.get(index, []) == single.errors and checked.warnings.get(index, []) == single.warnings
