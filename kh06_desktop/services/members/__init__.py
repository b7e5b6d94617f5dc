"""Members: the list, one member's record, status and positions, and the member spreadsheet
(import with per-row checks and duplicates, export in the same layout): the «Đoàn viên» page."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .member_duplicates import (
        Known,
        find_duplicates,
        known_members,
        who,
    )
    from .member_export import (
        export_members,
    )
    from .member_import import (
        ImportPlan,
        ImportResult,
        RowIssue,
        SheetError,
        commit_import,
        prepare_import,
    )
    from .member_rows import (
        count_members,
        first_member_rows,
        group_choices,
    )
    from .members import (
        MemberDetail,
        MemberRow,
        PositionInfo,
        active_roles,
        add_position,
        change_status,
        create_member,
        duplicate_messages,
        end_position,
        get_member,
        list_member_rows,
        read_member_rows,
        remove_position,
        update_member,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'Known': 'member_duplicates',
    'known_members': 'member_duplicates',
    'who': 'member_duplicates',
    'find_duplicates': 'member_duplicates',
    'export_members': 'member_export',
    'ImportPlan': 'member_import',
    'ImportResult': 'member_import',
    'RowIssue': 'member_import',
    'SheetError': 'member_import',
    'commit_import': 'member_import',
    'prepare_import': 'member_import',
    'count_members': 'member_rows',
    'group_choices': 'member_rows',
    'first_member_rows': 'member_rows',
    'MemberRow': 'members',
    'PositionInfo': 'members',
    'MemberDetail': 'members',
    'active_roles': 'members',
    'list_member_rows': 'members',
    'read_member_rows': 'members',
    'get_member': 'members',
    'duplicate_messages': 'members',
    'create_member': 'members',
    'update_member': 'members',
    'change_status': 'members',
    'add_position': 'members',
    'end_position': 'members',
    'remove_position': 'members',
}

__all__ = [
    'Known',
    'known_members',
    'who',
    'find_duplicates',
    'export_members',
    'ImportPlan',
    'ImportResult',
    'RowIssue',
    'SheetError',
    'commit_import',
    'prepare_import',
    'count_members',
    'group_choices',
    'first_member_rows',
    'MemberRow',
    'PositionInfo',
    'MemberDetail',
    'active_roles',
    'list_member_rows',
    'read_member_rows',
    'get_member',
    'duplicate_messages',
    'create_member',
    'update_member',
    'change_status',
    'add_position',
    'end_position',
    'remove_position',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
