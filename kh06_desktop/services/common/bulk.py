"""Bulk writes for imports and demo data: a Core `insert()` run with executemany in chunks, with
ids allocated up front so that rows inserted together can reference each other without a
round trip per row (positions of imported members, attendees of demo trainings…).

On SQLite the insert statement is compiled once by SQLAlchemy and its parameters are converted
with the column types' own bind processors, then handed to the driver's executemany as tuples:
SQLAlchemy's per-row parameter handling otherwise costs more than SQLite's insert itself
(100,000 members: ~1.7 s of ~2.6 s). The page cache is raised for the transaction, because
index pages of 100,000 random sort keys spill out of SQLite's default 2 MB and slow every
insert down by 3×. Other databases take the plain Core executemany.

Call inside the caller's transaction: the write lock that transaction holds keeps the ids free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ColumnClause, Connection, Table, func, insert, literal_column, select, text
from sqlalchemy.orm import DeclarativeBase, Session

if TYPE_CHECKING:
    from kh06_desktop.store.database import Database

CHUNK = 5000
LARGE_LOAD = 5000  # rows from which a load rebuilds indexes and may skip the WAL (Database.load_transaction)
_BULK_CACHE_KIB = 131072  # 128 MiB at most; SQLite only allocates what it uses


def write_transaction(db: Database, rows: int) -> AbstractContextManager[Session]:
    """The transaction for a write of `rows` rows: from LARGE_LOAD rows on, `Database.load_transaction`
    (no WAL when the file is not shared), else the plain one."""
    return db.load_transaction() if rows >= LARGE_LOAD else db.transaction()


def table_of(model: type[DeclarativeBase]) -> Table:
    """The Table of a mapped class: SQLAlchemy types `__table__` as any FromClause, ours are all Tables."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


def first_free_id(session: Session, table: Table) -> int:
    """The id after the largest one in `table`."""
    return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
                between_chunks: Callable[[int], None] | None = None, columns: Sequence[str] | None = None) -> int:
    """Insert rows (dicts with the same keys, or tuples in the order of `columns`) in chunks;
    `between_chunks(done)` may raise to abandon the transaction."""
    if not rows:
        return 0
    connection = session.connection()
    if columns is None:
        columns = list(rows[0].keys())  # type: ignore[union-attr]
        as_tuples = False
    else:
        as_tuples = True
    if connection.dialect.name == "sqlite":
        _sqlite_insert(connection, table, rows, columns, as_tuples, between_chunks)
    else:
        statement = insert(table)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            # Without `columns` the rows are dicts (their keys gave the columns above).
            params: list[dict[str, Any]] = ([dict(zip(columns, row, strict=True)) for row in chunk] if as_tuples
                                            else list(cast(Sequence[dict[str, Any]], chunk)))
            connection.execute(statement, params)
            if between_chunks is not None:
                between_chunks(min(start + CHUNK, len(rows)))
    return len(rows)


def _sqlite_insert(connection: Connection, table: Table, rows: Sequence[Any], columns: Sequence[str],
                   as_tuples: bool, between_chunks: Callable[[int], None] | None) -> None:
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    order = [name for name in compiled.positiontup or ()]
    if sorted(order) != sorted(columns):
        raise ValueError(f"columns do not match the compiled insert: {order} vs {list(columns)}")
    position = {name: index for index, name in enumerate(columns)}
    picks = [position[name] for name in order]
    processors = [(slot, _memoized(proc)) for slot, name in enumerate(order)
                  if (proc := table.c[name].type._cached_bind_processor(dialect)) is not None]
    sql = str(compiled)
    previous = _cache_size(connection)
    connection.exec_driver_sql(f"PRAGMA cache_size=-{_BULK_CACHE_KIB}")
    try:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params = []
            for row in chunk:
                values = [row[i] for i in picks] if as_tuples else [row[name] for name in order]
                for slot, convert in processors:
                    value = values[slot]
                    if value is not None:
                        values[slot] = convert(value)
                params.append(tuple(values))
            connection.exec_driver_sql(sql, params)
            if between_chunks is not None:
                between_chunks(min(start + CHUNK, len(rows)))
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={previous}")


def begin_write(session: Session) -> None:
    """SQLite: open the transaction now, with the write lock (sqlite3 would only open it before the
    first INSERT): ids read next stay free, and DDL such as `insert_columns`' index rebuild is part
    of the transaction instead of committing on its own."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not _in_transaction(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _in_transaction(connection: Connection) -> bool:
    """Whether the DB-API connection under `connection` has a transaction open."""
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the database connection is closed")
    return bool(driver.in_transaction)


def _cache_size(connection: Connection) -> int:
    """SQLite's page cache setting, to restore after a bulk load."""
    value = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if value is None:
        raise RuntimeError("SQLite did not report its cache size")
    return int(value)


def _sql_literal(value: Any) -> str:
    """A constant written into the statement itself (ints and text only, quoted the SQL way)."""
    if value is None:
        return "NULL"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def insert_columns(session: Session, table: Table, columns: Mapping[str, Sequence[Any]], count: int,
                   between_chunks: Callable[[int], None] | None = None, *, rebuild_indexes: bool = False,
                   constants: Mapping[str, Any] | None = None) -> int:
    """Insert `count` rows given column by column (name → one value per row).

    Each column is converted once per distinct value and the rows are zipped together in C, so
    Python does almost nothing per row. With `rebuild_indexes` (SQLite, a load at least as big as
    the table) the table's plain indexes are dropped and built again after the load, inside the
    same transaction: a rollback brings them back untouched, and building an index from the
    finished table costs a fraction of keeping it up to date row by row."""
    if count == 0:
        return 0
    connection = session.connection()
    constants = dict(constants or {})
    if connection.dialect.name != "sqlite":
        columns = {**columns, **{name: [value] * count for name, value in constants.items()}}
        names = list(columns)
        rows = list(zip(*(columns[name] for name in names), strict=True))
        return insert_rows(session, table, rows, between_chunks, names)
    dialect = connection.dialect
    # A column with no value at all (notes, consent dates of a new list) is written as NULL in the
    # SQL: binding a parameter costs more than SQLite's own work on it.
    empty = [name for name, values in columns.items() if values[0] is None and values.count(None) == count]
    if empty:
        constants.update(dict.fromkeys(empty))
        columns = {name: values for name, values in columns.items() if name not in constants}
    statement = insert(table)
    if constants:  # the same value in every row (unit, status, timestamps): written once into the SQL
        literals: dict[str, ColumnClause[Any]] = {}
        for name, value in constants.items():
            processor = table.c[name].type._cached_bind_processor(dialect)
            literals[name] = literal_column(_sql_literal(processor(value) if processor and value is not None
                                                         else value))
        statement = statement.values(literals)
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    order = list(compiled.positiontup or ())
    if sorted(order) != sorted(columns):
        raise ValueError(f"columns do not match the compiled insert: {order} vs {list(columns)}")
    ordered = []
    for name in order:
        values = columns[name]
        if len(values) != count:
            raise ValueError(f"column {name}: {len(values)} values for {count} rows")
        processor = table.c[name].type._cached_bind_processor(dialect)
        if processor is not None:
            try:  # dates repeat (birthdays, one creation time): convert each distinct value once
                distinct = set(values)
                distinct.discard(None)
                convert = _date_text(processor, distinct)
                converted = {v: convert(v) for v in distinct}
                converted[None] = None
                values = list(map(converted.__getitem__, values))
            except TypeError:  # unhashable values
                convert = _memoized(processor)
                values = [None if v is None else convert(v) for v in values]
        ordered.append(values)
    rebuild = _drop_indexes(connection, table, count) if rebuild_indexes else []
    previous = _cache_size(connection)
    connection.exec_driver_sql(f"PRAGMA cache_size=-{_BULK_CACHE_KIB}")
    try:
        row_tuples = zip(*ordered, strict=True)
        sql = str(compiled)
        for start in range(0, count, CHUNK):
            connection.exec_driver_sql(sql, list(islice(row_tuples, CHUNK)))
            if between_chunks is not None:
                between_chunks(min(start + CHUNK, count))
        for definition in rebuild:
            connection.exec_driver_sql(definition)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={previous}")
    return count


def _drop_indexes(connection: Connection, table: Table, count: int) -> list[str]:
    """Drop the plain (non-unique) indexes of `table` when `count` new rows at least match what it
    holds; returns their definitions to run again. Only inside an open transaction."""
    if count < LARGE_LOAD or not _in_transaction(connection):
        return []
    if (connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table.name}").scalar() or 0) > count:
        return []
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name", (table.name,)).all()
    for name, _sql in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _date_text(processor: Callable[[Any], Any], distinct: set[Any]) -> Callable[[Any], Any]:
    """`date.isoformat` (C) for a set of plain dates whose type writes them as ISO text (SQLite's
    DATE: '%(year)04d-%(month)02d-%(day)02d'; checked on one of them), else the type's own
    processor. 30,000 birth and join dates: 0.03 s through the processor."""
    if distinct and set(map(type, distinct)) == {dt.date}:
        probe = next(iter(distinct))
        if processor(probe) == probe.isoformat():
            return dt.date.isoformat
    return processor


def _memoized(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Dates repeat a lot (birth days, one creation time): convert each distinct value once."""
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = processor(value)
            return result
        except TypeError:  # unhashable
            return processor(value)

    return convert


def sync_id_sequence(session: Session, table: Table) -> None:
    """PostgreSQL keeps a sequence per serial column: move it past ids we set ourselves."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))
