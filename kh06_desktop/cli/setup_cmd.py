"""`kh06 init` (DESIGN 6.1): create a database for a unit or an upper level without the window,
for IT staff who prepare many PCs and for scripts. Exit 0, or 2 if the database already has a
unit (or an upper level) — it is never changed then.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kh06_desktop.cli.common import EXIT_OK, EXIT_UNUSABLE, add_db_argument, database_target, fail, open_db

SECTORS = ("public_service", "state_enterprise", "non_state")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = subparsers.add_parser(
        "init", help="tạo cơ sở dữ liệu cho một công đoàn cơ sở (hoặc cấp trên) không cần mở cửa sổ",
        description="Tạo cơ sở dữ liệu cho một công đoàn cơ sở, hoặc với --upper cho công đoàn cấp trên. "
                    "Mã thoát 2 nếu cơ sở dữ liệu đã có đơn vị.")
    add_db_argument(init)
    init.add_argument("--upper", action="store_true", help="thiết lập công đoàn cấp trên (tổng hợp các đơn vị)")
    init.add_argument("--code", required=True, help="mã đơn vị")
    init.add_argument("--name", required=True, help="tên công đoàn (cơ sở hoặc cấp trên)")
    init.add_argument("--sector", choices=SECTORS,
                      help="khu vực (bắt buộc với công đoàn cơ sở): public_service = hành chính sự nghiệp, "
                           "state_enterprise = doanh nghiệp nhà nước, non_state = ngoài khu vực nhà nước")
    init.add_argument("--upper-union", dest="upper_union", help="công đoàn cấp trên trực tiếp")
    init.add_argument("--employer", help="cơ quan, doanh nghiệp (công đoàn cơ sở)")
    init.add_argument("--address", help="địa chỉ (công đoàn cơ sở)")
    init.add_argument("--chair", help="họ và tên chủ tịch công đoàn")
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    from kh06_desktop.services.common.errors import InvalidInput
    from kh06_desktop.services.unit.upper_level import database_has_unit

    if args.upper and (args.sector or args.employer or args.address):
        fail("--sector, --employer, --address chỉ dùng cho công đoàn cơ sở, không dùng cùng --upper")
    if not args.upper and not args.sector:
        fail("Thiếu --sector: chọn public_service, state_enterprise hoặc non_state")
    new_file = _new_database_file(args)
    done = False
    db = open_db(args)
    try:
        existing = database_has_unit(db)
        if existing:
            fail(f"Cơ sở dữ liệu đã được thiết lập cho «{existing}»: không thay đổi gì", EXIT_UNUSABLE)
        try:
            text = _init_upper(db, args) if args.upper else _init_unit(db, args)
        except InvalidInput as exc:
            fail(f"Thông tin chưa đủ: {exc}", EXIT_UNUSABLE)
        done = True
    finally:
        db.close()
        if new_file is not None and not done:
            _remove_database(new_file)  # a refused init leaves no empty database behind
    print(text)
    return EXIT_OK


def _new_database_file(args: argparse.Namespace) -> Path | None:
    """The database file this init will create, or None (it exists already, or a server URL)."""
    target = database_target(args)
    if "://" in target:
        return None
    path = Path(target).expanduser()
    return None if path.exists() else path


def _remove_database(path: Path) -> None:
    from kh06_desktop.store.private_files import SQLITE_COMPANIONS

    for suffix in ("", *SQLITE_COMPANIONS):
        try:
            path.with_name(path.name + suffix).unlink()
        except FileNotFoundError:
            pass


def _init_unit(db, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.enums import Sector
    from kh06_desktop.services.unit.units import UnitProfile, setup_unit

    unit = setup_unit(db, UnitProfile(code=args.code, name=args.name, sector=Sector(args.sector),
                                      employer=args.employer, upper_union=args.upper_union,
                                      address=args.address, chair_name=args.chair))
    return f"Đã thiết lập công đoàn cơ sở «{unit.name}» (mã {unit.code}, {unit.sector.label})."


def _init_upper(db, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    from kh06_desktop.services.unit.upper_level import UpperProfile, setup_upper

    upper = setup_upper(db, UpperProfile(code=args.code, name=args.name, parent_body=args.upper_union or "",
                                         chair_name=args.chair or ""))
    return f"Đã thiết lập công đoàn cấp trên «{upper.name}» (mã {upper.code})."
