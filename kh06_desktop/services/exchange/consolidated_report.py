"""What the consolidated report (PDF and XLSX) prints, gathered in one place so the report
modules never query: the upper union's document parts, the totals, the units, and a digest of
the figures for the QR stamp.

The issuer, the body above it, the signer, the place and «Nơi nhận» come from the upper level's
profile (services/unit/upper_profile.py); the options of `kh06 consolidated-report` (number,
signer, signer's title, place, date) override them for one print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kh06_desktop.domain.natural import natural_key
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.exchange.consolidated_view import (
    ConsolidatedTotals,
    UnitIndicators,
    consolidated_totals,
    consolidated_units,
    duplicate_people,
)
from kh06_desktop.services.reports.report_data import (
    BLANK_NUMBER,
    DocumentInfo,
    Stamp,
    canonical_digest,
    format_number,
)
from kh06_desktop.services.unit.upper_profile import get_upper_profile
from kh06_desktop.store.database import Database

SYMBOL = "BC-CĐ"  # a report (BC) of a union body (CĐ) above the grassroots


@dataclass(frozen=True, slots=True)
class ConsolidatedOptions:
    """What the officer types for one print; None: from the upper level's profile."""

    number: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    place: str | None = None
    date: dt.date | None = None
    recipients: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ConsolidatedReportData:
    period: str
    period_label: str
    doc: DocumentInfo
    stamp: Stamp
    totals: ConsolidatedTotals
    units: tuple[UnitIndicators, ...]
    duplicates: int
    named: bool = True  # False: the upper level's profile has no name yet (a placeholder is printed)


def consolidated_report_data(db: Database, period: str, today: dt.date | None = None,
                             options: ConsolidatedOptions | None = None) -> ConsolidatedReportData:
    options = options or ConsolidatedOptions()
    wanted = Period.parse(period)
    units = tuple(sorted(consolidated_units(db, wanted.code), key=lambda u: natural_key(u.code)))
    totals = consolidated_totals(db, wanted.code)
    profile = get_upper_profile(db)
    name = profile.name or "Công đoàn cấp trên"
    code = profile.code or "TONG"
    recipients = options.recipients if options.recipients is not None else profile.recipients_or_default()
    doc = DocumentInfo(
        upper_union=profile.parent_body, unit_name=name, unit_code=code,
        number=format_number(options.number, SYMBOL) or f"{BLANK_NUMBER}/{SYMBOL}",
        place=options.place if options.place is not None else profile.place,
        date=options.date or today or dt.date.today(),
        signer_name=options.signer_name if options.signer_name is not None else profile.chair_name,
        signer_title=options.signer_title or profile.chair_title or "Chủ tịch",
        signer_capacity="TM. BAN THƯỜNG VỤ", recipients=tuple(recipients))
    figures = {"period": wanted.code, "totals": totals.to_json_dict(),
               "units": [(u.code, u.revision, [i.to_json_dict() for i in u.indicators]) for u in units]}
    stamp = Stamp(code, wanted.code, 1, canonical_digest(figures))
    return ConsolidatedReportData(wanted.code, wanted.label, doc, stamp, totals, units, len(duplicate_people(db)),
                                  bool(profile.name))
