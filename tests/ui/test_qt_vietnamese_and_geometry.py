"""Qt's own texts in Vietnamese (standard buttons, wizard, message box details, calendar) and
windows that come back where the officer left them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWizard, QWizardPage

from kh06_desktop.ui import window_state
from kh06_desktop.ui.translations import install_vietnamese

SB = QDialogButtonBox.StandardButton


@pytest.fixture(autouse=True)
def vietnamese(qapp):  # type: ignore[no-untyped-def]
    install_vietnamese(qapp)
    yield
    QLocale.setDefault(QLocale.c())


def test_standard_buttons_are_vietnamese(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(SB.Ok | SB.Cancel | SB.Save | SB.Yes | SB.No | SB.Close)
    qtbot.addWidget(box)
    texts = {box.standardButton(b): b.text().replace("&", "") for b in box.buttons()}
    assert texts == {SB.Ok: "Đồng ý", SB.Cancel: "Hủy", SB.Save: "Lưu", SB.Yes: "Có", SB.No: "Không",
                     SB.Close: "Đóng"}


def test_message_box_and_wizard_are_vietnamese(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Information, "KH06", "Đã sao lưu", QMessageBox.StandardButton.Ok)
    box.setDetailedText("chi tiết")
    qtbot.addWidget(box)
    box.show()
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert "Đồng ý" in texts and "Hiện chi tiết…" in texts
    assert not {"OK", "Show Details..."} & texts
    wizard = QWizard()
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    wizard.show()
    names = {wizard.button(which).text().replace("&", "") for which in
             (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton)}
    assert names == {"< Quay lại", "Tiếp theo >", "Hủy"}


def test_locale_is_vietnamese_for_calendars_and_numbers() -> None:
    locale = QLocale()
    assert locale.language() == QLocale.Language.Vietnamese
    assert locale.toString(1234567) == "1.234.567"
    assert "11" in locale.monthName(11) and "November" not in locale.monthName(11)


def test_untranslated_texts_fall_through() -> None:
    assert QApplication.translate("QFileDialog", "Look in:") == "Tìm trong:"
    assert QApplication.translate("KH06Nowhere", "Plain text") == "Plain text"


def test_dialog_geometry_is_remembered_in_the_data_folder(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
    from kh06_desktop.ui.context import AppContext

    context = AppContext(db)
    picker = AttendeePicker(context)
    qtbot.addWidget(picker)
    picker.show()
    picker.setGeometry(QRect(10, 20, 780, 560))
    picker.reject()  # hidden: its place is saved
    assert (Path(window_state.paths.data_dir()) / window_state.STATE_FILE).exists()
    again = AttendeePicker(context)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 560)


def test_place_off_every_screen_comes_back_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    far = QDialog()
    qtbot.addWidget(far)
    far.setGeometry(QRect(20000, 20000, 500, 400))
    window_state.save_geometry(far, "test_far")  # e.g. a monitor since unplugged
    fresh = QDialog()
    qtbot.addWidget(fresh)
    window_state.restore_geometry(fresh, "test_far", (640, 480))
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.intersects(fresh.geometry())
    assert window_state._on_some_screen(fresh.geometry())
    nothing = QDialog()
    qtbot.addWidget(nothing)
    assert not window_state.restore_geometry(nothing, "never_saved", (640, 480))
    assert (nothing.width(), nothing.height()) == (640, 480)
    big = QDialog()
    qtbot.addWidget(big)
    window_state.restore_geometry(big, "never_saved_either", (3000, 2000))  # bigger than the screen
    # The whole window, its title bar included, stays above the taskbar: its buttons are never under it.
    assert big.size() == screen.size() - window_state.FRAME_ALLOWANCE


def test_main_window_remembers_its_size(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 560)  # the offscreen screen is narrower than the window's minimum: the height tells
    window.close()
    again = MainWindow(AppContext(db))
    qtbot.addWidget(again)
    assert again.height() == 560


def test_the_file_dialog_names_folders_in_vietnamese(tmp_path: Path) -> None:
    from PySide6.QtCore import QFileInfo
    from PySide6.QtWidgets import QFileIconProvider

    provider = QFileIconProvider()
    assert provider.type(QFileInfo(str(tmp_path))) == "Thư mục"  # was the untranslated «Folder»
