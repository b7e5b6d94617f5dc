"""The members page: the whole member list with search-as-you-type, filters and actions.

A large list paints at once from its first screenful (`first_member_rows`) while a worker
thread reads the whole list; a small one is read directly. Members are never deleted here:
the Delete key opens "Chuyển sinh hoạt / Thôi", which keeps the record with its date.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHeaderView, QWidget

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.members.member_rows import count_members, first_member_rows, group_choices
from kh06_desktop.services.members.members import list_member_rows
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import LAST_WHEN_ROOM, compact_combos, keep_columns_fitted
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.members.member_table_model import (
    COL_NAME,
    NO_GROUP,
    MemberFilter,
    MemberTableModel,
)
from kh06_desktop.ui.operation import Operation, run_operation

# Up to this many members the list is read on the UI thread (well under 0.1 s).
SYNC_LIMIT = 5_000
# Rows shown before the whole list has arrived: more than any screen holds.
FIRST_WINDOW = 300
START_DELAY_MS = 40
_AREAS = frozenset({"members", "groups", "unit"})


class MembersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("members/members_page.ui", self)
        self.model = MemberTableModel(self)
        table = self.ui.member_table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        table.setSortingEnabled(True)
        table.verticalHeader().setDefaultSectionSize(26)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Columns as wide as their header and contents (names up to 260 px, long positions and statuses up to
        # 180 px), the last one taking what is left; eleven columns are wider than a 1366 px screen, so this
        # roster alone scrolls sideways (tests/ui/test_fit_screens.py names it).
        keep_columns_fitted(table, stretch=LAST_WHEN_ROOM, max_width=180, wide={COL_NAME: 260})
        table.installEventFilter(self)
        self._fill_static_filters()
        compact_combos(self.ui.group_filter, self.ui.status_filter, self.ui.gender_filter, self.ui.role_filter,
                       chars=5)  # the filter row fits a 1024-pixel window
        self._dirty = True
        self._partial = False
        self._generation = 0
        self._loading = False
        self._operation: Operation | None = None
        self._pending_select: int | None = None

        self.ui.search_edit.textChanged.connect(self.apply_filter_now)
        for combo in (self.ui.group_filter, self.ui.status_filter, self.ui.gender_filter, self.ui.role_filter):
            combo.currentIndexChanged.connect(self.apply_filter_now)
        self.ui.clear_filters_button.clicked.connect(self.clear_filters)
        self.ui.add_button.clicked.connect(self.add_member)
        self.ui.edit_button.clicked.connect(self.edit_selected)
        self.ui.status_button.clicked.connect(self.change_status_of_selected)
        self.ui.positions_button.clicked.connect(self.positions_of_selected)
        self.ui.show_personal_button.toggled.connect(self._toggle_personal)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._update_buttons)
        self._shortcut("Ctrl+F", self.focus_search)
        self._shortcut("Ctrl+N", self.add_member)
        context.data_changed.connect(self._on_data_changed)
        self._update_buttons()

    # --- set-up -------------------------------------------------------------------------
    def _shortcut(self, keys: str, slot) -> None:  # type: ignore[no-untyped-def]
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: slot() if self.isVisible() else None)

    def _fill_static_filters(self) -> None:
        self.ui.status_filter.addItem("Mọi trạng thái", None)
        for status in MemberStatus:
            self.ui.status_filter.addItem(status.label, status.value)
        self.ui.gender_filter.addItem("Nam và nữ", None)
        for gender in Gender:
            self.ui.gender_filter.addItem(gender.label, gender.value)
        self.ui.role_filter.addItem("Mọi chức vụ", None)
        for role in Role:
            self.ui.role_filter.addItem(role.label, role.value)
        self.ui.group_filter.addItem("Tất cả các tổ", None)

    def _fill_groups(self) -> None:
        combo = self.ui.group_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Tất cả các tổ", None)
        for group_id, name in group_choices(self.context.db, self.context.unit_id):
            combo.addItem(name, group_id)
        combo.addItem("Chưa thuộc tổ nào", NO_GROUP)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- loading ------------------------------------------------------------------------
    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def _on_data_changed(self, area: str) -> None:
        if area not in _AREAS:
            return
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the list again (keeping search, filters, sort and the selected member)."""
        if self.context.unit is None:
            return
        self._dirty = False
        self._generation += 1
        db, unit_id = self.context.db, self.context.unit_id
        if self._pending_select is None:
            self._pending_select = self.selected_member_id()
        self._fill_groups()
        total = count_members(db, unit_id)
        if total <= SYNC_LIMIT:
            self._show_rows(list_member_rows(db, unit_id), self._generation)
            return
        if self.model.total_count == 0:
            self._partial = True
            self.model.set_rows(first_member_rows(db, unit_id, FIRST_WINDOW))
            self.ui.count_label.setText(f"Đang tải {group_thousands(total)} đoàn viên…")
        generation = self._generation
        self._loading = True
        # Start reading after the first paint: the worker holds the GIL while it builds rows.
        QTimer.singleShot(START_DELAY_MS, lambda: self._start_full_load(generation))

    def _start_full_load(self, generation: int) -> None:
        if generation != self._generation:
            return
        db, unit_id = self.context.db, self.context.unit_id
        self._operation = run_operation(
            self, "Đang tải danh sách đoàn viên…", lambda _progress: list_member_rows(db, unit_id),
            on_success=lambda rows: self._show_rows(rows, generation), on_failure=self._load_failed,
            show_dialog=False)

    def _load_failed(self, message: str) -> None:
        self._loading = False
        self._operation = None
        self._partial = False
        self.ui.count_label.setText(f"Chưa tải được cả danh sách: {message}")

    def _show_rows(self, rows: list, generation: int) -> None:  # type: ignore[type-arg]
        if generation != self._generation:
            return  # a newer reload is on its way
        self._partial = False
        self._loading = False
        self._operation = None
        self.model.set_rows(rows)
        if self._pending_select is not None:
            self.select_member(self._pending_select)
            self._pending_select = None

    @property
    def is_loading(self) -> bool:
        return self._loading

    # --- filtering ----------------------------------------------------------------------
    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            text=self.ui.search_edit.text(),
            group_id=self.ui.group_filter.currentData(),
            status=self.ui.status_filter.currentData(),
            gender=self.ui.gender_filter.currentData(),
            role=self.ui.role_filter.currentData(),
        )

    def apply_filter_now(self, *_args: object) -> None:
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        for combo in (self.ui.group_filter, self.ui.status_filter, self.ui.gender_filter, self.ui.role_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.ui.search_edit.clear()
        self.apply_filter_now()

    def focus_search(self) -> None:
        self.ui.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search_edit.selectAll()

    def _update_count(self) -> None:
        if self._partial:
            return
        shown, total = self.model.visible_count, self.model.total_count
        if shown == total:
            text = f"{group_thousands(total)} đoàn viên"
        else:
            text = f"Đang hiển thị {group_thousands(shown)} / {group_thousands(total)} đoàn viên"
        self.ui.count_label.setText(text)

    def _toggle_personal(self, show: bool) -> None:
        self.model.set_show_personal(show)
        self.ui.show_personal_button.setText("Che thông tin cá nhân" if show else "Hiện thông tin cá nhân")

    # --- selection ----------------------------------------------------------------------
    def selected_member_id(self) -> int | None:
        index = self.ui.member_table.currentIndex()
        selection = self.ui.member_table.selectionModel()
        if not index.isValid() or not selection.isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row()).id

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of_member(member_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_NAME)
        table = self.ui.member_table
        table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        chosen = self.selected_member_id() is not None
        for button in (self.ui.edit_button, self.ui.status_button, self.ui.positions_button):
            button.setEnabled(chosen)
        self.ui.add_button.setEnabled(self.context.unit is not None)

    # --- actions ------------------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally (tests replace this to drive the dialog instead)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def add_member(self) -> None:
        if self.context.unit is None:
            return
        from kh06_desktop.ui.members.member_dialog import MemberDialog

        dialog = MemberDialog(self.context.db, self.context.unit_id, parent=self)
        if self.run_dialog(dialog) and dialog.saved_member_id is not None:
            self._after_write(dialog.saved_member_id, "Đã thêm đoàn viên")

    def edit_selected(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None:
            return
        from kh06_desktop.ui.members.member_dialog import MemberDialog

        dialog = MemberDialog(self.context.db, self.context.unit_id, member_id=member_id, parent=self)
        if self.run_dialog(dialog):
            self._after_write(member_id, "Đã lưu thông tin đoàn viên")

    def change_status_of_selected(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None:
            return
        from kh06_desktop.ui.members.status_dialog import StatusDialog

        dialog = StatusDialog(self.context.db, member_id, parent=self)
        if self.run_dialog(dialog):
            self._after_write(member_id, "Đã ghi nhận thay đổi sinh hoạt")

    def positions_of_selected(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None:
            return
        from kh06_desktop.ui.members.positions_dialog import PositionsDialog

        dialog = PositionsDialog(self.context.db, member_id, parent=self)
        self.run_dialog(dialog)
        if dialog.changed:
            self._after_write(member_id, "Đã cập nhật chức vụ")

    def _after_write(self, member_id: int, message: str) -> None:
        self._pending_select = member_id
        self.context.notify("members")  # reloads this page (and the others showing members)
        if self._dirty:  # not visible: reload now so the selection is right when shown
            self.reload()
        self.context.status_message.emit(message)

    # --- keys on the table --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.ui.member_table and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if key == Qt.Key.Key_Delete:
                # Never a silent delete: offer transfer out / leave, which keeps the record.
                self.change_status_of_selected()
                return True
        return super().eventFilter(watched, event)
