"""Reading a big batch in worker processes gives the same files, refusals and order as reading
them one by one, and really happens in other processes (multiprocessing's spawn context); a
worker that dies hands its files back, with a warning; a cancel leaves no worker behind;
consolidation of such a batch, with indexes rebuilt after the load, stores what the one-by-one
path stores."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from pathlib import Path

import pytest
from builders import make_file, minimal_data, open_archive, real_indicators, repack, unit_key
from sqlalchemy import text

from kh06_desktop.exchange.datafile import archive_bytes
from kh06_desktop.services.exchange import consolidation_read
from kh06_desktop.services.exchange.consolidation import consolidate_files
from kh06_desktop.store.database import open_database

COUNT = 30


def _batch(folder: Path) -> list[Path]:
    paths = []
    for i in range(COUNT):
        raw = make_file(f"CD{i:03d}", members=12, cid_base=10_000 * (i + 1))
        if i == 7:  # edited after export: digest mismatch
            manifest, data = open_archive(raw)
            data["members"][0]["full_name"] = "Lê Thị Sửa"
            raw = repack(manifest, data, fix_digest=False)
        if i == 11:
            raw = b"not a zip at all"
        path = folder / f"f{i:03d}.kh06"
        path.write_bytes(raw)
        paths.append(path)
    return paths


def _summary(results: list) -> list[tuple]:  # type: ignore[type-arg]
    return [(None, reason) if file is None else (file.name, file.sha256, repr(file.data)) for file, reason in results]


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setattr(consolidation_read, "PARALLEL_FROM", 4)
    monkeypatch.setattr(consolidation_read, "_CHUNK", 3)
    monkeypatch.setattr(consolidation_read.os, "cpu_count", lambda: 2)  # workers even on a one-core machine
    return _batch(tmp_path)


def test_workers_give_the_same_results_in_the_same_order(batch: list[Path]) -> None:
    inline = [consolidation_read.read_one(path) for path in batch]
    done: list[int] = []
    parallel = list(consolidation_read.read_all(batch, done.append))
    assert done == list(range(1, COUNT + 1))
    assert _summary(parallel) == _summary(inline)
    assert "Mã kiểm tra" in parallel[7][1] and parallel[11][0] is None and parallel[12][0] is not None


def test_the_files_are_read_in_worker_processes(batch: list[Path], monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    """No serial fallback: reading in this process is made to fail, and the spawned workers (which
    import the module afresh) read every file."""
    expected = _summary([consolidation_read.read_one(path) for path in batch])

    def not_here(source):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{source} read in the calling process")

    monkeypatch.setattr(consolidation_read, "read_one", not_here)
    with caplog.at_level(logging.INFO, logger=consolidation_read.__name__):
        results = list(consolidation_read.read_all(batch))
    assert _summary(results) == expected
    [record] = [r for r in caplog.records if r.name == consolidation_read.__name__]
    assert record.levelno == logging.INFO
    match = re.fullmatch(rf"read {COUNT} files in (\d) worker processes \(pids ([\d, ]+)\)", record.getMessage())
    assert match is not None, record.getMessage()
    pids = {int(pid) for pid in match.group(2).split(", ")}
    assert len(pids) == int(match.group(1)) >= 1 and os.getpid() not in pids


def test_a_worker_that_dies_hands_its_files_back(batch: list[Path], caplog: pytest.LogCaptureFixture) -> None:
    def kill_the_workers(done: int) -> None:
        if done == 1:
            for child in multiprocessing.active_children():
                child.kill()

    with caplog.at_level(logging.INFO, logger=consolidation_read.__name__):
        results = list(consolidation_read.read_all(batch, kill_the_workers))
    assert _summary(results) == _summary([consolidation_read.read_one(path) for path in batch])
    [record] = [r for r in caplog.records if r.name == consolidation_read.__name__]
    assert record.levelno == logging.WARNING and "BrokenProcessPool" in record.getMessage()


def test_cancel_stops_the_workers(batch: list[Path]) -> None:
    def cancel(done: int) -> None:
        if done == 5:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        list(consolidation_read.read_all(batch, cancel))
    assert multiprocessing.active_children() == []


def _dump(db_path: Path) -> dict[str, list[tuple]]:
    db = open_database(db_path)
    try:
        with db.reading() as session:
            out = {table: session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
                   for table in ("union_group", "study_attendee", "training_attendee", "position")}
            out["member"] = session.execute(text(
                "SELECT id, unit_id, full_name, given_name, name_folded, sort_key, group_id, status FROM member "
                "ORDER BY id")).all()
            out["indexes"] = session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")).all()
        return out
    finally:
        db.close()


def test_big_batch_consolidates_like_file_by_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kh06_desktop.services.exchange import consolidation_store

    paths = []
    for i in range(20):
        data = minimal_data(f"U{i:02d}", members=40)
        data["study_sessions"][0]["attendees"] = list(range(1, 41))
        data["indicators"] = real_indicators(data)
        raw, _ = archive_bytes(data, unit_code=data["unit"]["code"], unit_name=data["unit"]["name"], period="2025",
                               revision=1, personal_data=False, private_key=unit_key(data["unit"]["code"]))
        path = tmp_path / f"u{i:02d}.kh06"
        path.write_bytes(raw)
        paths.append(path)
    # one batch: indexes dropped and rebuilt (threshold lowered so this small batch qualifies)
    monkeypatch.setattr(consolidation_store, "_LOAD_MIN_ROWS", 100)
    monkeypatch.setattr(consolidation_read, "PARALLEL_FROM", 4)
    fast = open_database(tmp_path / "fast.db")
    assert consolidate_files(fast, paths).exit_code == 0
    fast.close()
    # file by file: the tables already hold rows, nothing is dropped
    slow = open_database(tmp_path / "slow.db")
    for path in paths:
        assert consolidate_files(slow, [path]).exit_code == 0
    slow.close()
    got, expected = _dump(tmp_path / "fast.db"), _dump(tmp_path / "slow.db")
    assert len(got["study_attendee"]) == 20 * 40
    for table in expected:
        assert got[table] == expected[table], table
