"""Reading a `.kh06` data file safely, and refusing it with a Vietnamese reason when it is not
what it claims to be.

The file comes from outside (an e-mail, a USB stick), so nothing in it is trusted:
- it must be a zip whose member names are plain file names (no absolute or `..` paths);
- the number of members and their sizes are bounded, read from the zip directory first and
  then enforced again while decompressing (a zip bomb can lie in its directory);
- `manifest.json` must be ours, of a format version this app knows (2: signed), and list the
  SHA-256 of every other member, which must match (an edited file is refused);
- `manifest.sig` must be the Ed25519 signature of the exact bytes of `manifest.json` by the
  key the manifest names (`signing_key`); whether that key is the unit's is decided by the
  consolidation, which pins each unit's key;
- `data.json` must follow resources/schema/kh06-data.schema.json (checked with a compiled
  validator: ~20x faster than `jsonschema` on a 200-member file) and be coherent: references
  resolve, dates exist, and it names the same unit, period and revision as the manifest.

`read_datafile` returns a `DataFile` whose `data` has its dates turned into `datetime.date`, or
raises `FileRefused`. Checks that need the database (registered units, revisions, one batch)
belong to services/consolidation.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from kh06_desktop.domain.recompute import check_claimed_figures
from kh06_desktop.domain.signing import verify
from kh06_desktop.exchange.datafile import DATA_NAME, FORMAT, FORMAT_VERSION, MANIFEST_NAME, SIGNATURE_NAME
from kh06_desktop.exchange.datafile_checks import FileRefused, check_coherence
from kh06_desktop.paths import resources_dir

# Sane limits: a unit of 20,000 members makes a data.json of ~8 MB.
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 8
MAX_MANIFEST_BYTES = 64 * 1024
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024

_MB = 1024 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class DataFile:
    name: str  # the file name shown to the user
    sha256: str  # of the whole archive
    manifest: dict[str, Any]
    data: dict[str, Any]  # dates already parsed into datetime.date

    @property
    def unit_code(self) -> str:
        return str(self.manifest["unit_code"])

    @property
    def unit_name(self) -> str:
        return str(self.manifest["unit_name"])

    @property
    def period(self) -> str:
        return str(self.manifest["period"])

    @property
    def revision(self) -> int:
        return int(self.manifest["revision"])

    @property
    def generated_at(self) -> str:
        return str(self.manifest["generated_at"])

    @property
    def signing_key(self) -> str:
        """The public key (base64) whose signature of the manifest was verified."""
        return str(self.manifest["signing_key"])


# --- schemas, compiled once -----------------------------------------------------------------

def schema_path(kind: str) -> Path:
    return resources_dir() / "schema" / f"kh06-{kind}.schema.json"


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with its local `#/definitions/…` references written out in place.

    Same meaning; but fastjsonschema's code for a `$ref` builds the JSON path of every value it
    checks with `str.format(**locals())`, which made a 200-member file cost ~50 ms to check
    instead of ~5 ms. The shipped schema keeps its references for readers."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            target = _inline_refs(definitions[ref.removeprefix("#/definitions/")], definitions)
            return {**target, **{k: _inline_refs(v, definitions) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, definitions) for k, v in node.items() if k != "definitions"}
    if isinstance(node, list):
        return [_inline_refs(v, definitions) for v in node]
    return node


@cache
def validator(kind: str) -> Callable[[Any], Any]:
    """The compiled validator of the `manifest` or `data` schema (compiled on first use)."""
    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return fastjsonschema.compile(_inline_refs(schema, schema.get("definitions", {})))


_TYPE_NAMES = {"string": "chuỗi ký tự", "integer": "số nguyên", "number": "số", "boolean": "true/false",
               "object": "đối tượng JSON", "array": "danh sách", "null": "null"}


def _json_path(exc: fastjsonschema.JsonSchemaValueException) -> str:
    name = exc.name or "data"
    return "$" + name[len("data"):] if name.startswith("data") else name


def _schema_problem(exc: fastjsonschema.JsonSchemaValueException) -> str:
    rule, limit, value = exc.rule, exc.rule_definition, exc.value
    definition = exc.definition if isinstance(exc.definition, dict) else {}
    if rule == "type":
        kinds = limit if isinstance(limit, list) else [limit]
        return "phải là " + " hoặc ".join(_TYPE_NAMES.get(k, str(k)) for k in kinds)
    if rule == "required":
        missing = [key for key in limit if not isinstance(value, dict) or key not in value]
        return "thiếu trường bắt buộc " + ", ".join(f"«{key}»" for key in missing)
    if rule == "additionalProperties":
        allowed = definition.get("properties", {})
        extra = [key for key in value if key not in allowed] if isinstance(value, dict) else []
        return "có trường không được phép " + ", ".join(f"«{key}»" for key in extra[:5])
    if rule == "maxLength":
        return f"dài quá {limit} ký tự"
    if rule == "minLength":
        return "không được để trống" if limit == 1 else f"phải có ít nhất {limit} ký tự"
    if rule == "pattern":
        hint = " (ngày viết dạng YYYY-MM-DD)" if "[0-9]{2}-[0-9]{2}" in str(limit) else ""
        return f"không đúng dạng{hint}"
    if rule in ("enum", "const"):
        options = limit if isinstance(limit, list) else [limit]
        return "phải là một trong: " + ", ".join(json.dumps(o, ensure_ascii=False) for o in options)
    if rule == "minimum":
        return f"phải lớn hơn hoặc bằng {limit}"
    if rule == "maximum":
        return f"phải nhỏ hơn hoặc bằng {limit}"
    if rule == "maxItems":
        return f"có quá nhiều phần tử (tối đa {limit})"
    if rule == "minItems":
        return f"phải có ít nhất {limit} phần tử"
    if rule in ("maxProperties", "minProperties"):
        return "có số trường không hợp lệ"
    return "không hợp lệ"


def check_schema(kind: str, value: Any, member: str) -> None:
    try:
        validator(kind)(value)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise FileRefused(f"{member} sai cấu trúc tại {_json_path(exc)}: {_schema_problem(exc)}", "schema") from None


# --- the archive ----------------------------------------------------------------------------

def _unsafe(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part in ("..", ".") for part in name.split("/"))


def _open_zip(raw: bytes) -> zipfile.ZipFile:
    if not raw.startswith(b"PK"):
        raise FileRefused("Tệp không phải tệp dữ liệu KH06 (không phải tệp nén .kh06)", "not_zip")
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRefused("Tệp không phải tệp dữ liệu KH06 hợp lệ (tệp nén bị hỏng hoặc không phải zip)",
                          "not_zip") from None


def _check_directory(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise FileRefused(f"Tệp chứa quá nhiều thành phần ({len(infos)}, tối đa {MAX_MEMBERS}): có thể là tệp "
                          "độc hại, không nhận", "too_many_members")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if _unsafe(info.filename):
            raise FileRefused(f"Tệp chứa đường dẫn không an toàn «{info.filename}» (đường dẫn tuyệt đối hoặc "
                              "«..»): không nhận", "unsafe_path")
        if info.filename in by_name:
            raise FileRefused(f"Tệp chứa hai thành phần cùng tên «{info.filename}»", "unsafe_path")
        if not _SAFE_NAME.match(info.filename):
            raise FileRefused(f"Tệp chứa thành phần lạ «{info.filename}»", "unsafe_path")
        if info.flag_bits & 0x1:
            raise FileRefused(f"Thành phần «{info.filename}» bị mã hóa: phần mềm không đọc được", "unreadable")
        limit = MAX_MANIFEST_BYTES if info.filename == MANIFEST_NAME else MAX_MEMBER_BYTES
        if info.file_size > limit:
            raise FileRefused(f"Thành phần «{info.filename}» quá lớn khi giải nén ({info.file_size // _MB} MB, "
                              f"tối đa {limit // _MB or 1} MB): có thể là tệp độc hại, không nhận", "too_large")
        by_name[info.filename] = info
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise FileRefused(f"Tổng dung lượng giải nén quá lớn ({total // _MB} MB, tối đa {MAX_TOTAL_BYTES // _MB} "
                          "MB): có thể là tệp độc hại, không nhận", "too_large")
    if MANIFEST_NAME not in by_name:
        raise FileRefused("Tệp thiếu manifest.json: không phải tệp dữ liệu KH06", "not_kh06")
    return by_name


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """Decompress at most what the directory declared (and the remaining total budget) + 1 byte:
    a member that inflates beyond its declared size is refused before it fills the memory."""
    limit = min(info.file_size, budget[0])
    try:
        with archive.open(info) as stream:
            body = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise FileRefused(f"Thành phần «{info.filename}» bị hỏng, không giải nén được", "unreadable") from None
    if len(body) > limit or len(body) != info.file_size:
        raise FileRefused(f"Thành phần «{info.filename}» có kích thước thật khác với khai báo: có thể là tệp "
                          "độc hại, không nhận", "too_large")
    budget[0] -= len(body)
    return body


def _load_json(body: bytes, member: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FileRefused(f"{member} không phải JSON hợp lệ", "schema") from None


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise FileRefused("manifest.json không phải của tệp dữ liệu KH06", "not_kh06")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise FileRefused(f"Tệp theo định dạng phiên bản {version}, mới hơn phiên bản {FORMAT_VERSION} mà phần "
                          "mềm này đọc được: hãy cập nhật KH06 Desktop", "newer_version")
    if isinstance(version, int) and not isinstance(version, bool) and version < FORMAT_VERSION:
        raise FileRefused(f"Tệp theo định dạng phiên bản {version}, chưa có chữ ký của đơn vị: hãy đề nghị đơn vị "
                          "cập nhật KH06 Desktop rồi xuất lại tệp (hoặc ký tệp bằng «kh06 sign»)", "unsigned")
    check_schema("manifest", manifest, "manifest.json")


def read_datafile(source: str | Path | bytes, name: str | None = None) -> DataFile:
    """Read and check one data file; raise FileRefused with the reason when it is not acceptable."""
    if isinstance(source, bytes):
        raw, shown = source, name or "tệp"
    else:
        path = Path(source)
        shown = name or path.name
        try:
            if path.stat().st_size > MAX_ARCHIVE_BYTES:
                raise FileRefused(f"Tệp quá lớn (tối đa {MAX_ARCHIVE_BYTES // _MB} MB)", "too_large")
            raw = path.read_bytes()
        except OSError as exc:
            raise FileRefused(f"Không đọc được tệp: {exc.strerror or exc}", "unreadable") from None
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise FileRefused(f"Tệp quá lớn (tối đa {MAX_ARCHIVE_BYTES // _MB} MB)", "too_large")
    with _open_zip(raw) as archive:
        by_name = _check_directory(archive)
        budget = [MAX_TOTAL_BYTES]
        manifest_bytes = _read_member(archive, by_name[MANIFEST_NAME], budget)
        manifest = _load_json(manifest_bytes, "manifest.json")
        _check_manifest(manifest)
        listed = manifest["files"]
        for member in by_name:
            if member not in (MANIFEST_NAME, SIGNATURE_NAME) and member not in listed:
                raise FileRefused(f"Thành phần «{member}» không có trong danh mục manifest.json: tệp đã bị sửa",
                                  "digest")
        if SIGNATURE_NAME not in by_name:
            raise FileRefused("Tệp thiếu chữ ký của đơn vị (manifest.sig): không nhận", "signature")
        signature = _read_member(archive, by_name[SIGNATURE_NAME], budget)
        if not verify(manifest["signing_key"], manifest_bytes, signature.decode("ascii", "replace")):
            raise FileRefused("Chữ ký của tệp (manifest.sig) không khớp với manifest.json: tệp đã bị sửa sau khi "
                              "đơn vị ký, hãy đề nghị đơn vị gửi lại", "signature")
        bodies: dict[str, bytes] = {}
        for member, expected in listed.items():
            if member not in by_name:
                raise FileRefused(f"Thiếu thành phần «{member}» mà manifest.json liệt kê", "digest")
            body = _read_member(archive, by_name[member], budget)
            if len(body) != expected["size"] or hashlib.sha256(body).hexdigest() != expected["sha256"]:
                raise FileRefused(f"Mã kiểm tra SHA-256 của «{member}» không khớp: tệp đã bị sửa hoặc hỏng sau khi "
                                  "xuất, hãy đề nghị đơn vị gửi lại", "digest")
            bodies[member] = body
    data = _load_json(bodies[DATA_NAME], "data.json")
    check_schema("data", data, "data.json")
    check_coherence(manifest, data)
    try:
        check_claimed_figures(data)
    except ValueError as exc:
        raise FileRefused(str(exc), "figures") from None
    return DataFile(shown, hashlib.sha256(raw).hexdigest(), manifest, data)
