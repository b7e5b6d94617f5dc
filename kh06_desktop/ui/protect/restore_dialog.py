"""Choosing the backup to restore: this database's backups, newest first, or any other file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QListWidgetItem, QWidget

from kh06_desktop.domain.formats import format_date
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.protect.backup import BackupInfo, backup_folder, describe_backup, list_backups
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


def backup_label(info: BackupInfo) -> str:
    when = info.created
    return (f"{_WEEKDAYS[when.weekday()]} {format_date(when.date())} lúc {when:%H:%M} — "
            f"{info.kind_label} — {size_text(info.size)}")


def summary_text(path: Path) -> str:
    try:
        return "Sẽ đưa về: " + describe_backup(path).describe() + "."
    except ServiceError as exc:
        return f"Không dùng được bản sao lưu này: {exc}"


class RestoreDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ui = load_form("protect/restore_dialog.ui", self)
        self.setMinimumWidth(560)
        self.chosen: Path | None = None
        folder = backup_folder(db)
        self.ui.folder_label.setText(f"Thư mục sao lưu: {folder}")
        for info in list_backups(db):
            item = QListWidgetItem(backup_label(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self.ui.backup_list.addItem(item)
        self.ui.backup_list.currentItemChanged.connect(lambda item, _previous: self._show_summary(item))
        if self.ui.backup_list.count():
            self.ui.backup_list.setCurrentRow(0)
        else:
            self.ui.backup_list.addItem("(Chưa có bản sao lưu nào trong thư mục này)")
            self.ui.backup_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Khôi phục…")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.ui.button_box.accepted.connect(self._choose_selected)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.backup_list.itemDoubleClicked.connect(lambda _item: self._choose_selected())
        self.ui.other_file_button.clicked.connect(self._choose_file)

    def _show_summary(self, item: QListWidgetItem | None) -> None:
        """What the selected backup would bring back (unit, date, counts), or why it cannot."""
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.ui.summary_label.setText(summary_text(Path(path)) if path else "")

    def _choose_selected(self) -> None:
        item = self.ui.backup_list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if path:
            self.chosen = Path(path)
            self.accept()

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Chọn bản sao lưu", str(backup_folder(self.db)),
            "Bản sao lưu KH06 (*.db *.sqlite);;Mọi tệp (*)")
        if path:
            self.chosen = Path(path)
            self.accept()
