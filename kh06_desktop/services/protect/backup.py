"""Backups of the SQLite database: made with SQLite's online backup API, rotated, restorable.

A live database in WAL mode is never copied as a file (a copy taken while a transaction commits
can be torn, and the last commits may still sit in the -wal file): `sqlite3.Connection.backup`
reads a consistent snapshot through SQLite itself. Each backup is written to `<name>.partial`,
checked, switched to a single-file journal mode, and only then renamed into place, so a backup
file that exists is a complete one.

Automatic backups (one when the app starts if none was made that day, one each time it closes)
are rotated like a grandfather-father-son scheme: the newest of each of the last 7 days, of the
last 4 weeks and of the last 12 months are kept, plus the 3 most recent. Backups made by hand
and the safety copy taken before a restore are never deleted by the app.

A restore checks the chosen file first (SQLite header, `PRAGMA integrity_check`, a KH06 schema
this version knows), backs up the current state, then writes the backup into the live database
with the same backup API — one SQLite transaction, so a crash mid-restore leaves the old data.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kh06_desktop import paths
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput, NotFound, ServiceError
from kh06_desktop.store.database import Database, DatabaseError, head_revision, upgrade
from kh06_desktop.store.database import known_revisions as known_revisions  # re-exported for services.protect
from kh06_desktop.store.models import Setting

AUTO, MANUAL, PRE_RESTORE = "tu-dong", "thu-cong", "truoc-khoi-phuc"
KIND_LABELS = {AUTO: "Tự động", MANUAL: "Sao lưu tay", PRE_RESTORE: "Trước khi khôi phục"}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_LATEST = 7, 4, 12, 3
SUFFIX = ".db"
_STEP_PAGES = 4096  # 16 MB per step with 4 KB pages: progress for big files, few restarts
_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})(?:-(?P<n>\d+))?_"
    r"(?P<kind>tu-dong|thu-cong|truoc-khoi-phuc)\.db$")
_STAMP = "%Y-%m-%d_%H-%M-%S"

ProgressCallback = Callable[[int, int], None]  # (pages done, pages total)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    kind: str
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    safety_copy: BackupInfo  # the state just before the restore
    pruned: tuple[Path, ...] = ()


# --- where -----------------------------------------------------------------------------------


def _database_file(db: Database) -> Path:
    path = db.path
    if path is None or str(path) == ":memory:":
        raise ServiceError("Sao lưu trong phần mềm chỉ dùng cho tệp dữ liệu SQLite; cơ sở dữ liệu trên máy chủ "
                           "(PostgreSQL) hãy sao lưu bằng công cụ của máy chủ (pg_dump)")
    return path


def default_backup_folder() -> Path:
    return paths.data_dir() / "backups"


def backup_folder(db: Database) -> Path:
    with db.reading() as session:
        chosen = session.scalar(select(Setting.value).where(Setting.key == "backup_dir"))
    return Path(chosen).expanduser() if chosen else default_backup_folder()


def set_backup_folder(db: Database, folder: str | Path | None) -> Path:
    """Choose the backup folder (None or "" for the default); it must be writable now."""
    target = Path(folder).expanduser() if folder else default_backup_folder()
    _check_writable(target)
    value = str(target.resolve()) if folder else ""
    with db.transaction() as session:
        row = session.get(Setting, "backup_dir")
        old = row.value if row else ""
        if row is None:
            session.add(Setting(key="backup_dir", value=value))
        else:
            row.value = value
        audit.record(session, "update", "setting", None, old={"backup_dir": old}, new={"backup_dir": value},
                     summary="Đổi thư mục sao lưu")
    return target


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".kh06-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise ServiceError(f"Không ghi được vào thư mục sao lưu {folder}: {os_reason(exc)}") from None


# --- messages --------------------------------------------------------------------------------


def os_reason(exc: BaseException) -> str:
    """A Vietnamese reason for a file-system or SQLite failure."""
    number = getattr(exc, "errno", None)
    text = str(exc)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or "disk is full" in text:
        return "ổ đĩa đã đầy"
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return "thư mục chỉ cho đọc hoặc không có quyền ghi"
    if number in (errno.ENOTDIR, errno.EEXIST):
        return "đường dẫn không phải là một thư mục"
    if number == errno.ENOENT:
        return "không tìm thấy thư mục"
    if "locked" in text or "busy" in text:
        return "tệp đang bị chương trình khác khóa"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _failure(action: str, where: Path, exc: BaseException) -> ServiceError:
    reason = os_reason(exc)
    advice = "Dữ liệu hiện tại vẫn nguyên vẹn."
    if reason == "ổ đĩa đã đầy":
        advice += " Hãy giải phóng dung lượng ổ đĩa hoặc chọn thư mục sao lưu khác (Tệp → Thư mục sao lưu…)."
    elif reason.startswith("thư mục chỉ cho đọc"):
        advice += " Hãy chọn thư mục sao lưu khác mà máy cho phép ghi (Tệp → Thư mục sao lưu…)."
    return ServiceError(f"Không {action} được ở {where}: {reason}. {advice}")


# --- listing and rotation ---------------------------------------------------------------------


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = dt.datetime.strptime(match["stamp"], _STAMP)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, created, match["kind"], size)


def list_backups(db: Database, folder: Path | None = None) -> list[BackupInfo]:
    """Backups of this database in its backup folder, newest first."""
    stem = _database_file(db).stem
    folder = folder or backup_folder(db)
    try:
        candidates = list(folder.glob(f"{glob_escape(stem)}_*{SUFFIX}"))
    except OSError:
        return []
    found = [info for info in map(_parse, candidates) if info is not None and _stem_of(info.path) == stem]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _stem_of(path: Path) -> str:
    match = _NAME.match(path.name)
    return match["stem"] if match else ""


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def backups_to_prune(backups: list[BackupInfo]) -> list[BackupInfo]:
    """Automatic backups that fall outside the rotation (7 daily, 4 weekly, 12 monthly, 3 latest)."""
    autos = sorted((b for b in backups if b.kind == AUTO), key=lambda b: (b.created, b.path.name), reverse=True)
    keep: set[Path] = {b.path for b in autos[:KEEP_LATEST]}
    buckets: tuple[tuple[int, Callable[[dt.datetime], object]], ...] = (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    )
    for limit, bucket_of in buckets:
        seen: set[object] = set()
        for backup in autos:  # newest first: the first of each bucket is its newest
            bucket = bucket_of(backup.created)
            if bucket in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(bucket)
            keep.add(backup.path)
    return [b for b in autos if b.path not in keep]


def prune(db: Database) -> list[Path]:
    removed = []
    for backup in backups_to_prune(list_backups(db)):
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            pass  # a file we cannot delete stays; the next rotation tries again
    return removed


# --- making a backup --------------------------------------------------------------------------


def _target_name(folder: Path, stem: str, kind: str, now: dt.datetime) -> Path:
    base = f"{stem}_{now.strftime(_STAMP)}"
    target = folder / f"{base}_{kind}{SUFFIX}"
    n = 2
    while target.exists() or target.with_name(target.name + ".partial").exists():
        target = folder / f"{base}-{n}_{kind}{SUFFIX}"
        n += 1
    return target


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection,
                progress: ProgressCallback | None) -> None:
    """SQLite's online backup: a consistent snapshot even while the app keeps writing."""
    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=_STEP_PAGES, progress=step)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_backup(source_path: Path, target: Path, progress: ProgressCallback | None = None) -> None:
    """Copy a database (live or not) into `target` through SQLite; all or nothing."""
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(source_path, timeout=30)
        try:
            copy = sqlite3.connect(partial)
            try:
                _copy_pages(source, copy, progress)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                problem = copy.execute("PRAGMA quick_check").fetchone()[0]
                if problem != "ok":
                    raise sqlite3.DatabaseError(f"bản sao không đạt kiểm tra: {problem}")
            finally:
                copy.close()
        finally:
            source.close()
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_now(db: Database, kind: str = MANUAL, progress: ProgressCallback | None = None,
               now: dt.datetime | None = None, *, rotate: bool = True) -> BackupInfo:
    """Make a backup now; automatic ones are rotated afterwards."""
    if kind not in KIND_LABELS:
        raise ValueError(kind)
    source = _database_file(db)
    folder = backup_folder(db)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _target_name(folder, source.stem, kind, now)
        write_backup(source, target, progress)
    except (OSError, sqlite3.Error) as exc:
        raise _failure("sao lưu", folder, exc) from None
    info = BackupInfo(target, now, kind, target.stat().st_size)
    if rotate and kind == AUTO:
        prune(db)
    return info


def automatic_backup_due(db: Database, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return not any(b.kind == AUTO and b.created.date() == today for b in list_backups(db))


def daily_backup(db: Database, now: dt.datetime | None = None) -> BackupInfo | None:
    """The once-a-day automatic backup: made only if none was made today."""
    now = now or dt.datetime.now()
    if not automatic_backup_due(db, now.date()):
        return None
    return backup_now(db, AUTO, now=now)


def closing_backup(db: Database, now: dt.datetime | None = None) -> BackupInfo:
    """The backup made when the app closes (rotation keeps the newest of each day)."""
    return backup_now(db, AUTO, now=now)


# --- restoring -------------------------------------------------------------------------------


def _readonly_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def check_backup(path: str | Path) -> str:
    """Refuse a file that is not a sound KH06 database; return its schema revision."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"Không tìm thấy tệp sao lưu {path}")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp sao lưu {path}: {os_reason(exc)}") from None
    if header != b"SQLite format 3\x00":
        raise InvalidInput(f"Tệp {path.name} không phải bản sao lưu dữ liệu KH06 (không phải cơ sở dữ liệu SQLite)")
    damaged = (f"Bản sao lưu {path.name} bị hỏng nên phần mềm không dùng nó; dữ liệu hiện tại không thay đổi. "
               "Hãy chọn một bản sao lưu khác.")
    try:
        connection = sqlite3.connect(_readonly_uri(path), uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise InvalidInput(f"{damaged} (Kiểm tra: {problems[0][:120]})")
            try:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                revision = None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"…
        raise InvalidInput(f"{damaged} ({os_reason(exc)})") from None
    if revision is None:
        raise InvalidInput(f"Tệp {path.name} không phải dữ liệu KH06 Desktop")
    if revision[0] not in known_revisions():
        raise InvalidInput(f"Bản sao lưu {path.name} do phiên bản KH06 Desktop mới hơn tạo ra; "
                           "hãy cập nhật phần mềm trước khi khôi phục")
    return str(revision[0])


def restore(db: Database, backup_path: str | Path, progress: ProgressCallback | None = None,
            now: dt.datetime | None = None) -> RestoreResult:
    """Replace the database's content with a backup, after checking it and saving the current state."""
    backup_path = Path(backup_path).expanduser()
    live = _database_file(db)
    if backup_path.resolve() == live.resolve():
        raise InvalidInput("Tệp được chọn chính là tệp dữ liệu đang mở; hãy chọn một bản sao lưu")
    revision = check_backup(backup_path)
    safety = backup_now(db, PRE_RESTORE, now=now)
    db.engine.dispose()  # no pooled connection keeps an old snapshot open
    try:
        source = sqlite3.connect(_readonly_uri(backup_path), uri=True)
        try:
            target = sqlite3.connect(live, timeout=30)
            try:
                _copy_pages(source, target, progress)  # one transaction on the live file
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise _failure("khôi phục", live, exc) from None
    if revision != head_revision():
        try:
            upgrade(db.engine)
        except DatabaseError as exc:
            raise ServiceError(f"Đã khôi phục nhưng không nâng cấp được dữ liệu: {exc}") from None
    with db.transaction() as session:
        audit.record(session, "restore", "database", None,
                     summary=f"Khôi phục từ bản sao lưu {backup_path.name}; trạng thái trước đó được lưu ở "
                             f"{safety.path.name}")
    return RestoreResult(backup_path, safety)
