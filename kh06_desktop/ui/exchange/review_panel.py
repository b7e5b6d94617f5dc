"""The unit's side of a review (DESIGN 6.4) on the Exchange page: take in a `.kh06r` file, show the
upper level's status and comments for the period, and, after «Cần điều chỉnh», open the period
for its next revision with the list of what to fix."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.indicators import IDS, TITLES
from kh06_desktop.domain.periods import Period
from kh06_desktop.exchange.review_file import NEEDS_CORRECTION
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.exchange.reviews import PeriodStatus, ReviewRefused, import_review, period_status
from kh06_desktop.services.exchange.reviews import start_correction as start_correction_service

if TYPE_CHECKING:
    from kh06_desktop.ui.exchange.exchange_page import ExchangePage

TITLE = "Phiếu phản hồi của cấp trên"


def review_html(status: PeriodStatus) -> str:
    """The review of the period as the page shows it: status, comments, what to do next."""
    review = status.review
    if review is None:
        return ("Chưa nhận phiếu phản hồi của cấp trên cho kỳ này. Khi cấp trên gửi lại tệp «.kh06r», "
                "bấm «Nhận phiếu phản hồi…».")
    color = "#b3261e" if review.status == NEEDS_CORRECTION else "#1b6e20"
    by = f" của {html.escape(review.upper_name)}" if review.upper_name else ""
    parts = [f"<b style='color:{color}'>{html.escape(review.status_label)}</b> — phản hồi{by} về tệp lần "
             f"{review.revision}, ngày {format_date(review.content.date)}"]
    if review.content.reviewer_name:
        title = f", {html.escape(review.content.reviewer_title)}" if review.content.reviewer_title else ""
        parts.append(f"Người xem xét: {html.escape(review.content.reviewer_name)}{title}")
    if review.content.comment:
        parts.append(f"Ý kiến chung: {html.escape(review.content.comment)}")
    items = [f"<li>Chỉ tiêu {key} ({html.escape(TITLES[key])}): {html.escape(review.content.indicator_comments[key])}"
             "</li>" for key in IDS if key in review.content.indicator_comments]
    items += [f"<li>{html.escape(c.label)}: {html.escape(c.text)}</li>" for c in review.content.record_comments]
    if items:
        parts.append("Cần xem lại:<ul style='margin-top:0; margin-bottom:0'>" + "".join(items) + "</ul>")
    if status.correction_started:
        parts.append(f"Đang điều chỉnh: sửa số liệu, chốt kỳ và xuất lại tệp (lần sửa đổi {status.revision}).")
    elif review.status == NEEDS_CORRECTION and status.review_is_current:
        parts.append("Bấm «Mở lại kỳ để điều chỉnh» để sửa số liệu; tệp gửi lại sẽ là lần sửa đổi tiếp theo.")
    if review.upper_key_fingerprint:
        parts.append(f"<span style='color:#555'>Khóa của cấp trên: {review.upper_key_fingerprint}</span>")
    # One block each: a <br> after the list would leave an empty line.
    return "".join(f"<div>{part}</div>" for part in parts)


def show_review(page: ExchangePage) -> PeriodStatus | None:
    if page.context.unit is None:
        return None
    status = period_status(page.context.db, page.context.unit_id, page.period)
    page.ui.review_label.setText(review_html(status))
    review = status.review
    page.ui.correct_button.setVisible(review is not None and review.status == NEEDS_CORRECTION
                                      and not status.correction_started)
    return status


def ask_review_path(page: ExchangePage) -> str | None:
    path, _ = QFileDialog.getOpenFileName(page, "Chọn phiếu phản hồi của cấp trên", str(Path.home()),
                                          "Phiếu phản hồi KH06 (*.kh06r);;Mọi tệp (*)")
    return path or None


def take_review(page: ExchangePage, path: str | None = None) -> bool:
    chosen = path or ask_review_path(page)
    if not chosen:
        return False
    try:
        info = import_review(page.context.db, chosen)
    except ReviewRefused as exc:
        page.tell(f"Không nhận phiếu phản hồi: {exc}")
        return False
    except ServiceError as exc:
        page.tell(str(exc))
        return False
    index = page.ui.period_combo.findData(info.period)
    if index >= 0:
        page.ui.period_combo.setCurrentIndex(index)
    page.context.notify("review")
    page.context.status_message.emit(f"Đã nhận phiếu phản hồi kỳ {Period.parse(info.period).label.lower()}: "
                                     f"{info.status_label}")
    page.reload()
    return True


def confirm_correction(page: ExchangePage, status: PeriodStatus) -> bool:
    answer = QMessageBox.question(
        page, TITLE, f"Mở lại {status.label.lower()} để điều chỉnh theo ý kiến của cấp trên? Số liệu đã chốt "
                     f"được giữ làm lịch sử; tệp gửi lại sẽ là lần sửa đổi {status.revision + 1}.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def start_correcting(page: ExchangePage) -> int | None:
    status = period_status(page.context.db, page.context.unit_id, page.period)
    if status.review is None or not confirm_correction(page, status):
        return None
    try:
        revision = start_correction_service(page.context.db, page.context.unit_id, page.period)
    except ServiceError as exc:
        page.tell(str(exc))
        return None
    page.context.notify("period")
    page.context.status_message.emit(f"Đã mở lại kỳ để điều chỉnh: lần sửa đổi {revision}")
    page.reload()
    return revision
