"""The window shown the moment the app starts, while the database opens, the start-up guard runs
(lock, password, the day's backup) and the first page is made: the clerk sees at once that the
program is starting, instead of nothing for a second or two on a slow office PC.

It imports only Qt: it is shown before SQLAlchemy, the models and the pages are imported.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

WIDTH, HEIGHT = 460, 150
BACKGROUND = "#1f3b5a"


def _picture(font: QFont) -> QPixmap:
    pixmap = QPixmap(WIDTH, HEIGHT)
    pixmap.fill(QColor(BACKGROUND))
    painter = QPainter(pixmap)
    try:
        painter.setPen(QColor("white"))
        title = QFont(font)
        title.setPointSizeF(font.pointSizeF() * 1.8)
        title.setBold(True)
        painter.setFont(title)
        painter.drawText(24, 24, WIDTH - 48, 44, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         "KH06 Desktop")
        painter.setFont(font)
        painter.drawText(24, 68, WIDTH - 48, 40, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         "Theo dõi thực hiện Kế hoạch 06-KH/BCSĐ tại công đoàn cơ sở")
    finally:
        painter.end()
    return pixmap


class StartingWindow(QWidget):
    """A frameless splash-style window. Not a QSplashScreen: its show() blocks until the window
    system reports the window exposed (up to a second where none does, as offscreen), which
    would delay the main window by as much as it saves."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("KH06 Desktop")
        self.setFixedSize(WIDTH, HEIGHT)
        self._picture = _picture(QApplication.font())
        self._message = ""
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self.say("Đang mở dữ liệu…")
        # Any dialog shown meanwhile (the password, a message about the lock or the database) must
        # never be hidden behind this window: it steps aside for the first one.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and self.isVisible():
            self.close()
        return False

    def say(self, text: str) -> None:
        self._message = text
        self.repaint()
        QApplication.processEvents()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            painter.drawPixmap(0, 0, self._picture)
            painter.setPen(QColor("#d7e3f0"))
            painter.drawText(self.rect().adjusted(24, 0, -24, -12),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, self._message)
        finally:
            painter.end()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)


def show_starting_window() -> StartingWindow:
    """Shown and painted now, before anything heavy is imported."""
    window = StartingWindow()
    window.show()
    QApplication.processEvents()
    return window
