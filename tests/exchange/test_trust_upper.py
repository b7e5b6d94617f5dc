"""Issue 10 at the upper level, on SQLite and PostgreSQL: totals a reader can check by hand
(F3, F4, indicator 5 per sector, F7 in the spreadsheet), files recomputed and never trusted (F5),
signatures and pinned keys, withdrawal, and `--unit` giving the stored submission (F6)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
from builders import make_file, minimal_data, open_archive, real_indicators, repack, unit_key
from sqlalchemy import select

from kh06_desktop.cli import main
from kh06_desktop.domain.signing import fingerprint, new_private_key, public_key_of
from kh06_desktop.exchange.datafile import archive_bytes, encode_json
from kh06_desktop.reports.consolidated import consolidated_xlsx
from kh06_desktop.services.exchange.consolidated_report import consolidated_report_data
from kh06_desktop.services.exchange.consolidation import (
    REFUSED,
    consolidate_files,
    consolidated_totals,
    consolidated_units,
    withdraw_submission,
)
from kh06_desktop.store.models import AuditEntry, Submission, Unit


def _signed(data: dict, key: str | None = None) -> bytes:
    code = data["unit"]["code"]
    raw, _ = archive_bytes(data, unit_code=code, unit_name=data["unit"]["name"], period=data["period"]["code"],
                           revision=data["period"]["revision"], personal_data=False,
                           private_key=key or unit_key(code))
    return raw


def _data(code: str, *, total: int, attendees: list[int], non_members: int = 0, workforce: bool = True,
          members: int = 3, period: str = "2025", revision: int = 1) -> dict:
    data = minimal_data(code, period=period, revision=revision, members=members)
    data["study_sessions"][0].update(attendees=attendees, non_member_count=non_members)
    data["workforce"] = [{"period": period, "total_workers": total, "female_workers": 0,
                          "eligible_workers": members}] if workforce else []
    data["indicators"] = real_indicators(data)
    return data


def test_totals_add_only_units_with_data_and_missing_is_the_sum_of_gaps(upper_db):
    """F4: A misses 100 people on indicator 2, B is over by 1: 100 are still missing, not 99; C
    has no workforce figures, so its attendees are not added to a total they have no denominator in."""
    files = [("a", _signed(_data("AA", total=102, attendees=[1, 2]))),
             ("b", _signed(_data("BB", total=1, attendees=[1, 2]))),
             ("c", _signed(_data("CC", total=0, attendees=[1, 2], workforce=False)))]
    assert consolidate_files(upper_db, files).exit_code == 0
    two = consolidated_totals(upper_db, "2025").report.get("2")
    assert (two.numerator, two.denominator, two.missing) == (4, 103, 100)
    one = consolidated_totals(upper_db, "2025").report.get("1")
    assert (one.numerator, one.denominator, one.missing) == (6, 6, 0)  # C's 3 members not added either


_HEAD_ROW = 5  # under the title block: indicator names, then Đạt / Tổng số / Tỷ lệ / Đánh giá


def test_a_unit_with_missing_data_is_never_all_met(upper_db):
    """F3: C has no workforce figures: 1 and 2 «Thiếu số liệu», so «Đạt tất cả» is not «Đạt» (it
    says «Thiếu số liệu») in the table, the PDF and the spreadsheet, though every other indicator is met."""
    full = _data("AA", total=3, attendees=[1, 2, 3])
    missing = _data("CC", total=0, attendees=[1, 2, 3], workforce=False)
    assert consolidate_files(upper_db, [("a", _signed(full)), ("c", _signed(missing))]).exit_code == 0
    rows = {u.code: u for u in consolidated_units(upper_db, "2025")}
    assert rows["AA"].all_met and not rows["AA"].missing_data
    assert not rows["CC"].all_met and rows["CC"].missing_data
    assert all(i.met for i in rows["CC"].indicators if i.id not in ("1", "2"))
    book = openpyxl.load_workbook(io.BytesIO(consolidated_xlsx(consolidated_report_data(upper_db, "2025"))))
    sheet = book["Đơn vị"]
    head = [c.value for c in sheet[_HEAD_ROW]]
    verdicts = {row[1]: row[head.index("Đạt tất cả")]
                for row in sheet.iter_rows(min_row=_HEAD_ROW + 2, values_only=True) if isinstance(row[0], int)}
    assert verdicts == {"AA": "Đạt", "CC": "Thiếu số liệu"}  # codes of 2-40 characters (DESIGN 6.3)
    from kh06_desktop.reports.consolidated import consolidated_pdf

    pdf = consolidated_pdf(consolidated_report_data(upper_db, "2025"))
    import pypdf

    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Thiếu số liệu" in text


def test_percentages_in_the_spreadsheet_round_half_up(upper_db):
    """F7: 1/16 = 6.25 % is 6.3 in the spreadsheet (as Excel's ROUND), and 6.25 in the JSON."""
    data = _data("AA", total=16, attendees=[1])
    assert consolidate_files(upper_db, [("a", _signed(data))]).exit_code == 0
    totals = consolidated_totals(upper_db, "2025")
    assert totals.report.get("2").percent == 6.25 and totals.report.get("2").percent_text() == "6,3 %"
    book = openpyxl.load_workbook(io.BytesIO(consolidated_xlsx(consolidated_report_data(upper_db, "2025"))))
    sheet = book["Đơn vị"]
    head = [c.value for c in sheet[_HEAD_ROW]]
    rate = sheet.cell(_HEAD_ROW + 2, next(k for k, v in enumerate(head) if str(v).startswith("CT 2:")) + 3)
    assert sheet.cell(_HEAD_ROW + 1, rate.column).value == "Tỷ lệ"
    # the exact fraction in Excel's 0.0% format, which Excel shows rounded half up: 6,3 %
    assert rate.value == 0.0625 and rate.number_format == "0.0%"


def test_claimed_figures_that_differ_are_refused_naming_both_values(upper_db):
    """F5: a unit (or anyone holding its key) that edits the carried figures is refused: the
    upper level recomputes them from the file's rows."""
    manifest, data = open_archive(make_file("U1"))
    forged = json.loads(json.dumps(data))
    one = next(i for i in forged["indicators"]["indicators"] if i["id"] == "1")
    one.update(numerator=9, percent=100.0, met=True, missing=0)
    outcome = consolidate_files(upper_db, [("f.kh06", repack(manifest, forged))]).outcomes[0]
    assert outcome.status == REFUSED
    assert "Chỉ tiêu 1" in outcome.reason and "9/9" in outcome.reason and "3/9" in outcome.reason

    huge = json.loads(json.dumps(data))
    next(i for i in huge["indicators"]["indicators"] if i["id"] == "1").update(
        numerator=2_147_483_647, denominator=1, percent=214748364700.0, met=True, missing=0)
    assert consolidate_files(upper_db, [("h.kh06", repack(manifest, huge))]).outcomes[0].status == REFUSED

    own_target = json.loads(json.dumps(data))
    next(i for i in own_target["indicators"]["indicators"] if i["id"] == "1").update(target=0, met=True, missing=0)
    outcome = consolidate_files(upper_db, [("t.kh06", repack(manifest, own_target))]).outcomes[0]
    assert outcome.status == REFUSED and "Chỉ tiêu 1" in outcome.reason
    assert consolidated_units(upper_db, "2025") == []


def test_a_file_edited_after_export_with_digests_recomputed_is_refused(upper_db):
    manifest, data = open_archive(make_file("U1"))
    data["workforce"][0]["eligible_workers"] = 3  # indicator 1 would then be 3/3
    data["indicators"] = real_indicators(data)
    # digests recomputed, but the editor does not hold the unit's key
    raw = repack(manifest, data, key=new_private_key())
    outcome = consolidate_files(upper_db, [("e.kh06", raw)]).outcomes[0]
    assert outcome.status == REFUSED and "Chữ ký" in outcome.reason
    # the signature removed altogether
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        members = {n: z.read(n) for n in z.namelist() if n != "manifest.sig"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    outcome = consolidate_files(upper_db, [("n.kh06", buffer.getvalue())]).outcomes[0]
    assert outcome.status == REFUSED and "manifest.sig" in outcome.reason


def test_a_pinned_unit_signed_by_another_key_is_refused_until_accepted(upper_db, tmp_path: Path, capsys):
    assert consolidate_files(upper_db, [("r1.kh06", make_file("U1"))]).exit_code == 0
    with upper_db.reading() as s:
        pinned = s.scalar(select(Unit.signing_key).where(Unit.code == "U1"))
    assert pinned == public_key_of(unit_key("U1"))
    intruder = new_private_key()
    other = _signed(minimal_data("U1", revision=2), key=intruder)
    outcome = consolidate_files(upper_db, [("r2.kh06", other)]).outcomes[0]
    assert outcome.status == REFUSED
    assert fingerprint(public_key_of(intruder)) in outcome.reason and fingerprint(pinned) in outcome.reason
    assert "--accept-new-key U1" in outcome.reason
    assert consolidated_units(upper_db, "2025")[0].revision == 1

    if upper_db.is_sqlite:  # the command line, once: kh06 consolidate --accept-new-key CODE
        path = tmp_path / "r2.kh06"
        path.write_bytes(other)
        assert main(["consolidate", "--db", str(upper_db.path), "--accept-new-key", "U1", str(path)]) == 0
        capsys.readouterr()
    else:
        assert consolidate_files(upper_db, [("r2.kh06", other)], accept_new_keys=["U1"]).exit_code == 0
    assert consolidated_units(upper_db, "2025")[0].revision == 2
    with upper_db.reading() as s:
        assert s.scalar(select(Unit.signing_key).where(Unit.code == "U1")) == public_key_of(intruder)
        audit = s.execute(select(AuditEntry.summary, AuditEntry.old_values).where(
            AuditEntry.action == "pin_key").order_by(AuditEntry.id)).all()
    assert len(audit) == 2 and "Chấp nhận khóa ký mới" in audit[1][0] and json.loads(audit[1][1])["signing_key"]
    # the newly accepted key is now the pinned one: the old key is refused in turn
    back = _signed(minimal_data("U1", revision=3), key=unit_key("U1"))
    assert consolidate_files(upper_db, [("r3.kh06", back)]).outcomes[0].status == REFUSED


def test_unit_fingerprint_and_file_digest_are_shown_per_unit(upper_db):
    raw = make_file("U1")
    consolidate_files(upper_db, [("u1.kh06", raw)])
    row = consolidated_units(upper_db, "2025")[0]
    import hashlib

    assert row.sha256 == hashlib.sha256(raw).hexdigest()
    assert row.key_fingerprint == fingerprint(public_key_of(unit_key("U1")))


def test_withdraw_makes_the_earlier_revision_current_again(upper_db):
    consolidate_files(upper_db, [("r1.kh06", make_file("U1"))])
    consolidate_files(upper_db, [("r2.kh06", make_file("U1", revision=2, members=5))])
    assert consolidated_units(upper_db, "2025")[0].revision == 2
    result = withdraw_submission(upper_db, "U1", "2025", "Gửi nhầm tệp")
    assert (result.withdrawn_revision, result.current_revision) == (2, 1)
    rows = consolidated_units(upper_db, "2025")
    assert rows[0].revision == 1 and rows[0].get("1").numerator == 3
    with upper_db.reading() as s:
        subs = s.execute(select(Submission.revision, Submission.current, Submission.withdrawn_reason)
                         .order_by(Submission.revision)).all()
        audit = s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "withdraw"))
    assert [tuple(r) for r in subs] == [(1, True, None), (2, False, "Gửi nhầm tệp")]
    assert "Gửi nhầm tệp" in audit and "lần sửa đổi 2" in audit
    # the unit can send a corrected revision 2 afterwards
    assert consolidate_files(upper_db, [("r2b.kh06", make_file("U1", revision=2, members=4))]).exit_code == 0
    assert consolidated_units(upper_db, "2025")[0].get("1").numerator == 4


def test_withdraw_on_the_command_line(tmp_path: Path, capsys):
    upper = tmp_path / "upper.db"
    path = tmp_path / "u1.kh06"
    path.write_bytes(make_file("U1"))
    assert main(["consolidate", "--db", str(upper), str(path)]) == 0
    assert main(["withdraw", "--db", str(upper), "--unit", "U1", "--period", "2025", "--reason", "Sai số liệu"]) == 0
    assert "kỳ này không còn tệp nào" in capsys.readouterr().out
    assert main(["withdraw", "--db", str(upper), "--unit", "U1", "--period", "2025", "--reason", "Lần nữa"]) == 2
    assert "không có tệp nào đang dùng" in capsys.readouterr().err


def test_unit_option_gives_the_periods_stored_submission(tmp_path: Path, capsys):
    """F6: the unit's rows at the upper level hold its newest period; --unit for an older period
    answers with that period's submission."""
    upper = tmp_path / "upper.db"
    first = tmp_path / "h1.kh06"
    first.write_bytes(make_file("U1", period="2025H1", members=3))
    later = tmp_path / "y.kh06"
    later.write_bytes(make_file("U1", period="2025", members=6))
    assert main(["consolidate", "--db", str(upper), str(first), str(later)]) == 0
    capsys.readouterr()
    assert main(["indicators", "--db", str(upper), "--period", "2025H1", "--unit", "U1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["indicators"][0]["numerator"] == 3
    assert main(["indicators", "--db", str(upper), "--period", "2025", "--unit", "U1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["indicators"][0]["numerator"] == 6


def test_sign_makes_a_file_of_another_tool_acceptable(tmp_path: Path, db, unit, capsys):
    """`kh06 sign --db PATH FILE`: a file built elsewhere (format 1, unsigned) is refused; signed
    with the unit database's key it is accepted, and that key is pinned."""
    data = minimal_data(unit.code, name=unit.name)
    body = encode_json(data)
    import hashlib

    manifest = {"format": "kh06-export", "format_version": 1, "unit_code": unit.code, "unit_name": unit.name,
                "period": "2025", "revision": 1, "generated_at": "2025-12-01T08:00:00+07:00", "app_version": "other",
                "personal_data": False,
                "files": {"data.json": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}}}
    path = tmp_path / "other.kh06"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("data.json", body)
    upper = tmp_path / "upper.db"
    assert main(["consolidate", "--db", str(upper), str(path)]) == 2
    assert "chưa có chữ ký" in capsys.readouterr().err
    assert main(["sign", "--db", str(db.path), str(path)]) == 0
    assert "Đã ký" in capsys.readouterr().out
    assert main(["consolidate", "--db", str(upper), str(path)]) == 0
    from kh06_desktop.services.common.signing import database_public_key
    from kh06_desktop.store.database import open_database

    upper_db = open_database(upper)
    try:
        with upper_db.reading() as s:
            assert s.scalar(select(Unit.signing_key).where(Unit.code == unit.code)) == database_public_key(db)
    finally:
        upper_db.close()


def test_unit_codes_on_the_command_line_are_normalised_like_the_files(tmp_path: Path, capsys):
    """DESIGN 6.3 Hygiene: `demo-1`, `DEMO-1 ` and a full-width code name one unit in every comparison,
    so `--unit` of `indicators`, `withdraw` and `review` finds the unit whatever way it is typed."""
    upper = tmp_path / "upper.db"
    path = tmp_path / "u1.kh06"
    path.write_bytes(make_file("U1", members=3))
    assert main(["init", "--db", str(upper), "--upper", "--code", "CD-KCN", "--name", "Công đoàn các KCN"]) == 0
    assert main(["consolidate", "--db", str(upper), str(path)]) == 0
    capsys.readouterr()
    for typed in ("u1", "U1 ", "Ｕ１"):
        assert main(["indicators", "--db", str(upper), "--period", "2025", "--unit", typed, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["indicators"][0]["numerator"] == 3
    out = tmp_path / "u1.kh06r"
    assert main(["review", "--db", str(upper), "--unit", "u1", "--period", "2025", "--status", "accepted",
                 "--out", str(out)]) == 0
    assert main(["withdraw", "--db", str(upper), "--unit", " u1", "--period", "2025", "--reason", "Gửi nhầm"]) == 0


def test_unit_option_for_a_period_without_a_file_in_use_says_so(tmp_path: Path, capsys):
    """`--unit` gives the unit's figures as consolidated: after its only file of the period was
    withdrawn (or for a period it never sent) there are none, and the rows left from its files are
    not presented as that period's figures (the totals leave the unit out too)."""
    upper = tmp_path / "upper.db"
    path = tmp_path / "u1.kh06"
    path.write_bytes(make_file("U1", period="2025", members=3))
    assert main(["consolidate", "--db", str(upper), str(path)]) == 0
    assert main(["withdraw", "--db", str(upper), "--unit", "U1", "--period", "2025", "--reason", "Nhầm"]) == 0
    capsys.readouterr()
    assert main(["indicators", "--db", str(upper), "--period", "2025", "--unit", "U1", "--json"]) == 2
    err = capsys.readouterr().err
    assert "U1" in err and "2025" in err and len(err.strip().splitlines()) == 1
    assert main(["indicators", "--db", str(upper), "--period", "2024", "--unit", "U1", "--json"]) == 2
    capsys.readouterr()
    assert main(["indicators", "--db", str(upper), "--period", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["indicators"][0]["denominator"] == 0


def test_accept_new_key_takes_the_code_however_it_is_typed(upper_db):
    """`--accept-new-key demo-1` names the unit DEMO-1: codes are compared normalised (DESIGN 6.3)."""
    consolidate_files(upper_db, [("a.kh06", make_file("U1"))])
    other = _signed(minimal_data("U1", revision=2), key=new_private_key())
    assert consolidate_files(upper_db, [("b.kh06", other)]).exit_code == 2
    accepted = consolidate_files(upper_db, [("b.kh06", other)], accept_new_keys=[" u1 "])
    assert accepted.exit_code == 0, accepted
