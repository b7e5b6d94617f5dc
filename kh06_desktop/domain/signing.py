"""Ed25519 keys of a database and signatures of data files (DESIGN 6.3, "Authenticity").

Keys travel as base64 text: the private key as its 32 raw bytes (kept in the database's
settings), the public key as its 32 raw bytes (in `manifest.json` as `signing_key`), the
signature as its 64 raw bytes (the archive member `manifest.sig`). The fingerprint shown to
people is the first 16 hex digits of the SHA-256 of the raw public key, in groups of four.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat


class SigningKeyError(ValueError):
    """A key or signature that is not valid base64 of the right length."""


def new_private_key() -> str:
    """A fresh private key, base64 of its 32 raw bytes."""
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def _decode(text: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        raise SigningKeyError(f"{what} không phải base64 hợp lệ") from None
    if len(raw) != size:
        raise SigningKeyError(f"{what} phải dài {size} byte (có {len(raw)})")
    return raw


def _private(private_key: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_decode(private_key, 32, "Khóa bí mật"))


def public_key_of(private_key: str) -> str:
    raw = _private(private_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign(private_key: str, message: bytes) -> str:
    """base64 of the 64-byte signature of `message`."""
    return base64.b64encode(_private(private_key).sign(message)).decode("ascii")


def verify(public_key: str, message: bytes, signature: str) -> bool:
    """True when `signature` (base64) is `public_key`'s signature of exactly `message`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(_decode(public_key, 32, "Khóa công khai"))
        key.verify(_decode(signature, 64, "Chữ ký"), message)
    except (SigningKeyError, InvalidSignature, ValueError):
        return False
    return True


def is_public_key(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        _decode(text, 32, "Khóa công khai")
    except SigningKeyError:
        return False
    return True


def fingerprint(public_key: str) -> str:
    """'3f2a 9c01 7b44 e0d2': what people compare on paper and on screen."""
    try:
        raw = base64.b64decode(public_key.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        raw = public_key.encode("utf-8", "replace")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
