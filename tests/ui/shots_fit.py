"""Screenshots of every page at 1366×768 (the whole window, as maximised on that screen) and of the set-up
dialog with its messages, into docs/screenshots/. Same bundled fonts as the tests.

    python tests/ui/shots_fit.py                          # 1366×768 at 100 %
    QT_SCALE_FACTOR=1.25 python tests/ui/shots_fit.py     # 1280×720 at 125 %: a few *_1280x720_125.png

Under Xvfb use DISPLAY=:11; without DISPLAY it draws offscreen.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixed_fonts import use_bundled_fonts_only  # noqa: E402

use_bundled_fonts_only()
OUT = ROOT / "docs" / "screenshots"

# page key -> file name (the names the README and earlier notes use)
NAMES = {
    "dashboard": "main_window.png", "unit": "unit_page.png", "members": "members_page.png",
    "groups": "groups_page.png", "trainings": "trainings.png", "studies": "studies.png", "hardship": "hardship.png",
    "women": "women.png", "activities": "activities.png", "reports": "reports_page.png",
    "exchange": "export_page.png", "audit": "audit_page.png", "consolidation": "consolidated_view.png",
    "upper": "upper_profile_page.png",
}
SCALED = {"dashboard", "members", "women", "consolidation"}  # the pages shown at 125 % too


def settle(ms: int = 200) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="kh06-fit-shots-"))
    os.environ["KH06_DATA_DIR"] = str(tmp)
    from PySide6.QtCore import QSize

    from kh06_desktop.domain.periods import current_period
    from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.unit.units import get_local_unit
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow
    from kh06_desktop.ui.unit.setup_dialog import SetupDialog

    app = ensure_application()
    scaled = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1) != 1
    size = QSize(1024, 576) if scaled else QSize(1366, 768)  # logical pixels: 1280×720 at 125 %
    suffix = "_1280x720_125.png" if scaled else ".png"
    OUT.mkdir(parents=True, exist_ok=True)

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        settle()
        path = OUT / (name.removesuffix(".png") + suffix)
        widget.grab().save(str(path))
        print("wrote", path)

    db = open_database(tmp / "kh06.db")
    create_demo(db, members=300, seed=1)
    # The half-year that has just ended: the demo's trainings, studies and visits are recorded there.
    period = current_period(dt.date.today() - dt.timedelta(days=60))
    context = AppContext(db)
    context.set_period(period)
    window = MainWindow(context)
    window.resize(size)
    window.show()
    for key in window.pages:
        if scaled and key not in SCALED:
            continue
        window.open_page(key)
        page = window.pages[key]
        for _ in range(100):
            if not getattr(page, "is_loading", False):
                break
            settle(50)
        save(window, NAMES[key])
    window.close()

    files = []
    for seed in (1, 2, 3):
        unit_db = db if seed == 1 else open_database(tmp / f"u{seed}.db")
        if seed != 1:
            create_demo(unit_db, members=200, seed=seed)
        files.append(tmp / f"u{seed}.kh06")
        export_datafile(unit_db, get_local_unit(unit_db).id, period.code, files[-1])
    upper = open_database(tmp / "upper.db")
    set_setting(upper, "mode", MODE_UPPER)
    set_setting(upper, "upper_name", "Công đoàn Tổng công ty Công nghiệp Hóa chất Việt Nam")
    set_setting(upper, "upper_code", "CDCT-HC")
    consolidate_files(upper, files)
    upper_context = AppContext(upper)
    upper_context.set_period(period)
    upper_window = MainWindow(upper_context)
    upper_window.resize(size)
    upper_window.show()
    for key in upper_window.pages:
        if key == "audit" or (scaled and key not in SCALED):
            continue
        upper_window.open_page(key)
        save(upper_window, NAMES[key])
    upper_window.close()

    # First start, «Bắt đầu sử dụng» pressed with the profile empty: each message on its reserved line.
    setup = SetupDialog(open_database(tmp / "fresh.db"))
    setup.show()
    room = QSize(size.width() - 16, size.height() - 40 - 31)  # less the taskbar and the title bar
    setup.fit_to_screen(room)
    settle()
    if not scaled:
        save(setup, "setup_dialog.png")
    setup.save()
    save(setup, "setup_dialog_errors.png")
    setup.reject()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
