"""Bugs found by driving the real window (helper H13): each test pins one fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members.import_wizard import ImportWizard

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"


@pytest.fixture
def context(db, unit) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(db)


def test_import_confirmation_names_the_count_of_the_file_chosen_last(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.check_file(MESSY / "tieu_de_nhom.xlsx")
    qtbot.waitUntil(lambda: not wizard.busy and wizard.step == 1, timeout=10_000)
    first = wizard.plan
    assert first is not None and first.ok
    assert f"nhập {first.valid_count} đoàn viên" in wizard.ui.confirm_check.text()
    # A second file that cannot be imported: the checkbox must not keep the first file's count.
    wizard.check_file(MESSY / "dong_loi.xlsx")
    qtbot.waitUntil(lambda: not wizard.busy and wizard.plan is not first, timeout=10_000)
    second = wizard.plan
    assert second is not None and not second.ok and second.valid_count != first.valid_count
    assert f"nhập {second.valid_count} đoàn viên" in wizard.ui.confirm_check.text()
    assert not wizard.ui.import_button.isEnabled()
