"""The guide inside the app: Trợ giúp → «Hướng dẫn sử dụng», and F1 on each page opening its section.

The guide is one Vietnamese HTML file with screenshots in kh06_desktop/resources/guide/, shown in a
QTextBrowser; each page's key (PAGES) is an anchor in it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QWidget

from kh06_desktop import paths
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.window_state import remember_geometry

GUIDE_FILE = "huong-dan.html"
# Sections for pages whose key is not an anchor of its own.
SECTION_OF = {"consolidation": "consolidation", "audit": "safety"}


def guide_path() -> Path:
    return paths.resources_dir() / "guide" / GUIDE_FILE


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form("help/guide_dialog.ui", self)
        set_host_margins(self, 10, 10, 10, 10)
        self.setWindowTitle("Hướng dẫn sử dụng KH06 Desktop")
        remember_geometry(self, "guide_dialog", (900, 680))
        browser = self.ui.browser
        browser.setSearchPaths([str(guide_path().parent)])
        browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        self.ui.contents_button.clicked.connect(lambda: self.show_section(None))
        self.ui.back_button.clicked.connect(browser.backward)
        browser.backwardAvailable.connect(self.ui.back_button.setEnabled)
        self.ui.back_button.setEnabled(False)
        self.ui.close_button.clicked.connect(self.close)

    def show_section(self, key: str | None) -> None:
        """Scroll to the section of a page (its key), or to the top."""
        browser = self.ui.browser
        if key is None:
            browser.scrollToAnchor("")
            browser.verticalScrollBar().setValue(0)
            return
        browser.scrollToAnchor(SECTION_OF.get(key, key))


def open_guide(window: QWidget, key: str | None = None) -> GuideDialog:
    """Show the guide (one window, kept open beside the app) at the section of `key`."""
    dialog = getattr(window, "_guide_dialog", None)
    if dialog is None:
        dialog = GuideDialog(window)
        window._guide_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.show_section(key)
    return dialog
