"""Data menu entries of the members area: import a member list, update it from HR's updated list,
undo the last import, export it in the same layout. An upper level holds no member list: none of
these entries are shown in that mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.ui.file_dialogs import save_file
from kh06_desktop.ui.operation import run_operation

IMPORT_TEXT = "Nhập danh sách đoàn viên từ Excel…"
UPDATE_TEXT = "Cập nhật danh sách theo tệp mới…"
UNDO_TEXT = "Hoàn tác lần nhập gần nhất"
EXPORT_TEXT = "Xuất danh sách đoàn viên ra Excel…"
UNDO_TITLE = "Hoàn tác lần nhập gần nhất"
# Areas whose pages reload after an undo put the database back.
ALL_AREAS = ("unit", "members", "groups", "trainings", "studies", "hardship", "women", "activities",
             "periods", "reports", "exchange", "audit")


def install(window: QMainWindow) -> None:
    context = window.context  # type: ignore[attr-defined]
    if context.unit is None:  # an upper level: no member list of its own, no member entries
        return
    for name, text, handler in (("import_members_action", IMPORT_TEXT, open_import_wizard),
                                ("update_members_action", UPDATE_TEXT, open_update_wizard),
                                ("undo_import_action", UNDO_TEXT, undo_last_import_dialog)):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, h=handler: h(window))
        window.data_menu.addAction(action)  # type: ignore[attr-defined]
    export_action = QAction(EXPORT_TEXT, window)
    export_action.setObjectName("export_members_action")
    export_action.triggered.connect(lambda: export_members_dialog(window))
    window.data_menu.addAction(export_action)  # type: ignore[attr-defined]


def open_import_wizard(window: QWidget) -> None:
    from kh06_desktop.ui.members.import_wizard import ImportWizard

    context = window.context  # type: ignore[attr-defined]
    if context.unit is None:
        return
    ImportWizard(context, window).exec()


def open_update_wizard(window: QWidget) -> None:
    from kh06_desktop.ui.members.update_wizard import UpdateWizard

    context = window.context  # type: ignore[attr-defined]
    if context.unit is None:
        return
    UpdateWizard(context, window).exec()


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def undo_last_import_dialog(window: QWidget, confirm=ask, inform=QMessageBox.information) -> None:  # type: ignore[no-untyped-def]
    """Ask, then put the database back as it was before the last import; or say why it cannot."""
    from kh06_desktop.services.protect.import_undo import undo_last_import, undo_state

    context = window.context  # type: ignore[attr-defined]
    db = context.db
    state = undo_state(db)
    if not state.possible:
        inform(window, UNDO_TITLE, state.reason)
        return
    when = f" lúc {state.at:%H:%M ngày %d/%m/%Y}" if state.at else ""
    if not confirm(window, UNDO_TITLE, f"Hoàn tác lần nhập gần nhất{when}?\n\n{state.summary}\n\nDữ liệu sẽ trở lại "
                   "như ngay trước khi nhập (tình trạng hiện tại vẫn được sao lưu)."):
        return

    def done(result) -> None:  # type: ignore[no-untyped-def]
        context.reload_unit()
        for area in ALL_AREAS:
            context.notify(area)
        context.status_message.emit("Đã hoàn tác lần nhập gần nhất")
        inform(window, UNDO_TITLE, f"Đã hoàn tác: {result.summary}.\n\nDữ liệu đã trở lại như trước khi nhập.")

    window._undo_operation = run_operation(  # type: ignore[attr-defined]  # kept while it runs
        window, "Đang hoàn tác lần nhập…", lambda _progress: undo_last_import(db), on_success=done)


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
    path = save_file(window, "member_export", "Xuất danh sách đoàn viên", "danh-sach-doan-vien.xlsx",
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
