"""The quick tests of `validate_rows` that take a whole column as already clean (ids, phones, ASCII
text) accept exactly what the per-value checks return unchanged: compared here with the pattern
each one stands for, on random columns that mix clean cells with near misses. The same for the
quick paths of date columns and of ids checked against birth year and gender."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from kh06_desktop.domain import member_fields as mf
from kh06_desktop.domain import member_rows as mr
from kh06_desktop.domain.enums import Gender

# What each quick test stands for: every cell empty or matching the pattern.
PATTERNS = {"citizen_id": r"[0-9]{12}", "phone": r"0[0-9]{9}", "text": r"[!-~]+(?: [!-~]+)*"}
CHECKS = {"citizen_id": mf.citizen_id_outcome, "phone": mf.phone_outcome, "text": mf.text_outcome(mf.MAX_TEXT)}
GOOD = {"citizen_id": ["001190012345", "079085000111", ""], "phone": ["0912345678", "0388000111", ""],
        "text": ["A1", "Phong KT", "x-y/z 2", "", "The 10 (b)"]}
NEAR = {"citizen_id": ["01190012345", "0011900123456", "00119001234a", "٠٠١١٩٠٠١٢٣٤٥", " 001190012345", "0011900 2345"],
        "phone": ["912345678", "1912345678", "09123456789", "0912 45678", "0912345678 ", "０912345678"],
        "text": [" A", "A ", "A  B", "Phòng", "A\tB", "A\nB", "\x7f", "A\u00a0B"]}


def accepted(kind: str, column: list[str]) -> bool:
    return mr._already_clean(column, mr._CLEAN[kind]) is not None


def by_pattern(kind: str, column: list[str]) -> bool:
    one = re.compile(PATTERNS[kind])
    return all(cell == "" or one.fullmatch(cell) for cell in column)


@pytest.mark.parametrize("kind", sorted(PATTERNS))
def test_the_quick_test_accepts_exactly_the_columns_the_pattern_accepts(kind: str) -> None:
    rng = random.Random(6)
    for size in (1, 2, 3, 7, 70):
        for _ in range(300):
            column = [rng.choice(GOOD[kind]) for _ in range(size)]
            if rng.random() < 0.5:
                column[rng.randrange(size)] = rng.choice(NEAR[kind])
            assert accepted(kind, column) == by_pattern(kind, column), column


@pytest.mark.parametrize("kind", sorted(PATTERNS))
def test_a_column_taken_as_clean_is_what_the_checks_return_unchanged(kind: str) -> None:
    column = GOOD[kind] * 30
    assert accepted(kind, column)
    for cell in set(column) - {""}:
        value, error, warning = CHECKS[kind](cell)
        assert value == cell and error is None and warning is None, cell


def test_a_cell_with_its_own_line_break_is_never_taken_as_clean() -> None:
    """Joined by line breaks, «12 digits\\n12 digits» in one cell looks like two clean cells."""
    assert not accepted("citizen_id", ["001190012345\n079085000111", "001190012345"])
    assert not accepted("text", ["Phong\nKT", "A"])
    assert not accepted("phone", [1, "0912345678"])  # not text at all


TODAY = dt.date(2026, 12, 3)


def _dates_by_value(column: list[object], birth: bool) -> tuple[list[object], list[tuple[int, mf.Outcome]]]:
    """The column checked value by value (the path a column of mixed cells takes)."""
    check = mf.date_outcome("Ngày sinh" if birth else "Ngày vào công đoàn", TODAY, birth=birth)
    return mr._spread(column, check)


@pytest.mark.parametrize("birth", [True, False])
def test_a_date_column_taken_as_clean_gives_what_the_per_value_check_gives(birth: bool) -> None:
    """Dates between the earliest and the latest accepted one are accepted: the quick path takes a
    column whole only when both ends pass, and then gives exactly the values and (no) issues of the
    per-value check; with any date out of bounds, any datetime or text, it declines."""
    rng = random.Random(7)
    check = mf.date_outcome("Ngày sinh" if birth else "Ngày vào công đoàn", TODAY, birth=birth)
    edges = [dt.date(1900, 1, 1), dt.date(1960, 12, 4), dt.date(1960, 12, 3), dt.date(2011, 12, 3),
             dt.date(2011, 12, 4), TODAY, TODAY + dt.timedelta(days=1)]
    odd = [*edges, "", None, dt.datetime(1990, 5, 1, 8, 30), "05/03/1990"]
    taken = 0
    for size in (1, 2, 5, 40):
        for _ in range(300):
            column: list[object] = [dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(15000)) for _ in range(size)]
            for _ in range(rng.randrange(3)):
                column[rng.randrange(size)] = rng.choice(odd)
            quick = mr._clean_dates(column, check)
            values, flagged = _dates_by_value(column, birth)
            taken += quick is not None
            if quick is not None:
                assert quick == values and not flagged, column
                assert all(a is b for a, b in zip(quick, column, strict=True) if b not in ("", None))
            else:  # declined: a date out of bounds, a cell that is not a plain date, or no date at all
                filled = [v for v in column if v not in ("", None)]
                assert flagged or not filled or any(type(v) is not dt.date for v in filled), column
    assert taken > 300  # the quick path was taken often enough for the comparison to mean something


def _id_warnings_by_row(ids: list[str | None], births: list[dt.date | None], genders: list[object]) -> dict[int, list]:
    """What each row gets from the general (row by row) path: the complete-list path must match it."""
    out: dict[int, list] = {}
    for i, (cid, birth, gender) in enumerate(zip(ids, births, genders, strict=True)):
        warnings: dict[int, list] = {}
        # One row with a None beside it takes the general path.
        mr._check_ids_against_person([cid, None], [birth, None], [gender, None], warnings)
        if warnings.get(0):
            out[i] = warnings[0]
    return out


def test_ids_of_a_complete_list_are_checked_against_birth_and_gender_as_row_by_row() -> None:
    rng = random.Random(8)
    for _ in range(200):
        size = rng.randrange(1, 30)
        births = [dt.date(rng.choice([1899, 1950, 1985, 1999, 2000, 2004]), rng.randrange(1, 13), 1)
                  for _ in range(size)]
        genders: list[object] = [rng.choice([Gender.MALE, Gender.FEMALE]) for _ in range(size)]
        ids: list[str | None] = []
        for birth, gender in zip(births, genders, strict=True):
            digit = 2 * (birth.year // 100 - 19) + (gender is Gender.FEMALE)
            code = f"{digit % 10}{birth.year % 100:02d}"
            if rng.random() < 0.3:  # a wrong century, gender or year
                code = rng.choice(["0", "1", "2", "3", "9"]) + f"{rng.randrange(100):02d}"
            ids.append("079" + code + f"{rng.randrange(10**6):06d}" if rng.random() < 0.9 else None)
        warnings: dict[int, list] = {}
        mr._check_ids_against_person(ids, births, genders, warnings)
        assert warnings == _id_warnings_by_row(ids, births, genders)


def test_validation_says_which_given_names_are_not_the_last_word_of_the_name() -> None:
    """The import builds sort keys per distinct name, then per (name, given name) for those rows
    only (`member_import._member_columns`)."""
    names = ["Nguyễn Thị Hoa", "Lê Văn Nam", "Trần Minh Anh"]
    plain = mr.validate_rows({"full_name": names, "given_name": ["Hoa", "Nam", "Anh"]}, 3, TODAY)
    compound = mr.validate_rows({"full_name": names, "given_name": ["Hoa", "Nam", "Minh Anh"]}, 3, TODAY)
    untyped = mr.validate_rows({"full_name": names}, 3, TODAY)
    assert plain.given_not_last == [] and compound.given_not_last == [2] and untyped.given_not_last == []
    assert compound.values["given_name"] == ["Hoa", "Nam", "Minh Anh"]
    assert untyped.values["given_name"] == ["Hoa", "Nam", "Anh"]
