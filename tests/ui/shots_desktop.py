"""Screenshots of the whole window on Vietnamese demo data into docs/screenshots/.

    DISPLAY=:99 python tests/ui/shots_desktop.py      # a real window under Xvfb (best fonts/hinting)
    python tests/ui/shots_desktop.py                  # offscreen also works

Makes main_window.png (sidebar + dashboard, for the README) and the pages improved after using
the real window: unit_page, members_page, hardship, women, setup_dialog, trainings_choose,
consolidated_view (upper level, three demo units).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(predicate, ms: int = 20000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: predicate() and loop.quit())
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="kh06-shots-"))
    os.environ["KH06_DATA_DIR"] = str(tmp)
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    app = ensure_application()
    today = dt.date.today()
    db = open_database(tmp / "kh06.db")
    create_demo(db, members=300, seed=1)
    context = AppContext(db)
    window = MainWindow(context)
    window.resize(1366, 800)
    window.show()
    settle(400)
    save(window, "main_window.png")

    window.open_page("unit")
    save(window.pages["unit"], "unit_page.png")
    window.open_page("members")
    wait(lambda: not window.pages["members"].is_loading)
    save(window.pages["members"], "members_page.png")
    for key, name in (("hardship", "hardship.png"), ("women", "women.png")):
        window.open_page(key)
        save(window.pages[key], name)

    # The gap list of 4a sends people to the trainings page, which asks for the training.
    from kh06_desktop.ui.activities.choose_training import ChooseTrainingDialog

    trainings = window.open_page("trainings")
    dialog = ChooseTrainingDialog(context, 3, lambda _p: None, trainings)
    dialog.show()
    save(dialog, "trainings_choose.png")
    dialog.reject()
    window.close()

    # First start.
    from kh06_desktop.ui.unit.setup_dialog import SetupDialog

    fresh = open_database(tmp / "fresh.db")
    setup = SetupDialog(fresh, today=today)
    setup.show()
    save(setup, "setup_dialog.png")
    setup.reject()

    # Upper level with three demo units of different seeds.
    from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.unit.units import get_local_unit
    from kh06_desktop.services.unit.upper_profile import UpperProfile, save_upper_profile

    period = context.period
    files = []
    for seed in (1, 2, 3):
        unit_db = db if seed == 1 else open_database(tmp / f"u{seed}.db")
        if seed != 1:
            create_demo(unit_db, members=300, seed=seed)
        out = tmp / f"u{seed}.kh06"
        export_datafile(unit_db, get_local_unit(unit_db).id, period.code, out)
        files.append(out)
    upper = open_database(tmp / "upper.db")
    set_setting(upper, "mode", MODE_UPPER)
    set_setting(upper, "upper_name", "Công đoàn Tổng công ty Hóa chất Việt Nam")
    set_setting(upper, "upper_code", "CDCT-HC")
    save_upper_profile(upper, UpperProfile(code="CDCT-HC", name="Công đoàn Tổng công ty Hóa chất Việt Nam",
                                           parent_body="Công đoàn Công Thương Việt Nam", chair_name="Nguyễn Thị Thu Hà",
                                           place="Hà Nội"))
    consolidate_files(upper, files)
    upper_context = AppContext(upper)
    upper_context.set_period(Period.parse(period.code))
    upper_window = MainWindow(upper_context)
    upper_window.resize(1366, 800)
    upper_window.show()
    upper_window.open_page("consolidation")
    save(upper_window.pages["consolidation"], "consolidated_view.png")
    upper_window.open_page("upper")
    settle()
    save(upper_window.pages["upper"], "upper_profile_page.png")
    upper_window.close()
    QCoreApplication.processEvents()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
