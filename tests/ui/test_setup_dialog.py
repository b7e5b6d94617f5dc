"""The first-start dialog: a grassroots unit with its workforce, or an upper level."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.settings import get_setting
from kh06_desktop.services.units import get_local_unit, get_workforce
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
