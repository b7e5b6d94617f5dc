"""Data menu entries of the members area: import a member list, export it in the same layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.ui.operation import run_operation

IMPORT_TEXT = "Nhập danh sách đoàn viên từ Excel…"
EXPORT_TEXT = "Xuất danh sách đoàn viên ra Excel…"


def install(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    has_unit = context.unit is not None
    import_action = QAction(IMPORT_TEXT, window)
    import_action.setObjectName("import_members_action")
    import_action.setEnabled(has_unit)
    import_action.triggered.connect(lambda: open_import_wizard(window))
    window.data_menu.addAction(import_action)  # type: ignore[attr-defined]
    export_action = QAction(EXPORT_TEXT, window)
    export_action.setObjectName("export_members_action")
    export_action.setEnabled(has_unit)
    export_action.triggered.connect(lambda: export_members_dialog(window))
    window.data_menu.addAction(export_action)  # type: ignore[attr-defined]


def open_import_wizard(window: QMainWindow) -> None:
    from kh06_desktop.ui.members.import_wizard import ImportWizard

    context = window.context  # type: ignore[attr-defined]
    if context.unit is None:
        return
    ImportWizard(context, window).exec()


def ask_include_personal(window: QMainWindow) -> bool:
    answer = QMessageBox.question(
        window, "Xuất danh sách đoàn viên",
        "Có kèm thông tin cá nhân (số CCCD, ngày sinh, điện thoại) trong tệp không?\n\n"
        "Đây là dữ liệu cá nhân được pháp luật bảo vệ: chỉ chọn «Có» khi người nhận cần đến.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def export_members_dialog(window: QMainWindow) -> None:
    from kh06_desktop.services.members import member_export as exporter

    context = window.context  # type: ignore[attr-defined]
    if context.unit is None:
        return
    path, _filter = QFileDialog.getSaveFileName(window, "Xuất danh sách đoàn viên", "danh-sach-doan-vien.xlsx",
                                                "Bảng tính Excel (*.xlsx)")
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    include_personal = ask_include_personal(window)
    db, unit_id = context.db, context.unit_id

    def done(count: object) -> None:
        shown = group_thousands(count) if isinstance(count, int) else "danh sách"
        context.status_message.emit(f"Đã xuất {shown} đoàn viên ra {Path(path).name}")

    window._export_operation = run_operation(  # type: ignore[attr-defined]  # a reference kept while it runs
        window, "Đang xuất danh sách đoàn viên…",
        lambda progress: exporter.export_members(db, unit_id, path, include_personal=include_personal,
                                                 progress=progress),
        on_success=done)
