"""The audit trail page: a paged model tested without a window, then the page over a real
database with its filters, details pane and masked personal values."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.groups import groups
from kh06_desktop.services.members import members
from kh06_desktop.services.protect.audit_query import AuditFilter, AuditRow
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.protect.audit_page import LAST_7, RANGE, THIS_YEAR, TODAY, AuditPage, period_bounds
from kh06_desktop.ui.protect.audit_table_model import (
    COL_ACTION,
    COL_AT,
    COL_CONTENT,
    COL_ENTITY,
    AuditRowRole,
    AuditTableModel,
)


def _fake_rows(n: int) -> list[AuditRow]:
    start = dt.datetime(2025, 6, 1, 8, 0)
    return [AuditRow(i, start - dt.timedelta(minutes=i), "vanthu", "update", "member", i, 1, None,
                     {"phone": "0912345678"}, {"phone": "0987654321"}) for i in range(n)]


def test_model_loads_a_page_at_a_time(qapp) -> None:  # noqa: ARG001
    rows = _fake_rows(1200)
    calls: list[tuple[int, int]] = []

    def load(_f: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
        calls.append((offset, limit))
        return rows[offset:offset + limit]

    model = AuditTableModel(load, lambda _f: len(rows), page_size=500)
    model.set_filter(AuditFilter())
    assert model.rowCount() == 500 and model.total == 1200 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 1200 and not model.canFetchMore()
    assert calls == [(0, 500), (500, 500), (1000, 500)]
    first = model.index(0, COL_AT)
    assert model.data(first) == "01/06/2025 08:00:00"
    assert model.data(model.index(0, COL_ACTION)) == "Sửa"
    assert model.data(model.index(0, COL_ENTITY)) == "Đoàn viên"
    assert model.data(model.index(0, COL_CONTENT)) == "Điện thoại: •••••••678 → •••••••321"
    model.set_reveal(True)
    assert model.data(model.index(0, COL_CONTENT)) == "Điện thoại: 0912345678 → 0987654321"
    assert model.data(first, AuditRowRole) is rows[0]


def test_period_presets() -> None:
    today = dt.date(2025, 6, 15)
    assert period_bounds(TODAY, today, today, today) == (today, today)
    assert period_bounds(LAST_7, today, today, today) == (dt.date(2025, 6, 9), today)
    assert period_bounds(THIS_YEAR, today, today, today) == (dt.date(2025, 1, 1), today)
    assert period_bounds(RANGE, today, dt.date(2025, 5, 1), dt.date(2025, 4, 1)) == (dt.date(2025, 4, 1),
                                                                                    dt.date(2025, 5, 1))


@pytest.fixture
def page(qtbot, db, unit):  # type: ignore[no-untyped-def]
    draft = validate_member({"full_name": "Trần Đức Thắng", "gender": "Nam", "birth_date": "12/04/1988",
                             "citizen_id": "001088012345", "phone": "0912345678"}, today=dt.date(2025, 6, 1)).draft
    assert draft is not None
    member_id = members.create_member(db, unit.id, draft, today=dt.date(2025, 6, 1))
    members.add_position(db, member_id, Role.BCH_MEMBER, dt.date(2023, 1, 1))
    groups.create_group(db, unit.id, "Tổ Vận hành")
    widget = AuditPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _contents(page: AuditPage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, COL_CONTENT)) for r in range(model.rowCount())]


def test_page_lists_filters_and_details(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    total = page.model.total
    assert total == 5  # unit, workforce, member, position, group
    assert "5 thay đổi" in page.ui.count_label.text()
    page.ui.entity_filter.setCurrentIndex(page.ui.entity_filter.findData("member"))
    assert page.model.total == 1
    page.ui.reset_button.click()
    assert page.model.total == total
    page.ui.search_edit.setText("duc thang")  # typed without accents
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert "Trần Đức Thắng" in _contents(page)[0]
    page.ui.reset_button.click()
    page.ui.action_filter.setCurrentIndex(page.ui.action_filter.findData("create"))
    assert page.model.total == total
    page.ui.period_filter.setCurrentIndex(page.ui.period_filter.findData(RANGE))
    assert page.ui.from_date.isVisible()
    page.ui.from_date.setDate(page.ui.from_date.date().addYears(-5))
    page.ui.to_date.setDate(page.ui.to_date.date().addDays(-400))  # a range in the past: nothing
    assert page.model.total == 0 and "Không có thay đổi" in page.ui.count_label.text()


def test_details_mask_personal_values_until_revealed(page) -> None:  # type: ignore[no-untyped-def]
    page.ui.entity_filter.setCurrentIndex(page.ui.entity_filter.findData("member"))
    page.ui.audit_table.selectRow(0)
    details = page.ui.details_view.toPlainText()
    assert "Thêm đoàn viên" in details and "Họ và tên: Trần Đức Thắng" in details
    assert "001088012345" not in details and "••••••••2345" in details and "••/••/1988" in details
    page.ui.reveal_check.setChecked(True)
    details = page.ui.details_view.toPlainText()
    assert "Số CCCD: 001088012345" in details and "Ngày sinh: 12/04/1988" in details
    assert page.model.data(page.model.index(0, COL_CONTENT)).count("0912345678") == 1


def test_new_writes_show_up_when_the_page_is_shown_again(page, db, unit) -> None:  # type: ignore[no-untyped-def]
    groups.create_group(db, unit.id, "Tổ Bảo vệ")
    page.context.notify("groups")
    assert page.model.total == 6
    assert page.model.data(page.model.index(0, COL_CONTENT), Qt.ItemDataRole.DisplayRole) == "Tên: Tổ Bảo vệ"
