"""`kh06 report --db PATH --period P --out FILE.pdf [--kind period|roster|training|study|hardship]`
(DESIGN 6.1), and `kh06 close-period` / `kh06 reopen-period` for closing a period's figures."""

from __future__ import annotations

import argparse

from kh06_desktop.cli.common import (
    EXIT_OK,
    add_db_argument,
    add_period_argument,
    fail,
    open_db,
    output_path,
    parse_period,
    require_local_unit,
    write_file_atomically,
)

# The kinds of `--kind`, kept here (not imported from the services) so that `kh06 --help` and
# argument errors need not load ReportLab; a test checks they match services.reports.KINDS.
KINDS = ("period", "roster", "training", "study", "hardship")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("report", help="in báo cáo hoặc danh sách ra tệp PDF")
    add_db_argument(parser)
    add_period_argument(parser)
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF sẽ ghi")
    parser.add_argument("--kind", default="period", choices=KINDS,
                        help="period: báo cáo kỳ; roster: danh sách đoàn viên; training, study: danh sách tham "
                             "dự; hardship: danh sách thăm hỏi, hỗ trợ")
    parser.add_argument("--number", help="số, ký hiệu văn bản, ví dụ 15/BC-CĐCS")
    parser.add_argument("--date", help="ngày ký, dd/mm/yyyy (mặc định: đã lưu với kỳ, hoặc hôm nay)")
    parser.add_argument("--place", help="địa danh của dòng ngày tháng (mặc định: theo địa chỉ đơn vị)")
    parser.add_argument("--signer", help="họ tên người ký (mặc định: chủ tịch)")
    parser.add_argument("--signer-title", help="chức vụ người ký, ví dụ «Phó Chủ tịch»")
    parser.add_argument("--proposals", help="đề xuất, kiến nghị (báo cáo kỳ); mặc định: đã lưu với kỳ")
    parser.add_argument("--assessment", help="đánh giá chung và phương hướng kỳ tới (báo cáo kỳ); mặc định: đã lưu "
                                             "với kỳ, hoặc phần mềm tự lập từ số liệu")
    parser.add_argument("--with-gaps", action="store_true",
                        help="báo cáo kỳ: kèm phụ lục danh sách còn thiếu của từng chỉ tiêu")
    parser.add_argument("--with-health-details", action="store_true",
                        help="danh sách thăm hỏi: in cả tình trạng sức khỏe (dữ liệu nhạy cảm, mặc định không in)")
    parser.add_argument("--training-id", type=int, help="lớp tập huấn (--kind training)")
    parser.add_argument("--session-id", type=int, help="buổi học tập, quán triệt (--kind study)")
    parser.set_defaults(handler=run)

    close = subparsers.add_parser("close-period", help="chốt số liệu một kỳ báo cáo")
    add_db_argument(close)
    add_period_argument(close)
    close.set_defaults(handler=run_close)

    reopen = subparsers.add_parser("reopen-period", help="mở lại kỳ đã chốt (số liệu thành lần chốt mới)")
    add_db_argument(reopen)
    add_period_argument(reopen)
    reopen.add_argument("--yes", action="store_true", help="xác nhận mở lại")
    reopen.set_defaults(handler=run_reopen)


def _period(text: str) -> str:
    return parse_period(text).code


def run(args: argparse.Namespace) -> int:
    from kh06_desktop.domain.formats import DateError, parse_date

    period = _period(args.period)
    out = output_path(args.out, (".pdf",), "Tệp ra")
    try:
        day = parse_date(args.date) if args.date else None
    except DateError as exc:
        fail(f"--date: {exc}")
    from kh06_desktop.reports import ReportRequest, generate_report
    from kh06_desktop.services.reports.report_data import KIND_LABELS, DocumentRequest

    db = open_db(args, create=False)
    try:
        unit = require_local_unit(db)
        document = DocumentRequest(number=args.number, date=day, place=args.place, signer_name=args.signer,
                                   signer_title=args.signer_title)
        event_id = args.training_id if args.kind == "training" else args.session_id if args.kind == "study" else None
        note = None
        if args.kind in ("training", "study") and event_id is None:
            event_id, note = _latest_event(db, unit.id, args.kind, period)
        report = generate_report(db, unit.id, ReportRequest(
            args.kind, period, document, args.proposals, event_id, with_health_details=args.with_health_details,
            with_gaps=args.with_gaps, assessment=args.assessment))
    finally:
        db.close()
    write_file_atomically(out, report.pdf)
    if note:
        print(note)
    print(f"Đã ghi {KIND_LABELS[args.kind].lower()} kỳ {period} (lần {report.stamp.revision}, mã dữ liệu "
          f"{report.stamp.short}) vào {out}")
    return EXIT_OK


def _latest_event(db, unit_id: int, kind: str, period: str) -> tuple[int | None, str | None]:  # type: ignore[no-untyped-def]
    """`report --kind training|study` without an id must still write the sheet (DESIGN 6.1): with
    several events in the period, print the newest and say how to choose another. With none,
    return None and let the report service give its message ("Kỳ này chưa có …")."""
    from kh06_desktop.domain.formats import format_date
    from kh06_desktop.services.periods.periods import period_bounds

    start, end = period_bounds(db, period, unit_id)
    if kind == "training":
        from kh06_desktop.services.activities.trainings import list_trainings

        events = [(t.id, t.title, t.start_date) for t in list_trainings(db, unit_id, start, end)
                  if start <= t.start_date <= end]
        label, option = "lớp tập huấn", "--training-id"
    else:
        from kh06_desktop.services.activities.studies import list_studies

        events = [(s.id, s.topic, s.date) for s in list_studies(db, unit_id, start, end) if start <= s.date <= end]
        label, option = "buổi học tập, quán triệt", "--session-id"
    if len(events) <= 1:
        return (events[0][0] if events else None), None
    events.sort(key=lambda e: (e[2], e[0]), reverse=True)  # newest first
    newest = events[0]
    others = "; ".join(f"{e[0]} – {e[1]} ({format_date(e[2])})" for e in events[1:11])
    more = f"; … và {len(events) - 11} mục khác" if len(events) > 11 else ""
    return newest[0], (f"Kỳ {period} có {len(events)} {label}; đã in {label} gần nhất: «{newest[1]}» "
                       f"({format_date(newest[2])}). Chọn {label} khác bằng {option}: {others}{more}")


def run_close(args: argparse.Namespace) -> int:
    from kh06_desktop.domain.formats import format_date
    from kh06_desktop.services.periods.closing import close_period

    period = _period(args.period)
    db = open_db(args, create=False)
    try:
        state = close_period(db, require_local_unit(db).id, period)
    finally:
        db.close()
    print(f"Đã chốt số liệu kỳ {state.code} (lần {state.revision}) ngày {format_date(state.closed_at)}")
    return EXIT_OK


def run_reopen(args: argparse.Namespace) -> int:
    period = _period(args.period)
    if not args.yes:
        fail("Mở lại kỳ đã chốt sẽ tạo lần chốt mới; thêm --yes để xác nhận")
    from kh06_desktop.services.periods.period_close import reopen_period

    db = open_db(args, create=False)
    try:
        state = reopen_period(db, require_local_unit(db).id, period, confirmed=True)
    finally:
        db.close()
    print(f"Đã mở lại kỳ {state.code}; số liệu sửa từ nay thuộc lần {state.revision}")
    return EXIT_OK
