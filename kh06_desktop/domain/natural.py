"""Natural order of codes: DEMO-7 before DEMO-11 (digit runs compare as numbers)."""

from __future__ import annotations

import re

from kh06_desktop.domain.vntext import fold

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key comparing digit runs by value and the rest without case or diacritics."""
    parts = _DIGITS.split(fold(text or ""))
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts if p)
