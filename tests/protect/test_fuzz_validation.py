"""Property tests (hypothesis) of the member validator with random and hostile input: formulas,
control characters, 10,000-character names, wrong types, huge numbers. It never raises; what it
accepts is clean (NFC, no control characters, within limits, a name that cannot be a formula);
what it refuses comes with Vietnamese reasons on known fields."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.validation import FIELD_LABELS, MAX_NAME, MAX_NOTE, MAX_TEXT, validate_member

EXAMPLES = 200
TODAY = dt.date(2025, 6, 1)
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

HOSTILE_TEXT = (
    '=HYPERLINK("http://x","y")', "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=cmd|'/c notepad'!A1",
    "\t=1+2", "\r\n", "\x00\x01\x1b[31m", "Nguyễn\u200bVăn\u202eA", "Nguye\u0302\u0303n Va\u0306n A",  # NFD
    "A" * 10_000, "Đặng " * 3000, "'; DROP TABLE member; --", "<script>alert(1)</script>", "%s%n", "../../etc/passwd",
    "NaN", "Infinity", "1e308", "31/02/2020", "00/00/0000", "99999999999999999999", "0", "-1", " ", "",
    "Nữ", "Nam", "nu", "Ủy viên BCH, Tổ trưởng", "Chủ tịch kiêm Tổ trưởng", "001190012345", "0912345678",
)
CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\u2028\u2029"
texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(alphabet=st.sampled_from(CONTROL + "=+-@ aăâđêôơưÁÀẢÃẠ0123456789/"), max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("AĐẫ=\x00 "), st.integers(0, 12_000)),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 12, 1e308, -1e308, 1e-308, 2**63, -(2**63), 44927.0, 1e15, 1190012345.0]),
)
values = st.one_of(
    st.none(), st.booleans(), texts, numbers,
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.lists(st.sampled_from(list(Role)), max_size=3).map(tuple),  # the form passes typed roles
)
records = st.dictionaries(st.sampled_from(sorted(FIELD_LABELS)), values, max_size=len(FIELD_LABELS))
names = st.one_of(texts, st.sampled_from(["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Đức", "Đặng Thị Lan"]))

_STATS = {"cases": 0, "accepted": 0}


def _clean(text: str | None, limit: int) -> bool:
    if text is None:
        return True
    # clean_text cuts over-long text at the limit after trimming, so a cut may end in a space.
    trimmed = text == text.strip() or (len(text) == limit and text == text.lstrip())
    return (bool(text) and len(text) <= limit and unicodedata.is_normalized("NFC", text)
            and not any(unicodedata.category(ch) == "Cc" for ch in text) and trimmed)


def _check(record: dict) -> None:
    _STATS["cases"] += 1
    result = validate_member(record, TODAY)  # must not raise, whatever the record holds
    assert (result.draft is None) == bool(result.errors)
    for issue in result.errors + result.warnings:
        assert issue.field in FIELD_LABELS and issue.message and "Traceback" not in issue.message
    draft = result.draft
    if draft is None:
        return
    _STATS["accepted"] += 1
    assert _clean(draft.full_name, MAX_NAME) and draft.full_name[0] not in "=+-@\t\r"
    # Letters (any script), spaces, hyphens, apostrophes. The validator's \w-based rule also lets
    # non-decimal numerals through ("¼", "Ⅻ", "²"): harmless, and not formulas.
    assert all(ch.isalnum() or ch in " -'" or unicodedata.category(ch).startswith("M") for ch in draft.full_name)
    assert _clean(draft.given_name, MAX_NAME)
    for text, limit in ((draft.department, MAX_TEXT), (draft.note, MAX_NOTE), (draft.group_name, 120),
                        (draft.card_number, 40)):
        assert _clean(text, limit)
    assert draft.citizen_id is None or (len(draft.citizen_id) == 12 and draft.citizen_id.isdigit())
    assert draft.phone is None or draft.phone.lstrip("+").isdigit()
    for day in (draft.birth_date, draft.join_date):
        assert day is None or (isinstance(day, dt.date) and day <= TODAY)
    assert all(isinstance(role, Role) for role in draft.roles)


@FUZZ
@given(records)
def test_any_record_is_refused_or_cleaned(record: dict) -> None:
    _check(record)


@FUZZ
@given(names, records)
def test_records_with_a_name_are_refused_or_cleaned(name: object, record: dict) -> None:
    _check({**record, "full_name": name})


def test_examples_known_to_be_hostile() -> None:
    for cell in HOSTILE_TEXT:
        for field in FIELD_LABELS:
            _check({"full_name": "Nguyễn Văn An", field: cell})
    assert validate_member({"full_name": '=HYPERLINK("http://x","y")'}, TODAY).draft is None
    assert validate_member({"full_name": "A" * 10_000}, TODAY).draft is None
    assert validate_member({"full_name": "Nguyễn Văn An", "birth_date": math.inf}, TODAY).draft is None


def test_fuzz_case_count() -> None:
    """Printed for the closing note (run with -rP); runs after the property tests in this file."""
    print(f"\nvalidator fuzz cases: {_STATS['cases']} (accepted and checked clean: {_STATS['accepted']})")
    assert _STATS["cases"] >= 2 * EXAMPLES or _STATS["cases"] == 0
