"""One indicator as a card: value, target, met / not met (colour and words), progress, missing.

The card is a focusable frame: a click, Enter or Space emits `activated(indicator_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QWidget

from kh06_desktop.domain.formats import format_percent, group_thousands
from kh06_desktop.domain.indicators import DESCRIPTIONS, Indicator
from kh06_desktop.ui.forms import load_form

GREEN, RED, GREY, AMBER = "#2e7d32", "#c62828", "#6b7785", "#a15c00"

# What the counted things are called, per indicator: (numerator noun, denominator noun).
_NOUNS = {
    "1": ("đoàn viên", "người đủ điều kiện"),
    "2": ("người tham gia", "CCVCLĐ"),
    "3": ("trường hợp đã thăm hỏi", "trường hợp"),
    "4a": ("đã tập huấn", "ủy viên BCH"),
    "4b": ("đã tập huấn", "tổ trưởng, tổ phó"),
}
_MISSING = {
    "1": "Còn {n} người đủ điều kiện chưa kết nạp",
    "2": "Còn {n} người chưa tham gia học tập, quán triệt",
    "3": "Còn {n} trường hợp khó khăn chưa được thăm hỏi, hỗ trợ",
    "4a": "Còn {n} ủy viên BCH chưa được tập huấn",
    "4b": "Còn {n} tổ trưởng, tổ phó chưa được tập huấn",
}


def verdict(indicator: Indicator) -> tuple[str, str]:
    """(words, colour) of the card's state; the words carry the meaning, not only the colour."""
    if not indicator.applicable:
        if indicator.met:
            return "Không áp dụng", GREY
        return "Thiếu số liệu", AMBER
    return ("Đạt", GREEN) if indicator.met else ("Chưa đạt", RED)


def ratio_text(indicator: Indicator) -> str:
    n, d = indicator.numerator, indicator.denominator
    if indicator.id == "5":
        if not d:
            return "Chưa đủ điều kiện thành lập (dưới 10 nữ đoàn viên)"
        return "Đã thành lập" if n else "Đủ điều kiện, chưa thành lập"
    first, second = _NOUNS[indicator.id]
    return f"{group_thousands(n)} {first} / {group_thousands(d)} {second}"


def missing_text(indicator: Indicator) -> str:
    if not indicator.applicable:
        if indicator.id in ("1", "2"):
            return "Chưa nhập số lao động của kỳ này (trang Đơn vị)"
        return {"3": "Không có trường hợp khó khăn nào trong kỳ", "4a": "Chưa ghi nhận ủy viên BCH",
                "4b": "Chưa ghi nhận tổ trưởng, tổ phó", "5": "Phân công một người phụ trách công tác nữ công"
                }[indicator.id]
    if indicator.id == "5":
        return "Cần thành lập Ban nữ công quần chúng" if indicator.missing else "Đã đạt yêu cầu"
    if indicator.missing == 0:
        return "Không còn ai thiếu"
    text = _MISSING[indicator.id].format(n=group_thousands(indicator.missing))
    needed = indicator.needed_for_target
    if needed and needed < indicator.missing:
        text += f" (cần thêm {group_thousands(needed)} để đạt mục tiêu)"
    return text


class IndicatorCard(QFrame):
    activated = Signal(str)

    def __init__(self, indicator_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator_id = indicator_id
        self.indicator: Indicator | None = None
        self.setObjectName(f"card_{indicator_id}")
        self.ui = load_form("dashboard/indicator_card.ui", self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(280)
        self._paint(GREY)

    def show_indicator(self, indicator: Indicator) -> None:
        self.indicator = indicator
        words, colour = verdict(indicator)
        self.ui.title_label.setText(f"{indicator.id}. {indicator.title}")
        self.ui.value_label.setText(indicator.percent_text())
        self.ui.value_label.setStyleSheet(f"font-size: 28px; font-weight: bold; color: {colour};")
        self.ui.status_label.setText(words)
        self.ui.status_label.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; border-radius: 9px; padding: 2px 10px;")
        self.ui.ratio_label.setText(ratio_text(indicator))
        self.ui.target_label.setText(f"Mục tiêu: {format_percent(indicator.target, 0)}")
        self.ui.missing_label.setText(missing_text(indicator))
        self.ui.missing_label.setStyleSheet(f"color: {colour if indicator.missing else '#44505c'};")
        bar = self.ui.progress_bar
        bar.setValue(int(round(min(indicator.percent or 0.0, 100.0) * 10)))
        bar.setStyleSheet(f"QProgressBar {{ border: none; background: #e3e8ee; border-radius: 4px; }}"
                          f"QProgressBar::chunk {{ background: {colour}; border-radius: 4px; }}")
        self._paint(colour)
        self.setToolTip(f"{DESCRIPTIONS[indicator.id]}\nBấm để xem danh sách còn thiếu.")
        self.setAccessibleName(f"Chỉ tiêu {indicator.id}: {indicator.title}, {indicator.percent_text()}, "
                               f"{words}")

    def show_review_comment(self, text: str | None) -> None:
        """The upper level's comment on this indicator, from the review taken in (DESIGN 6.4)."""
        self.ui.review_label.setText(f"Ý kiến cấp trên: {text}" if text else "")
        self.ui.review_label.setVisible(bool(text))

    def _paint(self, colour: str) -> None:
        name = self.objectName()
        self.setStyleSheet(
            f"QFrame#{name} {{ background: white; border: 1px solid #d0d7de; border-left: 6px solid {colour};"
            f" border-radius: 3px; }}"
            f"QFrame#{name}:focus {{ border: 2px solid #2f6ea5; border-left: 6px solid {colour}; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.indicator_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.indicator_id)
            return
        super().keyPressEvent(event)
