"""The window's entry point as a build uses it: KH06_CHECK_PAGES shows every sidebar page and says
which are missing (a frozen build must never lose a page silently), and a .kh06 / .kh06r file
given on the command line (a double-click, through the installer's file association) opens the
user's database with that file instead of being taken for a database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from kh06_desktop.services.common.settings import MODE_UNIT, MODE_UPPER, set_setting
from kh06_desktop.ui import app
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.main_window import MainWindow
from kh06_desktop.ui.pages import PAGES


@pytest.fixture
def unit_window(qtbot, db, unit):  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def upper_window(qtbot, db):  # type: ignore[no-untyped-def]
    set_setting(db, "mode", MODE_UPPER)
    set_setting(db, "upper_name", "Công đoàn Công Thương Việt Nam")
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    return window


def test_check_pages_shows_every_page(unit_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "pages.txt"
    monkeypatch.setenv(app.CHECK_PAGES_VARIABLE, str(report))
    assert app.PageCheck().run(unit_window) == 0
    expected = [f"Trang: {spec.label}" for spec in PAGES if MODE_UNIT in spec.modes]
    assert report.read_text(encoding="utf-8").splitlines() == expected


def test_check_pages_names_a_missing_page(unit_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                          capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "pages.txt"
    monkeypatch.setenv(app.CHECK_PAGES_VARIABLE, str(report))
    sidebar = unit_window.ui.sidebar
    row = next(r for r in range(sidebar.count()) if sidebar.item(r).text() == "Tổ công đoàn")
    sidebar.takeItem(row)
    assert app.PageCheck().run(unit_window) == 1
    assert report.read_text(encoding="utf-8").splitlines()[-1] == "Thiếu trang trong thanh bên: Tổ công đoàn"
    assert "Thiếu trang trong thanh bên: Tổ công đoàn" in capsys.readouterr().err


def test_check_pages_fails_on_a_page_that_does_not_load(qtbot, db, unit, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The window keeps a broken page in the sidebar (with its cause) and shows an error box: the
    check closes the box, and fails naming both."""
    from kh06_desktop.ui import main_window

    pages = tuple(replace(spec, module="kh06_desktop.ui.groups.khong_co") if spec.key == "groups" else spec
                  for spec in main_window.PAGES)
    monkeypatch.setattr(main_window, "PAGES", pages)
    report = tmp_path / "pages.txt"
    monkeypatch.setenv(app.CHECK_PAGES_VARIABLE, str(report))
    check = app.PageCheck()
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    assert check.run(window) == 1
    lines = report.read_text(encoding="utf-8").splitlines()
    assert "Trang: Tổ công đoàn" in lines and "Trang không nạp được: Tổ công đoàn" in lines
    assert any(line.startswith("Hộp thoại: ") and "Tổ công đoàn" in line for line in lines)


def test_documents_on_the_command_line_are_not_databases() -> None:
    assert app.parse_arguments(["KH06"]) == (None, None)
    assert app.parse_arguments(["KH06", "du-lieu.db"]) == ("du-lieu.db", None)
    assert app.parse_arguments(["KH06", r"C:\Users\A\Downloads\CDCS-01_2025.KH06"]) == (
        None, Path(r"C:\Users\A\Downloads\CDCS-01_2025.KH06"))
    assert app.parse_arguments(["KH06", "nhan-xet.kh06r"]) == (None, Path("nhan-xet.kh06r"))


def test_a_data_file_opens_the_consolidation_of_an_upper_database(upper_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[list[Path]] = []
    page = upper_window.open_page("consolidation")
    monkeypatch.setattr(page, "import_paths", imported.append)
    app.open_document(upper_window, tmp_path / "CDCS-01.kh06")
    assert upper_window.current_page_key() == "consolidation"
    assert imported == [[tmp_path / "CDCS-01.kh06"]]


def test_a_data_file_in_a_unit_database_is_explained(unit_window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    app.open_document(unit_window, Path("CDCS-01.kh06"))
    assert said and "chỉ cơ sở dữ liệu cấp trên" in said[0] and "«CDCS-01.kh06»" in said[0]


def test_a_review_file_goes_to_the_exchange_page_of_a_unit(unit_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    page = unit_window.pages["exchange"]  # made now, so its tell() can be watched
    monkeypatch.setattr(page, "tell", told.append)
    review = tmp_path / "phan-hoi.kh06r"
    review.write_bytes(b"not a review file")
    app.open_document(unit_window, review)
    assert unit_window.current_page_key() == "exchange"
    assert len(told) == 1 and told[0].startswith("Không nhận phiếu phản hồi: ")


def test_a_review_file_in_an_upper_database_is_explained(upper_window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    app.open_document(upper_window, Path("phan-hoi.kh06r"))
    assert said and "phiếu phản hồi" in said[0] and "của cấp trên" in said[0]
