"""The upper level's consolidated picture of a period: each unit's six indicators (as the unit
computed and signed them, kept with its current submission), filters, totals by sector, and
people listed in two units.

Totals add numerators and denominators over the units that have data for the indicator
(denominator > 0), so a large unit weighs more than a small one, as in the union's statistics;
"missing" is the sum of each unit's own gap (domain.indicators.total_of). Target 5 at the upper
level is the share of *eligible* units that have a women's committee, judged per sector: 100 %
for public-service and state-enterprise units, 70 % for non-state ones (DESIGN 1); over all
sectors it is shown as the per-sector results, never as a blended target. A unit is eligible
when its own indicator 5 has a denominator of 1. A unit is «Đạt tất cả» only when every
indicator is met, so one with missing figures (1 or 2 without workforce figures) never is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.indicators import (
    IDS,
    WOMEN_COMMITTEE_TARGET_BY_SECTOR,
    Indicator,
    IndicatorReport,
    SectorResult,
    make_indicator,
    total_of,
)
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.settings import day_month, get_setting
from kh06_desktop.services.common.signing import fingerprint
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Submission, Unit

INDICATOR_IDS = IDS
SECTOR_TARGET_5 = WOMEN_COMMITTEE_TARGET_BY_SECTOR


@dataclass(frozen=True, slots=True)
class UnitIndicators:
    """One unit's row of the consolidated table."""

    unit_id: int
    code: str
    name: str
    sector: Sector
    revision: int
    received_at: dt.datetime
    as_of: str
    indicators: tuple[Indicator, ...]
    workforce_period: str | None = None
    sha256: str = ""  # of the file received
    key_fingerprint: str = ""  # of the key that signed it

    def get(self, id_: str) -> Indicator:
        return next(i for i in self.indicators if i.id == id_)

    @property
    def all_met(self) -> bool:
        """Every indicator is met: one without data (1 or 2 with no workforce figures, «Thiếu số
        liệu») is not, so such a unit is never «Đạt tất cả»; 3, 4a, 4b and 5 with nothing
        required (0/0) are met."""
        return all(i.met for i in self.indicators)

    @property
    def missing_data(self) -> bool:
        return any(i.denominator == 0 and not i.met for i in self.indicators)

    @property
    def women_eligible(self) -> bool:
        return self.get("5").denominator > 0

    @property
    def women_established(self) -> bool:
        return self.women_eligible and self.get("5").numerator > 0


def _values(raw: dict[str, Any]) -> tuple[Indicator, ...]:
    """The unit's indicators as stored with its submission (recomputed and checked when the file
    was received), judged by this app's rules and targets: a target the file claims is ignored."""
    by_id = {item["id"]: item for item in raw.get("indicators", [])}
    out = []
    for id_ in INDICATOR_IDS:
        item = by_id.get(id_, {})
        out.append(make_indicator(id_, int(item.get("numerator", 0)), int(item.get("denominator", 0))))
    return tuple(out)


def consolidated_units(db: Database, period: str) -> list[UnitIndicators]:
    """Every unit with a current submission for `period`, by sector then code."""
    code = Period.parse(period).code
    with db.reading() as session:
        rows = session.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.sector, Submission.revision, Submission.received_at,
                   Submission.indicators_json, Submission.sha256, Submission.signing_key)
            .join(Submission, Submission.unit_id == Unit.id)
            .where(Submission.period == code, Submission.current.is_(True))).all()
    out = []
    for uid, ucode, name, sector, revision, received, raw, sha, key in rows:
        parsed = json.loads(raw or "{}")
        workforce = parsed.get("workforce_period")
        out.append(UnitIndicators(uid, ucode, name, Sector(sector), revision, received, parsed.get("as_of", ""),
                                  _values(parsed), workforce if isinstance(workforce, str) else None, sha or "",
                                  fingerprint(key) if key else ""))
    order = {s: i for i, s in enumerate(Sector)}
    out.sort(key=lambda u: (order[u.sector], u.code))
    return out


def submitted_indicators(db: Database, unit_id: int, period: str) -> IndicatorReport | None:
    """A unit's indicators for `period` as in its current submission (None: nothing received)."""
    from kh06_desktop.services.periods.snapshots import report_from_json

    code = Period.parse(period).code
    with db.reading() as session:
        raw = session.scalar(select(Submission.indicators_json).where(
            Submission.unit_id == unit_id, Submission.period == code, Submission.current.is_(True)))
    if not raw:
        return None
    return report_from_json(json.loads(raw))


def has_submissions(db: Database, unit_id: int) -> bool:
    """Whether the upper level ever received a file of this unit (its figures come from files, not typed)."""
    with db.reading() as session:
        return session.scalar(select(Submission.id).where(Submission.unit_id == unit_id).limit(1)) is not None


def filter_units(rows: Iterable[UnitIndicators], *, sector: Sector | None = None, met: bool | None = None,
                 indicator_id: str | None = None) -> list[UnitIndicators]:
    """Units of a sector, and/or those that met (or not) one indicator or, without
    `indicator_id`, all of theirs."""
    out = []
    for row in rows:
        if sector is not None and row.sector != sector:
            continue
        if met is not None:
            if indicator_id is None:
                if row.all_met != met:
                    continue
            else:
                value = row.get(indicator_id)
                if value.denominator == 0 or value.met != met:
                    continue
        out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class SectorTotals:
    sector: Sector | None  # None: all sectors
    units: int
    report: IndicatorReport

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.report.indicators

    def get(self, id_: str) -> Indicator:
        return self.report.get(id_)

    def to_json_dict(self) -> dict[str, Any]:
        return {"units": self.units, "indicators": [i.to_json_dict() for i in self.indicators]}


@dataclass(frozen=True, slots=True)
class ConsolidatedTotals:
    period: str
    as_of: dt.date
    units: int
    overall: SectorTotals
    by_sector: tuple[SectorTotals, ...]

    @property
    def report(self) -> IndicatorReport:
        return self.overall.report

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.overall.indicators

    def sector(self, sector: Sector) -> SectorTotals:
        return next(s for s in self.by_sector if s.sector == sector)

    def to_json_dict(self) -> dict[str, Any]:
        """The DESIGN 6.1 object of the whole upper level, plus `units` and `by_sector`."""
        return {**self.report.to_json_dict(), "units": self.units,
                "by_sector": {s.sector.value: s.to_json_dict() for s in self.by_sector if s.sector is not None}}


def _sector_result(rows: list[UnitIndicators], sector: Sector) -> SectorResult:
    eligible = [r for r in rows if r.sector == sector and r.women_eligible]
    return SectorResult(sector.value, sector.label, sum(1 for r in eligible if r.women_established), len(eligible),
                        SECTOR_TARGET_5[sector])


def _women_five(rows: list[UnitIndicators], sector: Sector | None) -> Indicator:
    """Target 5 over units: eligible units with a committee / eligible units, against the
    sector's target. For all sectors together there is no single target: the indicator carries
    one result per sector (`parts`, each against 100 % or 70 %), its target is None, and it is
    met only when every sector meets its own target."""
    if sector is not None:
        part = _sector_result(rows, sector)
        return make_indicator("5", part.numerator, part.denominator, part.target)
    parts = tuple(_sector_result(rows, s) for s in Sector)
    overall = make_indicator("5", sum(p.numerator for p in parts), sum(p.denominator for p in parts))
    return replace(overall, target=None, met=all(p.met for p in parts), parts=parts)


def _sum(rows: list[UnitIndicators], sector: Sector | None, code: str, period: str, as_of: dt.date) -> SectorTotals:
    values = [total_of(id_, [r.get(id_) for r in rows]) for id_ in INDICATOR_IDS[:-1]]
    values.append(_women_five(rows, sector))
    return SectorTotals(sector, len(rows), IndicatorReport(code, period, as_of, tuple(values), period))


def totals_of(rows: list[UnitIndicators], period: str, as_of: dt.date, code: str = "TONG") -> ConsolidatedTotals:
    period = Period.parse(period).code
    by_sector = tuple(_sum([r for r in rows if r.sector == s], s, code, period, as_of) for s in Sector)
    return ConsolidatedTotals(period, as_of, len(rows), _sum(rows, None, code, period, as_of), by_sector)


def period_end(db: Database, period: str) -> dt.date:
    p = Period.parse(period)
    return p.end_date(day_month(get_setting(db, "half_year_end")), day_month(get_setting(db, "year_end")))


def consolidated_totals(db: Database, period: Period | str) -> ConsolidatedTotals:
    """Upper-level totals of `period` over the units' current submissions, overall and by sector.

    Numerators and denominators are added over units; indicator 5 is the share of eligible units
    with a women's committee (see `_women_five`). `.report` is an IndicatorReport (DESIGN 6.1
    via `.to_json_dict()`), `.by_sector` one SectorTotals per Sector; `.to_json_dict()` gives the
    6.1 object plus "units" and "by_sector".
    """
    code = str(period)
    rows = consolidated_units(db, code)
    return totals_of(rows, code, period_end(db, code), get_setting(db, "upper_code") or "TONG")


def consolidated_indicators(db: Database, period: Period | str) -> IndicatorReport:
    """The overall totals as an IndicatorReport: what `kh06 indicators --db UPPER --period P`
    prints without --unit (cli/indicators_cmd.py looks this function up)."""
    return consolidated_totals(db, period).report


@dataclass(frozen=True, slots=True)
class DuplicatePerson:
    citizen_id: str
    full_name: str
    unit_code: str
    unit_name: str
    status: str


def duplicate_people(db: Database, limit: int = 5000) -> list[DuplicatePerson]:
    """Members with the same citizen id in two or more units (only files sent with personal
    data carry citizen ids), for the officer to check: a transfer not recorded, or a typo."""
    with db.reading() as session:
        shared = (select(Member.citizen_id).where(Member.citizen_id.is_not(None)).group_by(Member.citizen_id)
                  .having(func.count(func.distinct(Member.unit_id)) > 1).limit(limit).subquery())
        rows = session.execute(
            select(Member.citizen_id, Member.full_name, Unit.code, Unit.name, Member.status)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.citizen_id.in_(select(shared.c.citizen_id)))
            .order_by(Member.citizen_id, Unit.code)).all()
    # Every citizen id here is set (the IN filter leaves out NULL); the test only narrows the type.
    return [DuplicatePerson(cid, name, code, unit_name, status)
            for cid, name, code, unit_name, status in rows if cid is not None]
