"""Files only their owner reads: the database, its -wal/-shm, backups, exports, PDFs.

On POSIX every file the app writes is 0600 and every folder it creates 0700, whatever the umask
(member lists carry citizen ids and phone numbers). On Windows the per-user data folder is
already private to the user, and chmod only toggles the read-only flag, so nothing is changed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix" and sys.platform != "win32"


def make_private(path: str | Path) -> None:
    """chmod 0600 (a file) or 0700 (a folder) when it is ours; errors are ignored (a USB stick
    formatted FAT has no modes, a network share may refuse)."""
    if not POSIX:
        return
    target = Path(path)
    with contextlib.suppress(OSError):
        target.chmod(FOLDER_MODE if target.is_dir() else FILE_MODE)


def private_folder(path: str | Path) -> Path:
    """Create a folder (and its missing parents) as 0700; an existing folder the user chose is left
    as it is, apart from the app's own data folder which is tightened."""
    folder = Path(path)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        make_private(created)
    return folder


SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database


def private_database(path: str | Path) -> None:
    """The database and its companions (-wal, -shm, -journal, .lock) as 0600."""
    base = Path(path)
    for suffix in ("", *SQLITE_COMPANIONS, ".lock"):
        candidate = base.with_name(base.name + suffix)
        if candidate.exists():
            make_private(candidate)


@contextlib.contextmanager
def owner_only_umask() -> Iterator[None]:
    """While inside, new files are created 0600 and folders 0700 (for libraries that create files
    themselves, such as SQLite's -wal and -shm). The umask is process-wide: used around short,
    file-creating steps only."""
    if not POSIX:
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def write_private_bytes(path: str | Path, body: bytes) -> None:
    """Write a new file as 0600 from its first byte (no window in which others may read it)."""
    target = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, FILE_MODE)
    try:
        make_private(target)  # an existing file keeps its old mode through O_CREAT
        view = memoryview(body)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)
