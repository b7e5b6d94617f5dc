"""Study sessions (Học tập – quán triệt): sessions of the period, members who attended each, and
the count of non-member workers (target 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.services.activities import studies
from kh06_desktop.services.activities.studies import TOPICS, StudyRow
from kh06_desktop.ui.activities.common import Column, RecordDialog, set_widget_text, widget_text
from kh06_desktop.ui.activities.event_page import EventPage
from kh06_desktop.ui.context import AppContext


class StudyDialog(RecordDialog):
    FORM = "activities/study_dialog.ui"
    FIELDS = {"topic": "topic_combo", "date": "date_edit", "place": "place_edit",
              "non_member_count": "non_member_count_spin"}

    def __init__(self, context: AppContext, row: StudyRow | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context, self.row, self.today = context, row, today
        self.setWindowTitle("Sửa buổi học tập, quán triệt" if row else "Thêm buổi học tập, quán triệt")
        self.ui.topic_combo.addItems(list(TOPICS))
        self.ui.topic_combo.setCurrentIndex(-1)
        if row is not None:
            set_widget_text(self.ui.topic_combo, row.topic)
            set_widget_text(self.ui.date_edit, format_date(row.date))
            set_widget_text(self.ui.place_edit, row.place)
            self.ui.non_member_count_spin.setValue(row.non_member_count)
        self.ui.topic_combo.setFocus()

    def values(self) -> dict[str, Any]:
        return {"topic": widget_text(self.ui.topic_combo), "date": widget_text(self.ui.date_edit),
                "place": widget_text(self.ui.place_edit), "non_member_count": self.ui.non_member_count_spin.value()}

    def save(self) -> int:
        if self.row is None:
            return studies.create_study(self.context.db, self.context.unit_id, today=self.today, **self.values())
        studies.update_study(self.context.db, self.row.id, today=self.today, **self.values())
        return self.row.id


class StudiesPage(EventPage):
    SERVICE = studies
    AREA = "studies"
    TITLE = "Học tập, quán triệt, tiếp nhận thông tin"
    ADD_TEXT = "Thêm buổi học tập…"
    NOUN = "buổi học tập"
    COLUMNS = (
        Column("Nội dung", lambda r: r.topic, tooltip=lambda r: r.topic),
        Column("Ngày", lambda r: format_date(r.date)),
        Column("Địa điểm", lambda r: r.place or ""),
        Column("Đoàn viên dự", lambda r: group_thousands(r.member_count), align_right=True),
        Column("Người lao động khác", lambda r: group_thousands(r.non_member_count), align_right=True),
        Column("Tổng số người dự", lambda r: group_thousands(r.total), align_right=True),
    )
    WIDTHS = (400, 100, 220, 100, 140, 120)

    def make_dialog(self, row: StudyRow | None) -> StudyDialog:
        return StudyDialog(self.context, row, self)

    def describe(self, row: StudyRow) -> str:
        return f"{row.topic} ({format_date(row.date)})"

    def list_events(self, start: dt.date, end: dt.date) -> list[StudyRow]:
        return studies.list_studies(self.context.db, self.context.unit_id, start, end)

    def delete_event(self, event_id: int) -> None:
        studies.delete_study(self.context.db, event_id)
