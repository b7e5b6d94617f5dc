"""Screenshots of the clerk's loop at 1366×768 into docs/screenshots/, and the guide's pictures
into kh06_desktop/resources/guide/images/.

    python tests/ui/shots_clerk.py          # offscreen (or DISPLAY=:17 for a real window under Xvfb)

A demo unit of 300 members exports its list; a copy of the unit changes the way half a year does
(new people, new phones, corrected names, people gone) and exports the updated list; the update
wizard then previews that list against the unit. Also: the empty members page, the guide, and
the pages the guide shows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "docs" / "screenshots"
GUIDE = ROOT / "kh06_desktop" / "resources" / "guide" / "images"
SCREEN = (1366, 768)
WINDOW = (1366, 728)  # the screen less the taskbar

from fixtures.half_year import half_a_year_later  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(predicate, ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: predicate() and loop.quit())
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str, guide_name: str | None = None) -> None:
    settle()
    image = widget.grab()
    image.save(str(OUT / name))
    print("wrote", OUT / name, image.width(), "x", image.height())
    if guide_name:
        small = image.scaledToWidth(860, Qt.TransformationMode.SmoothTransformation)
        small.save(str(GUIDE / guide_name))
        print("wrote", GUIDE / guide_name)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="kh06-shots-clerk-"))
    os.environ["KH06_DATA_DIR"] = str(tmp)
    GUIDE.mkdir(parents=True, exist_ok=True)
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.members.member_export import export_members
    from kh06_desktop.services.unit.units import UnitProfile, setup_unit
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.help.guide import open_guide
    from kh06_desktop.ui.main_window import MainWindow
    from kh06_desktop.ui.members.update_wizard import UpdateWizard

    ensure_application()
    db = open_database(tmp / "kh06.db")
    create_demo(db, members=300, seed=1)
    db.close()
    shutil.copy(tmp / "kh06.db", tmp / "later.db")
    half_a_year_later(tmp / "later.db")
    with sqlite3.connect(tmp / "kh06.db") as connection:  # names typed wrong in the app, right in HR's list
        connection.execute("UPDATE member SET full_name = replace(full_name, 'Thị', 'Thi') WHERE id % 13 = 2")
    later = open_database(tmp / "later.db")
    export_members(later, 1, tmp / "DS-doan-vien-thang-6.xlsx")
    later.close()

    db = open_database(tmp / "kh06.db")
    context = AppContext(db)
    window = MainWindow(context)
    window.resize(*WINDOW)
    window.show()
    settle(400)
    for key, name in (("dashboard", "dashboard"), ("unit", "unit_page"), ("reports", "reports_page")):
        window.open_page(key)
        settle(600)
        save(window, f"clerk_{name}.png", f"{name}.png")
    window.open_page("members")
    wait(lambda: not window.pages["members"].is_loading)
    save(window, "clerk_members_page.png", "members_page.png")

    wizard = UpdateWizard(context, window)
    wizard.resize(*WINDOW)
    wizard.show()  # groups and positions follow the file unless unticked
    settle()
    save(wizard, "update_choose.png")
    wizard.check_file(tmp / "DS-doan-vien-thang-6.xlsx")
    wait(lambda: not wizard.busy)
    wizard.ui.review_tabs.setCurrentWidget(wizard.ui.changed_tab)
    save(wizard, "update_preview.png", "update_preview.png")
    wizard.ui.left_radio.setChecked(True)
    wizard.ui.review_tabs.setCurrentWidget(wizard.ui.absent_tab)
    save(wizard, "update_preview_absent.png")
    wizard.ui.review_tabs.setCurrentWidget(wizard.ui.new_tab)
    save(wizard, "update_preview_new.png")
    wizard.reject()

    window.open_page("members")
    guide = open_guide(window, "update")
    guide.resize(*WINDOW)
    settle(400)
    guide.show_section("update")
    save(guide, "guide.png")
    guide.show_section(None)
    save(guide, "guide_contents.png")
    guide.close()
    window.close()

    empty = open_database(tmp / "trong.db")
    from kh06_desktop.domain.enums import Sector

    setup_unit(empty, UnitProfile(code="CDCS-0457", name="Công đoàn Công ty Dệt may Hòa Bình",
                                  sector=Sector.NON_STATE))
    empty_window = MainWindow(AppContext(empty))
    empty_window.resize(*WINDOW)
    empty_window.show()
    empty_window.open_page("members")
    settle(600)
    save(empty_window, "members_empty.png")
    empty_window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
