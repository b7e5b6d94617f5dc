"""Bulk writes (services.common.bulk): what goes in comes out, whatever path the values take."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence

import pytest
from sqlalchemy import select

from kh06_desktop.services.common import bulk
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member


def _insert(db: Database, unit: UnitInfo, columns: Mapping[str, Sequence[object]], count: int, *,
            rebuild_indexes: bool = False) -> None:
    now = dt.datetime(2026, 12, 3, 9, 30)
    with db.transaction() as session:
        bulk.begin_write(session)
        bulk.insert_columns(session, bulk.table_of(Member), columns, count, rebuild_indexes=rebuild_indexes,
                            constants={"unit_id": unit.id, "status": "active", "created_at": now, "updated_at": now})


def _columns(count: int) -> dict[str, Sequence[object]]:
    names = [f"Nguyễn Văn Số{i}" for i in range(count)]
    return {
        "id": list(range(1, count + 1)), "full_name": names, "given_name": [n.rsplit(" ", 1)[1] for n in names],
        "name_folded": [n.lower() for n in names], "sort_key": names,
        # every other row without a birth date or a phone; no row with a note (a column all None)
        "birth_date": [dt.date(1980, 1, 1 + i % 28) if i % 2 else None for i in range(count)],
        "phone": [f"09{i:08d}" if i % 2 == 0 else None for i in range(count)],
        "note": [None] * count}


def test_columns_all_empty_partly_empty_and_dates_come_back_as_given(db: Database, unit: UnitInfo) -> None:
    columns = _columns(7000)  # more than one chunk
    _insert(db, unit, columns, 7000)
    with db.reading() as session:
        rows = session.execute(select(Member.id, Member.birth_date, Member.phone, Member.note, Member.unit_id,
                                      Member.created_at).order_by(Member.id)).all()
    assert [r.id for r in rows] == columns["id"]
    assert [r.birth_date for r in rows] == columns["birth_date"]
    assert [r.phone for r in rows] == columns["phone"]
    assert {r.note for r in rows} == {None}
    assert {(r.unit_id, r.created_at) for r in rows} == {(unit.id, dt.datetime(2026, 12, 3, 9, 30))}


def test_rebuilt_indexes_exist_after_the_load_and_after_a_rollback(db: Database, unit: UnitInfo) -> None:
    def indexes() -> set[str]:
        with db.reading() as session:
            return {name for (name,) in session.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'")}

    before = indexes()
    assert before  # the member table has plain indexes to drop and build again
    with pytest.raises(RuntimeError), db.transaction() as session:
        bulk.begin_write(session)
        bulk.insert_columns(session, bulk.table_of(Member), _columns(6000), 6000, rebuild_indexes=True,
                            constants={"unit_id": unit.id, "status": "active", "created_at": dt.datetime(2026, 1, 1),
                                       "updated_at": dt.datetime(2026, 1, 1)})
        raise RuntimeError("cancelled")
    assert indexes() == before
    with db.reading() as session:
        assert session.scalar(select(Member.id).limit(1)) is None
    _insert(db, unit, _columns(6000), 6000, rebuild_indexes=True)
    assert indexes() == before


def test_a_column_of_the_wrong_length_is_refused(db: Database, unit: UnitInfo) -> None:
    columns = _columns(10)
    columns["phone"] = columns["phone"][:9]
    with pytest.raises(ValueError, match="phone"):
        _insert(db, unit, columns, 10)


def test_none_binds_as_null_through_the_registered_adapter(db: Database) -> None:
    # store.database registers an adapter for None (binding it is then a single look-up).
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)](None) is None
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (a, b)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [(None, 1), ("x", None)])
    assert connection.execute("SELECT a IS NULL, b IS NULL FROM t ORDER BY rowid").fetchall() == [(1, 0), (0, 1)]


def test_plain_dates_are_written_as_sqlites_date_type_writes_them() -> None:
    """The ISO text of `date.isoformat` stands in for SQLAlchemy's DATE processor only where the two
    agree: plain dates, and a processor that writes ISO text."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    dialect = sqlite_dialect.dialect()
    iso = sqlite_dialect.DATE().bind_processor(dialect)  # type: ignore[no-untyped-call]
    day_first = sqlite_dialect.DATE(  # type: ignore[no-untyped-call]
        storage_format="%(day)02d/%(month)02d/%(year)04d").bind_processor(dialect)
    assert iso is not None and day_first is not None
    dates: set[object] = {dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(1990, 2, 3), dt.date(9999, 12, 31)}
    assert bulk._date_text(iso, dates) is dt.date.isoformat
    assert {d: iso(d) for d in dates} == {d: d.isoformat() for d in dates}  # type: ignore[attr-defined]
    assert bulk._date_text(iso, {dt.datetime(1990, 2, 3, 10, 0), dt.date(1990, 2, 4)}) is iso
    assert bulk._date_text(day_first, dates) is day_first
