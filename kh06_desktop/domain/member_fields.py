"""Checks of one field of a member record, as typed in the form or found in a spreadsheet cell.

Each check turns a raw value into an outcome `(clean value, error, warning)`: an error stops the
record, a warning is shown for checking and the record is kept. The checks depend on the value
alone (and today's date), so a roster of 100,000 rows checks each distinct value once
(`domain.member_rows`).

Decisions for the mess real rosters hold:
- A name typed all in capitals ("NGUYỄN VĂN AN") or all in lower case is stored in title case
  ("Nguyễn Văn An"), the way a roster officer writes it; a name in mixed case is kept as typed.
- A date cell holding only a year ("1990", as under "Năm sinh") or a month and year ("3/2010") is
  not a date: the date is left empty with a warning (the record has no "year only" field).
- A 9-digit old identity card number (CMND) is not a citizen id: left empty with a warning.
- "+84 912 345 678" is stored as 0912345678; a cell with two numbers keeps the first (warning).
- Positions are read from "Chức vụ công đoàn" strictly (an unknown one is an error); a plain
  "Chức vụ" column usually holds job titles (Kỹ sư, Trưởng phòng): the union positions in it
  are taken and the rest is ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from kh06_desktop.domain.citizen_id import CitizenIdError, OldIdCardNumber, restore_citizen_id
from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.formats import DateError, parse_date
from kh06_desktop.domain.vntext import _nfc, fold, nfc

MAX_NAME = 80
MAX_TEXT = 255
MAX_NOTE = 1000
MIN_AGE, MAX_AGE = 15, 100

Outcome = tuple[object, str | None, str | None]  # (clean value, error, warning)
_NOTHING: Outcome = (None, None, None)

_PHONE = re.compile(r"^\+?\d{9,12}$")
_PHONE_JUNK = re.compile(r"[\s.\-()\u00a0]")
_PHONE_SPLIT = re.compile(r"\s*(?:[/;,|\n]|\s-\s|\s–\s|\shoặc\s|\sor\s)\s*", re.IGNORECASE)
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
_YEAR_ONLY = re.compile(r"^(?:năm\s*)?(\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(?:tháng\s*)?(\d{1,2})\s*[/\-.]\s*(\d{4})$|^tháng\s*(\d{1,2})\s*năm\s*(\d{4})$",
                         re.IGNORECASE)

_GENDERS = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "trai": Gender.MALE,
            "nu": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE, "gai": Gender.FEMALE}

# Canonical (folded, abbreviations expanded, qualifiers dropped) spellings of positions.
ROLE_SPELLINGS: dict[str, Role] = {
    "chu tich": Role.CHAIR,
    "pho chu tich": Role.VICE_CHAIR,
    "uy vien ban chap hanh": Role.BCH_MEMBER, "ban chap hanh": Role.BCH_MEMBER,
    "to truong": Role.GROUP_LEADER,
    "to pho": Role.GROUP_DEPUTY,
    "uy vien uy ban kiem tra": Role.INSPECTION, "chu nhiem uy ban kiem tra": Role.INSPECTION,
    "pho chu nhiem uy ban kiem tra": Role.INSPECTION,
    "truong ban nu cong": Role.WOMEN_HEAD, "pho ban nu cong": Role.WOMEN_DEPUTY,
    "pho truong ban nu cong": Role.WOMEN_DEPUTY, "uy vien ban nu cong": Role.WOMEN_MEMBER,
}
# Words that say "no position": an ordinary member.
_NO_ROLE = frozenset({"doan vien", "dv", "doan vien cong doan", "khong", "khong co", "-", "--"})
_ABBREVIATIONS = {"p": "pho", "ct": "chu tich", "pct": "pho chu tich", "uv": "uy vien", "bch": "ban chap hanh",
                  "uvbch": "uy vien ban chap hanh", "ubkt": "uy ban kiem tra", "cd": "cong doan",
                  "cdcs": "cong doan co so", "bnc": "ban nu cong"}
_QUALIFIERS = (" cong doan co so", " cong doan", " co so", " thuong truc", " chuyen trach", " kiem nhiem",
               " to", " cua to")
_ROLE_SPLIT = re.compile(r"\s*[,;/+&\n]\s*|\s+[-–]\s+|\s+kiêm\s+|\s+kiem\s+|\s+và\s+", re.IGNORECASE)
_ROLE_PUNCT = re.compile(r"[.\-_:()]+")
ROLE_HINT = "nhận: Chủ tịch, Phó Chủ tịch, Ủy viên BCH, Tổ trưởng, Tổ phó, Ủy viên UBKT, Ban nữ công"


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


def proper_case(text: str) -> str:
    """'NGUYỄN VĂN AN' / 'nguyễn văn an' → 'Nguyễn Văn An'; mixed case is kept as typed."""
    if text.isupper() or text.islower():
        return text.title()
    return text


def parse_gender(value: object) -> Gender | None:
    text = fold(clean_text(value) or "")
    if not text:
        return None
    if text in _GENDERS:
        return _GENDERS[text]
    raise ValueError("Giới tính phải là Nam hoặc Nữ")


@lru_cache(maxsize=4096)
def _role_key(part: str) -> str:
    key = _ROLE_PUNCT.sub(" ", fold(part))
    key = " ".join(_ABBREVIATIONS.get(word, word) for word in key.split())
    changed = True
    while changed:
        changed = False
        for tail in _QUALIFIERS:
            if key.endswith(tail) and len(key) > len(tail):
                key, changed = key[:-len(tail)], True
    return key


def parse_roles(value: object) -> tuple[list[Role], list[str]]:
    """Roles named in a cell, and the parts that name no known role."""
    text = clean_text(value, MAX_TEXT) or ""
    roles: list[Role] = []
    unknown: list[str] = []
    for part in _ROLE_SPLIT.split(text):
        if not part.strip():
            continue
        key = _role_key(part)
        if not key or key in _NO_ROLE:
            continue
        role = ROLE_SPELLINGS.get(key)
        if role is None:
            unknown.append(part)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


# --- outcomes ----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
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


def name_outcome(raw: object) -> Outcome:
    full_name = proper_case(nfc(str(raw))) if raw is not None else ""
    error, warning = _name_issue(full_name)
    return full_name, error, warning


def given_outcome(full_name: str, typed: object) -> Outcome:
    """The given name: as typed (it must end the full name) or the last syllable."""
    text = clean_text(typed, MAX_NAME)
    if not text:  # the last syllable (a clean full name has single spaces)
        return (full_name.rsplit(" ", 1)[-1] if full_name else ""), None, None
    given = proper_case(text)
    if full_name.endswith(given) and (len(full_name) == len(given) or full_name[-len(given) - 1] == " "):
        return given, None, None
    if given and full_name and not fold(full_name).endswith(fold(given)):
        return given, "Tên phải là phần cuối của họ và tên", None
    return given, None, None


def gender_outcome(raw: object) -> Outcome:
    try:
        return parse_gender(raw), None, None
    except (ValueError, TypeError) as exc:
        return None, str(exc), None


def _partial_date(raw: object) -> str | None:
    """'1990' → '1990', '3/2010' → '03/2010': a year or month/year typed where a date belongs."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw == raw and float(raw).is_integer() and 1900 <= raw <= 2100:  # a year, not an Excel serial of 1905
            return str(int(raw))
        return None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if len(text) > 20:
        return None
    match = _YEAR_ONLY.match(text)
    if match:
        return match.group(1)
    match = _MONTH_YEAR.match(text)
    if match:
        month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if 1 <= int(month) <= 12:
            return f"{int(month):02d}/{year}"
    return None


def date_outcome(field_label: str, today: dt.date, birth: bool) -> Callable[[object], Outcome]:
    """The check of a date column: not in the future, and for a birth date a plausible age."""
    lowered = field_label[0].lower() + field_label[1:]

    def check(raw: object) -> Outcome:
        if raw is None:
            return _NOTHING
        partial = _partial_date(raw)
        if partial is not None:
            if int(partial[-4:]) > today.year:
                return None, f"{field_label} ở tương lai: {partial}", None
            return None, None, f"Chỉ ghi {partial}, chưa đủ ngày tháng năm: chưa ghi {lowered}, cần bổ sung sau"
        try:
            value = parse_date(raw)
        except (DateError, ValueError, TypeError, OverflowError) as exc:
            return None, str(exc) if isinstance(exc, DateError) else "Ngày không hợp lệ", None
        if value is None:
            return _NOTHING
        if value > today:
            return None, f"{field_label} ở tương lai: {value:%d/%m/%Y}", None
        if birth:
            age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
            if not MIN_AGE <= age <= MAX_AGE:
                return None, f"Tuổi {age} không hợp lý (phải từ {MIN_AGE} đến {MAX_AGE})", None
        return value, None, None

    return check


def citizen_id_outcome(raw: object) -> Outcome:
    """The id with the zeros of a number restored; the birth year it encodes is checked against
    today's date by `member_rows.validate_rows` (this check depends on the value alone)."""
    if raw.__class__ is str and len(raw) == 12 and raw.isdigit() and raw.isascii():
        return raw, None, None  # already clean: the usual case, and ids are all different
    try:
        return restore_citizen_id(raw), None, None
    except OldIdCardNumber as exc:
        return None, None, f"{exc}: chưa ghi, cần bổ sung số CCCD sau"
    except CitizenIdError as exc:
        return None, str(exc), None


def phone_outcome(raw: object) -> Outcome:
    if raw.__class__ is str and len(raw) == 10 and raw[:1] == "0" and raw.isdigit() and raw.isascii():
        return raw, None, None  # already clean: the usual case
    text = clean_text(raw, 60)
    if text is None:
        return _NOTHING
    warning = None
    parts = [p for p in _PHONE_SPLIT.split(text) if p.strip()] if not text.isdigit() else [text]
    if len(parts) > 1:
        warning = f"Có {len(parts)} số điện thoại: chỉ ghi số đầu tiên"
        text = parts[0]
    digits = text if text.isdigit() else _PHONE_JUNK.sub("", text)
    if digits.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[3 if digits[0] == "+" else 2:]
    if digits.isdigit() and len(digits) == 9:  # Excel dropped the leading 0
        digits = "0" + digits
    if not _PHONE.match(digits):
        return None, "Số điện thoại không hợp lệ", None
    return digits, None, warning


def roles_outcome(raw: object) -> Outcome:
    """'Chức vụ công đoàn': every part must name a position."""
    if raw is None:
        return (), None, None
    if isinstance(raw, (list, tuple)):  # the form passes typed roles
        try:
            return tuple(dict.fromkeys(Role(r) for r in raw)), None, None
        except ValueError:
            return (), "Chức vụ không hợp lệ", None
    found, unknown = parse_roles(raw)
    if unknown:
        return (), "Chức vụ không nhận ra: " + ", ".join(unknown) + f" ({ROLE_HINT})", None
    return tuple(found), None, None


def job_title_outcome(raw: object) -> Outcome:
    """A plain 'Chức vụ' column: union positions are taken, job titles ignored (warning text = them)."""
    if raw is None:
        return (), None, None
    found, unknown = parse_roles(raw)
    return tuple(found), None, (", ".join(unknown) if unknown else None)


def text_outcome(limit: int) -> Callable[[object], Outcome]:
    def check(raw: object) -> Outcome:
        if raw.__class__ is str and len(raw) <= limit and raw.isascii() and raw.isprintable() and raw.strip() == raw \
                and "  " not in raw:
            return raw or None, None, None  # already clean (card numbers: all different)
        return clean_text(raw, limit), None, None

    return check
