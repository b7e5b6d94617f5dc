"""`kh06 import-members` on Linux reads the file in a forked child while the parent runs the
spreadsheet guard (`cli.sheet_sandbox`): the same answers as the one-process path, a refused file
ends the child before it says or writes anything, and a child that dies reading is reported."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.member_sheets import GOOD_ROWS, simple_roster

from tests.protect.test_hostile_sheets import good_rows, sheet_xml, xlsx

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked read is for Linux")

ROOT = Path(__file__).resolve().parents[2]
# The program as `kh06` runs it (`cli.run`), with a hook first: KH06_TEST_HOOK names what the read
# does in the child (records its process, dies, gets Ctrl+C or prints) before reading for real, or
# slows the parent's guard down.
_PROGRAM = """
import os, signal, sys
import kh06_desktop.exchange.sheet_reader as reader
real = reader.read_member_workbook
def hooked(*args, **kwargs):
    hook = os.environ.get("KH06_TEST_HOOK", "")
    if hook.startswith("pid:"):
        with open(hook[4:], "w") as out:
            out.write(f"{os.getpid()} {os.getppid()}")
    elif hook == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif hook == "ctrl-c":
        os.kill(os.getpid(), signal.SIGINT)
    elif hook == "ctrl-c-in-finaliser":  # where Python can only ignore it (a module lock's clean-up)
        class Finaliser:
            def __del__(self):
                raise KeyboardInterrupt
        Finaliser()
    elif hook == "say":  # output before the read: it must wait for the parent's verdict
        print("CHILD SPOKE", flush=True)
    return real(*args, **kwargs)
reader.read_member_workbook = hooked
if os.environ.get("KH06_TEST_HOOK") == "no-reader":  # parts of the program missing (a broken install)
    sys.modules["kh06_desktop.exchange.sheet_open"] = None
    sys.modules["kh06_desktop.exchange.sheet_reader"] = None
if os.environ.get("KH06_TEST_HOOK") == "slow":  # the child opens the database before the verdict comes
    import time
    import kh06_desktop.exchange.sheet_guard as guard
    real_check, real_sheet = guard.check_spreadsheet, reader._read_sheet
    def slow_check(*args, **kwargs):
        time.sleep(1.5)
        return real_check(*args, **kwargs)
    def slow_sheet(*args, **kwargs):
        time.sleep(3)
        return real_sheet(*args, **kwargs)
    guard.check_spreadsheet, reader._read_sheet = slow_check, slow_sheet
sys.argv[0] = "kh06"
from kh06_desktop.cli import run
run()
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KH06_NO_FORK", "KH06_DEBUG", "KH06_TEST_HOOK")}
    env["KH06_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def kh06(tmp_path: Path, *args: object, **extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-c", _PROGRAM, *map(str, args)], capture_output=True, text=True,
                          env=_env(tmp_path, **extra), cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def new_unit(tmp_path: Path, name: str) -> Path:
    db = tmp_path / f"{name}.db"
    done = kh06(tmp_path, "init", "--db", db, "--code", "CDCS-01", "--name", "Công đoàn thử", "--sector",
                "non_state")
    assert done.returncode == 0, done.stderr
    return db


def members(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from member").fetchone()[0])


def test_the_read_runs_in_a_child_and_answers_as_the_one_process_path(tmp_path) -> None:
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    seen = tmp_path / "pid.txt"
    forked = kh06(tmp_path, "import-members", "--db", new_unit(tmp_path, "a"), sheet, KH06_TEST_HOOK=f"pid:{seen}")
    alone = kh06(tmp_path, "import-members", "--db", new_unit(tmp_path, "b"), sheet, KH06_NO_FORK="1")
    assert forked.returncode == alone.returncode == 0, forked.stderr
    assert forked.stdout == alone.stdout and forked.stderr == alone.stderr
    assert members(tmp_path / "a.db") == members(tmp_path / "b.db") == len(GOOD_ROWS)
    child, parent = map(int, seen.read_text().split())
    assert child != parent  # the read ran in a forked child


@pytest.mark.parametrize("make", ["several_sheets", "sections_and_footer", "hidden_first"])
def test_a_workbook_of_several_sheets_reads_the_same_in_the_child(tmp_path, make: str) -> None:
    """The child starts python-calamine on the first visible sheet before anything else is loaded
    (`exchange.sheet_open.head_start`); the sheets read, skipped and reported stay those of the
    one-process path: a cover sheet first, one sheet per group, a hidden old list, a hidden first
    sheet."""
    from fixtures.messy import make_messy

    sheet = tmp_path / f"{make}.xlsx"
    if make == "hidden_first":
        from openpyxl import Workbook

        book = Workbook()
        old = book.active
        old.title = "Danh sách cũ"
        old.append(["STT", "Họ và tên", "Ngày sinh"])
        old.append([1, "Trần Văn Cũ", "01/01/1970"])
        old.sheet_state = "hidden"
        current = book.create_sheet("Danh sách")
        current.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính"])
        for number, (name, born, gender) in enumerate((("Nguyễn Thị Hoa", "05/03/1990", "Nữ"),
                                                       ("Lê Văn Nam", "12/12/1985", "Nam")), start=1):
            current.append([number, name, born, gender])
        book.save(sheet)
    else:
        getattr(make_messy, make)(sheet)
    forked = kh06(tmp_path, "import-members", "--db", new_unit(tmp_path, "a"), sheet, "--dry-run")
    alone = kh06(tmp_path, "import-members", "--db", new_unit(tmp_path, "b"), sheet, "--dry-run", KH06_NO_FORK="1")
    assert (forked.returncode, forked.stdout, forked.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert forked.returncode == 0 and "Chạy thử" in forked.stdout, forked.stdout + forked.stderr


def test_a_dry_run_and_an_update_go_through_the_child_too(tmp_path) -> None:
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    db = new_unit(tmp_path, "a")
    dry = kh06(tmp_path, "import-members", "--db", db, sheet, "--dry-run")
    assert dry.returncode == 0 and "Chạy thử" in dry.stdout and members(db) == 0
    assert kh06(tmp_path, "import-members", "--db", db, sheet).returncode == 0
    update = kh06(tmp_path, "import-members", "--db", db, sheet, "--update")
    assert update.returncode == 0, update.stderr
    assert f"không đổi: {len(GOOD_ROWS)}" in update.stdout


def test_a_refused_file_ends_the_child_before_it_says_or_writes_anything(tmp_path) -> None:
    """A cell at XFD1048576: the parent's guard refuses; the child (which may already be reading)
    is ended; the one line is the guard's, as on the one-process path; nothing is written."""
    far = xlsx(tmp_path / "xa.xlsx", sheet_xml(good_rows(3), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    db = new_unit(tmp_path, "a")
    before = db.read_bytes()
    forked = kh06(tmp_path, "import-members", "--db", db, far)
    alone = kh06(tmp_path, "import-members", "--db", db, far, KH06_NO_FORK="1")
    assert forked.returncode == alone.returncode == 2
    assert forked.stdout == alone.stdout == ""
    assert forked.stderr == alone.stderr and "quá lớn để đọc an toàn" in forked.stderr
    assert len(forked.stderr.splitlines()) == 1
    assert db.read_bytes() == before and members(db) == 0


def test_what_the_child_says_waits_for_the_verdict(tmp_path) -> None:
    """The child reads and checks while the guard runs; its output is held until the guard has
    accepted the file, and a refused file's child never says anything."""
    db = new_unit(tmp_path, "a")
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    accepted = kh06(tmp_path, "import-members", "--db", db, sheet, KH06_TEST_HOOK="say")
    assert accepted.returncode == 0 and accepted.stdout.startswith("CHILD SPOKE\n"), accepted.stdout
    far = xlsx(tmp_path / "xa.xlsx", sheet_xml(good_rows(3), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    refused = kh06(tmp_path, "import-members", "--db", db, far, KH06_TEST_HOOK="say")
    assert refused.returncode == 2 and refused.stdout == "", refused.stdout
    assert len(refused.stderr.splitlines()) == 1 and "quá lớn để đọc an toàn" in refused.stderr


def test_a_database_to_upgrade_waits_for_the_verdict(tmp_path) -> None:
    """Opening and checking read the database before the verdict; upgrading its schema writes, so
    it waits: a refused file leaves an older database exactly as it was."""
    from alembic import command

    from kh06_desktop.store.database import alembic_config, create_db_engine, head_revision, stored_revisions

    db = new_unit(tmp_path, "a")
    engine = create_db_engine(db)
    command.downgrade(alembic_config(engine), "-1")
    older = stored_revisions(engine)
    engine.dispose()
    assert older and older != [head_revision()]
    before = db.read_bytes()
    far = xlsx(tmp_path / "xa.xlsx", sheet_xml(good_rows(3), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    refused = kh06(tmp_path, "import-members", "--db", db, far, KH06_TEST_HOOK="slow")
    assert refused.returncode == 2 and "quá lớn để đọc an toàn" in refused.stderr
    engine = create_db_engine(db)
    assert stored_revisions(engine) == older  # with what a killed child may have left in the WAL
    engine.dispose()
    assert db.read_bytes() == before
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    accepted = kh06(tmp_path, "import-members", "--db", db, sheet)
    assert accepted.returncode == 0, accepted.stderr
    engine = create_db_engine(db)
    assert stored_revisions(engine) == [head_revision()]
    engine.dispose()
    assert members(db) == len(GOOD_ROWS)


def test_a_child_that_dies_reading_is_reported_in_one_line_and_nothing_is_written(tmp_path) -> None:
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    db = new_unit(tmp_path, "a")
    done = kh06(tmp_path, "import-members", "--db", db, sheet, KH06_TEST_HOOK="die")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "dừng đột ngột" in done.stderr, done.stderr
    assert members(db) == 0


def test_a_missing_part_where_the_read_starts_is_said_not_waited_on(tmp_path) -> None:
    """The reading thread hands whatever stops it to the command, even a module that cannot be
    loaded: one line and exit 2, never a command waiting for a read that will not come."""
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    db = new_unit(tmp_path, "a")
    done = kh06(tmp_path, "import-members", "--db", db, sheet, KH06_TEST_HOOK="no-reader")
    assert done.returncode == 2 and done.stdout == "", done.stdout
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert members(db) == 0


@pytest.mark.parametrize("hook", ["ctrl-c", "ctrl-c-in-finaliser"])
def test_ctrl_c_while_reading_is_said_once(tmp_path, hook: str) -> None:
    """Ctrl+C during the read stops the command with one line. Also when it lands where Python can
    only ignore it (a finaliser, a module lock's clean-up as the command loads): it is not printed
    as "Exception ignored… Traceback" and forgotten."""
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    db = new_unit(tmp_path, "a")
    done = kh06(tmp_path, "import-members", "--db", db, sheet, KH06_TEST_HOOK=hook)
    assert done.returncode == 130, (done.stdout, done.stderr)
    assert len(done.stderr.splitlines()) == 1 and "Đã dừng" in done.stderr
    assert members(db) == 0


def test_a_missing_or_empty_file_gets_the_same_message_as_without_the_child(tmp_path) -> None:
    db = new_unit(tmp_path, "a")
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    for path in (tmp_path / "khong-co.xlsx", empty, tmp_path):
        forked = kh06(tmp_path, "import-members", "--db", db, path)
        alone = kh06(tmp_path, "import-members", "--db", db, path, KH06_NO_FORK="1")
        assert (forked.returncode, forked.stdout, forked.stderr) == (alone.returncode, alone.stdout, alone.stderr)
        assert forked.returncode == 2 and forked.stderr


def test_an_import_reports_what_its_dry_run_reports(tmp_path) -> None:
    """The same report as the dry run's, then the import's own last line; a duplicate inside the
    file refuses the import whole."""
    rows = [*GOOD_ROWS, [GOOD_ROWS[0][0].replace("Hương", "Hường"), *GOOD_ROWS[0][1:3], None, *GOOD_ROWS[0][4:]]]
    sheet = simple_roster(tmp_path / "ds.xlsx", rows)
    db = new_unit(tmp_path, "a")
    dry = kh06(tmp_path, "import-members", "--db", db, sheet, "--dry-run")
    real = kh06(tmp_path, "import-members", "--db", db, sheet)
    assert dry.returncode == real.returncode == 0, real.stderr
    assert "chỉ khác dấu" in real.stdout
    assert real.stdout.splitlines()[:-1] == dry.stdout.splitlines()[:-1]
    assert real.stdout.splitlines()[-1].startswith("Đã nhập 4 đoàn viên")
    twin = simple_roster(tmp_path / "twin.xlsx", [*rows, GOOD_ROWS[2]])
    again = kh06(tmp_path, "import-members", "--db", new_unit(tmp_path, "b"), twin)
    assert again.returncode == 1 and "Trùng họ tên và ngày sinh" in again.stdout
    assert members(tmp_path / "b.db") == 0
