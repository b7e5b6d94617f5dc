"""A child process for the crash tests: does one big write through the real services and prints
a line at each step, so that the parent can SIGKILL it at a chosen, repeatable point.

    python crash_worker.py import DB FILE.xlsx   # prepare_import + commit_import (one transaction)
    python crash_worker.py merge DB              # merge every union group into the first one

Lines: "ready", then "step N …" while writing, then "committed" once the transaction is done.
"""

from __future__ import annotations

import sys

from kh06_desktop.services.common import audit, bulk
from kh06_desktop.services.groups import groups
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.unit.units import get_local_unit
from kh06_desktop.store.database import open_database

_steps = 0


def say(text: str) -> None:
    print(text, flush=True)


def step(text: str) -> None:
    global _steps
    _steps += 1
    say(f"step {_steps} {text}")


class PrintingProgress:
    def __init__(self) -> None:
        self.writing = False

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.writing:
            step(f"{done}/{total}")

    def check(self) -> None:
        pass


def run_import(db_path: str, sheet: str) -> None:
    db = open_database(db_path)
    unit = get_local_unit(db)
    assert unit is not None
    progress = PrintingProgress()
    plan = prepare_import(db, unit.id, sheet, progress)
    assert plan.ok, plan.errors[:3]
    say("ready")
    bulk.CHUNK = 1000  # finer steps than the app uses: more places to be killed
    progress.writing = True
    commit_import(db, unit.id, plan, progress)
    say("committed")


def run_merge(db_path: str) -> None:
    db = open_database(db_path)
    unit = get_local_unit(db)
    assert unit is not None
    rows = groups.list_groups(db, unit.id)
    target = min(rows, key=lambda g: g.id).id
    sources = [g.id for g in rows if g.id != target]
    original = audit.record

    def record_and_say(*args, **kwargs):  # type: ignore[no-untyped-def]
        original(*args, **kwargs)
        step(str(args[3]))  # after each group's members moved, inside the one transaction

    groups.audit.record = record_and_say  # type: ignore[attr-defined]
    say("ready")
    groups.merge_groups(db, sources, target)
    say("committed")


if __name__ == "__main__":
    if sys.argv[1] == "import":
        run_import(sys.argv[2], sys.argv[3])
    else:
        run_merge(sys.argv[2])
