"""Benchmark: the six indicators for a unit of 100,000 members.

Data (Core bulk inserts): 100,000 members in 500 groups, 15 BCH members, 1,000 group leaders and
deputies, 50 trainings (60 attendees each), 100 study sessions (1,500 attendees each, 150,000
attendance rows), 2,000 hardship cases with ~1,500 supports. Target: ≤ 200 ms for all six.

Run: python tests/benchmarks/bench_indicators.py [--members N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from kh06_desktop.domain.enums import Sector
from kh06_desktop.services.indicators.indicators import compute_indicators, gap_list
from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import (
    HardshipCase,
    Member,
    Position,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
)

D = dt.date


def build(path: Path, members: int, seed: int = 6) -> int:
    rng = random.Random(seed)
    db = open_database(path)
    unit = setup_unit(db, UnitProfile(code="BENCH", name="Công đoàn Tổng công ty Benchmark",
                                      sector=Sector.STATE_ENTERPRISE),
                      Workforce("2025", members + members // 10, members // 2, members + members // 20))
    groups = max(members // 200, 1)
    with db.transaction() as session:
        session.execute(insert(UnionGroup), [
            {"id": g + 1, "unit_id": unit.id, "name": f"Tổ {g + 1}", "name_folded": f"to {g + 1}"}
            for g in range(groups)])
        session.execute(insert(Member), [
            {"id": i + 1, "unit_id": unit.id, "full_name": f"Nguyễn Văn Người {i + 1}", "given_name": "Người",
             "name_folded": f"nguyen van nguoi {i + 1}", "sort_key": f"nguoi|van|nguyen|{i + 1:07d}",
             "gender": "F" if rng.random() < 0.45 else "M", "join_date": D(2010 + i % 16, 1 + i % 12, 1),
             "status": "left" if i % 50 == 0 else "active",
             "status_date": D(2025, 3, 1) if i % 50 == 0 else None, "group_id": 1 + i % groups}
            for i in range(members)])
        positions = [{"member_id": i + 1, "role": "bch_member" if i else "chair", "start_date": D(2023, 5, 1)}
                     for i in range(1, 16)]
        positions += [{"member_id": 100 + g * 2 + k, "role": ("group_leader", "group_deputy")[k],
                       "start_date": D(2023, 5, 1), "group_id": g + 1} for g in range(groups) for k in (0, 1)]
        session.execute(insert(Position), positions)
        session.execute(insert(Training), [
            {"id": t + 1, "unit_id": unit.id, "title": f"Tập huấn {t + 1}",
             "start_date": D(2023 + t % 3, 3, 1 + t % 28)} for t in range(50)])
        leaders = [p["member_id"] for p in positions]
        session.execute(insert(TrainingAttendee), [
            {"training_id": t + 1, "member_id": m}
            for t in range(50)
            for m in set(rng.sample(leaders, min(40, len(leaders))) + rng.sample(range(1, members), 20))])
        session.execute(insert(StudySession), [
            {"id": s + 1, "unit_id": unit.id, "topic": f"Học tập {s + 1}", "date": D(2024 + s % 2, 1 + s % 12, 10),
             "non_member_count": s % 7} for s in range(100)])
        session.execute(insert(StudyAttendee), [
            {"session_id": s + 1, "member_id": m} for s in range(100)
            for m in rng.sample(range(1, members + 1), min(1500, members))])
        session.execute(insert(HardshipCase), [
            {"id": c + 1, "unit_id": unit.id, "member_id": rng.randrange(1, members + 1), "reason": "Ốm đau",
             "opened_on": D(2023 + c % 3, 1 + c % 12, 5), "closed_on": D(2025, 2, 1) if c % 5 == 0 else None}
            for c in range(2000)])
        session.execute(insert(SupportVisit), [
            {"case_id": c + 1, "date": D(2025, 1 + c % 11, 15), "kind": "visit", "value_vnd": 500_000}
            for c in range(2000) if c % 4])
    db.close()
    return unit.id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        unit_id = build(path, args.members)
        print(f"built {args.members:,} members in {time.perf_counter() - started:.1f} s")
        db = open_database(path)
        compute_indicators(db, unit_id, "2025")  # warm the page cache once
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = compute_indicators(db, unit_id, "2025")
            timings.append((time.perf_counter() - started) * 1000)
        for item in report.indicators:
            print(f"  {item.id:<3} {item.numerator:>7}/{item.denominator:<7} {item.percent}")
        print(f"compute_indicators (6 indicators): median {statistics.median(timings):.1f} ms, "
              f"min {min(timings):.1f} ms, max {max(timings):.1f} ms over {args.repeat} runs (target ≤ 200 ms)")
        for indicator_id in ("2", "3", "4a"):
            started = time.perf_counter()
            gaps = gap_list(db, unit_id, "2025", indicator_id)
            print(f"gap_list {indicator_id}: {len(gaps):,} items in {(time.perf_counter() - started) * 1000:.1f} ms")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
