"""Backups through SQLite's online backup API, rotation, and restore with its checks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from protect_helpers import add_members, count_members
from sqlalchemy import select

from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.services.protect import backup
from kh06_desktop.services.protect.audit_query import AuditFilter, query_audit
from kh06_desktop.store.models import AuditEntry


def _members_in(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM member").fetchone()[0]
    finally:
        connection.close()


def test_backup_is_a_complete_single_file_even_with_uncheckpointed_wal(db, unit, backups) -> None:
    add_members(db, unit.id, 300)
    assert Path(str(db.path) + "-wal").stat().st_size > 0  # recent commits still in the WAL
    seen: list[tuple[int, int]] = []
    info = backup.backup_now(db, progress=lambda done, total: seen.append((done, total)))
    assert info.path.parent == backups and info.kind == backup.MANUAL and info.size == info.path.stat().st_size
    assert _members_in(info.path) == 300
    assert not Path(str(info.path) + "-wal").exists()
    with info.path.open("rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # rollback-journal mode: one self-contained file
    assert seen and seen[-1][0] == seen[-1][1]
    assert not list(backups.glob("*.partial"))
    assert backup.list_backups(db) == [info]


def test_default_folder_is_in_the_data_dir(db, unit, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("KH06_DATA_DIR", str(tmp_path / "du-lieu"))
    info = backup.backup_now(db)
    assert info.path.parent == tmp_path / "du-lieu" / "backups"
    assert backup.backup_folder(db) == tmp_path / "du-lieu" / "backups"


def test_changing_the_folder_is_audited_and_checked(db, unit, tmp_path) -> None:
    backup.set_backup_folder(db, tmp_path / "moi")
    assert backup.backup_folder(db) == (tmp_path / "moi").resolve()
    with db.reading() as session:
        assert session.scalar(select(AuditEntry.summary).where(AuditEntry.entity == "setting")) == "Đổi thư mục sao lưu"
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x")
    with pytest.raises(ServiceError, match="không phải là một thư mục|Không ghi được"):
        backup.set_backup_folder(db, a_file / "con")


def test_daily_backup_is_made_once_a_day(db, unit, backups) -> None:
    morning = dt.datetime(2025, 6, 2, 8, 0)
    first = backup.daily_backup(db, now=morning)
    assert first is not None and first.kind == backup.AUTO
    assert backup.daily_backup(db, now=morning + dt.timedelta(hours=5)) is None
    assert backup.daily_backup(db, now=morning + dt.timedelta(days=1)) is not None
    closing = backup.closing_backup(db, now=morning + dt.timedelta(days=1, hours=9))
    assert closing.kind == backup.AUTO and len(backup.list_backups(db)) == 3


def _fake(folder: Path, moment: dt.datetime, kind: str = backup.AUTO) -> backup.BackupInfo:
    path = folder / f"KH06_DEMO-1_0123456789ab_{moment:%Y-%m-%d_%H-%M-%S}_{kind}.db"
    path.write_bytes(b"")
    return backup.BackupInfo(path, moment, kind, 0)


def test_rotation_keeps_7_daily_4_weekly_12_monthly(tmp_path) -> None:
    start = dt.datetime(2023, 1, 1, 17, 0)
    made = [_fake(tmp_path, start + dt.timedelta(days=d, hours=h)) for d in range(800) for h in (0, 2)]
    manual = _fake(tmp_path, start, backup.MANUAL)
    safety = _fake(tmp_path, start, backup.PRE_RESTORE)
    pruned = {b.path for b in backup.backups_to_prune([*made, manual, safety])}
    kept = sorted((b for b in made if b.path not in pruned), key=lambda b: b.created, reverse=True)
    assert manual.path not in pruned and safety.path not in pruned  # only automatic ones rotate
    newest = made[-1].created
    days = {b.created.date() for b in kept}
    assert {newest.date() - dt.timedelta(days=i) for i in range(7)} <= days
    assert len({b.created.isocalendar()[:2] for b in kept}) >= 4
    assert len({(b.created.year, b.created.month) for b in kept}) == 12
    assert len(kept) <= backup.KEEP_LATEST + 7 + 4 + 12
    assert kept[0].created == newest and kept[1].created == made[-2].created  # the latest few of today stay
    assert min(b.created for b in kept) > newest - dt.timedelta(days=366)


def test_automatic_backups_prune_on_disk(db, unit, backups) -> None:
    start = dt.datetime(2024, 1, 1, 9, 0)
    for day in range(40):
        backup.backup_now(db, backup.AUTO, now=start + dt.timedelta(days=day))
    files = backup.list_backups(db)
    assert len(files) == len({b.path for b in files}) and len(files) < 40
    assert files[0].created == start + dt.timedelta(days=39)
    assert len(files) == len(files) - len(backup.backups_to_prune(files))  # nothing left to prune


def test_restore_checks_saves_current_state_and_replaces(db, unit, backups) -> None:
    add_members(db, unit.id, 100)
    saved = backup.backup_now(db)
    add_members(db, unit.id, 50, start=100)
    assert count_members(db) == 150
    result = backup.restore(db, saved.path)
    assert count_members(db) == 100  # the engine sees the restored content at once
    assert result.safety_copy.kind == backup.PRE_RESTORE and _members_in(result.safety_copy.path) == 150
    restored = query_audit(db, AuditFilter(action="restore"))
    assert len(restored) == 1 and saved.path.name in (restored[0].summary or "")
    add_members(db, unit.id, 1, start=500)  # still writable, still WAL
    with db.reading() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, unit, backups) -> None:
    add_members(db, unit.id, 200)
    good = backup.backup_now(db)
    damaged = backups / "kh06_hong.db"
    data = bytearray(good.path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page):  # scribble over b-tree pages, keep the header
        data[offset + 8:offset + 40] = b"\xff" * 32
    damaged.write_bytes(bytes(data))
    before = sorted(p.name for p in backups.iterdir())
    with pytest.raises(InvalidInput, match="bị hỏng"):
        backup.restore(db, damaged)
    assert count_members(db) == 200
    assert sorted(p.name for p in backups.iterdir()) == before  # not even a safety copy was needed


def test_restore_refuses_what_is_not_a_kh06_backup(db, unit, backups, tmp_path) -> None:
    text = tmp_path / "danh-sach.xlsx"
    text.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(InvalidInput, match="không phải bản sao lưu"):
        backup.restore(db, text)
    other = tmp_path / "khac.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(InvalidInput, match="không phải dữ liệu KH06"):
        backup.restore(db, other)
    with pytest.raises(InvalidInput, match="chính là tệp dữ liệu đang mở"):
        backup.restore(db, db.path)
    with pytest.raises(ServiceError, match="Không tìm thấy"):
        backup.restore(db, tmp_path / "khong-co.db")


def test_restore_refuses_a_backup_from_a_newer_version(db, unit, backups) -> None:
    info = backup.backup_now(db)
    connection = sqlite3.connect(info.path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(InvalidInput, match="mới hơn"):
        backup.restore(db, info.path)


def test_restore_of_an_older_schema_is_upgraded(db, unit, backups, tmp_path) -> None:
    from kh06_desktop.store.database import create_db_engine, current_revision, head_revision, upgrade

    old = tmp_path / "cu.db"
    engine = create_db_engine(old)
    upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(backup.OtherDatabase, match="chưa có đơn vị"):
        backup.restore(db, old)  # an empty database of no unit: only after a confirmation
    backup.restore(db, old, accept_other_database=True)
    assert current_revision(db.engine) == head_revision()
