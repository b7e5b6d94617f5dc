"""A page of events with attendance lists (trainings, study sessions): the events of the period
on top, the people who attended the selected one below.

Subclasses name the service module, the dialog, the columns and the texts; everything else —
period filter, add/edit/delete, attendees by search, by group, from a spreadsheet — is here.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.services.activities import attendance_import
from kh06_desktop.services.activities.record_common import AttendeeRow
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
from kh06_desktop.ui.activities.common import (
    Column,
    RecordTableModel,
    ReloadWhenShown,
    add_shortcut,
    period_caption,
    period_range,
    setup_record_table,
)
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form

_STATUS = {"active": "Đang sinh hoạt", "transferred": "Đã chuyển sinh hoạt", "left": "Đã thôi"}
ATTENDEE_COLUMNS = (
    Column("Họ và tên", lambda r: r.full_name),
    Column("Năm sinh", lambda r: str(r.birth_date.year) if r.birth_date else ""),
    Column("Tổ công đoàn", lambda r: r.group_name or ""),
    Column("Trạng thái", lambda r: _STATUS.get(r.status, r.status)),
)


def choose_sheet(parent: QWidget) -> str:
    """The spreadsheet to import (a module function so tests can replace the file dialog)."""
    path, _filter = QFileDialog.getOpenFileName(parent, "Chọn danh sách người dự", "",
                                                "Bảng tính (*.xlsx *.xls *.ods *.xlsm);;Mọi tệp (*)")
    return path


def confirm_import(parent: QWidget, preview: attendance_import.AttendancePreview) -> bool:
    """Show what matched and what did not; True to add the matched people."""
    lines = [str(p) for p in preview.problems]
    text = f"Tệp «{preview.file_name}»: khớp được {len(preview.matched)} đoàn viên."
    if lines:
        text += f"\n{len(lines)} dòng chưa khớp, cần thêm bằng tay (bấm «Hiện chi tiết…» để xem)."
    box = QMessageBox(QMessageBox.Icon.Question, "Nhập danh sách người dự", text, parent=parent)
    if lines:
        box.setDetailedText("\n".join(lines))
    if not preview.matched:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return False
    add = box.addButton(f"Thêm {len(preview.matched)} người", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is add


class EventPage(ReloadWhenShown, QWidget):
    SERVICE: ModuleType
    AREA = ""
    TITLE = ""
    ADD_TEXT = ""
    NOUN = ""  # "lớp tập huấn", "buổi học tập"
    COLUMNS: tuple[Column, ...] = ()
    WIDTHS: tuple[int, ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("activities/event_page.ui", self)
        self.ui.title_label.setText(self.TITLE)
        self.ui.add_button.setText(self.ADD_TEXT)
        self.ui.add_button.setToolTip(f"Thêm {self.NOUN} (Ctrl+N)")
        self.ui.event_table.setAccessibleName(f"Danh sách {self.NOUN}")
        self.model = RecordTableModel(self.COLUMNS, self)
        self.attendees = RecordTableModel(ATTENDEE_COLUMNS, self, id_field="member_id")
        setup_record_table(self.ui.event_table, self.model, self.WIDTHS, self)
        setup_record_table(self.ui.attendee_table, self.attendees, (260, 90, 220), self)
        self.ui.splitter.setSizes([300, 320])
        self.ui.add_button.clicked.connect(self.add_event)
        self.ui.edit_button.clicked.connect(self.edit_selected)
        self.ui.delete_button.clicked.connect(self.delete_selected)
        self.ui.add_attendees_button.clicked.connect(self.pick_attendees)
        self.ui.import_button.clicked.connect(self.import_attendance)
        self.ui.remove_attendee_button.clicked.connect(self.remove_selected_attendees)
        self.ui.event_table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.ui.event_table.selectionModel().selectionChanged.connect(lambda *_: self._show_attendees())
        self.ui.attendee_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        add_shortcut(self, "Ctrl+N", self.add_event)
        add_shortcut(self, "Ctrl+D", self.pick_attendees)
        context.period_changed.connect(lambda _p: self._mark_dirty())
        context.data_changed.connect(self._on_data_changed)
        self._dirty = True
        self.reload()

    # --- subclass hooks -----------------------------------------------------------------
    def make_dialog(self, row: Any | None) -> QDialog:  # pragma: no cover - subclasses
        raise NotImplementedError

    def describe(self, row: Any) -> str:  # pragma: no cover - subclasses
        raise NotImplementedError

    def list_events(self, start: Any, end: Any) -> list[Any]:  # pragma: no cover - subclasses
        raise NotImplementedError

    def delete_event(self, event_id: int) -> None:  # pragma: no cover - subclasses
        raise NotImplementedError

    # --- loading ------------------------------------------------------------------------

    def _on_data_changed(self, area: str) -> None:
        if area in (self.AREA, "members", "groups", "settings"):
            self._mark_dirty()

    def reload(self, select_id: int | None = None) -> None:
        if self.context.unit is None:
            return
        self._dirty = False
        keep = select_id if select_id is not None else self.selected_id()
        start, end = period_range(self.context)
        self.ui.period_label.setText(period_caption(self.context))
        self.model.set_rows(self.list_events(start, end))
        self.ui.count_label.setText(f"{group_thousands(self.model.rowCount())} {self.NOUN} trong kỳ")
        common.select_id(self.ui.event_table, self.model, keep)
        self._show_attendees()

    def selected_id(self) -> int | None:
        row = common.selected_row(self.ui.event_table, self.model)
        return row.id if row is not None else None

    def _show_attendees(self) -> None:
        row = common.selected_row(self.ui.event_table, self.model)
        if row is None:
            self.attendees.set_rows([])
            self.ui.attendee_title_label.setText(f"Chọn một {self.NOUN} ở bảng trên để xem và ghi danh sách người dự.")
            self.ui.attendee_count_label.setText("")
        else:
            rows: list[AttendeeRow] = self.SERVICE.list_attendees(self.context.db, row.id)
            self.attendees.set_rows(rows)
            self.ui.attendee_title_label.setText(f"Người dự: {self.describe(row)}")
            self.ui.attendee_count_label.setText(f"{group_thousands(len(rows))} đoàn viên")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_event = self.selected_id() is not None
        for button in (self.ui.edit_button, self.ui.delete_button, self.ui.add_attendees_button,
                       self.ui.import_button):
            button.setEnabled(has_event)
        self.ui.remove_attendee_button.setEnabled(
            has_event and bool(self.ui.attendee_table.selectionModel().selectedRows()))

    # --- events -------------------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def add_event(self) -> None:
        dialog = self.make_dialog(None)
        if self.run_dialog(dialog):
            self._after_write(dialog.saved_id)  # type: ignore[attr-defined]

    def edit_selected(self) -> None:
        row = common.selected_row(self.ui.event_table, self.model)
        if row is None:
            return
        dialog = self.make_dialog(row)
        if self.run_dialog(dialog):
            self._after_write(row.id)

    def delete_selected(self) -> None:
        row = common.selected_row(self.ui.event_table, self.model)
        if row is None:
            return
        count = self.attendees.rowCount()
        extra = f" cùng danh sách {count} người dự" if count else ""
        if not common.ask(self, "Xóa", f"Xóa {self.NOUN} «{self.describe(row)}»{extra}?"):
            return
        try:
            self.delete_event(row.id)
        except ServiceError as exc:
            common.show_error(self, "Không xóa được", str(exc))
            return
        self._after_write(None)

    def _after_write(self, select_id: int | None) -> None:
        self.reload(select_id)
        self.context.notify(self.AREA)

    # --- attendees ----------------------------------------------------------------------
    def pick_attendees(self) -> None:
        event_id = self.selected_id()
        if event_id is None:
            return
        picker = AttendeePicker(self.context, self, title="Thêm người dự",
                                existing_ids=[r.member_id for r in self.attendees.rows])
        if not self.run_dialog(picker):
            return
        self.add_attendees(event_id, picker.chosen_ids, picker.chosen_group_id)

    def add_attendees(self, event_id: int, member_ids: list[int], group_id: int | None = None) -> int:
        try:
            if group_id is not None:
                added: int = self.SERVICE.add_group(self.context.db, event_id, group_id)
            else:
                added = self.SERVICE.add_attendees(self.context.db, event_id, member_ids)
        except ServiceError as exc:
            common.show_error(self, "Không thêm được người dự", str(exc))
            return 0
        self.context.status_message.emit(f"Đã thêm {added} người dự")
        self._after_write(event_id)
        return added

    def remove_selected_attendees(self) -> None:
        event_id = self.selected_id()
        rows = sorted(i.row() for i in self.ui.attendee_table.selectionModel().selectedRows())
        if event_id is None or not rows:
            return
        people = [self.attendees.row_at(r) for r in rows]
        names = ", ".join(p.full_name for p in people[:5]) + ("…" if len(people) > 5 else "")
        if not common.ask(self, "Bỏ khỏi danh sách", f"Bỏ {len(people)} người khỏi danh sách người dự ({names})?"):
            return
        try:
            for person in people:
                self.SERVICE.remove_attendee(self.context.db, event_id, person.member_id)
        except ServiceError as exc:
            common.show_error(self, "Không bỏ được", str(exc))
        self._after_write(event_id)

    def import_attendance(self) -> None:
        event_id = self.selected_id()
        if event_id is None:
            return
        path = choose_sheet(self)
        if not path:
            return
        try:
            preview = attendance_import.match_attendance(self.context.db, self.context.unit_id, path)
        except ServiceError as exc:
            common.show_error(self, "Không đọc được danh sách", str(exc))
            return
        if confirm_import(self, preview):
            self.add_attendees(event_id, preview.member_ids)

    # --- keyboard -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.ui.event_table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if watched is self.ui.event_table and key == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if watched is self.ui.attendee_table and key == Qt.Key.Key_Delete:
                self.remove_selected_attendees()
                return True
        return super().eventFilter(watched, event)


def date_span(start: Any, end: Any) -> str:
    if end and end != start:
        return f"{format_date(start)} – {format_date(end)}"
    return format_date(start)
