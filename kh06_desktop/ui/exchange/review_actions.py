"""The consolidation page's review actions: the «Xem xét» column, reviewing the selected unit,
and writing the review files (.kh06r) of the selected units (DESIGN 6.4)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from kh06_desktop.exchange.review_file import ACCEPTED, NEEDS_CORRECTION, suggested_review_name
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.exchange.reviews import CORRECTED, NOT_REVIEWED, export_review
from kh06_desktop.ui.exchange.models import GREEN, GREY, RED, Column
from kh06_desktop.ui.exchange.review_dialog import ReviewDialog

if TYPE_CHECKING:
    from kh06_desktop.services.exchange.consolidated_view import UnitIndicators
    from kh06_desktop.ui.exchange.consolidation_page import ConsolidationPage

_COLORS = {NOT_REVIEWED: GREY, ACCEPTED: GREEN, NEEDS_CORRECTION: RED, CORRECTED: None}


def review_column(page: ConsolidationPage) -> Column:
    """«Xem xét»: not reviewed / accepted / to be corrected / corrected, with the comment as tip."""

    def state(unit: Any) -> str:
        found = page.review_states.get(unit.code)
        return found.label if found else "Chưa xem xét"

    def color(unit: Any) -> Any:
        found = page.review_states.get(unit.code)
        return _COLORS.get(found.state) if found else GREY

    def tip(unit: Any) -> str:
        found = page.review_states.get(unit.code)
        if found is None or found.review is None:
            return "Chưa có kết quả xem xét của cấp trên"
        review = found.review
        return f"Lần {review.revision}: {review.status_label}" + (
            f" — {review.content.comment}" if review.content.comment else "")

    return Column("Xem xét", state, color=color, tip=tip)


def selected_units(page: ConsolidationPage) -> list[UnitIndicators]:
    rows = sorted({index.row() for index in page.ui.units_table.selectionModel().selectedRows()})
    if not rows:
        current = page.ui.units_table.currentIndex()
        rows = [current.row()] if current.isValid() else []
    return [page.units.rows[row] for row in rows if 0 <= row < len(page.units.rows)]


def review_selected(page: ConsolidationPage) -> None:
    units = selected_units(page)
    if len(units) != 1:
        page.tell("Hãy chọn một đơn vị trong bảng tổng hợp để xem xét.")
        return
    unit = units[0]
    dialog = ReviewDialog(page.context.db, unit.code, unit.name, page.period, unit.revision, page)
    if dialog.exec() and dialog.saved is not None:
        page.context.status_message.emit(f"Đã lưu kết quả xem xét {unit.code}: {dialog.saved.status_label}. "
                                         "Bấm «Xuất phiếu phản hồi…» để gửi cho đơn vị.")
        page.reload()


def ask_review_target(page: ConsolidationPage, units: list[UnitIndicators]) -> Path | None:
    """A file for one unit, a folder for several (replaced in tests)."""
    start = Path.home()
    if len(units) == 1:
        suggested = suggested_review_name(units[0].code, page.period, units[0].revision)
        path, _ = QFileDialog.getSaveFileName(page, "Lưu phiếu phản hồi", str(start / suggested),
                                              "Phiếu phản hồi KH06 (*.kh06r)")
        return Path(path) if path else None
    folder = QFileDialog.getExistingDirectory(page, "Chọn thư mục lưu các phiếu phản hồi", str(start))
    return Path(folder) if folder else None


def export_selected_reviews(page: ConsolidationPage) -> list[Path]:
    units = selected_units(page)
    reviewed = [u for u in units if (s := page.review_states.get(u.code)) is not None and s.review is not None]
    if not reviewed:
        page.tell("Các đơn vị đang chọn chưa được xem xét: bấm «Xem xét…» trước.")
        return []
    target = ask_review_target(page, reviewed)
    if target is None:
        return []
    written: list[Path] = []
    problems: list[str] = []
    for unit in reviewed:
        review = page.review_states[unit.code].review
        assert review is not None
        path = target if len(reviewed) == 1 else target / suggested_review_name(unit.code, page.period,
                                                                                review.revision)
        if path.suffix.lower() != ".kh06r":
            path = path.with_name(path.name + ".kh06r")
        try:
            written.append(export_review(page.context.db, unit.code, page.period, path))
        except ServiceError as exc:
            problems.append(f"{unit.code}: {exc}")
    if problems:
        page.tell("Không ghi được phiếu phản hồi:\n" + "\n".join(problems))
    if written:
        where = written[0] if len(written) == 1 else written[0].parent
        page.context.status_message.emit(f"Đã ghi {len(written)} phiếu phản hồi vào {where}")
    skipped = len(units) - len(reviewed)
    if skipped:
        page.context.status_message.emit(f"Bỏ qua {skipped} đơn vị chưa được xem xét")
    return written
