"""Protecting the union's data: backups and restore, the optional password, and reading the audit
trail (the audit page)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .access import (
        has_password,
        remove_password,
        set_password,
        verify_password,
    )
    from .audit_query import (
        AuditFilter,
        AuditRow,
        audit_vocabulary,
        count_audit,
        describe_changes,
        mask,
        query_audit,
        readable_value,
    )
    from .backup import (
        BackupInfo,
        BackupSummary,
        OtherDatabase,
        RestoreResult,
        automatic_backup_due,
        backup_folder,
        backup_now,
        backups_to_prune,
        check_backup,
        check_identity,
        closing_backup,
        daily_backup,
        default_backup_folder,
        describe_backup,
        glob_escape,
        known_revisions,
        list_backups,
        os_reason,
        prune,
        restore,
        set_backup_folder,
        write_backup,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'has_password': 'access',
    'verify_password': 'access',
    'set_password': 'access',
    'remove_password': 'access',
    'AuditFilter': 'audit_query',
    'AuditRow': 'audit_query',
    'count_audit': 'audit_query',
    'query_audit': 'audit_query',
    'audit_vocabulary': 'audit_query',
    'mask': 'audit_query',
    'readable_value': 'audit_query',
    'describe_changes': 'audit_query',
    'BackupInfo': 'backup',
    'RestoreResult': 'backup',
    'default_backup_folder': 'backup',
    'backup_folder': 'backup',
    'set_backup_folder': 'backup',
    'os_reason': 'backup',
    'list_backups': 'backup',
    'glob_escape': 'backup',
    'backups_to_prune': 'backup',
    'prune': 'backup',
    'write_backup': 'backup',
    'backup_now': 'backup',
    'automatic_backup_due': 'backup',
    'daily_backup': 'backup',
    'closing_backup': 'backup',
    'known_revisions': 'backup',
    'check_backup': 'backup',
    'BackupSummary': 'backup',
    'OtherDatabase': 'backup',
    'check_identity': 'backup',
    'describe_backup': 'backup',
    'restore': 'backup',
}

__all__ = [
    'has_password',
    'verify_password',
    'set_password',
    'remove_password',
    'AuditFilter',
    'AuditRow',
    'count_audit',
    'query_audit',
    'audit_vocabulary',
    'mask',
    'readable_value',
    'describe_changes',
    'BackupInfo',
    'RestoreResult',
    'default_backup_folder',
    'backup_folder',
    'set_backup_folder',
    'os_reason',
    'list_backups',
    'glob_escape',
    'backups_to_prune',
    'prune',
    'write_backup',
    'backup_now',
    'automatic_backup_due',
    'daily_backup',
    'closing_backup',
    'known_revisions',
    'check_backup',
    'BackupSummary',
    'OtherDatabase',
    'check_identity',
    'describe_backup',
    'restore',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
