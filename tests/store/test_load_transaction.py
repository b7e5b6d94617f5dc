"""`Database.load_transaction`: a large load keeps a rollback journal instead of the WAL when it
has the file to itself, and the file is in WAL mode again afterwards, whatever happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.unit.units import UnitProfile, setup_unit
from kh06_desktop.store.database import Database, open_database
from kh06_desktop.store.models import UnionGroup


def _mode(session) -> str:  # type: ignore[no-untyped-def]
    return str(session.connection().execute(text("PRAGMA journal_mode")).scalar())


def _groups(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count(UnionGroup.id))) or 0


@pytest.fixture
def unit_db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "kh06.db")
    setup_unit(database, UnitProfile(code="CDCS-LOAD", name="Công đoàn thử", sector=Sector.NON_STATE))
    yield database
    database.close()


def _add_group(session, name: str) -> None:  # type: ignore[no-untyped-def]
    session.add(UnionGroup(unit_id=1, name=name, name_folded=name.lower()))


def test_alone_on_the_file_the_load_skips_the_wal_and_wal_comes_back(unit_db: Database, tmp_path: Path) -> None:
    with unit_db.load_transaction() as session:
        assert _mode(session) == "delete"
        _add_group(session, "Tổ Một")
    assert _groups(unit_db) == 1
    with unit_db.reading() as session:
        assert _mode(session) == "wal"
    assert not (tmp_path / "kh06.db-journal").exists()


def test_a_failed_load_writes_nothing_and_wal_comes_back(unit_db: Database) -> None:
    with pytest.raises(RuntimeError), unit_db.load_transaction() as session:
        _add_group(session, "Tổ Một")
        session.flush()
        raise RuntimeError("cancelled")
    assert _groups(unit_db) == 0
    with unit_db.reading() as session:
        assert _mode(session) == "wal"


def test_with_another_connection_open_the_load_keeps_the_wal(unit_db: Database, tmp_path: Path) -> None:
    other = open_database(tmp_path / "kh06.db")
    try:
        assert _groups(other) == 0  # its connection stays open in its pool
        with unit_db.load_transaction() as session:
            assert _mode(session) == "wal"
            _add_group(session, "Tổ Một")
        assert _groups(other) == 1
    finally:
        other.close()


def test_a_reader_opening_during_a_load_can_read(unit_db: Database, tmp_path: Path) -> None:
    """Its own switch to WAL is refused while the load holds the file: it reads in the load's mode."""
    with unit_db.load_transaction() as session:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        _add_group(session, "Tổ Một")
        session.flush()
        reader = open_database(tmp_path / "kh06.db")
        try:
            assert _groups(reader) == 0  # the load is not committed yet
        finally:
            reader.close()
    assert _groups(unit_db) == 1
