"""Use cases of the data exchange with the upper level: the unit's export, and at the upper level
consolidation, the consolidated view and report. The file formats themselves (zip, JSON, schema,
spreadsheets) live in kh06_desktop.exchange; this package decides what is written and stored."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .consolidated_report import (
        ConsolidatedReportData,
        consolidated_report_data,
    )
    from .consolidated_view import (
        ConsolidatedTotals,
        DuplicatePerson,
        SectorTotals,
        UnitIndicators,
        consolidated_indicators,
        consolidated_totals,
        consolidated_units,
        duplicate_people,
        filter_units,
        period_end,
        totals_of,
    )
    from .consolidation import (
        ACCEPTED,
        REFUSED,
        REPLACED,
        STATUS_LABELS,
        ConsolidationResult,
        FileOutcome,
        HistoryRow,
        ProgressSink,
        consolidate_files,
        is_upper_database,
        prepare_upper_database,
        register_unit,
        submission_history,
    )
    from .consolidation_read import (
        name_of,
        read_all,
        read_chunk,
        read_one,
    )
    from .consolidation_store import (
        IdAllocator,
        Rows,
        delete_unit_rows,
        insert_rows,
        name_columns,
        put_periods,
        retire_submissions,
        submission_row,
        sync_sequences,
        unit_rows,
        unit_values,
    )
    from .export import (
        ExportHistoryRow,
        ExportResult,
        default_file_name,
        export_datafile,
        export_history,
        gather_data,
        unit_indicators,
    )

# Each use case lives in its own module; the names below are loaded on first use, so that
# importing one module of this area does not import the others (start-up time, no cycles).
_WHERE = {
    'ConsolidatedReportData': 'consolidated_report',
    'consolidated_report_data': 'consolidated_report',
    'UnitIndicators': 'consolidated_view',
    'consolidated_units': 'consolidated_view',
    'filter_units': 'consolidated_view',
    'SectorTotals': 'consolidated_view',
    'ConsolidatedTotals': 'consolidated_view',
    'totals_of': 'consolidated_view',
    'period_end': 'consolidated_view',
    'consolidated_totals': 'consolidated_view',
    'consolidated_indicators': 'consolidated_view',
    'DuplicatePerson': 'consolidated_view',
    'duplicate_people': 'consolidated_view',
    'ACCEPTED': 'consolidation',
    'REFUSED': 'consolidation',
    'REPLACED': 'consolidation',
    'STATUS_LABELS': 'consolidation',
    'ConsolidationResult': 'consolidation',
    'FileOutcome': 'consolidation',
    'HistoryRow': 'consolidation',
    'ProgressSink': 'consolidation',
    'consolidate_files': 'consolidation',
    'is_upper_database': 'consolidation',
    'prepare_upper_database': 'consolidation',
    'register_unit': 'consolidation',
    'submission_history': 'consolidation',
    'name_of': 'consolidation_read',
    'read_one': 'consolidation_read',
    'read_all': 'consolidation_read',
    'read_chunk': 'consolidation_read',
    'IdAllocator': 'consolidation_store',
    'Rows': 'consolidation_store',
    'name_columns': 'consolidation_store',
    'unit_values': 'consolidation_store',
    'delete_unit_rows': 'consolidation_store',
    'unit_rows': 'consolidation_store',
    'insert_rows': 'consolidation_store',
    'put_periods': 'consolidation_store',
    'submission_row': 'consolidation_store',
    'retire_submissions': 'consolidation_store',
    'sync_sequences': 'consolidation_store',
    'ExportResult': 'export',
    'ExportHistoryRow': 'export',
    'gather_data': 'export',
    'unit_indicators': 'export',
    'export_datafile': 'export',
    'default_file_name': 'export',
    'export_history': 'export',
}

__all__ = [
    'ConsolidatedReportData',
    'consolidated_report_data',
    'UnitIndicators',
    'consolidated_units',
    'filter_units',
    'SectorTotals',
    'ConsolidatedTotals',
    'totals_of',
    'period_end',
    'consolidated_totals',
    'consolidated_indicators',
    'DuplicatePerson',
    'duplicate_people',
    'ACCEPTED',
    'REFUSED',
    'REPLACED',
    'STATUS_LABELS',
    'ConsolidationResult',
    'FileOutcome',
    'HistoryRow',
    'ProgressSink',
    'consolidate_files',
    'is_upper_database',
    'prepare_upper_database',
    'register_unit',
    'submission_history',
    'name_of',
    'read_one',
    'read_all',
    'read_chunk',
    'IdAllocator',
    'Rows',
    'name_columns',
    'unit_values',
    'delete_unit_rows',
    'unit_rows',
    'insert_rows',
    'put_periods',
    'submission_row',
    'retire_submissions',
    'sync_sequences',
    'ExportResult',
    'ExportHistoryRow',
    'gather_data',
    'unit_indicators',
    'export_datafile',
    'default_file_name',
    'export_history',
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
