"""The main window: sidebar of areas, the page stack, the period selector, menus, status bar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QListWidgetItem, QMainWindow, QMessageBox, QToolBar, QWidget

from kh06_desktop import __version__
from kh06_desktop.domain.periods import Period, periods_around
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.pages import MENU_EXTENSIONS, PAGES, PageSpec, import_optional, page_class
from kh06_desktop.ui.window_state import restore_geometry, save_geometry


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.mode = get_setting(context.db, "mode")
        body = QWidget(self)
        self.ui = load_form("main/main_window.ui", body)
        self.setCentralWidget(body)
        self.pages: dict[str, QWidget] = {}
        self._specs: list[PageSpec] = []
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
            module = import_optional(module_name)
            if module is not None:
                module.install(self)
        self.file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
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
            cls = page_class(spec)
            if cls is None:
                continue
            page = cls(self.context, self)
            page.setObjectName(f"page_{spec.key}")
            self.pages[spec.key] = page
            self._specs.append(spec)
            self.ui.page_stack.addWidget(page)
            item = QListWidgetItem(spec.label)
            if spec.shortcut:
                item.setToolTip(f"{spec.label} ({spec.shortcut})")
                action = QAction(spec.label, self)
                action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _c=False, key=spec.key: self.open_page(key))
                self.view_menu.addAction(action)
            self.ui.sidebar.addItem(item)

    def _follow_period(self, period: Period) -> None:
        index = self.period_combo.findData(period.code)
        if index >= 0 and index != self.period_combo.currentIndex():
            self.period_combo.setCurrentIndex(index)

    # --- navigation ---------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[self._specs[row].key]
        self.ui.page_stack.setCurrentWidget(page)
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

    # --- geometry -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        restore_geometry(self, "main_window", (1280, 800))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        save_geometry(self, "main_window")
        for page in self.pages.values():
            can_close = getattr(page, "can_close", None)
            if callable(can_close) and not can_close():
                event.ignore()
                return
        super().closeEvent(event)
