"""Reporting period dates from the settings, and the periods a unit has recorded.

A period's end date comes from the settings `half_year_end` (default 31/05) and `year_end`
(default 30/11), the cut-off days of the union statistics regime; a period saved for the unit
with its own end date (`reporting_period.end_date`) keeps that date. A period starts the day
after the previous one ends: H1 and the year start on 01/12 of the year before, H2 on 01/06.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kh06_desktop.domain.periods import DEFAULT_GRACE_DAYS, PERIOD_KINDS, Period, reporting_period
from kh06_desktop.services.common.settings import day_month, get_setting
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import ReportingPeriod, WorkforceSnapshot


def as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else Period.parse(period)


def period_ends(db: Database) -> tuple[tuple[int, int], tuple[int, int]]:
    """((month, day) of the half-year cut-off, (month, day) of the year cut-off) from the settings."""
    try:
        return day_month(get_setting(db, "half_year_end")), day_month(get_setting(db, "year_end"))
    except ValueError:  # a hand-edited setting that is not dd/mm: fall back to the regime's dates
        return (5, 31), (11, 30)


def default_period(db: Database, today: dt.date | None = None) -> Period:
    """The period every page starts on: the one whose report is due on `today` (settings
    `period_kind` and `report_grace_days`, and the cut-off days)."""
    half_end, year_end = period_ends(db)
    kind = get_setting(db, "period_kind")
    try:
        grace = int(get_setting(db, "report_grace_days"))
    except ValueError:
        grace = DEFAULT_GRACE_DAYS
    return reporting_period(today or dt.date.today(), kind if kind in PERIOD_KINDS else "year", max(grace, 0),
                            half_end, year_end)


def period_bounds(db: Database, period: Period | str, unit_id: int | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period, both included."""
    wanted = as_period(period)
    half_end, year_end = period_ends(db)
    start = wanted.start_date(half_end, year_end)
    end = wanted.end_date(half_end, year_end)
    if unit_id is not None:
        with db.reading() as session:
            saved = session.scalar(select(ReportingPeriod.end_date).where(
                ReportingPeriod.unit_id == unit_id, ReportingPeriod.code == wanted.code))
        if saved is not None and saved >= start:
            end = saved
    return start, end


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
