"""The `kh06` command line (DESIGN 6.1). Each command group lives in its own module with a
`register(subparsers)` function; the commands call the same services as the UI.

Errors reach the user as one Vietnamese line on stderr, never a traceback: argparse's own
(English) messages are translated, file-system errors are worded from their errno, and anything
unexpected still ends as one line (set KH06_DEBUG=1 to see the traceback). Output is UTF-8
whatever the console's locale, so `indicators --json` can be read by other programs.

The modules import only argparse at load time; SQLAlchemy, ReportLab and the spreadsheet
libraries are imported by the command that needs them, and Qt only when the window opens.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from kh06_desktop import __version__
from kh06_desktop.cli.common import EXIT_INTERRUPTED, EXIT_UNUSABLE, CliError, fail, os_error_text
from kh06_desktop.parts import COMMAND_MODULES as COMMAND_MODULES  # the command groups, in --help order
from kh06_desktop.parts import PartImportError, import_part

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of our output went away (`kh06 … | head`)

EPILOG = ("Mã thoát: 0 thành công; 1 có dòng hoặc tệp bị từ chối (import-members: không ghi gì); "
          "2 không dùng được tệp, cơ sở dữ liệu hoặc tham số; 130 dừng bằng Ctrl+C. "
          "Xem «kh06 LỆNH --help» cho từng lệnh.")


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "Cách dùng: ")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese and reports errors as CliError (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wants_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if wants_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str) -> None:  # type: ignore[override]
        fail(translate_argparse(message, self.prog), EXIT_UNUSABLE)


_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), t) for p, t in (
    (r"^the following arguments are required: (.+)$", r"thiếu tham số bắt buộc: \1"),
    (r"^unrecognized arguments: (.+)$", r"tham số không nhận ra: \1"),
    (r"^ambiguous option: (\S+) could match (.+)$", r"tùy chọn \1 không rõ, có thể là: \2"),
    (r"^one of the arguments (.+) is required$", r"cần một trong các tham số: \1"),
    (r"^argument (\S+): expected one argument$", r"\1 cần một giá trị"),
    (r"^argument (\S+): expected at least one argument$", r"\1 cần ít nhất một giá trị"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"không dùng \1 cùng với \2"),
    (r"^argument (\S+): invalid int value: (.+)$", r"\1 phải là một số nguyên, không phải \2"),
    (r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$", r"\1: không có lựa chọn \2; chọn một trong: \3"),
    (r"^argument (\S+): invalid \S+ value: (.+)$", r"\1: giá trị không hợp lệ \2"),
    (r"^argument (\S+): (.+)$", r"\1: \2"),
))


_QUOTED = re.compile(r"'([^']*)'")


def translate_argparse(message: str, prog: str = "kh06") -> str:
    """argparse's English error as one Vietnamese line."""
    if message.startswith("argument LỆNH: invalid choice:"):
        match = re.search(r"invalid choice: (.+?) \(choose", message)
        name = match.group(1).strip("'\"") if match else "?"
        return f"Không có lệnh «{name}». Xem danh sách lệnh bằng «kh06 --help»."
    for pattern, replacement in _TRANSLATIONS:
        if pattern.match(message):
            return f"Tham số không hợp lệ ({prog}): " + _QUOTED.sub(r"«\1»", pattern.sub(replacement, message))
    return f"Tham số không hợp lệ ({prog}): {message}"


def build_parser(broken: list[PartImportError] | None = None) -> argparse.ArgumentParser:
    """The parser with every command group. A group whose module does not import raises
    PartImportError, or, when `broken` is given, is listed there and left out (for `doctor`)."""
    parser = _Parser(prog="kh06", description="KH06 Desktop: theo dõi Kế hoạch 06-KH/BCSĐ của công đoàn cơ sở. "
                                              "Không có LỆNH: mở cửa sổ phần mềm.", epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"kh06 {__version__}",
                        help="hiện số phiên bản rồi thoát")
    parser.add_argument("--db", metavar="PATH",
                        help="tệp dữ liệu (mặc định: thư mục dữ liệu của người dùng) hoặc URL SQLAlchemy")
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = import_part(name, "nhóm lệnh")
        except PartImportError as error:
            if broken is None:
                raise
            broken.append(error)
            continue
        module.register(subparsers)
    from kh06_desktop.cli import doctor_cmd

    doctor_cmd.register(subparsers)
    return parser


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale (C/POSIX on a server, cp1252 on a redirected Windows
    console): Vietnamese text and the JSON of `indicators --json` must reach the reader intact."""
    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors=errors)
            except (ValueError, OSError):  # a stream that cannot change (detached, closed)
                pass


def _debug_log() -> None:
    """KH06_DEBUG=1 also shows the app's own log on stderr (for instance how many worker processes
    read a consolidation batch); warnings reach stderr without it."""
    logger = logging.getLogger("kh06_desktop")
    if os.environ.get("KH06_DEBUG") and not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


def _one_line(text: str) -> str:
    """One line, with any control or escape character shown as \\uXXXX (messages may quote
    untrusted file content), cut at 2,000 characters."""
    from kh06_desktop.exchange.hygiene import printable

    joined = " ".join(part.strip() for part in str(text).splitlines() if part.strip()) or "(không rõ lý do)"
    return printable(joined, 2000)


def _error(text: str) -> None:
    try:
        print(_one_line(text), file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr itself is gone; the exit code still tells


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _check_display() -> None:
    """Qt aborts the process (no message we control) when there is no display: say it first."""
    if sys.platform.startswith(("win", "darwin")):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        fail("Không mở được cửa sổ phần mềm: máy này không có màn hình đồ họa (DISPLAY). "
             "Dùng «kh06 --help» để xem các lệnh chạy không cần cửa sổ.")


def _run_gui(db: str | None) -> int:
    _check_display()
    try:
        from kh06_desktop.ui.app import run_gui
    except ImportError as exc:
        fail(f"Không tải được thư viện giao diện Qt ({exc}); các lệnh dòng lệnh vẫn dùng được.")
    return run_gui(db)


def _dispatch(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    broken: list[PartImportError] = []
    parser = build_parser(broken)
    if broken and "doctor" not in arguments:  # `kh06 doctor` lists what is broken itself
        raise broken[0]
    args = parser.parse_args(arguments)
    if args.command is None:
        return _run_gui(args.db)
    global _COMMAND_RAN
    _COMMAND_RAN = True
    from kh06_desktop.cli.locking import command_lock

    with command_lock(getattr(args, "db", None), args.command):  # every writing command: the window's lock
        return int(args.handler(args) or 0)


_COMMAND_RAN = False  # a command (not the window) ran in this process: `run` may end it at once
_OWN_PROCESS = False  # `run` is the program: a command may fork (`cli.sheet_sandbox`); never inside a test


def owns_process() -> bool:
    """Whether the command line runs as its own program (`run`), not called inside another one."""
    return _OWN_PROCESS


_KEPT: list[object] = []


def keep_until_exit(*objects: object) -> None:
    """Leave a command's large data (a read member list, its checked rows) to the end of the
    process when the command line is its own program: `run` ends it without freeing them, so they
    are not freed one by one as the command returns (0.05 s for 100.000 members). Inside
    another program (a test) they are freed as usual."""
    if _OWN_PROCESS:
        _KEPT.extend(objects)


def run() -> NoReturn:
    """The `kh06` program: `main`, then the end of the process. After a command, once the output
    is flushed and the exit handlers have run, the process ends without tearing the interpreter
    down: freeing every object a 100.000-member import made costs a quarter of a second the user
    waits for and nothing else (the database is closed, the lock released, the files written).
    The window's run ends the normal way (Qt saves its settings as it is torn down)."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    sys.unraisablehook = _interrupt_again
    code = main()
    if not _COMMAND_RAN:
        raise SystemExit(code)
    import atexit

    atexit._run_exitfuncs()  # logging's flush and anything else registered, as a normal exit would
    if not flush_output() and code == 0:
        code = EXIT_BROKEN_PIPE
    os._exit(code)


def _interrupt_again(unraisable: Any) -> None:
    """Ctrl+C that lands inside a callback Python cannot raise from (a module lock's clean-up while
    a command loads, a finaliser) would be printed as "Exception ignored…" with a traceback and then
    forgotten: it is raised again in the main thread a moment later instead (once this callback has
    returned), where the command line says «Đã dừng»."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        import _thread
        import threading

        threading.Timer(0.01, _thread.interrupt_main).start()
        return
    sys.__unraisablehook__(unraisable)


def flush_output() -> bool:
    """Flush stdout and stderr before the process ends without the interpreter's own flush;
    False when stdout could not be written (closed or broken: the exit code still tells)."""
    written = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            written = written and stream is not sys.stdout
    return written


def main(argv: Sequence[str] | None = None) -> int:
    # In a frozen build a worker process (consolidation) starts as this program: run its work, exit.
    multiprocessing.freeze_support()
    _utf8_streams()
    _debug_log()
    return reporting(lambda: _dispatch(argv))


def reporting(call: Callable[[], int]) -> int:
    """`call`'s exit code, or the one Vietnamese line and code of whatever it raised (the
    command line's contract); also what a forked child runs its work with (`cli.sheet_sandbox`)."""
    try:
        return call()
    except CliError as exc:
        _error(exc.message)
        return exc.code
    except PartImportError as exc:  # a broken install: the cause for support, then the one line
        try:
            print(exc.traceback_text(), file=sys.stderr, end="")
        except (OSError, ValueError):
            pass
        _error(str(exc))
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        _error("Đã dừng theo yêu cầu (Ctrl+C); dữ liệu không thay đổi.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        _error(os_error_text(exc))
        return EXIT_UNUSABLE
    except Exception as exc:  # noqa: BLE001 — the contract: one line, never a traceback
        if os.environ.get("KH06_DEBUG"):
            raise
        _error(_describe(exc))
        return EXIT_UNUSABLE


def _describe(exc: Exception) -> str:
    """Known error families by name, so this module needs not import SQLAlchemy or the services."""
    names = {klass.__name__ for klass in type(exc).__mro__}
    module = type(exc).__module__
    if names & {"ServiceError", "DatabaseError"}:
        return f"Lỗi: {exc}"
    if names & {"SheetError", "DatafileError"}:
        return f"Không dùng được tệp: {exc}"
    if module.startswith("sqlalchemy"):
        detail = getattr(exc, "orig", None) or exc
        return f"Lỗi cơ sở dữ liệu: {str(detail).splitlines()[0] if str(detail) else type(detail).__name__}"
    if isinstance(exc, MemoryError):
        return "Không đủ bộ nhớ để thực hiện lệnh này."
    return (f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). "
            "Hãy báo lỗi này cho người hỗ trợ kỹ thuật (đặt KH06_DEBUG=1 để xem chi tiết).")
