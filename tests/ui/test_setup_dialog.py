"""The first-start dialog: a grassroots unit with its workforce, or an upper level."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.services.unit.units import get_local_unit, get_workforce
from kh06_desktop.ui.unit.setup_dialog import SetupDialog

TODAY = dt.date(2025, 3, 15)  # in the first half of 2025


@pytest.fixture
def dialog(qtbot, db) -> SetupDialog:  # type: ignore[no-untyped-def]
    widget = SetupDialog(db, today=TODAY)
    qtbot.addWidget(widget)
    return widget


def fill_profile(dialog: SetupDialog) -> None:
    ui = dialog.profile.ui
    ui.name_edit.setText("Công đoàn Tổng công ty Máy động lực và Máy nông nghiệp")
    ui.code_edit.setText("CDCS-VEAM")
    ui.employer_edit.setText("Tổng công ty Máy động lực và Máy nông nghiệp Việt Nam - CTCP")
    ui.upper_union_edit.setText("Công đoàn Công Thương Việt Nam")
    ui.sector_combo.setCurrentIndex(ui.sector_combo.findText("Doanh nghiệp nhà nước"))
    ui.founding_date_edit.setText("15/03/1990")
    ui.chair_name_edit.setText("Nguyễn Văn Thành")


def test_fill_and_accept_creates_the_unit_with_workforce(dialog: SetupDialog, db) -> None:  # type: ignore[no-untyped-def]
    fill_profile(dialog)
    work = dialog.workforce.ui
    work.total_workers_edit.setText("450")
    work.female_workers_edit.setText("180")
    work.eligible_workers_edit.setText("430")
    assert dialog.save()
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    unit = get_local_unit(db)
    assert unit is not None and unit.code == "CDCS-VEAM" and unit.sector is Sector.STATE_ENTERPRISE
    assert unit.founding_date == dt.date(1990, 3, 15) and unit.chair_name == "Nguyễn Văn Thành"
    workforce = get_workforce(db, unit.id, "2025H1")
    assert (workforce.total_workers, workforce.female_workers, workforce.eligible_workers) == (450, 180, 430)
    assert get_setting(db, "mode") == "unit"


def test_missing_fields_show_messages_and_do_not_accept(dialog: SetupDialog, db) -> None:  # type: ignore[no-untyped-def]
    dialog.profile.ui.founding_date_edit.setText("32/13/1990")
    assert not dialog.save()
    assert dialog.result() != SetupDialog.DialogCode.Accepted
    assert dialog.profile.error_text("name") == "Chưa nhập tên công đoàn cơ sở"
    assert dialog.profile.error_text("code") == "Chưa nhập mã đơn vị"
    assert dialog.profile.error_text("sector") == "Chưa chọn khu vực"
    assert "Ngày không tồn tại" in dialog.profile.error_text("founding_date")
    assert dialog.ui.error_label.text() == "Hãy sửa các ô có thông báo màu đỏ."
    assert get_local_unit(db) is None


def test_workforce_figures_are_checked(dialog: SetupDialog, db) -> None:  # type: ignore[no-untyped-def]
    fill_profile(dialog)
    work = dialog.workforce.ui
    assert work.total_workers_edit.validator() is not None
    work.total_workers_edit.setText("100")
    work.female_workers_edit.setText("120")
    assert not dialog.save()
    assert dialog.workforce.error_text("female_workers") == "Lớn hơn tổng số lao động"
    assert dialog.workforce.error_text("eligible_workers") == "Chưa nhập số người"
    assert get_local_unit(db) is None
    work.female_workers_edit.setText("40")
    work.eligible_workers_edit.setText("95")
    assert dialog.save()
    assert get_local_unit(db) is not None


def test_workforce_may_be_left_empty(dialog: SetupDialog, db) -> None:  # type: ignore[no-untyped-def]
    fill_profile(dialog)
    assert dialog.save()
    assert get_workforce(db, get_local_unit(db).id, "2025H1") is None


def test_upper_level_asks_only_name_and_code(dialog: SetupDialog, db) -> None:  # type: ignore[no-untyped-def]
    dialog.ui.upper_mode_radio.setChecked(True)
    assert dialog.ui.mode_stack.currentWidget() is dialog.ui.upper_mode_page
    assert not dialog.save()
    assert dialog.ui.upper_name_error.text() == "Chưa nhập tên công đoàn cấp trên"
    dialog.ui.upper_name_edit.setText("Công đoàn Tổng công ty Hóa chất Việt Nam")
    dialog.ui.upper_code_edit.setText("CDCT-HC")
    assert dialog.save()
    assert get_setting(db, "mode") == "upper"
    assert get_setting(db, "upper_name") == "Công đoàn Tổng công ty Hóa chất Việt Nam"
    assert get_setting(db, "upper_code") == "CDCT-HC"
    assert get_local_unit(db) is None


# --- the unit page: the same profile fields, editable later, and workforce per period ---------

def test_unit_page_edits_profile_and_workforce_of_the_selected_period(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.unit.unit_page import UnitPage

    context = AppContext(db)
    context.set_period(Period.parse("2025H2"))
    page = UnitPage(context)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert page.profile.ui.code_edit.text() == "CDCS-TEST"
    # The fixture has figures for the year 2025 only, which ends on the same day as 2025H2 (30/11):
    # those apply, and the page says which period's figures are used (docs/indicators.md, F8).
    assert page.ui.workforce_table.rowCount() == 1
    assert "đang dùng số của kỳ năm 2025" in page.ui.period_label.text()
    page.profile.ui.chair_name_edit.setText("Phạm Thị Thu Hà")
    page.profile.ui.name_edit.setText("")
    assert not page.save_profile()
    assert page.profile.error_text("name") == "Chưa nhập tên công đoàn cơ sở"
    page.profile.ui.name_edit.setText("Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh")
    with qtbot.waitSignal(context.data_changed):
        assert page.save_profile()
    assert get_local_unit(db).chair_name == "Phạm Thị Thu Hà"
    work = page.workforce.ui
    work.total_workers_edit.setText("130")
    work.female_workers_edit.setText("55")
    work.eligible_workers_edit.setText("118")
    assert page.save_workforce()
    assert get_workforce(db, unit.id, "2025H2").total_workers == 130
    assert page.ui.workforce_table.rowCount() == 2
    table = page.ui.workforce_table
    by_period = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert by_period == {"Năm 2025": "120", "6 tháng cuối năm 2025": "130"}


def test_unit_page_shows_charter_warnings_when_available(qtbot, db, unit) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.unit.unit_page import UnitPage

    page = UnitPage(AppContext(db))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    if page.checks is None:
        pytest.skip("services.unit_checks is not part of this build")
    from kh06_desktop.services.periods.periods import period_end

    expected = page.checks.unit_warnings(db, unit.id, period_end(db, page.period, unit.id))
    assert page.warnings == expected
    assert page.ui.warnings_box.isVisible() == bool(expected)
