"""A realistic demo unit (`kh06 demo`): Vietnamese names, groups, positions and two years of
activity, written fast with bulk inserts."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .demo import (
        create_demo,
    )
    from .demo_data import (
        NameMaker,
        cumulative,
    )
    from .demo_write import (
        BulkLoad,
        insert_lists,
        insert_tuples,
        is_sqlite,
        sqlite_bulk_load,
        value_converter,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'create_demo': 'demo',
    'cumulative': 'demo_data',
    'NameMaker': 'demo_data',
    'is_sqlite': 'demo_write',
    'value_converter': 'demo_write',
    'insert_tuples': 'demo_write',
    'insert_lists': 'demo_write',
    'BulkLoad': 'demo_write',
    'sqlite_bulk_load': 'demo_write',
}

__all__ = [
    'create_demo',
    'cumulative',
    'NameMaker',
    'is_sqlite',
    'value_converter',
    'insert_tuples',
    'insert_lists',
    'BulkLoad',
    'sqlite_bulk_load',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
