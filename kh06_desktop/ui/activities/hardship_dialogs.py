"""Dialogs of the hardship page: a case (member, reason, dates, sensitive details) and one
support given (date, kind, value in đồng, fund source)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from kh06_desktop.domain.enums import SupportKind
from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.services.activities import hardship
from kh06_desktop.services.activities.hardship import FUND_SOURCES, REASONS, CaseDetail, SupportRow
from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
from kh06_desktop.ui.activities.common import RecordDialog, set_widget_text, widget_text
from kh06_desktop.ui.context import AppContext


class CaseDialog(RecordDialog):
    FORM = "activities/case_dialog.ui"
    FIELDS = {"member_id": "member_edit", "reason": "reason_combo", "opened_on": "opened_on_edit",
              "closed_on": "closed_on_edit", "details": "details_edit"}

    def __init__(self, context: AppContext, case: CaseDetail | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context, self.case, self.today = context, case, today
        self.member_id: int | None = case.member_id if case else None
        self.setWindowTitle("Sửa hoàn cảnh khó khăn" if case else "Ghi nhận đoàn viên có hoàn cảnh khó khăn")
        self.ui.reason_combo.addItems(list(REASONS))
        self.ui.reason_combo.setCurrentIndex(-1)
        self.ui.member_button.clicked.connect(self.pick_member)
        if case is not None:
            set_widget_text(self.ui.member_edit, case.member_name)
            set_widget_text(self.ui.reason_combo, case.reason)
            set_widget_text(self.ui.opened_on_edit, format_date(case.opened_on))
            set_widget_text(self.ui.closed_on_edit, format_date(case.closed_on))
            set_widget_text(self.ui.details_edit, case.details)
            self.ui.reason_combo.setFocus()
        else:
            set_widget_text(self.ui.opened_on_edit, format_date(today or dt.date.today()))
            self.ui.member_button.setFocus()

    def run_picker(self, picker: AttendeePicker) -> bool:
        return bool(picker.exec())

    def pick_member(self) -> None:
        picker = AttendeePicker(self.context, self, title="Chọn đoàn viên", single=True, allow_group=False)
        if self.run_picker(picker) and picker.chosen_ids:
            chosen = picker.chosen_ids[0]
            self.set_member(chosen, next(r.full_name for r in picker.model.rows if r.id == chosen))

    def set_member(self, member_id: int, name: str) -> None:
        self.member_id = member_id
        self.ui.member_edit.setText(name)
        self.ui.reason_combo.setFocus()

    def values(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "reason": widget_text(self.ui.reason_combo),
                "opened_on": widget_text(self.ui.opened_on_edit), "closed_on": widget_text(self.ui.closed_on_edit),
                "details": widget_text(self.ui.details_edit)}

    def save(self) -> int:
        if self.case is None:
            return hardship.create_case(self.context.db, self.context.unit_id, today=self.today, **self.values())
        hardship.update_case(self.context.db, self.case.id, today=self.today, **self.values())
        return self.case.id


class SupportDialog(RecordDialog):
    FORM = "activities/support_dialog.ui"
    FIELDS = {"date": "date_edit", "kind": "kind_combo", "value_vnd": "value_vnd_edit",
              "fund_source": "fund_source_combo"}

    def __init__(self, context: AppContext, case_id: int, support: SupportRow | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context, self.case_id, self.support, self.today = context, case_id, support, today
        self.setWindowTitle("Sửa lần thăm hỏi, hỗ trợ" if support else "Thêm lần thăm hỏi, hỗ trợ")
        for kind in SupportKind:
            self.ui.kind_combo.addItem(kind.label, kind.value)
        self.ui.fund_source_combo.addItems(list(FUND_SOURCES))
        self.ui.fund_source_combo.setCurrentIndex(-1)
        self.ui.value_vnd_edit.editingFinished.connect(self._regroup)
        if support is not None:
            set_widget_text(self.ui.date_edit, format_date(support.date))
            self.ui.kind_combo.setCurrentIndex(self.ui.kind_combo.findData(support.kind.value))
            set_widget_text(self.ui.value_vnd_edit, group_thousands(support.value_vnd) if support.value_vnd else "")
            set_widget_text(self.ui.fund_source_combo, support.fund_source)
        else:
            set_widget_text(self.ui.date_edit, format_date(today or dt.date.today()))
        self.ui.date_edit.setFocus()

    def _regroup(self) -> None:
        """Show what was typed with Vietnamese grouping (1500000 → 1.500.000) when it is a number."""
        digits = self.ui.value_vnd_edit.text().replace(".", "").replace(" ", "").removesuffix("đ")
        if digits.isdigit():
            self.ui.value_vnd_edit.setText(group_thousands(int(digits)))

    def values(self) -> dict[str, Any]:
        return {"date": widget_text(self.ui.date_edit), "kind": self.ui.kind_combo.currentData(),
                "value_vnd": widget_text(self.ui.value_vnd_edit), "fund_source": widget_text(self.ui.fund_source_combo)}

    def save(self) -> int:
        if self.support is None:
            return hardship.add_support(self.context.db, self.case_id, today=self.today, **self.values())
        hardship.update_support(self.context.db, self.support.id, today=self.today, **self.values())
        return self.support.id
