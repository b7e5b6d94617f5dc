"""Opening a database: engine, SQLite pragmas, migrations to the current schema, sessions.

SQLite runs in WAL mode with synchronous=FULL: a committed transaction survives a power cut
and a killed process never leaves a half-written one. Foreign keys are on for every
connection. Migrations are applied when a database is opened; a database written by a newer
version of the app is refused rather than guessed at.
"""

from __future__ import annotations

import ast
import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database cannot be used; the message is Vietnamese, for the user."""


def _url_for(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def script_heads() -> set[str] | None:
    """The head revisions of the migration scripts, read from their `revision = …` and
    `down_revision = …` lines without importing Alembic or the scripts (opening a database that is
    up to date then costs a file listing); None when a script cannot be read that way."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for script in (MIGRATIONS / "versions").glob("*.py"):
            if script.name.startswith("__"):
                continue
            found = dict((key, value.strip()) for key, value in _REVISION_LINE.findall(script.read_text("utf-8")))
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
            revisions.add(str(revision))
            parents.update([down] if isinstance(down, str) else [str(d) for d in down or ()])
    except (OSError, KeyError, ValueError, SyntaxError):
        return None
    return revisions - parents if revisions else None


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@dataclass
class Database:
    """An open database: the engine and a factory of sessions. Services own the transactions."""

    engine: Engine
    url: str

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
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
    def reading(self) -> Iterator[Session]:
        """A session for queries only."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable

    def close(self) -> None:
        self.engine.dispose()


def create_db_engine(target: str | Path) -> Engine:
    url = _url_for(target)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(target: str | Path, *, create: bool = True, migrate: bool = True) -> Database:
    """Open (and create, and upgrade) a database given as a file path or an SQLAlchemy URL."""
    url = _url_for(target)
    # A plain file path gets the friendly checks; an SQLite URI ("file:…?mode=ro") goes to the driver as is.
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///file:"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists() and not create:
            raise DatabaseError(f"Không tìm thấy tệp dữ liệu: {path}")
        if path.exists() and path.is_dir():
            raise DatabaseError(f"Đường dẫn là một thư mục, không phải tệp dữ liệu: {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Không tạo được thư mục dữ liệu {path.parent}: {exc.strerror}") from None
        if path.exists() and path.stat().st_size and not _looks_like_sqlite(path):
            raise DatabaseError(f"Tệp không phải cơ sở dữ liệu KH06: {path}")
    engine = create_db_engine(url)
    try:
        if migrate:
            upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise DatabaseError(f"Không mở được cơ sở dữ liệu: {_reason(exc)}") from None
    return Database(engine, url)


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
        heads = script_heads()
        if heads is not None and len(heads) == 1 and _stored_revision(engine) in heads:
            return  # up to date: no need to load Alembic and every migration script
    from alembic import command
    from alembic.script import ScriptDirectory

    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    existing = current_revision(engine)
    if existing is not None and existing not in known:
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
