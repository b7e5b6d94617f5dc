"""Run by the wheel and bundle smoke tests with an installed KH06 (not the checkout): start the app
the way `kh06` does (start-up guard included) offscreen on the database given, wait for the main
window, print what its sidebar shows as one JSON line, then close it.

    python open_window.py DATABASE
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

import kh06_desktop  # noqa: E402
from kh06_desktop.ui.app import ensure_application, run_gui  # noqa: E402

messages: list[str] = []
result: dict[str, object] = {"package": kh06_desktop.__file__, "messages": messages}


def _record(kind: str):  # type: ignore[no-untyped-def]
    def box(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        messages.append(f"{kind}: {text}")
        return QMessageBox.StandardButton.Ok
    return staticmethod(box)


for _kind in ("critical", "warning", "information"):
    setattr(QMessageBox, _kind, _record(_kind))


def look() -> None:
    modal = QApplication.activeModalWidget()
    if modal is not None:  # a dialog nobody expected (set-up, password): record it and go on
        messages.append(f"dialog: {type(modal).__name__} {modal.windowTitle()}")
        modal.close()
        return
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            timer.stop()
            sidebar = widget.ui.sidebar  # type: ignore[attr-defined]
            result["sidebar"] = [sidebar.item(row).text() for row in range(sidebar.count())]
            result["title"] = widget.windowTitle()
            pages = []
            for row in range(sidebar.count()):
                sidebar.setCurrentRow(row)
                pages.append(type(widget.current_page()).__name__)  # type: ignore[attr-defined]
            result["pages"] = pages
            widget.close()
            return


app = ensure_application()
timer = QTimer()
timer.setInterval(50)
timer.timeout.connect(look)
timer.start()
QTimer.singleShot(60_000, lambda: app.exit(3))
result["exit"] = run_gui(sys.argv[1])
print(json.dumps(result, ensure_ascii=False))
