"""A full disk or a read-only folder: a clear Vietnamese message, and nothing already saved is lost.

The tests run as root in CI, where chmod does not stop writes, so the conditions are made in
ways that hold for any user: SQLite's `max_page_count` makes the database file unable to grow
(SQLite then fails exactly as on a full disk, "database or disk is full"), and a read-only URI
(`mode=ro`) makes writes fail as on a read-only folder. Backups to a folder that cannot be
written are tested with chmod where it works and a patched failure where it does not.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from pathlib import Path

import pytest
from protect_helpers import add_members, count_members
from sqlalchemy import event

from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.members import members
from kh06_desktop.services.protect import backup
from kh06_desktop.store.database import DatabaseError, _reason, open_database, readonly_url

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _draft(name: str = "Lê Thị Hoa", note: str | None = None):  # type: ignore[no-untyped-def]
    result = validate_member({"full_name": name, "gender": "Nữ", "note": note}, today=dt.date(2025, 6, 1))
    assert result.draft is not None
    return result.draft


def test_reason_maps_sqlite_messages_to_vietnamese() -> None:
    assert _reason(sqlite3.OperationalError("database or disk is full")) == "ổ đĩa đã đầy"
    assert _reason(OSError(28, "No space left on device")) == "ổ đĩa đã đầy"
    assert _reason(sqlite3.OperationalError("attempt to write a readonly database")) == "thư mục hoặc tệp chỉ cho đọc"
    assert _reason(sqlite3.OperationalError("database is locked")) == "tệp đang bị một chương trình khác khóa"
    assert _reason(sqlite3.DatabaseError("file is not a database")) == "tệp không phải cơ sở dữ liệu"


def test_full_disk_while_saving_gives_a_message_and_keeps_saved_data(db, unit) -> None:
    add_members(db, unit.id, 500)
    members.create_member(db, unit.id, _draft("Phạm Văn An"))
    before = count_members(db)
    with db.reading() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()

    def disk_full(connection, _record) -> None:  # type: ignore[no-untyped-def]
        connection.execute(f"PRAGMA max_page_count={pages}")  # the file cannot grow any more

    event.listen(db.engine, "connect", disk_full)
    db.engine.dispose()
    with pytest.raises((DatabaseError, ServiceError)) as error:
        add_members(db, unit.id, 5000, start=1000)  # a big write that needs new pages
    message = str(error.value)
    assert "ổ đĩa đã đầy" in message and "Không lưu được" in message
    assert "Traceback" not in message and "sqlite3" not in message
    start = 10_000
    for size in (20, 1):  # fill what room the last pages still had, a little at a time
        for _ in range(300):
            try:
                add_members(db, unit.id, size, start=start)
            except DatabaseError:
                break
            start += size
        else:
            pytest.fail("the database never filled up")
    before = count_members(db)
    with pytest.raises((DatabaseError, ServiceError), match="ổ đĩa đã đầy"):  # an ordinary form save too
        members.create_member(db, unit.id, _draft("Bùi Thị Mai", note="x" * 900), allow_duplicate=True)
    event.remove(db.engine, "connect", disk_full)
    db.engine.dispose()
    assert count_members(db) == before  # nothing half-written, nothing lost
    with db.reading() as session:
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    members.create_member(db, unit.id, _draft("Bùi Thị Mai"))  # space back: work goes on
    assert count_members(db) == before + 1


def test_read_only_database_gives_a_message_and_keeps_saved_data(db, unit, tmp_path: Path) -> None:
    members.create_member(db, unit.id, _draft("Phạm Văn An"))
    path = db.path
    assert path is not None
    db.close()
    readonly = open_database(readonly_url(path), migrate=False)
    try:
        with pytest.raises((DatabaseError, ServiceError)) as error:
            members.create_member(readonly, unit.id, _draft("Bùi Thị Mai"))
        assert "chỉ cho đọc" in str(error.value)
        assert count_members(readonly) == 1
    finally:
        readonly.close()


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root ignores file permissions")
def test_backup_into_a_read_only_folder_real_permissions(db, unit, backups) -> None:
    backups.chmod(0o500)
    try:
        with pytest.raises(ServiceError, match="chỉ cho đọc hoặc không có quyền ghi"):
            backup.backup_now(db)
    finally:
        backups.chmod(0o700)


@pytest.mark.parametrize(("failure", "reason"), [
    (OSError(errno.ENOSPC, "No space left on device"), "ổ đĩa đã đầy"),
    (sqlite3.OperationalError("database or disk is full"), "ổ đĩa đã đầy"),
    (OSError(errno.EROFS, "Read-only file system"), "chỉ cho đọc hoặc không có quyền ghi"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "chỉ cho đọc hoặc không có quyền ghi"),
])
def test_backup_failures_are_explained_and_leave_no_partial_file(db, unit, backups, monkeypatch,
                                                                 failure, reason) -> None:
    add_members(db, unit.id, 50)
    good = backup.backup_now(db)

    def fail(*_args, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        raise failure

    monkeypatch.setattr(backup, "_copy_pages", fail)
    with pytest.raises(ServiceError) as error:
        backup.backup_now(db)
    message = str(error.value)
    assert reason in message and str(backups) in message and "Dữ liệu hiện tại vẫn nguyên vẹn" in message
    assert [p.name for p in backups.iterdir()] == [good.path.name]  # no .partial, the old backup kept
    assert count_members(db) == 50


def test_backup_folder_that_is_a_file(db, unit, tmp_path) -> None:
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("x")
    from kh06_desktop.services.common.settings import set_setting

    set_setting(db, "backup_dir", str(blocker))
    with pytest.raises(ServiceError, match="Không sao lưu được"):
        backup.backup_now(db)
    assert blocker.read_text() == "x"
