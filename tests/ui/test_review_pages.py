"""Reviews in the window (DESIGN 6.4): the upper level reviews a unit on the consolidation page and
writes the review file; the unit takes it in on the exchange page, sees the comments there, on
the dashboard's cards and in the gap list, and opens the period for its next revision."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))

from builders import populate  # noqa: E402

from kh06_desktop.domain.periods import Period  # noqa: E402
from kh06_desktop.services.common.settings import set_setting  # noqa: E402
from kh06_desktop.services.exchange.consolidation import consolidate_files  # noqa: E402
from kh06_desktop.services.exchange.export import export_datafile  # noqa: E402
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import get_period_state  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402
from kh06_desktop.ui.context import AppContext  # noqa: E402
from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage  # noqa: E402
from kh06_desktop.ui.exchange import review_actions, review_panel  # noqa: E402
from kh06_desktop.ui.exchange.consolidation_page import ConsolidationPage  # noqa: E402
from kh06_desktop.ui.exchange.exchange_page import ExchangePage  # noqa: E402
from kh06_desktop.ui.exchange.review_dialog import ReviewDialog  # noqa: E402


@pytest.fixture
def upper(tmp_path):
    database = open_database(tmp_path / "upper.db")
    consolidate_files(database, [])  # an upper-level database
    set_setting(database, "upper_code", "CDCT-HN")
    set_setting(database, "upper_name", "Công đoàn Công Thương Hà Nội")
    yield database
    database.close()


def test_review_from_the_consolidation_page_to_the_unit(qtbot, db, unit, upper, tmp_path, monkeypatch):
    populate(db, unit.id, members=20)
    close_period(db, unit.id, "2025")
    sent = export_datafile(db, unit.id, "2025", tmp_path / "r1.kh06")
    consolidate_files(upper, [sent.path])

    # Upper level: review the unit, the table shows its state, write the review file.
    context = AppContext(upper)
    context.set_period(Period(2025))
    page = ConsolidationPage(context)
    qtbot.addWidget(page)
    page.tell = lambda text: pytest.fail(text)
    column = page.units.columnCount() - 1
    assert page.units.cell_text(0, column) == "Chưa xem xét"
    dialog = ReviewDialog(upper, "CDCS-TEST", unit.name, "2025", 1, page)
    qtbot.addWidget(dialog)
    dialog.ui.correction_radio.setChecked(True)
    dialog.ui.comment_edit.setPlainText("Bổ sung danh sách học tập")
    dialog.ui.comment_2_edit.setText("Thiếu buổi học tháng 10")
    dialog.ui.record_kind_combo.setCurrentIndex(dialog.ui.record_kind_combo.findData("training"))
    dialog.ui.record_name_edit.setText("Tập huấn nghiệp vụ")
    dialog.ui.record_text_edit.setText("Ghi rõ cấp tổ chức")
    dialog.add_record()
    assert dialog.ui.records_table.rowCount() == 1
    dialog.ui.reviewer_name_edit.setText("Lê Thị Hoa")
    assert dialog.try_save()
    page.reload()
    assert page.units.cell_text(0, column) == "Cần điều chỉnh"
    page.ui.units_table.selectRow(0)
    target = tmp_path / "phan-hoi.kh06r"
    monkeypatch.setattr(review_actions, "ask_review_target", lambda _page, _units: target)
    assert review_actions.export_selected_reviews(page) == [target]

    # Unit: take it in on the exchange page.
    unit_context = AppContext(db)
    unit_context.set_period(Period(2025))
    exchange_page = ExchangePage(unit_context)
    qtbot.addWidget(exchange_page)
    exchange_page.tell = lambda text: pytest.fail(text)
    assert "Chưa nhận phiếu phản hồi" in exchange_page.ui.review_label.text()
    assert review_panel.take_review(exchange_page, str(target))
    text = exchange_page.ui.review_label.text()
    assert "Cần điều chỉnh" in text and "Bổ sung danh sách học tập" in text
    assert "Thiếu buổi học tháng 10" in text and "Lớp tập huấn «Tập huấn nghiệp vụ»: Ghi rõ cấp tổ chức" in text
    assert not exchange_page.ui.correct_button.isHidden()

    # The dashboard's card 2 carries the comment; the notice names the status.
    dashboard = DashboardPage(unit_context)
    qtbot.addWidget(dashboard)
    dashboard.refresh()
    assert dashboard.cards["2"].ui.review_label.text() == "Ý kiến cấp trên: Thiếu buổi học tháng 10"
    assert dashboard.cards["1"].ui.review_label.isHidden()
    assert "Cần điều chỉnh" in dashboard.ui.notice_label.text()
    gap = dashboard.open_gap_list("2")
    assert gap is not None and "Thiếu buổi học tháng 10" in gap.ui.review_label.text()
    gap.close()

    # «Mở lại kỳ để điều chỉnh»: the closed period opens as revision 2.
    monkeypatch.setattr(review_panel, "confirm_correction", lambda _page, _status: True)
    assert review_panel.start_correcting(exchange_page) == 2
    state = get_period_state(db, unit.id, "2025")
    assert not state.closed and state.revision == 2
    assert exchange_page.ui.correct_button.isHidden()
    assert "Đang điều chỉnh" in exchange_page.ui.review_label.text()


def test_a_refused_review_is_told_in_vietnamese(qtbot, db, unit, tmp_path):
    context = AppContext(db)
    context.set_period(Period(2025))
    page = ExchangePage(context)
    qtbot.addWidget(page)
    told: list[str] = []
    page.tell = told.append
    junk = tmp_path / "junk.kh06r"
    junk.write_bytes(b"not a review")
    assert not review_panel.take_review(page, str(junk))
    assert told and told[0].startswith("Không nhận phiếu phản hồi: Tệp không phải phiếu phản hồi KH06")
