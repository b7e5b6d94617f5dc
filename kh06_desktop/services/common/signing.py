"""This database's signing key (DESIGN 6.3, "Authenticity"): an Ed25519 key pair made when the
unit or the upper level is set up (migration 0010 gives older databases one), its private half
kept in the settings (`signing_key`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kh06_desktop.domain.signing import fingerprint, new_private_key, public_key_of, sign, verify
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting

__all__ = ["SETTING_KEY", "database_public_key", "ensure_key_in", "fingerprint", "private_key", "sign", "verify"]

SETTING_KEY = "signing_key"


def ensure_key_in(session: Session) -> str:
    """The private key (base64), made and stored now if the database has none."""
    row = session.get(Setting, SETTING_KEY)
    if row is None or not row.value:
        value = new_private_key()
        if row is None:
            session.add(Setting(key=SETTING_KEY, value=value))
        else:
            row.value = value
        session.flush()
        return value
    return row.value


def private_key(db: Database) -> str:
    with db.reading() as session:
        row = session.get(Setting, SETTING_KEY)
        if row is not None and row.value:
            return row.value
    with db.transaction() as session:
        return ensure_key_in(session)


def database_public_key(db: Database) -> str:
    return public_key_of(private_key(db))
