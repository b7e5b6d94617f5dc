"""Opening a database: engine, SQLite pragmas, migrations to the current schema, sessions.

SQLite runs in WAL mode with synchronous=FULL: a committed transaction survives a power cut
and a killed process never leaves a half-written one. Foreign keys are on for every
connection. Migrations are applied when a database is opened; a database written by a newer
version of the app is refused rather than guessed at.

Alembic (~0.2 s to import) is loaded only when a database actually needs migrating: the head
revision is read from the version files' own `revision`/`down_revision` lines, and a database
whose stored `alembic_version` is that head opens without it (tests/store keep the two in sync).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, cast

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kh06_desktop.paths import data_dir
from kh06_desktop.store.errors import DatabaseError as DatabaseError  # its home since the lock needs it alone
from kh06_desktop.store.private_files import make_private, private_database, private_folder, write_private_bytes

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSIONS = MIGRATIONS / "versions"


def _url_for(target: str | Path | URL) -> str | URL:
    """An SQLAlchemy URL as given, or the URL of a file path. A path is never pasted into a URL
    string: '?', '#' and '%' are legal in folder names (Windows: "Báo cáo 100%") and would be
    read as a query, a fragment or an escape."""
    if isinstance(target, URL):
        return target
    text = str(target)
    if "://" in text:
        return text
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def readonly_url(path: str | PurePath) -> URL:
    """The URL opening `path` read-only through an SQLite URI. `as_uri()` makes `file:///C:/…` of a
    Windows path with its drive letter and escapes spaces, '%', '?' and non-ASCII letters; the URL
    is built, not parsed, so those escapes reach SQLite as they are."""
    absolute = path if isinstance(path, PurePath) and path.is_absolute() else Path(path).expanduser().resolve()
    return URL.create("sqlite", database=absolute.as_uri(), query={"mode": "ro", "uri": "true"})


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
            raise
        # Another process is loading a large list with a rollback journal (`Database.load_transaction`):
        # this connection works in that mode meanwhile, and the loader sets WAL back when it is done.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# sqlite3 binds an int, float, str or bytes at once, but for any other value it first looks for an
# adapter: for None that is a missed registry look-up and two missed attribute look-ups before NULL
# is bound (measured: 1.55 million None bound in 0.70 s, against 0.25 s with this adapter). An
# adapter registered for None is found at the first look-up; `{}.get` returns None without Python.
sqlite3.register_adapter(type(None), cast(Callable[[None], None], {}.get))


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


@functools.cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """Each revision id → the ids it revises, read from the migration files (Alembic not imported)."""
    graph: dict[str, tuple[str, ...]] = {}
    for file in sorted(VERSIONS.glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(file.read_text(encoding="utf-8"), str(file)).body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(value)
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            continue  # __init__.py and helpers
        graph[revision] = (down,) if isinstance(down, str) else tuple(down) if isinstance(down, tuple | list) else ()
    return graph


def known_revisions() -> set[str]:
    return set(revision_graph())


def head_revision() -> str:
    """The one revision no other revision builds on."""
    graph = revision_graph()
    heads = set(graph) - {down for downs in graph.values() for down in downs}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


@dataclass
class Database:
    """An open database: the engine and a factory of sessions. Services own the transactions."""

    engine: Engine
    url: str
    file: Path | None = None  # the SQLite file, when opened from a path

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        if self.file is not None:
            return self.file
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back whole on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:  # full disk, read-only file, locked: a message, not a traceback
            raise DatabaseError(
                f"Không lưu được thay đổi: {_reason(exc)}. Dữ liệu đã lưu trước đó vẫn nguyên vẹn.") from exc
        finally:
            session.close()

    @contextlib.contextmanager
    def load_transaction(self) -> Iterator[Session]:
        """`transaction` for a load that writes most of the file (a large list imported into a
        unit). On an SQLite file that no other connection has open, the transaction keeps a rollback
        journal instead of the WAL: its pages are written once, into the file, rather than into the
        WAL and again into the file at the checkpoint (100,000 members: the commit and close take
        0.07 s instead of 0.17 s). A killed load is rolled back from that journal when the file is next
        opened, as a killed WAL transaction is. With another connection open (the window's own pool,
        a reader), or on a server, it is `transaction` as it is. The file is in WAL mode after."""
        rollback_journal = self.file is not None and self.is_sqlite and self._journal_mode("delete")
        try:
            with self.transaction() as session:
                yield session
        finally:
            if rollback_journal:
                self._journal_mode("wal")

    def _journal_mode(self, mode: str) -> bool:
        """Set SQLite's journal mode; False when it could not be set (another connection has the file
        open: SQLite refuses at once, without waiting; the next connection made sets WAL anyway)."""
        try:
            with self.engine.connect() as connection:
                return str(connection.exec_driver_sql(f"PRAGMA journal_mode={mode}").scalar()).lower() == mode
        except OperationalError:
            return False

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable

    def close(self) -> None:
        self.engine.dispose()


def create_db_engine(target: str | Path | URL) -> Engine:
    url = _url_for(target)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revisions(engine: Engine) -> list[str] | None:
    """The rows of `alembic_version` read with plain SQL, or None when the table does not exist."""
    with engine.connect() as connection:
        try:
            return [str(row[0]) for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
        except SQLAlchemyError:
            return None


def is_at_head(engine: Engine) -> bool:
    return stored_revisions(engine) == [head_revision()]


def open_database(target: str | Path | URL, *, create: bool = True, migrate: bool = True,
                  before_migrating: Callable[[], None] | None = None) -> Database:
    """Open (and create, and upgrade) a database given as a file path or an SQLAlchemy URL.
    `before_migrating` is called only when the schema has to be upgraded, before anything of it
    is written (a caller that may not write yet waits there)."""
    url = _url_for(target)
    if isinstance(url, str) and url.startswith("sqlite:///") and not url.startswith("sqlite:///file:"):
        url = make_url(url)  # an SQLite URL typed by the user: its database is a file path, checked below
    file: Path | None = None
    # A plain file path gets the friendly checks; an SQLite URI (readonly_url's "file:…?mode=ro"), a
    # memory database or a server goes to the driver as is.
    if isinstance(url, URL) and url.get_backend_name() == "sqlite" and url.database and \
            url.database != ":memory:" and not url.database.startswith("file:"):
        path = file = Path(str(url.database)).expanduser().resolve()
        if not path.exists() and not create:
            raise DatabaseError(f"Không tìm thấy tệp dữ liệu: {path}")
        if path.exists() and path.is_dir():
            raise DatabaseError(f"Đường dẫn là một thư mục, không phải tệp dữ liệu: {path}")
        try:
            private_folder(path.parent)
            if path.parent == data_dir():
                make_private(path.parent)  # the app's own folder: private even if an older version made it
        except OSError as exc:
            raise DatabaseError(f"Không tạo được thư mục dữ liệu {path.parent}: {exc.strerror}") from None
        if path.exists() and path.stat().st_size and not _looks_like_sqlite(path):
            raise DatabaseError(f"Tệp không phải cơ sở dữ liệu KH06: {path}")
        try:
            if not path.exists():
                write_private_bytes(path, b"")  # SQLite gives its -wal and -shm the database's mode
            private_database(path)
        except OSError:
            pass  # a read-only folder: opening says so below
    engine = create_db_engine(url)
    try:
        if migrate and not is_at_head(engine):
            if before_migrating is not None:
                before_migrating()
            upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise DatabaseError(f"Không mở được cơ sở dữ liệu: {_reason(exc)}") from None
    if file is not None:
        private_database(file)  # the -wal and -shm the migrations made
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    return Database(engine, text, file)


def _stored_revision(engine: Engine) -> str | None:
    """The database's revision read directly (None when it has no version table yet)."""
    with engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
        except SQLAlchemyError:
            return None
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; refuse a database from a newer app version."""
    if revision == "head":
        try:
            if _stored_revision(engine) == head_revision():
                return  # up to date: no need to load Alembic and every migration script
        except RuntimeError:
            pass  # several heads: Alembic says what is wrong
    from alembic import command

    existing = current_revision(engine)
    if existing is not None and existing not in known_revisions():
        raise DatabaseError(
            "Cơ sở dữ liệu được tạo bởi phiên bản KH06 Desktop mới hơn; "
            "hãy cập nhật phần mềm trước khi mở tệp này"
        )
    command.upgrade(alembic_config(engine), revision)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc) or exc)
    if "readonly" in text or "read-only" in text:
        return "thư mục hoặc tệp chỉ cho đọc"
    if "disk is full" in text or "No space" in text:
        return "ổ đĩa đã đầy"
    if "locked" in text:
        return "tệp đang bị một chương trình khác khóa"
    if "not a database" in text:
        return "tệp không phải cơ sở dữ liệu"
    return text.splitlines()[0][:200]
