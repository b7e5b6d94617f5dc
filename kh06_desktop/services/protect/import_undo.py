"""Undoing the last member import (DESIGN 6.1 `undo-import`, 6.2).

Before an import (plain or update) writes anything, `backup_before_import` takes a backup with
the backup service (kind "truoc-nhap") and the import's audit row records its path. Undoing puts
that backup back with `backup.restore` (the current state is saved first, as for any restore) —
but only if nothing else was written since: the audit trail after the import's row must be
empty. Otherwise it refuses and names what was written, because restoring would throw that work
away too (the members typed by hand since the morning, say).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, and_, func, insert, not_, or_, select

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.common.errors import Conflict, NotFound
from kh06_desktop.services.protect.backup import PRE_IMPORT, backup_now, list_backups, restore
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import AuditEntry

KEEP_PRE_IMPORT = 5  # backups taken before imports that are kept (the newest)
# Audit rows that record a read, not a change (exporting the member list, audited because it carries
# personal data): they do not block an undo, and the undo writes them back after the restore.
_READ_ONLY = (("export", "member"),)
_LISTED = 5


@dataclass(frozen=True, slots=True)
class UndoState:
    """What «Hoàn tác lần nhập gần nhất» would do now."""

    possible: bool
    summary: str  # the import, as its audit row tells it ("" when there is none)
    at: dt.datetime | None
    reason: str  # why not, when not possible
    backup: Path | None = None


@dataclass(frozen=True, slots=True)
class UndoResult:
    summary: str
    restored_from: Path
    safety_copy: Path


def backup_before_import(db: Database) -> str | None:
    """A backup of the database as it is, before an import writes; its path (None for a database
    on a server, which the app does not back up itself)."""
    if db.path is None or str(db.path) == ":memory:":
        return None
    info = backup_now(db, PRE_IMPORT)
    for old in [b for b in list_backups(db) if b.kind == PRE_IMPORT][KEEP_PRE_IMPORT:]:
        try:
            old.path.unlink()
        except OSError:
            pass  # kept; the next import tries again
    return str(info.path)


def _describe(action: str, entity: str, summary: str | None) -> str:
    from kh06_desktop.services.protect.audit_query import ACTION_LABELS, ENTITY_LABELS

    if summary:
        return summary
    return f"{ACTION_LABELS.get(action, action)} {ENTITY_LABELS.get(entity, entity).lower()}"


def _read_only() -> ColumnElement[bool]:
    return or_(*(and_(AuditEntry.action == action, AuditEntry.entity == entity) for action, entity in _READ_ONLY))


def undo_state(db: Database) -> UndoState:
    with db.reading() as session:
        last = session.execute(
            select(AuditEntry.id, AuditEntry.at, AuditEntry.summary, AuditEntry.new_values)
            .where(AuditEntry.action == "import", AuditEntry.entity == "member")
            .order_by(AuditEntry.id.desc()).limit(1)).first()
        if last is None:
            return UndoState(False, "", None, "Chưa có lần nhập danh sách nào để hoàn tác")
        since = and_(AuditEntry.id > last.id, not_(_read_only()))
        later = session.scalar(select(func.count()).select_from(AuditEntry).where(since)) or 0
        written = session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.summary, AuditEntry.at)
            .where(since).order_by(AuditEntry.id).limit(_LISTED)).all() if later else []
    summary = last.summary or "Nhập danh sách đoàn viên"
    try:
        path_text = json.loads(last.new_values or "{}").get("backup")
    except ValueError:
        path_text = None
    backup = Path(path_text) if path_text else None
    if later:
        listed = "; ".join(f"{_describe(a, e, s)} ({at:%d/%m/%Y %H:%M})" for a, e, s, at in written)
        more = f" và {group_thousands(later - len(written))} thay đổi khác" if later > len(written) else ""
        return UndoState(False, summary, last.at, f"Không hoàn tác được lần nhập gần nhất ({summary}): từ lúc "
                         f"nhập đã có {group_thousands(later)} thay đổi khác được ghi ({listed}{more}). "
                         "Hoàn tác sẽ làm mất cả những thay đổi đó; hãy sửa từng người trong danh sách, "
                         "hoặc khôi phục bản sao lưu nếu thật sự muốn.", backup)
    if backup is None:
        return UndoState(False, summary, last.at, f"Lần nhập gần nhất ({summary}) không có bản sao lưu trước "
                         "khi nhập nên không hoàn tác được", None)
    if not backup.is_file():
        return UndoState(False, summary, last.at, f"Không tìm thấy bản sao lưu trước khi nhập ({backup.name}): "
                         "không hoàn tác được", backup)
    return UndoState(True, summary, last.at, "", backup)


def undo_last_import(db: Database, now: dt.datetime | None = None) -> UndoResult:
    """Put the database back as it was before the last import; refuses (Conflict/NotFound) when
    anything was written since or its backup is gone."""
    state = undo_state(db)
    if not state.possible or state.backup is None:
        raise (NotFound if not state.summary else Conflict)(state.reason)
    columns = (AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
               AuditEntry.unit_id, AuditEntry.summary, AuditEntry.old_values, AuditEntry.new_values)
    with db.reading() as session:
        last_import = session.scalar(select(func.max(AuditEntry.id))
                                     .where(AuditEntry.action == "import", AuditEntry.entity == "member"))
        reads = [dict(row._mapping) for row in session.execute(
            select(*columns).where(AuditEntry.id > (last_import or 0), _read_only())
            .order_by(AuditEntry.id))]
    result = restore(db, state.backup, now=now)
    if reads:
        with db.transaction() as session:
            session.execute(insert(AuditEntry), reads)
    return UndoResult(state.summary, state.backup, result.safety_copy.path)
