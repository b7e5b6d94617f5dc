"""The Exchange page (unit) and the Consolidation page (upper level) with real services."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))

from builders import make_file, populate  # noqa: E402

from kh06_desktop.domain.enums import Sector  # noqa: E402
from kh06_desktop.domain.periods import Period  # noqa: E402
from kh06_desktop.services.exchange.consolidation import consolidate_files  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402
from kh06_desktop.ui.context import AppContext  # noqa: E402
from kh06_desktop.ui.exchange.consolidation_page import ConsolidationPage  # noqa: E402
from kh06_desktop.ui.exchange.exchange_page import ExchangePage  # noqa: E402


def test_export_page_writes_the_file_and_shows_history(qtbot, db, unit, tmp_path):
    populate(db, unit.id, members=12)
    context = AppContext(db)
    context.set_period(Period(2025))
    page = ExchangePage(context)
    qtbot.addWidget(page)
    target = tmp_path / "out"
    page.ask_save_path = lambda suggested: str(target)
    page.tell = lambda text: pytest.fail(text)
    assert page.period == "2025" and "Lần sửa đổi 1" in page.ui.revision_label.text()
    page.ui.personal_check.setChecked(True)
    page.export()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=10000)
    assert (tmp_path / "out.kh06").exists()
    assert "có kèm dữ liệu cá nhân" in page.ui.result_label.text()
    assert page.history.cell_text(0, 3) == "Có"


@pytest.fixture
def upper(tmp_path):
    database = open_database(tmp_path / "upper.db")
    yield database
    database.close()


def test_consolidation_page_imports_filters_and_lists(qtbot, upper, tmp_path):
    files = []
    for code, sector, established in (("A1", "public_service", True), ("B1", "non_state", False),
                                      ("B2", "non_state", True)):
        path = tmp_path / f"{code}.kh06"
        path.write_bytes(make_file(code, sector=sector, established=established, cid_base=100 if code != "B2" else 101))
        files.append(path)
    bad = tmp_path / "bad.kh06"
    bad.write_bytes(b"hello")
    consolidate_files(upper, [])  # an upper-level database
    context = AppContext(upper)
    context.set_period(Period(2025))
    page = ConsolidationPage(context)
    qtbot.addWidget(page)
    page.tell = lambda text: pytest.fail(text)
    page.ask_open_paths = lambda: [str(p) for p in [*files, bad]]
    page.choose_files()
    qtbot.waitUntil(lambda: page.results.rowCount() == 4, timeout=10000)
    assert [page.results.cell_text(r, 1) for r in range(4)] == ["Đã nhận", "Đã nhận", "Đã nhận", "Từ chối"]
    assert "không phải tệp nén" in page.results.cell_text(3, 5)
    assert "nhận 3" in page.ui.results_summary.text() and "từ chối 1" in page.ui.results_summary.text()
    assert page.units.rowCount() == 3
    page.ui.sector_combo.setCurrentIndex(page.ui.sector_combo.findData(Sector.NON_STATE))
    assert [page.units.cell_text(r, 0) for r in range(page.units.rowCount())] == ["B1", "B2"]
    page.ui.indicator_combo.setCurrentIndex(page.ui.indicator_combo.findData("5"))
    page.ui.met_combo.setCurrentIndex(page.ui.met_combo.findData(False))
    assert [page.units.cell_text(r, 0) for r in range(page.units.rowCount())] == ["B1"]
    assert page.ui.count_label.text() == "1/3 đơn vị"
    totals = {page.totals.cell_text(r, 0): r for r in range(page.totals.rowCount())}
    assert set(totals) == {"Hành chính sự nghiệp", "Ngoài khu vực nhà nước", "Toàn bộ"}
    assert page.totals.cell_text(totals["Ngoài khu vực nhà nước"], 7).startswith("50,0 % (1/2)")
    # B1 and A1 share citizen ids 000000000101 and 000000000102 with B2's first ids
    assert page.duplicates.rowCount() >= 2


def test_drop_of_kh06_files_imports_them(qtbot, upper, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "A1.kh06"
    path.write_bytes(make_file("A1"))
    consolidate_files(upper, [])
    page = ConsolidationPage(AppContext(upper))
    qtbot.addWidget(page)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "note.txt"))])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=10000)
    assert page.results.cell_text(0, 0) == "A1.kh06"


def test_consolidation_page_accepts_a_new_key_on_confirmation_and_withdraws(qtbot, upper, tmp_path):
    """Issue 10: a file of a pinned unit signed by another key is refused; the officer confirms the
    new key in the window and it is accepted (audited); a submission is withdrawn with a reason;
    the table shows each unit's key fingerprint and file digest."""
    from builders import minimal_data
    from sqlalchemy import select

    from kh06_desktop.domain.signing import new_private_key
    from kh06_desktop.exchange.datafile import archive_bytes
    from kh06_desktop.store.models import AuditEntry

    first = tmp_path / "A1_r1.kh06"
    first.write_bytes(make_file("A1"))
    data = minimal_data("A1", revision=2, members=5)
    raw, _ = archive_bytes(data, unit_code="A1", unit_name=data["unit"]["name"], period="2025", revision=2,
                           personal_data=False, private_key=new_private_key())
    second = tmp_path / "A1_r2.kh06"
    second.write_bytes(raw)
    consolidate_files(upper, [first])
    context = AppContext(upper)
    context.set_period(Period(2025))
    page = ConsolidationPage(context)
    qtbot.addWidget(page)
    page.tell = lambda text: pytest.fail(text)
    asked: list[str] = []
    page.confirm = lambda text: asked.append(text) or True
    page.import_paths([second])
    qtbot.waitUntil(lambda: page.units.rowCount() == 1 and page.units.rows[0].revision == 2, timeout=10000)
    assert len(asked) == 1 and "khóa khác" in asked[0]
    titles = [c.title for c in page.units.columns]
    row = page.units.rows[0]
    assert page.units.cell_text(0, titles.index("Khóa ký")) == row.key_fingerprint != ""
    assert page.units.cell_text(0, titles.index("Mã tệp")) == row.sha256[:12]
    with upper.reading() as s:
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "pin_key")
                        .order_by(AuditEntry.id.desc()).limit(1)).startswith("Chấp nhận khóa ký mới")

    page.ui.units_table.selectRow(0)
    page.ask_reason = lambda text: "Đơn vị gửi nhầm"
    page.withdraw_selected()
    assert page.units.rows[0].revision == 1
