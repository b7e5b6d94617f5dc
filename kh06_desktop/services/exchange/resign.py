"""`kh06 sign`: sign a data file built by another tool with this database's key, so that the
upper level can pin and check it like a file exported here (DESIGN 6.3, "Authenticity").

The archive's members other than the manifest are kept byte for byte; the manifest gets this
database's public key (`signing_key`) and the current format version, and `manifest.sig` is made
over its new bytes. The result is then read back with every check of the upper level (digests,
schema, recomputed figures, signature) before it replaces the file, so nothing unacceptable is
signed.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kh06_desktop.domain.signing import fingerprint, public_key_of
from kh06_desktop.exchange.datafile import (
    FORMAT_VERSION,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    build_archive,
    write_bytes_atomically,
)
from kh06_desktop.exchange.datafile_checks import FileRefused
from kh06_desktop.exchange.datafile_reader import MAX_ARCHIVE_BYTES, read_datafile
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.common.signing import private_key
from kh06_desktop.store.database import Database


@dataclass(frozen=True, slots=True)
class SignResult:
    path: Path
    sha256: str
    fingerprint: str


def sign_datafile(db: Database, path: str | Path) -> SignResult:
    target = Path(path)
    raw = target.read_bytes() if target.stat().st_size <= MAX_ARCHIVE_BYTES else b""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [info.filename for info in archive.infolist()]
            if MANIFEST_NAME not in names:
                raise InvalidInput(f"Tệp {target.name} thiếu manifest.json: không phải tệp dữ liệu KH06")
            manifest = json.loads(archive.read(MANIFEST_NAME))
            members = {name: archive.read(name) for name in names if name not in (MANIFEST_NAME, SIGNATURE_NAME)}
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        raise InvalidInput(f"Tệp {target.name} không phải tệp dữ liệu KH06 hợp lệ") from None
    if not isinstance(manifest, dict):
        raise InvalidInput(f"Tệp {target.name}: manifest.json không hợp lệ")
    key = private_key(db)
    manifest = {**manifest, "format_version": FORMAT_VERSION, "signing_key": public_key_of(key)}
    body = build_archive(manifest, members, key)
    try:
        read_datafile(body, target.name)
    except FileRefused as exc:
        raise InvalidInput(f"Không ký tệp {target.name}: {exc.reason}") from None
    written = write_bytes_atomically(target, body, manifest)
    return SignResult(written.path, written.sha256, fingerprint(public_key_of(key)))
