"""Members in hardship (hoàn cảnh khó khăn) and the support given to them (target 3).

`details` may hold health information, which is sensitive personal data: it is returned only by
`get_case` (the edit form), never by the lists that feed tables, exports and printouts.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import SupportKind
from kh06_desktop.services.activities.record_common import (
    Issues,
    check_date,
    check_order,
    check_text,
    fetch,
    overlaps,
    parse_vnd,
    raise_if,
)
from kh06_desktop.services.common import audit
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import HardshipCase, Member, SupportVisit, UnionGroup

CASE_FIELDS = ("member_id", "reason", "details", "opened_on", "closed_on")
SUPPORT_FIELDS = ("date", "kind", "value_vnd", "fund_source")

# Offered in the forms; free text is allowed too.
REASONS = ("Ốm đau dài ngày", "Tai nạn lao động", "Tai nạn giao thông", "Thiên tai, bão lũ",
           "Gia đình có người thân mất", "Hoàn cảnh gia đình khó khăn", "Bệnh hiểm nghèo")
FUND_SOURCES = ("Quỹ xã hội công đoàn", "Kinh phí công đoàn cơ sở", "Quỹ Mái ấm công đoàn",
                "Công đoàn cấp trên hỗ trợ", "Doanh nghiệp hỗ trợ", "Quỹ phúc lợi của doanh nghiệp")


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    member_id: int | None
    member_name: str
    group_name: str | None
    reason: str
    opened_on: dt.date
    closed_on: dt.date | None
    support_count: int
    support_total_vnd: int
    last_support: dt.date | None

    @property
    def supported(self) -> bool:
        return self.support_count > 0


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    unit_id: int
    member_id: int | None
    member_name: str
    reason: str
    details: str | None  # sensitive
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True, slots=True)
class SupportRow:
    id: int
    case_id: int
    date: dt.date
    kind: SupportKind
    value_vnd: int
    fund_source: str | None


@dataclass(frozen=True, slots=True)
class HardshipTotals:
    cases: int
    supported_cases: int
    support_count: int
    total_vnd: int

    @property
    def unsupported_cases(self) -> int:
        return self.cases - self.supported_cases


# --- cases -------------------------------------------------------------------------------


def _case(session: Session, case_id: int) -> HardshipCase:
    return fetch(session, HardshipCase, case_id, "Không tìm thấy trường hợp khó khăn")


class _CaseValues(TypedDict):
    """A checked case form; required fields are never None once `raise_if` has passed."""

    member_id: int | None
    reason: str | None
    details: str | None
    opened_on: dt.date | None
    closed_on: dt.date | None


class _SupportValues(TypedDict):
    """A checked support form; required fields are never None once `raise_if` has passed."""

    date: dt.date | None
    kind: str | None
    value_vnd: int
    fund_source: str | None


def _clean_case(session: Session, unit_id: int, member_id: int | None, reason: object, details: object,
                opened_on: object, closed_on: object, today: dt.date | None) -> _CaseValues:
    issues: Issues = []
    if member_id is None:
        issues.append(("member_id", "Chưa chọn đoàn viên"))
    else:
        member_unit = session.scalar(select(Member.unit_id).where(Member.id == member_id))
        if member_unit != unit_id:
            issues.append(("member_id", "Không tìm thấy đoàn viên trong đơn vị"))
    values: _CaseValues = {
        "member_id": member_id,
        "reason": check_text(reason, "reason", "Lý do khó khăn", issues),
        "details": check_text(details, "details", "Chi tiết", issues, required=False, max_len=2000),
        "opened_on": check_date(opened_on, "opened_on", "Ngày ghi nhận", issues, today=today),
        "closed_on": check_date(closed_on, "closed_on", "Ngày kết thúc", issues, required=False, today=today),
    }
    check_order(values["opened_on"], values["closed_on"], "closed_on", "Ngày kết thúc trước ngày ghi nhận", issues)
    raise_if(issues)
    return values


def _support_summary() -> Subquery:
    return (select(SupportVisit.case_id, func.count().label("n"), func.sum(SupportVisit.value_vnd).label("total"),
                   func.max(SupportVisit.date).label("last"))
            .group_by(SupportVisit.case_id).subquery())


def list_cases(db: Database, unit_id: int, start: dt.date | None = None, end: dt.date | None = None,
               *, unsupported_only: bool = False) -> list[CaseRow]:
    """Cases open at some time in [start, end] (opened by its end, not closed before its start)."""
    with db.reading() as session:
        support = _support_summary()
        query = (
            select(HardshipCase.id, HardshipCase.member_id, func.coalesce(Member.full_name, ""), UnionGroup.name,
                   HardshipCase.reason, HardshipCase.opened_on, HardshipCase.closed_on,
                   func.coalesce(support.c.n, 0), func.coalesce(support.c.total, 0), support.c.last)
            .outerjoin(Member, Member.id == HardshipCase.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .outerjoin(support, support.c.case_id == HardshipCase.id)
            .where(HardshipCase.unit_id == unit_id,
                   overlaps(HardshipCase.opened_on, HardshipCase.closed_on, start, end))
            .order_by(HardshipCase.opened_on.desc(), HardshipCase.id.desc()))
        if unsupported_only:
            query = query.where(support.c.n.is_(None))
        return [CaseRow(*row) for row in session.execute(query)]


def hardship_totals(db: Database, unit_id: int, start: dt.date | None = None,
                    end: dt.date | None = None) -> HardshipTotals:
    rows = list_cases(db, unit_id, start, end)
    return HardshipTotals(len(rows), sum(1 for r in rows if r.supported), sum(r.support_count for r in rows),
                          sum(r.support_total_vnd for r in rows))


def get_case(db: Database, case_id: int) -> CaseDetail:
    with db.reading() as session:
        c = _case(session, case_id)
        name = session.scalar(select(Member.full_name).where(Member.id == c.member_id)) if c.member_id else None
        return CaseDetail(c.id, c.unit_id, c.member_id, name or "", c.reason, c.details, c.opened_on, c.closed_on)


def _case_days(*days: object) -> list[dt.date]:
    """The dates a case change touches; an open case (no closing date) is not undated."""
    return [d for d in days if isinstance(d, dt.date)]


def create_case(db: Database, unit_id: int, *, member_id: int | None, reason: object, opened_on: object,
                details: object = None, closed_on: object = None, today: dt.date | None = None) -> int:
    with db.transaction() as session:
        values = _clean_case(session, unit_id, member_id, reason, details, opened_on, closed_on, today)
        ensure_period_open(session, unit_id, *_case_days(values["opened_on"], values["closed_on"]))
        case = HardshipCase(unit_id=unit_id, **values)
        session.add(case)
        session.flush()
        # The audit keeps that details changed, not the health information itself.
        audit.record(session, "create", "hardship_case", case.id, unit_id=unit_id,
                     new={**values, "details": "…" if values["details"] else None})
        return case.id


def update_case(db: Database, case_id: int, *, member_id: int | None, reason: object, opened_on: object,
                details: object = None, closed_on: object = None, today: dt.date | None = None) -> None:
    with db.transaction() as session:
        case = _case(session, case_id)
        values = _clean_case(session, case.unit_id, member_id, reason, details, opened_on, closed_on, today)
        ensure_period_open(session, case.unit_id, *_case_days(case.opened_on, case.closed_on, values["opened_on"],
                                                              values["closed_on"]))
        earliest = session.scalar(select(func.min(SupportVisit.date)).where(SupportVisit.case_id == case_id))
        if earliest and values["opened_on"] and earliest < values["opened_on"]:
            raise_if([("opened_on", f"Đã có lần hỗ trợ ngày {earliest:%d/%m/%Y}, trước ngày ghi nhận mới")])
        old = audit.row_values(case, CASE_FIELDS)
        for key, value in values.items():
            setattr(case, key, value)
        masked_old = {**old, "details": "…" if old["details"] else None}
        masked_new = {**values, "details": "…(đã sửa)" if values["details"] != old["details"] and values["details"]
                      else masked_old["details"]}
        audit.record(session, "update", "hardship_case", case_id, unit_id=case.unit_id, old=masked_old,
                     new=masked_new)


def delete_case(db: Database, case_id: int) -> None:
    """Delete a case entered by mistake, with its support list."""
    with db.transaction() as session:
        case = _case(session, case_id)
        ensure_period_open(session, case.unit_id, *_case_days(case.opened_on, case.closed_on))
        count = session.scalar(select(func.count()).where(SupportVisit.case_id == case_id)) or 0
        audit.record(session, "delete", "hardship_case", case_id, unit_id=case.unit_id,
                     old={"member_id": case.member_id, "reason": case.reason, "opened_on": case.opened_on},
                     summary=f"Xóa trường hợp khó khăn «{case.reason}» ({count} lần hỗ trợ)")
        session.delete(case)


# --- support -----------------------------------------------------------------------------


def _clean_support(case: HardshipCase, date: object, kind: object, value_vnd: object, fund_source: object,
                   today: dt.date | None) -> _SupportValues:
    issues: Issues = []
    day = check_date(date, "date", "Ngày hỗ trợ", issues, today=today)
    if day and day < case.opened_on:
        issues.append(("date", f"Ngày hỗ trợ trước ngày ghi nhận hoàn cảnh ({case.opened_on:%d/%m/%Y})"))
    kind_value: str | None = None
    if isinstance(kind, str):  # a SupportKind is a str too
        with suppress(ValueError):
            kind_value = SupportKind(kind).value
    if kind_value is None:
        issues.append(("kind", "Chưa chọn hình thức hỗ trợ (thăm hỏi, tặng quà hoặc trợ cấp)"))
    values: _SupportValues = {
        "date": day,
        "kind": kind_value,
        "value_vnd": parse_vnd(value_vnd, "value_vnd", "Số tiền", issues),
        "fund_source": check_text(fund_source, "fund_source", "Nguồn kinh phí", issues, required=False,
                                  max_len=120),
    }
    raise_if(issues)
    return values


def list_support(db: Database, case_id: int) -> list[SupportRow]:
    with db.reading() as session:
        _case(session, case_id)
        rows = session.execute(
            select(SupportVisit.id, SupportVisit.case_id, SupportVisit.date, SupportVisit.kind,
                   SupportVisit.value_vnd, SupportVisit.fund_source)
            .where(SupportVisit.case_id == case_id).order_by(SupportVisit.date, SupportVisit.id))
        return [SupportRow(i, c, d, SupportKind(k), v, f) for i, c, d, k, v, f in rows]


def add_support(db: Database, case_id: int, *, date: object, kind: object, value_vnd: object = 0,
                fund_source: object = None, today: dt.date | None = None) -> int:
    with db.transaction() as session:
        case = _case(session, case_id)
        values = _clean_support(case, date, kind, value_vnd, fund_source, today)
        ensure_period_open(session, case.unit_id, values["date"])
        visit = SupportVisit(case_id=case_id, **values)
        session.add(visit)
        session.flush()
        audit.record(session, "create", "support_visit", visit.id, unit_id=case.unit_id,
                     new={"case_id": case_id, **values})
        return visit.id


def update_support(db: Database, support_id: int, *, date: object, kind: object, value_vnd: object = 0,
                   fund_source: object = None, today: dt.date | None = None) -> None:
    with db.transaction() as session:
        visit = fetch(session, SupportVisit, support_id, "Không tìm thấy lần hỗ trợ")
        case = _case(session, visit.case_id)
        values = _clean_support(case, date, kind, value_vnd, fund_source, today)
        ensure_period_open(session, case.unit_id, visit.date, values["date"])
        audit.update_row(session, visit, values, SUPPORT_FIELDS, "support_visit", support_id, unit_id=case.unit_id)


def delete_support(db: Database, support_id: int) -> None:
    with db.transaction() as session:
        visit = fetch(session, SupportVisit, support_id, "Không tìm thấy lần hỗ trợ")
        case = _case(session, visit.case_id)
        ensure_period_open(session, case.unit_id, visit.date)
        audit.record(session, "delete", "support_visit", support_id, unit_id=case.unit_id,
                     old={"case_id": visit.case_id, **audit.row_values(visit, SUPPORT_FIELDS)})
        session.delete(visit)
