"""`kh06 review`, `kh06 import-review` and `kh06 status` (DESIGN 6.1, 6.4).

    kh06 review --db PATH --unit CODE --period P --status accepted|needs_correction
                [--comment TEXT] [--comment-on ID=TEXT ...] [--reviewer NAME] [--reviewer-title T]
                --out FILE.kh06r
    kh06 import-review --db PATH FILE.kh06r           exit 0 taken in, 2 refused (nothing written)
    kh06 status --db PATH --period P [--json]

`--comment-on` takes an indicator id (1, 2, 3, 4a, 4b, 5) or a named record of the unit's file:
`member:Họ và tên`, `training:Tên lớp`, `study:Chủ đề`, `hardship:Họ và tên`, `activity:Nội dung`.
"""

from __future__ import annotations

import argparse
import json

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
)

RECORD_PREFIXES = {"member": "member", "training": "training", "study": "study_session",
                   "study_session": "study_session", "hardship": "hardship_case", "hardship_case": "hardship_case",
                   "activity": "activity"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    review = subparsers.add_parser("review", help="cấp trên: xem xét tệp của một đơn vị và ghi phiếu phản hồi .kh06r")
    add_db_argument(review)
    review.add_argument("--unit", required=True, metavar="CODE", help="mã đơn vị")
    add_period_argument(review)
    review.add_argument("--status", required=True, choices=("accepted", "needs_correction"),
                        help="accepted: chấp nhận; needs_correction: cần điều chỉnh")
    review.add_argument("--comment", metavar="TEXT", help="ý kiến chung")
    review.add_argument("--comment-on", action="append", default=[], metavar="ID=TEXT",
                        help="ý kiến về một chỉ tiêu (1, 2, 3, 4a, 4b, 5) hoặc một hồ sơ "
                             "(member:Họ tên, training:Tên lớp, study:Chủ đề, hardship:Họ tên, activity:Nội dung)")
    review.add_argument("--reviewer", metavar="NAME", help="người xem xét")
    review.add_argument("--reviewer-title", metavar="T", help="chức vụ người xem xét")
    review.add_argument("--out", required=True, metavar="FILE.kh06r", help="phiếu phản hồi sẽ ghi")
    review.set_defaults(handler=run_review)

    take = subparsers.add_parser("import-review", help="đơn vị: nhận phiếu phản hồi .kh06r của cấp trên")
    add_db_argument(take)
    take.add_argument("file", metavar="FILE.kh06r", help="phiếu phản hồi")
    take.set_defaults(handler=run_import_review)

    status = subparsers.add_parser("status", help="tình trạng của kỳ: ở đơn vị (chốt, đã xuất, phản hồi của cấp trên); "
                                       "ở cấp trên (tệp đã nhận và phản hồi của từng đơn vị)")
    add_db_argument(status)
    add_period_argument(status)
    status.add_argument("--json", action="store_true", help="in dạng JSON")
    status.set_defaults(handler=run_status)


def parse_comments(items: list[str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """`--comment-on` values as indicator comments and (kind, name, text) record comments."""
    from kh06_desktop.domain.indicators import IDS

    indicator: dict[str, str] = {}
    records: list[tuple[str, str, str]] = []
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not text.strip() or not key:
            fail(f"--comment-on cần dạng ID=Ý kiến, ví dụ 2=Thiếu danh sách học tập (không phải «{item}»)")
        if key.lower() in IDS:
            indicator[key.lower()] = text.strip()
            continue
        prefix, colon, name = key.partition(":")
        kind = RECORD_PREFIXES.get(prefix.strip().lower())
        if not colon or kind is None or not name.strip():
            fail(f"--comment-on: «{key}» không phải chỉ tiêu ({', '.join(IDS)}) hay hồ sơ "
                 "(member:…, training:…, study:…, hardship:…, activity:…)")
        records.append((kind, name.strip(), text.strip()))
    return indicator, records


def run_review(args: argparse.Namespace) -> int:
    from kh06_desktop.exchange.review_file import RecordComment
    from kh06_desktop.services.exchange.reviews import ReviewDraft, export_review, save_review

    period = parse_period(args.period)
    out = output_path(args.out, (".kh06r",), "Phiếu phản hồi")
    indicator, records = parse_comments(args.comment_on)
    db = open_db(args, create=False)
    try:
        reviewer, reviewer_title = args.reviewer, args.reviewer_title
        if reviewer is None:  # the upper level's chair, as the consolidated report's default signer
            from kh06_desktop.services.unit.upper_profile import get_upper_profile

            profile = get_upper_profile(db)
            reviewer = profile.chair_name or None
            if reviewer_title is None and reviewer:
                reviewer_title = profile.chair_title or None
        draft = ReviewDraft(args.status, args.comment, indicator,
                            tuple(RecordComment(kind, name, text) for kind, name, text in records),
                            reviewer, reviewer_title)
        info = save_review(db, args.unit, period.code, draft)
        path = export_review(db, info.unit_code, period.code, out)
    finally:
        db.close()
    print(f"Đã ghi {path} — phản hồi cho {info.unit_code} kỳ {period.code} lần {info.revision}: {info.status_label}")
    return EXIT_OK


def run_import_review(args: argparse.Namespace) -> int:
    from kh06_desktop.services.exchange.reviews import ReviewRefused, import_review

    db = open_db(args, create=False)
    try:
        require_local_unit(db)
        try:
            info = import_review(db, args.file)
        except ReviewRefused as exc:
            fail(f"Không nhận phiếu phản hồi: {exc}", EXIT_UNUSABLE)
    finally:
        db.close()
    by = f" của {info.upper_name}" if info.upper_name else ""
    print(f"Đã nhận phiếu phản hồi{by} về kỳ {info.period} lần {info.revision}: {info.status_label}")
    for line in _comment_lines(info):
        print(line)
    return EXIT_OK


def _comment_lines(info: object) -> list[str]:
    from kh06_desktop.domain.indicators import IDS
    from kh06_desktop.services.exchange.reviews import ReviewInfo

    assert isinstance(info, ReviewInfo)
    lines = [f"Ý kiến chung: {info.content.comment}"] if info.content.comment else []
    lines += [f"Chỉ tiêu {key}: {info.content.indicator_comments[key]}" for key in IDS
              if key in info.content.indicator_comments]
    lines += [f"{c.label}: {c.text}" for c in info.content.record_comments]
    return lines


def run_status(args: argparse.Namespace) -> int:
    from kh06_desktop.services.common.settings import MODE_UPPER, get_setting
    from kh06_desktop.services.exchange.reviews import (
        PeriodStatus,
        UpperPeriodStatus,
        period_status,
        upper_period_status,
    )

    period = parse_period(args.period)
    db = open_db(args, create=False)
    try:
        status: PeriodStatus | UpperPeriodStatus
        if get_setting(db, "mode") == MODE_UPPER:  # each unit's submission and review state
            status = upper_period_status(db, period.code)
        else:
            unit = require_local_unit(db)
            status = period_status(db, unit.id, period.code)
    finally:
        db.close()
    if args.json:
        print(json.dumps(status.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        for line in status.lines():
            print(line)
    return EXIT_OK

