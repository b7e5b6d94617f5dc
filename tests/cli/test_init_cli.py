"""`kh06 init` (DESIGN 6.1): a unit or an upper level set up without the window; exit 2 when the
database already has one, and then nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kh06_desktop.cli import main
from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.common.settings import MODE_UPPER, get_setting
from kh06_desktop.services.unit.units import get_local_unit
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import AuditEntry


def test_init_creates_a_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "donvi.db"
    assert main(["init", "--db", str(path), "--code", "CDCS-0457", "--name", "Công đoàn Công ty Dệt may Hòa Bình",
                 "--sector", "non_state", "--upper-union", "Công đoàn Khu công nghiệp Hòa Bình",
                 "--employer", "Công ty Cổ phần Dệt may Hòa Bình", "--address", "Phường Hữu Nghị, Hòa Bình",
                 "--chair", "Nguyễn Thị Lan"]) == 0
    assert "Đã thiết lập công đoàn cơ sở «Công đoàn Công ty Dệt may Hòa Bình»" in capsys.readouterr().out
    db = open_database(path)
    try:
        unit = get_local_unit(db)
        assert unit is not None
        assert (unit.code, unit.name, unit.sector, unit.upper_union, unit.employer, unit.address, unit.chair_name) == (
            "CDCS-0457", "Công đoàn Công ty Dệt may Hòa Bình", Sector.NON_STATE, "Công đoàn Khu công nghiệp Hòa Bình",
            "Công ty Cổ phần Dệt may Hòa Bình", "Phường Hữu Nghị, Hòa Bình", "Nguyễn Thị Lan")
        assert get_setting(db, "mode") == "unit"
        with db.reading() as session:
            assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "unit")) == "create"
    finally:
        db.close()


def test_init_creates_an_upper_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "captren.db"
    assert main(["init", "--db", str(path), "--upper", "--code", "CDN-HB", "--name", "Công đoàn ngành Dệt may Hòa Bình",
                 "--upper-union", "Liên đoàn Lao động tỉnh Hòa Bình", "--chair", "Phạm Văn Hùng"]) == 0
    assert "Đã thiết lập công đoàn cấp trên «Công đoàn ngành Dệt may Hòa Bình» (mã CDN-HB)" in capsys.readouterr().out
    db = open_database(path)
    try:
        assert get_local_unit(db) is None
        assert (get_setting(db, "mode"), get_setting(db, "upper_code"), get_setting(db, "upper_name"),
                get_setting(db, "upper_parent"), get_setting(db, "upper_chair_name")) == (
            MODE_UPPER, "CDN-HB", "Công đoàn ngành Dệt may Hòa Bình", "Liên đoàn Lao động tỉnh Hòa Bình",
            "Phạm Văn Hùng")
    finally:
        db.close()


@pytest.mark.parametrize("second", [
    ["--code", "KHAC", "--name", "Công đoàn khác", "--sector", "public_service"],
    ["--upper", "--code", "KHAC", "--name", "Công đoàn khác"],
])
@pytest.mark.parametrize("first", [
    ["--code", "CDCS-1", "--name", "Công đoàn Trường Tiểu học Kim Đồng", "--sector", "public_service"],
    ["--upper", "--code", "CDGD", "--name", "Công đoàn Giáo dục huyện"],
])
def test_init_refuses_a_database_that_already_has_a_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          first: list[str], second: list[str]) -> None:
    path = tmp_path / "kh06.db"
    assert main(["init", "--db", str(path), *first]) == 0
    capsys.readouterr()
    before = path.read_bytes()
    assert main(["init", "--db", str(path), *second]) == 2
    err = capsys.readouterr().err
    assert "đã được thiết lập cho «Công đoàn" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_init_of_a_unit_needs_a_sector(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--db", str(tmp_path / "a.db"), "--code", "X", "--name", "Công đoàn X"]) == 2
    assert "Thiếu --sector" in capsys.readouterr().err


def test_import_into_an_empty_database_points_at_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rong.db"
    open_database(path).close()
    assert main(["import-members", "--db", str(path), str(tmp_path / "x.xlsx")]) == 2
    assert "kh06 init" in capsys.readouterr().err


def get_setting_of(path: Path) -> str | None:
    db = open_database(path)
    try:
        return get_setting(db, "upper_code")
    finally:
        db.close()


def test_the_upper_levels_code_is_normalised_like_every_unit_code(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """DESIGN 6.3 Hygiene: codes are NFKC, trimmed, upper case; a code with other characters is refused."""
    path = tmp_path / "captren.db"
    assert main(["init", "--db", str(path), "--upper", "--code", " ｃｄｎ-hb ", "--name", "Công đoàn ngành"]) == 0
    db = open_database(path)
    try:
        assert get_setting(db, "upper_code") == "CDN-HB"
    finally:
        db.close()
    capsys.readouterr()
    other = tmp_path / "khac.db"
    assert main(["init", "--db", str(other), "--upper", "--code", "CDN\u0410HB", "--name", "Công đoàn ngành"]) == 2
    assert "mã đơn vị «CDN\u0410HB» không hợp lệ" in capsys.readouterr().err
    assert not get_setting_of(other)


def test_unit_commands_on_an_upper_levels_database_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A unit command run on an upper level's database names the upper level, instead of saying that
    nothing is set up and pointing at `kh06 init` (which would refuse: the database has one)."""
    path = tmp_path / "captren.db"
    assert main(["init", "--db", str(path), "--upper", "--code", "CDN-HB", "--name", "Công đoàn ngành"]) == 0
    capsys.readouterr()
    for command in (["close-period", "--period", "2025"], ["export", "--period", "2025", "--out",
                                                           str(tmp_path / "x.kh06")]):
        assert main([command[0], "--db", str(path), *command[1:]]) == 2
        err = capsys.readouterr().err
        assert "công đoàn cấp trên «Công đoàn ngành» (mã CDN-HB)" in err and "kh06 init" not in err


def test_a_refused_init_leaves_no_database_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid code on a new path: exit 2 with the reason, and no empty database file is left
    to be found by the next command (or by IT staff retrying with the right code)."""
    db = tmp_path / "moi.db"
    assert main(["init", "--db", str(db), "--code", "B", "--name", "Công đoàn thử", "--sector", "non_state"]) == 2
    assert "Mã đơn vị «B» không hợp lệ" in capsys.readouterr().err
    assert not db.exists() and not list(tmp_path.glob("moi.db-*"))
    assert main(["init", "--db", str(db), "--code", "BB", "--name", "Công đoàn thử", "--sector", "non_state"]) == 0
    assert db.exists()
