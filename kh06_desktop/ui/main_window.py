"""The main window: sidebar of areas, the page stack, the period selector, menus, status bar.

The sidebar lists every area of the mode at once; a page is made the first time it is shown (or
asked for through `window.pages[key]`), so the first window waits only for its first page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QWidget,
)

from kh06_desktop import __version__
from kh06_desktop.domain.periods import Period, periods_around
from kh06_desktop.parts import PartImportError, import_part
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.pages import MENU_EXTENSIONS, PAGES, PageSpec, page_class, report_part_error
from kh06_desktop.ui.window_state import restore_geometry, save_geometry


def scrolling(page: QWidget) -> QScrollArea:
    """The page in a frameless scroll area: on a short screen (1280×720, or 125 % scaling) a tall page
    scrolls instead of pushing the window and its status bar below the screen."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName()}_scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


class _Pages(Mapping[str, QWidget]):
    """The window's pages by key, each made on first access."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        return page if page is not None else self._window._make_page(key)

    def __iter__(self) -> Iterator[str]:
        return iter([spec.key for spec in self._window._specs])

    def __len__(self) -> int:
        return len(self._window._specs)


class _BrokenPage(QLabel):
    """Stands in for a page whose module did not load: the sidebar keeps it, and it says why."""

    def __init__(self, error: PartImportError, parent: QWidget | None = None) -> None:
        super().__init__(str(error), parent)
        self.error = error
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("color: #b3261e; padding: 24px;")


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.mode = get_setting(context.db, "mode")
        body = QWidget(self)
        self.ui = load_form("main/main_window.ui", body)
        self.setCentralWidget(body)
        self._specs: list[PageSpec] = []
        self.pages = _Pages(self)
        self._scroll_areas: dict[str, QScrollArea] = {}
        self._build_menus()
        self._build_toolbar()
        self._build_pages()
        self.ui.sidebar.currentRowChanged.connect(self._show_row)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        context.data_changed.connect(self._refresh_title)
        self._refresh_title()
        self._unit_label = QLabel()
        self.statusBar().addPermanentWidget(self._unit_label)
        self._update_status()
        context.data_changed.connect(lambda _area: self._update_status())
        self._restore_geometry()
        if self._specs:
            self.ui.sidebar.setCurrentRow(0)

    # --- construction -------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&Tệp")
        self.data_menu = bar.addMenu("&Dữ liệu")
        self.view_menu = bar.addMenu("&Xem")
        self.help_menu = bar.addMenu("Trợ &giúp")
        for module_name in MENU_EXTENSIONS:
            try:
                module = import_part(module_name, "một phần của trình đơn")
            except PartImportError as error:
                report_part_error(self, error)
                continue
            module.install(self)
        self.file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        support = QAction("&Thông tin hỗ trợ…", self)
        support.setObjectName("support_info_action")
        support.triggered.connect(self.show_support_info)
        self.help_menu.addAction(support)
        about = QAction("&Giới thiệu KH06 Desktop", self)
        about.triggered.connect(self._about)
        self.help_menu.addAction(about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Kỳ báo cáo", self)
        toolbar.setObjectName("period_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Kỳ báo cáo: "))
        self.period_combo = QComboBox(toolbar)
        self.period_combo.setObjectName("period_combo")
        self.period_combo.setAccessibleName("Kỳ báo cáo")
        self.period_combo.setToolTip("Mọi trang và bảng tổng quan tính số liệu theo kỳ này (Ctrl+P)")
        for period in periods_around(dt.date.today()):
            self.period_combo.addItem(period.label, period.code)  # the label says it all: "Năm 2026"
        self.period_combo.setCurrentIndex(self.period_combo.findData(self.context.period.code))
        self.period_combo.currentIndexChanged.connect(
            lambda _i: self.context.set_period(Period.parse(self.period_combo.currentData())))
        toolbar.addWidget(self.period_combo)
        self.context.period_changed.connect(self._follow_period)  # a page may change the period too
        focus_period = QAction(self)
        focus_period.setShortcut(QKeySequence("Ctrl+P"))
        focus_period.triggered.connect(self.period_combo.setFocus)
        self.addAction(focus_period)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_pages(self) -> None:
        for spec in PAGES:
            if self.mode not in spec.modes:
                continue
            self._specs.append(spec)
            item = QListWidgetItem(spec.label)
            if spec.shortcut:
                item.setToolTip(f"{spec.label} ({spec.shortcut})")
                action = QAction(spec.label, self)
                action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _c=False, key=spec.key: self.open_page(key))
                self.view_menu.addAction(action)
            self.ui.sidebar.addItem(item)

    def _make_page(self, key: str) -> QWidget:
        spec = next(spec for spec in self._specs if spec.key == key)
        page: QWidget
        try:
            cls = page_class(spec)
        except PartImportError as error:
            report_part_error(self, error)
            page = _BrokenPage(error, self)
        else:
            page = cls(self.context, self)
        page.setObjectName(f"page_{spec.key}")
        self.pages.built[spec.key] = page
        self._scroll_areas[spec.key] = scrolling(page)
        self.ui.page_stack.addWidget(self._scroll_areas[spec.key])
        return page

    def _follow_period(self, period: Period) -> None:
        index = self.period_combo.findData(period.code)
        if index >= 0 and index != self.period_combo.currentIndex():
            self.period_combo.setCurrentIndex(index)

    # --- navigation ---------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self._specs[row].key
        page = self.pages[key]
        self.ui.page_stack.setCurrentWidget(self._scroll_areas[key])
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()

    def open_page(self, key: str) -> QWidget | None:
        """Show the page of an area (used by the dashboard's gap lists, menus, shortcuts)."""
        for row, spec in enumerate(self._specs):
            if spec.key == key:
                self.ui.sidebar.setCurrentRow(row)
                return self.pages[key]
        return None

    def current_page(self) -> QWidget | None:
        """The page shown (inside its scroll area in the stack)."""
        key = self.current_page_key()
        return self.pages.built.get(key) if key else None

    def current_page_key(self) -> str | None:
        row = self.ui.sidebar.currentRow()
        return self._specs[row].key if 0 <= row < len(self._specs) else None

    # --- status -------------------------------------------------------------------------
    def _refresh_title(self, _area: str = "") -> None:
        unit = self.context.unit
        if unit is not None:
            name = unit.name
        else:  # an upper level has no local unit: its own name is a setting
            name = get_setting(self.context.db, "upper_name") or "Chưa thiết lập đơn vị"
        self.setWindowTitle(f"{name} — KH06 Desktop")

    def _update_status(self) -> None:
        db_path = self.context.db.path
        where = str(db_path) if db_path else "máy chủ cơ sở dữ liệu"
        self._unit_label.setText(f"Dữ liệu: {where}")

    def _about(self) -> None:
        QMessageBox.about(
            self, "Giới thiệu",
            f"<b>KH06 Desktop</b> {__version__}<br>Theo dõi thực hiện Kế hoạch 06-KH/BCSĐ của Ban cán sự "
            "đảng Bộ Công Thương tại công đoàn cơ sở: đoàn viên, tổ công đoàn, tập huấn, học tập, "
            "thăm hỏi, ban nữ công và sáu chỉ tiêu của kế hoạch.")

    def show_support_info(self) -> None:
        from kh06_desktop.ui.support_info_dialog import SupportInfoDialog

        SupportInfoDialog(self.context.db, self).exec()

    # --- geometry -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        restore_geometry(self, "main_window", (1280, 800))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        save_geometry(self, "main_window")
        for page in list(self.pages.built.values()):
            can_close = getattr(page, "can_close", None)
            if callable(can_close) and not can_close():
                event.ignore()
                return
        super().closeEvent(event)
