"""The window side of data safety: start-up guard (lock, password, daily backup), closing backup,
the File menu entries and the password dialog. Message boxes and dialogs are patched."""

from __future__ import annotations

import sys

import pytest
from protect_helpers import add_members, count_members
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.protect import access, backup
from kh06_desktop.store.database import DatabaseError
from kh06_desktop.store.lock import DatabaseLocked, acquire
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.protect import menu, startup
from kh06_desktop.ui.protect.password_dialog import ASK, SET, PasswordDialog
from kh06_desktop.ui.protect.restore_dialog import RestoreDialog


@pytest.fixture
def messages(monkeypatch):  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, _title, text, *_a, k=kind, **_kw: shown.append((k, text))))
    def question(_parent, _title, text, *_a, **_kw):  # type: ignore[no-untyped-def]
        shown.append(("question", text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return shown


@pytest.fixture(autouse=True)
def _no_leftover_lock():  # type: ignore[no-untyped-def]
    yield
    startup.release_lock()
    sys.excepthook = sys.__excepthook__


def _typing_password(monkeypatch, attempts: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Patch the dialog's exec: type each attempt in turn, as an officer would, then give up."""
    errors: list[str] = []

    def fake_exec(dialog: PasswordDialog) -> int:
        for attempt in attempts:
            dialog.ui.current_edit.setText(attempt)
            if dialog.accept_input():
                return QDialog.DialogCode.Accepted
            errors.append(dialog.ui.error_label.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PasswordDialog, "exec", fake_exec)
    return errors


def test_start_locks_backs_up_and_close_releases(qapp, db, unit, backups, messages) -> None:  # noqa: ARG001
    assert startup.before_main_window(db)
    with pytest.raises(DatabaseLocked):
        acquire(db.path)  # a second window would be refused
    made = backup.list_backups(db)
    assert [b.kind for b in made] == [backup.AUTO]  # the day's automatic backup
    assert messages == []
    startup.after_main_window(db)
    assert len(backup.list_backups(db)) == 2  # the closing backup
    acquire(db.path).release()  # released


def test_start_is_refused_while_another_window_holds_the_database(qapp, db, unit, messages) -> None:  # noqa: ARG001
    with acquire(db.path):
        assert not startup.before_main_window(db)
    assert messages and messages[0][0] == "warning"
    assert "đang được một cửa sổ KH06 Desktop khác sử dụng" in messages[0][1] and str(db.path) in messages[0][1]


def test_start_asks_the_password(qapp, db, unit, backups, messages, monkeypatch) -> None:  # noqa: ARG001
    access.set_password(db, "mật khẩu đúng", "mật khẩu đúng")
    errors = _typing_password(monkeypatch, ["sai rồi", "mật khẩu đúng"])
    assert startup.before_main_window(db)
    assert len(errors) == 1 and "Mật khẩu không đúng" in errors[0]


def test_wrong_password_keeps_the_app_closed_and_frees_the_lock(qapp, db, unit, backups, messages,  # noqa: ARG001
                                                                monkeypatch) -> None:
    access.set_password(db, "mật khẩu đúng", "mật khẩu đúng")
    _typing_password(monkeypatch, ["sai", "Mật khẩu đúng"])
    assert not startup.before_main_window(db)
    assert backup.list_backups(db) == []  # nothing done before the password
    acquire(db.path).release()


def test_backup_failure_at_start_does_not_block_opening(qapp, db, unit, messages, monkeypatch) -> None:  # noqa: ARG001
    def fail(_db, *_a, **_kw):  # type: ignore[no-untyped-def]
        raise ServiceError("Không sao lưu được ở X: ổ đĩa đã đầy.")

    monkeypatch.setattr(backup, "daily_backup", fail)
    assert startup.before_main_window(db)
    assert "Chưa tạo được bản sao lưu tự động" in messages[0][1] and "ổ đĩa đã đầy" in messages[0][1]


def test_unhandled_database_error_is_shown_as_its_message(qapp, messages, capsys) -> None:  # noqa: ARG001
    startup.install_error_hook()
    error = DatabaseError("Không lưu được thay đổi: ổ đĩa đã đầy. Dữ liệu đã lưu trước đó vẫn nguyên vẹn.")
    sys.excepthook(DatabaseError, error, None)
    sys.excepthook(RuntimeError, RuntimeError("bug"), None)
    assert messages[0] == ("warning", str(error))
    assert "lỗi không mong muốn" in messages[1][1] and "bug" not in messages[1][1]
    assert "RuntimeError" in capsys.readouterr().err  # the trace goes to the log


def test_password_dialog_sets_changes_and_removes(qtbot, db) -> None:
    dialog = PasswordDialog(db, SET)
    qtbot.addWidget(dialog)
    assert not dialog.ui.current_edit.isVisibleTo(dialog)
    dialog.ui.new_edit.setText("abc12345")
    dialog.ui.repeat_edit.setText("abc12346")
    assert not dialog.accept_input() and "không giống nhau" in dialog.ui.error_label.text()
    dialog.ui.repeat_edit.setText("abc12345")
    assert dialog.accept_input() and access.verify_password(db, "abc12345")
    change = PasswordDialog(db, SET)
    qtbot.addWidget(change)
    assert change.ui.current_edit.isVisibleTo(change) and change.ui.remove_check.isVisibleTo(change)
    change.ui.current_edit.setText("abc12345")
    change.ui.remove_check.setChecked(True)
    assert not change.ui.new_edit.isEnabled()
    assert change.accept_input() and not access.has_password(db)
    ask = PasswordDialog(db, ASK)
    qtbot.addWidget(ask)
    assert not ask.ui.new_edit.isVisibleTo(ask)


class _Window(QMainWindow):
    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.context = AppContext(db)
        self.file_menu = self.menuBar().addMenu("&Tệp")


def test_menu_entries_back_up_and_restore(qtbot, db, unit, backups, messages, monkeypatch) -> None:
    window = _Window(db)
    qtbot.addWidget(window)
    menu.install(window)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts == [menu.BACKUP_TEXT, menu.RESTORE_TEXT, menu.FOLDER_TEXT, menu.PASSWORD_TEXT]
    add_members(db, unit.id, 30)
    window.backup_now_action.trigger()
    qtbot.waitUntil(lambda: any(k == "information" for k, _t in messages))
    saved = backup.list_backups(db)[0]
    assert saved.kind == backup.MANUAL and str(saved.path) in messages[-1][1]
    add_members(db, unit.id, 20, start=100)

    def choose_first(dialog: RestoreDialog) -> int:
        assert dialog.ui.backup_list.count() == 1
        shown = dialog.ui.summary_label.text()  # what it brings back: unit, date, counts
        assert "CDCS-TEST" in shown and "30 đoàn viên" in shown and f"{saved.created:%d/%m/%Y}" in shown
        dialog.ui.button_box.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(RestoreDialog, "exec", choose_first)
    changed: list[str] = []
    window.context.data_changed.connect(changed.append)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: "members" in changed)
    assert count_members(db) == 30
    assert "Đã khôi phục dữ liệu" in messages[-1][1] and "truoc-khoi-phuc" in messages[-1][1]
    assert any("30 đoàn viên" in text for _kind, text in messages)  # the confirmation named the counts


def test_menu_backup_folder_refuses_an_unusable_folder(qtbot, db, unit, messages, monkeypatch, tmp_path) -> None:
    window = _Window(db)
    qtbot.addWidget(window)
    menu.install(window)
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(blocker)))
    window.backup_folder_action.trigger()
    assert messages[-1][0] == "warning" and "Không ghi được vào thư mục sao lưu" in messages[-1][1]
    good = tmp_path / "usb"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(good)))
    window.backup_folder_action.trigger()
    assert backup.backup_folder(db) == good.resolve() and "Từ nay các bản sao lưu" in messages[-1][1]
