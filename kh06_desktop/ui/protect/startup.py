"""What happens around the main window (ui/app.py calls these two when this module exists):

before: take the one-writer lock (refuse with the holder named if another window has it), ask
the password if one is set, make the day's automatic backup, and show database errors from any
later action as a message instead of a traceback;
after: the closing backup, then release the lock.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.protect import backup
from kh06_desktop.store.database import Database, DatabaseError
from kh06_desktop.store.lock import DatabaseLock, acquire_for
from kh06_desktop.ui.protect.password_dialog import ask_password

TITLE = "KH06 Desktop"
_lock: DatabaseLock | None = None
_previous_hook = sys.excepthook


def before_main_window(db: Database) -> bool:
    """False when the app must not open (held by another window, or no password given)."""
    global _lock
    try:
        _lock = acquire_for(db)
    except DatabaseError as exc:
        QMessageBox.warning(None, TITLE, str(exc))
        return False
    if not ask_password(db):
        release_lock()
        return False
    if db.is_sqlite:
        try:
            backup.daily_backup(db)
        except ServiceError as exc:  # never blocks opening; the officer learns backups are failing
            QMessageBox.warning(None, TITLE, f"Chưa tạo được bản sao lưu tự động hôm nay.\n\n{exc}")
    install_error_hook()
    return True


def after_main_window(db: Database) -> None:
    try:
        if db.is_sqlite and _lock is not None:
            backup.closing_backup(db)
    except ServiceError as exc:
        QMessageBox.warning(None, TITLE, f"Không tạo được bản sao lưu khi đóng phần mềm.\n\n{exc}")
    finally:
        release_lock()


def release_lock() -> None:
    global _lock
    if _lock is not None:
        _lock.release()
        _lock = None


def show_unhandled(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A write that failed (full disk, read-only folder…) shows its Vietnamese message."""
    if isinstance(error, (DatabaseError, ServiceError)):
        message = str(error)
    else:
        traceback.print_exception(kind, error, tb)  # the trace goes to the log, not to the officer
        message = ("Đã xảy ra lỗi không mong muốn; thao tác vừa rồi chưa được lưu. "
                   "Dữ liệu đã lưu trước đó vẫn nguyên vẹn.")
    if QApplication.instance() is not None:
        QMessageBox.warning(QApplication.activeWindow(), TITLE, message)
    else:
        _previous_hook(kind, error, tb)


def install_error_hook() -> None:
    sys.excepthook = show_unhandled
