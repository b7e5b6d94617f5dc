"""Closed periods stay closed (DESIGN 2, "Frozen means…"): closing a period stores a snapshot of
what its figures, report and data file are made from, and a closed period's indicators, gap
lists, report and export come from that snapshot, never from today's data.

The snapshot is the period's `data.json` at the moment of closing (services.exchange.export
gathers it, personal data included; the export leaves personal data out again unless asked),
with the indicators computed then, plus the period report's figures. One per closing
(revision); a reopened period is computed live again until it is closed again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.indicators import IndicatorReport, make_indicator
from kh06_desktop.domain.periods import Period
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import PeriodSnapshot, ReportingPeriod


def _default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def store_snapshot(session: Session, unit_id: int, code: str, revision: int, end: dt.date, data: dict[str, Any],
                   now: dt.datetime) -> None:
    """Keep the snapshot of a period being closed (services.periods.closing makes it)."""
    session.add(PeriodSnapshot(unit_id=unit_id, period=code, revision=revision, end_date=end,
                               data_json=json.dumps(data, ensure_ascii=False, default=_default), created_at=now))
    session.flush()


def snapshot_in(session: Session, unit_id: int, code: str) -> dict[str, Any] | None:
    """The snapshot of a period that is closed now (None when it is open or was never closed)."""
    row = session.execute(select(ReportingPeriod.closed, ReportingPeriod.revision).where(
        ReportingPeriod.unit_id == unit_id, ReportingPeriod.code == code)).first()
    if row is None or not row.closed:
        return None
    raw = session.scalar(select(PeriodSnapshot.data_json).where(
        PeriodSnapshot.unit_id == unit_id, PeriodSnapshot.period == code, PeriodSnapshot.revision == row.revision))
    if raw is None:
        return None
    value: dict[str, Any] = json.loads(raw)
    return value


def closed_snapshot(db: Database, unit_id: int, period: Period | str) -> dict[str, Any] | None:
    code = period.code if isinstance(period, Period) else Period.parse(period).code
    with db.reading() as session:
        return snapshot_in(session, unit_id, code)


def report_from_json(value: dict[str, Any]) -> IndicatorReport:
    """An IndicatorReport from the object of `kh06 indicators --json` (a snapshot's indicators)."""
    by_id = {item["id"]: item for item in value["indicators"]}
    indicators = tuple(make_indicator(i, int(by_id[i]["numerator"]), int(by_id[i]["denominator"]))
                       for i in ("1", "2", "3", "4a", "4b", "5"))
    workforce = value.get("workforce_period")
    return IndicatorReport(str(value["unit_code"]), str(value["period"]), dt.date.fromisoformat(value["as_of"]),
                           indicators, workforce if isinstance(workforce, str) else None)
