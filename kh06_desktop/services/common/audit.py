"""The audit trail: every create/update/delete is recorded with old and new values."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from kh06_desktop.store.models import AuditEntry


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (containers, services)
        return "?"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def to_json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({k: _jsonable(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    unit_id: int | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    summary: str | None = None,
) -> None:
    """Add one audit row inside the caller's transaction (so it commits or rolls back with it)."""
    if old is not None and new is not None:  # keep only what changed
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        old = {k: old.get(k) for k in changed}
        new = {k: new.get(k) for k in changed}
    session.execute(
        insert(AuditEntry).values(
            at=dt.datetime.now().replace(microsecond=0),
            actor=_actor(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            unit_id=unit_id,
            summary=summary,
            old_values=to_json(old),
            new_values=to_json(new),
        )
    )


def row_values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def update_row(session: Session, row: Any, values: Mapping[str, Any], fields: tuple[str, ...], entity: str,
               entity_id: int, *, unit_id: int | None, summary: str | None = None) -> None:
    """Set `values` on an ORM row and record the change (the old values of `fields` → `values`)."""
    old = row_values(row, fields)
    for key, value in values.items():
        setattr(row, key, value)
    record(session, "update", entity, entity_id, unit_id=unit_id, old=old, new=values, summary=summary)
