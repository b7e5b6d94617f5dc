"""`kh06 import-members --update` (DESIGN 6.1): the report lists new / changed field by field /
unchanged / absent; --dry-run writes nothing; --missing left marks the absent on --as-of."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fixtures.member_sheets import simple_roster

from kh06_desktop.cli import main
from kh06_desktop.domain.enums import MemberStatus
from kh06_desktop.services.members.members import list_member_rows
from kh06_desktop.store.database import open_database
from tests.services.test_member_update import BASE, UPDATED


@pytest.fixture
def setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    db = tmp_path / "k.db"
    assert main(["init", "--db", str(db), "--code", "C1", "--name", "Công đoàn Dệt may Hòa Bình",
                 "--sector", "non_state"]) == 0
    assert main(["import-members", "--db", str(db), str(simple_roster(tmp_path / "a.xlsx", BASE))]) == 0
    capsys.readouterr()
    return db, simple_roster(tmp_path / "b.xlsx", UPDATED)


def rows(db: Path) -> dict[str, tuple[str, str | None]]:
    database = open_database(db)
    try:
        return {r.full_name: (r.status, r.phone) for r in list_member_rows(database, 1)}
    finally:
        database.close()


def test_dry_run_reports_and_writes_nothing(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, updated = setup
    before = rows(db)
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "mới: 1; thay đổi: 2; không đổi: 2; không có trong tệp: 1 (giữ nguyên)" in out
    assert "Dòng 4 | Nguyễn Thị Hương (khớp theo số CCCD) | Điện thoại: 0912345678 → 0911111111" in out
    assert "Họ và tên: Đỗ Văn Hung → Đỗ Văn Hùng" in out
    assert "Dòng 8 | Vũ Thị Mai" in out and "Lê Thị Hường | Tổ Sản xuất" in out
    assert rows(db) == before


def test_update_with_missing_left(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, updated = setup
    as_of = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--missing", "left",
                 "--as-of", as_of]) == 0
    assert "thêm 1 đoàn viên mới, sửa 2 người, ghi 1 người đã thôi" in capsys.readouterr().out
    after = rows(db)
    assert after["Lê Thị Hường"][0] == MemberStatus.LEFT.value
    assert after["Nguyễn Thị Hương"] == ("active", "0911111111") and "Vũ Thị Mai" in after


def test_update_options_need_update(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, updated = setup
    assert main(["import-members", "--db", str(db), str(updated), "--missing", "left"]) == 2
    assert "chỉ dùng cùng --update" in capsys.readouterr().err
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--as-of", "31/02/2025"]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_a_plain_import_of_the_same_people_is_refused(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, updated = setup
    assert main(["import-members", "--db", str(db), str(updated)]) == 1


def test_groups_and_positions_follow_the_file_unless_kept(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """DESIGN 6.1: an update applies what changed, group and positions included. With --keep-groups
    / --keep-positions they stay as they are, and the report says so (a member who only moved
    group is not silently «không đổi»)."""
    db, updated = setup
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "khác với danh sách" not in out and "Tổ công đoàn: Tổ Kỹ thuật → Tổ Chất lượng" in out
    assert "Chức vụ công đoàn:" in out
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--dry-run", "--keep-groups",
                 "--keep-positions"]) == 0
    out = capsys.readouterr().out
    assert "1 người có tổ công đoàn trong tệp khác với danh sách" in out and "--keep-groups" in out
    assert "1 người có chức vụ công đoàn trong tệp khác với danh sách" in out and "--keep-positions" in out
    assert "Tổ công đoàn: Tổ Kỹ thuật → Tổ Chất lượng" not in out
    # the flags of the previous version (following was not the default then) are still accepted
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--dry-run", "--follow-groups",
                 "--follow-positions"]) == 0
    assert "Tổ công đoàn: Tổ Kỹ thuật → Tổ Chất lượng" in capsys.readouterr().out
    assert main(["import-members", "--db", str(db), str(updated), "--update", "--keep-groups",
                 "--follow-groups"]) == 2
    assert main(["import-members", "--db", str(db), str(updated), "--keep-groups"]) == 2
    assert "chỉ dùng cùng --update" in capsys.readouterr().err


def test_a_plain_import_of_people_already_listed_points_at_update(setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """HR's updated list imported without --update is refused row by row; the last line says what to do."""
    db, updated = setup
    assert main(["import-members", "--db", str(db), str(updated)]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "chưa nhập đoàn viên nào" in last and "--update" in last
