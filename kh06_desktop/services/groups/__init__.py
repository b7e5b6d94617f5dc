"""Union groups (tổ công đoàn): add, rename, merge and delete, never losing a member: the
«Tổ công đoàn» page."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .groups import (
        GroupRow,
        create_group,
        delete_group,
        find_or_create_group,
        list_groups,
        merge_groups,
        rename_group,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'GroupRow': 'groups',
    'list_groups': 'groups',
    'find_or_create_group': 'groups',
    'create_group': 'groups',
    'rename_group': 'groups',
    'merge_groups': 'groups',
    'delete_group': 'groups',
}

__all__ = [
    'GroupRow',
    'list_groups',
    'find_or_create_group',
    'create_group',
    'rename_group',
    'merge_groups',
    'delete_group',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
