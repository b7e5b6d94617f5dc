"""Closing a reporting period ("chốt số liệu") and the report details kept with it.

Once the period report is printed for signature the officer closes the period: its figures are
then frozen. A write that could change them is refused by `ensure_period_open`, which every
service that writes dated data calls inside its transaction. A later correction reopens the
period, after confirmation, as a new revision; printed reports and data files carry the
revision, so the upper level knows which paper or file supersedes which.

Which writes change a closed period's figures: the indicators are computed as of the period's
end date from everything dated on or before it (members active at the end, positions held at
the end, trainings, study sessions and support given up to then). So a change dated `day`
touches every period whose end date is on or after `day`; an undated change (a member with no
join date) touches them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.periods import Period, PeriodError
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound
from kh06_desktop.services.periods.periods import bounds_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import ReportingPeriod, Unit

DETAIL_FIELDS = ("proposals", "report_number", "report_date", "signer_name", "signer_title", "assessment")


@dataclass(frozen=True, slots=True)
class PeriodState:
    """A unit's reporting period as the report dialog and the reports see it."""

    unit_id: int
    code: str
    label: str
    start_date: dt.date
    end_date: dt.date
    revision: int
    closed: bool
    closed_at: dt.datetime | None
    proposals: str | None
    report_number: str | None
    report_date: dt.date | None
    signer_name: str | None
    signer_title: str | None
    assessment: str | None = None  # None: the report writes one from the figures


@dataclass(frozen=True, slots=True)
class ReportDetails:
    """What the officer types in the report dialog; kept with the period."""

    proposals: str | None = None
    report_number: str | None = None
    report_date: dt.date | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    assessment: str | None = None


def period_bounds(session: Session, code: str, unit_id: int | None = None) -> tuple[Period, dt.date, dt.date]:
    """(period, first day, end date): services.periods.bounds_in (settings, or the end date a
    closed period keeps)."""
    try:
        period = Period.parse(code)
    except PeriodError as exc:
        raise InvalidInput(str(exc), [("period", str(exc))]) from None
    start, end = bounds_in(session, period, unit_id)
    return period, start, end


def _row(session: Session, unit_id: int, code: str) -> ReportingPeriod | None:
    return session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.unit_id == unit_id, ReportingPeriod.code == code)).first()


def _row_or_create(session: Session, unit_id: int, code: str) -> ReportingPeriod:
    if session.get(Unit, unit_id) is None:
        raise NotFound("Không tìm thấy đơn vị")
    period, _start, end = period_bounds(session, code)
    row = _row(session, unit_id, period.code)
    if row is None:
        row = ReportingPeriod(unit_id=unit_id, code=period.code, end_date=end, revision=1, closed=False)
        session.add(row)
        session.flush()
        audit.record(session, "create", "reporting_period", row.id, unit_id=unit_id,
                     new={"code": period.code, "end_date": end})
    return row


def _state(session: Session, unit_id: int, code: str) -> PeriodState:
    # A closed period keeps the end date it was closed with (services.periods.bounds_in), so
    # its figures do not move when the settings change later.
    period, start, end = period_bounds(session, code, unit_id)
    row = _row(session, unit_id, period.code)
    if row is None:
        return PeriodState(unit_id, period.code, period.label, start, end, 1, False, None, None, None, None, None,
                           None)
    return PeriodState(unit_id, row.code, period.label, start, end, row.revision, row.closed, row.closed_at,
                       row.proposals, row.report_number, row.report_date, row.signer_name, row.signer_title,
                       row.assessment)


def get_period_state(db: Database, unit_id: int, code: str) -> PeriodState:
    """The period's state; a period never closed nor described is open at revision 1."""
    with db.reading() as session:
        return _state(session, unit_id, code)


def period_state_in(session: Session, unit_id: int, code: str) -> PeriodState:
    """The same, inside a caller's session (services that gather report data)."""
    return _state(session, unit_id, code)


def save_report_details(db: Database, unit_id: int, code: str, details: ReportDetails) -> PeriodState:
    """Keep proposals, number, date and signer with the period. They are not figures, so a
    closed period accepts them too (a typo in the signer's name is fixed without reopening)."""
    values = {
        "proposals": (details.proposals or "").strip() or None,
        "report_number": nfc(details.report_number) or None,
        "report_date": details.report_date,
        "signer_name": nfc(details.signer_name) or None,
        "signer_title": nfc(details.signer_title) or None,
        "assessment": (details.assessment or "").strip() or None,
    }
    for key in ("proposals", "assessment"):
        if values[key]:
            values[key] = "\n".join(nfc(line) for line in str(values[key]).splitlines())
    with db.transaction() as session:
        row = _row_or_create(session, unit_id, code)
        audit.update_row(session, row, values, DETAIL_FIELDS, "reporting_period", row.id, unit_id=unit_id,
                         summary=f"Thông tin báo cáo kỳ {row.code}")
        return _state(session, unit_id, row.code)


def reopen_period(db: Database, unit_id: int, code: str, *, confirmed: bool) -> PeriodState:
    """Open a closed period again for corrections; its next closing is a new revision."""
    if not confirmed:
        raise InvalidInput("Cần xác nhận trước khi mở lại kỳ đã chốt số liệu", [("confirmed", "Chưa xác nhận")])
    with db.transaction() as session:
        row = _row(session, unit_id, Period.parse(code).code)
        if row is None or not row.closed:
            raise Conflict(f"Kỳ {code} chưa chốt số liệu nên không cần mở lại")
        old = {"closed": True, "revision": row.revision}
        row.closed = False
        row.closed_at = None
        row.revision += 1
        audit.record(session, "reopen", "reporting_period", row.id, unit_id=unit_id, old=old,
                     new={"closed": False, "revision": row.revision},
                     summary=f"Mở lại kỳ {row.code}: số liệu sửa sau đây thuộc lần {row.revision}")
        return _state(session, unit_id, row.code)


def closed_periods(session: Session, unit_id: int) -> list[ReportingPeriod]:
    return list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.unit_id == unit_id, ReportingPeriod.closed.is_(True)).order_by(ReportingPeriod.end_date)))


def ensure_period_open(session: Session, unit_id: int, day: dt.date | None, *more_days: dt.date | None) -> None:
    """Refuse (Conflict) a write dated `day` (and, for an edit that moves a date, the other
    dates it touches) when it would change the figures of a closed period.

    Call it inside the write's transaction, before changing anything, with every date the
    change touches: the old and the new date of an edited record. `None` means undated and
    touches every period.
    """
    periods = closed_periods(session, unit_id)
    if not periods:
        return
    days = [d for d in (day, *more_days)]
    earliest = min((d for d in days if d is not None), default=None)
    undated = any(d is None for d in days)
    for row in periods:
        if undated or (earliest is not None and earliest <= row.end_date):
            when = "không có ngày" if undated else f"ngày {format_date(earliest)}"
            label = Period.parse(row.code).label.lower()
            raise Conflict(
                f"Kỳ báo cáo {label} đã chốt số liệu ngày {format_date(row.closed_at)} (lần {row.revision}): "
                f"thay đổi {when} sẽ làm sai số liệu đã báo cáo. Hãy mở lại kỳ ở trang Báo cáo "
                f"(số liệu sẽ thành lần {row.revision + 1}) rồi sửa.")
