"""End-to-end import through the command line against python-calamine alone, in one run.

    python tests/benchmarks/bench_import_cli.py [--members 100000] [--repeat 3]

A demo unit of N members is exported to .xlsx once (inline strings, as KH06 writes it) and
rewritten with a shared-string table (as Excel, LibreOffice and openpyxl write). Then, for each
file, alternating, each repeat times
- calamine alone: a fresh Python process that imports python_calamine and reads the sheet to
  Python values (`to_python`), start-up included;
- the import: `python -m kh06_desktop import-members --db NEW.db FILE` into a new database set
  up with `kh06 init` beforehand (start-up, migrations check, backup, read, check, store).

Target (issue 13): the import's rate ≥ 40 % of calamine's (wall-clock medians; CPU times beside).
On Linux the command reads the file in a child process beside the spreadsheet guard
(`cli.sheet_sandbox`); `--no-fork` times the one-process path (as on Windows) for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CALAMINE = ("import sys, python_calamine\n"
            "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
            "rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)\n"
            "print(len(rows))\n")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def shared_string_copy(source: Path, target: Path) -> None:
    """The same rows written with XlsxWriter's shared-string table (dates as dates)."""
    import datetime as dt

    import python_calamine
    import xlsxwriter

    rows = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python(
        skip_empty_area=False)
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet("Danh sách")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, date_format)
            elif value not in ("", None):
                sheet.write(r, c, value)
    book.close()


def time_file(sheet: str, folder: Path, env: dict[str, str], repeat: int, tag: str) -> None:
    calamine, cli = [], []
    for i in range(repeat):
        calamine.append(run([sys.executable, "-c", CALAMINE, sheet], env))
        db = str(folder / f"import-{tag}-{i}.db")
        run([sys.executable, "-m", "kh06_desktop", "init", "--db", db, "--code", "BENCH", "--name",
             "Công đoàn thử", "--sector", "non_state"], env)
        cli.append(run([sys.executable, "-m", "kh06_desktop", "import-members", "--db", db, sheet], env))
    c_wall, c_cpu = statistics.median(r[0] for r in calamine), statistics.median(r[1] for r in calamine)
    i_wall, i_cpu = statistics.median(r[0] for r in cli), statistics.median(r[1] for r in cli)
    c_min, i_min = min(r[0] for r in calamine), min(r[0] for r in cli)
    print(f"[{tag}] {Path(sheet).stat().st_size / 1e6:.1f} MB; median of {repeat}")
    print(f"  calamine alone (new process)   {c_wall:6.2f} s wall  {c_cpu:6.2f} s CPU   (fastest {c_min:.2f} s)")
    print(f"  kh06 import-members            {i_wall:6.2f} s wall  {i_cpu:6.2f} s CPU   (fastest {i_min:.2f} s; "
          f"{cli[-1][2].strip().splitlines()[-1]})")
    # The machine's speed drifts by ±25 % from minute to minute: the fastest runs of each, taken in
    # the same minutes, are a second view beside the medians.
    print(f"  import rate / calamine rate    {c_wall / i_wall:6.1%} (wall)   {c_cpu / i_cpu:6.1%} (CPU)   "
          f"{c_min / i_min:6.1%} (fastest runs); target ≥ 40 %")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-fork", action="store_true", help="the one-process path (KH06_NO_FORK=1)")
    args = parser.parse_args()
    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.services.members.member_export import export_members
    from kh06_desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="kh06-bench-cli-"))
    env = {**os.environ, "KH06_DATA_DIR": str(folder / "data"), "PYTHONPATH": str(ROOT)}
    if args.no_fork:
        env["KH06_NO_FORK"] = "1"
    try:
        demo = open_database(folder / "demo.db")
        create_demo(demo, members=args.members, seed=1)
        rows = export_members(demo, 1, folder / "members.xlsx")
        demo.close()
        shared_string_copy(folder / "members.xlsx", folder / "members-shared.xlsx")
        print(f"{rows:_} rows{' (one process: --no-fork)' if args.no_fork else ''}".replace("_", "."))
        time_file(str(folder / "members.xlsx"), folder, env, args.repeat, "inline strings")
        time_file(str(folder / "members-shared.xlsx"), folder, env, args.repeat, "shared strings")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
