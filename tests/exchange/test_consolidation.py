"""Consolidation at the upper level, on SQLite and PostgreSQL: replacement with history, rows
replaced whole, people in two units, the consolidated table, filters and totals by sector."""

from __future__ import annotations

import json

from builders import make_file, minimal_data, unit_key
from sqlalchemy import func, select

from kh06_desktop.domain.enums import Sector
from kh06_desktop.exchange.datafile import archive_bytes
from kh06_desktop.services.exchange.consolidation import (
    consolidate_files,
    consolidated_indicators,
    consolidated_totals,
    consolidated_units,
    duplicate_people,
    filter_units,
    is_upper_database,
    submission_history,
)
from kh06_desktop.services.groups.groups import create_group
from kh06_desktop.services.unit.units import get_unit_by_code
from kh06_desktop.store.models import AuditEntry, Member, Submission


def test_new_database_becomes_upper_and_rows_are_stored(upper_db):
    result = consolidate_files(upper_db, [("a.kh06", make_file("U1", members=5))])
    assert result.exit_code == 0 and is_upper_database(upper_db)
    unit = get_unit_by_code(upper_db, "U1")
    with upper_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.unit_id == unit.id)) == 5
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 1
    # ids allocated by the import leave ordinary inserts working (PostgreSQL sequences moved on)
    assert create_group(upper_db, unit.id, "Tổ mới") > 0


def test_newer_revision_replaces_rows_and_keeps_history(upper_db):
    consolidate_files(upper_db, [("r1.kh06", make_file("U1", members=5))])
    result = consolidate_files(upper_db, [("r2.kh06", make_file("U1", revision=2, members=3))])
    (outcome,) = result.outcomes
    assert outcome.status == "replaced" and outcome.reason.startswith("Thay lần sửa đổi 1 nhận ngày")
    unit = get_unit_by_code(upper_db, "U1")
    with upper_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.unit_id == unit.id)) == 3
        subs = s.execute(select(Submission.revision, Submission.current).order_by(Submission.id)).all()
    assert [tuple(x) for x in subs] == [(1, False), (2, True)]
    assert [(h[0], h[2], h[4]) for h in submission_history(upper_db, "U1")] == [("U1", 2, True), ("U1", 1, False)]
    assert [u.revision for u in consolidated_units(upper_db, "2025")] == [2]


def test_an_older_period_does_not_replace_the_newer_rows(upper_db):
    consolidate_files(upper_db, [("y.kh06", make_file("U1", "2025", members=6))])
    result = consolidate_files(upper_db, [("h1.kh06", make_file("U1", "2025H1", members=2))])
    assert result.exit_code == 0
    unit = get_unit_by_code(upper_db, "U1")
    with upper_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.unit_id == unit.id)) == 6
    assert [u.code for u in consolidated_units(upper_db, "2025H1")] == ["U1"]


def test_people_in_two_units_are_listed(upper_db):
    consolidate_files(upper_db, [("a.kh06", make_file("U1", cid_base=7000, members=3)),
                                 ("b.kh06", make_file("U2", cid_base=7002, members=3)),
                                 ("c.kh06", make_file("U3", members=3))])
    people = duplicate_people(upper_db)
    assert [(p.citizen_id, p.unit_code) for p in people] == [("000000007002", "U1"), ("000000007002", "U2")]


def _file(code: str, sector: str, established: bool, eligible: bool = True, bch_trained: int = 2) -> bytes:
    data = minimal_data(code, sector=sector, established=established, eligible=eligible, bch_trained=bch_trained)
    raw, _ = archive_bytes(data, unit_code=code, unit_name=data["unit"]["name"], period="2025", revision=1,
                           personal_data=False, private_key=unit_key(code))
    return raw


def test_totals_by_sector_and_target_five(upper_db):
    files = [
        ("p1", _file("P1", "public_service", True)), ("p2", _file("P2", "public_service", False)),
        ("s1", _file("S1", "state_enterprise", True)),
        # non-state: 7 of 10 eligible units have a committee (70 %: met); one more is not eligible
        *[(f"n{i}", _file(f"N{i}", "non_state", i < 7)) for i in range(10)],
        ("nx", _file("NX", "non_state", False, eligible=False, bch_trained=1)),
    ]
    assert consolidate_files(upper_db, files).exit_code == 0
    totals = consolidated_totals(upper_db, "2025")
    assert totals.units == 14
    five = {s.sector: s.get("5") for s in totals.by_sector}
    assert (five[Sector.PUBLIC_SERVICE].numerator, five[Sector.PUBLIC_SERVICE].denominator) == (1, 2)
    assert five[Sector.PUBLIC_SERVICE].target == 100 and not five[Sector.PUBLIC_SERVICE].met
    assert five[Sector.STATE_ENTERPRISE].met
    assert (five[Sector.NON_STATE].numerator, five[Sector.NON_STATE].denominator) == (7, 10)
    assert five[Sector.NON_STATE].target == 70 and five[Sector.NON_STATE].met
    overall = totals.report.get("5")
    assert (overall.numerator, overall.denominator, overall.met) == (9, 13, False)  # public service not met
    # no blended target: one result per sector against its own target
    assert overall.target is None
    assert [(p.sector, p.numerator, p.denominator, p.target, p.met) for p in overall.parts] == [
        ("public_service", 1, 2, 100.0, False), ("state_enterprise", 1, 1, 100.0, True),
        ("non_state", 7, 10, 70.0, True)]
    assert totals.report.get("4a").numerator == 2 * 13 + 1 and totals.report.get("4a").denominator == 28
    as_json = totals.to_json_dict()
    assert as_json["by_sector"]["non_state"]["units"] == 11
    assert [i["id"] for i in as_json["indicators"]] == ["1", "2", "3", "4a", "4b", "5"]
    assert as_json["indicators"][5]["target"] is None and len(as_json["indicators"][5]["by_sector"]) == 3
    assert consolidated_indicators(upper_db, "2025").to_json_dict()["indicators"] == as_json["indicators"]

    rows = consolidated_units(upper_db, "2025")
    assert [r.code for r in filter_units(rows, sector=Sector.PUBLIC_SERVICE)] == ["P1", "P2"]
    assert [r.code for r in filter_units(rows, met=False, indicator_id="5")] == ["P2", "N7", "N8", "N9"]
    assert [r.code for r in filter_units(rows, met=False, indicator_id="4a")] == ["NX"]
    # indicator 1 (3/9) is not met in these files, so no unit meets all of its targets
    assert filter_units(rows, met=True) == [] and len(filter_units(rows, met=False)) == 14


def test_stored_indicators_are_the_units_own(upper_db):
    consolidate_files(upper_db, [("a.kh06", make_file("U1"))])
    with upper_db.reading() as s:
        stored = json.loads(s.scalar(select(Submission.indicators_json)))
    assert stored == minimal_data("U1")["indicators"]


def test_key_order_in_a_file_does_not_matter(upper_db):
    """Rows go in positionally; a file writing its keys in another order must land the same."""
    from kh06_desktop.store.models import WorkforceSnapshot

    data = minimal_data("U2")
    data["workforce"] = [dict(reversed(list(w.items()))) for w in data["workforce"]]
    data["activities"] = [dict(reversed(list(a.items()))) for a in data["activities"]]
    raw, _ = archive_bytes(data, unit_code="U2", unit_name=data["unit"]["name"], period="2025", revision=1,
                           personal_data=False, private_key=unit_key("U2"))
    assert consolidate_files(upper_db, [("a.kh06", make_file("U1")), ("b.kh06", raw)]).exit_code == 0
    with upper_db.reading() as s:
        rows = s.execute(select(WorkforceSnapshot.period, WorkforceSnapshot.total_workers,
                                WorkforceSnapshot.eligible_workers).order_by(WorkforceSnapshot.id)).all()
    assert [tuple(r) for r in rows] == [("2025", 10, 9), ("2025", 10, 9)]
