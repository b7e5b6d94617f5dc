"""Benchmark: consolidate 1,000 unit files of 200 members each (SQLite, then PostgreSQL).

    python tests/benchmarks/bench_consolidate.py [--files 1000] [--members 200] [--no-pg]

Prints files/s for the whole import, the share spent reading and checking the files, and the
cost of the JSON Schema validator (fastjsonschema, compiled once, against jsonschema).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exchange"))

from builders import real_indicators, unit_key  # noqa: E402

from kh06_desktop.exchange.datafile import archive_bytes  # noqa: E402
from kh06_desktop.exchange.datafile_reader import read_datafile, schema_path, validator  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quốc", "Thùy", "Xuân", "Hồng"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tú",
         "Tuấn", "Vân", "Việt", "Yến", "Đạt", "Đông", "Ánh", "Ơn"]
SECTORS = ["public_service", "state_enterprise", "non_state"]


def unit_data(index: int, members: int, rnd: random.Random, studied: int = 150) -> dict:
    code = f"CDCS{index:05d}"
    refs = list(range(1, members + 1))
    return {
        "unit": {"code": code, "name": f"Công đoàn Công ty số {index}", "sector": SECTORS[index % 3],
                 "employer": f"Công ty số {index}", "upper_union": "Công đoàn Công Thương Việt Nam",
                 "address": "Hà Nội", "founding_date": "2005-03-01", "chair_name": "Trần Văn Dũng",
                 "chair_title": "Chủ tịch"},
        "period": {"code": "2025", "start_date": "2024-12-01", "end_date": "2025-11-30", "revision": 1,
                   "closed": True},
        "workforce": [{"period": "2025", "total_workers": members + 20, "female_workers": members // 2,
                       "eligible_workers": members + 10}],
        "groups": [{"ref": g, "name": f"Tổ {g}"} for g in range(1, 9)],
        "members": [{"ref": r, "full_name": f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
                     "given_name": None, "gender": rnd.choice("MF"), "card_number": f"TV{index:05d}{r:04d}",
                     "group_ref": 1 + r % 8, "department": "Phân xưởng sản xuất", "join_date": "2016-05-01",
                     "status": "active" if r % 25 else "left", "status_date": None if r % 25 else "2025-02-01",
                     "consent_date": None} for r in refs],
        "positions": [{"member_ref": r, "role": role, "start_date": "2023-01-01", "end_date": None,
                       "group_ref": (1 + r % 8) if role.startswith("group") else None}
                      for r, role in zip(refs[:25], ["chair", "vice_chair"] + ["bch_member"] * 7
                                         + ["group_leader", "group_deputy"] * 8, strict=False)],
        "trainings": [{"ref": t, "title": f"Tập huấn nghiệp vụ {t}", "level": "Cấp trên", "start_date": "2025-03-10",
                       "end_date": None, "place": "Hà Nội", "attendees": refs[t * 5:t * 5 + 20]} for t in range(1, 4)],
        "study_sessions": [{"ref": s, "topic": f"Quán triệt nghị quyết {s}", "date": "2025-04-02", "place": None,
                            "non_member_count": 10, "attendees": refs[s * 10:s * 10 + studied]} for s in range(1, 5)],
        "hardship_cases": [{"ref": c, "member_ref": refs[c * 7], "reason": "Ốm đau dài ngày", "opened_on": "2025-02-01",
                            "closed_on": None, "support": [{"date": "2025-02-05", "kind": "gift", "value_vnd": 500000,
                                                            "fund_source": "Quỹ công đoàn"}]} for c in range(1, 6)],
        "women_committee": {"established": index % 4 != 0, "decision_number": "12/QĐ-CĐ",
                            "decision_date": "2021-01-01", "eligible_override": None, "override_reason": None},
        "activities": [{"date": "2025-03-01", "solution_group": 1 + a % 7, "text": "Tuyên truyền pháp luật lao động"}
                       for a in range(10)],
        "indicators": {"unit_code": code, "period": "2025", "as_of": "2025-11-30", "indicators": [
            {"id": i, "numerator": n, "denominator": d, "percent": round(100 * n / d, 2), "target": t,
             "met": n * 100 >= t * d, "missing": max(d - n, 0)}
            for i, n, d, t in (("1", members - 8, members + 10, 100), ("2", 190, members + 20, 100),
                               ("3", 5, 5, 100), ("4a", 9, 9, 100), ("4b", 12, 16, 75), ("5", 1, 1, 100))]},
    }


def make_files(folder: Path, count: int, members: int, studied: int = 150) -> list[Path]:
    rnd = random.Random(2025)
    paths = []
    for index in range(count):
        data = unit_data(index, members, rnd, studied)
        data["indicators"] = real_indicators(data)  # the upper level recomputes and compares them
        raw, _ = archive_bytes(data, unit_code=data["unit"]["code"], unit_name=data["unit"]["name"], period="2025",
                               revision=1, personal_data=False, private_key=unit_key(data["unit"]["code"]))
        path = folder / f"{data['unit']['code']}.kh06"
        path.write_bytes(raw)
        paths.append(path)
    return paths


def bench_validators(paths: list[Path]) -> None:
    import zipfile

    import fastjsonschema
    import jsonschema

    raw_schema = json.loads(schema_path("data").read_text(encoding="utf-8"))
    as_shipped = fastjsonschema.compile(raw_schema)

    docs = []
    for path in paths[:50]:
        with zipfile.ZipFile(path) as z:
            docs.append(json.loads(z.read("data.json")))
    schema = json.loads(schema_path("data").read_text(encoding="utf-8"))
    t = time.perf_counter()
    compiled = validator("data")  # refs inlined, compiled once (see datafile_reader.validator)
    compile_s = time.perf_counter() - t
    t = time.perf_counter()
    for doc in docs:
        compiled(doc)
    fast = (time.perf_counter() - t) / len(docs)
    t = time.perf_counter()
    for doc in docs[:10]:
        as_shipped(doc)
    refs = (time.perf_counter() - t) / 10
    checker = jsonschema.Draft7Validator(schema)
    t = time.perf_counter()
    for doc in docs[:10]:
        checker.validate(doc)
    slow = (time.perf_counter() - t) / 10
    print(f"schema validation per 200-member file: fastjsonschema with $ref as shipped {refs * 1000:.1f} ms; "
          f"refs inlined {fast * 1000:.2f} ms "
          f"(compiled once in {compile_s * 1000:.0f} ms), jsonschema {slow * 1000:.1f} ms "
          f"({slow / fast:.0f}x slower); for 1,000 files: {fast * 1000:.2f} s vs {slow * 1000:.1f} s")


def run(db_target: str, paths: list[Path], label: str) -> None:
    from kh06_desktop.services.exchange.consolidation import consolidate_files

    db = open_database(db_target)
    try:
        t, cpu = time.perf_counter(), time.process_time()
        result = consolidate_files(db, paths)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        assert result.exit_code == 0, result.outcomes[:3]
        print(f"{label}: {len(paths)} files in {elapsed:.2f} s = {len(paths) / elapsed:.0f} files/s "
              f"(main process CPU {cpu:.2f} s; readers run in worker processes; "
              f"load average {os.getloadavg()[0]:.2f})")
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--studied", type=int, default=150,
                        help="members attending each of the 4 study sessions (attendance rows dominate the import)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        paths = make_files(folder, args.files, args.members, args.studied)
        size = sum(p.stat().st_size for p in paths)
        rows = args.files * (args.members + 4 * min(args.studied, args.members) + 60 + 25 + 10 + 8 + 10)
        print(f"~{rows:,} rows to store; per file: {args.members} members, 8 groups, 25 positions, "
              f"3 trainings x 20 attendees, 4 study sessions x {min(args.studied, args.members)} attendees, "
              "5 hardship cases, 10 activities")
        print(f"made {len(paths)} files of {args.members} members ({size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - t:.1f} s")
        validator("data")
        validator("manifest")
        t = time.perf_counter()
        for path in paths:
            read_datafile(path)
        read_s = time.perf_counter() - t
        print(f"reading + checking only (zip, digests, schema, coherence), one process: {read_s:.2f} s "
              f"= {len(paths) / read_s:.0f} files/s")
        from kh06_desktop.services.exchange.consolidation_read import read_all

        t = time.perf_counter()
        for _ in read_all(paths):
            pass
        read_s = time.perf_counter() - t
        print(f"the same in worker processes (as consolidation reads): {read_s:.2f} s "
              f"= {len(paths) / read_s:.0f} files/s")
        bench_validators(paths)
        run(str(folder / "upper.db"), paths, "SQLite consolidate")
        if not args.no_pg:
            from conftest import PG_BIN, PgServer

            if not (PG_BIN / "initdb").exists():
                print("PostgreSQL binaries not found; skipped")
                return
            server = PgServer()
            server.start()
            try:
                run(server.create_database(), paths, "PostgreSQL consolidate")
            finally:
                server.stop()


if __name__ == "__main__":
    main()
