"""Writing the `.kh06` data file (DESIGN 6.3): a zip with `manifest.json` and `data.json`.

The manifest names the sender, the period and its revision, and carries the SHA-256 of every
other member and the sender's public key; `manifest.sig` is the Ed25519 signature of the exact
bytes of `manifest.json` (format version 2). Digests alone catch accidents; the signature, with
the key the upper level pinned for the unit, catches a file edited after export.
Pure: the caller gathers `data` (see services/exchange.py) and records the export.
The layout is documented in docs/data-file-format.md; the JSON Schemas in resources/schema/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kh06_desktop import __version__
from kh06_desktop.domain.signing import public_key_of, sign

FORMAT = "kh06-export"
FORMAT_VERSION = 2  # 2: signing_key in the manifest and the manifest.sig member
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
DATA_NAME = "data.json"
FILE_SUFFIX = ".kh06"


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    sha256: str  # of the whole archive, as the upper level records it
    size: int
    manifest: dict[str, Any]


def encode_json(value: Any) -> bytes:
    """Compact UTF-8 JSON (Vietnamese stays readable, not \\u-escaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_manifest(data_bytes: bytes, *, unit_code: str, unit_name: str, period: str, revision: int,
                   personal_data: bool, signing_key: str, generated_at: dt.datetime | None = None,
                   extra_files: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The manifest; `signing_key` is the sender's public key (base64)."""
    when = (generated_at or dt.datetime.now().astimezone()).replace(microsecond=0)
    members = {DATA_NAME: data_bytes, **(extra_files or {})}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "unit_code": unit_code,
        "unit_name": unit_name,
        "period": period,
        "revision": revision,
        "generated_at": when.isoformat(),
        "app_version": __version__,
        "personal_data": personal_data,
        "signing_key": signing_key,
        "files": {name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
                  for name, body in members.items()},
    }


def build_archive(manifest: dict[str, Any], members: dict[str, bytes], private_key: str | None = None,
                  manifest_bytes: bytes | None = None) -> bytes:
    """The zip bytes: manifest first, its signature by `private_key` (when given), then the
    members it lists, deflated. `manifest_bytes` keeps a manifest's exact bytes (re-signing)."""
    body_of_manifest = manifest_bytes if manifest_bytes is not None else encode_json(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MANIFEST_NAME, body_of_manifest)
        if private_key is not None:
            archive.writestr(SIGNATURE_NAME, sign(private_key, body_of_manifest).encode("ascii"))
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def archive_bytes(data: dict[str, Any], *, unit_code: str, unit_name: str, period: str, revision: int,
                  personal_data: bool, private_key: str,
                  generated_at: dt.datetime | None = None) -> tuple[bytes, dict[str, Any]]:
    """The signed archive of `data` and its manifest; `private_key` is the sender's (base64)."""
    data_bytes = encode_json(data)
    manifest = build_manifest(data_bytes, unit_code=unit_code, unit_name=unit_name, period=period,
                              revision=revision, personal_data=personal_data, signing_key=public_key_of(private_key),
                              generated_at=generated_at)
    return build_archive(manifest, {DATA_NAME: data_bytes}, private_key), manifest


def write_datafile(path: str | Path, data: dict[str, Any], *, unit_code: str, unit_name: str, period: str,
                   revision: int, personal_data: bool, private_key: str,
                   generated_at: dt.datetime | None = None) -> WrittenFile:
    """Write the signed archive atomically: a half-written file never carries the final name."""
    body, manifest = archive_bytes(data, unit_code=unit_code, unit_name=unit_name, period=period,
                                   revision=revision, personal_data=personal_data, private_key=private_key,
                                   generated_at=generated_at)
    return write_bytes_atomically(path, body, manifest)


def write_bytes_atomically(path: str | Path, body: bytes, manifest: dict[str, Any]) -> WrittenFile:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".kh06-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return WrittenFile(target, hashlib.sha256(body).hexdigest(), len(body), manifest)


def suggested_file_name(unit_code: str, period: str, revision: int) -> str:
    from kh06_desktop.domain.file_names import safe_file_part

    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in safe_file_part(unit_code))
    return f"{safe}_{period}_r{revision}{FILE_SUFFIX}"
