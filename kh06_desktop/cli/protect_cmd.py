"""`kh06 backup`, `kh06 backups` and `kh06 restore` (DESIGN 6.1).

    kh06 backup --db PATH [--out FILE]     a verified backup now (default: the backup folder)
    kh06 backups --db PATH                 this database's backups, newest first
    kh06 restore --db PATH FILE [--accept-other-database]
                                           checked first, the current state saved first; exit 2 refused

A backup of another unit is refused; one of the same unit code from another database (another
PC) only with --accept-other-database, after the message naming both.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kh06_desktop.cli.common import EXIT_OK, EXIT_UNUSABLE, add_db_argument, fail, open_db, output_path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    make = subparsers.add_parser("backup", help="sao lưu cơ sở dữ liệu ngay (có kiểm tra)")
    add_db_argument(make)
    make.add_argument("--out", metavar="FILE", help="tệp sao lưu sẽ ghi (mặc định: thư mục sao lưu)")
    make.set_defaults(handler=run_backup)

    listing = subparsers.add_parser("backups", help="danh sách các bản sao lưu của cơ sở dữ liệu này")
    add_db_argument(listing)
    listing.set_defaults(handler=run_backups)

    back = subparsers.add_parser("restore", help="khôi phục từ một bản sao lưu (kiểm tra trước, lưu hiện trạng)")
    add_db_argument(back)
    back.add_argument("file", metavar="FILE", help="bản sao lưu")
    back.add_argument("--accept-other-database", action="store_true",
                      help="đồng ý khôi phục bản sao lưu cùng mã đơn vị nhưng từ cơ sở dữ liệu khác (máy khác)")
    back.set_defaults(handler=run_restore)


def _sqlite_only(args: argparse.Namespace) -> None:
    if "://" in str(getattr(args, "db", "") or ""):
        fail("Sao lưu trong phần mềm chỉ dùng cho tệp dữ liệu SQLite; cơ sở dữ liệu trên máy chủ hãy sao lưu bằng "
             "công cụ của máy chủ (pg_dump)")


def run_backup(args: argparse.Namespace) -> int:
    from kh06_desktop.domain.formats import group_thousands
    from kh06_desktop.services.common.errors import ServiceError
    from kh06_desktop.services.protect.backup import MANUAL, backup_now

    _sqlite_only(args)
    out = output_path(args.out, (), "Tệp sao lưu") if args.out else None
    if out is not None and out.exists():
        fail(f"Tệp {out} đã có: hãy chọn tên khác (sao lưu không ghi đè tệp có sẵn)")
    db = open_db(args, create=False)
    try:
        try:
            info = backup_now(db, MANUAL, out=out)
        except ServiceError as exc:
            fail(str(exc))
    finally:
        db.close()
    print(f"Đã sao lưu vào {info.path} ({group_thousands(info.size)} byte).")
    return EXIT_OK


def run_backups(args: argparse.Namespace) -> int:
    from kh06_desktop.domain.formats import group_thousands
    from kh06_desktop.services.protect.backup import backup_folder, list_backups

    _sqlite_only(args)
    db = open_db(args, create=False)
    try:
        folder = backup_folder(db)
        found = list_backups(db)
    finally:
        db.close()
    print(f"Thư mục sao lưu: {folder}")
    if not found:
        print("Chưa có bản sao lưu nào của cơ sở dữ liệu này.")
    for info in found:
        print(f"{info.created:%d/%m/%Y %H:%M:%S}  {info.kind_label:<20} {group_thousands(info.size):>14} byte  "
              f"{info.path.name}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from kh06_desktop.services.common.errors import ServiceError
    from kh06_desktop.services.protect.backup import restore

    _sqlite_only(args)
    db = open_db(args, create=False)
    try:
        try:
            result = restore(db, Path(args.file), accept_other_database=args.accept_other_database)
        except ServiceError as exc:
            fail(str(exc), EXIT_UNUSABLE)
    finally:
        db.close()
    brought = f" {result.summary.describe()}." if result.summary else ""
    print(f"Đã khôi phục từ {result.restored_from.name}.{brought} Dữ liệu trước khi khôi phục được lưu ở "
          f"{result.safety_copy.path}.")
    return EXIT_OK
