"""Bulk writes for imports and demo data: Core `insert()` executemany in chunks, with ids
allocated up front so that rows inserted together can reference each other without a round
trip per row (positions of imported members, attendees of demo trainings…).

Call inside the caller's transaction: the write lock that transaction holds keeps the ids free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

CHUNK = 5000


def first_free_id(session: Session, table: Table) -> int:
    """The id after the largest one in `table`."""
    return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                between_chunks: Callable[[int], None] | None = None) -> int:
    """Core executemany in chunks; `between_chunks(done)` may raise to abandon the transaction."""
    connection = session.connection()
    statement = insert(table)
    for start in range(0, len(rows), CHUNK):
        connection.execute(statement, list(rows[start:start + CHUNK]))
        if between_chunks is not None:
            between_chunks(min(start + CHUNK, len(rows)))
    return len(rows)


def sync_id_sequence(session: Session, table: Table) -> None:
    """PostgreSQL keeps a sequence per serial column: move it past ids we set ourselves."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))
