"""`kh06 export`, `kh06 consolidate` and `kh06 consolidated-report` (DESIGN 6.1).

    kh06 export --db PATH --period P --out FILE.kh06 [--with-personal-data]
    kh06 consolidate --db PATH FILE.kh06...        exit 0 all accepted, 1 some refused, 2 none
    kh06 consolidated-report --db PATH --period P --out FILE.pdf|FILE.xlsx
    kh06 consolidate --db PATH --accept-new-key CODE FILE.kh06   accept a unit's new signing key (audited)
    kh06 withdraw --db PATH --unit CODE --period P --reason TEXT  upper level: withdraw a submission
    kh06 sign --db PATH FILE.kh06                  sign a file built by another tool with this database's key

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
    consolidate.add_argument("--accept-new-key", action="append", default=[], metavar="CODE",
                             help="chấp nhận khóa ký mới của đơn vị CODE (sau khi đã xác nhận với đơn vị)")
    consolidate.set_defaults(handler=run_consolidate)

    withdraw = subparsers.add_parser("withdraw", help="cấp trên: rút tệp dữ liệu đã nhận của một đơn vị")
    add_db_argument(withdraw)
    withdraw.add_argument("--unit", required=True, metavar="CODE", help="mã đơn vị")
    add_period_argument(withdraw)
    withdraw.add_argument("--reason", required=True, metavar="TEXT", help="lý do rút tệp")
    withdraw.set_defaults(handler=run_withdraw)

    sign = subparsers.add_parser("sign", help="ký tệp .kh06 bằng khóa của cơ sở dữ liệu này")
    add_db_argument(sign)
    sign.add_argument("file", metavar="FILE.kh06", help="tệp dữ liệu cần ký")
    sign.set_defaults(handler=run_sign)

    report = subparsers.add_parser("consolidated-report", help="cấp trên: báo cáo tổng hợp (PDF hoặc XLSX)")
    add_db_argument(report)
    add_period_argument(report)
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx", help="tệp .pdf hoặc .xlsx sẽ ghi")
    report.add_argument("--number", help="số văn bản, ví dụ 5 hoặc 05/BC-CĐ (mặc định: để trống để ghi tay)")
    report.add_argument("--signer", help="họ tên người ký (mặc định: theo hồ sơ công đoàn cấp trên)")
    report.add_argument("--signer-title", help="chức vụ người ký, ví dụ «Phó Chủ tịch» (mặc định: theo hồ sơ)")
    report.add_argument("--place", help="địa danh của dòng ngày tháng (mặc định: theo hồ sơ)")
    report.add_argument("--date", help="ngày ký, dd/mm/yyyy (mặc định: hôm nay)")
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
    from kh06_desktop.services.exchange.consolidation import REFUSED, consolidate_files

    if not args.files:
        fail("Chưa chỉ ra tệp dữ liệu nào: kh06 consolidate --db PATH TỆP.kh06 [TỆP.kh06 …]", EXIT_UNUSABLE)
    db = open_db(args, create=True)
    try:
        result = consolidate_files(db, [Path(f) for f in args.files], accept_new_keys=args.accept_new_key)
    finally:
        db.close()
    for outcome in result.outcomes:
        what = f"{outcome.unit_code} kỳ {outcome.period} lần {outcome.revision}" if outcome.unit_code else ""
        line = f"{outcome.label}: {outcome.name}" + (f" ({what})" if what else "")
        if outcome.reason:
            line += f" — {outcome.reason}"
        print(line, file=sys.stderr if outcome.status == REFUSED else sys.stdout)
    refused = result.count(REFUSED)
    print(f"Tổng cộng {len(result.outcomes)} tệp: nhận {len(result.outcomes) - refused}, từ chối {refused}.")
    return result.exit_code


def run_withdraw(args: argparse.Namespace) -> int:
    from kh06_desktop.services.exchange.consolidation import withdraw_submission

    period = parse_period(args.period)
    db = open_db(args, create=False)
    try:
        result = withdraw_submission(db, args.unit, period.code, args.reason)
    finally:
        db.close()
    back = (f"lần sửa đổi {result.current_revision} được dùng lại" if result.current_revision is not None
            else "kỳ này không còn tệp nào của đơn vị")
    print(f"Đã rút tệp {result.unit_code} kỳ {result.period} lần sửa đổi {result.withdrawn_revision}; {back}.")
    return EXIT_OK


def run_sign(args: argparse.Namespace) -> int:
    from kh06_desktop.services.exchange.resign import sign_datafile

    path = Path(args.file)
    if not path.is_file():
        fail(f"Không tìm thấy tệp: {path}", EXIT_UNUSABLE)
    db = open_db(args, create=False)
    try:
        result = sign_datafile(db, path)
    finally:
        db.close()
    print(f"Đã ký {result.path} bằng khóa {result.fingerprint}. SHA-256: {result.sha256}")
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from kh06_desktop.domain.formats import DateError, parse_date
    from kh06_desktop.reports.consolidated import consolidated_pdf, consolidated_xlsx
    from kh06_desktop.services.exchange.consolidated_report import ConsolidatedOptions, consolidated_report_data

    period = parse_period(args.period)
    out = output_path(args.out, (".pdf", ".xlsx"), "Tệp kết quả")
    suffix = out.suffix.lower()
    try:
        day = parse_date(args.date) if args.date else None
    except DateError as exc:
        fail(f"--date: {exc}")
    options = ConsolidatedOptions(number=args.number, signer_name=args.signer, signer_title=args.signer_title,
                                  place=args.place, date=day)
    db = open_db(args, create=False)
    try:
        data = consolidated_report_data(db, period.code, options=options)
    finally:
        db.close()
    if not data.units:
        fail(f"Chưa có đơn vị nào gửi tệp dữ liệu kỳ {period.code}", EXIT_UNUSABLE)
    body = consolidated_pdf(data) if suffix == ".pdf" else consolidated_xlsx(data)
    write_file_atomically(out, body)
    if not data.named:
        print("Cảnh báo: chưa nhập tên công đoàn cấp trên (trang «Hồ sơ cấp trên» hoặc kh06 init --upper), báo cáo "
              "ghi «Công đoàn cấp trên» ở chỗ đơn vị ban hành.")  # a note, not an error: stderr is for errors
    print(f"Đã ghi {out} — {len(data.units)} đơn vị, kỳ {period.code}.")
    return EXIT_OK
