"""Reporting periods: their dates from the settings, the periods a unit has recorded, and closing
or reopening a period ("chốt số liệu") with its revisions."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .closing import close_period
    from .period_close import (
        PeriodState,
        ReportDetails,
        closed_periods,
        ensure_period_open,
        get_period_state,
        period_bounds,
        period_state_in,
        reopen_period,
        save_report_details,
    )
    from .periods import (
        as_period,
        period_end,
        period_ends,
        recorded_periods,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'PeriodState': 'period_close',
    'ReportDetails': 'period_close',
    'period_bounds': 'period_close',
    'get_period_state': 'period_close',
    'period_state_in': 'period_close',
    'save_report_details': 'period_close',
    'close_period': 'closing',
    'reopen_period': 'period_close',
    'closed_periods': 'period_close',
    'ensure_period_open': 'period_close',
    'as_period': 'periods',
    'period_ends': 'periods',
    'period_end': 'periods',
    'recorded_periods': 'periods',
}

__all__ = [
    'PeriodState',
    'ReportDetails',
    'period_bounds',
    'get_period_state',
    'period_state_in',
    'save_report_details',
    'close_period',
    'reopen_period',
    'closed_periods',
    'ensure_period_open',
    'as_period',
    'period_ends',
    'period_end',
    'recorded_periods',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
