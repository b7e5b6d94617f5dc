"""Benchmark of the update from an updated list against the plain import, in the same run.

    python tests/benchmarks/bench_member_update.py [--members 100000] [--repeat 1]

A demo unit of N members is exported (the HR list of last half-year); a copy of it is changed the
way half a year changes a staff list — every 20th member's phone, every 50th name corrected,
every 50th member gone, 2 % new people — and exported again (the updated list). Then:

- plain: a new database imports the first list (what the update is measured against);
- update: that database is updated from the second list (absent members marked as left).

Target (issue 13): update ≤ 2 × plain on 100,000 members.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kh06_desktop.domain.enums import Sector  # noqa: E402
from kh06_desktop.services.demo.demo import create_demo  # noqa: E402
from kh06_desktop.services.members.member_export import export_members  # noqa: E402
from kh06_desktop.services.members.member_import import commit_import, prepare_import  # noqa: E402
from kh06_desktop.services.members.member_update import commit_update, prepare_update  # noqa: E402
from kh06_desktop.services.unit.units import UnitProfile, setup_unit  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402


def change_half_a_year(path: Path) -> None:
    """The staff list six months later, written into a copy of the demo database."""
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE member SET phone = '09' || substr('00000000' || id, -8, 8) WHERE id % 20 = 0")
        connection.execute("UPDATE member SET full_name = full_name || ' Anh', given_name = 'Anh' "
                           "WHERE id % 50 = 7")
        connection.execute("UPDATE member SET status = 'left', status_date = '2025-01-01' WHERE id % 50 = 3")
        columns = ("unit_id, full_name, given_name, name_folded, sort_key, gender, birth_date, citizen_id, "
                   "card_number, group_id, department, join_date, status, phone, created_at, updated_at")
        connection.execute(
            f"INSERT INTO member ({columns}) SELECT unit_id, full_name || ' Mới', 'Mới', name_folded || ' moi', "
            "sort_key, gender, date(birth_date, '+1 day'), NULL, NULL, group_id, department, join_date, 'active', "
            "NULL, created_at, updated_at FROM member WHERE id % 50 = 11 AND status = 'active'")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    n = args.members
    folder = Path(tempfile.mkdtemp(prefix="kh06-bench-update-"))
    try:
        demo = open_database(folder / "demo.db")
        create_demo(demo, members=n, seed=1)
        written = export_members(demo, 1, folder / "before.xlsx")
        demo.close()
        shutil.copy(folder / "demo.db", folder / "later.db")
        change_half_a_year(folder / "later.db")
        later = open_database(folder / "later.db")
        rows_after = export_members(later, 1, folder / "after.xlsx")
        later.close()
        print(f"KH06 update benchmark: {written:_} members listed, updated list of {rows_after:_} rows; "
              f"median of {args.repeat} (wall / CPU)".replace("_", "."))
        plain, update, detail = [], [], []
        for i in range(args.repeat):
            db = open_database(folder / f"unit-{i}.db")
            unit = setup_unit(db, UnitProfile(code="BENCH", name="Công đoàn thử", sector=Sector.NON_STATE))
            wall, cpu = time.perf_counter(), time.process_time()
            plan = prepare_import(db, unit.id, folder / "before.xlsx")
            assert plan.ok, plan.errors[:3]
            commit_import(db, unit.id, plan)
            plain.append((time.perf_counter() - wall, time.process_time() - cpu))
            wall, cpu = time.perf_counter(), time.process_time()
            update_plan = prepare_update(db, unit.id, folder / "after.xlsx", missing="left")
            assert update_plan.ok, update_plan.errors[:3]
            middle = time.perf_counter()
            result = commit_update(db, unit.id, update_plan, missing="left")
            update.append((time.perf_counter() - wall, time.process_time() - cpu))
            detail.append((middle - wall, time.perf_counter() - middle, result, len(update_plan.unchanged)))
            db.close()
        p_wall, p_cpu = statistics.median(w for w, _ in plain), statistics.median(c for _, c in plain)
        u_wall, u_cpu = statistics.median(w for w, _ in update), statistics.median(c for _, c in update)
        check, store, result, same = detail[-1]
        print(f"plain import   {p_wall:6.2f} s wall  {p_cpu:6.2f} s CPU")
        print(f"update         {u_wall:6.2f} s wall  {u_cpu:6.2f} s CPU   (read+check+match {check:.2f} s, "
              f"write {store:.2f} s; {result.added} new, {result.changed} changed, {same} unchanged, "
              f"{result.marked_left} marked as left)")
        print(f"update / plain {u_wall / p_wall:6.2f} × (wall)   {u_cpu / p_cpu:6.2f} × (CPU); target ≤ 2 ×")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
