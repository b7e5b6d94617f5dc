"""First start of an upper level: its name and code (and the body above it, its chair) kept as
settings with mode=upper. It creates no local unit; its units arrive with their data files.

The set-up dialog and `kh06 init --upper` both come here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kh06_desktop.domain.vntext import nfc
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.common.settings import MODE_UPPER
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting, Unit


@dataclass(frozen=True, slots=True)
class UpperProfile:
    code: str
    name: str
    upper_union: str | None = None  # the body above the upper level
    chair_name: str | None = None


def upper_is_set_up(db: Database) -> bool:
    with db.reading() as session:
        return bool(session.scalar(select(Setting.value).where(Setting.key == "upper_name")))


def database_has_unit(db: Database) -> str | None:
    """The name of the unit (or upper level) this database was already set up for, else None."""
    with db.reading() as session:
        local = session.scalars(select(Unit.name).where(Unit.is_local.is_(True))).first()
        if local:
            return local
        return session.scalar(select(Setting.value).where(Setting.key == "upper_name")) or None


def setup_upper(db: Database, profile: UpperProfile) -> UpperProfile:
    """Store the upper level's profile and switch the database to upper mode, in one transaction."""
    code, name = nfc(profile.code), nfc(profile.name)
    issues = []
    if not name:
        issues.append(("name", "Chưa nhập tên công đoàn cấp trên"))
    if not code:
        issues.append(("code", "Chưa nhập mã công đoàn cấp trên"))
    if issues:
        raise InvalidInput("; ".join(message for _, message in issues), issues)
    values = {"mode": MODE_UPPER, "upper_name": name, "upper_code": code,
              "upper_parent": nfc(profile.upper_union or ""), "upper_chair": nfc(profile.chair_name or "")}
    with db.transaction() as session:
        local = session.scalars(select(Unit).where(Unit.is_local.is_(True))).first()
        if local is not None:
            raise Conflict(f"Cơ sở dữ liệu này là của công đoàn cơ sở {local.name}, không dùng làm cấp trên được")
        for key, value in values.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
        audit.record(session, "create", "setting", None, new=values, summary=f"Thiết lập công đoàn cấp trên {name}")
    return UpperProfile(code, name, values["upper_parent"] or None, values["upper_chair"] or None)
