"""`kh06 import-members` on Linux: python-calamine reads the list in a child process while the
parent runs the spreadsheet guard beside it.

The guard (`exchange.sheet_guard`) must refuse a hostile workbook before python-calamine builds
its grid in a process whose end would matter: a grid that does not fit aborts the process (a Rust
abort, not an exception). Run one after the other, the guard's scan is time the user waits for on
every import. So, where the process can fork:

- the child reads the file at once, under a memory limit, and does everything else the command
  does (checks, report, writing) — but says and writes nothing before the parent's verdict: its
  standard streams wait for it before their first write, and the command waits for it before it
  writes to the database (`wait_for_verdict`); reading the database and checking the rows do not;
- the parent runs the guard at a lower priority (it is only needed before the first write, which
  comes after the checks: the read and the start-up get the processor first), then sends the
  verdict: on "accepted" the child goes on and the parent waits for its exit code; on "refused"
  the parent ends the child and prints the guard's reason (exit 2), exactly as the one-process
  command would;
- a child that dies while reading (the abort the guard is there for) is reported by the parent.

The child's reading thread starts python-calamine on the first visible sheet before it loads
anything else (`exchange.sheet_open.head_start`); its main thread loads the rest, opens the
database and, once the rows are read, checks them, all before it needs the verdict.

On the 2-core development machine the fork took 0.3–0.4 s off a 100.000-row import (about 3,7 s;
`tests/benchmarks/bench_import_cli.py` against its `--no-fork`); waiting for the verdict only
before the first write, with the guard at a lower priority, took 0.2–0.45 s more (the two cores are
not independent: work beside the parse slows it by a fifth or more). Only on Linux, and only when the command
line is its own program (`cli.run`): not on Windows or macOS (no plain fork there) and not when
`main` is called inside another program (a test), where the guard runs first in the same process.
`KH06_NO_FORK=1` also turns it off.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from kh06_desktop.cli.common import EXIT_UNUSABLE, fail

_ACCEPTED = b"1"
# Address space the child may add to what it has at the fork: a 100.000-member import grows it by
# ~0,7 GB; the guard's budget for python-calamine is 320 MB. A hostile grid asking for more fails
# to allocate at once (the child ends) instead of filling the machine's memory for the second the
# guard takes to refuse it.
_CHILD_EXTRA_ADDRESS_SPACE = 3 * 1024 * 1024 * 1024
# The parent's priority while it runs the guard (and then only waits): on a 2-core machine the
# child's reading thread and its start-up take both cores, the guard the time they leave.
_GUARD_NICENESS = 10


def available() -> bool:
    """Whether this command may read its spreadsheet in a forked child."""
    from kh06_desktop.cli import owns_process

    return (sys.platform.startswith("linux") and hasattr(os, "fork") and owns_process()
            and not os.environ.get("KH06_NO_FORK"))


def run_forked(path: Path, work: Callable[[Callable[[], None]], int]) -> int:
    """Run `work(wait_for_verdict)` in a forked child while this process runs the guard on
    `path`; `work` must call `wait_for_verdict()` before it writes anything but its output (it
    reads the file meanwhile, without the guard; its output waits by itself). Returns the
    child's exit code."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing buffered is written twice
    verdict_read, verdict_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(verdict_write)
        _child(work, verdict_read)
    os.close(verdict_read)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the child says it, once
    try:
        return _parent(path, pid, verdict_write)
    finally:
        signal.signal(signal.SIGINT, previous)


class _Verdict:
    """The parent's verdict, read once whichever thread asks first: returns when the guard accepted
    the file; a refusal (or a parent gone) ends the child at once, silently: the parent says why."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._accepted = False
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            if not self._accepted:
                if os.read(self._fd, 1) != _ACCEPTED:
                    os._exit(EXIT_UNUSABLE)
                self._accepted = True


class _AfterVerdict:
    """A standard stream of the child that waits for the verdict before it writes or flushes: a
    refused file's rows, warnings or errors are never shown, whatever path the command takes."""

    def __init__(self, stream: TextIO, verdict: _Verdict) -> None:
        self._stream = stream
        self._verdict = verdict

    def write(self, text: str) -> int:
        self._verdict()
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        self._verdict()
        self._stream.writelines(lines)

    def flush(self) -> None:
        self._verdict()
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _child(work: Callable[[Callable[[], None]], int], verdict_fd: int) -> NoReturn:
    from kh06_desktop.cli import flush_output, reporting

    code = EXIT_UNUSABLE
    try:
        _limit_child_resources()
        verdict = _Verdict(verdict_fd)
        sys.stdout = cast(TextIO, _AfterVerdict(sys.stdout, verdict))
        sys.stderr = cast(TextIO, _AfterVerdict(sys.stderr, verdict))
        code = reporting(lambda: work(verdict))
    finally:
        flush_output()  # waits for the verdict, if nothing was said yet
        os._exit(code)  # never back into the parent's command (its lock, its exit handlers)


def _limit_child_resources() -> None:
    import resource

    try:  # an abort must not leave a core file of the child's memory (the member list) behind
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (OSError, ValueError):
        pass
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + _CHILD_EXTRA_ADDRESS_SPACE
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        pass  # no limit to set: the guard's verdict still ends a refused read within a second


def _parent(path: Path, pid: int, verdict_fd: int) -> int:
    from kh06_desktop.exchange.sheet_guard import GuardError, check_spreadsheet

    try:  # the verdict is awaited only before the first write: the child's read and start-up go first
        os.nice(_GUARD_NICENESS)
    except OSError:
        pass
    try:
        if path.is_file() and path.stat().st_size > 0:  # else the child says what is wrong with the path
            check_spreadsheet(path)
    except GuardError as exc:
        _end_child(pid)
        fail(f"Không dùng được tệp: {exc}", EXIT_UNUSABLE)
    except BaseException:
        _end_child(pid)
        raise
    try:
        os.write(verdict_fd, _ACCEPTED)
    except BrokenPipeError:
        pass  # the child has already ended (Ctrl+C, or the read killed it): its status tells
    finally:
        os.close(verdict_fd)
    status = _wait(pid)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WTERMSIG(status) == signal.SIGINT:
        return 130
    fail(f"Không dùng được tệp: không đọc được tệp «{path.name}» (phần đọc bảng tính dừng đột ngột: tệp có thể "
         "bị hỏng hoặc quá lớn); chưa ghi gì", EXIT_UNUSABLE)


def _end_child(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0
