"""Issue 11, data files at the upper level (cases 5-7, 9-11): each hostile file is refused alone
with one Vietnamese reason, nothing of it is written, and the upper level keeps working."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tracemalloc
import zipfile

import pytest
from builders import make_file, open_archive, unit_key
from helpers import snapshot

from kh06_desktop.cli import main
from kh06_desktop.exchange.datafile import build_archive, encode_json
from kh06_desktop.services.exchange.consolidated_report import consolidated_report_data
from kh06_desktop.services.exchange.consolidation import (
    REFUSED,
    consolidate_files,
    consolidated_totals,
    consolidated_units,
)
from kh06_desktop.store.database import open_database


@pytest.fixture
def upper(tmp_path):
    db = open_database(tmp_path / "upper.db")
    assert consolidate_files(db, [("u0.kh06", make_file("U0"))]).exit_code == 0
    yield db
    db.close()


def craft(code: str = "U1", *, data_edit=None, manifest_edit=None, body_edit=None, extra=None,
          **kwargs) -> bytes:
    """A file of unit `code` edited as told, with digests recomputed (a forger's file)."""
    manifest, data = open_archive(make_file(code, **kwargs))
    key = unit_key(code)  # signed with the unit's own key, as a forger holding it would (DESIGN 6.3)
    if data_edit:
        data_edit(data)
    body = encode_json(data)
    if body_edit:
        body = body_edit(body)
    manifest["files"] = {"data.json": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}}
    if manifest_edit:
        manifest_edit(manifest)
    raw = build_archive(manifest, {"data.json": body}, key)
    if extra:
        buffer = io.BytesIO(raw)
        with zipfile.ZipFile(buffer, "a") as archive:
            for info, content in extra:
                archive.writestr(info, content)
        raw = buffer.getvalue()
    return raw


def refused(db, raw: bytes, name: str = "x.kh06") -> str:
    before = snapshot(db)
    result = consolidate_files(db, [(name, raw)])
    (outcome,) = result.outcomes
    assert outcome.status == REFUSED and result.exit_code == 2, outcome
    assert snapshot(db) == before
    assert "\n" not in outcome.reason
    return outcome.reason


def still_works(db, period: str = "2025") -> None:
    consolidated_totals(db, period)
    consolidated_units(db, period)
    consolidated_report_data(db, period)


def _target(value: str):
    def edit(body: bytes) -> bytes:
        return body.replace(b'"target":', b'"target":' + value.encode() + b',"_t":', 1).replace(b',"_t":', b',"x_":', 1)
    return edit


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "1" + "0" * 400])
def test_5_non_finite_or_huge_numbers_are_refused(upper, literal) -> None:
    def edit(body: bytes) -> bytes:
        start = body.index(b'"target":') + len(b'"target":')
        end = body.index(b",", start)
        return body[:start] + literal.encode() + body[end:]

    reason = refused(upper, craft(body_edit=edit))
    assert "số" in reason
    still_works(upper)


def test_5_revision_beyond_9999_is_refused_and_the_real_revision_still_comes_in(upper) -> None:
    def huge(data):
        data["period"]["revision"] = 2147483647

    reason = refused(upper, craft(data_edit=huge, manifest_edit=lambda m: m.update(revision=2147483647)))
    assert "9999" in reason
    assert consolidate_files(upper, [("u1.kh06", make_file("U1", revision=2))]).exit_code == 0


def test_6_a_bad_period_is_refused_alone_and_the_good_files_are_kept(upper, tmp_path, capsys) -> None:
    def old(data):
        data["period"]["code"] = "1999"
        data["indicators"]["period"] = "1999"

    bad = tmp_path / "bad.kh06"
    bad.write_bytes(craft("U9", data_edit=old, manifest_edit=lambda m: m.update(period="1999")))
    good = tmp_path / "good.kh06"
    good.write_bytes(make_file("U2"))
    path = str(upper.url.removeprefix("sqlite:///"))
    assert main(["consolidate", "--db", path, str(bad), str(good)]) == 1
    out = capsys.readouterr()
    assert "Từ chối: bad.kh06" in out.err and "1999" in out.err and "Đã nhận: good.kh06" in out.out
    assert {u.code for u in consolidated_units(upper, "2025")} == {"U0", "U2"}
    still_works(upper)


def test_7_unit_codes_are_normalised_and_look_alikes_refused(upper) -> None:
    for revision, code in enumerate(["demo-1", "DEMO-1 ", "ＤＥＭＯ-1"], start=1):
        raw = craft("DEMO-1", revision=revision, name="Công đoàn DEMO-1",
                    data_edit=lambda d, c=code: d["unit"].update(code=c),
                    manifest_edit=lambda m, c=code: m.update(unit_code=c))
        result = consolidate_files(upper, [(f"r{revision}.kh06", raw)])
        assert result.exit_code == 0, result.outcomes
    codes = sorted(u.code for u in consolidated_units(upper, "2025"))
    assert codes == ["DEMO-1", "U0"]  # one unit, not three
    for bad in ["DЕMO-1", "DEMO\x00-1", "DEMO\u202e-1", "D"]:
        reason = refused(upper, craft("DEMO-1", revision=9, name="Công đoàn DEMO-1",
                                      data_edit=lambda d, c=bad: d["unit"].update(code=c),
                                      manifest_edit=lambda m, c=bad: m.update(unit_code=c)))
        assert "Mã đơn vị" in reason and "\x00" not in reason and "\u202e" not in reason


def test_9_personal_fields_and_open_objects_are_refused_without_personal_data(upper) -> None:
    def reason(data):
        data["hardship_cases"][0]["reason"] = "Ung thư giai đoạn cuối, CCCD 001085012345"

    assert "dữ liệu cá nhân" in refused(upper, craft(data_edit=reason))

    def stash(data):
        data["indicators"]["indicators"][0]["cccd"] = "001085012345"

    assert "không được phép" in refused(upper, craft(data_edit=stash))

    def stash_top(data):
        data["indicators"]["diagnosis"] = "x" * 1000

    assert "không được phép" in refused(upper, craft(data_edit=stash_top))


def _period_dates(start, end):
    def edit(data):
        data["period"].update(start_date=start, end_date=end)
    return edit


def _chairs(data):
    data["positions"] = [{"member_ref": 1 + i % 3, "role": "chair"} for i in range(6)]


def _training_backwards(data):
    data["trainings"][0].update(start_date="2025-05-01", end_date="2025-03-01")


def _women(data):
    data["workforce"][0].update(total_workers=10, female_workers=11)


CASE_10 = {
    "period-0001-9999": (dict(data_edit=_period_dates("0001-01-01", "9999-12-31")), "ngày không hợp lý"),
    "training-backwards": (dict(data_edit=_training_backwards), "kết thúc trước ngày bắt đầu"),
    "six-chairs": (dict(data_edit=_chairs), "6 Chủ tịch"),
    "female-over-total": (dict(data_edit=_women), "lao động nữ"),
    "duplicate-keys": (dict(body_edit=lambda b: b.replace(b'{"unit":{', b'{"unit":{"code":"X1",', 1)), "trùng lặp"),
    "garbage-generated-at": (dict(manifest_edit=lambda m: m.update(generated_at="hôm qua lúc 3h")), "manifest.json"),
    "nested-zip": (dict(extra=[("inner.zip", b"PK\x05\x06" + b"\x00" * 18)]), "thành phần lạ «inner.zip»"),
    "stray-member": (dict(extra=[("data2.json", b"{}")]), "thành phần lạ"),
}


@pytest.mark.parametrize("case", list(CASE_10), ids=list(CASE_10))
def test_10_implausible_files_are_refused(upper, case) -> None:
    options, expected = CASE_10[case]
    assert expected in refused(upper, craft(**options))
    still_works(upper)


def test_10_a_period_code_and_dates_that_disagree(upper) -> None:
    raw = craft(period="2025H2", data_edit=_period_dates("2025-01-01", "2025-03-31"))
    assert "không khớp với kỳ 2025H2" in refused(upper, raw)

    def far(data):
        data["period"]["code"] = data["indicators"]["period"] = "2100H2"
        data["period"].update(start_date="2025-06-01", end_date="2025-11-30")
        data["workforce"][0]["period"] = "2100H2"

    reason = refused(upper, craft(data_edit=far, manifest_edit=lambda m: m.update(period="2100H2")))
    assert "không khớp" in reason or "2100" in reason


def _retagged(raw: bytes, member: str, *, mode: int | None = None, compression: int | None = None) -> bytes:
    """The archive with one member's entry changed (its bytes, hence its signature, unchanged)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            if info.filename == member:
                if mode is not None:
                    entry.external_attr = mode << 16
                if compression is not None:
                    entry.compress_type = compression
            target.writestr(entry, body)
    return out.getvalue()


def test_10_symlink_and_unusual_compression_entries_are_refused(upper) -> None:
    link = _retagged(craft(), "manifest.sig", mode=stat.S_IFLNK | 0o777)
    assert "không phải tệp thường" in refused(upper, link)
    bzip = _retagged(craft(), "manifest.sig", compression=zipfile.ZIP_BZIP2)
    assert "nén theo kiểu lạ" in refused(upper, bzip)


def test_10_control_characters_in_names_are_stripped_and_never_printed_raw(upper, tmp_path, capsys) -> None:
    name = "Công đoàn\u202e ABC\x00\x1b[31m"

    def edit(data):
        data["unit"]["name"] = name
        data["groups"][0]["name"] = "Tổ\x07 1"

    path = tmp_path / "ten\x1b[2J.kh06"
    path.write_bytes(craft("U5", data_edit=edit, manifest_edit=lambda m: m.update(unit_name=name)))
    db_path = upper.url.removeprefix("sqlite:///")
    assert main(["consolidate", "--db", db_path, str(path)]) == 0
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\\u001b" in out.out
    (unit,) = [u for u in consolidated_units(upper, "2025") if u.code == "U5"]
    assert unit.name == "Công đoàn ABC[31m"

    bad = tmp_path / "bad\x1b]0;owned\x07.kh06"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert main(["consolidate", "--db", db_path, str(bad)]) == 2
    out = capsys.readouterr()
    assert "\x1b" not in out.err and "\x07" not in out.err


def test_11_a_json_bomb_is_refused_before_it_is_parsed(upper) -> None:
    body = b"[" + b",".join([b"{}"] * 21_000_000) + b"]"  # 63 MB of [{},{},…]: ~1.8 GB once parsed
    manifest, _data = open_archive(make_file("U1"))
    manifest["files"] = {"data.json": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}}
    raw = build_archive(manifest, {"data.json": body}, unit_key("U1"))
    del body
    assert len(raw) < 1024 * 1024
    tracemalloc.start()
    try:
        reason = refused(upper, raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bộ nhớ" in reason
    assert peak < 300 * 1024 * 1024  # the 63 MB text, not the 1.8 GB of objects


def test_a_batch_of_good_and_bad_files_keeps_the_good_ones(upper) -> None:
    def nan(body: bytes) -> bytes:
        start = body.index(b'"target":') + len(b'"target":')
        return body[:start] + b"NaN" + body[body.index(b",", start):]

    batch = [("a.kh06", make_file("A1")), ("b.kh06", craft("B1", body_edit=nan)), ("c.kh06", make_file("C1")),
             ("d.kh06", b"PK garbage")]
    result = consolidate_files(upper, batch)
    assert result.exit_code == 1
    assert [o.status for o in result.outcomes] == ["accepted", REFUSED, "accepted", REFUSED]
    assert {u.code for u in consolidated_units(upper, "2025")} == {"U0", "A1", "C1"}
    still_works(upper)
    json.dumps([o.reason for o in result.outcomes])


def test_10_a_name_of_control_characters_only_is_refused(upper) -> None:
    def edit(data):
        data["members"][0]["full_name"] = "\u202e\x00\x1b"

    assert "không được để trống" in refused(upper, craft(data_edit=edit))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX device")
def test_a_device_given_as_a_file_is_refused_without_reading_it(upper, tmp_path) -> None:
    link = tmp_path / "zero.kh06"
    link.symlink_to("/dev/zero")
    result = consolidate_files(upper, [link])
    assert result.exit_code == 2 and "tệp thường" in result.outcomes[0].reason
