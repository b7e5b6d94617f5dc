"""What using the real window showed: the upper level's sidebar and title, one period for the whole
window, the consolidated table's unit names, the set-up dialog's last field, the unit page's
workforce boxes, and a main window that fits a 1280-pixel screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHeaderView, QLineEdit

from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.main_window import MainWindow


@pytest.fixture
def upper_window(qtbot, db):  # type: ignore[no-untyped-def]
    set_setting(db, "mode", MODE_UPPER)
    set_setting(db, "upper_name", "Công đoàn Tổng công ty Hóa chất Việt Nam")
    set_setting(db, "upper_code", "CDCT-HC")
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    return window


def test_upper_level_sidebar_title_and_first_page(upper_window) -> None:  # type: ignore[no-untyped-def]
    sidebar = upper_window.ui.sidebar
    labels = [sidebar.item(i).text() for i in range(sidebar.count())]
    assert labels == ["Tổng hợp đơn vị", "Hồ sơ cấp trên", "Nhật ký thay đổi"]
    assert upper_window.current_page_key() == "consolidation"
    assert upper_window.windowTitle() == "Công đoàn Tổng công ty Hóa chất Việt Nam — KH06 Desktop"


def test_one_period_for_page_and_toolbar(upper_window) -> None:  # type: ignore[no-untyped-def]
    page = upper_window.pages["consolidation"]
    context = upper_window.context
    page_combo = page.ui.period_combo
    target = next(page_combo.itemData(i) for i in range(page_combo.count()) if page_combo.itemData(i) != page.period)
    page_combo.setCurrentIndex(page_combo.findData(target))
    assert context.period.code == target
    assert upper_window.period_combo.currentData() == target
    other = next(upper_window.period_combo.itemData(i) for i in range(upper_window.period_combo.count())
                 if upper_window.period_combo.itemData(i) not in (target,) and page_combo.findData(
                     upper_window.period_combo.itemData(i)) >= 0)
    upper_window.period_combo.setCurrentIndex(upper_window.period_combo.findData(other))
    assert page.period == other


def test_consolidated_unit_names_get_a_readable_width(upper_window) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.exchange.consolidation_page import NAME_WIDTH

    table = upper_window.pages["consolidation"].ui.units_table
    upper_window.resize(1350, 697)  # a 1366×768 screen
    upper_window.show()
    assert table.horizontalHeader().sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert table.columnWidth(1) >= NAME_WIDTH


def test_unit_window_period_follows_context(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    code = window.period_combo.itemData(0)
    window.context.set_period(Period.parse(code))
    assert window.period_combo.currentData() == code


def test_main_window_fits_a_1280_screen(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    assert window.minimumSizeHint().width() <= 1200
    wide = {key: page.minimumSizeHint().width() for key, page in window.pages.items()
            if page.minimumSizeHint().width() > 960}
    assert wide == {}


def test_setup_dialog_shows_its_last_field_whole(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.unit.setup_dialog import SetupDialog

    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    host = dialog.ui.profile_host
    # The offscreen screen is 600 px tall: the dialog grows to its contents as far as the screen allows,
    # its title bar included.
    from kh06_desktop.ui.window_state import FRAME_ALLOWANCE

    screen = dialog.screen().availableGeometry().height()
    assert host.height() >= host.minimumSizeHint().height() or dialog.height() == screen - FRAME_ALLOWANCE.height()


def test_unit_page_workforce_boxes_are_wide_enough(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.unit.unit_page import UnitPage

    page = UnitPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    edit: QLineEdit = page.workforce.ui.total_workers_edit
    assert edit.width() >= edit.fontMetrics().horizontalAdvance("1.234.567")
    error = page.workforce.ui.total_workers_error
    assert not error.isVisible()  # an empty message takes no room
    page.workforce.set_error("total_workers", "Số lao động phải là số nguyên")
    assert error.isVisible()
