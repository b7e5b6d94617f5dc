"""Benchmark of demo generation (issue 2: ≥ 40,000 members/s for 100,000 members, 2-core machine).

    python tests/benchmarks/bench_demo.py [--members 100000] [--repeat 3]

Each run makes a new SQLite file and times `create_demo` plus closing the database (the WAL
checkpoint belongs to the work). Wall-clock medians are printed with this process's CPU time
beside them: on a machine shared with other work the wall clock grows while CPU time stays near
what the code costs. CPU can exceed wall a little: indexes are built in a helper thread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402

from kh06_desktop.services.demo.demo import create_demo  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402
from kh06_desktop.store.models import StudyAttendee  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.members
    folder = Path(tempfile.mkdtemp(prefix="kh06-bench-demo-"))
    print(f"KH06 demo benchmark: {n:,}".replace(",", ".")
          + f" members; {args.repeat} runs; load average {os.getloadavg()[0]:.2f}")
    walls, cpus = [], []
    attendance = 0
    try:
        for i in range(args.repeat):
            path = folder / f"demo-{i}.db"
            wall, cpu = time.perf_counter(), time.process_time()
            db = open_database(path)
            create_demo(db, members=n, seed=1)
            db.close()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            print(f"  run {i + 1}: {walls[-1]:5.2f} s wall, {cpus[-1]:5.2f} s CPU")
            if i == 0:
                db = open_database(path)
                with db.reading() as session:
                    attendance = session.scalar(select(func.count()).select_from(StudyAttendee)) or 0
                db.close()
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"demo generation   {wall:5.2f} s  {n / wall:>9,.0f} members/s (wall)   "
              f"{cpu:5.2f} s  {n / cpu:>9,.0f} members/s (CPU)   target ≥ 40.000/s".replace(",", "."))
        print(f"  ({attendance:,} study attendance rows; {path.stat().st_size / 1e6:.0f} MB file; "
              f"load average now {os.getloadavg()[0]:.2f})".replace(",", "."))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
