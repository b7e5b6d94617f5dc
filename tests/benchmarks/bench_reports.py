"""Printed reports: the period report (target ≤ 1 s) and a 10,000-member roster (target ≤ 3 s).

    python tests/benchmarks/bench_reports.py [roster_members] [--docs]

With --docs the PDFs of a demo unit are also rendered to docs/reports/*.png (pdftoppm -r 70).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def timed(label: str, work, runs: int) -> float:  # type: ignore[no-untyped-def]
    """Wall and CPU time: on a shared machine the CPU time shows the cost of the work itself."""
    times, cpu = [], []
    result = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"{label:<40} wall median {statistics.median(times):5.2f} s, min {min(times):5.2f} s; "
          f"CPU median {statistics.median(cpu):5.2f} s  ({runs} runs)")
    return result


def first_events(db, unit_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The first training and study session of 2025 (an attendance sheet is for one of them)."""
    from kh06_desktop.services.activities.studies import list_studies
    from kh06_desktop.services.activities.trainings import list_trainings
    from kh06_desktop.services.periods.period_close import get_period_state

    state = get_period_state(db, unit_id, "2025")
    trainings = list_trainings(db, unit_id, state.start_date, state.end_date)
    studies = list_studies(db, unit_id, state.start_date, state.end_date)
    return {"training": trainings[-1].id, "study": studies[-1].id}


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    members = int(args[0]) if args else 10_000
    docs = "--docs" in sys.argv
    with tempfile.TemporaryDirectory() as folder:
        os.environ["KH06_DATA_DIR"] = folder
        from kh06_desktop.reports import ReportRequest, generate_report
        from kh06_desktop.services.demo.demo import create_demo
        from kh06_desktop.services.reports.report_data import DocumentRequest
        from kh06_desktop.store.database import open_database

        today = dt.date(2025, 12, 10)
        document = DocumentRequest(number="15/BC-CĐCS", date=dt.date(2025, 12, 5), place="Hà Nội")
        small = open_database(Path(folder) / "small.db")
        unit = create_demo(small, members=300, seed=1, today=today)
        request = ReportRequest("period", "2025", document, "Đề nghị Công đoàn cấp trên tổ chức lớp tập huấn cho "
                                "tổ trưởng công đoàn mới.\nĐề nghị hỗ trợ kinh phí thăm hỏi đoàn viên ốm đau dài ngày.",
                                record=False)
        period = timed("period report, 300 members", lambda: generate_report(small, unit.id, request), 5)

        big = open_database(Path(folder) / "big.db")
        start = time.perf_counter()
        big_unit = create_demo(big, members=members, seed=2, today=today)
        print(f"{'demo unit of ' + format(members, ',') + ' members':<44} {time.perf_counter() - start:6.2f} s")
        timed(f"period report, {members:,} members", lambda: generate_report(
            big, big_unit.id, ReportRequest("period", "2025", document, record=False)), 3)
        roster = timed(f"roster, {members:,} members", lambda: generate_report(
            big, big_unit.id, ReportRequest("roster", "2025", document, record=False)), 3)
        pages = roster.pdf.count(b"/Type /Page\n") or roster.pdf.count(b"/Type /Page")
        print(f"{'roster pages, size':<44} {pages} pages, {len(roster.pdf) / 1e6:.1f} MB")
        events = first_events(big, big_unit.id)
        for kind in ("training", "study", "hardship"):
            timed(f"{kind} list, {members:,} members", lambda kind=kind: generate_report(
                big, big_unit.id, ReportRequest(kind, "2025", document, event_id=events.get(kind), record=False)), 3)
        if docs:
            out = ROOT / "docs" / "reports"
            out.mkdir(parents=True, exist_ok=True)
            small_roster = generate_report(small, unit.id, ReportRequest("roster", "2025", document, record=False))
            small_events = first_events(small, unit.id)
            small_lists = {kind: generate_report(small, unit.id, ReportRequest(
                kind, "2025", document, event_id=small_events.get(kind), record=False))
                for kind in ("training", "study", "hardship")}
            for name, report, last in (("period", period, 9), ("roster", small_roster, 2),
                                       ("training", small_lists["training"], 2), ("study", small_lists["study"], 2),
                                       ("hardship", small_lists["hardship"], 2), (f"roster-{members}", roster, 2)):
                pdf = Path(folder) / f"{name}.pdf"
                pdf.write_bytes(report.pdf)
                subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", str(last), str(pdf),
                                str(out / name)], check=True)
            print(f"pages rendered to {out}")
        small.close()
        big.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
