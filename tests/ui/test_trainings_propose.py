"""The dashboard's gap list (targets 4a, 4b) sends chosen people to the trainings page: the officer
picks a training of the period (or records a new one there) and they are added as attendees."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import trainings
from kh06_desktop.services.members import members as member_service
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.choose_training import ChooseTrainingDialog
from kh06_desktop.ui.activities.trainings_page import TrainingDialog, TrainingsPage
from kh06_desktop.ui.context import AppContext

PEOPLE = (("Nguyễn Thị Hoa", "Ủy viên BCH"), ("Lê Văn Minh", "Ủy viên BCH"), ("Phạm Thị Thu", "Tổ trưởng"))


@pytest.fixture
def context(db, unit):  # type: ignore[no-untyped-def]
    ids = []
    for name, role in PEOPLE:
        result = validate_member({"full_name": name, "gender": "Nữ", "birth_date": "01/02/1988",
                                  "group_name": "Tổ Văn phòng", "roles": role, "join_date": "01/03/2015"})
        assert result.draft is not None, result.errors
        ids.append(member_service.create_member(db, unit.id, result.draft))
    ctx = AppContext(db)
    ctx.set_period(Period.parse("2025"))
    ctx.ids = ids  # type: ignore[attr-defined]
    return ctx


@pytest.fixture
def page(qtbot, context):  # type: ignore[no-untyped-def]
    widget = TrainingsPage(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _training(context, title: str, day: dt.date) -> int:  # type: ignore[no-untyped-def]
    return trainings.create_training(context.db, context.unit_id, title=title, start_date=day.strftime("%d/%m/%Y"),
                                     level="Công đoàn cơ sở", today=dt.date(2025, 12, 31))


def _attendee_ids(context, training_id: int) -> set[int]:  # type: ignore[no-untyped-def]
    return {row.member_id for row in trainings.list_attendees(context.db, training_id)}


def test_propose_adds_to_the_training_picked(page, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    older = _training(context, "Tập huấn nghiệp vụ quý I", dt.date(2025, 3, 12))
    newer = _training(context, "Tập huấn kỹ năng tổ trưởng", dt.date(2025, 9, 5))
    _training(context, "Lớp năm trước", dt.date(2024, 5, 1))  # another period: not offered
    trainings.add_attendees(context.db, older, [context.ids[0]])
    shown: list[list[str]] = []

    def pick_older(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ChooseTrainingDialog)
        items = dialog.ui.training_list
        shown.append([items.item(i).text() for i in range(items.count())])
        assert dialog.selected_id() == newer  # the newest is chosen first
        for i in range(items.count()):
            if items.item(i).data(Qt.ItemDataRole.UserRole) == older:
                items.setCurrentRow(i)
        dialog.try_accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", pick_older)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    added = page.propose_attendees([context.ids[0], context.ids[1], context.ids[1]])
    assert added == 1  # Hoa was already on the list, Minh is added once
    assert _attendee_ids(context, older) == {context.ids[0], context.ids[1]}
    assert len(shown[0]) == 2 and shown[0][0] == "05/09/2025 · 0 người dự\nTập huấn kỹ năng tổ trưởng"
    assert "1 người đã có trong danh sách lớp" in messages[-1]
    assert page.selected_id() == older  # the page shows the training it added to
    assert page.attendees.rowCount() == 2


def test_propose_cancelled_adds_nobody(page, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    training = _training(context, "Tập huấn nghiệp vụ", dt.date(2025, 3, 12))
    monkeypatch.setattr(page, "run_dialog", lambda dialog: False)
    assert page.propose_attendees([context.ids[2]]) == 0
    assert _attendee_ids(context, training) == set()
    assert page.propose_attendees([]) == 0


def test_no_training_yet_create_one_in_the_dialog(qtbot, page, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fill_new(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, TrainingDialog)
        for name, text in (("title", "Tập huấn Ban Chấp hành mới"), ("level", "Công đoàn cơ sở"),
                           ("start_date", "20/10/2025")):
            common.set_widget_text(dialog.field(name), text)
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(TrainingDialog, "exec", fill_new)

    def choose(dialog):  # type: ignore[no-untyped-def]
        assert not dialog.ui.training_list.isVisibleTo(dialog) and dialog.ui.empty_label.isVisibleTo(dialog)
        ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        qtbot.mouseClick(dialog.ui.new_training_button, Qt.MouseButton.LeftButton)
        assert dialog.ui.training_list.count() == 1 and ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", choose)
    assert page.propose_attendees(context.ids[:2]) == 2
    (row,) = trainings.list_trainings(context.db, context.unit_id)
    assert row.title == "Tập huấn Ban Chấp hành mới" and row.attendee_count == 2
    assert page.model.rowCount() == 1


def test_choose_dialog_texts_are_vietnamese(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = ChooseTrainingDialog(context, 1234, lambda _parent: None)
    qtbot.addWidget(dialog)
    assert "1.234 đoàn viên" in dialog.ui.intro_label.text()
    box = dialog.ui.button_box
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Thêm vào lớp này"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    dialog.try_accept()  # nothing to choose: stays open and says why
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Hãy chọn một lớp tập huấn" in dialog.ui.message_label.text()
