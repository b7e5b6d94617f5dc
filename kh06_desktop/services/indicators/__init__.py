"""The six KH06 indicators of a unit for a period, computed as of its end with set-based queries,
and the gap lists behind them: the «Tổng quan» page and `kh06 indicators`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .indicators import (
        GapItem,
        Indicator,
        IndicatorReport,
        compute_indicators,
        gap_list,
        indicator_history,
        total_indicators,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'GapItem': 'indicators',
    'Indicator': 'indicators',
    'IndicatorReport': 'indicators',
    'compute_indicators': 'indicators',
    'gap_list': 'indicators',
    'indicator_history': 'indicators',
    'total_indicators': 'indicators',
}

__all__ = [
    'GapItem',
    'Indicator',
    'IndicatorReport',
    'compute_indicators',
    'gap_list',
    'indicator_history',
    'total_indicators',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
