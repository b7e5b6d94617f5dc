"""Every sidebar page (unit and upper level) and every dialog fits the office screens: 1366×768 and 1280×720,
at 100 % and at 125 % Windows scaling.

Qt scales a whole window uniformly (QT_SCALE_FACTOR, Windows' 125 %), so at 125 % a window has the same
layout in logical pixels and the screen is 1.25 times smaller: 1366×768 becomes 1093×614 and 1280×720
becomes 1024×576. Each window is sized to the screen less the taskbar and title bar (or to its own wish,
when smaller), then: it is not bigger than that, nothing in it needs a horizontal scroll bar, no table
column cuts its header, and every button is inside the window. The fonts are the bundled ones
(tests/conftest.py), so the numbers are the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

TODAY = dt.date(2026, 5, 20)
TASKBAR, TITLE_BAR, FRAME = 40, 31, 16  # Windows 10/11 at 100 %, in logical pixels
SCREENS = {  # name: logical screen size
    "1366x768": (1366, 768),
    "1280x720": (1280, 720),
    "1366x768@125%": (round(1366 / 1.25), round(768 / 1.25)),
    "1280x720@125%": (round(1280 / 1.25), round(720 / 1.25)),
}
AT_100 = ("1366x768", "1280x720")
AT_125 = ("1366x768@125%", "1280x720@125%")


def room(screen: str) -> tuple[int, int]:
    """The client area a maximised window or a dialog can have on that screen."""
    width, height = SCREENS[screen]
    return width - FRAME, height - TASKBAR - TITLE_BAR


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.isVisible()


# The member roster has eleven columns, wider than any of these screens: it scrolls sideways (its columns
# are still sized to their headers and contents, checked below). The upper level's consolidated table has
# twelve; it fits at 100 % and scrolls sideways at 125 % on 1280×720 (1024 logical pixels), where its
# figures alone («95,2 % (40/42)» in nine columns) need more than the window's width.
SCROLLS_SIDEWAYS = {"member_table"}
SHORT = 160  # px: a value this wide or less is shown whole
SCROLLS_SIDEWAYS_AT_125 = {"units_table"}


def problems(top: QWidget, label: str) -> list[str]:
    """What does not fit in `top` as it is now sized."""
    found: list[str] = []
    bounds = top.rect()
    for area in top.findChildren(QAbstractScrollArea):
        if not _shown(area, top) or isinstance(area.parentWidget(), QComboBox) or area.window() is not top:
            continue
        bar = area.horizontalScrollBar()
        allowed = SCROLLS_SIDEWAYS | (SCROLLS_SIDEWAYS_AT_125 if "125%" in label else set())
        if bar.maximum() > 0 and area.objectName() not in allowed:
            found.append(f"{label}: {area.objectName() or type(area).__name__} needs a horizontal scroll bar "
                         f"({bar.maximum()} px more)")
        if isinstance(area, QTableView) and area.model() is not None:
            header: QHeaderView = area.horizontalHeader()
            for column in range(area.model().columnCount()):
                if area.isColumnHidden(column):
                    continue
                need = header.sectionSizeFromContents(column).width()
                text = area.model().headerData(column, header.orientation())
                if header.sectionSize(column) + 2 < need and area.objectName() not in allowed:
                    found.append(f"{label}: {area.objectName()} column «{text}» is {header.sectionSize(column)} px, "
                                 f"its header needs {need}")
                # Short values (figures, money, dates, a status) are never cut; long texts may be, whole in tooltips.
                content = area.sizeHintForColumn(column)
                if (header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch and content <= SHORT
                        and header.sectionSize(column) + 2 < content):
                    found.append(f"{label}: {area.objectName()} column «{text}» is {header.sectionSize(column)} px, "
                                 f"its values need {content}")
    for button in top.findChildren(QAbstractButton):
        if not _shown(button, top) or button.window() is not top:
            continue
        if any(isinstance(p, QAbstractItemView) for p in _parents(button, top)):
            continue
        rect = QRect(button.mapTo(top, button.rect().topLeft()), button.size())
        if any(isinstance(p, QAbstractScrollArea) for p in _parents(button, top)):
            rect.moveTop(0)  # a page that scrolls down brings it into view: only its sideways place matters
            rect.setHeight(1)
        if not bounds.contains(rect):
            found.append(f"{label}: button «{button.text()}» at {rect.getRect()} is outside {bounds.getRect()}")
    for edit in top.findChildren(QLineEdit):
        if not _shown(edit, top) or edit.window() is not top or isinstance(edit.parentWidget(), QComboBox):
            continue
        hint = edit.placeholderText()
        if hint and edit.fontMetrics().horizontalAdvance(hint) + 12 > edit.width():
            found.append(f"{label}: {edit.objectName()} cuts its placeholder «{hint}» ({edit.width()} px)")
    return found


def _parents(widget: QWidget, top: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


opened: dict[int, QSize] = {}  # dialog -> the size it opened at


def fit_window(top: QWidget, screen: str, label: str, natural: bool = False) -> list[str]:
    """Size `top` for the screen (a dialog at its own size when that is smaller) and list what does not fit."""
    width, height = room(screen)
    minimum = top.minimumSizeHint().expandedTo(top.minimumSize())
    if minimum.width() > width or minimum.height() > height:
        return [f"{label}: needs at least {minimum.width()}×{minimum.height()}, the screen gives {width}×{height}"]
    if natural:  # the size it opens at (its default or its contents), within the screen
        want = top.sizeHint().expandedTo(minimum).expandedTo(opened.get(id(top), top.size()))
        width, height = min(width, want.width()), min(height, want.height())
    top.resize(width, height)
    settle()
    if top.width() > room(screen)[0] or top.height() > room(screen)[1]:
        return [f"{label}: is {top.width()}×{top.height()}, the screen gives {room(screen)}"]
    return problems(top, label)


def test_the_ui_font_is_the_bundled_one_whatever_the_machine(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontDatabase, QFontInfo

    from kh06_desktop.ui.app import UI_FONT_FAMILY, UI_FONT_POINT_SIZE

    font = QApplication.font()
    assert QFontInfo(font).family() == UI_FONT_FAMILY == "Liberation Sans"
    assert font.pointSizeF() == UI_FONT_POINT_SIZE
    if os.environ.get("KH06_TEST_SYSTEM_FONTS") == "1":  # run against the machine's fonts on purpose
        return
    # The tests' fontconfig lists only the bundled fonts (plus Qt's generic aliases).
    assert set(QFontDatabase.families()) - {"Monospace", "Sans Serif", "Serif"} == {"Liberation Sans",
                                                                                     "Liberation Serif"}


# --- data -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.store.database import open_database

    db = open_database(tmp_path_factory.mktemp("fit") / "kh06.db")
    create_demo(db, members=150, seed=1, today=TODAY)
    yield db
    db.close()


@pytest.fixture(scope="module")
def upper_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import current_period
    from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.unit.units import get_local_unit
    from kh06_desktop.store.database import open_database

    folder = tmp_path_factory.mktemp("fit-upper")
    files: list[Path] = []
    period = current_period(dt.date.today()).code
    for seed in (1, 2):
        unit_db = open_database(folder / f"u{seed}.db")
        create_demo(unit_db, members=40, seed=seed, today=TODAY)
        files.append(folder / f"u{seed}.kh06")
        export_datafile(unit_db, get_local_unit(unit_db).id, period, files[-1])
        unit_db.close()
    db = open_database(folder / "upper.db")
    set_setting(db, "mode", MODE_UPPER)
    set_setting(db, "upper_name", "Công đoàn Tổng công ty Công nghiệp Hóa chất Việt Nam")
    set_setting(db, "upper_code", "CDCT-HC")
    consolidate_files(db, files)
    yield db
    db.close()


def _pages(qtbot, db, screens: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    for screen in screens:
        for key in window.pages:
            window.open_page(key)
            wait_loaded(window.pages[key])
            found += fit_window(window, screen, f"{screen} page {key}")
    window.close()
    return found


def wait_loaded(page: QWidget) -> None:
    settle()
    for _ in range(200):
        if not getattr(page, "is_loading", False):
            break
        QApplication.processEvents()
        page.thread().msleep(10)
    settle()


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_every_unit_page_fits(qtbot, demo_db, screens) -> None:  # type: ignore[no-untyped-def]
    found = _pages(qtbot, demo_db, screens)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_every_upper_level_page_fits(qtbot, upper_db, screens) -> None:  # type: ignore[no-untyped-def]
    found = _pages(qtbot, upper_db, screens)
    assert not found, "\n".join(found)


# --- dialogs --------------------------------------------------------------------------------------


def _dialogs(db) -> dict[str, Callable[[], QWidget]]:  # type: ignore[no-untyped-def]
    from kh06_desktop.services.activities.hardship import list_cases
    from kh06_desktop.services.members.members import list_member_rows
    from kh06_desktop.ui.activities.activities_page import ActivityDialog
    from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
    from kh06_desktop.ui.activities.choose_training import ChooseTrainingDialog
    from kh06_desktop.ui.activities.hardship_dialogs import CaseDialog, SupportDialog
    from kh06_desktop.ui.activities.studies_page import StudyDialog
    from kh06_desktop.ui.activities.trainings_page import TrainingDialog
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage
    from kh06_desktop.ui.members.import_wizard import ImportWizard
    from kh06_desktop.ui.members.member_dialog import MemberDialog
    from kh06_desktop.ui.members.positions_dialog import PositionsDialog
    from kh06_desktop.ui.members.status_dialog import StatusDialog
    from kh06_desktop.ui.protect.password_dialog import PasswordDialog
    from kh06_desktop.ui.protect.restore_dialog import RestoreDialog

    context = AppContext(db)
    unit_id = context.unit_id
    dashboard = DashboardPage(context)
    member_id = list_member_rows(db, unit_id, TODAY)[0].id
    case_id = list_cases(db, unit_id)[0].id
    return {
        "member": lambda: MemberDialog(db, unit_id, member_id, today=TODAY),
        "new member": lambda: MemberDialog(db, unit_id, today=TODAY),
        "positions": lambda: PositionsDialog(db, member_id, today=TODAY),
        "status": lambda: StatusDialog(db, member_id, today=TODAY),
        "import": lambda: ImportWizard(context),
        "training": lambda: TrainingDialog(context, today=TODAY),
        "study": lambda: StudyDialog(context, today=TODAY),
        "activity": lambda: ActivityDialog(context, today=TODAY),
        "case": lambda: CaseDialog(context, today=TODAY),
        "support": lambda: SupportDialog(context, case_id, today=TODAY),
        "attendees": lambda: AttendeePicker(context),
        "choose training": lambda: ChooseTrainingDialog(context, 3, lambda _p: None),
        "password": lambda: PasswordDialog(db),
        "restore": lambda: RestoreDialog(db),
        **{f"gap list {i}": lambda i=i: dashboard.open_gap_list(i) for i in ("1", "2", "3", "4a", "4b")},
    }


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_every_dialog_fits(qtbot, demo_db, screens) -> None:  # type: ignore[no-untyped-def]
    found: list[str] = []
    for name, make in _dialogs(demo_db).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle()
        opened[id(dialog)] = dialog.size()
        for screen in screens:
            found += fit_window(dialog, screen, f"{screen} dialog {name}", natural=True)
        dialog.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_the_upper_levels_review_dialog_fits(qtbot, upper_db, screens) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import current_period
    from kh06_desktop.services.exchange.reviews import review_states
    from kh06_desktop.ui.exchange.review_dialog import ReviewDialog

    period = current_period(dt.date.today()).code  # the period the fixture's units sent
    code = sorted(review_states(upper_db, period))[0]
    dialog = ReviewDialog(upper_db, code, "Công đoàn Công ty Cổ phần Hóa chất Việt Trì", period, 1)
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    opened[id(dialog)] = dialog.size()
    found: list[str] = []
    for screen in screens:
        found += fit_window(dialog, screen, f"{screen} review dialog", natural=True)
    dialog.reject()
    assert not found, "\n".join(found)


def test_setup_dialog_fits_and_its_messages_move_nothing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.unit.setup_dialog import SetupDialog

    db = open_database(tmp_path / "new.db")
    dialog = SetupDialog(db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    found: list[str] = []
    edits = dialog.findChildren(QLineEdit)
    for screen in SCREENS:
        dialog.profile.show_issues([])
        dialog.fit_to_screen(QSize(*room(screen)))
        settle()
        size = dialog.size()
        places = [edit.mapTo(dialog.ui.form_scroll.widget(), QPoint(0, 0)) for edit in edits]
        dialog.ui.button_box.button(dialog.ui.button_box.StandardButton.Ok).click()  # every field is empty
        settle()
        assert dialog.profile.error_text("name") and dialog.ui.error_label.text()
        assert dialog.size() == size
        assert [edit.mapTo(dialog.ui.form_scroll.widget(), QPoint(0, 0)) for edit in edits] == places
        name = dialog.profile.ui.name_edit
        assert name.hasFocus()
        assert name.visibleRegion().boundingRect().height() == name.height()  # scrolled to, when the screen is short
        found += problems(dialog, f"{screen} set-up dialog")
        if dialog.width() > room(screen)[0] or dialog.height() > room(screen)[1]:
            found.append(f"{screen} set-up dialog is {dialog.width()}×{dialog.height()}")
    dialog.ui.upper_mode_radio.setChecked(True)
    for screen in SCREENS:
        dialog.fit_to_screen(QSize(*room(screen)))
        settle()
        dialog.save()
        found += problems(dialog, f"{screen} set-up dialog, upper level")
    assert not found, "\n".join(found)
    db.close()
