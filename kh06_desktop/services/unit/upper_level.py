"""First start of an upper level (the set-up dialog and `kh06 init --upper`): its profile is stored
with `upper_profile.save_upper_profile` and the database switches to upper mode. It creates no local
unit; its units arrive with their data files.
"""

from __future__ import annotations

from sqlalchemy import select

from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
from kh06_desktop.services.unit.upper_profile import UpperProfile, save_upper_profile
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting, Unit

__all__ = ["UpperProfile", "database_has_unit", "setup_upper"]


def database_has_unit(db: Database) -> str | None:
    """The name of the unit (or upper level) this database was already set up for, else None."""
    with db.reading() as session:
        local = session.scalars(select(Unit.name).where(Unit.is_local.is_(True))).first()
        if local:
            return local
        return session.scalar(select(Setting.value).where(Setting.key == "upper_name")) or None


def setup_upper(db: Database, profile: UpperProfile) -> UpperProfile:
    """Store the upper level's profile (validated and audited by `save_upper_profile`), then
    switch the database to upper mode. Refused for a unit's own database."""
    with db.reading() as session:
        local = session.scalars(select(Unit).where(Unit.is_local.is_(True))).first()
        if local is not None:
            raise Conflict(f"Cơ sở dữ liệu này là của công đoàn cơ sở {local.name}, không dùng làm cấp trên được")
    saved = save_upper_profile(db, profile)
    set_setting(db, "mode", MODE_UPPER)
    return saved
