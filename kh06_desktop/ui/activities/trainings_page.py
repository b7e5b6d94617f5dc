"""Trainings (Tập huấn): the union-work trainings of the period and who attended each.

Attendance here feeds targets 4a (BCH members trained) and 4b (group leaders and deputies).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.services.activities import trainings
from kh06_desktop.services.activities.trainings import LEVELS, TrainingRow
from kh06_desktop.ui.activities.choose_training import ChooseTrainingDialog
from kh06_desktop.ui.activities.common import Column, RecordDialog, set_widget_text, widget_text
from kh06_desktop.ui.activities.event_page import EventPage, date_span
from kh06_desktop.ui.context import AppContext


class TrainingDialog(RecordDialog):
    FORM = "activities/training_dialog.ui"
    FIELDS = {"title": "title_edit", "level": "level_combo", "start_date": "start_date_edit",
              "end_date": "end_date_edit", "place": "place_edit"}

    def __init__(self, context: AppContext, row: TrainingRow | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context, self.row, self.today = context, row, today
        self.setWindowTitle("Sửa lớp tập huấn" if row else "Thêm lớp tập huấn")
        self.ui.level_combo.addItems(list(LEVELS))
        self.ui.level_combo.setCurrentIndex(-1)
        if row is not None:
            set_widget_text(self.ui.title_edit, row.title)
            set_widget_text(self.ui.level_combo, row.level)
            set_widget_text(self.ui.start_date_edit, format_date(row.start_date))
            set_widget_text(self.ui.end_date_edit, format_date(row.end_date))
            set_widget_text(self.ui.place_edit, row.place)
        self.ui.title_edit.setFocus()

    def values(self) -> dict[str, Any]:
        return {name: widget_text(self.field(name)) for name in self.FIELDS}

    def save(self) -> int:
        if self.row is None:
            return trainings.create_training(self.context.db, self.context.unit_id, today=self.today,
                                             **self.values())
        trainings.update_training(self.context.db, self.row.id, today=self.today, **self.values())
        return self.row.id


class TrainingsPage(EventPage):
    SERVICE = trainings
    AREA = "trainings"
    TITLE = "Tập huấn nghiệp vụ công tác công đoàn"
    ADD_TEXT = "Thêm lớp tập huấn…"
    NOUN = "lớp tập huấn"
    COLUMNS = (
        Column("Tên lớp tập huấn", lambda r: r.title, tooltip=lambda r: r.title),
        Column("Thời gian", lambda r: date_span(r.start_date, r.end_date)),
        Column("Cấp tổ chức", lambda r: r.level or ""),
        Column("Địa điểm", lambda r: r.place or ""),
        Column("Số người dự", lambda r: group_thousands(r.attendee_count), align_right=True),
    )
    WIDTHS = (380, 170, 220, 220, 90)

    def make_dialog(self, row: TrainingRow | None) -> TrainingDialog:
        return TrainingDialog(self.context, row, self)

    def describe(self, row: TrainingRow) -> str:
        return f"{row.title} ({date_span(row.start_date, row.end_date)})"

    def list_events(self, start: dt.date, end: dt.date) -> list[TrainingRow]:
        return trainings.list_trainings(self.context.db, self.context.unit_id, start, end)

    def delete_event(self, event_id: int) -> None:
        trainings.delete_training(self.context.db, event_id)

    # --- from the dashboard's gap lists (targets 4a, 4b) ---------------------------------
    def choose_training(self, people: int) -> int | None:
        """Ask which training of the period gets these people; None if the officer cancels."""
        dialog = ChooseTrainingDialog(self.context, people, self._create_training_from, self)
        return dialog.chosen_id if self.run_dialog(dialog) else None

    def _create_training_from(self, parent: QWidget) -> int | None:
        dialog = TrainingDialog(self.context, None, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.context.notify(self.AREA)
        return dialog.saved_id

    def propose_attendees(self, member_ids: list[int]) -> int:
        """Add these members to a training the officer picks (or creates); returns how many were added."""
        member_ids = list(dict.fromkeys(member_ids))
        if not member_ids:
            return 0
        self.activate()
        training_id = self.choose_training(len(member_ids))
        if training_id is None:
            return 0
        added = self.add_attendees(training_id, member_ids)
        skipped = len(member_ids) - added
        if skipped > 0:
            self.context.status_message.emit(f"Đã thêm {group_thousands(added)} người dự; "
                                             f"{group_thousands(skipped)} người đã có trong danh sách lớp")
        return added
