"""`kh06 demo`, `kh06 import-members`, `kh06 export-members`: exit codes, reports, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.member_sheets import BAD_ROWS, GOOD_ROWS, roster_6_2, simple_roster
from sqlalchemy import func, select

from kh06_desktop.cli import main
from kh06_desktop.exchange.sheet_reader import read_member_sheet
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import Member, UnionGroup

ROOT = Path(__file__).resolve().parents[2]


def members_in(path: Path) -> int:
    db = open_database(path)
    try:
        with db.reading() as session:
            return session.scalar(select(func.count()).select_from(Member))
    finally:
        db.close()


@pytest.fixture
def db_path(db, unit) -> Path:  # type: ignore[no-untyped-def]
    """The path of a database with a set-up unit and no members."""
    return db.path


def test_demo_creates_a_unit_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--members", "60", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Đã tạo đơn vị mẫu «Công đoàn " in out and "60 đoàn viên" in out
    assert members_in(path) == 60
    assert main(["demo", "--db", str(path), "--members", "10"]) == 2
    assert "đã có đơn vị" in capsys.readouterr().err
    assert members_in(path) == 60
    assert main(["demo", "--db", str(tmp_path / "x.db"), "--members", "0"]) == 2
    assert "Số đoàn viên mẫu phải từ 1" in capsys.readouterr().err


def test_good_file_imports_with_exit_0(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-members", "--db", str(db_path), str(roster_6_2(tmp_path / "ds.xlsx"))])
    out = capsys.readouterr().out
    assert code == 0
    assert "Tệp: ds.xlsx (trang «DS đoàn viên», dòng tiêu đề 7)" in out
    assert "HỌ VÀ TÊN → Họ và tên" in out and "Cột không dùng: Quê quán" in out
    assert "Tổ công đoàn mới sẽ được tạo (3): Phân xưởng Cơ khí, Phòng Kế toán, Tổ Bảo vệ" in out
    assert "Đã nhập 5 đoàn viên" in out and "tạo 3 tổ công đoàn mới" in out and "ghi 5 chức vụ" in out
    assert members_in(db_path) == 5


def test_bad_rows_exit_1_with_a_row_report_and_nothing_written(db_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = simple_roster(tmp_path / "loi.xlsx", BAD_ROWS + GOOD_ROWS)
    assert main(["import-members", "--db", str(db_path), str(path)]) == 1
    captured = capsys.readouterr()
    assert "Dòng 4 | Ngày sinh | «31/02/1990» | Ngày không tồn tại: 31/02/1990" in captured.out
    assert "Dòng 6 | Họ và tên | (trống) | Chưa nhập họ và tên" in captured.out
    assert "Dòng 9 | Số CCCD | «001187000001» | Trùng số CCCD với dòng 8 trong tệp" in captured.out
    assert captured.err.strip() == "Tệp có 8 dòng lỗi: chưa nhập đoàn viên nào."
    assert "Traceback" not in captured.err
    assert members_in(db_path) == 0
    db = open_database(db_path)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(UnionGroup)) == 0
    db.close()


def test_unusable_files_exit_2(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "thu.xlsx"
    text.write_bytes(b"PK\x03\x04 not really a zip")
    for path, message in ((text, "không phải bảng tính"), (tmp_path / "khong-co.xlsx", "Không tìm thấy tệp")):
        assert main(["import-members", "--db", str(db_path), str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Không dùng được tệp:") and message in err and err.count("\n") == 1


def test_import_needs_a_set_up_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    assert main(["import-members", "--db", str(tmp_path / "moi.db"), str(path)]) == 2
    assert "chưa có thông tin đơn vị" in capsys.readouterr().err


def test_dry_run_reports_and_writes_nothing(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    assert main(["import-members", "--db", str(db_path), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Chạy thử: 3 đoàn viên có thể nhập; chưa ghi gì vào dữ liệu." in out
    assert members_in(db_path) == 0
    bad = simple_roster(tmp_path / "loi.xlsx", BAD_ROWS)
    assert main(["import-members", "--db", str(db_path), str(bad), "--dry-run"]) == 1


def test_export_writes_the_import_layout(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["import-members", "--db", str(db_path), str(roster_6_2(tmp_path / "ds.xlsx"))])
    out = tmp_path / "xuat.xlsx"
    assert main(["export-members", "--db", str(db_path), "--out", str(out)]) == 0
    assert "Đã xuất 5 đoàn viên" in capsys.readouterr().out
    sheet = read_member_sheet(out)
    assert len(sheet.rows) == 5 and "citizen_id" in sheet.columns
    bare = tmp_path / "an-danh.xlsx"
    assert main(["export-members", "--db", str(db_path), "--out", str(bare), "--without-personal-data"]) == 0
    assert "không kèm ngày sinh" in capsys.readouterr().out
    assert "citizen_id" not in read_member_sheet(bare).columns
    assert main(["export-members", "--db", str(db_path), "--out", str(tmp_path / "x.csv")]) == 2
    assert "đuôi .xlsx" in capsys.readouterr().err


def run_kh06(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "kh06_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, cwd=ROOT)


def test_real_process_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "that.db"
    done = run_kh06("demo", "--db", str(path), "--members", "40", "--seed", "3")
    assert done.returncode == 0, done.stderr
    good = tmp_path / "xuat.xlsx"
    assert run_kh06("export-members", "--db", str(path), "--out", str(good)).returncode == 0
    again = run_kh06("import-members", "--db", str(path), str(good))  # everyone is already there
    assert again.returncode == 1
    assert "Số CCCD đã có trong danh sách" in again.stdout or "cùng ngày sinh" in again.stdout
    last = again.stderr.strip().splitlines()[-1]
    assert "chưa nhập đoàn viên nào." in last and "--update" in last and "Traceback" not in again.stderr
    junk = tmp_path / "ghi-chu.ods"
    junk.write_text("xin chào", encoding="utf-8")
    broken = run_kh06("import-members", "--db", str(path), str(junk))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr and "không phải bảng tính" in broken.stderr
