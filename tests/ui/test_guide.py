"""The guide inside the app: Trợ giúp → «Hướng dẫn sử dụng», F1 on a page opening its section, the
pictures it shows shipped beside it, and every page having a section."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.help.guide import SECTION_OF, guide_path
from kh06_desktop.ui.main_window import MainWindow
from kh06_desktop.ui.pages import PAGES


def test_the_guide_is_vietnamese_and_its_pictures_are_shipped() -> None:
    text = guide_path().read_text(encoding="utf-8")
    for task in ("Thiết lập lần đầu", "Nhập danh sách đoàn viên từ Excel", "Cập nhật danh sách mỗi sáu tháng",
                 "Ghi tập huấn", "Đọc bảng tổng quan", "Chốt số liệu và in báo cáo", "Xuất tệp dữ liệu",
                 "Cấp trên: tổng hợp"):
        assert task in text
    pictures = re.findall(r'<img src="([^"]+)"', text)
    assert pictures and all((guide_path().parent / p).is_file() for p in pictures)
    anchors = set(re.findall(r'<a name="([^"]+)"', text))
    assert {SECTION_OF.get(spec.key, spec.key) for spec in PAGES} <= anchors


def test_f1_opens_the_section_of_the_page_on_screen(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "guide_action")
    assert action.text().replace("&", "") == "Hướng dẫn sử dụng" and action in window.help_menu.actions()
    assert action.shortcut().toString() == "F1"
    window.open_page("reports")
    guide = window.open_guide()
    qtbot.waitUntil(guide.isVisible)
    browser = guide.ui.browser
    assert "Hướng dẫn sử dụng KH06 Desktop" in browser.toPlainText()
    at_reports = browser.verticalScrollBar().value()
    assert at_reports > 0  # scrolled down to section 6
    window.open_page("members")
    assert window.open_guide() is guide  # one guide window, moved to the members' section
    assert 0 < browser.verticalScrollBar().value() < at_reports
    guide.ui.contents_button.click()
    assert browser.verticalScrollBar().value() == 0
    qtbot.keyClick(guide, Qt.Key.Key_Escape)
