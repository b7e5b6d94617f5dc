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
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select

from kh06_desktop import paths
from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput, NotFound, ServiceError
from kh06_desktop.services.common.settings import MODE_UPPER
from kh06_desktop.store.database import (
    Database,
    DatabaseError,
    create_db_engine,
    head_revision,
    upgrade,
)
from kh06_desktop.store.database import known_revisions as known_revisions  # re-exported for services.protect
from kh06_desktop.store.models import Setting, Unit
from kh06_desktop.store.private_files import private_database, private_folder, write_private_bytes

AUTO, MANUAL, PRE_RESTORE, PRE_IMPORT = "tu-dong", "thu-cong", "truoc-khoi-phuc", "truoc-nhap"
KIND_LABELS = {AUTO: "Tự động", MANUAL: "Sao lưu tay", PRE_RESTORE: "Trước khi khôi phục",
               PRE_IMPORT: "Trước khi nhập danh sách"}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_LATEST = 7, 4, 12, 3
SUFFIX = ".db"
PREFIX = "KH06"
ID_KEY = "database_id"
ID_CHARS = 12  # of the database id, in file names
_STEP_PAGES = 4096  # 16 MB per step with 4 KB pages: progress for big files, few restarts
# KH06_<unit code>_<database id>_<date>_<time>[-n]_<kind>.db: the unit code for people, the id
# so that two databases sharing a folder (a USB stick, a network share) never touch each other's.
_NAME = re.compile(
    r"^KH06_(?P<code>[A-Za-z0-9._-]+)_(?P<id>[0-9a-f]{12})_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})"
    r"(?:-(?P<n>\d+))?_(?P<kind>tu-dong|thu-cong|truoc-khoi-phuc|truoc-nhap)\.db$")
_STAMP = "%Y-%m-%d_%H-%M-%S"
_CODE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")

ProgressCallback = Callable[[int, int], None]  # (pages done, pages total)


class OtherDatabase(ServiceError):
    """The backup is of the same unit code but another database (another PC): restored only after
    the user confirms, naming both."""

    def __init__(self, message: str, summary: BackupSummary) -> None:
        super().__init__(message)
        self.summary = summary


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
    summary: BackupSummary | None = None


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
        private_folder(folder)
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


# --- identity ------------------------------------------------------------------------------


def database_id(db: Database) -> str:
    """This database's id (given at creation, or by migration 0020 to an older database)."""
    with db.reading() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == ID_KEY))
    if not value:  # only a database opened without migrations can lack it
        raise ServiceError("Cơ sở dữ liệu chưa có mã nhận diện; hãy mở nó bằng KH06 Desktop để nâng cấp")
    return str(value)


def _local_code(db: Database) -> str | None:
    with db.reading() as session:
        code = session.scalar(select(Unit.code).where(Unit.is_local.is_(True)))
        if code:
            return str(code)
        mode = session.scalar(select(Setting.value).where(Setting.key == "mode"))
    return UPPER_LABEL if mode == MODE_UPPER else None


UPPER_LABEL = "CAP-TREN"


def _file_code(code: str | None) -> str:
    cleaned = _CODE_CHARS.sub("-", code or "CHUA-CO-DON-VI").strip("-")[:40]
    return cleaned or "DON-VI"


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
    """Backups of this database (by its id, not its file name) in its backup folder, newest first."""
    _database_file(db)
    short = database_id(db)[:ID_CHARS]
    folder = folder or backup_folder(db)
    try:
        candidates = list(folder.glob(f"{PREFIX}_*_{short}_*{SUFFIX}"))
    except OSError:
        return []
    found = [info for info in map(_parse, candidates) if info is not None and _id_of(info.path) == short]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _id_of(path: Path) -> str:
    match = _NAME.match(path.name)
    return match["id"] if match else ""


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


def backup_stem(db: Database) -> str:
    """KH06_<unit code>_<database id>: the start of this database's backup file names."""
    return f"{PREFIX}_{_file_code(_local_code(db))}_{database_id(db)[:ID_CHARS]}"


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
        private_folder(target.parent)
        source = sqlite3.connect(source_path, timeout=30)
        try:
            partial.unlink(missing_ok=True)
            write_private_bytes(partial, b"")  # 0600 before SQLite writes a page into it
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
               now: dt.datetime | None = None, *, rotate: bool = True, out: Path | None = None) -> BackupInfo:
    """Make a backup now (into the backup folder, or to `out`); automatic ones are rotated afterwards."""
    if kind not in KIND_LABELS:
        raise ValueError(kind)
    source = _database_file(db)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = out.parent if out is not None else backup_folder(db)
    try:
        if out is not None:
            target = out
        else:
            private_folder(folder)
            target = _target_name(folder, backup_stem(db), kind, now)
        write_backup(source, target, progress)
    except (OSError, sqlite3.Error) as exc:
        raise _failure("sao lưu", folder, exc) from None
    info = BackupInfo(target, now, kind, target.stat().st_size)
    if rotate and kind == AUTO and out is None:
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


# --- checking a backup ----------------------------------------------------------------------


def _readonly_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


SchemaObject = tuple[str, str, str, str]  # type, name, table, SQL with its spacing normalised


def _schema_of(connection: sqlite3.Connection) -> frozenset[SchemaObject]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset((str(kind), str(name), str(table), " ".join(str(sql or "").split()))
                     for kind, name, table, sql in rows if not str(name).startswith("sqlite_stat"))


@cache
def reference_schema(revision: str) -> frozenset[SchemaObject]:
    """Every table, index, trigger and view the migrations create at `revision`, built once in a
    scratch database."""
    folder = Path(tempfile.mkdtemp(prefix="kh06-schema-"))
    try:
        engine = create_db_engine(folder / "schema.db")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        connection = sqlite3.connect(folder / "schema.db")
        try:
            return _schema_of(connection)
        finally:
            connection.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _schema_difference(found: frozenset[SchemaObject], wanted: frozenset[SchemaObject]) -> str:
    labels = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger", "view": "view"}
    order = {"table": 0, "view": 1, "trigger": 2, "index": 3}
    extra = sorted(found - wanted, key=lambda o: (order.get(o[0], 9), o[1]))
    missing = sorted(wanted - found, key=lambda o: (order.get(o[0], 9), o[1]))
    extra_names = {(o[0], o[1]) for o in extra}
    changed = [o for o in missing if (o[0], o[1]) in extra_names]
    if changed:
        kind, name = changed[0][0], changed[0][1]
        return f"{labels.get(kind, kind)} «{_printable(name)}» khác với cấu trúc do phần mềm tạo"
    if extra:
        return f"có thêm {labels.get(extra[0][0], extra[0][0])} «{_printable(extra[0][1])}» mà phần mềm không tạo"
    kind, name = missing[0][0], missing[0][1]
    return f"thiếu {labels.get(kind, kind)} «{_printable(name)}»"


def _printable(text: str, limit: int = 60) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds and would bring back, for the restore dialog and `kh06 restore`."""

    path: Path
    revision: str
    database_id: str | None
    unit_code: str | None  # the local unit's code, or "CAP-TREN" for an upper level
    unit_name: str | None
    created: dt.datetime | None  # from the file name, else the last audit entry
    members: int
    active_members: int
    groups: int
    trainings: int
    study_sessions: int
    hardship_cases: int
    submissions: int
    page_size: int

    def describe(self) -> str:
        unit = f"{self.unit_code} — {self.unit_name}" if self.unit_name else (self.unit_code or "chưa có đơn vị")
        when = f"{self.created:%d/%m/%Y %H:%M}" if self.created else "không rõ ngày"
        counts = (f"{group_thousands(self.members)} đoàn viên ({group_thousands(self.active_members)} đang sinh "
                  f"hoạt), {group_thousands(self.groups)} tổ công đoàn, {group_thousands(self.trainings)} lớp tập "
                  f"huấn, {group_thousands(self.study_sessions)} buổi học tập, "
                  f"{group_thousands(self.hardship_cases)} trường hợp khó khăn")
        if self.submissions:
            counts += f", {group_thousands(self.submissions)} tệp dữ liệu đã nhận"
        return f"Đơn vị: {_printable(unit, 160)}; ngày sao lưu: {when}; gồm {counts}"


def _open_readonly(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(_readonly_uri(path), uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A file left in WAL mode cannot be read with mode=ro without its -shm; read it as it is.
        connection.close()
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    return connection


def _check_header(path: Path) -> None:
    if not path.exists():
        raise NotFound(f"Không tìm thấy tệp sao lưu {path}")
    if not path.is_file():
        raise InvalidInput(f"{path.name} không phải một tệp thường (thư mục, thiết bị hoặc đường ống): không phải "
                           "bản sao lưu")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp sao lưu {path}: {os_reason(exc)}") from None
    if header != b"SQLite format 3\x00":
        raise InvalidInput(f"Tệp {path.name} không phải bản sao lưu dữ liệu KH06 (không phải cơ sở dữ liệu SQLite)")


def _scalar(connection: sqlite3.Connection, sql: str) -> object:
    row = connection.execute(sql).fetchone()
    return row[0] if row else None


def _inspect(path: Path, shown: str, created: dt.datetime | None) -> BackupSummary:
    """All the checks, on an SQLite file: integrity, a known revision, exactly the schema the
    migrations make at that revision, foreign keys; then what it holds."""
    damaged = (f"Bản sao lưu {shown} bị hỏng nên phần mềm không dùng nó; dữ liệu hiện tại không thay đổi. "
               "Hãy chọn một bản sao lưu khác.")
    try:
        connection = _open_readonly(path)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise InvalidInput(f"{damaged} (Kiểm tra: {_printable(str(problems[0]), 120)})")
            try:
                versions = connection.execute("SELECT version_num FROM alembic_version LIMIT 2").fetchall()
            except sqlite3.OperationalError:
                versions = []
            if len(versions) > 1:
                raise InvalidInput(f"Bản sao lưu {shown} ghi nhiều phiên bản cấu trúc cùng lúc: không phải do KH06 "
                                   "Desktop ghi ra; không khôi phục")
            revision = versions[0][0] if versions else None
            if revision is None:
                raise InvalidInput(f"Tệp {shown} không phải dữ liệu KH06 Desktop")
            if str(revision) not in known_revisions():
                raise InvalidInput(f"Bản sao lưu {shown} do phiên bản KH06 Desktop mới hơn tạo ra; "
                                   "hãy cập nhật phần mềm trước khi khôi phục")
            revision = str(revision)
            found, wanted = _schema_of(connection), reference_schema(revision)
            if found != wanted:
                raise InvalidInput(f"Bản sao lưu {shown} không phải do KH06 Desktop ghi ra: "
                                   f"{_schema_difference(found, wanted)}; không khôi phục")
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise InvalidInput(f"Bản sao lưu {shown} có dữ liệu tham chiếu tới dòng không tồn tại "
                                   "(kiểm tra khóa ngoại không đạt); không khôi phục")
            summary = _summary(connection, path, revision, created)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"…
        raise InvalidInput(f"{damaged} ({os_reason(exc)})") from None
    return summary


def _summary(connection: sqlite3.Connection, path: Path, revision: str,
             created: dt.datetime | None) -> BackupSummary:
    def count(sql: str) -> int:
        try:
            value = _scalar(connection, sql)
        except sqlite3.OperationalError:  # a table an older revision does not have yet
            return 0
        return int(value) if isinstance(value, int) else 0

    settings = dict(connection.execute("SELECT key, value FROM setting WHERE key IN ('database_id', 'mode')"))
    local = connection.execute("SELECT code, name FROM unit WHERE is_local = 1 LIMIT 1").fetchone()
    code = str(local[0]) if local else (UPPER_LABEL if settings.get("mode") == MODE_UPPER else None)
    if created is None:
        last = _scalar(connection, "SELECT max(at) FROM audit_log")
        try:
            created = dt.datetime.fromisoformat(str(last)[:19]) if last else None
        except ValueError:
            created = None
    local_id = "(SELECT id FROM unit WHERE is_local = 1)"
    return BackupSummary(
        path=path, revision=revision,
        database_id=str(settings["database_id"]) if settings.get("database_id") else None,
        unit_code=code, unit_name=str(local[1]) if local else None, created=created,
        members=count(f"SELECT count(*) FROM member WHERE unit_id = {local_id}") if local else 0,
        active_members=count(f"SELECT count(*) FROM member WHERE unit_id = {local_id} AND status = 'active'")
        if local else 0,
        groups=count(f"SELECT count(*) FROM union_group WHERE unit_id = {local_id}") if local else 0,
        trainings=count("SELECT count(*) FROM training"),
        study_sessions=count("SELECT count(*) FROM study_session"),
        hardship_cases=count("SELECT count(*) FROM hardship_case"),
        submissions=count("SELECT count(*) FROM submission"),
        page_size=count("PRAGMA page_size"),
    )


def _created_from_name(path: Path) -> dt.datetime | None:
    match = _NAME.match(path.name)
    try:
        return dt.datetime.strptime(match["stamp"], _STAMP) if match else None
    except ValueError:
        return None


def describe_backup(path: str | Path) -> BackupSummary:
    """Check a backup (without copying it) and say what it holds; raises InvalidInput / NotFound."""
    path = Path(path).expanduser()
    _check_header(path)
    return _inspect(path, path.name, _created_from_name(path))


def check_backup(path: str | Path) -> str:
    """Refuse a file that is not a sound KH06 database of this app's making; return its revision."""
    return describe_backup(path).revision


def _page_size(path: Path) -> int:
    connection = sqlite3.connect(path, timeout=30)
    try:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])
    finally:
        connection.close()


def _working_copy(backup_path: Path, live: Path) -> Path:
    """A private copy of the backup beside the live file, with the live file's page size: the
    checks and the restore then read the same bytes (the chosen file may change meanwhile), and
    SQLite's backup API cannot change the page size of a database in WAL mode."""
    work = live.with_name(f".{live.name}.khoi-phuc")
    work.unlink(missing_ok=True)
    write_private_bytes(work, b"")
    try:
        source = _open_readonly(backup_path)
        try:
            target = sqlite3.connect(work)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                wanted = _page_size(live)
                if int(target.execute("PRAGMA page_size").fetchone()[0]) != wanted:
                    target.execute(f"PRAGMA page_size={int(wanted)}")
                    target.execute("VACUUM")
            finally:
                target.close()
        finally:
            source.close()
    except BaseException:
        work.unlink(missing_ok=True)
        raise
    return work


def check_identity(db: Database, summary: BackupSummary, shown: str) -> str | None:
    """None for this database's own backup; the confirmation message for the same unit from another
    database; raises InvalidInput for another unit's."""
    try:
        _identity_check(db, summary, shown, False)
    except OtherDatabase as exc:
        return str(exc).split(" (dòng lệnh:")[0]
    return None


def _identity_check(db: Database, summary: BackupSummary, shown: str, accept_other_database: bool) -> None:
    """Only this database's backups restore silently. The same unit code from another database
    (another PC, a re-installed machine) needs a confirmation naming both; another unit never."""
    live_id = database_id(db)
    if summary.database_id == live_id:
        return
    live_code = _local_code(db)
    backup_code = summary.unit_code or "(chưa có đơn vị)"
    if live_code is not None and summary.unit_code is not None and summary.unit_code != live_code:
        raise InvalidInput(
            f"Bản sao lưu {shown} là của {_printable(backup_code)} (cơ sở dữ liệu "
            f"{(summary.database_id or 'không rõ')[:ID_CHARS]}), không phải của {live_code} đang mở (cơ sở dữ liệu "
            f"{live_id[:ID_CHARS]}): không khôi phục dữ liệu của đơn vị khác")
    if summary.database_id is None and live_code is not None and summary.unit_code == live_code:
        return  # a backup from before databases had ids, of this same unit
    if not accept_other_database:
        here = f"{live_code} ({live_id[:ID_CHARS]})" if live_code else f"tệp chưa có đơn vị ({live_id[:ID_CHARS]})"
        raise OtherDatabase(
            f"Bản sao lưu {shown} là của {_printable(backup_code)} trên một cơ sở dữ liệu khác "
            f"({(summary.database_id or 'không rõ')[:ID_CHARS]}, có thể từ máy khác), không phải của {here} đang mở. "
            "Chỉ khôi phục khi chắc chắn đây là dữ liệu của đơn vị mình (dòng lệnh: thêm --accept-other-database)",
            summary)


# --- restoring -------------------------------------------------------------------------------


def restore(db: Database, backup_path: str | Path, progress: ProgressCallback | None = None,
            now: dt.datetime | None = None, *, accept_other_database: bool = False) -> RestoreResult:
    """Replace the database's content with a backup, after checking it and saving the current state."""
    backup_path = Path(backup_path).expanduser()
    live = _database_file(db)
    _check_header(backup_path)
    if backup_path.resolve() == live.resolve():
        raise InvalidInput("Tệp được chọn chính là tệp dữ liệu đang mở; hãy chọn một bản sao lưu")
    shown = backup_path.name
    first = _inspect(backup_path, shown, _created_from_name(backup_path))  # before copying a byte of it
    _identity_check(db, first, shown, accept_other_database)
    try:
        work = _working_copy(backup_path, live)
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"Bản sao lưu {shown} bị hỏng nên phần mềm không dùng nó; dữ liệu hiện tại không "
                           f"thay đổi ({os_reason(exc)})") from None
    except OSError as exc:
        raise _failure("đọc bản sao lưu", backup_path, exc) from None
    try:
        summary = _inspect(work, shown, _created_from_name(backup_path))
        _identity_check(db, summary, shown, accept_other_database)
        live_id = database_id(db)
        with db.reading() as session:
            live_folder = session.scalar(select(Setting.value).where(Setting.key == "backup_dir"))
        safety = backup_now(db, PRE_RESTORE, now=now)
        db.engine.dispose()  # no pooled connection keeps an old snapshot open
        try:
            source = sqlite3.connect(work)
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
    finally:
        work.unlink(missing_ok=True)
    private_database(live)
    if summary.revision != head_revision():
        try:
            upgrade(db.engine)
        except DatabaseError as exc:
            raise ServiceError(f"Đã khôi phục nhưng không nâng cấp được dữ liệu: {exc}") from None
    with db.transaction() as session:
        # The file keeps its own id and this PC's backup folder: its backups stay listed.
        for key, value in ((ID_KEY, live_id), ("backup_dir", live_folder)):
            row = session.get(Setting, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
        audit.record(session, "restore", "database", None,
                     summary=f"Khôi phục từ bản sao lưu {shown} ({summary.unit_code or 'chưa có đơn vị'}, "
                             f"{summary.members} đoàn viên); trạng thái trước đó được lưu ở {safety.path.name}")
    return RestoreResult(backup_path, safety, summary=summary)
