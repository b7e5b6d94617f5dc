"""What the printed reports say, gathered into frozen dataclasses (the ReportLab documents in
kh06_desktop.reports never query), and the record of each print: the «Báo cáo» page."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .report_data import (
        ActivityLine,
        DocumentInfo,
        DocumentRequest,
        GroupResults,
        IndicatorLine,
        PeriodFigures,
        PeriodReportData,
        PrintedRecord,
        Situation,
        Stamp,
        canonical_digest,
        canonical_json,
        default_place,
        document_info,
        indicator_lines,
        list_printed,
        period_data_digest,
        period_figures,
        period_report_data,
        record_printed,
        results_by_group,
        situation,
        unit_row,
    )
    from .report_lists import (
        AttendanceData,
        AttendeeLine,
        HardshipLine,
        HardshipListData,
        ListContext,
        RosterData,
        RosterGroup,
        RosterRow,
        attendance_data,
        hardship_list_data,
        roster_data,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'DocumentInfo': 'report_data',
    'Stamp': 'report_data',
    'canonical_json': 'report_data',
    'canonical_digest': 'report_data',
    'unit_row': 'report_data',
    'default_place': 'report_data',
    'DocumentRequest': 'report_data',
    'document_info': 'report_data',
    'Situation': 'report_data',
    'IndicatorLine': 'report_data',
    'ActivityLine': 'report_data',
    'GroupResults': 'report_data',
    'PeriodFigures': 'report_data',
    'PeriodReportData': 'report_data',
    'situation': 'report_data',
    'indicator_lines': 'report_data',
    'results_by_group': 'report_data',
    'period_figures': 'report_data',
    'period_data_digest': 'report_data',
    'period_report_data': 'report_data',
    'PrintedRecord': 'report_data',
    'record_printed': 'report_data',
    'list_printed': 'report_data',
    'ListContext': 'report_lists',
    'RosterRow': 'report_lists',
    'RosterGroup': 'report_lists',
    'RosterData': 'report_lists',
    'roster_data': 'report_lists',
    'AttendeeLine': 'report_lists',
    'AttendanceData': 'report_lists',
    'attendance_data': 'report_lists',
    'HardshipLine': 'report_lists',
    'HardshipListData': 'report_lists',
    'hardship_list_data': 'report_lists',
}

__all__ = [
    'DocumentInfo',
    'Stamp',
    'canonical_json',
    'canonical_digest',
    'unit_row',
    'default_place',
    'DocumentRequest',
    'document_info',
    'Situation',
    'IndicatorLine',
    'ActivityLine',
    'GroupResults',
    'PeriodFigures',
    'PeriodReportData',
    'situation',
    'indicator_lines',
    'results_by_group',
    'period_figures',
    'period_data_digest',
    'period_report_data',
    'PrintedRecord',
    'record_printed',
    'list_printed',
    'ListContext',
    'RosterRow',
    'RosterGroup',
    'RosterData',
    'roster_data',
    'AttendeeLine',
    'AttendanceData',
    'attendance_data',
    'HardshipLine',
    'HardshipListData',
    'hardship_list_data',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
