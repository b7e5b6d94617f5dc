"""File dialogs that remember the last folder per kind of file (member lists, reports, data files…).

Each kind keeps its own folder in the app's settings (`window_state.app_settings`), so choosing HR's
list in «Tải về» does not send the next PDF there; the first time, the user's documents folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from kh06_desktop.ui.window_state import app_settings

KEY = "last_folder/{kind}"


def last_folder(kind: str) -> str:
    value = str(app_settings().value(KEY.format(kind=kind), "", type=str) or "")
    if value and Path(value).is_dir():
        return str(value)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def remember_folder(kind: str, chosen: str) -> None:
    if chosen:
        settings = app_settings()
        settings.setValue(KEY.format(kind=kind), str(Path(chosen).parent))
        settings.sync()


def open_file(parent: QWidget | None, kind: str, title: str, file_filter: str) -> str:
    """The chosen file ("" when cancelled), starting in the folder last used for `kind`."""
    path, _chosen_filter = QFileDialog.getOpenFileName(parent, title, last_folder(kind), file_filter)
    remember_folder(kind, path)
    return path


def save_file(parent: QWidget | None, kind: str, title: str, suggested_name: str, file_filter: str) -> str:
    """Where to save ("" when cancelled): the suggested name in the folder last used for `kind`."""
    path, _chosen_filter = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder(kind)) / suggested_name),
                                                       file_filter)
    remember_folder(kind, path)
    return path
