"""Validation of a member record: what is rejected, what is only flagged, what is cleaned."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.validation import (
    FIELD_LABELS,
    duplicate_key_by_name,
    parse_gender,
    parse_roles,
    validate_member,
)

TODAY = dt.date(2025, 6, 15)


def check(**raw: object):  # type: ignore[no-untyped-def]
    return validate_member(raw, TODAY)


def errors_of(**raw: object) -> dict[str, str]:
    return {issue.field: issue.message for issue in check(**raw).errors}


def test_a_full_record_is_cleaned_and_typed() -> None:
    result = check(full_name=unicodedata.normalize("NFD", "  Nguyễn   Thị Thu Hương "), birth_date="12/04/1988",
                   gender="NỮ", citizen_id=1188012345, card_number=123456.0, group_name=" Phân xưởng  Cơ khí ",
                   roles="Chủ tịch, Tổ trưởng", department="Phân xưởng Cơ khí", join_date=40238,
                   phone=912345678.0, note="=HYPERLINK(\"x\")")
    assert result.ok and result.errors == [] and result.warnings == []
    draft = result.draft
    assert draft.full_name == "Nguyễn Thị Thu Hương"
    assert unicodedata.is_normalized("NFC", draft.full_name)
    assert draft.given_name == "Hương"
    assert draft.gender is Gender.FEMALE
    assert draft.birth_date == dt.date(1988, 4, 12)
    assert draft.join_date == dt.date(2010, 3, 1)
    assert draft.citizen_id == "001188012345"
    assert draft.card_number == "123456"
    assert draft.group_name == "Phân xưởng Cơ khí"
    assert draft.roles == (Role.CHAIR, Role.GROUP_LEADER)
    assert draft.phone == "0912345678"
    assert draft.note == "=HYPERLINK(\"x\")"  # kept as text, never evaluated
    assert draft.name_folded == "nguyen thi thu huong"


def test_given_name_of_two_syllables_is_kept_when_it_ends_the_name() -> None:
    assert check(full_name="Đinh Bảo Ngọc", given_name="Bảo Ngọc").draft.given_name == "Bảo Ngọc"
    expected = {"given_name": "Tên phải là phần cuối của họ và tên"}
    assert errors_of(full_name="Đinh Bảo Ngọc", given_name="Hà") == expected


@pytest.mark.parametrize(("raw", "field", "fragment"), [
    ({}, "full_name", "Chưa nhập họ và tên"),
    ({"full_name": "Nguyễn Văn 2"}, "full_name", "chỉ gồm chữ cái"),
    ({"full_name": "A" * 81}, "full_name", "dài quá"),
    ({"full_name": "Lê Văn Tám", "birth_date": "31/02/1990"}, "birth_date", "không tồn tại"),
    ({"full_name": "Lê Văn Tám", "birth_date": "01/07/2025"}, "birth_date", "ở tương lai"),
    ({"full_name": "Lê Văn Tám", "join_date": dt.date(2026, 1, 1)}, "join_date", "ở tương lai"),
    ({"full_name": "Lê Văn Tám", "birth_date": "01/01/2015"}, "birth_date", "Tuổi 10 không hợp lý"),
    ({"full_name": "Lê Văn Tám", "birth_date": "01/01/1920"}, "birth_date", "Tuổi 105 không hợp lý"),
    ({"full_name": "Lê Văn Tám", "birth_date": "01/01/1990", "join_date": "01/01/2000"}, "join_date",
     "chưa đủ 15 tuổi"),
    ({"full_name": "Lê Văn Tám", "gender": "Khác"}, "gender", "Nam hoặc Nữ"),
    ({"full_name": "Lê Văn Tám", "citizen_id": "12345abc"}, "citizen_id", "chỉ gồm chữ số"),
    ({"full_name": "Lê Văn Tám", "phone": "12ab"}, "phone", "không hợp lệ"),
    ({"full_name": "Lê Văn Tám", "roles": "Thủ quỹ, Tổ trưởng"}, "roles", "Chức vụ không nhận ra: Thủ quỹ"),
])
def test_errors_name_the_field_and_the_reason(raw: dict[str, object], field: str, fragment: str) -> None:
    result = validate_member(raw, TODAY)
    assert result.draft is None
    messages = {issue.field: issue.message for issue in result.errors}
    assert fragment in messages[field]
    assert FIELD_LABELS[field] in {issue.label for issue in result.errors}


def test_age_is_counted_to_the_day() -> None:
    assert check(full_name="Lê Văn Tám", birth_date="15/06/2010").ok  # 15 today
    assert not check(full_name="Lê Văn Tám", birth_date="16/06/2010").ok  # 15 tomorrow


def test_citizen_id_disagreeing_with_birth_or_gender_is_only_a_warning() -> None:
    result = check(full_name="Trần Văn Đức", birth_date="03/11/1979", gender="Nữ", citizen_id="001079004321")
    assert result.ok
    assert [w.field for w in result.warnings] == ["citizen_id"]
    assert "giới tính Nam" in result.warnings[0].message
    result = check(full_name="Trần Văn Đức", birth_date="03/11/1980", gender="Nam", citizen_id="001079004321")
    assert result.ok and "năm sinh 1979" in result.warnings[0].message


def test_a_single_word_name_is_flagged_not_refused() -> None:
    result = check(full_name="Tám")
    assert result.ok and result.warnings[0].field == "full_name"


@pytest.mark.parametrize(("text", "roles"), [
    ("Chủ tịch", [Role.CHAIR]),
    ("Phó Chủ tịch kiêm Tổ trưởng", [Role.VICE_CHAIR, Role.GROUP_LEADER]),
    ("UV BCH; Tổ phó", [Role.BCH_MEMBER, Role.GROUP_DEPUTY]),
    ("Ủy viên Ban Chấp hành", [Role.BCH_MEMBER]),
    ("uỷ viên bch", [Role.BCH_MEMBER]),  # the older spelling "uỷ"
    ("P.Chủ tịch", [Role.VICE_CHAIR]),  # abbreviated "Phó"
    ("Thủ quỹ", []),
    ("", []),
])
def test_parse_roles_accepts_the_usual_spellings(text: str, roles: list[Role]) -> None:
    found, unknown = parse_roles(text)
    if roles:
        assert found == roles and unknown == []
    elif text:
        assert unknown == [text]


def test_gender_spellings() -> None:
    assert parse_gender("nam") is Gender.MALE
    assert parse_gender("NỮ") is Gender.FEMALE
    assert parse_gender(unicodedata.normalize("NFD", "Nữ")) is Gender.FEMALE
    assert parse_gender(None) is None


def test_duplicate_key_is_folded_name_and_birth() -> None:
    a = check(full_name="Nguyễn Thị Hương", birth_date="01/01/1990").draft
    b = check(full_name="NGUYEN THI HUONG", birth_date=dt.date(1990, 1, 1)).draft
    assert duplicate_key_by_name(a) == duplicate_key_by_name(b) == ("nguyen thi huong", dt.date(1990, 1, 1))
    assert duplicate_key_by_name(check(full_name="Nguyễn Thị Hương").draft) is None
