"""Crash safety: a process killed (SIGKILL) in the middle of a big import or a big edit leaves a
database that passes `PRAGMA integrity_check` and holds either everything from before or
everything from after — never half.

The child (crash_worker.py) runs the real services and prints a line at each step of its one
transaction; the parent kills it right after the Nth line, for a spread of N, and after the
commit. Which state each kill left is collected and shown in the test output (-rP / -s).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from protect_helpers import add_members, member_rows
from sqlalchemy import func, insert, select, text

from kh06_desktop.domain.enums import Sector
from kh06_desktop.exchange.member_sheet import write_member_sheet
from kh06_desktop.services.unit.units import UnitProfile, setup_unit
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import AuditEntry, Member, Position, UnionGroup

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WORKER = Path(__file__).with_name("crash_worker.py")
EXISTING = 100  # members already in the database before the import
IMPORTED = 20_000
GROUPS, PER_GROUP = 50, 400
IMPORT_KILLS = ("ready", 1, 7, 14, 20, 21, "committed")  # import writes 20 chunks + positions/audit
MERGE_KILLS = ("ready", 1, 25, 49, "committed")  # one step per merged group (49)
# The CLI prints its check report, then writes: kill on the report's last lines, or let it finish.
CLI_KILLS = ("Tổ công đoàn mới", "Đã nhập")
RESULTS: Counter[str] = Counter()
WAL_LEFT: list[int] = []  # bytes of -wal a killed writer left behind (uncommitted pages on disk)
JOURNAL_LEFT: list[int] = []  # bytes of -journal (a big import skips the WAL: Database.load_transaction)


def _run_and_kill(args: list[str], kill_after: int | str, command: list[str] | None = None) -> str:
    """Start the worker (or a command), SIGKILL it right after the chosen line; the last line it printed."""
    process = subprocess.Popen(command or [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    last = ""
    for line in process.stdout:
        last = line.strip()
        if last.startswith(str(kill_after)) and not isinstance(kill_after, int) or (
                isinstance(kill_after, int) and last.startswith(f"step {kill_after} ")):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    stderr = process.stderr.read() if process.stderr else ""
    assert process.returncode == -signal.SIGKILL or last.startswith(("committed", "Đã nhập")), \
        f"worker failed: {stderr[-2000:]}"
    return last


def _journal_size(database: Path) -> int:
    journal = database.with_name(database.name + "-journal")
    return journal.stat().st_size if journal.exists() else 0


def _wal_size(database: Path) -> int:
    wal = database.with_name(database.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def _integrity(db) -> str:  # type: ignore[no-untyped-def]
    """integrity_check, once the file is back in WAL mode: a big import writes with a rollback
    journal (Database.load_transaction), which the reopening rolls back and leaves."""
    with db.reading() as session:
        assert session.connection().execute(text("PRAGMA journal_mode")).scalar() == "wal"
        return str(session.connection().execute(text("PRAGMA integrity_check")).scalar())


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "danh-sach-lon.xlsx"
    rows = ({"full_name": f"Trần Thị Ngọc {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676 % 26)}",
             "gender": "Nữ", "birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
             "citizen_id": f"0011{(70 + i % 30) % 100:02d}{i:06d}", "group_name": f"Tổ {i % 40}",
             "roles": "Tổ trưởng" if i % 500 == 0 else None, "department": "Phân xưởng Lắp ráp",
             "join_date": dt.date(2015, 1, 1)} for i in range(IMPORTED))
    assert write_member_sheet(path, rows) == IMPORTED
    return path


def _template(folder: Path, grouped: bool) -> Path:
    path = folder / "mau.db"
    db = open_database(path)
    unit = setup_unit(db, UnitProfile(code="CDCS-CRASH", name="Công đoàn Công ty Cơ khí Hà Nội",
                                      sector=Sector.STATE_ENTERPRISE))
    if grouped:
        with db.transaction() as session:
            session.execute(insert(UnionGroup), [{"id": g + 1, "unit_id": unit.id, "name": f"Tổ {g}",
                                                  "name_folded": f"to {g}"} for g in range(GROUPS)])
            rows = [dict(r, group_id=1 + i // PER_GROUP) for i, r in enumerate(
                member_rows(unit.id, GROUPS * PER_GROUP))]
            session.execute(insert(Member), rows)
    else:
        add_members(db, unit.id, EXISTING)
    db.close()
    return path


@pytest.mark.parametrize("kill_after", IMPORT_KILLS)
def test_killed_import_leaves_all_or_nothing(sheet: Path, tmp_path_factory, tmp_path: Path, kill_after) -> None:
    template = _cached_template(tmp_path_factory, grouped=False)
    target = tmp_path / "kh06.db"
    shutil.copy(template, target)  # the template is closed: a plain copy is safe here
    last = _run_and_kill(["import", str(target), str(sheet)], kill_after)
    WAL_LEFT.append(_wal_size(target))
    JOURNAL_LEFT.append(_journal_size(target))
    db = open_database(target)
    try:
        assert _integrity(db) == "ok"
        assert not target.with_name(target.name + "-journal").exists()  # rolled back and removed
        with db.reading() as session:
            members = session.scalar(select(func.count(Member.id)))
            positions = session.scalar(select(func.count(Position.id)))
            imports = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import"))
            groups = session.scalar(select(func.count(UnionGroup.id)))
    finally:
        db.close()
    before = (EXISTING, 0, 0, 0)
    after = (EXISTING + IMPORTED, IMPORTED // 500, 1, 40)
    state = (members, positions, imports, groups)
    assert state in (before, after), f"half-written after kill at {kill_after!r}: {state}"
    if last == "committed":
        assert state == after  # a commit that returned is durable
    RESULTS["import " + ("before" if state == before else "after")] += 1


@pytest.mark.parametrize("kill_after", CLI_KILLS)
def test_killed_cli_import_leaves_all_or_nothing(sheet: Path, tmp_path_factory, tmp_path: Path, kill_after) -> None:
    """The real command line, `python -m kh06_desktop import-members`: killed as the write starts."""
    template = _cached_template(tmp_path_factory, grouped=False)
    target = tmp_path / "kh06.db"
    shutil.copy(template, target)
    command = [sys.executable, "-m", "kh06_desktop", "import-members", "--db", str(target), str(sheet)]
    last = _run_and_kill([], kill_after, command)
    db = open_database(target)
    try:
        assert _integrity(db) == "ok"
        with db.reading() as session:
            members = session.scalar(select(func.count(Member.id)))
    finally:
        db.close()
    assert members in (EXISTING, EXISTING + IMPORTED)
    if last.startswith("Đã nhập"):
        assert members == EXISTING + IMPORTED
    RESULTS["cli import " + ("before" if members == EXISTING else "after")] += 1


@pytest.mark.parametrize("kill_after", MERGE_KILLS)
def test_killed_group_merge_leaves_all_or_nothing(tmp_path_factory, tmp_path: Path, kill_after) -> None:
    template = _cached_template(tmp_path_factory, grouped=True)
    target = tmp_path / "kh06.db"
    shutil.copy(template, target)
    last = _run_and_kill(["merge", str(target)], kill_after)
    WAL_LEFT.append(_wal_size(target))
    db = open_database(target)
    try:
        assert _integrity(db) == "ok"
        with db.reading() as session:
            group_rows = session.scalar(select(func.count(UnionGroup.id)))
            used = session.scalar(select(func.count(Member.group_id.distinct())))
            in_first = session.scalar(select(func.count(Member.id)).where(Member.group_id == 1))
            merges = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "merge"))
    finally:
        db.close()
    before = (GROUPS, GROUPS, PER_GROUP, 0)
    after = (1, 1, GROUPS * PER_GROUP, GROUPS - 1)
    state = (group_rows, used, in_first, merges)
    assert state in (before, after), f"half-merged after kill at {kill_after!r}: {state}"
    if last == "committed":
        assert state == after
    RESULTS["merge " + ("before" if state == before else "after")] += 1


_TEMPLATES: dict[bool, Path] = {}


def _cached_template(factory: pytest.TempPathFactory, grouped: bool) -> Path:
    if grouped not in _TEMPLATES:
        _TEMPLATES[grouped] = _template(factory.mktemp("template"), grouped)
    return _TEMPLATES[grouped]


def test_crash_summary() -> None:
    """Runs last in this module: every kill point tried came back intact (printed for the report)."""
    tried = len(IMPORT_KILLS) + len(MERGE_KILLS) + len(CLI_KILLS)
    intact = sum(RESULTS.values())
    print(f"\nkill points tried: {tried}; intact databases: {intact}; states: {dict(RESULTS)}; "
          f"largest -wal left by a killed writer: {max(WAL_LEFT, default=0) // 1024} KB, "
          f"largest -journal: {max(JOURNAL_LEFT, default=0) // 1024} KB")
    if intact:  # when run on its own (-k), the other tests did not run
        assert intact == tried
