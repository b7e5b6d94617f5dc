"""Picking members from the member list: search that ignores diacritics, a group filter, and
"Thêm cả tổ" (the whole group). Shared by trainings and study sessions (many people), and by
the hardship and women's committee pages (one person).

Members already on the list are shown greyed and cannot be picked again.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QWidget

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.domain.vntext import matches
from kh06_desktop.services.groups.groups import list_groups
from kh06_desktop.services.members.members import MemberRow, list_member_rows
from kh06_desktop.ui.activities.common import Column, RecordTableModel
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.window_state import remember_geometry

_GREY = QBrush(QColor("#8a8a8a"))
_STATUS = {s.value: s.label for s in MemberStatus}


class PickerModel(RecordTableModel):
    def __init__(self, parent: QWidget, existing: set[int]) -> None:
        self.existing = existing
        grey = lambda r: _GREY if r.id in self.existing or r.status != "active" else None  # noqa: E731
        super().__init__((
            Column("Họ và tên", lambda r: r.full_name + ("  (đã có)" if r.id in self.existing else ""), colour=grey),
            Column("Năm sinh", lambda r: str(r.birth_date.year) if r.birth_date else "", colour=grey),
            Column("Tổ công đoàn", lambda r: r.group_name or "", colour=grey),
            Column("Chức vụ", lambda r: ", ".join(Role(x).label for x in r.roles), colour=grey),
            Column("Trạng thái", lambda r: _STATUS.get(r.status, r.status), colour=grey),
        ), parent)
        self._all: list[MemberRow] = []

    def set_members(self, rows: list[MemberRow]) -> None:
        self._all = rows

    def apply(self, text: str, group_id: int | None, include_inactive: bool) -> None:
        rows = [r for r in self._all
                if (include_inactive or r.status == "active")
                and (group_id is None or r.group_id == group_id)
                and (not text or matches(r.name_folded, text))]
        self.set_rows(rows)

    def flags(self, index):  # type: ignore[no-untyped-def]
        flags = super().flags(index)
        if index.isValid() and self.row_at(index.row()).id in self.existing:
            return flags & ~Qt.ItemFlag.ItemIsSelectable
        return flags


class AttendeePicker(QDialog):
    """`exec()`, then read `chosen_ids` (people picked) or `chosen_group_id` ("cả tổ")."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, title: str = "Chọn người dự",
                 existing_ids: Iterable[int] = (), single: bool = False, allow_group: bool = True,
                 members: list[MemberRow] | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form("activities/attendee_picker.ui", self)
        self.setWindowTitle(title)
        remember_geometry(self, "attendee_picker")
        self.context = context
        self.single = single
        self.chosen_ids: list[int] = []
        self.chosen_group_id: int | None = None
        self.model = PickerModel(self, set(existing_ids))
        table = self.ui.member_table
        table.setModel(self.model)
        table.verticalHeader().setDefaultSectionSize(24)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((0, 240), (1, 80), (2, 190), (3, 140)):
            table.setColumnWidth(column, width)
        if single:
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.ui.add_selected_button.setText("Chọn")
            self.ui.hint_label.setText("Enter hoặc nháy đúp để chọn.")
        self.ui.add_group_button.setVisible(allow_group and not single)
        self.ui.group_combo.addItem("Tất cả các tổ", None)
        for group in list_groups(context.db, context.unit_id):
            self.ui.group_combo.addItem(f"{group.name} ({group.member_count})", group.id)
        self.model.set_members(members if members is not None else list_member_rows(context.db, context.unit_id))
        self.ui.search_edit.textChanged.connect(self.refilter)
        self.ui.group_combo.currentIndexChanged.connect(self.refilter)
        self.ui.inactive_check.toggled.connect(self.refilter)
        self.ui.add_selected_button.clicked.connect(self.take_selected)
        self.ui.add_group_button.clicked.connect(self.take_group)
        self.ui.close_button.clicked.connect(self.reject)
        table.doubleClicked.connect(lambda _i: self.take_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.ui.search_edit.installEventFilter(self)
        table.installEventFilter(self)
        self.ui.add_selected_button.setDefault(False)
        self.ui.add_selected_button.setAutoDefault(False)
        self.refilter()
        self.ui.search_edit.setFocus()

    def refilter(self, *_args: object) -> None:
        self.model.apply(self.ui.search_edit.text(), self.ui.group_combo.currentData(),
                         self.ui.inactive_check.isChecked())
        self.ui.count_label.setText(f"{group_thousands(self.model.rowCount())} đoàn viên")
        if self.model.rowCount() == 1 and self.model.row_at(0).id not in self.model.existing:
            self.ui.member_table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.ui.add_selected_button.setEnabled(bool(self.selected_ids()))
        self.ui.add_group_button.setEnabled(self.ui.group_combo.currentData() is not None)

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.ui.member_table.selectionModel().selectedRows())
        return [self.model.row_at(r).id for r in rows if self.model.row_at(r).id not in self.model.existing]

    def take_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.chosen_ids = ids
            self.accept()

    def take_group(self) -> None:
        group_id = self.ui.group_combo.currentData()
        if group_id is not None:
            self.chosen_group_id = group_id
            self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.ui.search_edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and self.model.rowCount() == 1 and self.model.row_at(0).id not in self.model.existing:
                self.ui.member_table.selectRow(0)  # the single match: Enter picks it, as the hint says
                self.take_selected()
                return True
            if watched is self.ui.search_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                table = self.ui.member_table
                table.setFocus()
                if not table.selectionModel().selectedRows() and self.model.rowCount():
                    table.selectRow(0)
                return True
            if watched is self.ui.member_table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.take_selected()
                return True
        return super().eventFilter(watched, event)
