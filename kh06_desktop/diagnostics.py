"""What a clerk sends when asking for help: `kh06 doctor` and Trợ giúp → Thông tin hỗ trợ.

The facts (versions, operating system, database and its schema, backup folder) and a check that
the install is whole: every font, form and schema is there, the migrations are readable, and the
start-up guard, every page, menu extension and command group imports. Vietnamese throughout:
the text is meant to be pasted into an e-mail or a chat.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kh06_desktop import __version__, paths
from kh06_desktop.parts import COMMAND_MODULES, PartImportError, cause_text, import_part

if TYPE_CHECKING:
    from kh06_desktop.store.database import Database

# Every data file the app opens, relative to the package. tests/test_diagnostics.py keeps this list
# equal to what the package holds, so a form or font added without listing it here fails there.
REQUIRED_RESOURCES: tuple[str, ...] = (
    "resources/fonts/LiberationSans-Bold.ttf",
    "resources/fonts/LiberationSans-Regular.ttf",
    "resources/fonts/LiberationSerif-Bold.ttf",
    "resources/fonts/LiberationSerif-BoldItalic.ttf",
    "resources/fonts/LiberationSerif-Italic.ttf",
    "resources/fonts/LiberationSerif-Regular.ttf",
    "resources/schema/kh06-data.schema.json",
    "resources/schema/kh06-manifest.schema.json",
    "resources/schema/kh06-review-manifest.schema.json",
    "resources/schema/kh06-review.schema.json",
    "forms/activities/activities_page.ui",
    "forms/activities/activity_dialog.ui",
    "forms/activities/attendee_picker.ui",
    "forms/activities/case_dialog.ui",
    "forms/activities/choose_training_dialog.ui",
    "forms/activities/event_page.ui",
    "forms/activities/hardship_page.ui",
    "forms/activities/study_dialog.ui",
    "forms/activities/support_dialog.ui",
    "forms/activities/training_dialog.ui",
    "forms/activities/women_page.ui",
    "forms/dashboard/dashboard_page.ui",
    "forms/dashboard/gap_list_dialog.ui",
    "forms/dashboard/indicator_card.ui",
    "forms/exchange/consolidation_page.ui",
    "forms/exchange/exchange_page.ui",
    "forms/exchange/review_dialog.ui",
    "forms/groups/groups_page.ui",
    "forms/main/main_window.ui",
    "forms/main/support_info_dialog.ui",
    "forms/members/import_wizard.ui",
    "forms/members/member_dialog.ui",
    "forms/members/members_page.ui",
    "forms/members/positions_dialog.ui",
    "forms/members/status_dialog.ui",
    "forms/protect/audit_page.ui",
    "forms/protect/password_dialog.ui",
    "forms/protect/restore_dialog.ui",
    "forms/reports/reports_page.ui",
    "forms/unit/setup_dialog.ui",
    "forms/unit/unit_page.ui",
    "forms/unit/unit_profile.ui",
    "forms/unit/workforce_form.ui",
)


@dataclass(frozen=True, slots=True)
class SupportReport:
    facts: tuple[tuple[str, str], ...]
    checked: str  # what was checked, in one line
    problems: tuple[str, ...]  # Vietnamese, one line each; empty when all is well

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        width = max(len(label) for label, _ in self.facts)
        lines = ["Thông tin hỗ trợ KH06 Desktop", ""]
        lines += [f"{label + ':':<{width + 1}} {value}" for label, value in self.facts]
        lines += ["", f"Đã kiểm tra: {self.checked}."]
        if self.ok:
            lines.append("Kết quả: mọi thứ đều tốt.")
        else:
            lines.append(f"Kết quả: có {len(self.problems)} lỗi:")
            lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines) + "\n"


def _qt_version(problems: list[str]) -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        problems.append(f"Không tải được thư viện Qt (PySide6): {cause_text(exc)}")
        return "không tải được"
    return f"{qVersion()} (PySide6 {PySide6.__version__})"


def _check_resources(problems: list[str]) -> int:
    root = paths.package_dir()
    for relative in REQUIRED_RESOURCES:
        file = root / relative
        if not file.is_file() or file.stat().st_size == 0:
            problems.append(f"Thiếu tệp tài nguyên: {file}")
    return len(REQUIRED_RESOURCES)


def _check_migrations(problems: list[str]) -> str | None:
    from kh06_desktop.store.database import MIGRATIONS, head_revision

    try:
        head = head_revision()
    except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
        problems.append(f"Không đọc được các phiên bản lược đồ dữ liệu ({MIGRATIONS}): {cause_text(exc)}")
        return None
    if not (MIGRATIONS / "env.py").is_file():
        problems.append(f"Thiếu tệp nâng cấp dữ liệu: {MIGRATIONS / 'env.py'}")
    return head


def _check_parts(problems: list[str]) -> str:
    counts = {"pages": 0, "menus": 0, "commands": 0}
    parts: list[tuple[str, str, str]] = []
    try:
        from kh06_desktop.ui.pages import MENU_EXTENSIONS, PAGES, STARTUP_GUARD
    except Exception as exc:  # noqa: BLE001
        problems.append(f"Không tải được danh sách trang của cửa sổ phần mềm: {cause_text(exc)}")
    else:
        parts.append((STARTUP_GUARD, "phần khởi động (khóa, mật khẩu, sao lưu hằng ngày)", ""))
        parts += [(spec.module, f"trang «{spec.label}»", "pages") for spec in PAGES]
        parts += [(module, "một phần của trình đơn", "menus") for module in MENU_EXTENSIONS]
        classes = {spec.module: spec.class_name for spec in PAGES}
    parts += [(module, "nhóm lệnh", "commands") for module in COMMAND_MODULES]
    for module, label, kind in parts:
        try:
            loaded = import_part(module, label)
            if kind == "pages" and not hasattr(loaded, classes[module]):
                raise PartImportError(label, module, AttributeError(f"không có lớp {classes[module]}"))
        except PartImportError as error:
            problems.append(f"Không tải được {error.label} ({error.module}): {cause_text(error.cause)}")
        if kind:
            counts[kind] += 1
    return f"{counts['pages']} trang, {counts['menus']} phần trình đơn, {counts['commands']} nhóm lệnh"


def _database_facts(target: str | Path | None, db: Database | None, head: str | None,
                    problems: list[str]) -> list[tuple[str, str]]:
    from sqlalchemy.engine import make_url

    from kh06_desktop.store.database import open_database, stored_revisions

    facts: list[tuple[str, str]] = []
    if db is None:
        text = str(target or paths.default_database())
        if "://" in text:
            where = make_url(text).render_as_string(hide_password=True)
        else:
            path = Path(text).expanduser().resolve()
            where = str(path)
            if not path.exists():
                facts.append(("Cơ sở dữ liệu", f"{where} (chưa có: sẽ được tạo khi mở phần mềm)"))
                return facts
            if not _is_sqlite(path):
                facts.append(("Cơ sở dữ liệu", where))
                problems.append(f"Tệp không phải cơ sở dữ liệu KH06: {where}")
                return facts
            text = str(path)
    else:
        where = str(db.path) if db.path else make_url(db.url).render_as_string(hide_password=True)
    facts.append(("Cơ sở dữ liệu", where))
    own = db is None
    try:
        database = db if db is not None else open_database(text, create=False, migrate=False)
        try:
            stored = stored_revisions(database.engine)
            facts.append(("Phiên bản lược đồ dữ liệu", _schema_state(stored, head, problems)))
            if database.is_sqlite and stored:
                from kh06_desktop.services.protect.backup import backup_folder

                folder = backup_folder(database)
                state = "" if folder.is_dir() else " (chưa có: sẽ được tạo ở lần sao lưu đầu tiên)"
                facts.append(("Thư mục sao lưu", f"{folder}{state}"))
        finally:
            if own:
                database.close()
    except Exception as exc:  # noqa: BLE001 - a database that cannot be read is one of the findings
        problems.append(f"Không đọc được cơ sở dữ liệu {where}: {cause_text(exc)}")
    return facts


def _schema_state(stored: list[str] | None, head: str | None, problems: list[str]) -> str:
    from kh06_desktop.store.database import known_revisions

    if not stored:
        return f"chưa có (sẽ được tạo khi mở; mới nhất là {head})"
    current = ", ".join(stored)
    if stored == [head]:
        return f"{current} (mới nhất)"
    if all(revision in known_revisions() for revision in stored):
        return f"{current} (cũ hơn, sẽ được nâng cấp lên {head} khi mở)"
    problems.append(f"Cơ sở dữ liệu ở phiên bản lược đồ {current}, do phiên bản KH06 Desktop mới hơn tạo ra: "
                    "hãy cập nhật phần mềm")
    return f"{current} (do phiên bản phần mềm mới hơn tạo ra)"


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00" or path.stat().st_size == 0
    except OSError:
        return False


def collect(db_target: str | Path | None = None, db: Database | None = None) -> SupportReport:
    """Everything support needs, and what is wrong. `db` (an open database, from the window) wins
    over `db_target` (a path or URL, from the command line); neither means the default database."""
    problems: list[str] = []
    frozen = " (bản đóng gói)" if getattr(sys, "frozen", False) else ""
    facts: list[tuple[str, str]] = [
        ("Phiên bản KH06 Desktop", f"{__version__}{frozen}"),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})"),
        ("Qt", _qt_version(problems)),
        ("SQLite", sqlite3.sqlite_version),
        ("Hệ điều hành", f"{platform.platform()} ({platform.machine() or '?'})"),
        ("Thư mục phần mềm", str(paths.package_dir())),
        ("Thư mục dữ liệu", str(paths.data_dir())),
    ]
    resources = _check_resources(problems)
    head = _check_migrations(problems)
    parts = _check_parts(problems)
    facts += _database_facts(db_target, db, head, problems)
    checked = f"{resources} tệp tài nguyên, lược đồ dữ liệu (mới nhất {head or '?'}), phần khởi động, {parts}"
    return SupportReport(tuple(facts), checked, tuple(problems))
