"""`kh06 indicators`: the JSON contract, the Vietnamese table, units at the upper level, errors."""

from __future__ import annotations

import datetime as dt
import json

from kh06_indicator_fixtures import UnitBuilder

from kh06_desktop.cli import indicators_cmd, main
from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.common.settings import set_setting
from kh06_desktop.services.indicators.indicators import compute_indicators
from kh06_desktop.services.unit.units import UnitProfile, setup_unit
from kh06_desktop.store.database import open_database

D = dt.date


def _fill(db, unit_id: int) -> None:  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit_id)
    people = b.members(4)
    b.position(people[0], "chair")
    b.position(people[1], "bch_member")
    b.training(D(2025, 3, 1), [people[0]])
    b.study(D(2025, 2, 1), people[:3], non_members=2)


def test_json_is_the_design_object(db, unit, capsys) -> None:  # type: ignore[no-untyped-def]
    _fill(db, unit.id)
    path = str(db.path)
    assert main(["indicators", "--db", path, "--period", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == compute_indicators(db, unit.id, "2025").to_json_dict()
    assert data["unit_code"] == "CDCS-TEST" and data["period"] == "2025" and data["as_of"] == "2025-11-30"
    assert [i["id"] for i in data["indicators"]] == ["1", "2", "3", "4a", "4b", "5"]
    first = data["indicators"][0]
    assert set(first) == {"id", "numerator", "denominator", "percent", "target", "met", "missing"}
    assert data["indicators"][3] == {"id": "4a", "numerator": 1, "denominator": 2, "percent": 50.0, "target": 100.0,
                                     "met": False, "missing": 1}
    assert data["indicators"][2]["percent"] is None  # no hardship case


def test_table_is_vietnamese(db, unit, capsys) -> None:  # type: ignore[no-untyped-def]
    _fill(db, unit.id)
    assert main(["indicators", "--db", str(db.path), "--period", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Ủy viên BCH được tập huấn" in out and "50,0 %" in out and "Chưa đạt" in out
    assert "30/11/2025" in out and "Không áp dụng" in out


def test_upper_level_unit_and_totals(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The plain sum is the fallback when the consolidation offers no totals of its own.
    monkeypatch.setattr(indicators_cmd, "TOTALS_MODULE", "kh06_desktop.services.no_such_totals_module")
    db = open_database(tmp_path / "upper.db")
    try:
        set_setting(db, "mode", "upper")
        set_setting(db, "upper_code", "CDCT-VN")
        with db.transaction() as session:
            from kh06_desktop.store.models import Unit, WorkforceSnapshot
            for code in ("DV-A", "DV-B"):
                row = Unit(code=code, name=f"Công đoàn {code}", sector=Sector.NON_STATE.value, is_local=False)
                session.add(row)
                session.flush()
                session.add(WorkforceSnapshot(unit_id=row.id, period="2025", total_workers=10, female_workers=3,
                                              eligible_workers=10))
        from kh06_desktop.services.unit.units import get_unit_by_code
        _fill(db, get_unit_by_code(db, "DV-A").id)
        path = str(tmp_path / "upper.db")
        assert main(["indicators", "--db", path, "--period", "2025", "--unit", "DV-A", "--json"]) == 0
        one = json.loads(capsys.readouterr().out)
        assert one["unit_code"] == "DV-A" and one["indicators"][0]["numerator"] == 4
        assert main(["indicators", "--db", path, "--period", "2025", "--json"]) == 0
        total = json.loads(capsys.readouterr().out)
        assert total["unit_code"] == "CDCT-VN"
        assert (total["indicators"][0]["numerator"], total["indicators"][0]["denominator"]) == (4, 20)
    finally:
        db.close()


def test_errors_are_one_vietnamese_line(db, unit, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["indicators", "--db", str(db.path), "--period", "2025H3"]) == 2
    assert "Kỳ báo cáo không hợp lệ" in capsys.readouterr().err
    assert main(["indicators", "--db", str(db.path), "--period", "2025", "--unit", "KHONG-CO"]) == 2
    assert "KHONG-CO" in capsys.readouterr().err
    assert main(["indicators", "--db", str(tmp_path / "missing.db"), "--period", "2025"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_database_without_unit(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "empty.db")
    db.close()
    assert main(["indicators", "--db", str(tmp_path / "empty.db"), "--period", "2025"]) == 2
    assert "chưa có thông tin đơn vị" in capsys.readouterr().err
    _ = setup_unit, UnitProfile  # names kept for readers building a unit by hand
