"""The areas of the app shown in the sidebar, in order. A page class takes
`(context: AppContext, parent)`; it may define `activate()` (called each time it is shown).

An area whose module is not part of this build is left out of the sidebar, so only areas that
work are shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kh06_desktop.services.common.settings import MODE_UNIT, MODE_UPPER

if TYPE_CHECKING:
    from kh06_desktop.ui.context import AppContext

# A page class is called as (context, parent).
PageFactory = Callable[["AppContext", QWidget], QWidget]


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    label: str
    module: str
    class_name: str
    modes: tuple[str, ...] = (MODE_UNIT,)
    shortcut: str | None = None


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "Tổng quan", "kh06_desktop.ui.dashboard.dashboard_page", "DashboardPage",
             shortcut="Ctrl+1"),
    PageSpec("unit", "Đơn vị", "kh06_desktop.ui.unit.unit_page", "UnitPage", shortcut="Ctrl+2"),
    PageSpec("members", "Đoàn viên", "kh06_desktop.ui.members.members_page", "MembersPage", shortcut="Ctrl+3"),
    PageSpec("groups", "Tổ công đoàn", "kh06_desktop.ui.groups.groups_page", "GroupsPage", shortcut="Ctrl+4"),
    PageSpec("trainings", "Tập huấn", "kh06_desktop.ui.activities.trainings_page", "TrainingsPage",
             shortcut="Ctrl+5"),
    PageSpec("studies", "Học tập – quán triệt", "kh06_desktop.ui.activities.studies_page", "StudiesPage",
             shortcut="Ctrl+6"),
    PageSpec("hardship", "Thăm hỏi – hỗ trợ", "kh06_desktop.ui.activities.hardship_page", "HardshipPage",
             shortcut="Ctrl+7"),
    PageSpec("women", "Ban nữ công", "kh06_desktop.ui.activities.women_page", "WomenCommitteePage",
             shortcut="Ctrl+8"),
    PageSpec("activities", "Hoạt động theo giải pháp", "kh06_desktop.ui.activities.activities_page",
             "ActivitiesPage"),
    PageSpec("reports", "Báo cáo", "kh06_desktop.ui.reports.reports_page", "ReportsPage", (MODE_UNIT,),
             shortcut="Ctrl+9"),
    PageSpec("exchange", "Trao đổi dữ liệu", "kh06_desktop.ui.exchange.exchange_page", "ExchangePage",
             (MODE_UNIT,)),
    PageSpec("consolidation", "Tổng hợp đơn vị", "kh06_desktop.ui.exchange.consolidation_page",
             "ConsolidationPage", (MODE_UPPER,), shortcut="Ctrl+1"),
    PageSpec("audit", "Nhật ký thay đổi", "kh06_desktop.ui.protect.audit_page", "AuditPage",
             (MODE_UNIT, MODE_UPPER)),
)

# Modules with an `install(window)` that adds menu actions (backups, import, …).
MENU_EXTENSIONS: tuple[str, ...] = (
    "kh06_desktop.ui.members.menu",
    "kh06_desktop.ui.protect.menu",
    "kh06_desktop.ui.exchange.menu",
)


def import_optional(module: str):  # type: ignore[no-untyped-def]
    """The module, or None when this build does not include it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def page_class(spec: PageSpec) -> PageFactory | None:
    module = import_optional(spec.module)
    factory: PageFactory | None = getattr(module, spec.class_name) if module else None
    return factory
