"""The quick tests of `validate_rows` that take a whole column as already clean (ids, phones, ASCII
text) accept exactly what the per-value checks return unchanged: compared here with the pattern
each one stands for, on random columns that mix clean cells with near misses."""

from __future__ import annotations

import random
import re

import pytest

from kh06_desktop.domain import member_fields as mf
from kh06_desktop.domain import member_rows as mr

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
