"""Assertions shared by the exchange tests."""

from __future__ import annotations

from sqlalchemy import func, select

from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Base, Submission


def snapshot(db: Database) -> dict[str, object]:
    """Row counts of every table and the submissions: equal before and after means unchanged."""
    with db.reading() as session:
        counts = {table.name: session.scalar(select(func.count()).select_from(table))
                  for table in Base.metadata.sorted_tables}
        subs = session.execute(select(Submission.unit_id, Submission.period, Submission.revision, Submission.sha256,
                                      Submission.current).order_by(Submission.id)).all()
    return {"counts": counts, "submissions": [tuple(s) for s in subs]}
