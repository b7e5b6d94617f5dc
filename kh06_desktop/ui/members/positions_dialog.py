"""A member's union positions with their dates: assign a new one, end one, remove a mistake.

Ending keeps the history (indicators read the positions held at a period's end); removing is
only for a line entered by mistake.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QTableWidgetItem, QWidget

from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.members.members import PositionInfo, add_position, end_position, get_member, remove_position
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.members.status_dialog import from_qdate, to_qdate

_HEADERS = ("Chức vụ", "Từ ngày", "Đến ngày", "Tổ công đoàn")


class PositionsDialog(QDialog):
    def __init__(self, db: Database, member_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.member_id = db, member_id
        self.today = today or dt.date.today()
        self.changed = False
        self.positions: list[PositionInfo] = []
        self.ui = load_form("members/positions_dialog.ui", self)
        set_host_margins(self, 14, 12, 14, 12)  # load_form leaves the host flush
        self.setMinimumWidth(640)
        table = self.ui.positions_table
        table.setColumnCount(len(_HEADERS))
        table.setHorizontalHeaderLabels(list(_HEADERS))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        for role in Role:
            self.ui.role_combo.addItem(role.label, role.value)
        for edit in (self.ui.start_date_edit, self.ui.end_date_edit):
            edit.setDate(to_qdate(self.today))
        self.ui.add_button.clicked.connect(self.add)
        self.ui.end_button.clicked.connect(self.end_selected)
        self.ui.remove_button.clicked.connect(self.remove_selected)
        table.itemSelectionChanged.connect(self._update_buttons)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.ui.button_box.rejected.connect(self.accept)
        self.reload()

    def reload(self) -> None:
        member = get_member(self.db, self.member_id)
        self.ui.member_label.setText(f"{member.full_name}" + (f" — {member.group_name}" if member.group_name else ""))
        self.positions = sorted(member.positions, key=lambda p: (p.end_date is not None, p.start_date or dt.date.min))
        table = self.ui.positions_table
        table.setRowCount(len(self.positions))
        for row, p in enumerate(self.positions):
            ended = p.end_date is not None and p.end_date < self.today
            values = (p.role.label, format_date(p.start_date), format_date(p.end_date) or "đang giữ",
                      member.group_name if p.group_id and p.group_id == member.group_id else "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value or "")
                if ended:
                    item.setForeground(self.palette().placeholderText())
                table.setItem(row, column, item)
        self._update_buttons()

    def _selected(self) -> PositionInfo | None:
        rows = self.ui.positions_table.selectionModel().selectedRows()
        return self.positions[rows[0].row()] if rows else None

    def select_row(self, row: int) -> None:
        self.ui.positions_table.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.ui.end_button.setEnabled(chosen is not None and chosen.end_date is None)
        self.ui.remove_button.setEnabled(chosen is not None)

    def _run(self, action) -> bool:  # type: ignore[no-untyped-def]
        try:
            action()
        except ServiceError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.ui.error_label.setText("")
        self.changed = True
        self.reload()
        return True

    def add(self) -> bool:
        role = Role(self.ui.role_combo.currentData())
        start = from_qdate(self.ui.start_date_edit.date())
        return self._run(lambda: add_position(self.db, self.member_id, role, start))

    def end_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None:
            return False
        end = from_qdate(self.ui.end_date_edit.date())
        return self._run(lambda: end_position(self.db, chosen.id, end))

    def confirm_remove(self, position: PositionInfo) -> bool:
        answer = QMessageBox.question(
            self, "Xóa chức vụ",
            f"Xóa dòng «{position.role.label}» vì nhập nhầm?\nNếu đoàn viên thôi giữ chức vụ, hãy dùng «Kết thúc».")
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None or not self.confirm_remove(chosen):
            return False
        return self._run(lambda: remove_position(self.db, chosen.id))
