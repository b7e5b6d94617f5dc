"""Issue 11 case 15: on POSIX every file the app writes is 0600 and every folder it makes 0700,
whatever the umask: the database and its -wal/-shm, backups, exports, PDFs."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from kh06_desktop.cli import main
from kh06_desktop.services.protect import backup
from kh06_desktop.store.database import open_database
from tests.protect.protect_helpers import add_members

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)  # the usual umask, under which files are world-readable by default
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_written_is_owner_only(loose_umask, tmp_path, monkeypatch) -> None:
    data = tmp_path / "du-lieu"
    monkeypatch.setenv("KH06_DATA_DIR", str(data))
    db_path = data / "kh06.db"
    assert main(["demo", "--db", str(db_path), "--members", "20"]) == 0
    db = open_database(db_path)
    try:
        add_members(db, 1, 3, start=900)  # writes through the WAL
        made = backup.backup_now(db)
        wal = db_path.with_name("kh06.db-wal")
        shm = db_path.with_name("kh06.db-shm")
        assert wal.exists() and shm.exists()
        for path in (db_path, wal, shm, made.path, db_path.with_name("kh06.db.lock")):
            assert mode(path) == 0o600, path
        for folder in (data, made.path.parent):
            assert mode(folder) == 0o700, folder
    finally:
        db.close()
    outputs = tmp_path / "ket-qua"
    outputs.mkdir()
    runs = [["export-members", "--out", str(outputs / "ds.xlsx")],
            ["report", "--period", "2025", "--out", str(outputs / "bao-cao.pdf")],
            ["export", "--period", "2025", "--out", str(outputs / "gui.kh06")],
            ["backup", "--out", str(outputs / "sao-luu.db")]]
    for argv in runs:
        assert main([argv[0], "--db", str(db_path), *argv[1:]]) == 0, argv
    for written in outputs.iterdir():
        assert mode(written) == 0o600, written
    upper = tmp_path / "cap-tren" / "upper.db"
    assert main(["consolidate", "--db", str(upper), str(outputs / "gui.kh06")]) == 0
    assert main(["consolidated-report", "--db", str(upper), "--period", "2025",
                 "--out", str(outputs / "tong-hop.xlsx")]) == 0
    assert mode(outputs / "tong-hop.xlsx") == 0o600 and mode(upper) == 0o600 and mode(upper.parent) == 0o700


def test_an_existing_world_readable_database_is_tightened(loose_umask, tmp_path) -> None:
    path = tmp_path / "cu.db"
    open_database(path).close()
    path.chmod(0o644)
    open_database(path).close()
    assert mode(path) == 0o600
