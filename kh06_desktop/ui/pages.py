"""The areas of the app shown in the sidebar, in order. A page class takes
`(context: AppContext, parent)`; it may define `activate()` (called each time it is shown).

Every area is part of every build: the sidebar always lists them all, and a page's module is
imported when the page is first shown. A module that does not import is an error naming the
page and its cause (kh06_desktop.parts), never a page quietly left out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from kh06_desktop.parts import PartImportError, import_part
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
    PageSpec("upper", "Hồ sơ cấp trên", "kh06_desktop.ui.unit.upper_page", "UpperPage", (MODE_UPPER,),
             shortcut="Ctrl+2"),
    PageSpec("audit", "Nhật ký thay đổi", "kh06_desktop.ui.protect.audit_page", "AuditPage",
             (MODE_UNIT, MODE_UPPER)),
)

# Modules with an `install(window)` that adds menu actions (backups, import, …).
MENU_EXTENSIONS: tuple[str, ...] = (
    "kh06_desktop.ui.members.menu",
    "kh06_desktop.ui.protect.menu",
)


STARTUP_GUARD = "kh06_desktop.ui.protect.startup"


def page_class(spec: PageSpec) -> PageFactory:
    """The page's class; PartImportError when its module (or the class) cannot be loaded."""
    module = import_part(spec.module, f"trang «{spec.label}»")
    try:
        factory: PageFactory = getattr(module, spec.class_name)
        return factory
    except AttributeError as exc:
        raise PartImportError(f"trang «{spec.label}»", spec.module, exc) from exc


def report_part_error(parent: QWidget | None, error: PartImportError) -> None:
    """The cause's traceback on stderr (for whoever supports the office), the Vietnamese message in a box."""
    try:
        print(f"KH06 Desktop: {error}\n{error.traceback_text()}", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):  # a windowed app on Windows may have no stderr
        pass
    QMessageBox.critical(parent, "KH06 Desktop", str(error))
