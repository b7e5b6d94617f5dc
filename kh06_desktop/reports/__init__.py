"""Printed documents (ReportLab): each report turns a service's frozen dataclass into PDF bytes.

`generate_report(db, unit_id, ReportRequest(kind, period, …))` is the one entry point.
"""

from kh06_desktop.reports.generate import GeneratedReport, ReportRequest, generate_report

__all__ = ["GeneratedReport", "ReportRequest", "generate_report"]
