"""Screenshots of the review loop (DESIGN 6.4) at 1366×768 into docs/screenshots/, both sides:

- review_upper_table.png: the upper level's consolidated table with the units' review states
  (not reviewed, accepted, to be corrected, corrected);
- review_dialog.png: the review dialog filled in (overall comment, an indicator, a named member);
- review_unit_exchange.png: the unit's exchange page after taking in «Cần điều chỉnh»;
- review_unit_dashboard.png: the unit's dashboard with the review notice and the commented card;
- review_unit_gap_list.png: the gap list of the commented indicator with the comment.

    python tests/ui/shots_reviews.py        # offscreen (or DISPLAY=:17 for a real window under Xvfb)

Five demo units send their 2025 files; the upper level reviews them through the services and, for
the first unit, through the review dialog and the «Xuất phiếu phản hồi…» action; that unit takes the
review in on its exchange page. Everything lives in a temporary folder (data, settings); the fonts
are the bundled ones, as in the UI tests. The demo's clock is fixed, so the figures do not depend
on the day the script is run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "docs" / "screenshots"
WINDOW = (1366, 768)
TODAY = dt.date(2025, 12, 20)  # the demo's clock: the units report on 2025 after its end (30/11)
PERIOD = "2025"

from fixed_fonts import use_bundled_fonts_only  # noqa: E402

use_bundled_fonts_only()

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

# (code, seed, members, name or None for the demo's): the units the upper level receives.
UNITS = (("CDCS-0211", 1, 240, None), ("CDCS-0347", 2, 180, None), ("CDCS-0458", 3, 150, None),
         ("CDCS-0512", 6, 210, "Công đoàn Công ty TNHH Điện tử Quang Minh"), ("CDCS-0625", 5, 120, None))


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    settle()
    image = widget.grab()
    image.save(str(OUT / name))
    print("wrote", OUT / name, image.width(), "x", image.height())


def fail(text: str) -> None:
    raise SystemExit(f"unexpected message box: {text}")


def open_window(db, period, key: str):  # type: ignore[no-untyped-def]
    """The main window at 1366×768 on `db` and `period`, showing the page `key`, whose messages abort."""
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow

    context = AppContext(db)
    context.set_period(period)
    window = MainWindow(context)
    window.resize(*WINDOW)
    window.show()
    page = window.open_page(key)
    assert page is not None
    page.tell = fail  # type: ignore[attr-defined]
    return window, page


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="kh06-shots-reviews-"))
    os.environ["KH06_DATA_DIR"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        return shoot(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def shoot(tmp: Path) -> int:
    from sqlalchemy import select

    from kh06_desktop.domain.periods import Period
    from kh06_desktop.services.common.settings import MODE_UPPER, set_setting
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.exchange.consolidation import consolidate_files
    from kh06_desktop.services.exchange.export import default_file_name, export_datafile
    from kh06_desktop.services.exchange.reviews import (
        ReviewDraft,
        export_review,
        import_review,
        save_review,
        start_correction,
    )
    from kh06_desktop.services.periods.closing import close_period
    from kh06_desktop.services.unit.units import update_unit
    from kh06_desktop.store.database import open_database
    from kh06_desktop.store.models import Member, Unit
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.exchange import review_actions, review_panel
    from kh06_desktop.ui.exchange.review_dialog import ReviewDialog

    ensure_application()
    period = Period.parse(PERIOD)

    # --- the units: each closes 2025 and sends revision 1 ---------------------------------------
    units = {}
    files = []
    for code, seed, members, name in UNITS:
        db = open_database(tmp / f"{code}.db")
        demo = create_demo(db, members=members, seed=seed, today=TODAY)
        unit = update_unit(db, demo.id, dataclasses.replace(demo, code=code, name=name or demo.name))
        close_period(db, unit.id, PERIOD)
        files.append(export_datafile(db, unit.id, PERIOD, tmp / default_file_name(db, unit.id, PERIOD)).path)
        units[code] = (db, unit)

    upper = open_database(tmp / "cap-tren.db")
    set_setting(upper, "mode", MODE_UPPER)
    set_setting(upper, "upper_code", "CDCT-HN")
    set_setting(upper, "upper_name", "Công đoàn Công Thương Hà Nội")
    consolidate_files(upper, files)

    first, accepted, corrected, waiting, _not_reviewed = (code for code, _s, _m, _n in UNITS)
    reviewer = {"reviewer_name": "Lê Thị Hoa", "reviewer_title": "Phó Chủ tịch"}
    save_review(upper, accepted, PERIOD, ReviewDraft("accepted", "Số liệu đầy đủ, khớp với báo cáo.", **reviewer),
                today=TODAY)
    save_review(upper, waiting, PERIOD, ReviewDraft(
        "needs_correction", "Số lao động của kỳ chưa khớp với báo cáo của doanh nghiệp.",
        {"1": "Đề nghị kiểm tra lại số lao động cuối kỳ"}, **reviewer), today=TODAY)
    # «Đã điều chỉnh»: asked to correct, the unit took the review in and sent revision 2.
    save_review(upper, corrected, PERIOD, ReviewDraft(
        "needs_correction", "Thiếu danh sách học tập quý IV.", {"2": "Bổ sung các buổi quán triệt tháng 10"},
        **reviewer), today=TODAY)
    db, unit = units[corrected]
    import_review(db, export_review(upper, corrected, PERIOD, tmp / f"{corrected}.kh06r"))
    start_correction(db, unit.id, PERIOD)
    close_period(db, unit.id, PERIOD)
    consolidate_files(upper, [export_datafile(db, unit.id, PERIOD, tmp / default_file_name(db, unit.id, PERIOD)).path])

    # --- the upper level: the review dialog for the first unit, then the table ---------------
    with upper.reading() as session:
        first_unit = session.scalars(select(Unit).where(Unit.code == first)).one()
        member = session.scalars(select(Member.full_name).where(Member.unit_id == first_unit.id)
                                 .order_by(Member.id).offset(17)).first()
        first_name = first_unit.name
    assert member is not None
    window, page = open_window(upper, period, "consolidation")
    settle(400)

    dialog = ReviewDialog(upper, first, first_name, PERIOD, 1, window)
    dialog.ui.correction_radio.setChecked(True)
    dialog.ui.comment_edit.setPlainText("Đề nghị rà soát lại số lao động và danh sách tổ trưởng, tổ phó chưa "
                                        "được tập huấn, sửa hồ sơ đoàn viên nêu bên cạnh rồi gửi lại tệp.")
    dialog.ui.comment_1_edit.setText("Số người đủ điều kiện chưa khớp với báo cáo lao động")
    dialog.ui.comment_4b_edit.setText("Còn 6 tổ trưởng, tổ phó chưa tập huấn: đề nghị mở lớp trong quý IV")
    dialog.ui.record_kind_combo.setCurrentIndex(dialog.ui.record_kind_combo.findData("member"))
    dialog.ui.record_name_edit.setText(member)
    dialog.ui.record_text_edit.setText("Ghi ngày vào công đoàn theo thẻ đoàn viên")
    dialog.add_record()
    dialog.ui.reviewer_name_edit.setText(reviewer["reviewer_name"])
    dialog.ui.reviewer_title_edit.setText(reviewer["reviewer_title"])
    dialog.show()
    for key in ("1", "4b"):
        getattr(dialog.ui, f"comment_{key}_edit").setCursorPosition(0)  # the start of the comment, as when read
    save(dialog, "review_dialog.png")
    if not dialog.try_save():
        raise SystemExit(f"the review was refused: {dialog.ui.error_label.text()}")

    page.reload()  # type: ignore[attr-defined]
    rows = [row.code for row in page.units.rows]  # type: ignore[attr-defined]
    page.ui.units_table.selectRow(rows.index(first))  # type: ignore[attr-defined]
    target = tmp / f"{first}-nam-2025-phan-hoi.kh06r"
    review_actions.ask_review_target = lambda _page, _units: target  # «Xuất phiếu phản hồi…» without its file dialog
    written = review_actions.export_selected_reviews(page)  # type: ignore[arg-type]
    assert written == [target], written
    page.ui.units_table.clearSelection()  # type: ignore[attr-defined]
    save(window, "review_upper_table.png")
    window.close()

    # --- the unit takes the review in --------------------------------------------------------
    db, unit = units[first]
    unit_window, exchange = open_window(db, period, "exchange")
    if not review_panel.take_review(exchange, str(target)):  # type: ignore[arg-type]
        raise SystemExit("the unit refused the review")
    save(unit_window, "review_unit_exchange.png")

    dashboard = unit_window.open_page("dashboard")
    assert dashboard is not None
    settle(400)
    save(unit_window, "review_unit_dashboard.png")
    gap = dashboard.open_gap_list("4b")  # type: ignore[attr-defined]
    assert gap is not None
    save(gap, "review_unit_gap_list.png")
    gap.accept()
    unit_window.close()
    for db, _unit in units.values():
        db.close()
    upper.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
