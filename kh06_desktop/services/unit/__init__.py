"""The unit's profile and workforce figures per period, and its checks against the Charter
(executive committee size, women's committee): what the «Đơn vị» page shows and edits."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .unit_checks import (
        UnitCounts,
        WomenCommitteeStatus,
        unit_counts,
        unit_warnings,
        women_committee_status,
        women_committee_status_in,
    )
    from .units import (
        UnitInfo,
        UnitProfile,
        Workforce,
        check_workforce,
        get_local_unit,
        get_unit,
        get_unit_by_code,
        get_workforce,
        list_units,
        list_workforce,
        set_workforce,
        setup_unit,
        update_unit,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'UnitCounts': 'unit_checks',
    'WomenCommitteeStatus': 'unit_checks',
    'unit_counts': 'unit_checks',
    'women_committee_status': 'unit_checks',
    'women_committee_status_in': 'unit_checks',
    'unit_warnings': 'unit_checks',
    'UnitProfile': 'units',
    'UnitInfo': 'units',
    'Workforce': 'units',
    'check_workforce': 'units',
    'get_local_unit': 'units',
    'get_unit': 'units',
    'get_unit_by_code': 'units',
    'list_units': 'units',
    'setup_unit': 'units',
    'update_unit': 'units',
    'set_workforce': 'units',
    'get_workforce': 'units',
    'list_workforce': 'units',
}

__all__ = [
    'UnitCounts',
    'WomenCommitteeStatus',
    'unit_counts',
    'women_committee_status',
    'women_committee_status_in',
    'unit_warnings',
    'UnitProfile',
    'UnitInfo',
    'Workforce',
    'check_workforce',
    'get_local_unit',
    'get_unit',
    'get_unit_by_code',
    'list_units',
    'setup_unit',
    'update_unit',
    'set_workforce',
    'get_workforce',
    'list_workforce',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
