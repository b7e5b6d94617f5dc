"""Starting the window: QApplication, fonts, the database, first-start set-up, main window."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kh06_desktop import paths
from kh06_desktop.parts import PartImportError, import_part
from kh06_desktop.ui.starting import StartingWindow, show_starting_window
from kh06_desktop.ui.translations import install_vietnamese

if TYPE_CHECKING:  # SQLAlchemy and the models are imported once the starting window shows
    from kh06_desktop.store.database import Database
    from kh06_desktop.ui.main_window import MainWindow

_app: QApplication | None = None
CHECK_PAGES_VARIABLE = "KH06_CHECK_PAGES"  # see PageCheck
DATA_SUFFIX = ".kh06"  # a unit's data file (DESIGN 6.3)
DOCUMENT_SUFFIXES = (DATA_SUFFIX, ".kh06r")  # opened with the app (packaging/windows installer)


def ensure_application() -> QApplication:
    """The QApplication, created once, with the bundled fonts loaded."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("KH06")
    app.setApplicationName("KH06 Desktop")
    install_vietnamese(app)
    apply_ui_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


# The UI font is chosen, never inherited from the machine: the bundled Liberation Sans (metric-compatible
# with Arial) at a fixed size, so a page measures the same on a Debian CI box, a desktop full of fonts and
# a Windows office PC. Layouts keep ~10 % spare width so even a wider font (Segoe UI 9 pt) would still fit.
UI_FONT_FAMILY = "Liberation Sans"
UI_FONT_POINT_SIZE = 10


def load_fonts() -> set[str]:
    """Qt wheels ship no fonts: load ours so Vietnamese never shows as boxes. Returns the families loaded."""
    fonts = paths.resources_dir() / "fonts"
    families: set[str] = set()
    for file in sorted(fonts.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(file))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return families


def ui_font() -> QFont:
    """The application's UI font: the bundled family at a fixed point size."""
    font = QFont(UI_FONT_FAMILY)
    font.setPointSizeF(UI_FONT_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def apply_ui_font(app: QApplication) -> None:
    """Load the bundled fonts and make the UI font the application's font (tests call this too)."""
    families = load_fonts()
    if UI_FONT_FAMILY not in families:  # a broken install: say so instead of silently using another font
        print(f"KH06: không nạp được phông chữ {UI_FONT_FAMILY} đi kèm chương trình", file=sys.stderr)
    app.setFont(ui_font())


def open_or_explain(db_target: str | Path | None) -> Database | None:
    from kh06_desktop.store.database import DatabaseError, open_database

    try:
        return open_database(db_target or paths.default_database())
    except DatabaseError as exc:
        QMessageBox.critical(None, "KH06 Desktop", str(exc))
        return None


def run_gui(db_target: str | Path | None = None, document: Path | None = None) -> int:
    """The window on `db_target` (default: the user's database); `document`, a .kh06 or .kh06r
    file the user double-clicked, is handed to the window once it is shown."""
    app = ensure_application()
    starting = show_starting_window()
    try:
        return _run(app, starting, db_target, document)
    finally:
        starting.close()


def _run(app: QApplication, starting: StartingWindow, db_target: str | Path | None,
         document: Path | None) -> int:
    from kh06_desktop.services.common.settings import get_setting
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow
    from kh06_desktop.ui.pages import STARTUP_GUARD, report_part_error

    check = PageCheck() if os.environ.get(CHECK_PAGES_VARIABLE) else None

    try:  # the lock, the password and the daily backup: no window opens without them
        guard = import_part(STARTUP_GUARD, "phần khởi động (khóa tệp dữ liệu, mật khẩu, sao lưu hằng ngày)")
    except PartImportError as error:
        starting.close()
        report_part_error(None, error)
        return check.fail("Không mở được cửa sổ.") if check else 2
    db = open_or_explain(db_target)
    if db is None:
        return check.fail("Không mở được cơ sở dữ liệu.") if check else 2
    if not guard.before_main_window(db):
        db.close()
        return check.fail("Phần khởi động không cho mở cửa sổ.") if check else 1
    context = AppContext(db)
    if context.unit is None and not get_setting(db, "upper_name"):
        if check is not None:  # a check never waits for the first-start dialog
            db.close()
            return check.fail("Cơ sở dữ liệu chưa thiết lập đơn vị: không kiểm tra được các trang.")
        from kh06_desktop.ui.unit.setup_dialog import SetupDialog

        starting.close()
        dialog = SetupDialog(db)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        context.reload_unit()
    starting.say("Đang mở trang đầu…")
    window = MainWindow(context)
    window.show()
    starting.close()  # the main window is shown
    if document is not None:
        QTimer.singleShot(0, lambda: open_document(window, document))
    code = check.run(window) if check is not None else app.exec()
    guard.after_main_window(db)
    db.close()
    return code


class PageCheck:
    """KH06_CHECK_PAGES=1 (or =FILE): the packaging check of a build (a frozen bundle, an installed
    wheel). The window is built as usual (start-up guard, database, menus); every sidebar page is
    then shown once and the app exits without waiting for the user. One line «Trang: label» per
    page goes to stdout, or to FILE (a windowed Windows program has no console). The exit code is 0
    only when the sidebar holds every page of the database's mode, each made from its own module,
    and no dialog asked anything; otherwise 1, with what was wrong on the last lines. A dialog
    (an error box, a password prompt) is closed at once and counted as a failure: a check never
    waits for a user."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._timer = QTimer()
        self._timer.timeout.connect(self._close_dialog)
        self._timer.start(50)  # also runs inside a dialog's own event loop

    def _close_dialog(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            text = getattr(dialog, "text", None)
            self.problems.append("Hộp thoại: " + (text() if callable(text) else dialog.windowTitle()))
            dialog.close()

    def fail(self, problem: str) -> int:
        self.problems.append(problem)
        return self.finish([])

    def run(self, window: MainWindow) -> int:
        from kh06_desktop.parts import PartImportError
        from kh06_desktop.ui.pages import PAGES

        sidebar = window.ui.sidebar
        shown, broken = [], []
        for row in range(sidebar.count()):
            sidebar.setCurrentRow(row)
            QApplication.processEvents()
            shown.append(sidebar.item(row).text())
            if isinstance(getattr(window.current_page(), "error", None), PartImportError):
                broken.append(shown[-1])  # the stand-in of a page whose module did not load
        missing = [spec.label for spec in PAGES if window.mode in spec.modes and spec.label not in shown]
        window.close()
        if missing or not shown:
            self.problems.append("Thiếu trang trong thanh bên: " + (", ".join(missing) or "không có trang nào"))
        if broken:
            self.problems.append("Trang không nạp được: " + ", ".join(broken))
        return self.finish(shown)

    def finish(self, shown: list[str]) -> int:
        self._timer.stop()
        lines = [f"Trang: {label}" for label in shown] + self.problems
        for problem in self.problems:
            _say(sys.stderr, problem)
        target = os.environ.get(CHECK_PAGES_VARIABLE, "1")
        if target == "1":
            _say(sys.stdout, "\n".join(lines))
        else:
            Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 1 if self.problems else 0


def _say(stream, text: str) -> None:  # type: ignore[no-untyped-def]
    if stream is not None:  # a windowed Windows program has no console streams
        print(text, file=stream, flush=True)


def open_document(window: MainWindow, document: Path) -> None:
    """A file the user opened with the app (the installer associates .kh06 and .kh06r with it): a
    unit's data file goes to the upper level's consolidation, the upper level's review (phiếu phản
    hồi) to the unit's Exchange page; a file for the other side is explained in one line."""
    from kh06_desktop.services.common.settings import MODE_UPPER

    upper = window.mode == MODE_UPPER
    if document.suffix.lower() == DATA_SUFFIX:
        if upper and (page := window.open_page("consolidation")) is not None:
            page.import_paths([document])  # type: ignore[attr-defined]
            return
        text = (f"Tệp «{document.name}» là tệp dữ liệu một công đoàn cơ sở gửi cấp trên; chỉ cơ sở dữ liệu cấp trên "
                "nhập được tệp này (trang «Tổng hợp đơn vị»). Cơ sở dữ liệu đang mở là của công đoàn cơ sở.")
    else:
        if not upper and (page := window.open_page("exchange")) is not None:
            from kh06_desktop.ui.exchange.review_panel import take_review

            take_review(page, str(document))  # type: ignore[arg-type]
            return
        text = (f"Tệp «{document.name}» là phiếu phản hồi cấp trên gửi công đoàn cơ sở; chỉ cơ sở dữ liệu của công "
                "đoàn cơ sở nhận được tệp này (trang «Trao đổi dữ liệu»). Cơ sở dữ liệu đang mở là của cấp trên.")
    QMessageBox.information(window, "KH06 Desktop", text)


def parse_arguments(argv: list[str]) -> tuple[str | None, Path | None]:
    """(database, document) from the command line: `KH06 [DATABASE]`, or `KH06 FILE.kh06|FILE.kh06r`
    (a double-click in the file manager), which opens the user's database with that file."""
    if len(argv) < 2:
        return None, None
    if Path(argv[1]).suffix.lower() in DOCUMENT_SUFFIXES:
        return None, Path(argv[1])
    return argv[1], None


def main() -> int:
    # In a frozen build a worker process (consolidation) starts as this program: run its work, exit.
    multiprocessing.freeze_support()
    database, document = parse_arguments(sys.argv)
    return run_gui(database, document)
