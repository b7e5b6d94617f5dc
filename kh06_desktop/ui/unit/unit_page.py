"""The unit page: the profile (editable), the workforce figures of the selected period with the
figures of every period, and the Charter warnings of the unit as of the period's end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.services.periods.periods import period_end
from kh06_desktop.services.unit import unit_checks
from kh06_desktop.services.unit.units import get_workforce, list_workforce, set_workforce, update_unit
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import ReflowBox
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.unit.profile_form import ProfileForm, WorkforceForm
from kh06_desktop.ui.unit.setup_dialog import embed

# Short headers so the four columns fit the right-hand half of the page; the tooltips say it in full.
_HEADERS = ("Kỳ báo cáo", "Tổng số", "Nữ", "Đủ điều kiện")
_HEADER_TIPS = ("Kỳ báo cáo", "Tổng số lao động", "Trong đó lao động nữ", "Số lao động đủ điều kiện kết nạp")
_AREAS = frozenset({"unit", "members", "positions", "women_committee"})
_OK = "color: #1e6b2f;"
_BAD = "color: #b3261e;"


class UnitPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("unit/unit_page.ui", self)
        self.profile = embed(self.ui.profile_host, ProfileForm())
        self.workforce = embed(self.ui.workforce_host, WorkforceForm())
        self.checks = unit_checks
        # Profile and workforce side by side from 880 px; stacked below that, the profile's fields get the
        # whole width (their examples are not cut at 1280×720 or 125 %).
        self._reflow = ReflowBox(self.ui.columns_layout, self, side_by_side_from=880)
        table = self.ui.workforce_table
        table.setColumnCount(len(_HEADERS))
        table.setHorizontalHeaderLabels(list(_HEADERS))
        for column, tip in enumerate(_HEADER_TIPS):
            table.horizontalHeaderItem(column).setToolTip(tip)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(False)
        table.verticalHeader().hide()
        self.ui.save_profile_button.clicked.connect(self.save_profile)
        self.ui.save_workforce_button.clicked.connect(self.save_workforce)
        context.period_changed.connect(lambda _p: self.reload() if self.isVisible() else self._mark_dirty())
        context.data_changed.connect(self._on_data_changed)
        self._dirty = True
        self._warnings: list[str] = []
        self.ui.warnings_box.setVisible(False)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def _on_data_changed(self, area: str) -> None:
        if area in _AREAS:
            self._dirty = True
            if self.isVisible():
                self.reload()

    @property
    def period(self) -> Period:
        return self.context.period

    def reload(self) -> None:
        unit = self.context.unit
        if unit is None:
            return
        self._dirty = False
        self.profile.fill(unit)
        self.profile.show_issues([])
        self.ui.title_label.setText(unit.name)
        self._load_workforce()
        self._load_warnings()

    def _load_workforce(self) -> None:
        db, unit_id, period = self.context.db, self.context.unit_id, self.period
        current = get_workforce(db, unit_id, period.code)
        self.workforce.fill(current)
        note = f"Kỳ đang chọn: <b>{period.label}</b>."
        if current is None:
            note += " Chưa có số lao động của kỳ này."
        elif current.period != period.code:
            note += (f" Chưa nhập riêng cho kỳ này: đang dùng số của kỳ {Period.parse(current.period).label.lower()}"
                     "; bấm «Lưu số lao động» để ghi cho kỳ này.")
        self.ui.period_label.setText(note)
        rows = list_workforce(db, unit_id)
        table = self.ui.workforce_table
        table.setRowCount(len(rows))
        for row, w in enumerate(rows):
            values = (Period.parse(w.period).label, group_thousands(w.total_workers),
                      group_thousands(w.female_workers), group_thousands(w.eligible_workers))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
            if w.period == period.code:
                table.selectRow(row)

    def _load_warnings(self) -> None:
        day = period_end(self.context.db, self.period, self.context.unit_id)
        warnings = self._warnings = self.checks.unit_warnings(self.context.db, self.context.unit_id, day)
        self.ui.warnings_box.setTitle(f"Cần lưu ý theo Điều lệ (tính đến {format_date(day)})")
        self.ui.warnings_label.setText("<br>".join(f"• {w}" for w in warnings))
        self.ui.warnings_box.setVisible(bool(warnings))

    @property
    def warnings(self) -> list[str]:
        return list(self._warnings)

    def save_profile(self) -> bool:
        profile, issues = self.profile.read(chair_title=self.context.unit.chair_title if self.context.unit else None)
        if profile is None:
            self._status(self.ui.profile_status_label, "Hãy sửa các ô có thông báo màu đỏ.", ok=False)
            return False
        try:
            update_unit(self.context.db, self.context.unit_id, profile)
        except InvalidInput as exc:
            self.profile.show_issues(exc.issues)
            self._status(self.ui.profile_status_label, str(exc), ok=False)
            return False
        except ServiceError as exc:
            self._status(self.ui.profile_status_label, str(exc), ok=False)
            return False
        self.context.reload_unit()  # emits data_changed("unit"): the window title and other pages follow
        self._status(self.ui.profile_status_label, "Đã lưu hồ sơ đơn vị.", ok=True)
        return True

    def save_workforce(self) -> bool:
        workforce, issues = self.workforce.read(self.period.code)
        if workforce is None:
            self._status(self.ui.workforce_status_label, "Hãy sửa các ô có thông báo màu đỏ.", ok=False)
            return False
        try:
            set_workforce(self.context.db, self.context.unit_id, workforce)
        except ServiceError as exc:
            self._status(self.ui.workforce_status_label, str(exc), ok=False)
            return False
        self.context.notify("unit")
        if self._dirty:
            self.reload()
        self._status(self.ui.workforce_status_label, f"Đã lưu số lao động kỳ {self.period.label.lower()}.", ok=True)
        return True

    @staticmethod
    def _status(label, text: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
        label.setText(text)
        label.setStyleSheet(_OK if ok else _BAD)
