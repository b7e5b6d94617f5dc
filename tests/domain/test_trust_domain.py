"""Issue 10, pure parts: half-up rounding from the exact fraction (F7), upper-level totals
(F4), the workforce fallback by as-of day (F8), keys and signatures."""

from __future__ import annotations

from kh06_desktop.domain.formats import format_percent
from kh06_desktop.domain.indicators import make_indicator, round_percent, total_of
from kh06_desktop.domain.periods import Period, choose_workforce_period
from kh06_desktop.domain.signing import fingerprint, new_private_key, public_key_of, sign, verify


def test_percentages_round_half_up_from_the_exact_fraction() -> None:
    assert str(round_percent(12, 384, 2)) == "3.13"  # 3.125: half-to-even gave 3.12
    assert str(round_percent(1, 16, 1)) == "6.3"  # 6.25: Python's round gave 6.2
    assert str(round_percent(1, 3, 2)) == "33.33" and str(round_percent(2, 3, 2)) == "66.67"
    assert round_percent(5, 0) is None
    assert make_indicator("1", 12, 384).percent == 3.13
    assert make_indicator("2", 1, 16).percent_text() == "6,3 %"
    # one decimal from the fraction, not from the two-decimal value (no double rounding)
    assert str(round_percent(62449, 1000000, 2)) == "6.24" and str(round_percent(62449, 1000000, 1)) == "6.2"
    assert str(round_percent(62451, 1000000, 2)) == "6.25" and str(round_percent(62451, 1000000, 1)) == "6.2"
    assert format_percent(6.25) == "6,3 %" and format_percent(0.05) == "0,1 %" and format_percent(75, 0) == "75 %"


def test_totals_add_units_with_data_and_sum_their_gaps() -> None:
    a, b, none = make_indicator("2", 2, 102), make_indicator("2", 2, 1), make_indicator("2", 5, 0)
    total = total_of("2", [a, b, none])
    assert (total.numerator, total.denominator, total.missing) == (4, 103, 100)
    assert total_of("1", []).denominator == 0 and not total_of("1", []).met


def test_workforce_fallback_prefers_the_same_as_of_day() -> None:
    assert choose_workforce_period(["2026H1", "2026"], Period(2026, 2)) == "2026"
    assert choose_workforce_period(["2026H1", "2026H2"], Period(2026)) == "2026H2"
    assert choose_workforce_period(["2025", "2026H1"], Period(2026, 2)) == "2026H1"
    assert choose_workforce_period(["2026"], Period(2026, 1)) is None  # later figures never count back
    assert choose_workforce_period([], Period(2026)) is None


def test_signatures_and_fingerprints() -> None:
    key, other = new_private_key(), new_private_key()
    public = public_key_of(key)
    message = b'{"format":"kh06-export"}'
    signature = sign(key, message)
    assert verify(public, message, signature)
    assert not verify(public, message + b" ", signature)
    assert not verify(public_key_of(other), message, signature)
    assert not verify(public, message, "not base64!") and not verify("short", message, signature)
    print_ = fingerprint(public)
    assert len(print_) == 19 and print_.count(" ") == 3 and print_ != fingerprint(public_key_of(other))
