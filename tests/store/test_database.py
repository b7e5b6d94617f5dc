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


def test_head_read_from_the_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from kh06_desktop.store.database import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_a_database_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    open_database(tmp_path / "k.db").close()
    probe = ("import sys; from kh06_desktop.store.database import open_database; "
             f"db = open_database({str(tmp_path / 'k.db')!r}, create=False); "
             "print(sorted(name for name in sys.modules if name.split('.')[0] in ('alembic', 'mako')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    # An older database still goes through Alembic and reaches head.
    engine = create_db_engine(tmp_path / "old.db")
    upgrade(engine, "0001")
    engine.dispose()
    assert open_database(tmp_path / "old.db").engine.connect().exec_driver_sql(
        "SELECT version_num FROM alembic_version").scalar() == head_revision()
