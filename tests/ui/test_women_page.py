"""The women's committee page: shows the rule and its source, the computed eligibility, requires
a reason for an override, saves the decision, adds members and warns when the size breaks the rule."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import women_committee as service
from kh06_desktop.services.members import members as member_service
from kh06_desktop.ui.activities.women_page import WomenCommitteePage
from kh06_desktop.ui.context import AppContext

GIVEN = ["Hoa", "Lan", "Mai", "Cúc", "Đào", "Huệ", "Hồng", "Nga", "Thảo", "Yến", "Vân", "Xuân"]


@pytest.fixture
def context(db, unit):  # type: ignore[no-untyped-def]
    ids = {}
    for given in GIVEN:
        result = validate_member({"full_name": f"Nguyễn Thị {given}", "gender": "Nữ", "join_date": "01/03/2015"})
        ids[given] = member_service.create_member(db, unit.id, result.draft)
    for i, name in enumerate(["Trần Văn Dũng", "Lê Văn Minh", "Phạm Văn Hải", "Vũ Văn Tùng", "Đỗ Văn Quang"]):
        result = validate_member({"full_name": name, "gender": "Nam", "join_date": "01/03/2015",
                                  "roles": "Chủ tịch" if i == 0 else "Ủy viên BCH"})
        member_service.create_member(db, unit.id, result.draft)
    ctx = AppContext(db)
    ctx.set_period(Period.parse("2025"))
    ctx.ids = ids  # type: ignore[attr-defined]
    return ctx


@pytest.fixture
def page(qtbot, context):  # type: ignore[no-untyped-def]
    widget = WomenCommitteePage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.activate()
    return widget


def test_shows_rule_source_and_computed_eligibility(page):  # type: ignore[no-untyped-def]
    ui = page.ui
    assert "Hướng dẫn 03/HD-TLĐ năm 2020" in ui.rule_label.text()
    assert "từ 10 nữ đoàn viên trở lên" in ui.rule_label.text()
    assert ui.female_value.text() == "12"
    assert ui.bch_value.text() == "5 (Ban nữ công tối đa 3 người)"
    assert ui.eligibility_label.text().startswith("Có 12 nữ đoàn viên (từ 10 trở lên): đủ điều kiện")
    assert ui.period_label.text() == "Năm 2025: số liệu tính đến ngày 30/11/2025"
    assert "đủ điều kiện nhưng chưa thành lập" in ui.warnings_label.text()
    assert not ui.decision_number_edit.isEnabled()


def test_override_requires_reason_then_saves(page, context):  # type: ignore[no-untyped-def]
    ui = page.ui
    notified = []
    context.data_changed.connect(notified.append)
    ui.override_combo.setCurrentIndex(2)  # manual: not required to establish
    assert ui.override_reason_edit.isEnabled()
    assert page.save() is False
    assert ui.override_reason_error.text() == "Khi xác định thủ công điều kiện thành lập Ban nữ công, hãy ghi rõ lý do"
    assert service.get_women_committee(context.db, context.unit_id, page.as_of).eligible_override is None
    ui.override_reason_edit.setText("Công văn 15/CĐCT ngày 10/01/2025 của công đoàn cấp trên")
    assert page.save() is True
    assert notified == ["women"]
    info = service.get_women_committee(context.db, context.unit_id, page.as_of)
    assert info.eligible_override is False and not info.eligible
    assert ui.eligibility_label.text().startswith("Xác định thủ công: không thuộc diện")
    assert ui.warnings_label.isHidden()


def test_establish_add_members_and_size_warnings(page, context, monkeypatch):  # type: ignore[no-untyped-def]
    ui = page.ui
    ui.established_check.setChecked(True)
    ui.decision_number_edit.setText("12/QĐ-CĐCS")
    ui.decision_date_edit.setText("15/03/2025")
    assert page.save() is True
    assert ui.member_start_edit.text() == "15/03/2025"

    def choose(names):  # type: ignore[no-untyped-def]
        def run(picker):  # type: ignore[no-untyped-def]
            picker.ui.search_edit.setText(names)
            picker.take_selected()
            return picker.result() == QDialog.DialogCode.Accepted
        return run

    ui.role_combo.setCurrentIndex(0)
    monkeypatch.setattr(page, "run_dialog", choose("thi hoa"))
    page.add_member()
    assert [m.full_name for m in page.members.rows] == ["Nguyễn Thị Hoa"]
    assert page.members.index(0, 1).data() == "Trưởng ban nữ công"
    assert "Ban nữ công hiện có 1 thành viên; quy định tối thiểu 3 người" in ui.warnings_label.text()
    ui.role_combo.setCurrentIndex(2)
    for given in ("thi lan", "thi mai", "thi cuc"):
        monkeypatch.setattr(page, "run_dialog", choose(given))
        page.add_member()
    assert len(page.members.rows) == 4
    assert ("Ban nữ công có 4 thành viên, vượt quá hai phần ba số ủy viên Ban Chấp hành (5 người, tối đa 3 thành "
            "viên)") in ui.warnings_label.text()
    roles = {m.role for m in service.get_women_committee(context.db, context.unit_id, page.as_of).members}
    assert roles == {Role.WOMEN_HEAD, Role.WOMEN_MEMBER}


def test_bad_decision_date_marked(page):  # type: ignore[no-untyped-def]
    page.ui.established_check.setChecked(True)
    page.ui.decision_date_edit.setText("31/04/2025")
    assert page.save() is False
    assert page.ui.decision_date_error.text() == "Ngày quyết định không tồn tại: 31/04/2025"
    assert "border" in page.ui.decision_date_edit.styleSheet()
