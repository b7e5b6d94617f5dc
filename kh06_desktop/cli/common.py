"""Shared pieces of the command line: exit codes, errors, periods, output files, opening the database.

Everything here stays light to import (no SQLAlchemy, no ReportLab, no Qt): `kh06 --help` and
argument errors answer at once, and each command imports the heavy parts it needs when it runs.
"""

from __future__ import annotations

import argparse
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.services.unit.units import UnitInfo
    from kh06_desktop.store.database import Database

EXIT_OK = 0
EXIT_REJECTED = 1  # some rows or files refused; nothing written (or only the good files, for consolidate)
EXIT_UNUSABLE = 2  # the input cannot be used at all
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report SIGINT

PERIOD_HELP = "kỳ báo cáo: 2025 (cả năm), 2025H1 hoặc 2025H2 (sáu tháng)"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_UNUSABLE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    raise CliError(message, code)


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", required=required, default=argparse.SUPPRESS, metavar="PATH",
                        help="tệp dữ liệu hoặc URL SQLAlchemy (postgresql+psycopg://…); "
                             "mặc định: tệp trong thư mục dữ liệu của người dùng")


def add_period_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", required=True, metavar="P", help=PERIOD_HELP)


def parse_period(text: str) -> Period:
    """The period of `--period`, or exit 2 with the Vietnamese reason."""
    from kh06_desktop.domain.periods import Period, PeriodError

    try:
        return Period.parse(text)
    except PeriodError as exc:
        fail(str(exc), EXIT_UNUSABLE)


def open_db(args: argparse.Namespace, *, create: bool = True,
            before_migrating: Callable[[], None] | None = None) -> Database:
    """Open `--db` (or the default database). Commands that only read pass create=False, so a
    mistyped path is an error rather than a new empty database that reports zeros.
    `before_migrating`: see `store.database.open_database`."""
    from kh06_desktop.store.database import open_database

    target = database_target(args)
    if "://" not in str(target) and _foreign_sqlite(Path(target).expanduser()):
        fail(f"Tệp không phải cơ sở dữ liệu KH06 (đây là cơ sở dữ liệu của chương trình khác): {target}")
    return open_database(target, create=create, before_migrating=before_migrating)


def database_target(args: argparse.Namespace) -> str:
    """`--db` as given, or the default database's path."""
    from kh06_desktop import paths

    return str(getattr(args, "db", None) or paths.default_database())


def _foreign_sqlite(path: Path) -> bool:
    """An SQLite file with tables but no KH06 migration history belongs to another program:
    opening it would add our tables to it, so the command refuses it untouched."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error:
        return False  # not SQLite, or unreadable: open_database gives its own message
    return bool(tables) and "alembic_version" not in tables


def require_local_unit(db: Database) -> UnitInfo:
    from kh06_desktop.services.unit.units import get_local_unit

    unit = get_local_unit(db)
    if unit is None:
        from kh06_desktop.services.common.settings import MODE_UPPER, get_setting

        if get_setting(db, "mode") == MODE_UPPER:  # set up already, but as an upper level
            name, code = get_setting(db, "upper_name"), get_setting(db, "upper_code")
            fail(f"Cơ sở dữ liệu này là của công đoàn cấp trên «{name}» (mã {code}): lệnh này chỉ dùng cho "
                 "cơ sở dữ liệu của một công đoàn cơ sở")
        fail("Cơ sở dữ liệu chưa có thông tin đơn vị: hãy chạy «kh06 init» hoặc mở phần mềm để thiết lập "
             "(«kh06 demo» để dùng thử)")
    return unit


def output_path(text: str, suffixes: tuple[str, ...], what: str = "Tệp kết quả") -> Path:
    """Check `--out` before any work is done: the right extension, an existing folder we may
    write into, not a folder itself. Missing folders are not created: a typo in the path should
    not scatter new folders over the disk."""
    out = Path(text).expanduser()
    if suffixes and out.suffix.lower() not in suffixes:
        wanted = " hoặc ".join(suffixes)
        fail(f"{what} phải có đuôi {wanted}: {out}")
    if out.is_dir():
        fail(f"{out} là một thư mục; hãy ghi rõ tên tệp, ví dụ {out / ('ket-qua' + (suffixes[0] if suffixes else ''))}")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.exists():
        fail(f"Không có thư mục «{folder}»: hãy tạo thư mục trước hoặc chọn nơi lưu khác")
    if not folder.is_dir():
        fail(f"«{folder}» không phải là thư mục: hãy chọn nơi lưu khác")
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(f"Không có quyền ghi vào thư mục «{folder}»: hãy chọn nơi lưu khác")
    return out


def write_file_atomically(out: Path, body: bytes) -> None:
    """Write beside the target, then rename: a half-written file never carries the real name."""
    temporary = out.with_name(f".{out.name}.part")
    try:
        from kh06_desktop.store.private_files import write_private_bytes

        write_private_bytes(temporary, body)  # 0600 whatever the umask: reports name people
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


_ERRNO_TEXT = {
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép thao tác",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EEXIST: "tệp đã tồn tại",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
}


_IN_USE = ("tệp đang mở trong một chương trình khác (ví dụ trình đọc PDF hoặc Excel) hoặc không có quyền ghi; "
           "hãy đóng tệp đó rồi làm lại, hoặc chọn tên tệp khác")
_WINDOWS_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def os_error_text(exc: OSError) -> str:
    """One Vietnamese line for a file-system error (the OS's own text is often English).

    Replacing a file that a reader holds open fails on Windows with "access denied" or a sharing
    violation, naming the temporary file first and the target second: the message names the
    target and says what to do."""
    if exc.filename2 is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY) or \
            getattr(exc, "winerror", None) in _WINDOWS_SHARING:
        target = exc.filename2 if exc.filename2 is not None else exc.filename
        where = f" «{target}»" if target else ""
        return f"Không ghi được tệp{where}: {_IN_USE}."
    reason = _ERRNO_TEXT.get(exc.errno or -1)
    if reason is None:
        reason = f"lỗi hệ thống{f' {exc.errno}' if exc.errno else ''}: {exc.strerror or exc}"
    where = f" «{exc.filename}»" if exc.filename else ""
    return f"Lỗi tệp{where}: {reason}."
