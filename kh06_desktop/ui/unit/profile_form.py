"""The unit profile and workforce fields, shared by the set-up dialog and the unit page.

Each form reads its fields into the service's dataclass, or returns the reason for each bad
field so the message shows beside it (in Vietnamese).
"""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QLabel, QWidget

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.formats import DateError, format_date, group_thousands, parse_date
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.services.unit.units import UnitInfo, UnitProfile, Workforce
from kh06_desktop.ui.forms import load_form

MAX_WORKERS = 1_000_000


def reserve_error_line(label: QLabel) -> None:
    """Keep one line for the field's message even when empty, so a message never moves the fields below;
    a message too long for the line is shown whole in the tooltip."""
    label.setWordWrap(False)
    label.setMinimumHeight(label.fontMetrics().height())
    label.setVisible(True)


def show_error(label: QLabel, message: str, reserved: bool) -> None:
    label.setText(message)
    label.setToolTip(message)
    label.setVisible(reserved or bool(message))  # without a reserved line, an empty message takes no room


class ProfileForm(QWidget):
    FIELDS = ("name", "code", "employer", "upper_union", "sector", "address", "founding_date", "chair_name")

    def __init__(self, parent: QWidget | None = None, *, reserve_error_lines: bool = False) -> None:
        super().__init__(parent)
        self.ui = load_form("unit/unit_profile.ui", self)
        self.reserve_error_lines = reserve_error_lines
        if reserve_error_lines:  # the message line already separates the fields
            self.ui.profile_layout.setVerticalSpacing(2)
        self.ui.sector_combo.addItem("— chọn khu vực —", None)
        for sector in Sector:
            self.ui.sector_combo.addItem(sector.label, sector.value)
        for name in self.FIELDS:
            widget = getattr(self.ui, f"{name}_combo" if name == "sector" else f"{name}_edit")
            signal = widget.currentIndexChanged if name == "sector" else widget.textEdited
            signal.connect(lambda *_a, n=name: self.set_error(n, ""))
            if reserve_error_lines:
                reserve_error_line(getattr(self.ui, f"{name}_error"))
            self.set_error(name, "")

    def set_error(self, field: str, message: str) -> None:
        # The message sits under its field.
        show_error(getattr(self.ui, f"{field}_error"), message, self.reserve_error_lines)

    def error_text(self, field: str) -> str:
        return str(getattr(self.ui, f"{field}_error").text())

    def first_error_field(self) -> QWidget | None:
        """The widget of the first field (in screen order) that shows a message."""
        for name in self.FIELDS:
            if self.error_text(name):
                return getattr(self.ui, f"{name}_combo" if name == "sector" else f"{name}_edit")  # type: ignore[no-any-return]
        return None

    def show_issues(self, issues: list[tuple[str, str]]) -> None:
        for name in self.FIELDS:
            self.set_error(name, "")
        for field, message in issues:
            if field in self.FIELDS:
                self.set_error(field, message)

    def fill(self, unit: UnitInfo) -> None:
        ui = self.ui
        for name in ("name", "code", "employer", "upper_union", "address", "chair_name"):
            getattr(ui, f"{name}_edit").setText(getattr(unit, name) or "")
        ui.founding_date_edit.setText(format_date(unit.founding_date))
        ui.sector_combo.setCurrentIndex(max(ui.sector_combo.findData(unit.sector.value), 0))

    def read(self, chair_title: str | None = "Chủ tịch") -> tuple[UnitProfile | None, list[tuple[str, str]]]:
        """The profile, or None with (field, message) for every problem."""
        ui = self.ui
        issues: list[tuple[str, str]] = []
        text = {name: nfc(getattr(ui, f"{name}_edit").text()) or None
                for name in ("name", "code", "employer", "upper_union", "address", "chair_name")}
        if not text["name"]:
            issues.append(("name", "Chưa nhập tên công đoàn cơ sở"))
        if not text["code"]:
            issues.append(("code", "Chưa nhập mã đơn vị"))
        elif len(text["code"]) > 40:
            issues.append(("code", "Mã đơn vị dài quá 40 ký tự"))
        sector = ui.sector_combo.currentData()
        if sector is None:
            issues.append(("sector", "Chưa chọn khu vực"))
        founding = None
        try:
            founding = parse_date(ui.founding_date_edit.text())
        except DateError as exc:
            issues.append(("founding_date", str(exc)))
        self.show_issues(issues)
        if issues:
            return None, issues
        assert text["code"] and text["name"]  # checked above
        return UnitProfile(code=text["code"], name=text["name"], sector=Sector(sector), employer=text["employer"],
                           upper_union=text["upper_union"], address=text["address"], founding_date=founding,
                           chair_name=text["chair_name"], chair_title=chair_title), []


class WorkforceForm(QWidget):
    FIELDS = ("total_workers", "female_workers", "eligible_workers")

    def __init__(self, parent: QWidget | None = None, *, reserve_error_lines: bool = False) -> None:
        super().__init__(parent)
        self.ui = load_form("unit/workforce_form.ui", self)
        self.reserve_error_lines = reserve_error_lines
        if reserve_error_lines:
            self.ui.workforce_layout.setVerticalSpacing(2)
        for name in self.FIELDS:
            edit = getattr(self.ui, f"{name}_edit")
            edit.setValidator(QIntValidator(0, MAX_WORKERS, edit))
            edit.textEdited.connect(lambda _t, n=name: self.set_error(n, ""))
            if reserve_error_lines:
                reserve_error_line(getattr(self.ui, f"{name}_error"))
            self.set_error(name, "")

    def set_error(self, field: str, message: str) -> None:
        # The message sits under its field.
        show_error(getattr(self.ui, f"{field}_error"), message, self.reserve_error_lines)

    def error_text(self, field: str) -> str:
        return str(getattr(self.ui, f"{field}_error").text())

    def fill(self, workforce: Workforce | None) -> None:
        for name in self.FIELDS:
            value = getattr(workforce, name) if workforce else None
            getattr(self.ui, f"{name}_edit").setText("" if value is None else str(value))

    def first_error_field(self) -> QWidget | None:
        for name in self.FIELDS:
            if self.error_text(name):
                return getattr(self.ui, f"{name}_edit")  # type: ignore[no-any-return]
        return None

    def is_empty(self) -> bool:
        return not any(getattr(self.ui, f"{n}_edit").text().strip() for n in self.FIELDS)

    def read(self, period: str) -> tuple[Workforce | None, list[tuple[str, str]]]:
        values: dict[str, int] = {}
        issues: list[tuple[str, str]] = []
        for name in self.FIELDS:
            text = getattr(self.ui, f"{name}_edit").text().replace(".", "").strip()
            if not text:
                issues.append((name, "Chưa nhập số người"))
            elif not text.isdigit() or int(text) > MAX_WORKERS:
                issues.append((name, f"Phải là số người từ 0 đến {group_thousands(MAX_WORKERS)}"))
            else:
                values[name] = int(text)
        total = values.get("total_workers")
        for name in ("female_workers", "eligible_workers"):
            if total is not None and values.get(name, 0) > total:
                issues.append((name, "Lớn hơn tổng số lao động"))
        for name in self.FIELDS:
            self.set_error(name, "")
        for field, message in issues:
            self.set_error(field, message)
        if issues:
            return None, issues
        return Workforce(period, values["total_workers"], values["female_workers"], values["eligible_workers"]), []
