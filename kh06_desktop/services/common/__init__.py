"""Shared plumbing of the use cases: Vietnamese errors for the user, transactions' audit rows,
bulk inserts, settings stored in the database and the "as of a day" SQL conditions."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .asof import (
        member_active_on,
        position_held_on,
    )
    from .audit import (
        record,
        row_values,
        to_json,
        update_row,
    )
    from .bulk import (
        begin_write,
        first_free_id,
        insert_columns,
        insert_rows,
        sync_id_sequence,
        table_of,
    )
    from .errors import (
        Conflict,
        InvalidInput,
        NotFound,
        ServiceError,
    )
    from .settings import (
        SettingSpec,
        day_month,
        get_setting,
        set_setting,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'member_active_on': 'asof',
    'position_held_on': 'asof',
    'to_json': 'audit',
    'record': 'audit',
    'row_values': 'audit',
    'update_row': 'audit',
    'table_of': 'bulk',
    'first_free_id': 'bulk',
    'insert_rows': 'bulk',
    'begin_write': 'bulk',
    'insert_columns': 'bulk',
    'sync_id_sequence': 'bulk',
    'ServiceError': 'errors',
    'NotFound': 'errors',
    'Conflict': 'errors',
    'InvalidInput': 'errors',
    'SettingSpec': 'settings',
    'get_setting': 'settings',
    'set_setting': 'settings',
    'day_month': 'settings',
}

__all__ = [
    'member_active_on',
    'position_held_on',
    'to_json',
    'record',
    'row_values',
    'update_row',
    'table_of',
    'first_free_id',
    'insert_rows',
    'begin_write',
    'insert_columns',
    'sync_id_sequence',
    'ServiceError',
    'NotFound',
    'Conflict',
    'InvalidInput',
    'SettingSpec',
    'get_setting',
    'set_setting',
    'day_month',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
