"""The first window waits only for what its first page needs: pages are made when first shown,
and neither Alembic (the schema is at head), ReportLab nor the spreadsheet libraries are imported
before the window is on screen. Checked in a fresh process, as the app starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kh06_desktop.services.common.settings import MODE_UNIT
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.main_window import MainWindow
from kh06_desktop.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kh06_desktop.ui.app import ensure_application, run_gui
app = ensure_application()
def look():
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            timer.stop()
            roots = sorted({name.split(".")[0] for name in sys.modules})
            print(json.dumps({"built": sorted(widget.pages.built), "modules": roots}))
            widget.close()
timer = QTimer(); timer.setInterval(0); timer.timeout.connect(look); timer.start()
sys.exit(run_gui(sys.argv[1]))
"""


def test_only_the_first_page_is_made_with_the_window(qtbot, db, unit) -> None:  # noqa: ARG001
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    assert list(window.pages.built) == ["dashboard"]
    assert list(window.pages) == [spec.key for spec in PAGES if MODE_UNIT in spec.modes]
    window.open_page("reports")
    assert list(window.pages.built) == ["dashboard", "reports"]


def test_the_first_window_imports_no_alembic_reportlab_or_spreadsheet_library(db, unit) -> None:  # noqa: ARG001
    path = db.path
    db.close()
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["built"] == ["dashboard"]
    assert "sqlalchemy" in seen["modules"] and "PySide6" in seen["modules"]  # the probe sees real imports
    assert not {"alembic", "mako", "reportlab", "openpyxl", "python_calamine", "xlsxwriter"} & set(seen["modules"])


STARTING_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kh06_desktop.ui.app import ensure_application, run_gui
app = ensure_application()
seen = []
def look():
    visible = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
    if visible and not seen:
        seen.append({"first": visible, "sqlalchemy_loaded": "sqlalchemy" in sys.modules})
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            timer.stop()
            seen.append({"starting_still_shown": any(type(w).__name__ == "StartingWindow" and w.isVisible()
                                                     for w in QApplication.topLevelWidgets())})
            print(json.dumps(seen))
            widget.close()
timer = QTimer(); timer.setInterval(0); timer.timeout.connect(look); timer.start()
sys.exit(run_gui(sys.argv[1]))
"""


def test_a_starting_window_shows_before_the_database_is_touched(db, unit, tmp_path) -> None:  # noqa: ARG001
    """The clerk sees the program start at once: the starting window is on screen before SQLAlchemy,
    the models or the pages are imported, and it is gone once the main window shows."""
    path = db.path
    db.close()
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", STARTING_PROBE, str(path)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first, last = json.loads(out.stdout.strip().splitlines()[-1])
    assert first == {"first": ["StartingWindow"], "sqlalchemy_loaded": False}
    assert last == {"starting_still_shown": False}


def test_the_starting_window_steps_aside_for_a_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A password prompt or a message shown while the app starts is never hidden behind the
    starting window: the window closes when the first dialog shows."""
    from PySide6.QtWidgets import QApplication, QDialog

    from kh06_desktop.ui.starting import show_starting_window

    starting = show_starting_window()
    assert starting.isVisible()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert not starting.isVisible() and dialog.isVisible()
    dialog.close()
    other = QDialog()  # the filter is gone with the window: later dialogs are not its business
    qtbot.addWidget(other)
    other.show()
    assert other.isVisible()
