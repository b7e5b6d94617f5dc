"""File menu entries for data safety: back up now, restore, backup folder, password.

Backups and restores run off the UI thread (run_operation). While the window stays open for
days, a timer makes the once-a-day automatic backup too.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.protect import backup
from kh06_desktop.ui.operation import Progress, run_operation
from kh06_desktop.ui.protect.password_dialog import SET, PasswordDialog
from kh06_desktop.ui.protect.restore_dialog import RestoreDialog, backup_label

BACKUP_TEXT = "Sao lưu ngay"
RESTORE_TEXT = "Khôi phục từ bản sao lưu…"
FOLDER_TEXT = "Thư mục sao lưu…"
PASSWORD_TEXT = "Đặt/đổi mật khẩu…"
TITLE = "KH06 Desktop"
# Areas whose pages reload after a restore replaced everything.
ALL_AREAS = ("unit", "members", "groups", "trainings", "studies", "hardship", "women", "activities",
             "periods", "reports", "exchange", "audit")
DAILY_CHECK_MS = 60 * 60 * 1000


def install(window: QMainWindow) -> None:
    db = window.context.db  # type: ignore[attr-defined]
    menu = window.file_menu  # type: ignore[attr-defined]
    on_file = db.is_sqlite
    not_here = "Cơ sở dữ liệu trên máy chủ: hãy sao lưu bằng công cụ của máy chủ (pg_dump)"
    for name, text, handler, enabled in (
        ("backup_now_action", BACKUP_TEXT, backup_now, on_file),
        ("restore_action", RESTORE_TEXT, restore_from_backup, on_file),
        ("backup_folder_action", FOLDER_TEXT, choose_backup_folder, on_file),
        ("password_action", PASSWORD_TEXT, change_password, True),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.setEnabled(enabled)
        if not enabled:
            action.setToolTip(not_here)
        action.triggered.connect(lambda _checked=False, h=handler: h(window))
        menu.addAction(action)
        setattr(window, name, action)
    if on_file:
        timer = QTimer(window)
        timer.setObjectName("daily_backup_timer")
        timer.setInterval(DAILY_CHECK_MS)
        timer.timeout.connect(lambda: daily_backup_if_due(window))
        timer.start()


def _progress_callback(progress: Progress, text: str):  # type: ignore[no-untyped-def]
    return lambda done, total: progress.report(done, total, text)


def backup_now(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    db = context.db

    def work(progress: Progress) -> backup.BackupInfo:
        return backup.backup_now(db, backup.MANUAL, _progress_callback(progress, "Đang sao lưu dữ liệu…"))

    def done(info: backup.BackupInfo) -> None:
        context.status_message.emit(f"Đã sao lưu vào {info.path}")
        QMessageBox.information(window, TITLE, f"Đã sao lưu dữ liệu.\n\nTệp: {info.path}")

    window._backup_operation = run_operation(window, "Đang sao lưu dữ liệu…", work, on_success=done)  # type: ignore[attr-defined]


def daily_backup_if_due(window: QMainWindow) -> None:
    db = window.context.db  # type: ignore[attr-defined]
    try:
        due = backup.automatic_backup_due(db)
    except ServiceError:
        return
    if due:
        window._daily_operation = run_operation(  # type: ignore[attr-defined]
            window, "", lambda _p: backup.daily_backup(db), show_dialog=False,
            on_failure=lambda message: window.context.status_message.emit(message))  # type: ignore[attr-defined]


def restore_from_backup(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    db = context.db
    dialog = RestoreDialog(db, window)
    if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen is None:
        return
    chosen = dialog.chosen
    try:
        summary = backup.describe_backup(chosen)
        other = backup.check_identity(db, summary, chosen.name)
    except ServiceError as exc:
        QMessageBox.warning(window, TITLE, str(exc))
        return
    answer = QMessageBox.question(
        window, "Khôi phục dữ liệu",
        f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu:\n{chosen.name}\n\n{summary.describe()}.\n\n"
        "Trước khi thay, phần mềm kiểm tra bản sao lưu và tự lưu dữ liệu hiện tại thành một bản «Trước khi "
        "khôi phục», để có thể quay lại nếu chọn nhầm. Tiếp tục?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return
    if other is not None and QMessageBox.warning(
            window, "Bản sao lưu của cơ sở dữ liệu khác", f"{other}\n\nVẫn khôi phục?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
        return

    def work(progress: Progress) -> backup.RestoreResult:
        return backup.restore(db, chosen, _progress_callback(progress, "Đang khôi phục dữ liệu…"),
                              accept_other_database=other is not None)

    def done(result: backup.RestoreResult) -> None:
        context.reload_unit()
        for area in ALL_AREAS:
            context.notify(area)
        context.status_message.emit(f"Đã khôi phục từ {result.restored_from.name}")
        QMessageBox.information(
            window, TITLE, f"Đã khôi phục dữ liệu từ {result.restored_from.name}.\n\n"
            f"Dữ liệu trước khi khôi phục được lưu ở:\n{result.safety_copy.path}\n"
            f"({backup_label(result.safety_copy)})")

    window._restore_operation = run_operation(window, "Đang khôi phục dữ liệu…", work, on_success=done)  # type: ignore[attr-defined]


def choose_backup_folder(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    current = backup.backup_folder(context.db)
    folder = QFileDialog.getExistingDirectory(window, "Chọn thư mục sao lưu", str(current))
    if not folder:
        return
    try:
        chosen = backup.set_backup_folder(context.db, folder)
    except ServiceError as exc:
        QMessageBox.warning(window, TITLE, str(exc))
        return
    context.notify("audit")
    QMessageBox.information(
        window, TITLE, f"Từ nay các bản sao lưu được lưu ở:\n{chosen}\n\n"
        "Nên chọn một ổ khác hoặc một ổ USB/ổ mạng, để dữ liệu còn khi ổ máy tính bị hỏng. "
        "Các bản sao lưu cũ vẫn ở thư mục trước.")


def change_password(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    if PasswordDialog(context.db, SET, window).exec() == PasswordDialog.DialogCode.Accepted:
        context.notify("audit")
        context.status_message.emit("Đã lưu thay đổi mật khẩu")
