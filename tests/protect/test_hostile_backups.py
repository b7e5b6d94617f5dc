"""Issue 11, backups: a restore brings back only what this app wrote for this unit (cases 1-4),
and the command line's `backup`, `backups` and `restore`."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from kh06_desktop.cli import main
from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.protect import backup
from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit
from kh06_desktop.store.database import open_database
from tests.protect.protect_helpers import add_members, count_members


def _other_database(path: Path, code: str, folder: Path):
    other = open_database(path)
    setup_unit(other, UnitProfile(code=code, name=f"Công đoàn {code}", sector=Sector.NON_STATE,
                                  chair_name="Lê Thị Hoa"), Workforce("2025", 30, 10, 30))
    backup.set_backup_folder(other, folder)
    return other


def _edited_copy(source: Path, target: Path, *sql: str) -> Path:
    shutil.copy(source, target)
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in sql:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return target


def _citizen_ids(db) -> int:
    with db.reading() as session:
        return session.connection().exec_driver_sql("SELECT count(citizen_id) FROM member").scalar()


@pytest.mark.parametrize("sql, reason", [
    (("CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN UPDATE member SET citizen_id=NULL, phone=NULL, "
      "birth_date=NULL; END",), "trigger «wipe»"),
    (("DROP TABLE member", "DROP TABLE unit"), "thiếu bảng «member»"),
    (("CREATE VIEW v AS SELECT * FROM member",), "view «v»"),
    (("CREATE INDEX ix_extra ON member(phone)",), "chỉ mục «ix_extra»"),
    (("CREATE TABLE stash (x)",), "bảng «stash»"),
    (("DROP INDEX ix_member_group_status",), "thiếu chỉ mục"),
    (("INSERT INTO member (unit_id, full_name, given_name, name_folded, sort_key, status, created_at, updated_at) "
      "VALUES (999, 'X', 'X', 'x', 'x', 'active', '2025-01-01', '2025-01-01')",), "khóa ngoại"),
    (("INSERT INTO alembic_version VALUES ('0001')",), "nhiều phiên bản cấu trúc"),
], ids=["trigger", "dropped-tables", "view", "index", "table", "missing-index", "foreign-key", "two-versions"])
def test_a_backup_not_exactly_as_the_app_wrote_it_is_refused(db, unit, backups, tmp_path, sql, reason) -> None:
    add_members(db, unit.id, 30)
    good = backup.backup_now(db)
    crafted = _edited_copy(good.path, tmp_path / "crafted.db", *sql)
    before = sorted(p.name for p in backups.iterdir())
    with pytest.raises(InvalidInput, match=reason):
        backup.restore(db, crafted)
    assert count_members(db) == 30 and _citizen_ids(db) == 30
    assert sorted(p.name for p in backups.iterdir()) == before  # not even a safety copy
    assert not any(p.name.endswith(".khoi-phuc") for p in db.path.parent.iterdir())


def test_two_databases_sharing_a_folder_never_touch_each_others_backups(db, unit, backups, tmp_path) -> None:
    other = _other_database(tmp_path / "khac" / "kh06.db", "DEMO-7", backups)  # same file name, same folder
    try:
        start = dt.datetime(2025, 3, 1, 9, 0)
        for day in range(20):
            backup.backup_now(other, backup.AUTO, now=start + dt.timedelta(days=day))
        theirs = {b.path for b in backup.list_backups(other)}
        assert all("DEMO-7" in p.name and backup.database_id(other)[:12] in p.name for p in theirs)
        for day in range(40):
            backup.backup_now(db, backup.AUTO, now=start + dt.timedelta(days=day, hours=1))
        ours = backup.list_backups(db)
        assert {b.path for b in backup.list_backups(other)} == theirs  # our rotation deleted none of theirs
        assert all(p.exists() for p in theirs)
        assert not {b.path for b in ours} & theirs  # and our restore list does not offer them
        assert all("CDCS-TEST" in b.path.name for b in ours)
        with pytest.raises(InvalidInput, match="DEMO-7.*không khôi phục dữ liệu của đơn vị khác"):
            backup.restore(db, sorted(theirs)[0])
        with db.reading() as session:
            code = session.connection().exec_driver_sql("SELECT code FROM unit WHERE is_local = 1").scalar()
        assert code == "CDCS-TEST"
    finally:
        other.close()


def test_same_unit_code_from_another_database_needs_a_confirmation_naming_both(db, unit, backups, tmp_path) -> None:
    other = _other_database(tmp_path / "may-khac.db", "CDCS-TEST", tmp_path / "sao-luu-khac")
    try:
        add_members(other, 1, 7)
        theirs = backup.backup_now(other)
    finally:
        other.close()
    own_id = backup.database_id(db)
    with pytest.raises(backup.OtherDatabase, match="CDCS-TEST.*cơ sở dữ liệu khác") as caught:
        backup.restore(db, theirs.path)
    assert own_id[:12] in str(caught.value)
    assert count_members(db) == 0
    result = backup.restore(db, theirs.path, accept_other_database=True)
    assert count_members(db) == 7 and result.summary is not None and result.summary.members == 7
    assert backup.database_id(db) == own_id  # the file keeps its id: its own backups stay listed
    assert result.safety_copy.path in [b.path for b in backup.list_backups(db)]  # and its folder stays


def test_a_backup_with_another_page_size_is_restored(db, unit, backups, tmp_path) -> None:
    add_members(db, unit.id, 40)
    saved = backup.backup_now(db)
    big = _edited_copy(saved.path, tmp_path / "trang-lon.db", "PRAGMA page_size=65536", "VACUUM",
                       "UPDATE member SET phone='0912345678' WHERE id = 1")
    assert sqlite3.connect(big).execute("PRAGMA page_size").fetchone()[0] == 65536
    add_members(db, unit.id, 5, start=100)
    backup.restore(db, big)
    assert count_members(db) == 40
    with db.reading() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert connection.exec_driver_sql("SELECT phone FROM member WHERE id = 1").scalar() == "0912345678"


def test_the_summary_says_unit_date_and_counts(db, unit, backups) -> None:
    add_members(db, unit.id, 12)
    saved = backup.backup_now(db, now=dt.datetime(2025, 6, 2, 8, 30))
    summary = backup.describe_backup(saved.path)
    assert (summary.unit_code, summary.members, summary.created) == ("CDCS-TEST", 12, dt.datetime(2025, 6, 2, 8, 30))
    text = summary.describe()
    assert "CDCS-TEST" in text and "02/06/2025 08:30" in text and "12 đoàn viên" in text


def test_cli_backup_backups_restore(db, unit, backups, tmp_path, capsys) -> None:
    add_members(db, unit.id, 9)
    path = str(db.path)
    db.close()
    assert main(["backup", "--db", path]) == 0
    out = tmp_path / "tay.db"
    assert main(["backup", "--db", path, "--out", str(out)]) == 0 and out.is_file()
    assert main(["backups", "--db", path]) == 0
    listing = capsys.readouterr().out
    assert "Sao lưu tay" in listing and "CDCS-TEST" in listing
    evil = _edited_copy(out, tmp_path / "doc.db", "CREATE TRIGGER t AFTER INSERT ON audit_log BEGIN "
                                                  "DELETE FROM member; END")
    assert main(["restore", "--db", path, str(evil)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "trigger «t»" in err
    assert main(["restore", "--db", path, str(out)]) == 0
    said = capsys.readouterr().out
    assert "CDCS-TEST" in said and "9 đoàn viên" in said
