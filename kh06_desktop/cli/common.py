"""Shared pieces of the command line: exit codes, errors, opening the database."""

from __future__ import annotations

import argparse
from typing import NoReturn

from kh06_desktop import paths
from kh06_desktop.services.units import UnitInfo, get_local_unit
from kh06_desktop.store.database import Database, open_database

EXIT_OK = 0
EXIT_REJECTED = 1  # some rows or files refused; nothing written (or only the good files, for consolidate)
EXIT_UNUSABLE = 2  # the input cannot be used at all


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_UNUSABLE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    raise CliError(message, code)


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", required=required, default=argparse.SUPPRESS,
                        help="tệp dữ liệu hoặc URL SQLAlchemy (postgresql+psycopg://…)")


def open_db(args: argparse.Namespace, *, create: bool = True) -> Database:
    return open_database(getattr(args, "db", None) or paths.default_database(), create=create)


def require_local_unit(db: Database) -> UnitInfo:
    unit = get_local_unit(db)
    if unit is None:
        fail("Cơ sở dữ liệu chưa có thông tin đơn vị: hãy mở phần mềm để thiết lập, hoặc chạy «kh06 demo»")
    return unit
