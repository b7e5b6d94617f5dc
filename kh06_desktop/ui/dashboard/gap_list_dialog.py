"""The gap list of one indicator: who (or which case) is still missing, and what to do next.

From here the officer opens a member's record (the member dialog when this build has it, else
the member page), sends the selected people to the training page, or opens the page where the
missing record is entered (hardship support, study sessions, women's committee, unit).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kh06_desktop.domain.formats import format_percent, group_thousands
from kh06_desktop.domain.indicators import DESCRIPTIONS, Indicator
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.exchange.reviews import received_review
from kh06_desktop.services.indicators.indicators import GapItem, gap_list
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.dashboard.gap_table_model import COL_DETAIL, COL_NAME, GapTableModel
from kh06_desktop.ui.fit import keep_columns_fitted
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.window_state import remember_geometry

# Per indicator: (header of the name column, page that records what is missing, its button text).
_PAGE_FOR = {
    "1": ("Nội dung", "members", "Mở trang Đoàn viên"),
    "2": ("Họ và tên", "studies", "Mở trang Học tập – quán triệt"),
    "3": ("Đoàn viên khó khăn", "hardship", "Mở trang Thăm hỏi – hỗ trợ"),
    "4a": ("Họ và tên", "trainings", ""),
    "4b": ("Họ và tên", "trainings", ""),
    "5": ("Nội dung", "women", "Mở trang Ban nữ công"),
}


class GapListDialog(QDialog):
    def __init__(self, context: AppContext, period: Period, indicator: Indicator,
                 open_page: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.period, self.indicator = context, period, indicator
        self._open_page = open_page
        self.ui = load_form("dashboard/gap_list_dialog.ui", self)
        self.setWindowTitle(f"Còn thiếu — chỉ tiêu {indicator.id}")
        remember_geometry(self, "gap_list_dialog", (860, 520))
        name_header, self._page_key, page_text = _PAGE_FOR[indicator.id]
        self._name_header = name_header
        self.ui.heading_label.setText(f"Chỉ tiêu {indicator.id}: {indicator.title} — {period.label}")
        self.ui.heading_label.setToolTip(DESCRIPTIONS[indicator.id])
        review = received_review(context.db, context.unit_id, period.code) if context.unit else None
        comment = review.content.indicator_comments.get(indicator.id) if review else None
        self.ui.review_label.setText(f"Ý kiến cấp trên ({review.status_label.lower()}): {comment}"
                                     if review and comment else "")
        self.ui.review_label.setVisible(bool(comment))
        self.ui.go_page_button.setText(page_text)
        self.ui.go_page_button.setVisible(bool(page_text))
        self.ui.go_page_button.clicked.connect(self.go_to_page)
        self.ui.open_member_button.clicked.connect(self.open_selected_member)
        self.ui.add_training_button.clicked.connect(self.add_selected_to_training)
        self.ui.add_training_button.setVisible(indicator.id in ("4a", "4b"))
        self.ui.close_button.clicked.connect(self.accept)
        self.ui.gap_table.doubleClicked.connect(self._double_clicked)
        self.model = GapTableModel([], name_header)
        self.ui.gap_table.setModel(self.model)
        self.ui.gap_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    # --- data -------------------------------------------------------------------------
    def reload(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a whole unit's list can take a moment
        try:
            items = gap_list(self.context.db, self.context.unit_id, self.period, self.indicator.id)
        finally:
            QApplication.restoreOverrideCursor()
        self.model = GapTableModel(items, self._name_header)
        self.ui.gap_table.setModel(self.model)
        self.ui.gap_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        keep_columns_fitted(self.ui.gap_table, stretch=COL_DETAIL)  # to contents; the detail takes the rest
        self.ui.gap_table.verticalHeader().hide()
        has_members = any(item.kind == "member" for item in items)
        self.ui.open_member_button.setVisible(has_members)
        self.ui.gap_table.setVisible(bool(items))
        self.ui.empty_label.setVisible(not items)
        self.ui.description_label.setText(self._description(items))
        if items:
            self.ui.gap_table.selectRow(0)
        self._update_buttons()

    def _description(self, items: list[GapItem]) -> str:
        i = self.indicator
        if i.applicable:
            text = (f"Kết quả: {group_thousands(i.numerator)}/{group_thousands(i.denominator)} "
                    f"({i.percent_text()}), mục tiêu {format_percent(i.target, 0)}.")
        else:
            text = "Chỉ tiêu chưa tính được trong kỳ."
        members = sum(1 for item in items if item.kind == "member")
        if self.indicator.id == "2" and members:
            text += (f" {group_thousands(members)} đoàn viên dưới đây chưa tham gia buổi nào trong kỳ"
                     " (người ngoài công đoàn chỉ được ghi theo số lượng nên không có tên).")
        elif items and self.indicator.id in ("4a", "4b"):
            text += (" Chọn một hoặc nhiều người rồi bấm «Thêm vào lớp tập huấn» để ghi họ vào lớp; "
                     "nhấp đúp để mở hồ sơ.")
        elif items and self.indicator.id == "3":
            text += " Ghi lần thăm hỏi, hỗ trợ cho từng trường hợp ở trang Thăm hỏi – hỗ trợ."
        return text

    def selected_items(self) -> list[GapItem]:
        rows = sorted({index.row() for index in self.ui.gap_table.selectionModel().selectedRows()})
        return [self.model.item(row) for row in rows]

    def _update_buttons(self) -> None:
        chosen = [item for item in self.selected_items() if item.kind == "member"]
        self.ui.open_member_button.setEnabled(len(chosen) == 1)
        self.ui.add_training_button.setEnabled(bool(chosen))

    # --- actions ----------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        if item.kind == "member":
            self.open_member(item.id)
        else:
            self.go_to_page()

    def open_selected_member(self) -> None:
        chosen = [item for item in self.selected_items() if item.kind == "member"]
        if chosen:
            self.open_member(chosen[0].id)

    def open_member(self, member_id: int) -> None:
        from kh06_desktop.ui.members.member_dialog import MemberDialog

        dialog = MemberDialog(self.context.db, self.context.unit_id, member_id=member_id, parent=self)
        if dialog.exec():
            self.context.notify("members")
            self.reload()

    def add_selected_to_training(self) -> None:
        member_ids = [item.id for item in self.selected_items() if item.kind == "member"]
        page = self._leave_for("trainings")
        propose = getattr(page, "propose_attendees", None)
        if callable(propose) and member_ids:
            propose(member_ids)  # the training page lets the officer pick the training

    def go_to_page(self) -> None:
        self._leave_for(self._page_key)

    def _leave_for(self, key: str) -> object:
        self.accept()
        return self._open_page(key)

    # Names used by tests and by the dashboard.
    @property
    def name_column(self) -> int:
        return COL_NAME
