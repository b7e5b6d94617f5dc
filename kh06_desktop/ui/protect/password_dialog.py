"""The password dialog, in two modes: asking for the password at start-up, and setting,
changing or removing it (Tệp → Đặt/đổi mật khẩu…). Checks and storage are services.access."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.protect import access
from kh06_desktop.store.database import Database, DatabaseError
from kh06_desktop.ui.forms import load_form

ASK, SET = "ask", "set"


class PasswordDialog(QDialog):
    def __init__(self, db: Database, mode: str = ASK, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.mode = db, mode
        self.ui = load_form("protect/password_dialog.ui", self)
        self.setMinimumWidth(460)
        self.attempts = 0
        has_password = access.has_password(db)
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        if mode == ASK:
            self.setWindowTitle("KH06 Desktop — Mật khẩu")
            self.ui.intro_label.setText("Dữ liệu này được đặt mật khẩu. Hãy nhập mật khẩu để mở phần mềm.")
            self.ui.current_label.setText("Mật khẩu")
            for widget in (self.ui.new_label, self.ui.new_edit, self.ui.repeat_label, self.ui.repeat_edit,
                           self.ui.remove_check):
                widget.hide()
            ok.setText("Mở")
        else:
            self.setWindowTitle("Đặt hoặc đổi mật khẩu")
            self.ui.intro_label.setText(
                "Mật khẩu được hỏi mỗi lần mở phần mềm. Phần mềm chỉ lưu dạng băm (Argon2id) của mật khẩu, "
                "không lưu mật khẩu. Nếu quên mật khẩu sẽ không mở được phần mềm: hãy ghi lại và cất ở nơi an toàn."
                if not has_password else
                "Nhập mật khẩu hiện tại, rồi mật khẩu mới hai lần; hoặc chọn bỏ mật khẩu.")
            self.ui.current_label.setVisible(has_password)
            self.ui.current_edit.setVisible(has_password)
            self.ui.remove_check.setVisible(has_password)
            self.ui.remove_check.toggled.connect(self._remove_toggled)
            ok.setText("Lưu")
        self.ui.button_box.accepted.connect(self.accept_input)
        self.ui.button_box.rejected.connect(self.reject)
        (self.ui.current_edit if has_password else self.ui.new_edit).setFocus()

    def _remove_toggled(self, checked: bool) -> None:
        for widget in (self.ui.new_label, self.ui.new_edit, self.ui.repeat_label, self.ui.repeat_edit):
            widget.setEnabled(not checked)

    def _show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)

    def accept_input(self) -> bool:
        if self.mode == ASK:
            if access.verify_password(self.db, self.ui.current_edit.text()):
                self.accept()
                return True
            self.attempts += 1
            self.ui.current_edit.clear()
            self.ui.current_edit.setFocus()
            self._show_error(f"Mật khẩu không đúng (lần {self.attempts}). Hãy thử lại; chữ hoa và chữ thường "
                             "được phân biệt, hãy kiểm tra phím Caps Lock và bộ gõ tiếng Việt.")
            return False
        try:
            if self.ui.remove_check.isChecked():
                access.remove_password(self.db, self.ui.current_edit.text())
            else:
                access.set_password(self.db, self.ui.new_edit.text(), self.ui.repeat_edit.text(),
                                    current=self.ui.current_edit.text())
        except (ServiceError, DatabaseError) as exc:
            self._show_error(str(exc))
            return False
        self.accept()
        return True


def ask_password(db: Database, parent: QWidget | None = None) -> bool:
    """True when the app may open: no password set, or the right one typed."""
    if not access.has_password(db):
        return True
    return PasswordDialog(db, ASK, parent).exec() == QDialog.DialogCode.Accepted
