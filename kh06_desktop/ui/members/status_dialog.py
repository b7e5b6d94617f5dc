"""Transfer a member out, record that they left (or bring them back), with the date.

The record is kept: status and date change, open positions end on that day (services.members).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from kh06_desktop.domain.enums import MemberStatus
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.members.members import change_status, get_member
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form, set_host_margins

_CHOICES = {
    MemberStatus.TRANSFERRED: "Chuyển sinh hoạt công đoàn đi nơi khác",
    MemberStatus.LEFT: "Thôi sinh hoạt công đoàn",
    MemberStatus.ACTIVE: "Sinh hoạt trở lại",
}


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class StatusDialog(QDialog):
    def __init__(self, db: Database, member_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.member_id = db, member_id
        today = today or dt.date.today()
        self.ui = load_form("members/status_dialog.ui", self)
        set_host_margins(self, 14, 12, 14, 12)  # load_form leaves the host flush
        self.setMinimumWidth(520)
        member = get_member(db, member_id)
        self.ui.member_label.setText(f"{member.full_name} — {member.status.label}")
        for status, label in _CHOICES.items():
            if status is not member.status:
                self.ui.status_combo.addItem(label, status.value)
        self.ui.date_edit.setMaximumDate(to_qdate(today))
        if member.join_date:
            self.ui.date_edit.setMinimumDate(to_qdate(member.join_date))
        self.ui.date_edit.setDate(to_qdate(today))
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi nhận")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)

    def save(self) -> bool:
        status = MemberStatus(self.ui.status_combo.currentData())
        try:
            change_status(self.db, self.member_id, status, from_qdate(self.ui.date_edit.date()),
                          note=self.ui.note_edit.text().strip() or None)
        except ServiceError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.accept()
        return True
