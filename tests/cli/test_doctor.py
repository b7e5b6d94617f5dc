"""`kh06 doctor`: the support facts, and exit 0 only when the install is whole and the database
usable; otherwise exit 1 with each problem in Vietnamese. A command group that does not import
stops every other command with its cause, but not `doctor`, which lists it."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from kh06_desktop import __version__, diagnostics, paths
from kh06_desktop.cli import main
from kh06_desktop.store.database import head_revision


def test_required_resources_are_exactly_what_the_package_holds() -> None:
    root = paths.package_dir()
    held = {path.relative_to(root).as_posix() for pattern in ("resources/fonts/*.ttf", "resources/schema/*.json",
                                                             "forms/*/*.ui") for path in root.glob(pattern)}
    assert held == set(diagnostics.REQUIRED_RESOURCES), "update diagnostics.REQUIRED_RESOURCES"


def test_doctor_on_a_sound_install_and_database(db, unit, capsys) -> None:  # noqa: ARG001
    assert main(["doctor", "--db", str(db.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Thông tin hỗ trợ KH06 Desktop\n")
    assert f"Phiên bản KH06 Desktop:    {__version__}\n" in out
    for label in ("Python:", "Qt:", "SQLite:", "Hệ điều hành:", "Thư mục phần mềm:", "Thư mục dữ liệu:"):
        assert f"\n{label}" in out
    assert f"Cơ sở dữ liệu:             {db.path}\n" in out
    assert f"Phiên bản lược đồ dữ liệu: {head_revision()} (mới nhất)\n" in out
    assert "Thư mục sao lưu:" in out
    assert f"{len(diagnostics.REQUIRED_RESOURCES)} tệp tài nguyên" in out and "13 trang" in out
    assert out.endswith("Kết quả: mọi thứ đều tốt.\n")


def test_doctor_before_the_first_start_is_fine(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "chua-co.db"
    assert main(["doctor", "--db", str(target)]) == 0
    assert "(chưa có: sẽ được tạo khi mở phần mềm)" in capsys.readouterr().out
    assert not target.exists()  # doctor never creates or migrates a database


def test_doctor_lists_a_missing_font_a_broken_page_and_a_newer_database(db, unit, tmp_path, monkeypatch,
                                                                      capsys) -> None:  # noqa: ARG001
    copy = tmp_path / "pkg"
    for folder in ("resources", "forms"):
        shutil.copytree(paths.package_dir() / folder, copy / folder)
    (copy / "resources/fonts/LiberationSerif-Bold.ttf").unlink()
    monkeypatch.setattr(paths, "package_dir", lambda: copy)
    monkeypatch.setitem(sys.modules, "kh06_desktop.ui.members.members_page", None)
    path = db.path
    db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")

    assert main(["doctor", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Kết quả: có 3 lỗi:\n" in captured.out
    assert f"  - Thiếu tệp tài nguyên: {copy / 'resources/fonts/LiberationSerif-Bold.ttf'}\n" in captured.out
    assert ("  - Không tải được trang «Đoàn viên» (kh06_desktop.ui.members.members_page): "
            "ModuleNotFoundError") in captured.out
    assert "  - Cơ sở dữ liệu ở phiên bản lược đồ 9999, do phiên bản KH06 Desktop mới hơn tạo ra" in captured.out
    assert "Phiên bản lược đồ dữ liệu: 9999 (do phiên bản phần mềm mới hơn tạo ra)" in captured.out
    assert captured.err == "kh06 doctor: có 3 lỗi, xem danh sách ở trên.\n"


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "ghi-chu.db"
    other.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert main(["doctor", "--db", str(other)]) == 1
    assert f"  - Tệp không phải cơ sở dữ liệu KH06: {other}" in capsys.readouterr().out


@pytest.fixture
def broken_report_commands(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "kh06_desktop.cli.report_cmd", None)


def test_a_command_group_that_does_not_import_is_an_error_with_its_cause(broken_report_commands, db, unit,
                                                                          capsys) -> None:  # noqa: ARG001
    assert main(["indicators", "--db", str(db.path), "--period", "2025"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "ModuleNotFoundError" in err
    assert err.splitlines()[-1].startswith(
        "Không tải được nhóm lệnh (kh06_desktop.cli.report_cmd): ModuleNotFoundError")

    assert main(["doctor", "--db", str(db.path)]) == 1
    out = capsys.readouterr().out
    assert "  - Không tải được nhóm lệnh (kh06_desktop.cli.report_cmd): ModuleNotFoundError" in out


def test_doctor_reports_an_older_schema_and_leaves_it_alone(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.store.database import create_db_engine, stored_revisions, upgrade

    path = tmp_path / "cu.db"
    engine = create_db_engine(path)
    upgrade(engine, "0001")
    engine.dispose()
    assert main(["doctor", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Phiên bản lược đồ dữ liệu: 0001 (cũ hơn, sẽ được nâng cấp lên {head_revision()} khi mở)\n" in out
    engine = create_db_engine(path)
    assert stored_revisions(engine) == ["0001"]  # doctor only looks
    engine.dispose()
