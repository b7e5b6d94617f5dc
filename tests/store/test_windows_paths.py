"""What Windows does to paths, checked without Windows: folder names with '%', '?', '#' and
Vietnamese letters, SQLite URIs of drive-letter paths, the lock file's note in binary mode, a
PDF held open by a reader while `kh06 report` replaces it, and unit codes in suggested names."""

from __future__ import annotations

import errno
import os
from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy import text

from kh06_desktop.cli import main
from kh06_desktop.cli.common import os_error_text
from kh06_desktop.domain.file_names import safe_file_part
from kh06_desktop.exchange.datafile import suggested_file_name
from kh06_desktop.store import lock
from kh06_desktop.store.database import open_database, readonly_url


@pytest.mark.parametrize("folder", ["Báo cáo 100%", "e%20f", "hỏi?đáp", "số #1", "Nguyễn Văn A"])
def test_a_database_in_any_folder_name_opens_that_file(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "kh06.db"
    db = open_database(path)
    assert db.path == path and path.is_file()
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no stray file or folder elsewhere
    reopened = open_database(str(path), create=False)
    assert reopened.path == path
    reopened.close()


def test_the_read_only_uri_of_a_drive_letter_path() -> None:
    windows = PureWindowsPath(r"C:\Users\Nguyễn Văn A\Dữ liệu 100%\kh06.db")
    url = readonly_url(windows)
    assert url.database == "file:///C:/Users/Nguy%E1%BB%85n%20V%C4%83n%20A/D%E1%BB%AF%20li%E1%BB%87u%20100%25/kh06.db"
    assert dict(url.query) == {"mode": "ro", "uri": "true"}


def test_the_read_only_uri_opens_the_file_read_only(tmp_path: Path) -> None:
    path = tmp_path / "Dữ liệu 100% ?" / "kh06.db"
    open_database(path).close()
    readonly = open_database(readonly_url(path), migrate=False)
    with readonly.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        with pytest.raises(Exception, match="readonly"):
            connection.execute(text("CREATE TABLE t (x int)"))
    readonly.close()


def test_the_lock_file_is_opened_in_binary_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = 0o100000  # the flag's value does not matter here: that it reaches os.open does
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    flags: list[int] = []
    real_open = os.open

    def recording_open(path, mode, *args):  # type: ignore[no-untyped-def]
        flags.append(mode)
        return real_open(path, mode, *args)

    monkeypatch.setattr(os, "open", recording_open)
    held = lock.acquire(tmp_path / "kh06.db")
    held.release()
    assert flags and flags[0] & binary


def test_replacing_a_pdf_open_in_a_reader_is_one_clear_line(db, unit, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ARG001
    out = tmp_path / "bc.pdf"
    out.write_bytes(b"%PDF-1.4 the copy open in the reader")

    def windows_replace(src, dst):  # type: ignore[no-untyped-def]
        # What Windows raises when the target is open without FILE_SHARE_DELETE (Acrobat, Excel).
        raise PermissionError(errno.EACCES, "Access is denied", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", windows_replace)
    assert main(["report", "--db", str(db.path), "--period", "2025", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (f"Không ghi được tệp «{out}»: tệp đang mở trong một chương trình khác (ví dụ trình đọc PDF "
                   "hoặc Excel) hoặc không có quyền ghi; hãy đóng tệp đó rồi làm lại, hoặc chọn tên tệp khác.\n")
    assert out.read_bytes() == b"%PDF-1.4 the copy open in the reader"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_sharing_violation_is_worded_the_same() -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file", "D:\\bc.pdf")
    error.winerror = 32  # type: ignore[attr-defined]
    assert os_error_text(error).startswith("Không ghi được tệp «D:\\bc.pdf»: tệp đang mở trong một chương trình khác")
    plain = PermissionError(errno.EACCES, "Permission denied", "/srv/x.pdf")
    assert os_error_text(plain) == "Lỗi tệp «/srv/x.pdf»: không có quyền truy cập."


@pytest.mark.parametrize(("code", "part"), [
    ("CĐCS/HN:01", "CĐCS_HN_01"),
    ("A<B>C|D?E*F\"G\\H", "A_B_C_D_E_F_G_H"),
    ("CON", "_CON"),
    ("lpt1.x", "_lpt1.x"),
    ("  ĐV 01. ", "ĐV 01"),
    ("///", "don-vi"),
    ("Cơ khí" + "x" * 200, "Cơ khí" + "x" * 74),
    ("Co\u0302ng", "Công"),  # NFD typed on a Mac becomes NFC
])
def test_unit_codes_become_safe_file_name_parts(code: str, part: str) -> None:
    assert safe_file_part(code) == part


def test_suggested_names_of_data_files_and_reports() -> None:
    from kh06_desktop.reports.generate import GeneratedReport
    from kh06_desktop.services.reports.report_data import Stamp

    assert suggested_file_name("CĐCS/HN:01", "2025", 2) == "CĐCS_HN_01_2025_r2.kh06"
    assert suggested_file_name("CON", "2025H1", 1) == "_CON_2025H1_r1.kh06"
    report = GeneratedReport("roster", "2025", b"", Stamp("CĐCS/HN:01", "2025", 3, "0" * 64), "", None)
    assert report.file_name == "KH06-CĐCS_HN_01-2025-roster-lan3.pdf"
