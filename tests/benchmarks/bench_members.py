"""Benchmarks of the member data side: demo generation, and a 100,000-row spreadsheet import end
to end compared, in the same run, with python-calamine alone parsing the same file.

    python tests/benchmarks/bench_members.py [--members 100000] [--repeat 3] [--keep DIR]

Targets (issue 2, 2-core machine): demo ≥ 40,000 members/s; import ≥ 20,000 rows/s end to end
(parse, validate, store) and ≥ 40 % of calamine's own rate. Wall-clock medians are printed with
the CPU time of this process beside them: on a machine shared with other work the wall clock
grows while the CPU time stays near what the code itself costs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kh06_desktop.domain.enums import Sector  # noqa: E402
from kh06_desktop.services.demo.demo import create_demo  # noqa: E402
from kh06_desktop.services.members.member_export import export_members  # noqa: E402
from kh06_desktop.services.members.member_import import commit_import, prepare_import  # noqa: E402
from kh06_desktop.services.unit.units import UnitProfile, setup_unit  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def median_run(repeat: int, work: Callable[[int], object]) -> tuple[float, float, object]:
    runs = [timed(lambda i=i: work(i)) for i in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2])


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>10,.0f}/s".replace(",", ".")


def calamine_parse(path: Path) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))
    finally:
        workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the databases and the spreadsheet in this folder")
    args = parser.parse_args()
    n = args.members
    folder = Path(tempfile.mkdtemp(prefix="kh06-bench-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    print(f"KH06 member benchmarks: {n:,} members; median of {args.repeat} runs (wall / CPU)".replace(",", "."))

    def demo(i: int) -> object:
        db = open_database(folder / f"demo-{i}.db")
        try:
            return create_demo(db, members=n, seed=1)
        finally:
            db.close()

    wall, cpu, _ = median_run(args.repeat, demo)
    print(f"demo generation        {wall:6.2f} s {rate(n, wall)}   CPU {cpu:6.2f} s {rate(n, cpu)}")

    sheet = folder / "members.xlsx"
    source = open_database(folder / "demo-0.db")
    wall, cpu, written = timed(lambda: export_members(source, 1, sheet))
    source.close()
    print(f"export to .xlsx        {wall:6.2f} s {rate(int(written), wall)}   CPU {cpu:6.2f} s   "
          f"({written} active members; {sheet.stat().st_size / 1e6:.1f} MB)")
    rows = int(written)

    wall_c, cpu_c, parsed = median_run(args.repeat, lambda i: calamine_parse(sheet))
    print(f"calamine alone         {wall_c:6.2f} s {rate(rows, wall_c)}   CPU {cpu_c:6.2f} s {rate(rows, cpu_c)}"
          f"   ({parsed} sheet rows)")

    phases: list[tuple[float, float]] = []

    def import_all(i: int) -> object:
        db = open_database(folder / f"import-{i}.db")
        try:
            unit = setup_unit(db, UnitProfile(code="BENCH", name="Công đoàn thử", sector=Sector.NON_STATE))
            t0 = time.perf_counter()
            plan = prepare_import(db, unit.id, sheet)
            t1 = time.perf_counter()
            assert plan.ok, plan.errors[:5]
            result = commit_import(db, unit.id, plan)
            phases.append((t1 - t0, time.perf_counter() - t1))
            return result
        finally:
            db.close()

    wall_i, cpu_i, result = median_run(args.repeat, import_all)
    check, store = statistics.median(p[0] for p in phases), statistics.median(p[1] for p in phases)
    print(f"import end to end      {wall_i:6.2f} s {rate(rows, wall_i)}   CPU {cpu_i:6.2f} s {rate(rows, cpu_i)}"
          f"   (read+check {check:.2f} s, store {store:.2f} s wall; {result.inserted} members)")
    print(f"import / calamine      {wall_c / wall_i:6.1%} of calamine's rate (wall)   "
          f"{cpu_c / cpu_i:6.1%} (CPU)")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
