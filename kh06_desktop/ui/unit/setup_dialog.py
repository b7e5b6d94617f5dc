"""First start: is this a grassroots union or an upper level? Then the few facts the app needs.

A grassroots union (the default) enters its profile and current workforce; the unit is created
with `services.units.setup_unit`. An upper level only gives its name and code, kept as settings
(mode=upper); it creates no local unit, and ui/app.py skips this dialog once upper_name is set.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from kh06_desktop.domain.periods import reporting_period
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.services.common.settings import MODE_UNIT, MODE_UPPER
from kh06_desktop.services.unit.units import UnitInfo, setup_unit
from kh06_desktop.services.unit.upper_level import UpperProfile, setup_upper
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.unit.profile_form import ProfileForm, WorkforceForm
from kh06_desktop.ui.window_state import window_room

EmbeddedT = TypeVar("EmbeddedT", bound=QWidget)


def embed(host: QWidget, child: EmbeddedT) -> EmbeddedT:
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(child)
    return child


class SetupDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.period = reporting_period(today or dt.date.today())
        self.unit: UnitInfo | None = None
        self.ui = load_form("unit/setup_dialog.ui", self)
        set_host_margins(self, 14, 12, 14, 12)  # load_form leaves the host flush
        # Every message has its line kept in advance (under its field, and the summary above the buttons), and
        # the fields scroll when the screen is short: a message never moves a field, the buttons stay on screen.
        self.profile = embed(self.ui.profile_host, ProfileForm(reserve_error_lines=True))
        self.workforce = embed(self.ui.workforce_host, WorkforceForm(reserve_error_lines=True))
        self.ui.error_label.setMinimumHeight(self.ui.error_label.fontMetrics().height())
        self.ui.workforce_box.setTitle(f"Số lao động — kỳ {self.period.label.lower()}")
        self.ui.unit_mode_radio.toggled.connect(self._mode_changed)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).setText("Bắt đầu sử dụng")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Thoát")
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)
        for name in ("upper_name", "upper_code"):
            getattr(self.ui, f"{name}_edit").textEdited.connect(lambda _t, n=name: getattr(self.ui, f"{n}_error")
                                                                .setText(""))
        self.profile.ui.name_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.fit_to_screen()

    def fit_to_screen(self, available: QSize | None = None) -> None:
        """Open wide enough for every field without a horizontal scroll bar and as tall as the fields ask,
        within the screen (the fields scroll when it is too short)."""
        scroll = self.ui.form_scroll
        body = scroll.widget()
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
        want = self.sizeHint() - scroll.sizeHint() + body.sizeHint() + QSize(bar, 0)
        want = want.expandedTo(QSize(920, 0)).expandedTo(self.minimumSizeHint())
        if available is None:
            available = window_room(self)  # the screen less the taskbar and the title bar
        if available is not None:
            want = want.boundedTo(available)
        self.resize(want)

    @property
    def mode(self) -> str:
        return MODE_UNIT if self.ui.unit_mode_radio.isChecked() else MODE_UPPER

    def _mode_changed(self, unit_mode: bool) -> None:
        self.ui.mode_stack.setCurrentWidget(self.ui.unit_mode_page if unit_mode else self.ui.upper_mode_page)
        self.ui.error_label.setText("")

    def save(self) -> bool:
        return self._save_unit() if self.mode == MODE_UNIT else self._save_upper()

    def _save_unit(self) -> bool:
        profile, issues = self.profile.read()
        workforce = None
        if not self.workforce.is_empty():
            workforce, work_issues = self.workforce.read(self.period.code)
            issues = issues + work_issues
        if profile is None or issues:
            self.ui.error_label.setText("Hãy sửa các ô có thông báo màu đỏ.")
            self._show_first_error()
            return False
        try:
            self.unit = setup_unit(self.db, profile, workforce)
        except InvalidInput as exc:
            self.profile.show_issues(exc.issues)
            self.ui.error_label.setText(str(exc))
            self._show_first_error()
            return False
        except ServiceError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.accept()
        return True

    def _show_first_error(self) -> None:
        field = self.profile.first_error_field() or self.workforce.first_error_field()
        if field is not None:
            self.ui.form_scroll.ensureWidgetVisible(field, 0, 40)  # its message is the line under it
            field.setFocus()

    def _save_upper(self) -> bool:
        name = nfc(self.ui.upper_name_edit.text())
        code = nfc(self.ui.upper_code_edit.text())
        self.ui.upper_name_error.setText("" if name else "Chưa nhập tên công đoàn cấp trên")
        self.ui.upper_code_error.setText("" if code else "Chưa nhập mã công đoàn cấp trên")
        if not (name and code):
            self.ui.error_label.setText("Hãy sửa các ô có thông báo màu đỏ.")
            return False
        try:
            setup_upper(self.db, UpperProfile(code=code, name=name))
        except ServiceError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.accept()
        return True
