"""The review file (DESIGN 6.4): the upper level answers a submission, the unit takes it in.

The round trip of the issue runs on SQLite and PostgreSQL at the upper level: the unit exports,
the upper level consolidates and asks for corrections with comments, the unit takes the review in,
reopens and sends revision 2, the upper level sees «Đã điều chỉnh» and accepts, the unit sees
«Chấp nhận». Each refusal leaves the unit's database unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from builders import populate
from helpers import snapshot
from sqlalchemy import select

from kh06_desktop.cli import main
from kh06_desktop.exchange.review_file import RecordComment, read_review_file
from kh06_desktop.services.common.errors import InvalidInput, NotFound
from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.common.signing import database_public_key, fingerprint
from kh06_desktop.services.exchange.consolidation import consolidate_files
from kh06_desktop.services.exchange.export import export_datafile
from kh06_desktop.services.exchange.reviews import (
    ReviewDraft,
    ReviewRefused,
    export_review,
    import_review,
    period_status,
    review_states,
    save_review,
    start_correction,
)
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import get_period_state
from kh06_desktop.store.database import Database, open_database
from kh06_desktop.store.models import AuditEntry, Member

TODAY = dt.date(2025, 12, 10)


def _make_upper(db: Database, code: str = "CDCT-HN", name: str = "Công đoàn Công Thương Hà Nội") -> None:
    set_setting(db, "mode", "upper")
    set_setting(db, "upper_code", code)
    set_setting(db, "upper_name", name)


@pytest.fixture
def sent(db, unit, tmp_path):
    """A unit that closed 2025 and sent revision 1."""
    populate(db, unit.id, members=30)
    close_period(db, unit.id, "2025")
    result = export_datafile(db, unit.id, "2025", tmp_path / "r1.kh06")
    return db, unit, result


def _member_name(db: Database) -> str:
    with db.reading() as session:
        return str(session.scalars(select(Member.full_name).order_by(Member.id)).first())


def _review(upper: Database, status: str, **kwargs: object) -> None:
    save_review(upper, "CDCS-TEST", "2025", ReviewDraft(status, **kwargs), today=TODAY)  # type: ignore[arg-type]


def test_round_trip_needs_correction_then_accepted(sent, upper_db, tmp_path, capsys):
    db, unit, first = sent
    _make_upper(upper_db)
    assert consolidate_files(upper_db, [first.path]).exit_code == 0
    assert review_states(upper_db, "2025")["CDCS-TEST"].label == "Chưa xem xét"

    name = _member_name(db)
    _review(upper_db, "needs_correction", comment="Số liệu học tập chưa đủ",
            indicator_comments={"2": "Thiếu danh sách buổi học tháng 10"},
            record_comments=(RecordComment("member", name, "Kiểm tra ngày vào công đoàn"),
                             RecordComment("training", "Tập huấn nghiệp vụ", "Ghi rõ cấp tổ chức")),
            reviewer_name="Lê Thị Hoa", reviewer_title="Phó Chủ tịch")
    assert review_states(upper_db, "2025")["CDCS-TEST"].label == "Cần điều chỉnh"
    review_path = export_review(upper_db, "CDCS-TEST", "2025", tmp_path / "phan-hoi.kh06r")

    with zipfile.ZipFile(review_path) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "manifest.sig", "review.json"]
    taken = import_review(db, review_path)
    assert taken.status_label == "Cần điều chỉnh" and taken.revision == 1
    assert taken.content.indicator_comments == {"2": "Thiếu danh sách buổi học tháng 10"}
    assert [c.label for c in taken.content.record_comments] == [f"Đoàn viên «{name}»",
                                                               "Lớp tập huấn «Tập huấn nghiệp vụ»"]
    assert taken.upper_key_fingerprint == fingerprint(database_public_key(upper_db))
    status = period_status(db, unit.id, "2025")
    assert status.review is not None and status.closed and status.review_is_current
    assert "Chỉ tiêu 2: Thiếu danh sách buổi học tháng 10" in status.lines()

    assert start_correction(db, unit.id, "2025") == 2  # the closed period reopens as revision 2
    assert not get_period_state(db, unit.id, "2025").closed
    close_period(db, unit.id, "2025")
    second = export_datafile(db, unit.id, "2025", tmp_path / "r2.kh06")
    assert second.revision == 2
    assert consolidate_files(upper_db, [second.path]).exit_code == 0
    assert review_states(upper_db, "2025")["CDCS-TEST"].label == "Đã điều chỉnh"

    _review(upper_db, "accepted", comment="Đã đủ")
    assert review_states(upper_db, "2025")["CDCS-TEST"].label == "Chấp nhận"
    export_review(upper_db, "CDCS-TEST", "2025", tmp_path / "chap-nhan.kh06r")
    assert main(["import-review", "--db", db.url, str(tmp_path / "chap-nhan.kh06r")]) == 0
    assert "Chấp nhận" in capsys.readouterr().out
    status = period_status(db, unit.id, "2025")
    assert status.review is not None and status.review.status == "accepted" and status.review.revision == 2
    payload = status.to_json_dict()
    assert payload["state"] == "closed" and payload["revision"] == 2
    assert payload["exported"]["sha256"] == second.sha256
    assert payload["reviewed"]["status"] == "accepted" and payload["reviewed"]["comment"] == "Đã đủ"

    with db.reading() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"import_review", "pin_key"} <= actions
    with upper_db.reading() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"review", "export_review"} <= actions


@pytest.fixture
def upper(tmp_path) -> Database:
    database = open_database(tmp_path / "upper.db")
    _make_upper(database)
    yield database
    database.close()


@pytest.fixture
def review_file(sent, upper, tmp_path) -> Path:
    db, _unit, first = sent
    consolidate_files(upper, [first.path])
    _review(upper, "needs_correction", comment="Bổ sung chỉ tiêu 3")
    return export_review(upper, "CDCS-TEST", "2025", tmp_path / "r.kh06r")


def _refused(db: Database, source: Path | bytes, reason: str) -> None:
    before = snapshot(db)
    with pytest.raises(ReviewRefused, match=reason):
        import_review(db, source)
    assert snapshot(db) == before


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_a_review_for_another_unit_is_refused(review_file, tmp_path):
    other = open_database(tmp_path / "other.db")
    from kh06_desktop.domain.enums import Sector
    from kh06_desktop.services.unit.units import UnitProfile, setup_unit

    setup_unit(other, UnitProfile(code="CDCS-KHAC", name="Công đoàn Công ty Khác", sector=Sector.NON_STATE))
    _refused(other, review_file, "gửi cho đơn vị «CDCS-TEST», không phải «CDCS-KHAC»")
    other.close()


def test_a_review_of_a_revision_never_sent_is_refused(sent, upper, tmp_path):
    db, unit, first = sent
    consolidate_files(upper, [first.path])
    _review(upper, "accepted")
    path = export_review(upper, "CDCS-TEST", "2025", tmp_path / "r.kh06r")
    # Another database of the same unit code never sent that file.
    twin = open_database(tmp_path / "twin.db")
    from kh06_desktop.services.unit.units import UnitProfile, setup_unit

    setup_unit(twin, UnitProfile(code="CDCS-TEST", name=unit.name, sector=unit.sector))
    _refused(twin, path, "chưa từng gửi tệp kỳ năm 2025 lần 1")
    twin.close()


def test_a_review_signed_by_another_key_is_refused_after_the_first_is_pinned(sent, upper, review_file, tmp_path):
    db, _unit, first = sent
    import_review(db, review_file)  # pins the upper level's key
    impostor = open_database(tmp_path / "impostor.db")
    _make_upper(impostor)
    consolidate_files(impostor, [first.path])
    save_review(impostor, "CDCS-TEST", "2025", ReviewDraft("accepted"), today=TODAY)
    forged = export_review(impostor, "CDCS-TEST", "2025", tmp_path / "forged.kh06r")
    _refused(db, forged, "khác khóa của Công đoàn Công Thương Hà Nội đã ghi nhận")
    impostor.close()


def test_a_tampered_review_is_refused(sent, review_file):
    db = sent[0]
    members = _members(review_file)
    review = json.loads(members["review.json"])
    review["status"] = "accepted"
    members["review.json"] = json.dumps(review).encode()
    _refused(db, _zip(members), "Mã kiểm tra của review.json không khớp")
    # Re-hashed in the manifest too: the signature no longer matches.
    manifest = json.loads(members["manifest.json"])
    manifest["files"]["review.json"] = {"sha256": hashlib.sha256(members["review.json"]).hexdigest(),
                                        "size": len(members["review.json"])}
    members["manifest.json"] = json.dumps(manifest).encode()
    _refused(db, _zip(members), "Chữ ký của phiếu phản hồi không khớp")


def test_extra_members_garbage_and_data_files_are_refused(sent, review_file, tmp_path):
    db = sent[0]
    members = _members(review_file)
    _refused(db, _zip({**members, "extra.txt": b"x"}), "đúng ba thành phần")
    _refused(db, b"not a zip at all", "không phải phiếu phản hồi")
    _refused(db, sent[2].path.read_bytes(), "đúng ba thành phần")  # a .kh06 file is not a review


def test_taking_the_same_review_twice_writes_nothing_new(sent, review_file):
    db = sent[0]
    first = import_review(db, review_file)
    before = snapshot(db)
    assert import_review(db, review_file).id == first.id
    assert snapshot(db) == before


def test_control_characters_never_reach_the_screen(sent, upper, tmp_path):
    db, _unit, first = sent
    consolidate_files(upper, [first.path])
    _review(upper, "needs_correction", comment="Sửa\x1b[31m lại\u202e ngay")
    info = import_review(db, export_review(upper, "CDCS-TEST", "2025", tmp_path / "r.kh06r"))
    assert info.content.comment == "Sửa[31m lại ngay"


def test_the_upper_level_checks_what_it_reviews(sent, upper):
    db, _unit, first = sent
    with pytest.raises(NotFound):
        _review(upper, "accepted")  # nothing received yet
    consolidate_files(upper, [first.path])
    with pytest.raises(InvalidInput, match="ít nhất một ý kiến"):
        _review(upper, "needs_correction")
    with pytest.raises(InvalidInput, match="Không có chỉ tiêu «7»"):
        _review(upper, "needs_correction", indicator_comments={"7": "?"})
    with pytest.raises(InvalidInput, match="không có đoàn viên «Không Có Ai»"):
        _review(upper, "needs_correction", record_comments=(RecordComment("member", "Không Có Ai", "?"),))
    # unit codes compare normalised
    save_review(upper, " cdcs-test ", "2025", ReviewDraft("accepted"), today=TODAY)


def test_cli_review_import_and_status(sent, upper, tmp_path, capsys):
    db, unit, first = sent
    consolidate_files(upper, [first.path])
    out = tmp_path / "r.kh06r"
    code = main(["review", "--db", upper.url, "--unit", "CDCS-TEST", "--period", "2025",
                 "--status", "needs_correction", "--comment", "Xem lại", "--comment-on", "4a=Thiếu người",
                 "--comment-on", "training:Tập huấn nghiệp vụ=Bổ sung danh sách", "--reviewer", "Lê Thị Hoa",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    file = read_review_file(out)
    assert file.content.indicator_comments == {"4a": "Thiếu người"}
    assert file.content.reviewer_name == "Lê Thị Hoa"
    assert main(["import-review", "--db", db.url, str(out)]) == 0
    capsys.readouterr()
    assert main(["status", "--db", db.url, "--period", "2025", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["reviewed"]["status"] == "needs_correction"
    assert payload["reviewed"]["indicator_comments"] == {"4a": "Thiếu người"}
    assert main(["status", "--db", db.url, "--period", "2025"]) == 0
    text = capsys.readouterr().out
    assert "Cần điều chỉnh" in text and "Chỉ tiêu 4a: Thiếu người" in text
    # a bad --comment-on is one Vietnamese line, exit 2
    assert main(["review", "--db", upper.url, "--unit", "CDCS-TEST", "--period", "2025",
                 "--status", "accepted", "--comment-on", "xyz", "--out", str(out)]) == 2
    assert "--comment-on cần dạng" in capsys.readouterr().err
    # a refused review: exit 2, one line
    assert main(["import-review", "--db", db.url, str(first.path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Không nhận phiếu phản hồi") and len(err.strip().splitlines()) == 1


def test_start_correction_of_an_open_period_moves_to_the_next_revision(db, unit, upper, tmp_path):
    populate(db, unit.id, members=10)
    first = export_datafile(db, unit.id, "2025", tmp_path / "open.kh06")  # sent without closing
    consolidate_files(upper, [first.path])
    _review(upper, "needs_correction", comment="Sửa chỉ tiêu 1")
    import_review(db, export_review(upper, "CDCS-TEST", "2025", tmp_path / "r.kh06r"))
    assert start_correction(db, unit.id, "2025") == 2
    assert start_correction(db, unit.id, "2025") == 2  # asking twice changes nothing
    assert period_status(db, unit.id, "2025").correction_started


def test_cli_review_signs_with_the_upper_levels_chair_by_default(sent, upper, tmp_path, capsys):
    """DESIGN 6.4: review.json names the reviewer; `kh06 review` without --reviewer takes the upper
    level's chair and title from its profile, as `consolidated-report` takes its signer."""
    db, unit, first = sent
    set_setting(upper, "upper_chair_name", "Trần Văn Bình")
    set_setting(upper, "upper_chair_title", "Phó Chủ tịch")
    consolidate_files(upper, [first.path])
    out = tmp_path / "r.kh06r"
    assert main(["review", "--db", upper.url, "--unit", "CDCS-TEST", "--period", "2025",
                 "--status", "accepted", "--out", str(out)]) == 0, capsys.readouterr().err
    content = read_review_file(out).content
    assert (content.reviewer_name, content.reviewer_title) == ("Trần Văn Bình", "Phó Chủ tịch")


def test_cli_status_at_the_upper_level_lists_each_units_review_state(sent, upper, tmp_path, capsys):
    """`kh06 status` on the upper level's database answers with each unit's submission and review
    state for the period (not «no unit set up»)."""
    db, unit, first = sent
    assert main(["status", "--db", upper.url, "--period", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"] == []
    consolidate_files(upper, [first.path])
    assert main(["status", "--db", upper.url, "--period", "2025", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["period"] == "2025" and payload["upper_code"] == "CDCT-HN"
    [row] = payload["units"]
    assert (row["unit_code"], row["revision"], row["review_state"], row["reviewed"]) == (
        "CDCS-TEST", 1, "not_reviewed", None)
    _review(upper, "needs_correction", comment="Bổ sung chỉ tiêu 3")
    assert main(["status", "--db", upper.url, "--period", "2025", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["units"]
    assert row["review_state"] == "needs_correction" and row["reviewed"]["comment"] == "Bổ sung chỉ tiêu 3"
    assert main(["status", "--db", upper.url, "--period", "2025"]) == 0
    text = capsys.readouterr().out
    assert "CDCS-TEST" in text and "Cần điều chỉnh" in text and "1 đơn vị có tệp đang dùng" in text
    assert main(["withdraw", "--db", upper.url, "--unit", "cdcs-test", "--period", "2025", "--reason", "Nhầm"]) == 0
    capsys.readouterr()
    assert main(["status", "--db", upper.url, "--period", "2025"]) == 0
    text = capsys.readouterr().out
    assert "0 đơn vị có tệp đang dùng" in text and "CDCS-TEST" in text and "tệp đã rút" in text
