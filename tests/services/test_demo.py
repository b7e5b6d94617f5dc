"""The demo unit: realistic, complete enough for every page and the dashboard, deterministic."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kh06_desktop.domain.citizen_id import mismatch_warnings
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.demo.demo import create_demo
from kh06_desktop.services.members.members import list_member_rows
from kh06_desktop.services.unit.units import get_local_unit, list_workforce
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import (
    Activity,
    AuditEntry,
    HardshipCase,
    Position,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    WomenCommittee,
)

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    unit = create_demo(db, members=2000, seed=5, today=TODAY)
    yield db, unit
    db.close()


def test_unit_profile_and_members(demo) -> None:  # type: ignore[no-untyped-def]
    db, unit = demo
    assert get_local_unit(db) == unit
    assert unit.code == "DEMO-5" and unit.name.startswith("Công đoàn Công ty")
    rows = list_member_rows(db, unit.id, today=TODAY)
    assert len(rows) == 2000
    assert unit.chair_name in {r.full_name for r in rows if "chair" in r.roles}
    statuses = Counter(r.status for r in rows)
    assert 0 < statuses["left"] + statuses["transferred"] < 150  # a few transfers and leavers
    for row in rows:
        age = (TODAY - row.birth_date).days / 365.25
        assert 18 <= age <= 61 and row.join_date <= TODAY and row.birth_date < row.join_date
        if row.citizen_id:
            assert mismatch_warnings(row.citizen_id, row.birth_date, row.gender == "F") == []
    ids = [r.citizen_id for r in rows if r.citizen_id]
    assert len(ids) == len(set(ids)) > 1500


def test_names_follow_real_frequencies(demo) -> None:  # type: ignore[no-untyped-def]
    db, unit = demo
    rows = list_member_rows(db, unit.id, today=TODAY)
    families = Counter(r.full_name.split(" ")[0] for r in rows)
    assert 0.32 < families["Nguyễn"] / len(rows) < 0.44
    assert families["Nguyễn"] > families["Trần"] > families["Phạm"]
    assert families["Lê"] > families["Đặng"]
    assert sum(1 for r in rows if r.gender == "F" and " Thị " in f" {r.full_name} ") > 0.4 * sum(
        1 for r in rows if r.gender == "F")
    two_syllable = [r for r in rows if " " in r.given_name]
    assert two_syllable and all(r.full_name.endswith(r.given_name) for r in two_syllable)
    assert [r.sort_key for r in rows] == sorted(r.sort_key for r in rows)


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_committee_and_group_leads(demo) -> None:  # type: ignore[no-untyped-def]
    db, unit = demo
    rows = list_member_rows(db, unit.id, today=TODAY)
    roles = Counter(role for r in rows for role in r.roles)
    bch = roles["chair"] + roles["vice_chair"] + roles["bch_member"]
    assert roles["chair"] == 1 and 1 <= roles["vice_chair"] <= 2 and 9 <= bch <= 15
    groups = {r.group_id for r in rows if r.status == "active"}
    assert roles["group_leader"] == len(groups) and roles["group_deputy"] >= len(groups) - 2
    with db.reading() as session:
        committee = session.scalars(select(WomenCommittee)).one()
        ended = session.scalar(select(func.count()).select_from(Position).where(Position.end_date.is_not(None)))
    assert committee.established and committee.decision_number.endswith("/QĐ-CĐCS")
    assert roles["women_head"] == 1 and 3 <= roles["women_head"] + roles["women_deputy"] + roles["women_member"]
    assert ended >= 1  # history: a committee member who left during the term


def test_activity_data_for_the_dashboard(demo) -> None:  # type: ignore[no-untyped-def]
    db, unit = demo
    rows = list_member_rows(db, unit.id, today=TODAY)
    active = [r for r in rows if r.status == "active"]
    bch = {r.id for r in active if {"chair", "vice_chair", "bch_member"} & set(r.roles)}
    leads = {r.id for r in active if {"group_leader", "group_deputy"} & set(r.roles)}
    with db.reading() as session:
        trained = set(session.scalars(select(TrainingAttendee.member_id)))
        studied = set(session.scalars(select(StudyAttendee.member_id)))
        visited = session.scalar(select(func.count(func.distinct(SupportVisit.case_id))))
        outsiders = session.scalar(select(func.sum(StudySession.non_member_count)))
        solution_groups = set(session.scalars(select(Activity.solution_group)))
        texts = session.scalars(select(Activity.text)).all()
        first_training = session.scalar(select(func.min(Training.start_date)))
    assert len(bch & trained) >= 0.8 * len(bch)
    assert len(leads & trained) >= 0.7 * len(leads)
    assert len(studied) > 0.6 * len(rows) and outsiders > 0
    cases = _count(db, HardshipCase)
    assert 0.015 * len(rows) <= cases <= 0.025 * len(rows) and visited >= 0.75 * cases
    assert solution_groups == set(range(1, 8)) and any("Nghị quyết 02-NQ/TW" in t for t in texts)
    assert first_training >= Period(TODAY.year - 1, 1).start_date()
    workforce = {w.period: w for w in list_workforce(db, unit.id)}
    assert {"2025H1", "2025H2", "2025", "2026H1"} <= set(workforce)
    assert workforce["2025"] == workforce["2025H2"].__class__("2025", *[
        getattr(workforce["2025H2"], f) for f in ("total_workers", "female_workers", "eligible_workers")])
    for figures in workforce.values():
        end = Period.parse(figures.period).end_date()
        members = sum(1 for r in rows if r.join_date <= end and (r.status == "active" or r.status_date > end))
        assert members <= figures.eligible_workers <= figures.total_workers
    with db.reading() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "demo")).one()
    assert "2000 đoàn viên" in audit.summary


def test_same_seed_same_unit_other_seed_other_unit(tmp_path: Path) -> None:
    def names(seed: int, name: str) -> list[tuple]:
        db = open_database(tmp_path / name)
        try:
            unit = create_demo(db, members=120, seed=seed, today=TODAY)
            return [(r.full_name, r.birth_date, r.citizen_id, r.group_name, r.roles)
                    for r in list_member_rows(db, unit.id, today=TODAY)]
        finally:
            db.close()

    first = names(11, "a.db")
    assert first == names(11, "b.db")
    assert first != names(12, "c.db")


def test_refused_when_a_unit_exists_or_size_is_wrong(db, unit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Conflict, match="đã có đơn vị"):
        create_demo(db, members=10)
    with pytest.raises(InvalidInput):
        create_demo(db, members=0)


def test_tiny_units_work(tmp_path: Path) -> None:
    for size in (1, 9, 25):
        db = open_database(tmp_path / f"n{size}.db")
        try:
            unit = create_demo(db, members=size, seed=size, today=TODAY)
            rows = list_member_rows(db, unit.id, today=TODAY)
            assert len(rows) == size and sum("chair" in r.roles for r in rows) == 1
        finally:
            db.close()
