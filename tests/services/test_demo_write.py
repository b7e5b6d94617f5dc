"""The demo's fast SQLite load (driver-ready tuples, attendance through json_each, indexes rebuilt
in a helper thread) stores exactly what the plain Core path stores, and a cancel leaves nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kh06_desktop.services.demo import demo_write
from kh06_desktop.services.demo.demo import create_demo
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import Member, StudyAttendee, Unit

TODAY = dt.date(2026, 3, 10)
TABLES = ("unit", "union_group", "member", "position", "women_committee", "workforce_snapshot", "training",
          "training_attendee", "study_session", "study_attendee", "hardship_case", "support_visit", "activity")


def _dump(path: Path) -> dict[str, list[tuple]]:
    db = open_database(path)
    try:
        with db.reading() as session:
            out = {}
            for table in TABLES:
                columns = [row[1] for row in session.execute(text(f"PRAGMA table_info({table})"))]
                # typeof() too: the same text, integers and NULLs, not just equal-looking values.
                picks = ", ".join(f"{c}, typeof({c})" for c in columns if c not in ("created_at", "updated_at"))
                out[table] = session.execute(text(f"SELECT {picks} FROM {table} ORDER BY 1, 3")).all()
            out["indexes"] = session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")).all()
            return out
    finally:
        db.close()


def test_fast_path_stores_what_the_core_path_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = open_database(tmp_path / "fast.db")
    create_demo(fast, members=1500, seed=3, today=TODAY)
    fast.close()
    monkeypatch.setattr(demo_write, "is_sqlite", lambda session: False)  # the generic path of other databases
    plain = open_database(tmp_path / "plain.db")
    create_demo(plain, members=1500, seed=3, today=TODAY)
    plain.close()
    expected, got = _dump(tmp_path / "plain.db"), _dump(tmp_path / "fast.db")
    assert len(got["member"]) == 1500 and len(got["study_attendee"]) > 1500
    for table in expected:
        assert got[table] == expected[table], table


class _CancelAfterFirstChunk:
    def __init__(self) -> None:
        self.reports = 0

    def report(self, done: int, total: int, message: str) -> None:
        self.reports += 1

    def check(self) -> None:
        if self.reports >= 2:
            raise RuntimeError("cancelled")


def test_cancel_during_the_load_leaves_nothing_and_the_indexes_intact(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.db")
    try:
        with db.reading() as session:
            indexes = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")).all()
        with pytest.raises(RuntimeError, match="cancelled"):
            create_demo(db, members=30_000, seed=2, today=TODAY, progress=_CancelAfterFirstChunk())
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Member)) == 0
            assert session.scalar(select(func.count()).select_from(StudyAttendee)) == 0
            assert session.scalar(select(func.count()).select_from(Unit)) == 0
            assert session.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")).all() == indexes
        unit = create_demo(db, members=200, seed=2, today=TODAY)  # and the database still works
        assert unit.chair_name
    finally:
        db.close()
