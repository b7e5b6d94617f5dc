"""The upper level's profile page: filled from the settings, validated, saved, used by the consolidated report."""

from __future__ import annotations

from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.unit.upper_profile import get_upper_profile
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.unit.upper_page import UpperPage


def test_upper_profile_is_edited_and_saved(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    set_setting(db, "mode", "upper")
    set_setting(db, "upper_name", "Công đoàn Tổng công ty Hóa chất Việt Nam")
    set_setting(db, "upper_code", "CDCT-HC")
    page = UpperPage(AppContext(db))
    qtbot.addWidget(page)
    page.activate()
    assert page.ui.name_edit.text() == "Công đoàn Tổng công ty Hóa chất Việt Nam"
    page.ui.name_edit.setText("")
    page.ui.save_button.click()
    assert page.ui.name_error.text() == "Chưa nhập tên công đoàn cấp trên"
    page.ui.name_edit.setText("Công đoàn Tổng công ty Hóa chất Việt Nam")
    page.ui.parent_body_edit.setText("Công đoàn Công Thương Việt Nam")
    page.ui.chair_name_edit.setText("Nguyễn Thị Thu Hà")
    page.ui.place_edit.setText("Hà Nội")
    page.ui.recipients_edit.setPlainText("Công đoàn Công Thương Việt Nam (để báo cáo);\n"
                                         "Công đoàn Tổng công ty Hóa chất Việt Nam\nLưu: VT, BTV.")
    page.ui.save_button.click()
    assert page.ui.status_label.text().startswith("Đã lưu")
    profile = get_upper_profile(db)
    assert profile.chair_name == "Nguyễn Thị Thu Hà" and profile.parent_body == "Công đoàn Công Thương Việt Nam"
    assert profile.recipients == ("Công đoàn Công Thương Việt Nam (để báo cáo)", "Lưu: VT, BTV")
