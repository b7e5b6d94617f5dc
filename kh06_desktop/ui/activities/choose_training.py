"""Which training should these people be added to? Asked when the dashboard's gap list (targets
4a, 4b) sends the chosen BCH members or group leaders to the trainings page.

Lists the trainings of the current period (newest first, the newest chosen); when none fits, the
officer records a new one here and it is chosen at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.activities import trainings
from kh06_desktop.services.activities.trainings import TrainingRow
from kh06_desktop.ui.activities.common import period_range
from kh06_desktop.ui.activities.event_page import date_span
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.window_state import remember_geometry

# Runs the "new training" dialog; returns the id of the training it created, or None if cancelled.
NewTraining = Callable[[QWidget], "int | None"]


def describe(row: TrainingRow) -> str:
    # Dates and count first: they tell apart two trainings with similar titles.
    people = f"{group_thousands(row.attendee_count)} người dự"
    return f"{date_span(row.start_date, row.end_date)} · {people}\n{row.title}"


class ChooseTrainingDialog(QDialog):
    """`exec()`, then read `chosen_id`."""

    def __init__(self, context: AppContext, people: int, new_training: NewTraining,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._new_training = new_training
        self.chosen_id: int | None = None
        self.ui = load_form("activities/choose_training_dialog.ui", self)
        remember_geometry(self, "choose_training_dialog")
        self.ui.intro_label.setText(
            f"Thêm {group_thousands(people)} đoàn viên vào danh sách người dự của lớp tập huấn nào? "
            f"({context.period.label}; người đã có trong danh sách lớp được bỏ qua.)")
        box: QDialogButtonBox = self.ui.button_box
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Thêm vào lớp này")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        box.accepted.connect(self.try_accept)
        box.rejected.connect(self.reject)
        self.ui.training_list.itemDoubleClicked.connect(lambda _item: self.try_accept())
        self.ui.training_list.currentRowChanged.connect(lambda _row: self._update())
        self.ui.new_training_button.clicked.connect(self.create_training)
        self.reload()
        self.ui.training_list.setFocus()

    def reload(self, select_id: int | None = None) -> None:
        start, end = period_range(self.context)
        rows = trainings.list_trainings(self.context.db, self.context.unit_id, start, end)
        widget = self.ui.training_list
        widget.clear()
        for row in rows:
            item = QListWidgetItem(describe(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(row.title)
            widget.addItem(item)
            if row.id == select_id:
                widget.setCurrentItem(item)
        if widget.currentRow() < 0 and rows:
            widget.setCurrentRow(0)
        widget.setVisible(bool(rows))
        self.ui.list_label.setVisible(bool(rows))
        self.ui.empty_label.setVisible(not rows)
        self._update()

    def selected_id(self) -> int | None:
        item = self.ui.training_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update(self) -> None:
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.selected_id() is not None)
        ok.setDefault(True)
        self.ui.message_label.setText("")

    def create_training(self) -> None:
        new_id = self._new_training(self)
        if new_id is not None:
            self.reload(new_id)
            if self.selected_id() != new_id:
                # Its dates are outside the chosen period: it cannot count for this period's targets.
                self.ui.message_label.setText("Lớp vừa tạo không thuộc kỳ đang chọn nên không hiện ở đây.")
            self.ui.training_list.setFocus()

    def try_accept(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            self.ui.message_label.setText("Hãy chọn một lớp tập huấn, hoặc tạo lớp mới.")
            return
        self.chosen_id = chosen
        self.accept()
