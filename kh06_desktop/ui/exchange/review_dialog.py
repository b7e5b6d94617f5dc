"""The upper level's review of one unit's submission: «Chấp nhận» or «Cần điều chỉnh», an overall
comment, comments per indicator and per named record, and who reviewed it (DESIGN 6.4)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QMessageBox, QTableWidgetItem, QWidget

from kh06_desktop.domain.indicators import IDS, TITLES
from kh06_desktop.domain.periods import Period
from kh06_desktop.exchange.review_file import NEEDS_CORRECTION, RECORD_KINDS, RecordComment
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.exchange.reviews import ReviewDraft, ReviewInfo, latest_review, save_review
from kh06_desktop.store.database import Database
from kh06_desktop.ui.forms import load_form, set_host_margins

TITLE = "Xem xét tệp của đơn vị"


class ReviewDialog(QDialog):
    def __init__(self, db: Database, unit_code: str, unit_name: str, period: str, revision: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.unit_code, self.period = db, unit_code, period
        self.saved: ReviewInfo | None = None
        self.ui = load_form("exchange/review_dialog.ui", self)
        set_host_margins(self, 14, 12, 14, 12)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(900)  # two columns: the indicators, the records
        self.ui.intro_label.setText(f"<b>{unit_code} — {unit_name}</b><br>{Period.parse(period).label}, "
                                    f"tệp lần sửa đổi {revision}. Phiếu phản hồi được ký bằng khóa của cấp trên; "
                                    "đơn vị nhận phiếu bằng «Nhận phiếu phản hồi…».")
        for key in IDS:
            self._indicator_edit(key).setToolTip(TITLES[key])
            self._indicator_edit(key).setPlaceholderText(TITLES[key])
        for kind, label in RECORD_KINDS.items():
            self.ui.record_kind_combo.addItem(label, kind)
        table = self.ui.records_table
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels(["Loại", "Tên", "Ý kiến"])
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # a long name or comment is cut to the column, whole in its tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.records: list[RecordComment] = []
        self.ui.add_record_button.clicked.connect(self.add_record)
        self.ui.record_text_edit.returnPressed.connect(self.add_record)
        self.ui.remove_record_button.clicked.connect(self.remove_record)
        box = self.ui.button_box
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Lưu kết quả xem xét")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        box.accepted.connect(self.try_save)
        box.rejected.connect(self.reject)
        self._fill(latest_review(db, unit_code, period))

    def _indicator_edit(self, key: str) -> QLineEdit:
        edit: QLineEdit = getattr(self.ui, f"comment_{key}_edit")
        return edit

    def _fill(self, previous: ReviewInfo | None) -> None:
        """Start from the latest review of the unit for the period, if any (a second look)."""
        if previous is None:
            return
        content = previous.content
        (self.ui.correction_radio if content.status == NEEDS_CORRECTION else self.ui.accepted_radio).setChecked(True)
        self.ui.comment_edit.setPlainText(content.comment or "")
        for key, text in content.indicator_comments.items():
            self._indicator_edit(key).setText(text)
            self._indicator_edit(key).setCursorPosition(0)  # a long comment shows its beginning
        for comment in content.record_comments:
            self._append(comment)
        self.ui.reviewer_name_edit.setText(content.reviewer_name or "")
        self.ui.reviewer_title_edit.setText(content.reviewer_title or "")

    def _append(self, comment: RecordComment) -> None:
        self.records.append(comment)
        table = self.ui.records_table
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate((RECORD_KINDS[comment.kind], comment.name, comment.text)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a long comment is cut in the table
            table.setItem(row, column, item)

    def add_record(self) -> None:
        name, text = self.ui.record_name_edit.text().strip(), self.ui.record_text_edit.text().strip()
        if not name or not text:
            self.ui.error_label.setText("Hãy nhập tên hồ sơ và ý kiến trước khi bấm «Thêm».")
            return
        self._append(RecordComment(str(self.ui.record_kind_combo.currentData()), name, text))
        self.ui.record_name_edit.clear()
        self.ui.record_text_edit.clear()
        self.ui.record_name_edit.setFocus()
        self.ui.error_label.setText("")

    def remove_record(self) -> None:
        rows = sorted({index.row() for index in self.ui.records_table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.ui.records_table.removeRow(row)
            del self.records[row]

    def draft(self) -> ReviewDraft:
        status = NEEDS_CORRECTION if self.ui.correction_radio.isChecked() else "accepted"
        comments = {key: str(self._indicator_edit(key).text()).strip()
                    for key in IDS}
        return ReviewDraft(status, self.ui.comment_edit.toPlainText().strip() or None,
                           {k: v for k, v in comments.items() if v}, tuple(self.records),
                           self.ui.reviewer_name_edit.text().strip() or None,
                           self.ui.reviewer_title_edit.text().strip() or None)

    def try_save(self) -> bool:
        try:
            self.saved = save_review(self.db, self.unit_code, self.period, self.draft())
        except ServiceError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.accept()
        return True

    def reject(self) -> None:
        typed = self.ui.comment_edit.toPlainText().strip() or self.records or any(
            str(self._indicator_edit(key).text()).strip() for key in IDS)
        if typed and self.saved is None and QMessageBox.question(
                self, TITLE, "Bỏ các ý kiến vừa nhập?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        super().reject()
