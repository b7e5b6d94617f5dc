"""What the consolidated report (PDF and XLSX) prints, gathered in one place so the report
modules never query: the upper union's document parts, the totals, the units, and a digest of
the figures for the QR stamp."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.services.exchange.consolidated_view import (
    ConsolidatedTotals,
    UnitIndicators,
    consolidated_totals,
    consolidated_units,
    duplicate_people,
)
from kh06_desktop.services.reports.report_data import DocumentInfo, Stamp, canonical_digest
from kh06_desktop.store.database import Database


@dataclass(frozen=True, slots=True)
class ConsolidatedReportData:
    period: str
    period_label: str
    doc: DocumentInfo
    stamp: Stamp
    totals: ConsolidatedTotals
    units: tuple[UnitIndicators, ...]
    duplicates: int


def consolidated_report_data(db: Database, period: str, today: dt.date | None = None) -> ConsolidatedReportData:
    wanted = Period.parse(period)
    units = tuple(consolidated_units(db, wanted.code))
    totals = consolidated_totals(db, wanted.code)
    name = get_setting(db, "upper_name") or "Công đoàn cấp trên"
    code = get_setting(db, "upper_code") or "TONG"
    doc = DocumentInfo(upper_union="", unit_name=name, unit_code=code, number="      /BC-CĐ",
                       place="Hà Nội", date=today or dt.date.today(), signer_name="",
                       signer_title="Chủ tịch", signer_capacity="TM. BAN THƯỜNG VỤ",
                       recipients=("Công đoàn Công Thương Việt Nam (để báo cáo)", "Các công đoàn cơ sở",
                                   "Lưu: VT"))
    figures = {"period": wanted.code, "totals": totals.to_json_dict(),
               "units": [(u.code, u.revision, [i.to_json_dict() for i in u.indicators]) for u in units]}
    stamp = Stamp(code, wanted.code, 1, canonical_digest(figures))
    return ConsolidatedReportData(wanted.code, wanted.label, doc, stamp, totals, units, len(duplicate_people(db)))
