"""Starting the window: QApplication, fonts, the database, first-start set-up, main window."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kh06_desktop import paths
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.store.database import Database, DatabaseError, open_database
from kh06_desktop.ui.pages import import_optional
from kh06_desktop.ui.translations import install_vietnamese

_app: QApplication | None = None


def ensure_application() -> QApplication:
    """The QApplication, created once, with the bundled fonts loaded."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("KH06")
    app.setApplicationName("KH06 Desktop")
    install_vietnamese(app)
    load_fonts()
    return app  # type: ignore[return-value]


def load_fonts() -> None:
    """Qt wheels ship no fonts: load ours so Vietnamese never shows as boxes."""
    fonts = paths.resources_dir() / "fonts"
    families = set()
    for file in sorted(fonts.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(file))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if "Liberation Sans" in families:
        QApplication.setFont(QFont("Liberation Sans", 10))


def open_or_explain(db_target: str | Path | None) -> Database | None:
    try:
        return open_database(db_target or paths.default_database())
    except DatabaseError as exc:
        QMessageBox.critical(None, "KH06 Desktop", str(exc))
        return None


def run_gui(db_target: str | Path | None = None) -> int:
    app = ensure_application()
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    guard = import_optional("kh06_desktop.ui.protect.startup")
    db = open_or_explain(db_target)
    if db is None:
        return 2
    if guard is not None and not guard.before_main_window(db):
        return 1
    context = AppContext(db)
    if context.unit is None and not get_setting(db, "upper_name"):
        from kh06_desktop.ui.unit.setup_dialog import SetupDialog

        dialog = SetupDialog(db)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        context.reload_unit()
    window = MainWindow(context)
    window.show()
    code = app.exec()
    if guard is not None:
        guard.after_main_window(db)
    db.close()
    return code


def main() -> int:
    # In a frozen build a worker process (consolidation) starts as this program: run its work, exit.
    multiprocessing.freeze_support()
    return run_gui(sys.argv[1] if len(sys.argv) > 1 else None)
