"""The review file (`.kh06r`, DESIGN 6.4): the upper level's answer to a unit's submission.

A zip of `manifest.json` (who answers, which unit, period, revision and data file, the SHA-256 of
`review.json`, the upper level's public key), `manifest.sig` (the Ed25519 signature of the exact
bytes of `manifest.json`) and `review.json` (status, comments, reviewer). Read with the same rules
as a `.kh06` file: bounded sizes, plain member names, exactly the listed members, digests, closed
JSON Schemas (resources/schema/kh06-review*.schema.json) and a valid signature. Whether the key is
the upper level's the unit already knows is decided by the unit (services/exchange/reviews.py).
The layout is documented in docs/data-file-format.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kh06_desktop import __version__
from kh06_desktop.domain.signing import public_key_of, sign, verify
from kh06_desktop.exchange.datafile import MANIFEST_NAME, SIGNATURE_NAME, encode_json, write_bytes_atomically
from kh06_desktop.exchange.datafile_checks import FileRefused
from kh06_desktop.exchange.datafile_reader import _read_member, _unsafe, check_schema

FORMAT = "kh06-review"
FORMAT_VERSION = 1
REVIEW_NAME = "review.json"
FILE_SUFFIX = ".kh06r"
MEMBERS = (MANIFEST_NAME, SIGNATURE_NAME, REVIEW_NAME)

MAX_ARCHIVE_BYTES = 2 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024

ACCEPTED = "accepted"
NEEDS_CORRECTION = "needs_correction"
STATUS_LABELS = {ACCEPTED: "Chấp nhận", NEEDS_CORRECTION: "Cần điều chỉnh"}
RECORD_KINDS = {"member": "Đoàn viên", "training": "Lớp tập huấn", "study_session": "Buổi học tập",
                "hardship_case": "Trường hợp khó khăn", "activity": "Hoạt động"}

# Control characters (a terminal escape, an RTL override) never reach a screen or a terminal;
# line breaks and tabs in comments are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = _CONTROL.sub("", value).strip()
    return text or None


@dataclass(frozen=True, slots=True)
class RecordComment:
    kind: str  # one of RECORD_KINDS
    name: str  # the member's full name, the training's title…
    text: str

    @property
    def label(self) -> str:
        return f"{RECORD_KINDS.get(self.kind, self.kind)} «{self.name}»"


@dataclass(frozen=True, slots=True)
class ReviewContent:
    status: str
    comment: str | None
    indicator_comments: dict[str, str]
    record_comments: tuple[RecordComment, ...]
    reviewer_name: str | None
    reviewer_title: str | None
    date: dt.date

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_json_dict(self) -> dict[str, Any]:
        return {"status": self.status, "comment": self.comment, "indicator_comments": dict(self.indicator_comments),
                "record_comments": [{"kind": c.kind, "name": c.name, "text": c.text} for c in self.record_comments],
                "reviewer_name": self.reviewer_name, "reviewer_title": self.reviewer_title,
                "date": self.date.isoformat()}


@dataclass(frozen=True, slots=True)
class ReviewTarget:
    """What the review answers: the upper level, and the unit's submission."""

    upper_code: str
    upper_name: str
    unit_code: str
    period: str
    revision: int
    file_sha256: str


@dataclass(frozen=True, slots=True)
class ReviewFile:
    name: str  # the file name shown to the user
    sha256: str  # of the whole archive
    target: ReviewTarget
    signing_key: str  # the upper level's public key (base64), whose signature was verified
    generated_at: str
    content: ReviewContent


def review_archive(target: ReviewTarget, content: ReviewContent, private_key: str,
                   generated_at: dt.datetime | None = None) -> bytes:
    """The signed archive's bytes."""
    body = encode_json(content.to_json_dict())
    when = (generated_at or dt.datetime.now().astimezone()).replace(microsecond=0)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "upper_code": target.upper_code, "upper_name": target.upper_name,
        "signing_key": public_key_of(private_key),
        "unit_code": target.unit_code, "period": target.period, "revision": target.revision,
        "file_sha256": target.file_sha256, "generated_at": when.isoformat(), "app_version": __version__,
        "files": {REVIEW_NAME: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}},
    }
    manifest_bytes = encode_json(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, manifest_bytes)
        archive.writestr(SIGNATURE_NAME, sign(private_key, manifest_bytes).encode("ascii"))
        archive.writestr(REVIEW_NAME, body)
    return buffer.getvalue()


def write_review_file(path: str | Path, target: ReviewTarget, content: ReviewContent, private_key: str,
                      generated_at: dt.datetime | None = None) -> tuple[Path, str]:
    """Write the signed review atomically; returns the path and the archive's SHA-256."""
    body = review_archive(target, content, private_key, generated_at)
    written = write_bytes_atomically(path, body, {})
    return written.path, written.sha256


def suggested_review_name(unit_code: str, period: str, revision: int) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in unit_code)
    return f"PhanHoi-{safe}-{period}-lan{revision}{FILE_SUFFIX}"


# --- reading ----------------------------------------------------------------------------------

def _refuse(message: str, code: str) -> FileRefused:
    return FileRefused(message, code)


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if any(_unsafe(name) for name in names):
        raise _refuse("Phiếu phản hồi chứa đường dẫn không an toàn: không nhận", "unsafe_path")
    if sorted(names) != sorted(MEMBERS):
        raise _refuse("Phiếu phản hồi phải có đúng ba thành phần (manifest.json, manifest.sig, review.json): "
                      "tệp đã bị sửa hoặc không phải phiếu phản hồi KH06", "not_kh06")
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise _refuse(f"Thành phần «{info.filename}» nén hoặc mã hóa theo cách lạ: không nhận", "unreadable")
        if info.file_size > MAX_MEMBER_BYTES:
            raise _refuse(f"Thành phần «{info.filename}» quá lớn khi giải nén: có thể là tệp độc hại, không nhận",
                          "too_large")
    return {info.filename: info for info in infos}


def _json(body: bytes, member: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(pairs)

    try:
        return json.loads(body, object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(f"{member} của phiếu phản hồi không phải JSON hợp lệ", "schema") from None


def _content(review: dict[str, Any]) -> ReviewContent:
    try:
        day = dt.date.fromisoformat(review["date"])
    except ValueError:
        raise _refuse("review.json có ngày phản hồi không hợp lệ", "schema") from None
    comments = {key: text for key, value in review["indicator_comments"].items()
                if (text := clean_text(value)) is not None}
    records = tuple(RecordComment(c["kind"], name, text) for c in review["record_comments"]
                    if (name := clean_text(c["name"])) and (text := clean_text(c["text"])))
    return ReviewContent(review["status"], clean_text(review["comment"]), comments, records,
                         clean_text(review["reviewer_name"]), clean_text(review["reviewer_title"]), day)


def read_review_file(source: str | Path | bytes, name: str | None = None) -> ReviewFile:
    """Read and check a `.kh06r` file; raise FileRefused with a Vietnamese reason otherwise."""
    if isinstance(source, bytes):
        raw, shown = source, name or "phiếu phản hồi"
    else:
        path = Path(source)
        shown = name or path.name
        try:
            if path.stat().st_size > MAX_ARCHIVE_BYTES:
                raise _refuse("Tệp quá lớn để là phiếu phản hồi KH06", "too_large")
            raw = path.read_bytes()
        except OSError as exc:
            raise _refuse(f"Không đọc được tệp: {exc.strerror or exc}", "unreadable") from None
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise _refuse("Tệp quá lớn để là phiếu phản hồi KH06", "too_large")
    if not raw.startswith(b"PK"):
        raise _refuse("Tệp không phải phiếu phản hồi KH06 (không phải tệp nén .kh06r)", "not_zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse("Tệp phiếu phản hồi bị hỏng (tệp nén không đọc được)", "not_zip") from None
    with archive:
        infos = _members(archive)
        budget = [3 * MAX_MEMBER_BYTES]
        manifest_bytes = _read_member(archive, infos[MANIFEST_NAME], budget)
        manifest = _json(manifest_bytes, "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _refuse("Tệp không phải phiếu phản hồi KH06 (manifest.json của loại tệp khác)", "not_kh06")
        version = manifest.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise _refuse(f"Phiếu phản hồi theo định dạng phiên bản {version}, mới hơn phiên bản mà phần mềm này "
                          "đọc được: hãy cập nhật KH06 Desktop", "newer_version")
        check_schema("review-manifest", manifest, "manifest.json")
        signature = _read_member(archive, infos[SIGNATURE_NAME], budget)
        if not verify(manifest["signing_key"], manifest_bytes, signature.decode("ascii", "replace")):
            raise _refuse("Chữ ký của phiếu phản hồi không khớp: tệp đã bị sửa sau khi cấp trên ký", "signature")
        body = _read_member(archive, infos[REVIEW_NAME], budget)
    expected = manifest["files"][REVIEW_NAME]
    if len(body) != expected["size"] or hashlib.sha256(body).hexdigest() != expected["sha256"]:
        raise _refuse("Mã kiểm tra của review.json không khớp: phiếu phản hồi đã bị sửa hoặc hỏng", "digest")
    review = _json(body, "review.json")
    check_schema("review", review, "review.json")
    target = ReviewTarget(str(clean_text(manifest["upper_code"])), str(clean_text(manifest["upper_name"])),
                          str(clean_text(manifest["unit_code"])), manifest["period"], manifest["revision"],
                          manifest["file_sha256"])
    return ReviewFile(shown, hashlib.sha256(raw).hexdigest(), target, manifest["signing_key"],
                      manifest["generated_at"], _content(review))
