"""Opening databases: pragmas, migrations from empty and from the previous revision, refusals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, text

from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.store.database import (
    DatabaseError,
    create_db_engine,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)
from kh06_desktop.store.models import Base, Member


def test_new_database_is_at_head_and_matches_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    db.close()


def test_pragmas_survive_crashes_and_enforce_keys(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_upgrade_from_previous_revision_keeps_data(tmp_path: Path) -> None:
    engine = create_db_engine(tmp_path / "old.db")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO unit (code, name, sector, is_local, created_at) "
                                "VALUES ('U1', 'Công đoàn A', 'non_state', 1, '2024-01-01 00:00:00')"))
        connection.execute(insert(Member.__table__).values(
            unit_id=1, full_name="Đặng Thị Lan", given_name="Lan", name_folded=fold("Đặng Thị Lan"),
            sort_key=name_sort_key("Đặng Thị Lan"), status="active", created_at=dt.datetime(2024, 1, 1),
            updated_at=dt.datetime(2024, 1, 1)))
    engine.dispose()
    db = open_database(tmp_path / "old.db")
    assert current_revision(db.engine) == head_revision()
    with db.reading() as session:
        assert session.scalar(select(Member.full_name)) == "Đặng Thị Lan"
    db.close()


def test_database_from_newer_version_is_refused(tmp_path: Path) -> None:
    db = open_database(tmp_path / "future.db")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.close()
    with pytest.raises(DatabaseError, match="phiên bản KH06 Desktop mới hơn"):
        open_database(tmp_path / "future.db")


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("đây không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu"):
        open_database(bogus)


def test_missing_file_with_create_false(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="Không tìm thấy"):
        open_database(tmp_path / "absent.db", create=False)


def test_committed_data_is_in_the_file(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO setting (key, value) VALUES ('mode', 'unit')"))
    raw = sqlite3.connect(db.path)
    assert raw.execute("SELECT value FROM setting WHERE key='mode'").fetchone() == ("unit",)
    raw.close()
