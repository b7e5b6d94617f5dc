"""Validation of a member record as typed in the form or read from a spreadsheet row.

Errors stop the record; warnings (a citizen id that disagrees with the date of birth, say)
are shown for checking and the record is kept. The rules of each field are in
`domain.member_fields`; `domain.member_rows` applies them to many rows at once, and
`validate_member` is that with a single row, so the form and the import agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.member_fields import (
    MAX_AGE,
    MAX_NAME,
    MAX_NOTE,
    MAX_TEXT,
    MIN_AGE,
    ROLE_SPELLINGS,
    clean_text,
    parse_gender,
    parse_roles,
    proper_case,
)
from kh06_desktop.domain.member_rows import FIELD_LABELS, CheckedRows, FieldIssue, draft_values, validate_rows
from kh06_desktop.domain.vntext import fold

__all__ = ["FIELD_LABELS", "MAX_AGE", "MAX_NAME", "MAX_NOTE", "MAX_TEXT", "MIN_AGE", "ROLE_SPELLINGS", "FieldIssue",
           "MemberDraft", "ValidationResult", "clean_text", "draft_of", "duplicate_key_by_name", "parse_gender",
           "parse_roles", "proper_case", "validate_member"]


@dataclass(frozen=True, slots=True)
class MemberDraft:
    """A member record that passed validation: clean, NFC, typed."""

    full_name: str
    given_name: str
    gender: Gender | None
    birth_date: dt.date | None
    citizen_id: str | None
    card_number: str | None
    group_name: str | None
    department: str | None
    join_date: dt.date | None
    phone: str | None
    note: str | None
    roles: tuple[Role, ...] = ()

    @property
    def name_folded(self) -> str:
        return fold(self.full_name)


@dataclass(slots=True)
class ValidationResult:
    draft: MemberDraft | None
    errors: list[FieldIssue] = field(default_factory=list)
    warnings: list[FieldIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.draft is not None


def draft_of(rows: CheckedRows, index: int) -> MemberDraft | None:
    """The draft of one checked row, or None when it has errors."""
    if not rows.ok(index):
        return None
    return MemberDraft(**draft_values(rows, index))  # type: ignore[arg-type]


def validate_member(raw: Mapping[str, object], today: dt.date | None = None) -> ValidationResult:
    """Check one record; `raw` maps field names (FIELD_LABELS keys) to typed or text values."""
    rows = validate_rows({name: [value] for name, value in raw.items()}, 1, today)
    return ValidationResult(draft_of(rows, 0), rows.errors.get(0, []), rows.warnings.get(0, []))


def duplicate_key_by_name(draft: MemberDraft) -> tuple[str, dt.date] | None:
    """Same folded name and date of birth: a likely duplicate."""
    return (draft.name_folded, draft.birth_date) if draft.birth_date else None
