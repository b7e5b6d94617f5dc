"""The application context shared by every page: the open database, the unit, the chosen
period, and app-wide events as Qt signals on one object."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from kh06_desktop.domain.periods import Period
from kh06_desktop.services.periods.periods import default_period
from kh06_desktop.services.unit.units import UnitInfo, get_local_unit
from kh06_desktop.store.database import Database


class AppContext(QObject):
    period_changed = Signal(object)  # Period
    # Emitted after a write, with the area that changed ("members", "groups", "unit",
    # "trainings", …) so that pages showing that data reload it.
    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._unit: UnitInfo | None = get_local_unit(db)
        self._period = default_period(db, today)  # the period whose report is due

    @property
    def unit(self) -> UnitInfo | None:
        return self._unit

    @property
    def unit_id(self) -> int:
        if self._unit is None:
            raise RuntimeError("no unit set up yet")
        return self._unit.id

    def reload_unit(self) -> None:
        self._unit = get_local_unit(self.db)
        self.data_changed.emit("unit")

    @property
    def period(self) -> Period:
        return self._period

    def set_period(self, period: Period) -> None:
        if period != self._period:
            self._period = period
            self.period_changed.emit(period)

    def notify(self, area: str) -> None:
        self.data_changed.emit(area)
