"""The women's committee (Ban nữ công): the Charter's condition with its source, the eligibility
computed as of the period end, a manual override that needs its reason, the establishing
decision, the committee's members (positions) and warnings when its size breaks the rule."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QHeaderView, QWidget

from kh06_desktop.domain.committee_rules import WOMEN_COMMITTEE_HELP
from kh06_desktop.domain.enums import Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.services.activities import women_committee as service
from kh06_desktop.services.activities.record_common import check_date, raise_if
from kh06_desktop.services.activities.women_committee import CommitteeMember, WomenCommitteeInfo
from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
from kh06_desktop.ui.activities.common import Column, RecordTableModel, ReloadWhenShown, add_shortcut, period_range
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import ReflowBox
from kh06_desktop.ui.forms import load_form

OVERRIDE_CHOICES = (("Theo quy định (phần mềm tự tính)", None),
                    ("Xác định thủ công: đủ điều kiện thành lập", True),
                    ("Xác định thủ công: không thuộc diện thành lập", False))
MEMBER_COLUMNS = (
    Column("Họ và tên", lambda m: m.full_name),
    Column("Chức vụ", lambda m: m.role.label),
    Column("Tổ công đoàn", lambda m: m.group_name or "", tooltip=lambda m: m.group_name or ""),
    Column("Từ ngày", lambda m: format_date(m.start_date)),
)
_OK_STYLE = "color: #1b6e3a; font-weight: bold;"
_NO_STYLE = "color: #555; font-weight: bold;"
_INVALID = "border: 1px solid #b3261e;"


class WomenCommitteePage(ReloadWhenShown, QWidget):
    AREA = "women"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("activities/women_page.ui", self)
        self.info: WomenCommitteeInfo | None = None
        self._start_default = ""
        self.ui.rule_label.setText(WOMEN_COMMITTEE_HELP)
        for text, value in OVERRIDE_CHOICES:
            self.ui.override_combo.addItem(text, value)
        for role in (Role.WOMEN_HEAD, Role.WOMEN_DEPUTY, Role.WOMEN_MEMBER):
            self.ui.role_combo.addItem(role.label, role.value)
        self.ui.role_combo.setCurrentIndex(2)
        self._reflow = ReflowBox(self.ui.columns_layout, self)  # the two panels stack on a narrow screen
        self.members = RecordTableModel(MEMBER_COLUMNS, self, id_field="position_id")
        table = self.ui.member_table
        table.setModel(self.members)
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The panel is narrow: names are read in full, the group is what gets cut short (its tooltip shows it).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.override_combo.currentIndexChanged.connect(lambda _i: self._update_enabled())
        self.ui.established_check.toggled.connect(lambda _on: self._update_enabled())
        self.ui.save_button.clicked.connect(self.save)
        self.ui.add_member_button.clicked.connect(self.add_member)
        self.ui.end_member_button.clicked.connect(self.end_member)
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        add_shortcut(self, "Ctrl+S", self.save)
        context.period_changed.connect(lambda _p: self._mark_dirty())
        context.data_changed.connect(
            lambda area: self._mark_dirty() if area in (self.AREA, "members", "unit", "settings") else None)
        self._dirty = True
        self.reload()

    # --- loading ------------------------------------------------------------------------

    @property
    def as_of(self) -> dt.date:
        return period_range(self.context)[1]

    def reload(self) -> None:
        if self.context.unit is None:
            return
        self._dirty = False
        info = service.get_women_committee(self.context.db, self.context.unit_id, self.as_of)
        self.info = info
        ui = self.ui
        day = format_date(info.as_of)
        ui.period_label.setText(f"{self.context.period.label}: số liệu tính đến ngày {day}")
        ui.female_caption.setText(f"Nữ đoàn viên đang sinh hoạt ngày {day}")
        ui.female_value.setText(str(info.female_members))
        ui.bch_caption.setText(f"Ủy viên Ban Chấp hành ngày {day}")
        ceiling = f" (Ban nữ công tối đa {info.max_size} người)" if info.max_size is not None else ""
        ui.bch_value.setText(f"{info.bch_size}{ceiling}")
        ui.eligibility_label.setText(info.eligibility.explanation)
        ui.eligibility_label.setStyleSheet(_OK_STYLE if info.eligible else _NO_STYLE)
        ui.override_combo.setCurrentIndex(next(i for i, (_t, v) in enumerate(OVERRIDE_CHOICES)
                                               if v == info.eligible_override))
        ui.override_reason_edit.setText(info.override_reason or "")
        ui.established_check.setChecked(info.established)
        ui.decision_number_edit.setText(info.decision_number or "")
        ui.decision_date_edit.setText(format_date(info.decision_date))
        # New members start on the decision date by default (or the period end); a date the
        # officer typed is kept.
        default_start = format_date(info.decision_date or min(dt.date.today(), info.as_of))
        if ui.member_start_edit.text() in ("", self._start_default):
            ui.member_start_edit.setText(default_start)
        self._start_default = default_start
        self.members.set_rows(info.members)
        ui.member_count_label.setText(f"{len(info.members)} thành viên ngày {day}")
        self._show_warnings(info)
        self._clear_issues()
        self._update_enabled()

    def _show_warnings(self, info: WomenCommitteeInfo) -> None:
        lines = list(info.warnings)
        if info.established and not info.established_as_of:
            lines.append(f"Quyết định thành lập ngày {format_date(info.decision_date)} sau ngày chốt số liệu "
                         f"{format_date(info.as_of)}: kỳ này chưa tính là đã thành lập")
        self.ui.warnings_label.setText("\n".join(f"⚠ {line}" for line in lines))
        self.ui.warnings_label.setVisible(bool(lines))

    def _update_enabled(self) -> None:
        manual = self.ui.override_combo.currentData() is not None
        self.ui.override_reason_edit.setEnabled(manual)
        established = self.ui.established_check.isChecked()
        self.ui.decision_number_edit.setEnabled(established)
        self.ui.decision_date_edit.setEnabled(established)
        self.ui.end_member_button.setEnabled(bool(self.ui.member_table.selectionModel().selectedRows()))

    def _clear_issues(self) -> None:
        for name in ("override_reason", "decision_number", "decision_date"):
            getattr(self.ui, f"{name}_error").setText("")
            getattr(self.ui, f"{name}_error").setVisible(False)  # no empty gaps between the fields
            getattr(self.ui, f"{name}_edit").setStyleSheet("")
        self.ui.message_label.setText("")

    # --- actions ------------------------------------------------------------------------
    def save(self) -> bool:
        self._clear_issues()
        try:
            service.save_women_committee(
                self.context.db, self.context.unit_id, established=self.ui.established_check.isChecked(),
                decision_number=self.ui.decision_number_edit.text(), decision_date=self.ui.decision_date_edit.text(),
                eligible_override=self.ui.override_combo.currentData(),
                override_reason=self.ui.override_reason_edit.text())
        except InvalidInput as exc:
            for name, message in exc.issues:
                label = getattr(self.ui, f"{name}_error", None)
                if label is not None:
                    label.setText(message)
                    label.setVisible(True)
                    getattr(self.ui, f"{name}_edit").setStyleSheet(_INVALID)
            if exc.issues:
                getattr(self.ui, f"{exc.issues[0][0]}_edit", self.ui.save_button).setFocus()
            return False
        except ServiceError as exc:
            self.ui.message_label.setText(str(exc))
            return False
        self.reload()
        self.ui.message_label.setText("Đã lưu.")
        self.context.notify(self.AREA)
        return True

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def add_member(self) -> None:
        try:
            issues: list[tuple[str, str]] = []
            start = check_date(self.ui.member_start_edit.text(), "start", "Ngày bắt đầu", issues)
            raise_if(issues)
        except InvalidInput as exc:
            common.show_error(self, "Thêm thành viên", str(exc))
            return
        existing = [m.member_id for m in self.members.rows]
        picker = AttendeePicker(self.context, self, title="Chọn thành viên Ban nữ công", existing_ids=existing,
                                single=True, allow_group=False)
        if not self.run_dialog(picker) or not picker.chosen_ids:
            return
        try:
            service.add_committee_member(self.context.db, self.context.unit_id, picker.chosen_ids[0],
                                         Role(self.ui.role_combo.currentData()), start)
        except ServiceError as exc:
            common.show_error(self, "Không thêm được", str(exc))
            return
        self.reload()
        self.context.notify(self.AREA)

    def end_member(self) -> None:
        member: CommitteeMember | None = common.selected_row(self.ui.member_table, self.members)
        if member is None:
            return
        end = max(dt.date.today(), member.start_date or dt.date.min)
        if not common.ask(self, "Kết thúc chức vụ",
                          f"{member.full_name} thôi giữ chức {member.role.label.lower()} từ ngày {format_date(end)}?"):
            return
        try:
            service.end_committee_member(self.context.db, member.position_id, end)
        except ServiceError as exc:
            common.show_error(self, "Không kết thúc được", str(exc))
            return
        self.reload()
        self.context.notify(self.AREA)
