"""Screenshots of the exchange screens into docs/screenshots/ (run: python tests/ui/shots_exchange.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exchange"))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def wait(predicate, ms: int = 20000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: predicate() and loop.quit())
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    import random

    from bench_consolidate import unit_data
    from builders import populate, unit_key

    from kh06_desktop.domain.enums import Sector
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.exchange.datafile import archive_bytes
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.exchange.consolidation_page import ConsolidationPage
    from kh06_desktop.ui.exchange.exchange_page import ExchangePage

    ensure_application()
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    unit_db = open_database(tmp / "unit.db")
    unit = setup_unit(unit_db, UnitProfile(code="CDCS-DEA", name="Công đoàn Công ty CP Thiết bị Điện Đông Anh",
                                           sector=Sector.STATE_ENTERPRISE), Workforce("2025", 120, 50, 110))
    populate(unit_db, unit.id, members=60)
    export_datafile(unit_db, unit.id, "2025", tmp / "a.kh06")
    export_datafile(unit_db, unit.id, "2025", tmp / "b.kh06", with_personal_data=True)
    context = AppContext(unit_db)
    context.set_period(Period(2025))
    page = ExchangePage(context)
    page.resize(1100, 620)
    page.ui.result_label.setText(f"Đã ghi tệp {tmp / 'b.kh06'} (Năm 2025, lần sửa đổi 1, 60 đoàn viên, có kèm "
                                 "dữ liệu cá nhân).")
    page.show()
    QApplication.processEvents()
    page.grab().save(str(out / "export_page.png"))

    rnd = random.Random(5)
    paths = []
    for index in range(24):
        data = unit_data(index, 40 + index * 7, rnd)
        raw, _ = archive_bytes(data, unit_code=data["unit"]["code"], unit_name=data["unit"]["name"], period="2025",
                               revision=1, personal_data=False, private_key=unit_key(data["unit"]["code"]))
        path = tmp / f"{data['unit']['code']}.kh06"
        path.write_bytes(raw)
        paths.append(path)
    (tmp / "hong.kh06").write_bytes(b"not a zip")
    edited = bytearray(paths[3].read_bytes())
    edited[-200] ^= 1
    (tmp / "da-sua.kh06").write_bytes(bytes(edited))
    upper_db = open_database(tmp / "upper.db")
    from kh06_desktop.services.exchange.consolidation import consolidate_files

    consolidate_files(upper_db, paths[:4])
    upper_context = AppContext(upper_db)
    upper_context.set_period(Period(2025))
    upper = ConsolidationPage(upper_context)
    upper.resize(1280, 720)
    upper.show()
    upper.import_paths([tmp / "hong.kh06", tmp / "da-sua.kh06", *paths])
    wait(lambda: upper.results.rowCount() > 0)
    QApplication.processEvents()
    upper.grab().save(str(out / "import_results.png"))
    upper.ui.tabs.setCurrentWidget(upper.ui.units_tab)
    QApplication.processEvents()
    upper.grab().save(str(out / "consolidated_view.png"))
    print("saved to", out)


if __name__ == "__main__":
    main()
