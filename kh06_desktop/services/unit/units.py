"""The unit profile and its workforce figures per period."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.periods import Period, choose_workforce_period
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.exchange.hygiene import HygieneError, normalise_unit_code
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound
from kh06_desktop.services.common.signing import ensure_key_in
from kh06_desktop.services.periods.period_close import ensure_period_open, period_bounds
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Unit, WorkforceSnapshot

PROFILE_FIELDS = ("code", "name", "employer", "upper_union", "sector", "address", "founding_date",
                  "chair_name", "chair_title")


@dataclass(frozen=True, slots=True)
class UnitProfile:
    code: str
    name: str
    sector: Sector
    employer: str | None = None
    upper_union: str | None = None
    address: str | None = None
    founding_date: dt.date | None = None
    chair_name: str | None = None
    chair_title: str | None = "Chủ tịch"


@dataclass(frozen=True, slots=True)
class UnitInfo(UnitProfile):
    id: int = 0
    is_local: bool = True


@dataclass(frozen=True, slots=True)
class Workforce:
    period: str
    total_workers: int
    female_workers: int
    eligible_workers: int


def _clean(profile: UnitProfile) -> dict[str, object]:
    values = asdict(profile)
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = nfc(value) or None
    issues = []
    if not values["code"]:
        issues.append(("code", "Chưa nhập mã đơn vị"))
    else:  # the upper level compares codes normalised (DESIGN 6.3): a unit gets one it will accept
        try:
            values["code"] = normalise_unit_code(str(values["code"]))
        except HygieneError as exc:
            issues.append(("code", str(exc)))
    if not values["name"]:
        issues.append(("name", "Chưa nhập tên công đoàn cơ sở"))
    try:
        values["sector"] = Sector(values["sector"]).value
    except ValueError:
        issues.append(("sector", "Chưa chọn khu vực"))
    if issues:
        raise InvalidInput("; ".join(message for _, message in issues), issues)
    return values


def check_workforce(total: int, female: int, eligible: int) -> None:
    issues = []
    if min(total, female, eligible) < 0:
        issues.append(("total_workers", "Số lao động không được âm"))
    if female > total:
        issues.append(("female_workers", "Số lao động nữ lớn hơn tổng số lao động"))
    if eligible > total:
        issues.append(("eligible_workers", "Số lao động đủ điều kiện kết nạp lớn hơn tổng số lao động"))
    if issues:
        raise InvalidInput("; ".join(message for _, message in issues), issues)


def _info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        id=unit.id, is_local=unit.is_local, code=unit.code, name=unit.name, sector=Sector(unit.sector),
        employer=unit.employer, upper_union=unit.upper_union, address=unit.address,
        founding_date=unit.founding_date, chair_name=unit.chair_name, chair_title=unit.chair_title,
    )


def get_local_unit(db: Database) -> UnitInfo | None:
    """The unit this database belongs to (None before the first-start set-up)."""
    with db.reading() as session:
        unit = session.scalars(select(Unit).where(Unit.is_local.is_(True)).order_by(Unit.id)).first()
        return _info(unit) if unit else None


def get_unit(db: Database, unit_id: int) -> UnitInfo:
    with db.reading() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        return _info(unit)


def unit_code_key(code: str) -> str:
    """A typed unit code as stored codes are compared (NFKC, trimmed, upper case: DESIGN 6.3), without
    refusing anything: a code with other characters simply matches no unit."""
    return unicodedata.normalize("NFKC", code).strip().upper()


def get_unit_by_code(db: Database, code: str) -> UnitInfo | None:
    with db.reading() as session:
        unit = session.scalars(select(Unit).where(Unit.code == unit_code_key(code))).first()
        return _info(unit) if unit else None


def list_units(db: Database) -> list[UnitInfo]:
    with db.reading() as session:
        return [_info(u) for u in session.scalars(select(Unit).order_by(Unit.code))]


def setup_unit(db: Database, profile: UnitProfile, workforce: Workforce | None = None) -> UnitInfo:
    """First start: create the local unit (and its workforce figures for a period)."""
    values = _clean(profile)
    if workforce:
        check_workforce(workforce.total_workers, workforce.female_workers, workforce.eligible_workers)
    with db.transaction() as session:
        if session.scalars(select(Unit).where(Unit.is_local.is_(True))).first():
            raise Conflict("Đơn vị đã được thiết lập; hãy sửa thông tin ở trang Đơn vị")
        if session.scalars(select(Unit).where(Unit.code == values["code"])).first():
            raise Conflict(f"Mã đơn vị {values['code']} đã có")
        unit = Unit(is_local=True, **values)
        session.add(unit)
        session.flush()
        ensure_key_in(session)  # the key that signs this unit's data files (migration 0010 made one)
        audit.record(session, "create", "unit", unit.id, unit_id=unit.id, new=values)
        if workforce:
            _put_workforce(session, unit.id, workforce)
        return _info(unit)


def update_unit(db: Database, unit_id: int, profile: UnitProfile) -> UnitInfo:
    values = _clean(profile)
    with db.transaction() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        clash = session.scalars(select(Unit).where(Unit.code == values["code"], Unit.id != unit_id)).first()
        if clash:
            raise Conflict(f"Mã đơn vị {values['code']} đã có")
        audit.update_row(session, unit, values, PROFILE_FIELDS, "unit", unit.id, unit_id=unit.id)
        return _info(unit)


def _put_workforce(session: Session, unit_id: int, workforce: Workforce) -> None:
    # The figures are the denominators of a period: changing them changes its indicators.
    ensure_period_open(session, unit_id, period_bounds(session, workforce.period)[2])
    row = session.scalars(
        select(WorkforceSnapshot).where(WorkforceSnapshot.unit_id == unit_id,
                                        WorkforceSnapshot.period == workforce.period)).first()
    new = asdict(workforce)
    if row is None:
        row = WorkforceSnapshot(unit_id=unit_id, **new)
        session.add(row)
        session.flush()
        audit.record(session, "create", "workforce_snapshot", row.id, unit_id=unit_id, new=new)
    else:
        audit.update_row(session, row, new, tuple(new), "workforce_snapshot", row.id, unit_id=unit_id)


def set_workforce(db: Database, unit_id: int, workforce: Workforce) -> None:
    check_workforce(workforce.total_workers, workforce.female_workers, workforce.eligible_workers)
    with db.transaction() as session:
        _put_workforce(session, unit_id, workforce)


def get_workforce(db: Database, unit_id: int, period: str) -> Workforce | None:
    """Figures for the period; else those of the period with the same as-of day, else the latest
    earlier period's (domain.periods.choose_workforce_period). `Workforce.period` says which."""
    with db.reading() as session:
        rows = session.scalars(select(WorkforceSnapshot).where(WorkforceSnapshot.unit_id == unit_id)).all()
    code = choose_workforce_period([r.period for r in rows], Period.parse(period))
    chosen = next((r for r in rows if r.period == code), None)
    if chosen is None:
        return None
    return Workforce(chosen.period, chosen.total_workers, chosen.female_workers, chosen.eligible_workers)


def list_workforce(db: Database, unit_id: int) -> list[Workforce]:
    with db.reading() as session:
        rows = session.scalars(select(WorkforceSnapshot).where(WorkforceSnapshot.unit_id == unit_id)).all()
        out = [Workforce(r.period, r.total_workers, r.female_workers, r.eligible_workers) for r in rows]
    return sorted(out, key=lambda w: Period.parse(w.period), reverse=True)
