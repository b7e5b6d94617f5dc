"""The Charter's rules: women's committee eligibility and size, BCH size."""

from __future__ import annotations

import pytest

from kh06_desktop.domain.committee_rules import (
    WOMEN_COMMITTEE_HELP,
    OverrideError,
    bch_size_limits,
    bch_size_warnings,
    check_override,
    women_committee_eligibility,
    women_committee_max_size,
    women_committee_warnings,
)


@pytest.mark.parametrize(("female", "eligible"), [(0, False), (9, False), (10, True), (250, True)])
def test_eligibility_needs_ten_female_members(female: int, eligible: bool) -> None:
    result = women_committee_eligibility(female)
    assert result.eligible is eligible
    assert result.computed is eligible
    assert not result.overridden
    assert str(female) in result.explanation


def test_override_wins_and_is_explained() -> None:
    result = women_committee_eligibility(6, override=True, override_reason="Công văn 12/CĐCT của công đoàn cấp trên")
    assert result.eligible and not result.computed and result.overridden
    assert "Công văn 12/CĐCT" in result.explanation
    same = women_committee_eligibility(12, override=True, override_reason="x")
    assert not same.overridden  # agreeing with the rule is not an override


def test_override_needs_a_reason() -> None:
    with pytest.raises(OverrideError, match="lý do"):
        check_override(True, "  ")
    check_override(None, None)
    check_override(False, "Đã sáp nhập vào đơn vị khác")


@pytest.mark.parametrize(("bch", "ceiling"), [(1, None), (3, None), (5, 3), (6, 4), (9, 6), (15, 10)])
def test_committee_at_most_two_thirds_of_bch(bch: int, ceiling: int | None) -> None:
    assert women_committee_max_size(bch) == ceiling


def test_committee_warnings() -> None:
    eligible = women_committee_eligibility(30)
    assert women_committee_warnings(eligible, True, 5, 9) == []
    assert "chưa thành lập" in women_committee_warnings(eligible, False, 0, 9)[0]
    too_small = women_committee_warnings(eligible, True, 2, 9)
    assert too_small == ["Ban nữ công hiện có 2 thành viên; quy định tối thiểu 3 người"]
    too_big = women_committee_warnings(eligible, True, 7, 9)
    assert len(too_big) == 1 and "tối đa 6" in too_big[0]
    assert women_committee_warnings(eligible, True, 5, 3) == []  # a BCH of three: no ceiling
    not_eligible = women_committee_warnings(women_committee_eligibility(4), True, 3, 5)
    assert "dưới 10" in not_eligible[0]
    assert women_committee_warnings(women_committee_eligibility(4), False, 0, 5) == []


@pytest.mark.parametrize(("members", "limits"), [(5, (1, 1)), (10, (3, 15)), (2999, (3, 15)), (3000, (3, 19))])
def test_bch_limits(members: int, limits: tuple[int, int]) -> None:
    assert bch_size_limits(members) == limits


def test_bch_warnings() -> None:
    assert bch_size_warnings(0, 0) == []
    assert bch_size_warnings(8, 1) == []
    assert "chỉ bầu chủ tịch" in bch_size_warnings(8, 3)[0]
    assert bch_size_warnings(120, 9) == []
    assert "quy định từ 3 đến 15" in bch_size_warnings(120, 2)[0]
    assert "tối đa 15" in bch_size_warnings(120, 17)[0]
    assert bch_size_warnings(5000, 17) == []
    assert "tối đa 19" in bch_size_warnings(5000, 21)[0]
    assert "Chưa ghi nhận" in bch_size_warnings(120, 0)[0]


def test_help_text_cites_the_source() -> None:
    assert "03/HD-TLĐ" in WOMEN_COMMITTEE_HELP and "18.2" in WOMEN_COMMITTEE_HELP
    assert "38/HD-TLĐ" in WOMEN_COMMITTEE_HELP
