"""Export use case: the unit's data file for the upper level (`kh06 export`, the Exchange page).

The file carries everything the six indicators are computed from, so the upper level can
recompute them, plus the indicators as the unit computed them. Personal data (citizen id,
phone, date of birth, free-text notes) is left out unless the officer asks for it; health
details of hardship cases are never exported. Each export is recorded (what, when, digest).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.periods import Period, PeriodError
from kh06_desktop.exchange.datafile import suggested_file_name, write_datafile
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.common.signing import private_key
from kh06_desktop.services.periods.periods import bounds_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Activity,
    ExportRecord,
    HardshipCase,
    Member,
    Position,
    ReportingPeriod,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
    Unit,
    WomenCommittee,
    WorkforceSnapshot,
)

IndicatorSource = Callable[[Database, int, str], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    period: str
    revision: int
    sha256: str
    size: int
    members: int
    with_personal_data: bool


@dataclass(frozen=True, slots=True)
class ExportHistoryRow:
    id: int
    period: str
    revision: int
    file_name: str
    sha256: str
    with_personal_data: bool
    created_at: dt.datetime


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _period_part(session: Session, unit_id: int, period: Period) -> dict[str, Any]:
    # The same bounds as the indicators (services.periods.bounds_in): end_date is the as-of day.
    start, end = bounds_in(session, period, unit_id)
    row = session.scalars(select(ReportingPeriod).where(ReportingPeriod.unit_id == unit_id,
                                                        ReportingPeriod.code == period.code)).first()
    return {
        "code": period.code,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "revision": row.revision if row is not None else 1,
        "closed": bool(row.closed) if row is not None else False,
        "report_number": row.report_number if row is not None else None,
        "report_date": _iso(row.report_date) if row is not None else None,
        "signer_name": row.signer_name if row is not None else None,
        "signer_title": row.signer_title if row is not None else None,
        "proposals": row.proposals if row is not None else None,
    }


def _members(session: Session, unit_id: int, personal: bool) -> list[dict[str, Any]]:
    out = []
    for m in session.execute(select(Member).where(Member.unit_id == unit_id).order_by(Member.id)).scalars():
        row: dict[str, Any] = {
            "ref": m.id, "full_name": m.full_name, "given_name": m.given_name, "gender": m.gender,
            "card_number": m.card_number, "group_ref": m.group_id, "department": m.department,
            "join_date": _iso(m.join_date), "status": m.status, "status_date": _iso(m.status_date),
            "consent_date": _iso(m.consent_date),
        }
        if personal:
            row.update(birth_date=_iso(m.birth_date), citizen_id=m.citizen_id, phone=m.phone, note=m.note)
        out.append(row)
    return out


def _attendance(session: Session, link: Any, key: Any, ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if ids:
        for owner, member in session.execute(select(key, link.member_id).where(key.in_(ids))
                                             .order_by(key, link.member_id)):
            found[owner].append(member)
    return found


def gather_data(session: Session, unit: Unit, period: Period, personal: bool,
                indicators: dict[str, Any]) -> dict[str, Any]:
    """data.json of DESIGN 6.3 for one unit (see resources/schema/kh06-data.schema.json)."""
    uid = unit.id
    trainings = session.scalars(select(Training).where(Training.unit_id == uid).order_by(Training.id)).all()
    sessions = session.scalars(select(StudySession).where(StudySession.unit_id == uid)
                               .order_by(StudySession.id)).all()
    cases = session.scalars(select(HardshipCase).where(HardshipCase.unit_id == uid)
                            .order_by(HardshipCase.id)).all()
    trained = _attendance(session, TrainingAttendee, TrainingAttendee.training_id, [t.id for t in trainings])
    studied = _attendance(session, StudyAttendee, StudyAttendee.session_id, [s.id for s in sessions])
    support: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if cases:
        for v in session.scalars(select(SupportVisit).where(SupportVisit.case_id.in_([c.id for c in cases]))
                                 .order_by(SupportVisit.date, SupportVisit.id)):
            support[v.case_id].append({"date": v.date.isoformat(), "kind": v.kind, "value_vnd": v.value_vnd,
                                       "fund_source": v.fund_source})
    committee = session.scalars(select(WomenCommittee).where(WomenCommittee.unit_id == uid)).first()
    positions = session.execute(
        select(Position).join(Member, Member.id == Position.member_id).where(Member.unit_id == uid)
        .order_by(Position.id)).scalars()
    return {
        "unit": {"code": unit.code, "name": unit.name, "sector": unit.sector, "employer": unit.employer,
                 "upper_union": unit.upper_union, "address": unit.address,
                 "founding_date": _iso(unit.founding_date), "chair_name": unit.chair_name,
                 "chair_title": unit.chair_title},
        "period": _period_part(session, uid, period),
        "workforce": [{"period": w.period, "total_workers": w.total_workers, "female_workers": w.female_workers,
                       "eligible_workers": w.eligible_workers}
                      for w in session.scalars(select(WorkforceSnapshot).where(WorkforceSnapshot.unit_id == uid)
                                               .order_by(WorkforceSnapshot.period))],
        "groups": [{"ref": g.id, "name": g.name}
                   for g in session.scalars(select(UnionGroup).where(UnionGroup.unit_id == uid)
                                            .order_by(UnionGroup.id))],
        "members": _members(session, uid, personal),
        "positions": [{"member_ref": p.member_id, "role": p.role, "start_date": _iso(p.start_date),
                       "end_date": _iso(p.end_date), "group_ref": p.group_id} for p in positions],
        "trainings": [{"ref": t.id, "title": t.title, "level": t.level, "start_date": t.start_date.isoformat(),
                       "end_date": _iso(t.end_date), "place": t.place, "attendees": trained.get(t.id, [])}
                      for t in trainings],
        "study_sessions": [{"ref": s.id, "topic": s.topic, "date": s.date.isoformat(), "place": s.place,
                            "non_member_count": s.non_member_count, "attendees": studied.get(s.id, [])}
                           for s in sessions],
        # `details` (health) never leaves the unit; the reason ("Ốm đau dài ngày", "Tai nạn lao động")
        # can tell a person's health too, so it travels only with the personal data.
        "hardship_cases": [{"ref": c.id, "member_ref": c.member_id, "reason": c.reason if personal else None,
                            "opened_on": c.opened_on.isoformat(), "closed_on": _iso(c.closed_on),
                            "support": support.get(c.id, [])} for c in cases],
        "women_committee": None if committee is None else {
            "established": bool(committee.established), "decision_number": committee.decision_number,
            "decision_date": _iso(committee.decision_date), "eligible_override": committee.eligible_override,
            "override_reason": committee.override_reason},
        "activities": [{"date": a.date.isoformat(), "solution_group": a.solution_group, "text": a.text}
                       for a in session.scalars(select(Activity).where(Activity.unit_id == uid)
                                                .order_by(Activity.date, Activity.id))],
        "indicators": indicators,
    }


def without_personal_data(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a gathered data.json with the personal fields emptied (as `gather_data` with
    personal=False writes them)."""
    out = dict(data)
    out["members"] = [{k: v for k, v in m.items() if k not in ("birth_date", "citizen_id", "phone", "note")}
                      for m in data["members"]]
    out["hardship_cases"] = [{**c, "reason": None} for c in data["hardship_cases"]]
    return out


def unit_indicators(db: Database, unit_id: int, period: str) -> dict[str, Any]:
    from kh06_desktop.services.indicators.indicators import compute_indicators

    return compute_indicators(db, unit_id, period).to_json_dict()


def export_datafile(db: Database, unit_id: int, period: str, out: str | Path, *, with_personal_data: bool = False,
                    indicator_source: IndicatorSource | None = None) -> ExportResult:
    """Write the unit's data file for `period` to `out` and record the export."""
    try:
        wanted = Period.parse(period)
    except PeriodError as exc:
        raise InvalidInput(str(exc), [("period", str(exc))]) from None
    from kh06_desktop.services.periods.snapshots import closed_snapshot

    frozen = closed_snapshot(db, unit_id, wanted)
    if frozen is not None:  # a closed period: the rows and figures stored when it was closed
        data = without_personal_data(frozen) if not with_personal_data else dict(frozen)
        data.pop("report_figures", None)
    else:
        indicators = (indicator_source or unit_indicators)(db, unit_id, wanted.code)
        with db.reading() as session:
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Không tìm thấy đơn vị")
            data = gather_data(session, unit, wanted, with_personal_data, indicators)
    revision = data["period"]["revision"]
    written = write_datafile(out, data, unit_code=data["unit"]["code"], unit_name=data["unit"]["name"],
                             period=wanted.code, revision=revision, personal_data=with_personal_data,
                             private_key=private_key(db))
    with db.transaction() as session:
        record = ExportRecord(unit_id=unit_id, period=wanted.code, revision=revision,
                              file_name=written.path.name[:255], sha256=written.sha256,
                              with_personal_data=with_personal_data)
        session.add(record)
        session.flush()
        audit.record(session, "export", "export_record", record.id, unit_id=unit_id,
                     new={"period": wanted.code, "revision": revision, "file_name": record.file_name,
                          "sha256": written.sha256, "with_personal_data": with_personal_data},
                     summary=f"Xuất tệp dữ liệu kỳ {wanted.code} (lần sửa đổi {revision})")
    return ExportResult(written.path, wanted.code, revision, written.sha256, written.size, len(data["members"]),
                        with_personal_data)


def default_file_name(db: Database, unit_id: int, period: str) -> str:
    with db.reading() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        revision = session.scalar(select(ReportingPeriod.revision).where(
            ReportingPeriod.unit_id == unit_id, ReportingPeriod.code == period)) or 1
        return suggested_file_name(unit.code, period, revision)


def export_history(db: Database, unit_id: int) -> list[ExportHistoryRow]:
    with db.reading() as session:
        rows = session.scalars(select(ExportRecord).where(ExportRecord.unit_id == unit_id)
                               .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())).all()
        return [ExportHistoryRow(r.id, r.period, r.revision, r.file_name, r.sha256, r.with_personal_data,
                                 r.created_at) for r in rows]
