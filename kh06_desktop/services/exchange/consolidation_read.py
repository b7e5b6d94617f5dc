"""Reading and checking a batch of data files (zip, digests, JSON, schema, coherence) before
consolidation, in worker processes when the batch is big.

Reading is pure CPU work per file (~2.5 ms for a 200-member unit) and independent between files,
so a batch of hundreds of files is spread over the machine's cores. Each worker is a fresh
interpreter running `python -m kh06_desktop.services.exchange.consolidation_worker`: not multiprocessing's
fork (the app runs this from a Qt worker thread, and forking a threaded process can deadlock the
child) nor its spawn (which re-runs the caller's main script in the child). A worker receives
chunks of file paths on stdin and answers with the pickled results on stdout; a few small chunks
queued per worker, so neither side can block on a full pipe. Results are taken in the batch's
order, so outcomes are the same, in the same order, as reading the files one by one. A small
batch, or (name, bytes) sources, are read here directly; a worker that dies hands the rest of
the batch back to this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kh06_desktop.exchange.datafile_checks import FileRefused
from kh06_desktop.exchange.datafile_reader import DataFile, read_datafile

Source = tuple[str, bytes] | str | Path
PARALLEL_FROM = 48  # files; below this the workers would cost more than they save
MAX_WORKERS = 4
_CHUNK = 8  # files handed to a worker at a time
# Chunks queued per worker, so it never waits for this process to take its last answer. Only
# file paths are sent (a few hundred bytes a chunk): the queue never fills the stdin pipe, so the
# worker blocking on a full stdout can never block this side's writes.
_AHEAD = 3


def name_of(source: Source) -> str:
    return source[0] if isinstance(source, tuple) else Path(source).name


def read_one(source: Source) -> tuple[DataFile | None, str]:
    """(the file, "") or (None, why it is refused). Exceptions other than a refusal are bugs and
    propagate (from a worker too)."""
    try:
        if isinstance(source, tuple):
            name, raw = source
            return read_datafile(raw, name), ""
        return read_datafile(source), ""
    except FileRefused as exc:
        return None, exc.reason


def _workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def read_all(sources: Sequence[Source], between: Callable[[int], None] | None = None,
             ) -> Iterator[tuple[DataFile | None, str]]:
    """read_one of every source, in order; `between(done)` runs after each file (progress,
    cancel: raising there stops the workers)."""
    done = 0
    workers = _workers(len(sources))
    if workers > 1 and not any(isinstance(source, tuple) for source in sources):
        chunks = [[str(path) for path in sources[start:start + _CHUNK]] for start in range(0, len(sources), _CHUNK)]
        pool = _WorkerPool(min(workers, len(chunks)))
        try:
            for results in pool.run(chunks):
                for result in results:
                    yield result
                    done += 1
                    if between is not None:
                        between(done)
        finally:
            pool.close()
    for source in sources[done:]:  # small batches, bytes, or what a failed worker left
        yield read_one(source)
        done += 1
        if between is not None:
            between(done)


class _WorkerPool:
    def __init__(self, count: int) -> None:
        command = [sys.executable, "-m", "kh06_desktop.services.exchange.consolidation_worker"]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_package_root(),
                                                                        os.environ.get("PYTHONPATH")])))
        self.processes = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
                          for _ in range(count)]

    def run(self, chunks: list[list[str]]) -> Iterator[list[tuple[DataFile | None, str]]]:
        """Results chunk by chunk, in order; stops early (the caller reads the rest) if a worker fails."""
        count = len(self.processes)
        ahead = count * _AHEAD
        try:
            for k in range(min(ahead, len(chunks))):
                self._send(k % count, chunks[k])
            for index in range(len(chunks)):
                process = self.processes[index % count]
                results = pickle.load(process.stdout)  # type: ignore[arg-type]
                if index + ahead < len(chunks):
                    self._send(index % count, chunks[index + ahead])
                yield results
        except (EOFError, OSError, pickle.UnpicklingError):
            return

    def _send(self, worker: int, chunk: list[str]) -> None:
        stream = self.processes[worker].stdin
        assert stream is not None
        pickle.dump(chunk, stream)
        stream.flush()

    def close(self) -> None:
        for process in self.processes:
            with contextlib.suppress(OSError):
                process.stdin.close()  # type: ignore[union-attr]
            if process.poll() is None:
                process.kill()
            process.wait()
            with contextlib.suppress(OSError):
                process.stdout.close()  # type: ignore[union-attr]


def _package_root() -> str:
    """The folder holding the kh06_desktop package, so workers import this same code."""
    return str(Path(__file__).resolve().parents[2])
