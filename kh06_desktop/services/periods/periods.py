"""Reporting period dates from the settings, and the periods a unit has recorded.

A period's end date comes from the settings `half_year_end` (default 31/05) and `year_end`
(default 30/11), the cut-off days of the union statistics regime, until the period is closed:
closing stores the end date it was closed with (`reporting_period.end_date`), and the period
keeps it from then on, reopened or not. A period starts the day after the previous period's
(effective) end: H1 and the year start the day after the previous year's end, H2 the day after
H1's, so no day belongs to two half-years (`bounds_in`, used by the indicators, the reports,
the export and the closing alike).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.settings import day_month, get_setting
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import ReportingPeriod, Setting, WorkforceSnapshot


def _ends_in(session: Session) -> tuple[tuple[int, int], tuple[int, int]]:
    values = {key: value for key, value in session.execute(select(Setting.key, Setting.value).where(
        Setting.key.in_(("half_year_end", "year_end"))))}
    try:
        half = day_month(values.get("half_year_end") or "31/05")
        year = day_month(values.get("year_end") or "30/11")
        dt.date(2024, *half)
        dt.date(2024, *year)
    except ValueError:
        return (5, 31), (11, 30)
    return half, year


def _end_in(session: Session, period: Period, unit_id: int | None,
            ends: tuple[tuple[int, int], tuple[int, int]]) -> dt.date:
    end = period.end_date(*ends)
    if unit_id is None:
        return end
    row = session.execute(select(ReportingPeriod.end_date, ReportingPeriod.closed, ReportingPeriod.revision).where(
        ReportingPeriod.unit_id == unit_id, ReportingPeriod.code == period.code)).first()
    if row is not None and (row.closed or row.revision > 1):  # closed once: keeps the end it was closed with
        kept: dt.date = row.end_date
        return kept
    return end


def bounds_in(session: Session, period: Period | str, unit_id: int | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period for the unit, both included, inside a session."""
    wanted = as_period(period)
    ends = _ends_in(session)
    end = _end_in(session, wanted, unit_id, ends)
    start = _end_in(session, wanted.previous, unit_id, ends) + dt.timedelta(days=1)
    return start, end


def as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else Period.parse(period)


def period_ends(db: Database) -> tuple[tuple[int, int], tuple[int, int]]:
    """((month, day) of the half-year cut-off, (month, day) of the year cut-off) from the settings."""
    try:
        return day_month(get_setting(db, "half_year_end")), day_month(get_setting(db, "year_end"))
    except ValueError:  # a hand-edited setting that is not dd/mm: fall back to the regime's dates
        return (5, 31), (11, 30)


def period_bounds(db: Database, period: Period | str, unit_id: int | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period, both included (see `bounds_in`)."""
    with db.reading() as session:
        return bounds_in(session, period, unit_id)


def period_end(db: Database, period: Period | str, unit_id: int | None = None) -> dt.date:
    return period_bounds(db, period, unit_id)[1]


def recorded_periods(db: Database, unit_id: int, include: Period | str | None = None) -> list[Period]:
    """Periods the unit has figures for (saved periods, workforce figures), oldest first.

    `include` adds a period (the one on screen) so that a chart always shows it.
    """
    with db.reading() as session:
        codes = set(session.scalars(select(ReportingPeriod.code).where(ReportingPeriod.unit_id == unit_id)))
        codes |= set(session.scalars(select(WorkforceSnapshot.period).where(WorkforceSnapshot.unit_id == unit_id)))
    periods = {Period.parse(code) for code in codes}
    if include is not None:
        periods.add(as_period(include))
    return sorted(periods)
