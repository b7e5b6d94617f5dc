"""Writing the demo unit's big tables (members, study attendance) fast.

The generator produces rows as tuples whose values are already what the database driver takes
(dates as ISO text on SQLite, converted once per distinct day), so on SQLite they go straight
to the driver's executemany with no per-value work in Python. Other databases take the plain
Core path of `services.bulk` (tuples of Python values).

Into an EMPTY member table on SQLite, the secondary indexes are dropped for the load and
created again from their own stored definitions afterwards, in the same transaction: building
an index from sorted data costs a third of keeping it up to date row by row under random keys
(sort keys, citizen ids, folded names). A rollback (error, cancel) brings the indexes back with
everything else, because SQLite's schema changes are transactional.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from kh06_desktop.services.common import bulk

CHUNK = 10_000


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def value_converter(session: Session, table: Table, column: str) -> Callable[[Any], Any]:
    """The conversion the column's type applies before the driver sees a value (identity elsewhere)."""
    if not is_sqlite(session):
        return lambda value: value
    processor = table.c[column].type._cached_bind_processor(session.get_bind().dialect)
    return processor or (lambda value: value)


def insert_tuples(session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                  between_chunks: Callable[[int], None] | None = None) -> None:
    """Insert rows given as tuples in `columns` order; `between_chunks(done)` may raise to cancel."""
    if not rows:
        return
    if not is_sqlite(session):
        bulk.insert_rows(session, table, rows, between_chunks, columns)
        return
    connection = session.connection()
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start:start + CHUNK])
            if between_chunks is not None:
                between_chunks(min(start + CHUNK, len(rows)))
    finally:
        cursor.close()


def insert_lists(session: Session, table: Table, columns: tuple[str, str],
                 groups: Sequence[tuple[Any, Sequence[int]]]) -> None:
    """Insert (key, value) rows given as (key, [values…]) groups, e.g. a session and its attendees.
    On SQLite each group is ONE statement reading its values from a JSON array (json_each): the
    rows never pass one by one through the driver, 3× faster than executemany."""
    if not is_sqlite(session):
        rows = [(key, value) for key, values in groups for value in values]
        bulk.insert_rows(session, table, rows, None, columns)
        return
    connection = session.connection()
    sql = f"INSERT INTO {table.name} ({columns[0]}, {columns[1]}) SELECT ?, value FROM json_each(?)"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for key, values in groups:
            if values:
                cursor.execute(sql, (key, json.dumps([int(value) for value in values])))
    finally:
        cursor.close()


class BulkLoad:
    """Loading many rows on SQLite: a larger page cache and, for each EMPTY table among `tables`,
    its secondary indexes dropped now and built again later (a no-op on other databases).

    `rebuild_in_background(table)` builds a table's indexes in a helper thread: SQLite's CREATE
    INDEX runs without holding Python's GIL, so the caller generates the next rows meanwhile on
    the other core. The caller must not touch the session until `wait()` returns."""

    def __init__(self, session: Session, tables: Sequence[Table]) -> None:
        self.session = session
        self.dropped: dict[str, list[str]] = {}
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.previous_cache: int | None = None
        if not is_sqlite(session):
            return
        run = session.connection().exec_driver_sql
        self.previous_cache = int(run("PRAGMA cache_size").scalar() or 0)
        run("PRAGMA cache_size=-131072")  # 128 MiB at most; allocated only as used
        # sqlite3 opens the transaction only before a write: dropping an index outside one would
        # commit on its own, so without an open transaction the indexes are left alone.
        if not self._driver().in_transaction:
            return
        for table in tables:
            if run(f"SELECT 1 FROM {table.name} LIMIT 1").first() is not None:
                continue
            # Only explicit indexes (sql not null): the primary key and UNIQUE constraints stay.
            found = run("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                        "AND sql IS NOT NULL ORDER BY name", (table.name,)).all()
            for name, _ in found:
                run(f'DROP INDEX "{name}"')
            self.dropped[table.name] = [sql for _, sql in found]

    def _driver(self) -> Any:
        return self.session.connection().connection.driver_connection

    def rebuild_in_background(self, table: Table) -> None:
        self.wait()
        statements = self.dropped.pop(table.name, [])
        if not statements:
            return
        driver = self._driver()

        def build() -> None:
            try:
                for sql in statements:
                    driver.execute(sql)
            except BaseException as exc:  # handed to the caller by wait()
                self.error = exc

        self.thread = threading.Thread(target=build, name="kh06-index-build", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        """Until the background build is done; its error, if any, raised here."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def finish(self) -> None:
        """Build whatever indexes are still dropped, and restore the page cache."""
        self.wait()
        if self.dropped:
            driver = self._driver()
            for statements in self.dropped.values():
                for sql in statements:
                    driver.execute(sql)
            self.dropped.clear()
        self.close()

    def close(self) -> None:
        if self.thread is not None:  # an error elsewhere: let the build end before the rollback
            self.thread.join()
            self.thread = None
        if self.previous_cache is not None:
            self.session.connection().exec_driver_sql(f"PRAGMA cache_size={self.previous_cache}")
            self.previous_cache = None


@contextlib.contextmanager
def sqlite_bulk_load(session: Session, tables: Sequence[Table]) -> Iterator[BulkLoad]:
    """A `BulkLoad` finished on success; on an error only stopped (the rollback restores the
    dropped indexes, SQLite's schema changes being transactional)."""
    load = BulkLoad(session, tables)
    try:
        yield load
        load.finish()
    finally:
        load.close()
