"""`kh06 indicators --db PATH --period P [--unit CODE] [--json]` (DESIGN 6.1).

At a unit database: the local unit's six indicators. At an upper-level database (setting
mode=upper): `--unit CODE` gives that unit's indicators as consolidated; without it, the
totals — from the consolidation module's `consolidated_indicators(db, period)` when it exists,
else the plain sum over all units (services.indicators.total_indicators).
"""

from __future__ import annotations

import argparse
import importlib
import json
from typing import TYPE_CHECKING

from kh06_desktop.cli.common import (
    EXIT_OK,
    EXIT_UNUSABLE,
    add_db_argument,
    add_period_argument,
    fail,
    open_db,
    parse_period,
    require_local_unit,
)

if TYPE_CHECKING:
    from kh06_desktop.domain.indicators import IndicatorReport
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.store.database import Database

# Optional: the upper level's consolidation may provide totals by its own rules.
TOTALS_MODULE = "kh06_desktop.services.exchange.consolidation"
TOTALS_FUNCTION = "consolidated_indicators"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("indicators", help="sáu chỉ tiêu của Kế hoạch 06 trong một kỳ báo cáo")
    add_db_argument(parser)
    add_period_argument(parser)
    parser.add_argument("--unit", help="mã đơn vị (cấp trên: chỉ tiêu của một đơn vị)")
    parser.add_argument("--json", action="store_true", help="in một đối tượng JSON thay cho bảng")
    parser.set_defaults(handler=run)


def _totals(db: Database, period: Period) -> IndicatorReport:
    try:
        module = importlib.import_module(TOTALS_MODULE)
    except ModuleNotFoundError as exc:
        if not (exc.name and TOTALS_MODULE.startswith(exc.name)):
            raise
        module = None
    from kh06_desktop.services.common.settings import get_setting
    from kh06_desktop.services.indicators.indicators import total_indicators

    provider = getattr(module, TOTALS_FUNCTION, None) if module else None
    if callable(provider):
        totals: IndicatorReport = provider(db, period)
        return totals
    code = get_setting(db, "upper_code") or "TONG"
    return total_indicators(db, period, unit_code=code)


def report_for(db: Database, period: Period, unit_code: str | None) -> IndicatorReport:
    from kh06_desktop.services.common.settings import MODE_UPPER, get_setting
    from kh06_desktop.services.indicators.indicators import compute_indicators
    from kh06_desktop.services.unit.units import get_unit_by_code

    upper = get_setting(db, "mode") == MODE_UPPER
    if unit_code:
        unit = get_unit_by_code(db, unit_code.strip())
        if unit is None:
            fail(f"Không có đơn vị mã «{unit_code}» trong cơ sở dữ liệu", EXIT_UNUSABLE)
        if upper and not unit.is_local:
            # The period's stored submission (recomputed and checked when received), not the unit's
            # rows, which hold its newest period only; rows entered here without a file are computed.
            from kh06_desktop.services.exchange.consolidated_view import has_submissions, submitted_indicators

            submitted = submitted_indicators(db, unit.id, period.code)
            if submitted is not None:
                return submitted
            if has_submissions(db, unit.id):  # its rows are those of another period's or a withdrawn file
                fail(f"Đơn vị {unit.code} không có tệp dữ liệu đang dùng cho kỳ {period.code} "
                     f"({period.label.lower()}): chưa gửi hoặc đã rút", EXIT_UNUSABLE)
        return compute_indicators(db, unit.id, period)
    if upper:
        return _totals(db, period)
    return compute_indicators(db, require_local_unit(db).id, period)


def format_table(report: IndicatorReport) -> str:
    """A plain Vietnamese table for the terminal."""
    from kh06_desktop.domain.formats import format_date, format_percent, group_thousands
    from kh06_desktop.domain.periods import Period

    lines = [f"Đơn vị: {report.unit_code} — kỳ {Period.parse(report.period).label} "
             f"(số liệu đến ngày {format_date(report.as_of)})",
             f"{'Mã':<4}{'Chỉ tiêu':<34}{'Kết quả':>16}{'Tỷ lệ':>10}{'Mục tiêu':>10}  {'Đánh giá':<14}{'Còn thiếu':>9}"]
    for item in report.indicators:
        if item.target is None:  # upper level, indicator 5 over sectors: one line per sector
            lines.append(f"{item.id:<4}{item.title:<34}" + "; ".join(part.text() for part in item.parts))
            continue
        result = f"{group_thousands(item.numerator)}/{group_thousands(item.denominator)}"
        if not item.applicable:
            verdict = "Không áp dụng" if item.met else "Thiếu số liệu"
        else:
            verdict = "Đạt" if item.met else "Chưa đạt"
        lines.append(f"{item.id:<4}{item.title:<34}{result:>16}{item.percent_text():>10}"
                     f"{format_percent(item.target, 0):>10}  {verdict:<14}{group_thousands(item.missing):>9}")
    note = report.workforce_note() if report.workforce_period != report.period else ""
    if note:
        lines.append(note)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    period = parse_period(args.period)
    db = open_db(args, create=False)
    try:
        report = report_for(db, period, args.unit)
    finally:
        db.close()
    if args.json:
        print(json.dumps(report.to_json_dict(), ensure_ascii=False))
    else:
        print(format_table(report))
    return EXIT_OK
