"""Every sidebar page (unit and upper level) and every dialog fits the office screens: 1366×768 and 1280×720,
at 100 % and at 125 % Windows scaling.

Qt scales a whole window uniformly (QT_SCALE_FACTOR, Windows' 125 %), so at 125 % a window has the same
layout in logical pixels and the screen is 1.25 times smaller: 1366×768 becomes 1093×614 and 1280×720
becomes 1024×576. Each window is sized to the screen less the taskbar and title bar (or to its own wish,
when smaller), then: it is not bigger than that, nothing in it needs a horizontal scroll bar, no table
column cuts its header, and every button is inside the window. The fonts are the bundled ones
(tests/conftest.py), so the numbers are the same on every machine.

Every QDialog subclass of the app is fitted here (at each step and tab for the wizards) or exempted with a
reason: test_no_dialog_is_left_out fails on a new one. KH06_FIT_SHOTS=<folder> saves each checked window
there as a PNG, to look at.
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
    if os.environ.get("KH06_FIT_SHOTS"):  # a folder: save what was checked, to look at
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in label)
        top.grab().save(str(Path(os.environ["KH06_FIT_SHOTS"]) / f"{name}.png"))
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


LONG = ("Đề nghị bổ sung danh sách đoàn viên tham gia học tập nghị quyết quý III và quý IV, ghi rõ ngày, địa "
        "điểm, người chủ trì và số người dự của từng buổi; các buổi ghép với hội nghị người lao động ghi riêng")


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An upper-level database with two units' files, the first reviewed «Cần điều chỉnh» with long comments
    on every indicator and on records; that unit's database has taken the review in."""
    from kh06_desktop.domain.indicators import IDS
    from kh06_desktop.domain.periods import current_period
    from kh06_desktop.exchange.review_file import NEEDS_CORRECTION, RecordComment
    from kh06_desktop.services.activities.trainings import list_trainings
    from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.exchange.reviews import ReviewDraft, export_review, import_review, save_review
    from kh06_desktop.services.members.members import list_member_rows
    from kh06_desktop.services.unit.units import get_local_unit
    from kh06_desktop.store.database import open_database

    folder = tmp_path_factory.mktemp("fit-upper")
    files: list[Path] = []
    period = current_period(TODAY).code
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
    unit_db = open_database(folder / "u1.db")
    unit = get_local_unit(unit_db)
    member = list_member_rows(unit_db, unit.id, TODAY)[0].full_name
    training = list_trainings(unit_db, unit.id)[0].title
    save_review(db, unit.code, period, ReviewDraft(
        NEEDS_CORRECTION, LONG, {key: LONG for key in IDS},
        (RecordComment("member", member, LONG), RecordComment("training", training, LONG)),
        "Nguyễn Thị Thu Hương", "Phó Trưởng ban Tổ chức"), today=TODAY)
    import_review(unit_db, export_review(db, unit.code, period, folder / "phan-hoi.kh06r"))
    yield db, unit_db, period
    unit_db.close()
    db.close()


@pytest.fixture(scope="module")
def upper_db(exchange):  # type: ignore[no-untyped-def]
    return exchange[0]


def _pages(qtbot, db, screens: tuple[str, ...], period: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    context = AppContext(db)
    if period:
        context.set_period(Period.parse(period))
    window = MainWindow(context)
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


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_every_page_of_a_unit_with_a_review_fits(qtbot, exchange, screens) -> None:  # type: ignore[no-untyped-def]
    """The upper level's comments (long, on every indicator) show on the dashboard's cards and the exchange page."""
    _, unit_db, period = exchange
    found = _pages(qtbot, unit_db, screens, period)
    assert not found, "\n".join(found)


# --- dialogs --------------------------------------------------------------------------------------


def _dialogs(db) -> dict[str, tuple[type[QWidget], Callable[[], QWidget]]]:  # type: ignore[no-untyped-def]
    """Each dialog of a unit: its class and how to open it."""
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
    from kh06_desktop.ui.dashboard.gap_list_dialog import GapListDialog
    from kh06_desktop.ui.help.guide import GuideDialog
    from kh06_desktop.ui.members.import_wizard import ImportWizard
    from kh06_desktop.ui.members.member_dialog import MemberDialog
    from kh06_desktop.ui.members.positions_dialog import PositionsDialog
    from kh06_desktop.ui.members.status_dialog import StatusDialog
    from kh06_desktop.ui.members.update_wizard import UpdateWizard
    from kh06_desktop.ui.protect.password_dialog import PasswordDialog
    from kh06_desktop.ui.protect.restore_dialog import RestoreDialog
    from kh06_desktop.ui.support_info_dialog import SupportInfoDialog

    context = AppContext(db)
    unit_id = context.unit_id
    dashboard = DashboardPage(context)
    member_id = list_member_rows(db, unit_id, TODAY)[0].id
    case_id = list_cases(db, unit_id)[0].id

    def gap_list(indicator: str) -> QWidget:
        dialog = dashboard.open_gap_list(indicator)
        assert dialog is not None
        return dialog

    return {
        "member": (MemberDialog, lambda: MemberDialog(db, unit_id, member_id, today=TODAY)),
        "new member": (MemberDialog, lambda: MemberDialog(db, unit_id, today=TODAY)),
        "positions": (PositionsDialog, lambda: PositionsDialog(db, member_id, today=TODAY)),
        "status": (StatusDialog, lambda: StatusDialog(db, member_id, today=TODAY)),
        "import": (ImportWizard, lambda: ImportWizard(context)),
        "update": (UpdateWizard, lambda: UpdateWizard(context, today=TODAY)),
        "training": (TrainingDialog, lambda: TrainingDialog(context, today=TODAY)),
        "study": (StudyDialog, lambda: StudyDialog(context, today=TODAY)),
        "activity": (ActivityDialog, lambda: ActivityDialog(context, today=TODAY)),
        "case": (CaseDialog, lambda: CaseDialog(context, today=TODAY)),
        "support": (SupportDialog, lambda: SupportDialog(context, case_id, today=TODAY)),
        "attendees": (AttendeePicker, lambda: AttendeePicker(context)),
        "choose training": (ChooseTrainingDialog, lambda: ChooseTrainingDialog(context, 3, lambda _p: None)),
        "password": (PasswordDialog, lambda: PasswordDialog(db)),
        "restore": (RestoreDialog, lambda: RestoreDialog(db)),
        "guide": (GuideDialog, lambda: GuideDialog()),
        "support information": (SupportInfoDialog, lambda: SupportInfoDialog(db)),
        **{f"gap list {i}": (GapListDialog, lambda i=i: gap_list(i)) for i in ("1", "2", "3", "4a", "4b")},
    }


def fit_dialog(qtbot, dialog: QWidget, screens: tuple[str, ...], name: str,  # type: ignore[no-untyped-def]
               states: dict[str, Callable[[], object]] | None = None) -> list[str]:
    """Show `dialog` and fit it on each screen, in each of its states (a step, a tab) when given."""
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    opened[id(dialog)] = dialog.size()
    found: list[str] = []
    for state, enter in (states or {"": lambda: None}).items():
        enter()
        settle()
        for screen in screens:
            found += fit_window(dialog, screen, f"{screen} dialog {name}{', ' + state if state else ''}", natural=True)
    return found


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_every_dialog_fits(qtbot, demo_db, screens) -> None:  # type: ignore[no-untyped-def]
    found: list[str] = []
    for name, (kind, make) in _dialogs(demo_db).items():
        dialog = make()
        assert type(dialog) is kind, name
        found += fit_dialog(qtbot, dialog, screens, name)
        dialog.close()
    assert not found, "\n".join(found)


@pytest.fixture
def updated_lists(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A unit of 150 members and HR's list half a year later (new, changed, absent people, a look-alike),
    and the same list with two bad rows (errors and warnings)."""
    import shutil

    import openpyxl
    from fixtures.half_year import half_a_year_later

    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.members.member_export import export_members
    from kh06_desktop.store.database import open_database

    folder = tmp_path
    db = open_database(folder / "kh06.db")
    create_demo(db, members=150, seed=1, today=TODAY)
    db.close()
    shutil.copy(folder / "kh06.db", folder / "later.db")
    half_a_year_later(folder / "later.db")
    later = open_database(folder / "later.db")
    export_members(later, 1, folder / "DS-doan-vien-thang-6.xlsx", today=TODAY)
    later.close()
    book = openpyxl.load_workbook(folder / "DS-doan-vien-thang-6.xlsx")
    sheet = book.active
    sheet.append([151, "Nguyễn Thị Phương Thảo Nguyên", "Nguyên", "31/02/1990", "Nữ", "0221902", None,
                  "Tổ Chất lượng sản phẩm và kiểm định thiết bị đo lường", None, None, None, "09", None])
    sheet.append([152, "Trần Văn Bình", "Bình", "12/12/1985", "Nam", None, None, "Phòng Kinh doanh",
                  "Phó chủ nhiệm", None, "01/01/2030", "0912 345", None])
    book.save(folder / "DS-co-loi.xlsx")
    db = open_database(folder / "kh06.db")
    yield db, folder / "DS-doan-vien-thang-6.xlsx", folder / "DS-co-loi.xlsx"
    db.close()


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_the_update_wizard_fits_at_every_step_and_tab(qtbot, updated_lists, screens) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.members.update_wizard import UpdateWizard

    db, good, bad = updated_lists
    wizard = UpdateWizard(AppContext(db, today=TODAY), today=TODAY)
    ui = wizard.ui
    ui.follow_groups_check.setChecked(True)
    ui.follow_positions_check.setChecked(True)

    def check(path: Path) -> None:
        wizard.check_file(path)
        qtbot.waitUntil(lambda: not wizard.busy, timeout=20_000)
        assert wizard.step == 1

    def tabs() -> dict[str, Callable[[], object]]:
        return {ui.review_tabs.tabText(i): lambda i=i: ui.review_tabs.setCurrentIndex(i)
                for i in range(ui.review_tabs.count())}

    found = fit_dialog(qtbot, wizard, screens, "update", {"choose": lambda: None})
    check(bad)
    assert ui.review_tabs.tabText(4) == "Lỗi (6)"
    found += fit_dialog(qtbot, wizard, screens, "update with errors", tabs())
    ui.back_button.click()
    check(good)
    ui.left_radio.setChecked(True)
    assert ui.review_tabs.tabText(1) == "Thay đổi (25)"
    found += fit_dialog(qtbot, wizard, screens, "update preview", tabs())
    ui.confirm_check.setChecked(True)
    ui.update_button.click()
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=20_000)
    found += fit_dialog(qtbot, wizard, screens, "update done")
    wizard.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("screens", [AT_100, AT_125], ids=["100%", "125%"])
def test_the_review_dialogs_fit(qtbot, exchange, screens) -> None:  # type: ignore[no-untyped-def]
    """The upper level's review of a unit, new and as a second look with every comment filled; the unit's gap
    lists with the upper level's comment above them."""
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.services.exchange.consolidated_view import consolidated_units
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage
    from kh06_desktop.ui.exchange.review_dialog import ReviewDialog

    upper, unit_db, period = exchange
    found: list[str] = []
    units = consolidated_units(upper, period)
    assert len(units) == 2
    for unit in units:
        dialog = ReviewDialog(upper, unit.code, unit.name, period, unit.revision)
        found += fit_dialog(qtbot, dialog, screens, f"review {unit.code}")
        dialog.hide()  # closing asks whether to drop the comments
    context = AppContext(unit_db)
    context.set_period(Period.parse(period))
    dashboard = DashboardPage(context)
    qtbot.addWidget(dashboard)
    dashboard.refresh()
    for indicator in ("1", "2", "3", "4a", "4b"):
        dialog = dashboard.open_gap_list(indicator)
        assert dialog is not None and dialog.ui.review_label.text().endswith(LONG)
        found += fit_dialog(qtbot, dialog, screens, f"gap list {indicator} with a review")
        dialog.close()
    assert not found, "\n".join(found)


# Every QDialog of the app is fitted above (in `_dialogs` or a test of its own) or exempted here, with the reason.
FITTED_ELSEWHERE = {
    "SetupDialog": "test_setup_dialog_fits_and_its_messages_move_nothing",
    "ReviewDialog": "test_the_review_dialogs_fit",
}
EXEMPT = {
    "RecordDialog": "the base of the training, study, activity, case and support dialogs; never shown itself",
}


def test_no_dialog_is_left_out(qapp, demo_db) -> None:  # type: ignore[no-untyped-def]
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import kh06_desktop.ui

    for module in pkgutil.walk_packages(kh06_desktop.ui.__path__, "kh06_desktop.ui."):
        importlib.import_module(module.name)
    classes: set[str] = set()
    pending = [QDialog]
    while pending:
        kind = pending.pop()
        for sub in kind.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("kh06_desktop."):
                classes.add(sub.__name__)
    listed = {kind.__name__ for kind, _make in _dialogs(demo_db).values()}
    assert not (set(FITTED_ELSEWHERE) | set(EXEMPT)) & listed
    left_out = classes - listed - set(FITTED_ELSEWHERE) - set(EXEMPT)
    assert not left_out, f"add these dialogs to _dialogs (or a test of their own) or exempt them: {sorted(left_out)}"
    assert set(FITTED_ELSEWHERE) | set(EXEMPT) <= classes  # nothing stale


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
