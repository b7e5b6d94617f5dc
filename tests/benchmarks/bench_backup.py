"""Backup and restore of a 100,000-member database: online backup, integrity check, restore.

    python tests/benchmarks/bench_backup.py [members]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        os.environ["KH06_DATA_DIR"] = folder
        from kh06_desktop.domain.enums import Sector
        from kh06_desktop.domain.vntext import fold, name_sort_key
        from kh06_desktop.services.protect import backup
        from kh06_desktop.services.unit.units import UnitProfile, setup_unit
        from kh06_desktop.store.database import open_database
        from kh06_desktop.store.models import Member

        db = open_database(Path(folder) / "kh06.db")
        unit = setup_unit(db, UnitProfile(code="BENCH", name="Công đoàn Tổng công ty Điện lực",
                                          sector=Sector.STATE_ENTERPRISE))
        now = dt.datetime(2025, 1, 1)
        families = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
        given = ("An", "Bình", "Cúc", "Dũng", "Hà", "Hương", "Khôi", "Lan", "Minh", "Thắng")
        rows = []
        for i in range(count):
            name = f"{families[i % 8]} Văn {given[i % 10]} {i}"
            rows.append(dict(unit_id=unit.id, full_name=name, given_name=given[i % 10], name_folded=fold(name),
                             sort_key=name_sort_key(name), status="active", department="Phân xưởng Truyền tải",
                             citizen_id=f"{i:012d}", phone=f"09{i:08d}", birth_date=dt.date(1970 + i % 30, 1, 1),
                             created_at=now, updated_at=now))
        with db.transaction() as session:
            session.execute(insert(Member), rows)
        size = db.path.stat().st_size + Path(str(db.path) + "-wal").stat().st_size  # type: ignore[union-attr]
        print(f"database: {count:,} members, {size / 1e6:.1f} MB (file + WAL)")

        def timed(label: str, work, repeat: int = 3) -> object:  # type: ignore[no-untyped-def]
            times, result = [], None
            for _ in range(repeat):
                start = time.perf_counter()
                result = work()
                times.append(time.perf_counter() - start)
            print(f"{label}: median {statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f})")
            return result

        info = timed("backup_now (online backup + quick_check + rename)", lambda: backup.backup_now(db))
        timed("check_backup (integrity_check of the backup)", lambda: backup.check_backup(info.path))  # type: ignore[attr-defined]
        timed("restore (check + safety backup + restore)", lambda: backup.restore(db, info.path))  # type: ignore[attr-defined]
        print(f"backup file: {info.size / 1e6:.1f} MB")  # type: ignore[attr-defined]
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
