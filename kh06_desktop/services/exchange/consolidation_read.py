"""Reading and checking a batch of data files (zip, digests, JSON, schema, coherence) before
consolidation, in worker processes when the batch is big.

Reading is pure CPU work per file (~2.5 ms for a 200-member unit) and independent between files,
so a batch of hundreds of files is spread over the machine's cores. The workers are a
`ProcessPoolExecutor` on multiprocessing's *spawn* context: a fresh interpreter per worker, not
fork (the app runs this from a Qt worker thread, and forking a threaded process can deadlock the
child), and not `[sys.executable, "-m", …]` (in a frozen build `sys.executable` is the app itself).
Spawn works frozen because every entry point calls `multiprocessing.freeze_support()` first.

A worker gets chunks of file paths and answers with the `read_one` results of each chunk; a few
chunks per worker are in flight at a time, and results are taken in the batch's order, so
outcomes are the same, in the same order, as reading the files one by one. A small batch, or
(name, bytes) sources, are read here directly. Only a real failure of the workers (a worker that
dies, processes that cannot be started) hands the rest of the batch back to this process, with a
warning on the log; an exception raised by `read_one` itself (a bug) propagates.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from kh06_desktop.exchange.datafile_checks import FileRefused
from kh06_desktop.exchange.datafile_reader import DataFile, read_datafile

Source = tuple[str, bytes] | str | Path
Result = tuple[DataFile | None, str]
PARALLEL_FROM = 48  # files; below this the workers would cost more than they save
MAX_WORKERS = 4
_CHUNK = 8  # files handed to a worker at a time
_AHEAD = 3  # chunks in flight per worker, so no worker waits for this process to take an answer

log = logging.getLogger(__name__)


def name_of(source: Source) -> str:
    return source[0] if isinstance(source, tuple) else Path(source).name


def read_one(source: Source) -> Result:
    """(the file, "") or (None, why it is refused). Whatever a hostile file makes the reader raise
    refuses that file alone (set KH06_DEBUG=1 to let unexpected errors through, for debugging)."""
    try:
        if isinstance(source, tuple):
            name, raw = source
            return read_datafile(raw, name), ""
        return read_datafile(source), ""
    except FileRefused as exc:
        return None, exc.reason
    except MemoryError:
        return None, "Tệp cần quá nhiều bộ nhớ để đọc: có thể là tệp độc hại, không nhận"
    except RecursionError:
        return None, "data.json lồng nhau quá sâu: có thể là tệp độc hại, không nhận"
    except Exception as exc:  # noqa: BLE001 - one bad file is refused alone
        if os.environ.get("KH06_DEBUG"):
            raise
        return None, f"Tệp bị hỏng hoặc không an toàn ({type(exc).__name__}): không nhận"


def read_chunk(paths: list[str]) -> tuple[int, list[Result]]:
    """What a worker runs: the worker's process id and the results of one chunk, in order."""
    return os.getpid(), [read_one(path) for path in paths]


def _workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def read_all(sources: Sequence[Source], between: Callable[[int], None] | None = None,
             ) -> Iterator[Result]:
    """read_one of every source, in order; `between(done)` runs after each file (progress,
    cancel: raising there stops the workers)."""
    done = 0
    workers = _workers(len(sources))
    if workers > 1 and not any(isinstance(source, tuple) for source in sources):
        chunks = [[str(path) for path in sources[start:start + _CHUNK]] for start in range(0, len(sources), _CHUNK)]
        pids: set[int] = set()
        try:
            for pid, results in _in_workers(chunks, min(workers, len(chunks))):
                pids.add(pid)
                for result in results:
                    yield result
                    done += 1
                    if between is not None:
                        between(done)
        except (BrokenProcessPool, OSError) as exc:
            log.warning("Tiến trình đọc tệp song song dừng bất thường (%s: %s); đọc tiếp %d tệp còn lại "
                        "trong tiến trình chính.", type(exc).__name__, exc, len(sources) - done)
        else:
            log.info("read %d files in %d worker processes (pids %s)", done, len(pids),
                     ", ".join(str(pid) for pid in sorted(pids)))
    for source in sources[done:]:  # small batches, bytes, or what failed workers left
        yield read_one(source)
        done += 1
        if between is not None:
            between(done)


def _in_workers(chunks: list[list[str]], count: int) -> Iterator[tuple[int, list[Result]]]:
    """(worker pid, results) chunk by chunk, in order. Leaving early (a cancel, a failure) cancels
    the chunks not started and waits only for those being read, so no worker outlives the call."""
    executor = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
    try:
        ahead = count * _AHEAD
        pending: list[Future[tuple[int, list[Result]]]] = [
            executor.submit(read_chunk, chunk) for chunk in chunks[:ahead]]
        for index in range(len(chunks)):
            answer = pending[index].result()
            if index + ahead < len(chunks):
                pending.append(executor.submit(read_chunk, chunks[index + ahead]))
            yield answer
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
