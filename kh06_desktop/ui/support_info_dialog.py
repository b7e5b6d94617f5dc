"""Trợ giúp → Thông tin hỗ trợ: the report of `kh06 doctor` for the open database, with «Sao chép»."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from kh06_desktop.diagnostics import SupportReport, collect
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.window_state import remember_geometry

_OK = "color: #1e6b2f;"
_BAD = "color: #b3261e;"


class SupportInfoDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form("main/support_info_dialog.ui", self)
        remember_geometry(self, "support_info_dialog", (760, 520))  # within the screen, its title bar included
        self.report: SupportReport = collect(db=db)
        self.ui.report_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.ui.report_text.setPlainText(self.report.text())
        if self.report.ok:
            self.ui.status_label.setText("Bản cài đặt đầy đủ; không phát hiện lỗi.")
            self.ui.status_label.setStyleSheet(_OK)
        else:
            self.ui.status_label.setText(f"Phát hiện {len(self.report.problems)} lỗi (xem cuối nội dung). "
                                         "Hãy gửi nội dung này cho người hỗ trợ kỹ thuật.")
            self.ui.status_label.setStyleSheet(_BAD)
        self.ui.copy_button.clicked.connect(self.copy)
        self.ui.close_button.clicked.connect(self.accept)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report.text())
        self.ui.copy_button.setText("Đã sao chép")
