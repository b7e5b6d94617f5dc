"""An optional password for opening the app.

Only an Argon2id hash is stored (setting `password_hash`), made by argon2-cffi's PasswordHasher:
a random salt per hash and a memory-hard key derivation, so a copied database does not give the
password away and guessing it costs memory as well as time. The password guards the window,
not the file: anyone who can copy the database file can read it with other tools (see
docs/data-safety.vi.md), so the file itself must be kept on an account only the union uses.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting

KEY = "password_hash"
MIN_LENGTH = 6
MAX_LENGTH = 200

_hasher = PasswordHasher()  # Argon2id with the library's current recommended cost


def _stored_hash(db: Database) -> str:
    with db.reading() as session:
        return session.scalar(select(Setting.value).where(Setting.key == KEY)) or ""


def has_password(db: Database) -> bool:
    return bool(_stored_hash(db))


def _normal(password: str) -> str:
    # NFC so that "ễ" typed as one or as two code points is the same password; spaces are kept.
    return unicodedata.normalize("NFC", password)


def _store(db: Database, value: str, summary: str) -> None:
    with db.transaction() as session:
        row = session.get(Setting, KEY)
        if row is None:
            session.add(Setting(key=KEY, value=value))
        else:
            row.value = value
        # The audit trail says that the password changed, never the hash or the password.
        audit.record(session, "update", "setting", None, summary=summary)


def verify_password(db: Database, password: str) -> bool:
    """True when no password is set, or when `password` is the one set."""
    stored = _stored_hash(db)
    if not stored:
        return True
    try:
        _hasher.verify(stored, _normal(password))
    except VerifyMismatchError:
        return False
    except (VerificationError, InvalidHashError):
        return False  # a damaged hash never opens the app; removing it needs the file owner
    if _hasher.check_needs_rehash(stored):  # library defaults grew stronger: upgrade quietly
        _store(db, _hasher.hash(_normal(password)), "Cập nhật cách lưu mật khẩu")
    return True


def _check_new(password: str, repeat: str) -> str:
    if password != repeat:
        raise InvalidInput("Hai lần nhập mật khẩu mới không giống nhau", [("repeat", "Không khớp")])
    clean = _normal(password)
    if len(clean) < MIN_LENGTH:
        raise InvalidInput(f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự", [("password", "Quá ngắn")])
    if len(clean) > MAX_LENGTH:
        raise InvalidInput(f"Mật khẩu dài quá {MAX_LENGTH} ký tự", [("password", "Quá dài")])
    return clean


def _require_current(db: Database, current: str | None) -> None:
    if has_password(db) and not verify_password(db, current or ""):
        raise InvalidInput("Mật khẩu hiện tại không đúng", [("current", "Không đúng")])


def set_password(db: Database, new: str, repeat: str, current: str | None = None) -> None:
    """Set or change the password; changing it needs the current one."""
    clean = _check_new(new, repeat)
    _require_current(db, current)
    changing = has_password(db)
    _store(db, _hasher.hash(clean), "Đổi mật khẩu mở phần mềm" if changing else "Đặt mật khẩu mở phần mềm")


def remove_password(db: Database, current: str) -> None:
    """Open the app without a password from now on (needs the current one)."""
    _require_current(db, current)
    _store(db, "", "Bỏ mật khẩu mở phần mềm")
