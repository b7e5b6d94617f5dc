"""Every refusal, each with a crafted file: the Vietnamese reason, and the upper database unchanged."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from builders import make_file, minimal_data, open_archive, repack, unit_key
from helpers import snapshot

from kh06_desktop.domain.enums import Sector
from kh06_desktop.exchange import datafile_reader
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.exchange.consolidation import REFUSED, consolidate_files, register_unit


@pytest.fixture
def upper(upper_db):
    """An upper database that already holds one unit (U0), so 'unchanged' means something."""
    assert consolidate_files(upper_db, [("u0.kh06", make_file("U0"))]).exit_code == 0
    return upper_db


def refuse(db, raw: bytes, name: str = "x.kh06") -> str:
    before = snapshot(db)
    result = consolidate_files(db, [(name, raw)])
    (outcome,) = result.outcomes
    assert outcome.status == REFUSED and result.exit_code == 2
    assert snapshot(db) == before
    return outcome.reason


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_not_a_zip(upper):
    assert "không phải tệp nén" in refuse(upper, b"Xin chao, day la van ban")
    assert "tệp nén bị hỏng" in refuse(upper, b"PK\x03\x04 garbage that is no zip")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../evil.json", "sub/../../x", "C:/windows/x", "a\\..\\b"])
def test_unsafe_member_paths(upper, name):
    raw = zip_of({"manifest.json": b"{}", name: b"x"})
    assert "đường dẫn không an toàn" in refuse(upper, raw)


def test_too_many_members(upper):
    raw = zip_of({f"f{i}.json": b"{}" for i in range(9)} | {"manifest.json": b"{}"})
    assert "quá nhiều thành phần" in refuse(upper, raw)


def test_member_too_large_from_directory(upper, monkeypatch):
    monkeypatch.setattr(datafile_reader, "MAX_MEMBER_BYTES", 1000)
    raw = make_file("U1", members=40)
    assert "quá lớn khi giải nén" in refuse(upper, raw)


def test_total_too_large_from_directory(upper, monkeypatch):
    monkeypatch.setattr(datafile_reader, "MAX_TOTAL_BYTES", 2000)
    assert "Tổng dung lượng giải nén quá lớn" in refuse(upper, make_file("U1", members=40))


def test_directory_that_lies_about_size_is_caught_while_reading(upper):
    """A zip bomb declares a small size and inflates far beyond it: the bounded read stops."""
    manifest, data = open_archive(make_file("U1"))
    data["activities"][0]["text"] = "x" * 2_000_000  # compresses to a few kB
    raw = bytearray(repack(manifest, data))
    # patch the declared uncompressed size of data.json in the central directory and local header
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + name_len] == b"data.json":
            struct.pack_into("<I", raw, at + 24, 500)
            local = struct.unpack_from("<I", raw, at + 42)[0]
            struct.pack_into("<I", raw, local + 22, 500)
        at += 4
    reason = refuse(upper, bytes(raw))
    # zipfile stops at the declared 500 bytes; the CRC of those bytes then fails
    assert reason == "Thành phần «data.json» bị hỏng, không giải nén được"


def test_digest_mismatch(upper):
    manifest, data = open_archive(make_file("U1"))
    data["workforce"][0]["eligible_workers"] = 1  # the figure edited after export
    reason = refuse(upper, repack(manifest, data, fix_digest=False))
    assert "SHA-256" in reason and "tệp đã bị sửa" in reason


def test_member_not_in_manifest(upper):
    manifest, data = open_archive(make_file("U1"))
    raw = zip_of({"manifest.json": __import__("json").dumps(manifest).encode(), "data.json": b"",
                  "extra.txt": b"hello"})
    assert "không có trong danh mục" in refuse(upper, raw)


def test_schema_violation_names_the_json_path(upper):
    manifest, data = open_archive(make_file("U1"))
    data["members"][1]["full_name"] = 123
    assert refuse(upper, repack(manifest, data)) == (
        "data.json sai cấu trúc tại $.members[1].full_name: phải là chuỗi ký tự")
    del data["members"][1]["full_name"]
    assert "thiếu trường bắt buộc «full_name»" in refuse(upper, repack(manifest, data))


def test_manifest_schema_violation(upper):
    manifest, data = open_archive(make_file("U1"))
    manifest["revision"] = "hai"
    assert "manifest.json sai cấu trúc tại $.revision: phải là số nguyên" in refuse(upper, repack(manifest, data))


def test_impossible_date_and_dangling_reference(upper):
    manifest, data = open_archive(make_file("U1"))
    data["activities"][0]["date"] = "2025-02-30"
    assert "ngày không tồn tại tại $.activities[0].date" in refuse(upper, repack(manifest, data))
    manifest, data = open_archive(make_file("U1"))
    data["positions"][0]["member_ref"] = 99
    assert "$.positions[0].member_ref" in refuse(upper, repack(manifest, data))


def test_manifest_and_data_disagree(upper):
    manifest, data = open_archive(make_file("U1"))
    manifest["unit_code"] = "U9"
    assert "khác với manifest.json" in refuse(upper, repack(manifest, data))


def test_newer_format_version(upper):
    manifest, data = open_archive(make_file("U1"))
    manifest["format_version"] = 3
    manifest["something_new"] = True
    reason = refuse(upper, repack(manifest, data))
    assert "phiên bản 3" in reason and "cập nhật KH06 Desktop" in reason


def test_not_our_manifest(upper):
    manifest, data = open_archive(make_file("U1"))
    manifest["format"] = "other"
    assert "không phải của tệp dữ liệu KH06" in refuse(upper, repack(manifest, data))


def test_unit_code_registered_with_another_name(upper):
    register_unit(upper, "U7", "Công đoàn Công ty Điện lực Hà Nam", Sector.STATE_ENTERPRISE)
    reason = refuse(upper, make_file("U7", name="Công đoàn Công ty Xi măng"))
    assert "đã đăng ký cho «Công đoàn Công ty Điện lực Hà Nam»" in reason
    # same name, written differently (case, marks, spacing): accepted
    ok = consolidate_files(upper, [("u7.kh06", make_file("U7", name="CÔNG ĐOÀN  Công ty Điện lực Hà Nam"))])
    assert ok.exit_code == 0
    # a unit received before keeps its name too
    assert "đã đăng ký cho «Công đoàn U0»" in refuse(upper, make_file("U0", "2025H1", name="Công đoàn khác"))


def test_same_unit_and_period_twice_in_a_batch(upper):
    before = snapshot(upper)
    result = consolidate_files(upper, [("a.kh06", make_file("U1")), ("b.kh06", make_file("U1", revision=2)),
                                       ("c.kh06", make_file("U2"))])
    statuses = [(o.name, o.status) for o in result.outcomes]
    assert statuses == [("a.kh06", "refused"), ("b.kh06", "refused"), ("c.kh06", "accepted")]
    assert "nhiều tệp trong cùng một lần nhập («a.kh06», «b.kh06»)" in result.outcomes[0].reason
    assert result.exit_code == 1
    after = snapshot(upper)
    assert len(after["submissions"]) == len(before["submissions"]) + 1  # only U2


def test_older_or_equal_revision_is_superseded(upper):
    third = make_file("U1", revision=3)
    assert consolidate_files(upper, [("r3.kh06", third)]).exit_code == 0
    assert "lần sửa đổi 2, cũ hơn hoặc trùng" in refuse(upper, make_file("U1", revision=2))
    assert "lần sửa đổi 3, cũ hơn hoặc trùng" in refuse(upper, make_file("U1", revision=3, members=4))
    assert "đã được nhận trước đây" in refuse(upper, third)


def test_unit_database_is_not_an_upper_level(db, unit):
    with pytest.raises(Conflict, match="là của công đoàn cơ sở"):
        consolidate_files(db, [("a.kh06", make_file("U1"))])


def test_personal_data_present_though_manifest_says_none(upper):
    data = minimal_data("U1", cid_base=5000)
    from kh06_desktop.exchange.datafile import archive_bytes

    raw, _ = archive_bytes(data, unit_code="U1", unit_name=data["unit"]["name"], period="2025", revision=1,
                           personal_data=False, private_key=unit_key("U1"))
    assert "không kèm dữ liệu cá nhân nhưng có dữ liệu cá nhân" in refuse(upper, raw)
