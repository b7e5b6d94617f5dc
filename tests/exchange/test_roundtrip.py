"""Round trip: a unit's data file consolidated at the upper level gives the same six indicators
as the unit computed (services, stored submission and `kh06 indicators --json`)."""

from __future__ import annotations

import json
import zipfile

import pytest
from builders import populate

from kh06_desktop.cli import main
from kh06_desktop.domain.enums import Sector
from kh06_desktop.exchange.datafile_reader import read_datafile
from kh06_desktop.services.exchange.consolidation import consolidate_files, consolidated_totals, consolidated_units
from kh06_desktop.services.exchange.export import export_datafile, export_history
from kh06_desktop.services.indicators.indicators import compute_indicators
from kh06_desktop.services.unit.units import get_unit_by_code
from kh06_desktop.store.database import open_database


@pytest.fixture
def unit_file(db, unit, tmp_path):
    populate(db, unit.id, members=40)
    result = export_datafile(db, unit.id, "2025", tmp_path / "unit.kh06")
    return db, unit, result


def test_export_writes_manifest_data_and_record(unit_file):
    db, unit, result = unit_file
    with zipfile.ZipFile(result.path) as archive:
        assert archive.namelist() == ["manifest.json", "manifest.sig", "data.json"]
        manifest = json.loads(archive.read("manifest.json"))
        data = json.loads(archive.read("data.json"))
    assert manifest["format"] == "kh06-export" and manifest["format_version"] == 2
    assert (manifest["unit_code"], manifest["period"], manifest["revision"]) == ("CDCS-TEST", "2025", 1)
    assert manifest["personal_data"] is False
    assert len(data["members"]) == 40 and result.members == 40
    # personal data and health details stay at the unit
    assert not any(key in m for m in data["members"] for key in ("citizen_id", "phone", "birth_date", "note"))
    assert "details" not in data["hardship_cases"][0]
    assert data["indicators"] == compute_indicators(db, unit.id, "2025").to_json_dict()
    history = export_history(db, unit.id)
    assert [(h.period, h.revision, h.file_name, h.sha256) for h in history] == [
        ("2025", 1, "unit.kh06", result.sha256)]


def test_export_with_personal_data(db, unit, tmp_path):
    populate(db, unit.id, members=5)
    result = export_datafile(db, unit.id, "2025", tmp_path / "p.kh06", with_personal_data=True)
    file = read_datafile(result.path)
    assert file.manifest["personal_data"] is True
    assert file.data["members"][0]["citizen_id"] == "000000001000"
    assert export_history(db, unit.id)[0].with_personal_data is True


def test_round_trip_gives_the_same_indicators(unit_file, upper_db, capsys):
    db, unit, result = unit_file
    at_unit = compute_indicators(db, unit.id, "2025").to_json_dict()
    outcome = consolidate_files(upper_db, [result.path])
    assert [o.status for o in outcome.outcomes] == ["accepted"]
    consolidated = get_unit_by_code(upper_db, "CDCS-TEST")
    assert consolidated is not None and not consolidated.is_local
    assert compute_indicators(upper_db, consolidated.id, "2025").to_json_dict() == at_unit
    (row,) = consolidated_units(upper_db, "2025")
    assert [(i.id, i.numerator, i.denominator, i.met) for i in row.indicators] == [
        (i["id"], i["numerator"], i["denominator"], i["met"]) for i in at_unit["indicators"]]
    totals = consolidated_totals(upper_db, "2025")
    assert totals.units == 1 and totals.sector(Sector.STATE_ENTERPRISE).units == 1
    if upper_db.is_sqlite:  # the command line on the same file
        assert main(["indicators", "--db", str(upper_db.path), "--unit", "CDCS-TEST", "--period", "2025",
                     "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == at_unit


def test_demo_unit_round_trip(tmp_path, upper_db):
    demo = pytest.importorskip("kh06_desktop.services.demo.demo")
    unit_db = open_database(tmp_path / "demo.db")
    try:
        info = demo.create_demo(unit_db, members=120, seed=7)
        for period in ("2025H1", "2025"):
            at_unit = compute_indicators(unit_db, info.id, period).to_json_dict()
            path = export_datafile(unit_db, info.id, period, tmp_path / f"demo-{period}.kh06").path
            assert consolidate_files(upper_db, [path]).exit_code == 0
            upper_unit = get_unit_by_code(upper_db, info.code)
            assert compute_indicators(upper_db, upper_unit.id, period).to_json_dict() == at_unit
    finally:
        unit_db.close()
