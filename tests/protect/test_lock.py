"""One writer: a second instance (another process) cannot lock a database that one holds; the
lock goes away with its process, even when that process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kh06_desktop.store.database import DatabaseError, open_database
from kh06_desktop.store.lock import DatabaseLocked, acquire, acquire_for, lock_path_for

HOLDER = """
import sys
from kh06_desktop.store.lock import acquire
lock = acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until told (or killed)
"""

TRY = """
import sys
from kh06_desktop.store.lock import DatabaseLocked, acquire
try:
    acquire(sys.argv[1])
except DatabaseLocked as exc:
    print(exc)
    sys.exit(3)
print("acquired")
"""


def _holder(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"  # blocks until the child holds it
    return process


def test_second_process_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / "kh06.db"
    with acquire(database):
        result = subprocess.run([sys.executable, "-c", TRY, str(database)], capture_output=True, text=True)
    assert result.returncode == 3
    assert "đang được một cửa sổ KH06 Desktop khác sử dụng" in result.stdout
    assert str(database) in result.stdout
    assert f"tiến trình {os.getpid()}" in result.stdout  # says who holds it


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    database = tmp_path / "kh06.db"
    holder = _holder(database)
    try:
        with pytest.raises(DatabaseLocked) as refused:
            acquire(database)
        assert refused.value.lock_file == lock_path_for(database)
        assert str(database) in str(refused.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert lock_path_for(database).exists()  # a stale file is left behind and does not matter
    with acquire(database) as lock:
        assert lock.held


def test_release_lets_the_next_instance_in(tmp_path: Path) -> None:
    database = tmp_path / "kh06.db"
    first = acquire(database)
    with pytest.raises(DatabaseLocked):
        acquire(database)  # a second open file description is refused even in one process
    first.release()
    first.release()  # harmless twice
    second = acquire(database)
    assert second.held
    second.release()


def test_lock_for_an_open_database_and_its_error_type(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kh06.db")
    lock = acquire_for(db)
    assert lock is not None and lock.database == db.path
    with pytest.raises(DatabaseError):  # the CLI and UI already catch DatabaseError
        acquire(db.path)  # type: ignore[arg-type]
    lock.release()
    db.close()


def test_unwritable_folder_gives_a_vietnamese_message(tmp_path: Path) -> None:
    missing_parent = tmp_path / "khong-co" / "kh06.db"  # cannot create the lock file there
    with pytest.raises(DatabaseError) as error:
        acquire(missing_parent)
    assert "Không tạo được tệp khóa" in str(error.value)
