"""The window shown the moment the app starts, while the database opens, the start-up guard runs
(lock, password, the day's backup) and the first page is made: the clerk sees at once that the
program is starting, instead of nothing for a second or two on a slow office PC.

It imports only Qt: it is shown before SQLAlchemy, the models and the pages are imported.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen, QWidget

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


class StartingWindow(QSplashScreen):
    def __init__(self) -> None:
        super().__init__(_picture(QApplication.font()))
        self.setWindowTitle("KH06 Desktop")
        self.say("Đang mở dữ liệu…")

    def say(self, text: str) -> None:
        self.showMessage(text, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, QColor("#d7e3f0"))
        QApplication.processEvents()

    def done(self, window: QWidget | None = None) -> None:
        if window is not None:
            self.finish(window)
        else:
            self.close()


def show_starting_window() -> StartingWindow:
    """Shown and painted now, before anything heavy is imported."""
    window = StartingWindow()
    window.show()
    QApplication.processEvents()
    return window
