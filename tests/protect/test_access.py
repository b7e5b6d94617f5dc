"""The optional password: stored only as an Argon2id hash, verified, changed, removed."""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.low_level import Type
from sqlalchemy import select

from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.common.settings import get_setting
from kh06_desktop.services.protect import access
from kh06_desktop.store.models import AuditEntry

SECRET = "Công đoàn 2025!"


def test_no_password_means_open(db) -> None:
    assert not access.has_password(db)
    assert access.verify_password(db, "")


def test_stored_as_argon2id_hash_never_plain(db) -> None:
    access.set_password(db, SECRET, SECRET)
    stored = get_setting(db, "password_hash")
    assert stored.startswith("$argon2id$")
    assert SECRET not in stored and SECRET.encode().hex() not in stored
    assert not PasswordHasher().check_needs_rehash(stored)  # the library's current recommended cost
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID and parameters.memory_cost >= 19 * 1024  # memory-hard (≥ 19 MiB)
    # Same password twice gives different hashes: a random salt each time.
    access.set_password(db, SECRET, SECRET, current=SECRET)
    assert get_setting(db, "password_hash") != stored
    with db.reading() as session:
        trail = " ".join(filter(None, session.scalars(select(AuditEntry.summary))))
        values = " ".join(filter(None, session.scalars(select(AuditEntry.new_values))))
    assert "Đặt mật khẩu" in trail and "Đổi mật khẩu" in trail
    assert "argon2" not in values and SECRET not in values


def test_verify_right_and_wrong(db) -> None:
    access.set_password(db, SECRET, SECRET)
    assert access.verify_password(db, SECRET)
    assert not access.verify_password(db, "công đoàn 2025!")
    assert not access.verify_password(db, "")
    decomposed = unicodedata.normalize("NFD", SECRET)  # typed with combining marks
    assert access.verify_password(db, decomposed)


def test_change_and_remove_need_the_current_password(db) -> None:
    access.set_password(db, SECRET, SECRET)
    with pytest.raises(InvalidInput, match="hiện tại không đúng"):
        access.set_password(db, "mới123456", "mới123456", current="sai")
    with pytest.raises(InvalidInput, match="hiện tại không đúng"):
        access.remove_password(db, "sai")
    access.set_password(db, "mới123456", "mới123456", current=SECRET)
    assert access.verify_password(db, "mới123456") and not access.verify_password(db, SECRET)
    access.remove_password(db, "mới123456")
    assert not access.has_password(db) and get_setting(db, "password_hash") == ""


def test_new_password_rules(db) -> None:
    with pytest.raises(InvalidInput, match="không giống nhau"):
        access.set_password(db, "abcdef1", "abcdef2")
    with pytest.raises(InvalidInput, match="ít nhất"):
        access.set_password(db, "abc", "abc")
    assert not access.has_password(db)


def test_a_damaged_hash_never_opens(db) -> None:
    from kh06_desktop.services.common.settings import set_setting

    set_setting(db, "password_hash", "$argon2id$garbage")
    assert access.has_password(db)
    assert not access.verify_password(db, "anything")
