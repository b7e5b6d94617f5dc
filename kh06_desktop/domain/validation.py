"""Validation of a member record as typed in the form or read from a spreadsheet row.

Errors stop the record; warnings (a citizen id that disagrees with the date of birth, say)
are shown for checking and the record is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kh06_desktop.domain.citizen_id import CitizenIdError, mismatch_warnings, normalize_citizen_id
from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.formats import parse_date
from kh06_desktop.domain.vntext import _nfc, default_given_name, fold, nfc

MAX_NAME = 80
MAX_TEXT = 255
MAX_NOTE = 1000
MIN_AGE, MAX_AGE = 15, 100
_PHONE = re.compile(r"^\+?\d{9,12}$")
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")

FIELD_LABELS = {
    "full_name": "Họ và tên",
    "given_name": "Tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "citizen_id": "Số CCCD",
    "card_number": "Số thẻ đoàn viên",
    "group_name": "Tổ công đoàn",
    "roles": "Chức vụ công đoàn",
    "department": "Đơn vị/Bộ phận",
    "join_date": "Ngày vào công đoàn",
    "phone": "Điện thoại",
    "note": "Ghi chú",
}

_GENDERS = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "trai": Gender.MALE,
            "nu": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE, "gai": Gender.FEMALE}

# Folded spellings of the positions a roster writes in "Chức vụ công đoàn".
ROLE_SPELLINGS: dict[str, Role] = {
    "chu tich": Role.CHAIR, "ct": Role.CHAIR, "chu tich cd": Role.CHAIR,
    "chu tich cong doan": Role.CHAIR,
    "pho chu tich": Role.VICE_CHAIR, "pct": Role.VICE_CHAIR, "pho chu tich cong doan": Role.VICE_CHAIR,
    "uy vien bch": Role.BCH_MEMBER, "uv bch": Role.BCH_MEMBER, "uy vien ban chap hanh": Role.BCH_MEMBER,
    "uvbch": Role.BCH_MEMBER, "bch": Role.BCH_MEMBER, "uy vien ban chap hanh cong doan": Role.BCH_MEMBER,
    "to truong": Role.GROUP_LEADER, "to truong cong doan": Role.GROUP_LEADER,
    "to truong cd": Role.GROUP_LEADER,
    "to pho": Role.GROUP_DEPUTY, "to pho cong doan": Role.GROUP_DEPUTY, "to pho cd": Role.GROUP_DEPUTY,
    "uy vien ubkt": Role.INSPECTION, "uv ubkt": Role.INSPECTION,
    "uy vien uy ban kiem tra": Role.INSPECTION,
    "truong ban nu cong": Role.WOMEN_HEAD, "pho ban nu cong": Role.WOMEN_DEPUTY,
    "uy vien ban nu cong": Role.WOMEN_MEMBER, "uv ban nu cong": Role.WOMEN_MEMBER,
}
_ROLE_SPLIT = re.compile(r"\s*[,;/+\n]\s*|\s+kiêm\s+|\s+kiem\s+|\s+và\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FieldIssue:
    field: str
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True, slots=True)
class MemberDraft:
    """A member record that passed validation: clean, NFC, typed."""

    full_name: str
    given_name: str
    gender: Gender | None
    birth_date: dt.date | None
    citizen_id: str | None
    card_number: str | None
    group_name: str | None
    department: str | None
    join_date: dt.date | None
    phone: str | None
    note: str | None
    roles: tuple[Role, ...] = ()

    @property
    def name_folded(self) -> str:
        return fold(self.full_name)


@dataclass(slots=True)
class ValidationResult:
    draft: MemberDraft | None
    errors: list[FieldIssue] = field(default_factory=list)
    warnings: list[FieldIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.draft is not None


def clean_text(value: object, limit: int = MAX_TEXT) -> str | None:
    """NFC text or None; formula-looking cells are kept as text (never evaluated)."""
    if value is None:
        return None
    if type(value) is str:  # the common case, straight to the cached normaliser
        text = _nfc(value)
        return text[:limit] if text else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value))
    return text[:limit] if text else None


def parse_gender(value: object) -> Gender | None:
    text = fold(clean_text(value) or "")
    if not text:
        return None
    if text in _GENDERS:
        return _GENDERS[text]
    raise ValueError("Giới tính phải là Nam hoặc Nữ")


def parse_roles(value: object) -> tuple[list[Role], list[str]]:
    """Roles named in a cell, and the parts that name no known role."""
    text = clean_text(value, MAX_TEXT) or ""
    roles: list[Role] = []
    unknown: list[str] = []
    for part in _ROLE_SPLIT.split(text):
        key = fold(part).replace(".", "").strip()
        if not key:
            continue
        role = ROLE_SPELLINGS.get(key)
        if role is None:
            unknown.append(part)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


def _clean_phone(value: object) -> str | None:
    text = clean_text(value, 40)
    if text is None:
        return None
    digits = text if text.isdigit() else _PHONE_JUNK.sub("", text)
    if digits.isdigit() and len(digits) == 9:  # Excel dropped the leading 0
        digits = "0" + digits
    if not _PHONE.match(digits):
        raise ValueError("Số điện thoại không hợp lệ")
    return digits


# A roster repeats most of its values (genders, dates, groups, roles, given names): the parsers
# below remember their outcome for recent inputs, so a 100,000-row import validates each distinct
# value once. Outcomes are (value, error message) pairs; values that cannot be hashed skip the cache.
_CACHE = 1 << 16


def _outcome(parse: Callable[[Any], Any], value: object) -> tuple[Any, str | None]:
    try:
        return parse(value), None
    except (ValueError, TypeError) as exc:
        return None, str(exc)


def _remembered(parse: Callable[[Any], Any]) -> Callable[[object], tuple[Any, str | None]]:
    cached = lru_cache(maxsize=_CACHE, typed=True)(lambda value: _outcome(parse, value))

    def run(value: object) -> tuple[Any, str | None]:
        try:
            return cached(value)  # type: ignore[no-any-return]
        except TypeError:  # unhashable input
            return _outcome(parse, value)

    return run


_gender_of = _remembered(parse_gender)
_date_of = _remembered(parse_date)
_roles_of = _remembered(lambda value: tuple(map(tuple, parse_roles(value))))
_phone_of = _remembered(_clean_phone)


@lru_cache(maxsize=_CACHE)
def _name_issue(full_name: str) -> tuple[str | None, str | None]:
    """(error, warning) about a full name already in NFC."""
    if not full_name:
        return "Chưa nhập họ và tên", None
    if len(full_name) > MAX_NAME:
        return f"Họ và tên dài quá {MAX_NAME} ký tự", None
    if not _NAME_CHARS.match(full_name):
        return "Họ và tên chỉ gồm chữ cái và khoảng trắng", None
    if " " not in full_name:
        return None, "Họ và tên chỉ có một chữ: cần kiểm tra"
    return None, None


@lru_cache(maxsize=_CACHE)
def _given_of(full_name: str, typed: str | None) -> tuple[str, bool]:
    """(given name, whether it ends the full name)."""
    given = typed or (default_given_name(full_name) if full_name else "")
    return given, not (given and full_name and not fold(full_name).endswith(fold(given)))


def validate_member(raw: Mapping[str, object], today: dt.date | None = None) -> ValidationResult:
    """Check one record; `raw` maps field names (FIELD_LABELS keys) to typed or text values."""
    today = today or dt.date.today()
    errors: list[FieldIssue] = []
    warnings: list[FieldIssue] = []

    def issue(name: str, message: str) -> None:
        errors.append(FieldIssue(name, message))

    raw_name = raw.get("full_name")
    full_name = nfc(str(raw_name)) if raw_name is not None else ""
    name_error, name_warning = _name_issue(full_name)
    if name_error:
        issue("full_name", name_error)
    elif name_warning:
        warnings.append(FieldIssue("full_name", name_warning))

    given, given_ok = _given_of(full_name, clean_text(raw.get("given_name"), MAX_NAME))
    if not given_ok:
        issue("given_name", "Tên phải là phần cuối của họ và tên")

    gender, message = _gender_of(raw.get("gender"))
    if message:
        issue("gender", message)

    dates: dict[str, dt.date | None] = {}
    for name in ("birth_date", "join_date"):
        value, message = _date_of(raw.get(name))
        if message:
            issue(name, message)
        elif value is not None and value > today:
            issue(name, f"{FIELD_LABELS[name]} ở tương lai: {value:%d/%m/%Y}")
            value = None
        dates[name] = value
    birth, joined = dates["birth_date"], dates["join_date"]
    if birth is not None:
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        if not MIN_AGE <= age <= MAX_AGE:
            issue("birth_date", f"Tuổi {age} không hợp lý (phải từ {MIN_AGE} đến {MAX_AGE})")
        elif joined is not None and joined.year - birth.year < MIN_AGE:
            issue("join_date", f"Ngày vào công đoàn khi chưa đủ {MIN_AGE} tuổi")

    citizen_id = None
    try:
        citizen_id = normalize_citizen_id(raw.get("citizen_id"))
    except CitizenIdError as exc:
        issue("citizen_id", str(exc))
    if citizen_id:
        female = None if gender is None else gender is Gender.FEMALE
        warnings += [FieldIssue("citizen_id", m) for m in mismatch_warnings(citizen_id, birth, female)]

    phone, message = _phone_of(raw.get("phone"))
    if message:
        issue("phone", message)

    roles_value = raw.get("roles")
    if isinstance(roles_value, (list, tuple)):
        roles = [Role(r) for r in roles_value]
    else:
        (found, unknown), message = _roles_of(roles_value) if roles_value is not None else (((), ()), None)
        roles = list(found)
        if unknown:
            issue("roles", "Chức vụ không nhận ra: " + ", ".join(unknown))

    if errors:
        return ValidationResult(None, errors, warnings)
    draft = MemberDraft(
        full_name=full_name,
        given_name=given,
        gender=gender,
        birth_date=birth,
        citizen_id=citizen_id,
        card_number=clean_text(raw.get("card_number"), 40),
        group_name=clean_text(raw.get("group_name"), 120),
        department=clean_text(raw.get("department")),
        join_date=joined,
        phone=phone,
        note=clean_text(raw.get("note"), MAX_NOTE),
        roles=tuple(roles),
    )
    return ValidationResult(draft, errors, warnings)


def duplicate_key_by_name(draft: MemberDraft) -> tuple[str, dt.date] | None:
    """Same folded name and date of birth: a likely duplicate."""
    return (draft.name_folded, draft.birth_date) if draft.birth_date else None
