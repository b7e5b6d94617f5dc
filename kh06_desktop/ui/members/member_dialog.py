"""Add or edit one member, with the reason for each invalid field shown beside it.

Validation is `domain.validation.validate_member`, the same rules as the spreadsheet import.
A likely duplicate (same citizen id, or same name and date of birth) is shown with a
"Vẫn lưu" button: two people can share a name and a birthday. Warnings (a citizen id whose
digits disagree with the date of birth) are shown once; saving again keeps the record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QMessageBox, QWidget

from kh06_desktop.domain.enums import Gender, Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.validation import FIELD_LABELS, validate_member
from kh06_desktop.domain.vntext import default_given_name, nfc
from kh06_desktop.services.common.errors import Conflict, ServiceError
from kh06_desktop.services.members.member_rows import group_choices
from kh06_desktop.services.members.members import create_member, get_member, update_member
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.window_state import remember_geometry

# validate_member field → the form's widget prefix (the error label is "<prefix>_error").
_FIELD_PREFIX = {"full_name": "full_name", "given_name": "given_name", "gender": "gender",
                 "birth_date": "birth_date", "citizen_id": "citizen_id", "card_number": "card_number",
                 "group_name": "group", "department": "department", "join_date": "join_date", "phone": "phone",
                 "roles": "roles", "note": "note"}
_ROLE_ORDER = (Role.CHAIR, Role.VICE_CHAIR, Role.BCH_MEMBER, Role.INSPECTION, Role.GROUP_LEADER,
               Role.GROUP_DEPUTY, Role.WOMEN_HEAD, Role.WOMEN_DEPUTY, Role.WOMEN_MEMBER)


class MemberDialog(QDialog):
    def __init__(self, db: Database, unit_id: int, member_id: int | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.unit_id, self.member_id = db, unit_id, member_id
        self.today = today or dt.date.today()
        self.saved_member_id: int | None = None
        self._shown_warnings: tuple[str, ...] = ()
        self.ui = load_form("members/member_dialog.ui", self)
        set_host_margins(self, 14, 12, 14, 12)  # load_form leaves the host flush
        self.setWindowTitle("Sửa thông tin đoàn viên" if member_id else "Thêm đoàn viên")
        self.setMinimumWidth(820)
        remember_geometry(self, "member_dialog")
        self.ui.gender_combo.addItem("— chưa rõ —", None)
        for gender in Gender:
            self.ui.gender_combo.addItem(gender.label, gender.value)
        self._fill_groups()
        self.role_boxes: dict[Role, QCheckBox] = {}
        for i, role in enumerate(_ROLE_ORDER):
            box = QCheckBox(role.label, self.ui.roles_box)
            box.setObjectName(f"role_{role.value}")
            self.ui.roles_layout.addWidget(box, i // 3, i % 3)
            self.role_boxes[role] = box
        self.ui.roles_error.setText("")
        self.ui.duplicate_frame.hide()
        self.ui.save_anyway_button.clicked.connect(lambda: self.save(allow_duplicate=True))
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.full_name_edit.textChanged.connect(self._suggest_given_name)
        for prefix in ("full_name", "given_name", "birth_date", "citizen_id", "join_date", "phone"):
            edit = getattr(self.ui, f"{prefix}_edit")
            edit.textEdited.connect(lambda _t, p=prefix: self._clear_issue(p))
            edit.editingFinished.connect(lambda p=prefix: self._check_field(p))
        if member_id is not None:
            self._load(member_id)
        self.ui.full_name_edit.setFocus()

    # --- filling ------------------------------------------------------------------------
    def _fill_groups(self) -> None:
        combo: QComboBox = self.ui.group_combo
        combo.addItem("", None)
        for group_id, name in group_choices(self.db, self.unit_id):
            combo.addItem(name, group_id)
        line_edit = combo.lineEdit()
        if line_edit is not None:  # the combo is editable in the form
            line_edit.setPlaceholderText("Không thuộc tổ nào")

    def _load(self, member_id: int) -> None:
        m = get_member(self.db, member_id)
        ui = self.ui
        ui.full_name_edit.setText(m.full_name)
        if m.given_name != default_given_name(m.full_name):
            ui.given_name_edit.setText(m.given_name)
        ui.gender_combo.setCurrentIndex(max(ui.gender_combo.findData(m.gender.value if m.gender else None), 0))
        ui.birth_date_edit.setText(format_date(m.birth_date))
        ui.citizen_id_edit.setText(m.citizen_id or "")
        ui.card_number_edit.setText(m.card_number or "")
        index = ui.group_combo.findData(m.group_id) if m.group_id else 0
        ui.group_combo.setCurrentIndex(max(index, 0))
        ui.department_edit.setText(m.department or "")
        ui.join_date_edit.setText(format_date(m.join_date))
        ui.phone_edit.setText(m.phone or "")
        ui.note_edit.setPlainText(m.note or "")
        for position in m.positions:
            if position.held_on(self.today) and position.role in self.role_boxes:
                self.role_boxes[position.role].setChecked(True)

    def _suggest_given_name(self, text: str) -> None:
        given = default_given_name(nfc(text)) if nfc(text) else ""
        self.ui.given_name_edit.setPlaceholderText(f"Mặc định: {given}" if given else "Mặc định là chữ cuối của họ tên")

    # --- reading and checking -----------------------------------------------------------
    def _group_choice(self) -> tuple[int | None, str | None]:
        """(group id, new group name): an existing group by id, or a typed name to create."""
        combo: QComboBox = self.ui.group_combo
        text = nfc(combo.currentText())
        if not text:
            return None, None
        index = combo.findText(text)
        if index > 0:
            return combo.itemData(index), None
        return None, text

    def raw_values(self) -> dict[str, object]:
        ui = self.ui
        _group_id, group_name = self._group_choice()
        return {
            "full_name": ui.full_name_edit.text(),
            "given_name": ui.given_name_edit.text(),
            "gender": {"M": "Nam", "F": "Nữ"}.get(ui.gender_combo.currentData() or "", ""),
            "birth_date": ui.birth_date_edit.text(),
            "citizen_id": ui.citizen_id_edit.text(),
            "card_number": ui.card_number_edit.text(),
            "group_name": group_name,
            "department": ui.department_edit.text(),
            "join_date": ui.join_date_edit.text(),
            "phone": ui.phone_edit.text(),
            "note": ui.note_edit.toPlainText(),
            "roles": [role.value for role, box in self.role_boxes.items() if box.isChecked()],
        }

    def _clear_issue(self, prefix: str) -> None:
        getattr(self.ui, f"{prefix}_error").setText("")

    def _check_field(self, prefix: str) -> None:
        """Check one field when the officer leaves it, so the mistake shows where it was typed."""
        result = validate_member(self.raw_values(), today=self.today)
        fields = [field for field, p in _FIELD_PREFIX.items() if p == prefix]
        messages = [issue.message for issue in result.errors if issue.field in fields]
        getattr(self.ui, f"{prefix}_error").setText("; ".join(messages))

    def error_text(self, field: str) -> str:
        """The message shown beside a field (for tests and accessibility checks)."""
        return str(getattr(self.ui, f"{_FIELD_PREFIX[field]}_error").text())

    def _show_issues(self, errors: list, warnings: list) -> None:  # type: ignore[type-arg]
        for prefix in set(_FIELD_PREFIX.values()):
            self._clear_issue(prefix)
        by_prefix: dict[str, list[str]] = {}
        for issue in errors:
            by_prefix.setdefault(_FIELD_PREFIX.get(issue.field, "note"), []).append(issue.message)
        for prefix, messages in by_prefix.items():
            getattr(self.ui, f"{prefix}_error").setText("; ".join(messages))
        self.ui.warnings_label.setText(
            "\n".join(f"Cần kiểm tra — {FIELD_LABELS.get(w.field, w.field)}: {w.message}" for w in warnings))
        if errors:
            first = _FIELD_PREFIX.get(errors[0].field, "full_name")
            root = self.ui.root
            widget = root.findChild(QWidget, f"{first}_edit") or root.findChild(QWidget, f"{first}_combo")
            if widget is not None:
                widget.setFocus()

    # --- saving -------------------------------------------------------------------------
    def save(self, allow_duplicate: bool = False) -> bool:
        result = validate_member(self.raw_values(), today=self.today)
        self._show_issues(result.errors, result.warnings)
        if result.draft is None:
            return False
        warnings = tuple(w.message for w in result.warnings)
        if warnings and warnings != self._shown_warnings:
            self._shown_warnings = warnings
            self.ui.warnings_label.setText(self.ui.warnings_label.text() + "\nBấm «Lưu» lần nữa nếu thông tin đúng.")
            return False
        group_id, _name = self._group_choice()
        try:
            if self.member_id is None:
                self.saved_member_id = create_member(self.db, self.unit_id, result.draft, group_id=group_id,
                                                     allow_duplicate=allow_duplicate, today=self.today)
            else:
                update_member(self.db, self.member_id, result.draft, group_id=group_id,
                              allow_duplicate=allow_duplicate, today=self.today)
                self.saved_member_id = self.member_id
        except Conflict as exc:
            self.ui.duplicate_label.setText(f"Có thể bị trùng: {exc}. Nếu đây là người khác, bấm «Vẫn lưu».")
            self.ui.duplicate_frame.show()
            return False
        except ServiceError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        self.accept()
        return True
