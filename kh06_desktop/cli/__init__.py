"""The `kh06` command line (DESIGN 6.1). Each command group lives in its own module with a
`register(subparsers)` function; the commands call the same services as the UI.

Errors reach the user as one Vietnamese line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kh06_desktop import __version__
from kh06_desktop.cli.common import CliError, EXIT_UNUSABLE, fail
from kh06_desktop.services.errors import ServiceError
from kh06_desktop.store.database import DatabaseError

# Modules that add subcommands, in the order they appear in --help.
COMMAND_MODULES = (
    "kh06_desktop.cli.members_cmd",
    "kh06_desktop.cli.indicators_cmd",
    "kh06_desktop.cli.report_cmd",
    "kh06_desktop.cli.exchange_cmd",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are English; keep one line
        fail(f"Tham số không hợp lệ: {message}", EXIT_UNUSABLE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kh06", description="KH06 Desktop: theo dõi Kế hoạch 06-KH/BCSĐ của công đoàn cơ sở")
    parser.add_argument("--version", action="version", version=f"kh06 {__version__}")
    parser.add_argument("--db", help="tệp dữ liệu (mặc định: thư mục dữ liệu của người dùng) hoặc URL SQLAlchemy")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency inside the module
                raise
            continue  # command group not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from kh06_desktop.ui.app import run_gui

            return run_gui(args.db)
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except (ServiceError, DatabaseError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; dữ liệu không thay đổi.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"Lỗi tệp: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return EXIT_UNUSABLE
