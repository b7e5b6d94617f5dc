"""Issue 11 case 16: every writing command takes the window's lock; it waits briefly, then
refuses naming who holds it, and writes nothing. Read-only commands still run."""

from __future__ import annotations

import pytest

from kh06_desktop.cli import main
from kh06_desktop.store.lock import acquire
from tests.fixtures.member_sheets import roster_6_2
from tests.protect.protect_helpers import count_members


@pytest.fixture
def held(db, unit, monkeypatch):
    monkeypatch.setenv("KH06_LOCK_WAIT", "0.3")
    lock = acquire(db.path, who="cửa sổ KH06")  # as the window holds it (flock: per open file, so in-process too)
    yield lock
    lock.release()


@pytest.mark.parametrize("command", [
    ["import-members", "SHEET"],
    ["demo", "--members", "5"],
    ["backup"],
    ["close-period", "--period", "2025"],
    ["export", "--period", "2025", "--out", "OUT.kh06"],
])
def test_writing_commands_refuse_while_the_window_holds_the_database(db, held, tmp_path, capsys, command) -> None:
    sheet = roster_6_2(tmp_path / "ds.xlsx")
    argv = [part.replace("SHEET", str(sheet)).replace("OUT", str(tmp_path / "out")) for part in command]
    before = count_members(db)
    assert main([argv[0], "--db", str(db.path), *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "đang được ghi" in err and "cửa sổ KH06" in err and "chưa ghi gì" in err
    assert count_members(db) == before
    assert not (tmp_path / "out.kh06").exists()


def test_read_only_commands_run_beside_the_window(db, held, capsys) -> None:
    assert main(["indicators", "--db", str(db.path), "--period", "2025"]) == 0
    assert main(["backups", "--db", str(db.path)]) == 0


def test_the_lock_is_released_after_a_command(db, unit, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KH06_LOCK_WAIT", "0")
    sheet = roster_6_2(tmp_path / "ds.xlsx")
    assert main(["import-members", "--db", str(db.path), str(sheet), "--dry-run"]) in (0, 1)
    acquire(db.path).release()  # free again


def test_taking_the_command_lock_does_not_load_sqlalchemy(db, tmp_path) -> None:
    """import-members starts reading the spreadsheet after the lock is taken, while SQLAlchemy
    loads; the lock itself must not pull SQLAlchemy in (it would delay the read by its load)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys\nfrom kh06_desktop.cli.locking import command_lock\n"
            "with command_lock(sys.argv[1], 'import-members'):\n"
            "    print('sqlalchemy' in sys.modules, 'kh06_desktop.store.database' in sys.modules)\n")
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", code, str(db.path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": root}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
