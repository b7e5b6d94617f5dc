"""One entry point for the UI and the command line: gather the data, render, record the print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kh06_desktop.reports.attendance import render_attendance
from kh06_desktop.reports.hardship_list import render_hardship_list
from kh06_desktop.reports.period_report import render_period_report
from kh06_desktop.reports.roster import render_roster
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.reports.report_data import KINDS, DocumentRequest, Stamp, period_report_data, record_printed
from kh06_desktop.services.reports.report_lists import attendance_data, hardship_list_data, roster_data

if TYPE_CHECKING:  # the database handle is passed through to the services, never used here
    from kh06_desktop.store.database import Database


@dataclass(frozen=True, slots=True)
class ReportRequest:
    kind: str  # period | roster | training | study | hardship
    period: str
    document: DocumentRequest = field(default_factory=DocumentRequest)
    proposals: str | None = None  # period report; None: those kept with the period
    event_id: int | None = None  # the training or study session of an attendance sheet
    record: bool = True  # remember the print in printed_report (a preview may skip it)
    with_health_details: bool = False  # hardship list: print illnesses and case notes (sensitive, DESIGN 2)
    with_gaps: bool = False  # period report: the missing people of each indicator as an annex
    assessment: str | None = None  # period report part IV; None: the one kept with the period, or written


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    kind: str
    period: str
    pdf: bytes
    stamp: Stamp
    number: str
    record_id: int | None

    @property
    def file_name(self) -> str:
        from kh06_desktop.domain.file_names import safe_file_part

        return f"KH06-{safe_file_part(self.stamp.unit_code)}-{self.period}-{self.kind}-lan{self.stamp.revision}.pdf"


def generate_report(db: Database, unit_id: int, request: ReportRequest,
                    today: dt.date | None = None) -> GeneratedReport:
    """Build the PDF of one report (works in a worker thread: no Qt here)."""
    kind = request.kind
    if kind not in KINDS:
        raise InvalidInput(f"Loại báo cáo không hợp lệ: {kind} (chọn một trong: {', '.join(KINDS)})")
    if kind == "period":
        data = period_report_data(db, unit_id, request.period, request.document, request.proposals, today,
                                  assessment=request.assessment, with_gaps=request.with_gaps)
        pdf, stamp, doc = render_period_report(data), data.stamp, data.doc
    elif kind == "roster":
        roster = roster_data(db, unit_id, request.period, request.document, today)
        pdf, stamp, doc = render_roster(roster), roster.stamp, roster.context.doc
    elif kind in ("training", "study"):
        sheet = attendance_data(db, unit_id, request.period, kind, request.event_id, request.document, today)
        pdf, stamp, doc = render_attendance(sheet), sheet.stamp, sheet.context.doc
    else:
        hardship = hardship_list_data(db, unit_id, request.period, request.document, today,
                                      with_health_details=request.with_health_details)
        pdf, stamp, doc = render_hardship_list(hardship), hardship.stamp, hardship.context.doc
    record_id = record_printed(db, unit_id, kind, stamp, doc.number) if request.record else None
    return GeneratedReport(kind, stamp.period, pdf, stamp, doc.number, record_id)
