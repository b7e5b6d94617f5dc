"""Issue 10 at the unit: closed periods stay closed (F1), a closed period keeps the end date it
was closed with and the next period starts the day after it (F2), the workforce fallback by as-of
day is named (F8), and the export of a closed period is its snapshot, which the upper level
recomputes to the same figures."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from fixtures.member_sheets import simple_roster
from sqlalchemy import select

from kh06_desktop.cli import main
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.exchange.datafile_reader import read_datafile
from kh06_desktop.services.activities import studies, trainings
from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.exchange.export import export_datafile
from kh06_desktop.services.indicators.indicators import compute_indicators, gap_list
from kh06_desktop.services.members import members
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import reopen_period
from kh06_desktop.services.periods.periods import period_bounds
from kh06_desktop.services.reports.report_data import period_report_data
from kh06_desktop.services.unit.units import Workforce, get_workforce, set_workforce
from kh06_desktop.store.models import Position

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Tổ công đoàn", "Chức vụ công đoàn", "Ngày vào công đoàn"]


def _member(db, unit_id: int, name: str, joined: dt.date) -> int:  # type: ignore[no-untyped-def]
    fields = {"full_name": name, "gender": "Nữ", "birth_date": "01/02/1990", "join_date": joined}
    return members.create_member(db, unit_id, validate_member(fields).draft)


@pytest.fixture
def unit_2026(db, unit):  # type: ignore[no-untyped-def]
    set_workforce(db, unit.id, Workforce("2026H1", 12, 6, 10))
    for given in ("An", "Bình", "Chi", "Dung", "Giang", "Hà"):
        _member(db, unit.id, f"Nguyễn Thị {given}", dt.date(2020, 1, 1))
    training = trainings.create_training(db, unit.id, title="Tập huấn", start_date=dt.date(2026, 3, 1))
    study = studies.create_study(db, unit.id, topic="Quán triệt", date=dt.date(2026, 4, 1))
    return unit, training, study


def _numbers(report) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {i.id: (i.numerator, i.denominator) for i in report.indicators}


def test_closed_period_figures_do_not_move_after_late_imports(db, unit_2026, tmp_path: Path):
    """F1: after closing 2026H1, an import of members who joined inside it is refused, naming the
    period; members imported without a join date and their positions leave it unchanged."""
    unit, _training, _study = unit_2026
    close_period(db, unit.id, "2026H1", now=dt.datetime(2026, 6, 5, 9, 0))
    before = _numbers(compute_indicators(db, unit.id, "2026H1"))
    gaps_before = len(gap_list(db, unit.id, "2026H1", "2"))

    late = simple_roster(tmp_path / "late.xlsx", [
        ["Trần Văn Nam", "01/01/1990", "Nam", "Tổ 1", "Tổ trưởng", "01/01/2026"],
        ["Lê Thị Hoa", "02/02/1991", "Nữ", "Tổ 1", None, "01/02/2026"]], header=HEADER)
    plan = prepare_import(db, unit.id, late, today=dt.date(2026, 7, 1))
    assert not plan.ok and len(plan.errors) == 2
    assert all("6 tháng đầu năm 2026 đã chốt số liệu" in e.message and "mở lại kỳ 2026H1" in e.message
               for e in plan.errors)
    assert main(["import-members", "--db", str(db.path), str(late)]) == 1

    undated = simple_roster(tmp_path / "undated.xlsx", [
        ["Phạm Văn Tú", "01/01/1990", "Nam", "Tổ 1", "Tổ trưởng", None],
        ["Đỗ Thị Mai", "02/02/1991", "Nữ", "Tổ 1", None, None]], header=HEADER)
    plan = prepare_import(db, unit.id, undated, today=dt.date(2026, 7, 1))
    assert plan.ok and any("không làm thay đổi số liệu" in note for note in plan.notes)
    commit_import(db, unit.id, plan)
    with db.reading() as s:
        starts = set(s.scalars(select(Position.start_date).where(Position.role == "group_leader")))
    assert starts == {dt.date(2026, 7, 1)}  # imported positions start on the import day

    after = compute_indicators(db, unit.id, "2026H1")
    assert _numbers(after) == before
    assert len(gap_list(db, unit.id, "2026H1", "2")) == gaps_before
    # the open period after it sees the new people
    h2 = compute_indicators(db, unit.id, "2026")
    assert h2.get("1").numerator == before["1"][0] + 2


def test_closed_report_and_export_come_from_the_snapshot(db, unit_2026, tmp_path: Path, upper_db):
    unit, _training, _study = unit_2026
    close_period(db, unit.id, "2026H1", now=dt.datetime(2026, 6, 5, 9, 0))
    report_before = period_report_data(db, unit.id, "2026H1", today=dt.date(2026, 6, 6))
    with db.transaction() as s:  # a change behind the services' back (a restored row, another tool)
        from kh06_desktop.store.models import Member
        s.add(Member(unit_id=unit.id, full_name="Vũ Văn Hậu", given_name="Hậu", name_folded="vu van hau",
                     sort_key="hau", join_date=dt.date(2026, 2, 1), status="active"))
    report_after = period_report_data(db, unit.id, "2026H1", today=dt.date(2026, 6, 6))
    assert report_after.figures == report_before.figures and report_after.stamp.digest == report_before.stamp.digest
    result = export_datafile(db, unit.id, "2026H1", tmp_path / "h1.kh06")
    file = read_datafile(result.path)  # recomputed from the snapshot's rows: agrees
    assert file.data["period"]["closed"] is True and len(file.data["members"]) == 6
    assert file.data["indicators"]["indicators"][0]["numerator"] == 6
    from kh06_desktop.services.exchange.consolidation import consolidate_files, consolidated_units

    assert consolidate_files(upper_db, [result.path]).exit_code == 0
    # the printed report carries the key fingerprint and the exported file's digest, which the
    # upper level shows for the unit: the signed paper vouches for the file
    stamp = period_report_data(db, unit.id, "2026H1", today=dt.date(2026, 6, 6)).stamp
    row = consolidated_units(upper_db, "2026H1")[0]
    assert stamp.file_digest == result.sha256 == row.sha256
    assert stamp.key_fingerprint == row.key_fingerprint
    assert f"|key:{row.key_fingerprint.replace(' ', '')}|file:{result.sha256}" in stamp.qr_payload


def test_reopened_period_keeps_the_end_date_it_was_closed_with(db, unit, tmp_path: Path):
    """F2: half-year end set to 15/06, 2026H1 closed, set back to 31/05, reopened, exported: the
    file's end date and as-of day agree (15/06), and 2026H2 starts on 16/06, so a study session on
    16/06 counts in one half-year only."""
    set_workforce(db, unit.id, Workforce("2026H1", 12, 6, 10))
    _member(db, unit.id, "Nguyễn Thị Lan", dt.date(2020, 1, 1))
    set_setting(db, "half_year_end", "15/06")
    close_period(db, unit.id, "2026H1", now=dt.datetime(2026, 6, 20, 9, 0))
    set_setting(db, "half_year_end", "31/05")
    assert period_bounds(db, "2026H1", unit.id) == (dt.date(2025, 12, 1), dt.date(2026, 6, 15))
    reopen_period(db, unit.id, "2026H1", confirmed=True)
    assert period_bounds(db, "2026H1", unit.id)[1] == dt.date(2026, 6, 15)
    assert period_bounds(db, "2026", unit.id)[0] == dt.date(2025, 12, 1)
    result = export_datafile(db, unit.id, "2026H1", tmp_path / "h1.kh06")
    with zipfile.ZipFile(result.path) as z:
        data = json.loads(z.read("data.json"))
    assert data["period"]["end_date"] == data["indicators"]["as_of"] == "2026-06-15"
    read_datafile(result.path)  # the upper level recomputes as of 15/06 and agrees
    # H2 starts the day after H1's kept end (a period code ending H2 is not a year: 2026H2)
    assert period_bounds(db, "2026H2", unit.id)[0] == dt.date(2026, 6, 16)


def test_workforce_fallback_uses_the_same_as_of_day_and_says_so(db, unit, capsys):
    """F8: no figures for 2026H2 but a 2026 row (same as-of day) and a 2026H1 row: the year's."""
    set_workforce(db, unit.id, Workforce("2026H1", 20, 10, 20))
    set_workforce(db, unit.id, Workforce("2026", 40, 20, 40))
    assert get_workforce(db, unit.id, "2026H2").period == "2026"
    report = compute_indicators(db, unit.id, "2026H2")
    assert report.get("1").denominator == 40 and report.get("2").denominator == 40
    assert report.workforce_period == "2026" and report.workforce_fallback
    assert main(["indicators", "--db", str(db.path), "--period", "2026H2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["workforce_period"] == "2026"
    assert main(["indicators", "--db", str(db.path), "--period", "2026H2"]) == 0
    assert "dùng số liệu của kỳ năm 2026 (2026)" in capsys.readouterr().out
    # without a same-day row, the latest earlier period's, named too
    assert compute_indicators(db, unit.id, "2027H1").workforce_period == "2026"
    assert compute_indicators(db, unit.id, "2026H1").workforce_fallback is False


@pytest.mark.parametrize("period", ["2025H1", "2025H2", "2025"])
def test_the_upper_levels_recomputation_agrees_with_the_unit(db, unit, tmp_path: Path, period: str):
    """The same rules in SQL (the unit) and over the file's rows (the upper level): a file as
    exported is never refused for its figures."""
    from builders import populate

    populate(db, unit.id, members=60)
    result = export_datafile(db, unit.id, period, tmp_path / f"{period}.kh06", with_personal_data=True)
    file = read_datafile(result.path)
    assert file.data["indicators"] == compute_indicators(db, unit.id, period).to_json_dict()


def test_a_report_of_an_open_period_names_no_file_whose_data_changed_since(db, unit_2026, tmp_path: Path):
    """The paper vouches for the exported file by its digest: for an open period that is true only
    while nothing was written after the export. A member added since changes the figures, so the
    report no longer names that file; a closed period's file stays named (its figures are frozen)."""
    unit = unit_2026[0]
    day = dt.date(2026, 6, 6)
    result = export_datafile(db, unit.id, "2026H1", tmp_path / "open.kh06")
    assert period_report_data(db, unit.id, "2026H1", today=day).stamp.file_digest == result.sha256
    _member(db, unit.id, "Đinh Văn Hai", dt.date(2026, 3, 1))
    stamp = period_report_data(db, unit.id, "2026H1", today=day).stamp
    assert stamp.file_digest == "" and "|file:" not in stamp.qr_payload
    close_period(db, unit.id, "2026H1")
    closed = export_datafile(db, unit.id, "2026H1", tmp_path / "closed.kh06")
    _member(db, unit.id, "Đinh Văn Ba", dt.date(2026, 7, 1))  # after the closed period: allowed
    assert period_report_data(db, unit.id, "2026H1", today=day).stamp.file_digest == closed.sha256
