"""Long work off the UI thread: the work function runs in a worker thread and reports progress;
success and failure come back on the UI thread. Nothing in the work touches a widget.

    run_operation(parent, "Đang nhập danh sách…", work, on_success=show_result)

`work(progress)` gets a `Progress`: call `progress.report(done, total, text)` now and then and
`progress.check()` where stopping is safe (it raises `Cancelled` when the user pressed Hủy).
A service that owns a transaction rolls back on that exception, so a cancel leaves no partial data.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.store.database import DatabaseError


class Cancelled(Exception):
    """The user cancelled the operation."""


class Progress:
    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except (ServiceError, DatabaseError, OSError, ValueError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception:  # noqa: BLE001 - the user gets one message, the log gets the trace
            traceback.print_exc()
            self.signals.failed.emit("Đã xảy ra lỗi không mong muốn; dữ liệu chưa bị thay đổi.")
        else:
            self.signals.succeeded.emit(result)


class Operation(QObject):
    """A running piece of long work with its progress dialog. Keep a reference while it runs."""

    finished = Signal()

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], Any],
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 show_dialog: bool = True) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.progress = Progress(self.signals)
        self._on_success, self._on_failure = on_success, on_failure
        self._parent = parent
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, "Hủy", 0, 0, parent)
            self.dialog.setWindowTitle("KH06 Desktop")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.progress.cancel)
        self.signals.progress.connect(self._show_progress)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        self.signals.cancelled.connect(self._cancelled)
        QThreadPool.globalInstance().start(_Job(work, self.signals, self.progress))

    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if text:
                self.dialog.setLabelText(text)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
        self.finished.emit()

    def _succeeded(self, result: Any) -> None:
        self._close()
        if self._on_success:
            self._on_success(result)

    def _failed(self, message: str) -> None:
        self._close()
        if self._on_failure:
            self._on_failure(message)
        else:
            QMessageBox.warning(self._parent, "KH06 Desktop", message)

    def _cancelled(self) -> None:
        self._close()
        if self._on_failure:
            self._on_failure("Đã hủy; dữ liệu không thay đổi.")


def run_operation(parent: QWidget, title: str, work: Callable[[Progress], Any],
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[str], None] | None = None, show_dialog: bool = True) -> Operation:
    return Operation(parent, title, work, on_success, on_failure, show_dialog)
