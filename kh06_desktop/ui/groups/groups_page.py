"""Union groups: add, rename, merge, delete. Deleting never deletes members: a group that still
has members is deleted only after choosing the group they move to (services.groups enforces it).

Questions to the officer go through `ask_text`, `ask_choice` and `confirm`, which tests replace.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QInputDialog, QMessageBox, QTableWidgetItem, QWidget

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.common.errors import Conflict, ServiceError
from kh06_desktop.services.groups.groups import (
    GroupRow,
    create_group,
    delete_group,
    list_groups,
    merge_groups,
    rename_group,
)
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form

_AREAS = frozenset({"groups", "members", "unit"})


class GroupsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.groups: list[GroupRow] = []
        self.ui = load_form("groups/groups_page.ui", self)
        table = self.ui.groups_table
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels(["Tổ công đoàn", "Đoàn viên đang sinh hoạt"])
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.itemSelectionChanged.connect(self._update_buttons)
        table.itemDoubleClicked.connect(lambda _item: self.rename_selected())
        self.ui.add_button.clicked.connect(self.add_group)
        self.ui.rename_button.clicked.connect(self.rename_selected)
        self.ui.merge_button.clicked.connect(self.merge_selected)
        self.ui.delete_button.clicked.connect(self.delete_selected)
        self._dirty = True
        context.data_changed.connect(self._on_data_changed)
        self._update_buttons()

    # --- questions (replaced in tests) --------------------------------------------------
    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def ask_choice(self, title: str, label: str, choices: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(self, title, label, choices, 0, False)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def tell(self, text: str) -> None:
        QMessageBox.warning(self, "Tổ công đoàn", text)

    # --- loading ------------------------------------------------------------------------
    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def _on_data_changed(self, area: str) -> None:
        if area in _AREAS:
            self._dirty = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        if self.context.unit is None:
            return
        self._dirty = False
        chosen = {g.id for g in self.selected_groups()}
        self.groups = list_groups(self.context.db, self.context.unit_id)
        table = self.ui.groups_table
        table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            table.setItem(row, 0, QTableWidgetItem(group.name))
            count = QTableWidgetItem(group_thousands(group.member_count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 1, count)
            if group.id in chosen:
                table.selectRow(row)
        total = sum(g.member_count for g in self.groups)
        self.ui.count_label.setText(f"{len(self.groups)} tổ, {group_thousands(total)} đoàn viên đang sinh hoạt")
        self._update_buttons()

    def selected_groups(self) -> list[GroupRow]:
        rows = sorted({index.row() for index in self.ui.groups_table.selectionModel().selectedRows()})
        return [self.groups[r] for r in rows if r < len(self.groups)]

    def select_names(self, *names: str) -> None:
        table = self.ui.groups_table
        table.clearSelection()
        for row, group in enumerate(self.groups):
            if group.name in names:
                table.selectionModel().select(table.model().index(row, 0),
                                              table.selectionModel().SelectionFlag.Select
                                              | table.selectionModel().SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        count = len(self.selected_groups())
        self.ui.rename_button.setEnabled(count == 1)
        self.ui.delete_button.setEnabled(count == 1)
        self.ui.merge_button.setEnabled(count >= 1 and len(self.groups) >= 2)
        self.ui.add_button.setEnabled(self.context.unit is not None)

    def _write(self, action, message: str) -> bool:  # type: ignore[no-untyped-def]
        try:
            action()
        except ServiceError as exc:
            self.tell(str(exc))
            return False
        self.context.notify("groups")
        if self._dirty:
            self.reload()
        self.context.status_message.emit(message)
        return True

    # --- actions ------------------------------------------------------------------------
    def add_group(self) -> bool:
        name = self.ask_text("Thêm tổ công đoàn", "Tên tổ công đoàn:")
        if not name:
            return False
        return self._write(lambda: create_group(self.context.db, self.context.unit_id, name),
                           f"Đã thêm tổ «{name.strip()}»")

    def rename_selected(self) -> bool:
        chosen = self.selected_groups()
        if len(chosen) != 1:
            return False
        group = chosen[0]
        name = self.ask_text("Đổi tên tổ công đoàn", "Tên mới:", group.name)
        if not name or name.strip() == group.name:
            return False
        return self._write(lambda: rename_group(self.context.db, group.id, name), f"Đã đổi tên thành «{name.strip()}»")

    def merge_selected(self) -> bool:
        chosen = self.selected_groups()
        if not chosen or len(self.groups) < 2:
            return False
        names = [g.name for g in self.groups]
        target_name = self.ask_choice("Gộp tổ công đoàn",
                                      "Chuyển đoàn viên của " + ", ".join(f"«{g.name}»" for g in chosen)
                                      + " vào tổ:", names)
        if target_name is None:
            return False
        target = next(g for g in self.groups if g.name == target_name)
        sources = [g for g in chosen if g.id != target.id]
        if not sources:
            self.tell("Hãy chọn tổ nhận khác với các tổ cần gộp.")
            return False
        if not self.confirm("Gộp tổ công đoàn",
                            f"Gộp {', '.join(f'«{g.name}»' for g in sources)} vào «{target.name}»? "
                            "Các tổ được gộp sẽ bị xóa; đoàn viên của họ chuyển sang tổ nhận."):
            return False
        return self._write(lambda: merge_groups(self.context.db, [g.id for g in sources], target.id),
                           f"Đã gộp vào «{target.name}»")

    def delete_selected(self) -> bool:
        chosen = self.selected_groups()
        if len(chosen) != 1:
            return False
        group = chosen[0]
        db = self.context.db
        try:
            if not self.confirm("Xóa tổ công đoàn", f"Xóa tổ «{group.name}»?"):
                return False
            delete_group(db, group.id)
        except Conflict as exc:
            # Members are still in the group: they must move to another group first.
            others = [g for g in self.groups if g.id != group.id]
            if not others:
                self.tell(f"{exc}. Hãy thêm tổ khác để chuyển đoàn viên sang.")
                return False
            target_name = self.ask_choice("Chuyển đoàn viên trước khi xóa tổ",
                                          f"{exc}.\nChuyển đoàn viên sang tổ:", [g.name for g in others])
            if target_name is None:
                return False
            target = next(g for g in others if g.name == target_name)
            return self._write(lambda: delete_group(db, group.id, move_to=target.id),
                               f"Đã xóa tổ «{group.name}», đoàn viên chuyển sang «{target.name}»")
        except ServiceError as exc:
            self.tell(str(exc))
            return False
        self.context.notify("groups")
        if self._dirty:
            self.reload()
        self.context.status_message.emit(f"Đã xóa tổ «{group.name}»")
        return True
