"""Closing a reporting period ("chốt số liệu"): the period keeps the end date it is closed with,
and a snapshot of what its figures, report and data file are made from is stored with it
(services.periods.snapshots), in the same transaction.

Kept apart from services.periods.period_close (the state, the guard every write calls, reopening)
because taking the snapshot needs the export, the indicators and the report's figures, which
themselves depend on period_close.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.periods import Period, choose_workforce_period
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.exchange.export import gather_data
from kh06_desktop.services.indicators.indicators import compute_in
from kh06_desktop.services.periods.period_close import PeriodState, _row_or_create, _state, period_bounds
from kh06_desktop.services.periods.periods import bounds_in
from kh06_desktop.services.periods.snapshots import store_snapshot
from kh06_desktop.services.reports.report_data import figures_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Unit, WorkforceSnapshot

__all__ = ["close_period"]


def close_period(db: Database, unit_id: int, code: str, now: dt.datetime | None = None) -> PeriodState:
    """Freeze the period's figures ("chốt số liệu") at its current revision."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    with db.transaction() as session:
        row = _row_or_create(session, unit_id, code)
        if row.closed:
            raise Conflict(f"Kỳ {row.code} đã được chốt số liệu ngày {format_date(row.closed_at)} (lần {row.revision})")
        row.end_date = period_bounds(session, row.code, unit_id)[2]  # the end it is closed with, kept
        row.closed = True
        row.closed_at = now
        session.flush()
        _take_snapshot(session, unit_id, row.code, row.revision, now)
        audit.record(session, "close", "reporting_period", row.id, unit_id=unit_id,
                     old={"closed": False}, new={"closed": True, "revision": row.revision, "end_date": row.end_date},
                     summary=f"Chốt số liệu kỳ {row.code}, lần {row.revision}")
        return _state(session, unit_id, row.code)


def _take_snapshot(session: Session, unit_id: int, code: str, revision: int, now: dt.datetime) -> None:
    """The period's data.json (personal data included) with its indicators, and the report's
    parts I and III, as they are at the closing."""
    period = Period.parse(code)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise Conflict("Không tìm thấy đơn vị")
    start, end = bounds_in(session, period, unit_id)
    rows = session.execute(select(WorkforceSnapshot.period, WorkforceSnapshot.total_workers,
                                  WorkforceSnapshot.eligible_workers)
                           .where(WorkforceSnapshot.unit_id == unit_id)).all()
    chosen = choose_workforce_period([r[0] for r in rows], period)
    workforce = next((r for r in rows if r[0] == chosen), None)
    report = compute_in(session, unit_id, unit.code, period, start, end,
                        int(workforce[1]) if workforce else 0, int(workforce[2]) if workforce else 0, chosen)
    data = gather_data(session, unit, period, True, report.to_json_dict())
    data["report_figures"] = figures_in(session, unit_id, period.code, start, end)
    store_snapshot(session, unit_id, period.code, revision, end, data, now)
