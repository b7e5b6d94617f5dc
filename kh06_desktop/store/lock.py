"""One writer per database: an operating-system lock on a small file beside the database.

Two windows writing the same SQLite file would each believe their view is current and undo each
other's work, so the app holds an exclusive lock on `<database>.lock` for as long as the database
is open. The lock is the operating system's (fcntl.flock on Linux/macOS, msvcrt.locking on
Windows), not the file's existence: when the holding process ends — even killed, or on a power
cut — the system drops the lock and the next start succeeds without anyone deleting a stale file.

No Qt here: the UI shows `DatabaseLocked`'s message.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kh06_desktop.store.errors import DatabaseError

if TYPE_CHECKING:  # the command line takes the lock before it loads SQLAlchemy
    from kh06_desktop.store.database import Database

LOCK_SUFFIX = ".lock"


class DatabaseLocked(DatabaseError):
    """Another running copy of the app holds the database."""

    def __init__(self, database: Path, lock_file: Path, holder: str = "") -> None:
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"Tệp dữ liệu {database} đang được một cửa sổ KH06 Desktop khác sử dụng{who}. "
            "Hãy dùng cửa sổ đang mở đó, hoặc đóng nó rồi mở lại. Hai cửa sổ cùng ghi một tệp sẽ ghi đè "
            f"lên nhau, nên phần mềm không mở thêm. (Tệp khóa: {lock_file}; khóa tự mất khi chương trình "
            "giữ nó đóng lại, kể cả khi bị tắt đột ngột — không cần xóa tệp này.)"
        )
        self.database = database
        self.lock_file = lock_file
        self.holder = holder


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # first byte; released when the process ends
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

# Windows refuses other processes' reads of a locked byte: the holder's note starts after it.
_INFO_OFFSET = 1


class DatabaseLock:
    """A held lock; `release()` (or leaving the `with` block) lets another instance open the file."""

    def __init__(self, database: Path, lock_file: Path, fd: int) -> None:
        self.database = database
        self.lock_file = lock_file
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        # The file itself is left in place: deleting it would race with another instance that
        # has just opened it and is about to lock it.

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock must not outlive its owner object
        try:
            self.release()
        except Exception:  # noqa: BLE001 - at interpreter exit modules may already be gone
            pass


def _holder_note(fd: int) -> str:
    try:
        os.lseek(fd, _INFO_OFFSET, os.SEEK_SET)
        return os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _write_note(fd: int, who: str = "") -> None:
    note = f"máy {socket.gethostname()}, tiến trình {os.getpid()}, từ {dt.datetime.now():%H:%M %d/%m/%Y}"
    if who:
        note = f"{who}, {note}"
    try:
        os.ftruncate(fd, _INFO_OFFSET)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b"\n" + note.encode("utf-8"))
    except OSError:
        pass  # the note only helps the message; the lock is what matters


def acquire(database: str | Path, who: str = "") -> DatabaseLock:
    """Lock a database file for this process, or raise DatabaseLocked / DatabaseError."""
    database = Path(database).expanduser().resolve()
    lock_file = lock_path_for(database)
    try:
        # O_BINARY: on Windows os.open is in text mode by default and would turn the note's "\n" into
        # "\r\n", moving it off _INFO_OFFSET.
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise DatabaseError(
            f"Không tạo được tệp khóa {lock_file} ({exc.strerror}): thư mục dữ liệu chỉ cho đọc hoặc "
            "không có quyền ghi. Hãy chép tệp dữ liệu sang thư mục có quyền ghi rồi mở lại."
        ) from None
    if not _try_lock(fd):
        holder = _holder_note(fd)
        os.close(fd)
        raise DatabaseLocked(database, lock_file, holder)
    _write_note(fd, who)
    return DatabaseLock(database, lock_file, fd)


def acquire_for(db: Database) -> DatabaseLock | None:
    """The lock for an open database; None for a server database (PostgreSQL has its own)."""
    path = db.path
    if path is None or str(path) == ":memory:":
        return None
    return acquire(path)
