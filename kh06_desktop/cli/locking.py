"""The window's single-writer lock, taken by every writing command (DESIGN 6.1).

A command that writes waits a few seconds for the lock (another command finishing), then
refuses with exit 2 and a message naming who holds it (machine, process, since when). Read-only
commands (`indicators`, `status`, `backups`) do not take it: they can run beside an open window.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from kh06_desktop.cli.common import EXIT_UNUSABLE, fail

READ_ONLY_COMMANDS = frozenset({"indicators", "status", "backups", "doctor"})
CREATING_COMMANDS = frozenset({"demo", "consolidate", "init"})  # may make a new database file
DEFAULT_WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.2


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("KH06_LOCK_WAIT", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def command_lock(target: str | None, command: str) -> Iterator[None]:
    """Hold the database's lock while a writing command runs (nothing for read-only commands,
    server databases, or a file that does not exist yet and that this command will not create)."""
    if command in READ_ONLY_COMMANDS:
        yield
        return
    from kh06_desktop import paths
    from kh06_desktop.store.errors import DatabaseError
    from kh06_desktop.store.lock import DatabaseLocked, acquire
    from kh06_desktop.store.private_files import private_folder

    text = str(target or paths.default_database())
    if "://" in text:
        yield
        return
    database = Path(text).expanduser()
    if not database.exists():
        if command not in CREATING_COMMANDS:
            yield  # the command itself says the file is missing
            return
        try:
            private_folder(database.parent)
        except OSError:
            yield  # opening the database gives the message
            return
    deadline = time.monotonic() + _wait_seconds()
    while True:
        try:
            lock = acquire(database, who=f"lệnh kh06 {command}")
            break
        except DatabaseLocked as exc:
            if time.monotonic() >= deadline:
                who = f" ({exc.holder})" if exc.holder else ""
                fail(f"Tệp dữ liệu {database} đang được ghi bởi một cửa sổ hoặc lệnh KH06 khác{who}; đã chờ "
                     f"{_wait_seconds():.0f} giây. Hãy đóng cửa sổ đó hoặc chờ lệnh kia xong rồi chạy lại; "
                     "chưa ghi gì.", EXIT_UNUSABLE)
            time.sleep(_POLL_SECONDS)
        except DatabaseError as exc:
            fail(str(exc), EXIT_UNUSABLE)
    try:
        yield
    finally:
        lock.release()
