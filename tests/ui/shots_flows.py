"""Drive the main flows in a real window and save screenshots into docs/screenshots/.

    Xvfb :98 -screen 0 1440x900x24 &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb python tests/ui/shots_flows.py

One process, a demo unit (300 members, seed 4): add a member (error shown, then corrected), the import
wizard on two messy rosters, attendees by search and by whole group, a hardship case and a support visit,
the women's committee, the period report saved to PDF, closing the period and an edit refused, backup
now and restore, then the change log. Modal dialogs are driven from timers while exec() runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from unittest import mock

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
MESSY = ROOT / "tests" / "fixtures" / "messy"

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication, QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QWidget  # noqa: E402

problems: list[str] = []


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(predicate, ms: int = 20000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: predicate() and loop.quit())
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    settle(250)
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def save_screen(name: str, fallback: QWidget, window: QWidget) -> None:
    """The window with its message box on top under X (cut from the screen); the box alone offscreen."""
    settle(250)
    if os.environ.get("DISPLAY"):
        area = window.frameGeometry()
        QGuiApplication.primaryScreen().grabWindow(0, area.x(), area.y(), area.width(), area.height()).save(
            str(OUT / name))
        print("wrote", OUT / name)
    else:
        save(fallback, name)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    """QTest.keyClicks asserts on non-ASCII letters: send key events carrying the text instead."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    QApplication.processEvents()


def on_modal(handler, delay: int = 300) -> None:  # type: ignore[no-untyped-def]
    """Call handler(dialog) once a modal dialog is up (the caller then blocks in its exec())."""
    def tick() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(100, tick)
            return
        try:
            handler(dialog)
        except Exception as exc:  # keep going: the report lists what failed
            problems.append(f"{handler.__name__}: {exc!r}")
            dialog.close()
    QTimer.singleShot(delay, tick)


def press_yes(box: QMessageBox) -> None:
    button = box.button(QMessageBox.StandardButton.Yes)
    click(button) if button is not None else box.accept()


def save_button(dialog) -> QWidget:  # type: ignore[no-untyped-def]
    return dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save) or dialog.ui.button_box.buttons()[0]


def main() -> int:  # noqa: C901 - one scripted session, step by step
    tmp = Path(tempfile.mkdtemp(prefix="kh06-flows-"))
    os.environ["KH06_DATA_DIR"] = str(tmp)
    sys.excepthook = lambda kind, value, _tb: problems.append(f"uncaught {kind.__name__}: {value}")
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.store.database import open_database
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.main_window import MainWindow
    from kh06_desktop.ui.members import menu as members_menu

    app = ensure_application()
    db = open_database(tmp / "kh06.db")
    create_demo(db, members=300, seed=4)
    context = AppContext(db)
    window = MainWindow(context)
    window.resize(1366, 800)
    window.show()
    settle(500)

    # 1. A member: a wrong date and a short citizen id are marked beside the fields, then corrected.
    members = window.open_page("members")
    wait(lambda: not members.is_loading)

    def member_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(dialog.ui.full_name_edit, "Trần Thị Mai Hoa")
        type_text(dialog.ui.birth_date_edit, "31/02/1990")
        type_text(dialog.ui.citizen_id_edit, "0011")
        click(save_button(dialog))
        save(dialog, "member_dialog_error.png")
        dialog.ui.birth_date_edit.clear()
        type_text(dialog.ui.birth_date_edit, "28/02/1990")
        dialog.ui.citizen_id_edit.clear()
        dialog.ui.gender_combo.setCurrentIndex(2)
        for _ in range(2):  # a second press confirms warnings, if any
            if dialog.isVisible():
                click(save_button(dialog))
                settle()
        if dialog.isVisible():
            problems.append("member dialog did not save")
            dialog.reject()
    on_modal(member_dialog)
    click(members.ui.add_button)
    settle(500)

    # 2. Import wizard on a roster with group headings, then on a book with one sheet per group.
    def wizard(dialog) -> None:  # type: ignore[no-untyped-def]
        for name, shot in (("tieu_de_nhom.xlsx", "import_wizard_messy.png"),
                           ("nhieu_trang.xlsx", "import_wizard_sheets.png")):
            with mock.patch.object(QFileDialog, "getOpenFileName", return_value=(str(MESSY / name), "")), \
                    mock.patch.object(dialog, "ask_other_union", return_value=True):  # titled for another union
                click(dialog.ui.browse_button)
                wait(lambda: dialog.step == 1 and not dialog.busy)
            dialog.ui.review_tabs.setCurrentWidget(dialog.ui.warnings_tab)
            save(dialog, shot)
        dialog.reject()
    on_modal(wizard)
    members_menu.open_import_wizard(window)
    settle(300)

    # 3. Attendees of a training: by search (keyboard only), then a whole group.
    trainings = window.open_page("trainings")
    settle(300)
    trainings.ui.event_table.selectRow(0)

    def by_search(picker) -> None:  # type: ignore[no-untyped-def]
        type_text(picker.ui.search_edit, "nguyen thi h")
        save(picker, "trainings_picker_search.png")
        QTest.keyClick(picker.ui.search_edit, Qt.Key.Key_Down)
        QTest.keyClick(picker.ui.member_table, Qt.Key.Key_Return)
    on_modal(by_search)
    click(trainings.ui.add_attendees_button)
    settle(300)

    def by_group(picker) -> None:  # type: ignore[no-untyped-def]
        picker.ui.group_combo.setCurrentIndex(2)
        click(picker.ui.add_group_button)
    on_modal(by_group)
    click(trainings.ui.add_attendees_button)
    settle(400)
    save(window, "trainings_attendees_added.png")

    # 4. A hardship case (empty form refused first) and a support visit (a bad amount first).
    hardship = window.open_page("hardship")
    settle(300)

    def case_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        click(save_button(dialog))
        save(dialog, "hardship_case_error.png")

        def pick(picker) -> None:  # type: ignore[no-untyped-def]
            type_text(picker.ui.search_edit, "tran thi mai hoa")
            QTest.keyClick(picker.ui.search_edit, Qt.Key.Key_Down)
            QTest.keyClick(picker.ui.member_table, Qt.Key.Key_Return)
        on_modal(pick)
        click(dialog.ui.member_button)
        dialog.ui.reason_combo.setCurrentIndex(1)
        type_text(dialog.ui.details_edit, "Ốm dài ngày, điều trị tại bệnh viện")
        click(save_button(dialog))
        settle()
        if dialog.isVisible():
            problems.append("case dialog did not save")
            dialog.reject()
    on_modal(case_dialog)
    click(hardship.ui.add_case_button)
    settle(400)

    def support_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.ui.kind_combo.setCurrentIndex(1)
        type_text(dialog.ui.value_vnd_edit, "một triệu")
        click(save_button(dialog))
        save(dialog, "support_dialog_error.png")
        dialog.ui.value_vnd_edit.clear()
        type_text(dialog.ui.value_vnd_edit, "1.500.000")
        click(save_button(dialog))
        settle()
        if dialog.isVisible():
            problems.append("support dialog did not save")
            dialog.reject()
    on_modal(support_dialog)
    click(hardship.ui.add_support_button)
    settle(400)
    save(window, "hardship_case_and_support.png")

    # 5. The women's committee: a new decision, then a member added from the picker.
    women = window.open_page("women")
    settle(300)
    women.ui.established_check.setChecked(True)
    women.ui.decision_number_edit.clear()
    type_text(women.ui.decision_number_edit, "12/QĐ-CĐCS")
    women.ui.decision_date_edit.clear()
    type_text(women.ui.decision_date_edit, "15/03/2026")
    click(women.ui.save_button)
    settle(300)
    women.ui.role_combo.setCurrentIndex(2)

    def women_member(picker) -> None:  # type: ignore[no-untyped-def]
        type_text(picker.ui.search_edit, "tran thi mai hoa")
        QTest.keyClick(picker.ui.search_edit, Qt.Key.Key_Down)
        QTest.keyClick(picker.ui.member_table, Qt.Key.Key_Return)
    on_modal(women_member)
    click(women.ui.add_member_button)
    settle(400)
    save(window, "women_committee_driven.png")

    # 6. The period report to PDF, the period closed, then an edit refused in a Vietnamese box.
    reports = window.open_page("reports")
    settle(400)
    pdf = tmp / "bao-cao.pdf"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(pdf), "")):
        click(reports.ui.save_pdf_button)
        wait(lambda: pdf.exists() and pdf.stat().st_size > 0 and not reports.operation_running
             if hasattr(reports, "operation_running") else pdf.exists())
    settle(800)
    on_modal(press_yes)
    click(reports.ui.close_period_button)
    first = reports.last
    wait(lambda: reports.last is not first)
    settle(800)
    save(window, "reports_period_closed.png")
    trainings = window.open_page("trainings")
    settle(300)
    trainings.ui.event_table.selectRow(0)

    def refused(box) -> None:  # type: ignore[no-untyped-def]
        print("refusal:", box.text())
        save_screen("period_closed_refusal.png", box, window)
        box.accept()

    def confirm_delete(box) -> None:  # type: ignore[no-untyped-def]
        on_modal(refused, 200)
        press_yes(box)
    on_modal(confirm_delete)
    click(trainings.ui.delete_button)
    settle(800)

    # 7. File → Sao lưu ngay, then Khôi phục… from that backup.
    def backup_done(box) -> None:  # type: ignore[no-untyped-def]
        print("backup:", box.text().replace("\n", " "))
        box.accept()
    on_modal(backup_done, 500)
    window.backup_now_action.trigger()
    settle(1500)

    def restore(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.ui.backup_list.setCurrentRow(0)

        def done(box) -> None:  # type: ignore[no-untyped-def]
            save(box, "restore_done.png")
            box.accept()

        def confirm(box) -> None:  # type: ignore[no-untyped-def]
            on_modal(done, 800)
            press_yes(box)
        on_modal(confirm)
        save(dialog, "restore_dialog_driven.png")
        ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        (ok or dialog.ui.button_box.buttons()[0]).click()
    on_modal(restore)
    window.restore_action.trigger()
    settle(3000)

    # 8. The change log after all that.
    window.open_page("audit")
    settle(800)
    save(window, "audit_after_actions.png")
    window.close()
    print("problems:", problems or "none")
    del app
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
