"""Starting the window: QApplication, fonts, the database, first-start set-up, main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kh06_desktop import paths
from kh06_desktop.parts import PartImportError, import_part
from kh06_desktop.ui.starting import StartingWindow, show_starting_window
from kh06_desktop.ui.translations import install_vietnamese

if TYPE_CHECKING:  # SQLAlchemy and the models are imported once the starting window shows
    from kh06_desktop.store.database import Database

_app: QApplication | None = None


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


def run_gui(db_target: str | Path | None = None) -> int:
    app = ensure_application()
    starting = show_starting_window()
    try:
        return _run(app, starting, db_target)
    finally:
        starting.close()


def _run(app: QApplication, starting: StartingWindow, db_target: str | Path | None) -> int:
    from kh06_desktop.services.common.settings import get_setting
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow
    from kh06_desktop.ui.pages import STARTUP_GUARD, report_part_error

    try:  # the lock, the password and the daily backup: no window opens without them
        guard = import_part(STARTUP_GUARD, "phần khởi động (khóa tệp dữ liệu, mật khẩu, sao lưu hằng ngày)")
    except PartImportError as error:
        starting.close()
        report_part_error(None, error)
        return 2
    db = open_or_explain(db_target)
    if db is None:
        return 2
    if not guard.before_main_window(db):
        db.close()
        return 1
    context = AppContext(db)
    if context.unit is None and not get_setting(db, "upper_name"):
        from kh06_desktop.ui.unit.setup_dialog import SetupDialog

        starting.close()
        dialog = SetupDialog(db)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        context.reload_unit()
    starting.say("Đang mở trang đầu…")
    window = MainWindow(context)
    window.show()
    starting.done(window)
    code = app.exec()
    guard.after_main_window(db)
    db.close()
    return code


def main() -> int:
    return run_gui(sys.argv[1] if len(sys.argv) > 1 else None)
