"""Screenshots of the review screens into docs/screenshots/ (run: python tests/ui/shots_reviews.py):
the upper level's consolidated table with review states and its review dialog, and the unit's
exchange page and dashboard after taking in «Cần điều chỉnh»."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exchange"))
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    from builders import populate

    from kh06_desktop.domain.enums import Sector
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.exchange.review_file import RecordComment
    from kh06_desktop.services.common.settings import set_setting
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import export_datafile
    from kh06_desktop.services.exchange.reviews import ReviewDraft, export_review, import_review, save_review
    from kh06_desktop.services.periods.period_close import close_period
    from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage
    from kh06_desktop.ui.exchange.consolidation_page import ConsolidationPage
    from kh06_desktop.ui.exchange.exchange_page import ExchangePage
    from kh06_desktop.ui.exchange.review_dialog import ReviewDialog

    ensure_application()
    out = ROOT / "docs" / "screenshots"
    tmp = Path(tempfile.mkdtemp())
    upper = open_database(tmp / "upper.db")
    consolidate_files(upper, [])
    set_setting(upper, "upper_code", "CDCT-HN")
    set_setting(upper, "upper_name", "Công đoàn Công Thương Hà Nội")
    units = []
    for i, (code, name, sector) in enumerate((
            ("CDCS-DEA", "Công đoàn Công ty CP Thiết bị Điện Đông Anh", Sector.STATE_ENTERPRISE),
            ("CDCS-DMHB", "Công đoàn Công ty CP Dệt may Hòa Bình", Sector.NON_STATE),
            ("CDCS-VLN", "Công đoàn Viện Luyện kim Nhiệt", Sector.PUBLIC_SERVICE))):
        db = open_database(tmp / f"{code}.db")
        unit = setup_unit(db, UnitProfile(code=code, name=name, sector=sector), Workforce("2025", 120, 50, 110))
        populate(db, unit.id, members=60, seed=i + 1, cid_base=1000 + 100 * i)
        close_period(db, unit.id, "2025")
        sent = export_datafile(db, unit.id, "2025", tmp / f"{code}.kh06")
        consolidate_files(upper, [sent.path])
        units.append((db, unit))
    save_review(upper, "CDCS-VLN", "2025", ReviewDraft("accepted", "Số liệu đầy đủ", reviewer_name="Lê Thị Hoa",
                                                       reviewer_title="Phó Chủ tịch"))
    save_review(upper, "CDCS-DEA", "2025", ReviewDraft(
        "needs_correction", "Đề nghị bổ sung danh sách học tập quý IV và rà soát chức vụ tổ trưởng.",
        {"2": "Thiếu danh sách buổi quán triệt tháng 10", "4b": "Kiểm tra lại số tổ phó đã tập huấn"},
        (RecordComment("training", "Tập huấn nghiệp vụ", "Ghi rõ cấp tổ chức và địa điểm"),),
        "Lê Thị Hoa", "Phó Chủ tịch"))

    context = AppContext(upper)
    context.set_period(Period(2025))
    page = ConsolidationPage(context)
    page.resize(1366, 700)
    page.show()
    QApplication.processEvents()
    page.grab().save(str(out / "review_upper_table.png"))
    dialog = ReviewDialog(upper, "CDCS-DEA", units[0][1].name, "2025", 1, page)
    dialog.show()
    dialog.adjustSize()
    QApplication.processEvents()
    dialog.grab().save(str(out / "review_dialog.png"))
    dialog.close()

    db, unit = units[0]
    review = export_review(upper, "CDCS-DEA", "2025", tmp / "phan-hoi.kh06r")
    import_review(db, review)
    unit_context = AppContext(db)
    unit_context.set_period(Period(2025))
    exchange = ExchangePage(unit_context)
    exchange.resize(1100, 700)
    exchange.show()
    QApplication.processEvents()
    exchange.grab().save(str(out / "review_unit_exchange.png"))
    dashboard = DashboardPage(unit_context)
    dashboard.resize(1100, 700)
    dashboard.show()
    dashboard.refresh()
    QApplication.processEvents()
    dashboard.grab().save(str(out / "review_unit_dashboard.png"))
    print("saved review screenshots in", out)


if __name__ == "__main__":
    main()
