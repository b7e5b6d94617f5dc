"""`kh06 doctor`: the support information and a check that the install is whole (exit 0 only then)."""

from __future__ import annotations

import argparse
import sys

from kh06_desktop.cli.common import EXIT_OK, EXIT_REJECTED, add_db_argument


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "doctor", help="thông tin hỗ trợ và kiểm tra bản cài đặt (mã thoát 0: mọi thứ đều tốt, 1: có lỗi)")
    add_db_argument(parser)
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from kh06_desktop.diagnostics import collect

    report = collect(getattr(args, "db", None))
    print(report.text(), end="")
    if report.ok:
        return EXIT_OK
    print(f"kh06 doctor: có {len(report.problems)} lỗi, xem danh sách ở trên.", file=sys.stderr)
    return EXIT_REJECTED
