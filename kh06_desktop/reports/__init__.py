"""Printed documents (ReportLab): each report turns a service's frozen dataclass into PDF bytes."""
