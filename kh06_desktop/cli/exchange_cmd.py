"""`kh06 export`, `kh06 consolidate` and `kh06 consolidated-report` (DESIGN 6.1).

    kh06 export --db PATH --period P --out FILE.kh06 [--with-personal-data]
    kh06 consolidate --db PATH FILE.kh06...        exit 0 all accepted, 1 some refused, 2 none
    kh06 consolidated-report --db PATH --period P --out FILE.pdf|FILE.xlsx

A new or empty database given to `consolidate` becomes an upper-level database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kh06_desktop.cli.common import (
    EXIT_OK,
    EXIT_UNUSABLE,
    add_db_argument,
    add_period_argument,
    fail,
    open_db,
    output_path,
    parse_period,
    require_local_unit,
    write_file_atomically,
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = subparsers.add_parser("export", help="xuất tệp dữ liệu .kh06 gửi công đoàn cấp trên")
    add_db_argument(export)
    add_period_argument(export)
    export.add_argument("--out", required=True, metavar="FILE.kh06", help="tệp .kh06 sẽ ghi")
    export.add_argument("--with-personal-data", action="store_true",
                        help="kèm số CCCD, điện thoại, ngày sinh, ghi chú (mặc định không kèm)")
    export.set_defaults(handler=run_export)

    consolidate = subparsers.add_parser("consolidate", help="cấp trên: kiểm tra và nhập tệp dữ liệu của các đơn vị")
    add_db_argument(consolidate)
    consolidate.add_argument("files", nargs="*", metavar="FILE.kh06", help="các tệp dữ liệu (một hoặc nhiều tệp)")
    consolidate.set_defaults(handler=run_consolidate)

    report = subparsers.add_parser("consolidated-report", help="cấp trên: báo cáo tổng hợp (PDF hoặc XLSX)")
    add_db_argument(report)
    add_period_argument(report)
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx", help="tệp .pdf hoặc .xlsx sẽ ghi")
    report.set_defaults(handler=run_report)


def run_export(args: argparse.Namespace) -> int:
    from kh06_desktop.services.exchange.export import export_datafile

    period = parse_period(args.period)
    out = output_path(args.out, (), "Tệp dữ liệu")
    db = open_db(args, create=False)
    try:
        unit = require_local_unit(db)
        result = export_datafile(db, unit.id, period.code, out, with_personal_data=args.with_personal_data)
    finally:
        db.close()
    personal = "có kèm dữ liệu cá nhân" if result.with_personal_data else "không kèm dữ liệu cá nhân"
    print(f"Đã ghi {result.path} — {unit.code}, kỳ {period.code}, lần sửa đổi {result.revision}, "
          f"{result.members} đoàn viên, {personal}. SHA-256: {result.sha256}")
    return EXIT_OK


def run_consolidate(args: argparse.Namespace) -> int:
    from kh06_desktop.exchange.hygiene import printable
    from kh06_desktop.services.exchange.consolidation import REFUSED, consolidate_files

    if not args.files:
        fail("Chưa chỉ ra tệp dữ liệu nào: kh06 consolidate --db PATH TỆP.kh06 [TỆP.kh06 …]", EXIT_UNUSABLE)
    db = open_db(args, create=True)
    try:
        result = consolidate_files(db, [Path(f) for f in args.files])
    finally:
        db.close()
    for outcome in result.outcomes:
        what = f"{outcome.unit_code} kỳ {outcome.period} lần {outcome.revision}" if outcome.unit_code else ""
        line = f"{outcome.label}: {outcome.name}" + (f" ({what})" if what else "")
        if outcome.reason:
            line += f" — {outcome.reason}"
        # File names, codes and reasons come from outside: escapes are shown, never sent to the terminal.
        print(printable(" ".join(line.split()), 600), file=sys.stderr if outcome.status == REFUSED else sys.stdout)
    refused = result.count(REFUSED)
    print(f"Tổng cộng {len(result.outcomes)} tệp: nhận {len(result.outcomes) - refused}, từ chối {refused}.")
    return result.exit_code


def run_report(args: argparse.Namespace) -> int:
    from kh06_desktop.reports.consolidated import consolidated_pdf, consolidated_xlsx
    from kh06_desktop.services.exchange.consolidated_report import consolidated_report_data

    period = parse_period(args.period)
    out = output_path(args.out, (".pdf", ".xlsx"), "Tệp kết quả")
    suffix = out.suffix.lower()
    db = open_db(args, create=False)
    try:
        data = consolidated_report_data(db, period.code)
    finally:
        db.close()
    if not data.units:
        fail(f"Chưa có đơn vị nào gửi tệp dữ liệu kỳ {period.code}", EXIT_UNUSABLE)
    body = consolidated_pdf(data) if suffix == ".pdf" else consolidated_xlsx(data)
    write_file_atomically(out, body)
    print(f"Đã ghi {out} — {len(data.units)} đơn vị, kỳ {period.code}.")
    return EXIT_OK
