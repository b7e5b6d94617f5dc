"""Remembering where windows were: size and position of the main window and the big dialogs.

State goes to Qt's per-user settings; when KH06_DATA_DIR points the app at another data folder
(a second office, a test), it goes to an INI file in that folder instead, so two data folders
never fight over one window layout. A remembered place that is no longer on any screen (a laptop
unplugged from its second monitor) is dropped and the window is centred at its default size.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kh06_desktop import paths

STATE_FILE = "giao-dien.ini"


def app_settings() -> QSettings:
    if os.environ.get("KH06_DATA_DIR"):
        file = Path(paths.data_dir()) / STATE_FILE
        return QSettings(str(file), QSettings.Format.IniFormat)
    return QSettings()


def _on_some_screen(rect: QRect) -> bool:
    """True when most of the window's title area is visible on a screen."""
    probe = QRect(rect.x(), rect.y(), max(rect.width(), 1), min(max(rect.height(), 1), 40))
    for screen in QGuiApplication.screens():
        overlap = screen.availableGeometry().intersected(probe)
        if overlap.width() * overlap.height() * 2 >= probe.width() * probe.height():
            return True
    return False


# A window's frame around its contents before the window system has told its real size: Windows 10/11's
# title bar (31 px at 100 %) and side borders. resize() sizes the contents; the frame comes on top.
FRAME_ALLOWANCE = QSize(16, 31)


def window_room(widget: QWidget) -> QSize | None:
    """The largest contents size that keeps the whole window, title bar and buttons, on its screen above
    the taskbar; None without a screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    frame = widget.frameGeometry().size() - widget.geometry().size()
    if not widget.isVisible() or frame.isEmpty():
        frame = FRAME_ALLOWANCE
    return (screen.availableGeometry().size() - frame).expandedTo(QSize(200, 150))


def _fit_screen(widget: QWidget, width: int, height: int) -> None:
    room = window_room(widget)
    if room is None:
        widget.resize(width, height)
        return
    widget.resize(min(width, room.width()), min(height, room.height()))


def restore_geometry(widget: QWidget, key: str, default_size: tuple[int, int] | None = None) -> bool:
    """Put the widget where it was last time; True if a remembered place was used."""
    value = app_settings().value(f"{key}/geometry")
    if value is not None and widget.restoreGeometry(value) and _on_some_screen(widget.geometry()):
        return True
    if default_size is not None:
        _fit_screen(widget, *default_size)
    return False


def save_geometry(widget: QWidget, key: str) -> None:
    settings = app_settings()
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
    settings.sync()


def grow_to_contents(widget: QWidget) -> None:
    """Give a shown window at least the size its contents ask for, within the screen.

    A minimum width set in a constructor resizes the window before its layouts have settled, and
    Qt then shows it at its minimum height: the last field is cut off by a few pixels."""
    hint = widget.sizeHint()
    width, height = max(widget.width(), hint.width()), max(widget.height(), hint.height())
    if (width, height) != (widget.width(), widget.height()):
        _fit_screen(widget, width, height)


class _Remember(QObject):
    """Saves the watched window's geometry each time it is hidden (accepted, rejected, closed);
    on the first show of a window with no remembered place, fits it to its contents."""

    def __init__(self, widget: QWidget, key: str, fit_on_show: bool) -> None:
        super().__init__(widget)
        self._key = key
        self._fit_on_show = fit_on_show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not (isinstance(watched, QWidget) and watched.isWindow()):
            return False
        if event.type() == QEvent.Type.Show and self._fit_on_show:
            self._fit_on_show = False
            grow_to_contents(watched)
        elif event.type() == QEvent.Type.Hide:
            save_geometry(watched, self._key)
        return False


def remember_geometry(widget: QWidget, key: str, default_size: tuple[int, int] | None = None) -> None:
    """Restore the widget's last size and position now and save them whenever it is hidden."""
    restored = restore_geometry(widget, key, default_size)
    widget.installEventFilter(_Remember(widget, key, fit_on_show=not restored))
