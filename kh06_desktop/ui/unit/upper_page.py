"""The upper level's own page: its profile (name, code, the body above it, who signs, the place and
the «Nơi nhận» list), printed on every consolidated report."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.services.unit.upper_profile import UpperProfile, get_upper_profile, save_upper_profile
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form

_FIELDS = ("code", "name", "parent_body", "chair_name", "chair_title", "place", "recipients")
_OK = "color: #1e6b2f;"
_BAD = "color: #b3261e;"


class UpperPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("unit/upper_page.ui", self)
        self.ui.save_button.clicked.connect(self.save)
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        profile = get_upper_profile(self.context.db)
        for field in _FIELDS[:-1]:
            getattr(self.ui, f"{field}_edit").setText(getattr(profile, field))
        self.ui.recipients_edit.setPlainText("\n".join(profile.recipients))
        self._show_issues([])
        self.ui.status_label.setText("")
        self._loaded = True

    def profile(self) -> UpperProfile:
        values = {field: getattr(self.ui, f"{field}_edit").text() for field in _FIELDS[:-1]}
        recipients = tuple(line for line in self.ui.recipients_edit.toPlainText().splitlines() if line.strip())
        return UpperProfile(**values, recipients=recipients)

    def _show_issues(self, issues: list[tuple[str, str]]) -> None:
        found = dict(issues)
        for field in _FIELDS:
            getattr(self.ui, f"{field}_error").setText(found.get(field, ""))

    def save(self) -> None:
        try:
            saved = save_upper_profile(self.context.db, self.profile())
        except InvalidInput as exc:
            self._show_issues(exc.issues)
            self.ui.status_label.setStyleSheet(_BAD)
            self.ui.status_label.setText(str(exc))
            return
        except ServiceError as exc:
            self.ui.status_label.setStyleSheet(_BAD)
            self.ui.status_label.setText(str(exc))
            return
        self.reload()
        self.ui.status_label.setStyleSheet(_OK)
        self.ui.status_label.setText(f"Đã lưu hồ sơ {saved.name}.")
        self.context.data_changed.emit("unit")
