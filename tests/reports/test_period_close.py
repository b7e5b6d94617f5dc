"""Closing a period: state, refusal of writes that would change it, reopening as a new revision."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import (
    ReportDetails,
    ensure_period_open,
    get_period_state,
    reopen_period,
    save_report_details,
)
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database


def test_a_new_period_is_open_at_revision_one(db: Database, unit: UnitInfo) -> None:
    state = get_period_state(db, unit.id, "2025H1")
    assert (state.closed, state.revision) == (False, 1)
    assert state.start_date == dt.date(2024, 12, 1) and state.end_date == dt.date(2025, 5, 31)
    assert state.label == "6 tháng đầu năm 2025"


def test_report_details_are_kept_with_the_period(db: Database, unit: UnitInfo) -> None:
    save_report_details(db, unit.id, "2025", ReportDetails(
        proposals="Đề nghị mở lớp tập huấn.\nĐề nghị hỗ trợ kinh phí.", report_number="15/BC-CĐCS",
        report_date=dt.date(2025, 12, 5), signer_name="Trần Văn Dũng", signer_title="Chủ tịch"))
    state = get_period_state(db, unit.id, "2025")
    assert state.report_number == "15/BC-CĐCS"
    assert state.proposals.splitlines() == ["Đề nghị mở lớp tập huấn.", "Đề nghị hỗ trợ kinh phí."]
    assert state.report_date == dt.date(2025, 12, 5) and state.signer_name == "Trần Văn Dũng"


def test_closing_refuses_writes_dated_in_or_before_the_period(db: Database, unit: UnitInfo) -> None:
    closed = close_period(db, unit.id, "2025H1", now=dt.datetime(2025, 6, 5, 9, 30))
    assert closed.closed and closed.revision == 1 and closed.closed_at == dt.datetime(2025, 6, 5, 9, 30)
    with db.transaction() as session:
        ensure_period_open(session, unit.id, dt.date(2025, 6, 1))  # after the end: allowed
        with pytest.raises(Conflict) as refused:
            ensure_period_open(session, unit.id, dt.date(2025, 3, 1))
        message = str(refused.value)
        assert "6 tháng đầu năm 2025 đã chốt số liệu ngày 05/06/2025 (lần 1)" in message
        assert "mở lại" in message and "lần 2" in message
        with pytest.raises(Conflict):  # an edit moving a date out of the period touches it too
            ensure_period_open(session, unit.id, dt.date(2025, 7, 1), dt.date(2025, 5, 31))
        with pytest.raises(Conflict):  # undated (a member with no join date) counts at every end
            ensure_period_open(session, unit.id, None)


def test_other_units_are_not_affected(db: Database, unit: UnitInfo) -> None:
    close_period(db, unit.id, "2025H1")
    with db.transaction() as session:
        ensure_period_open(session, unit.id + 1, dt.date(2025, 3, 1))


def test_closing_twice_is_refused(db: Database, unit: UnitInfo) -> None:
    close_period(db, unit.id, "2025")
    with pytest.raises(Conflict, match="đã được chốt"):
        close_period(db, unit.id, "2025")


def test_reopen_needs_confirmation_and_makes_a_new_revision(db: Database, unit: UnitInfo) -> None:
    close_period(db, unit.id, "2025H1")
    with pytest.raises(InvalidInput, match="xác nhận"):
        reopen_period(db, unit.id, "2025H1", confirmed=False)
    assert get_period_state(db, unit.id, "2025H1").closed
    state = reopen_period(db, unit.id, "2025H1", confirmed=True)
    assert (state.closed, state.revision) == (False, 2)
    with db.transaction() as session:
        ensure_period_open(session, unit.id, dt.date(2025, 3, 1))  # open again: allowed
    assert close_period(db, unit.id, "2025H1").revision == 2


def test_reopen_of_an_open_period_is_refused(db: Database, unit: UnitInfo) -> None:
    with pytest.raises(Conflict, match="chưa chốt"):
        reopen_period(db, unit.id, "2025H1", confirmed=True)


def test_closing_and_reopening_are_audited(db: Database, unit: UnitInfo) -> None:
    from sqlalchemy import select

    from kh06_desktop.store.models import AuditEntry

    close_period(db, unit.id, "2025H1")
    reopen_period(db, unit.id, "2025H1", confirmed=True)
    with db.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "reporting_period")))
    assert actions[-2:] == ["close", "reopen"]


def test_a_closed_period_keeps_its_end_date_when_settings_change(db: Database, unit: UnitInfo) -> None:
    from kh06_desktop.services.common.settings import set_setting

    close_period(db, unit.id, "2025H1")
    set_setting(db, "half_year_end", "30/06")
    assert get_period_state(db, unit.id, "2025H1").end_date == dt.date(2025, 5, 31)
    assert get_period_state(db, unit.id, "2026H1").end_date == dt.date(2026, 6, 30)
