"""The dashboard (first page): the six KH06 indicators of the chosen period as cards, notices
about missing figures and the Charter's rules, and a chart of the indicators over the periods.

The page follows the period selector (`period_changed`) and any write (`data_changed`): when it
is not on screen it only marks itself stale and recomputes when shown again. Computing all six
indicators takes tens of milliseconds even at 100,000 members, so it runs on the UI thread. The
chart's earlier periods (one computation each) are computed in the next turn of the event loop,
so the cards of the chosen period are on screen first, also in the app's very first window.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QWidget

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.indicators import IDS, TITLES, IndicatorReport
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.exchange.reviews import ReviewInfo, received_review
from kh06_desktop.services.indicators.indicators import compute_indicators, indicator_history
from kh06_desktop.services.periods.periods import recorded_periods
from kh06_desktop.services.unit.unit_checks import unit_warnings
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.dashboard.indicator_card import IndicatorCard
from kh06_desktop.ui.dashboard.indicator_chart import IndicatorChart
from kh06_desktop.ui.fit import ReflowGrid
from kh06_desktop.ui.forms import load_form

if TYPE_CHECKING:  # the gap list is imported when first opened, not with the first window
    from kh06_desktop.ui.dashboard.gap_list_dialog import GapListDialog

CARD_COLUMNS = 3
HISTORY_LENGTH = 8  # periods shown on the chart, ending with the chosen one


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("dashboard/dashboard_page.ui", self)
        self.report: IndicatorReport | None = None
        self.history: list[IndicatorReport] = []
        self.gap_dialog: GapListDialog | None = None
        self._stale = True
        self._periods: list[Period] = []
        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.timeout.connect(self._load_history)
        self.cards: dict[str, IndicatorCard] = {}
        self.review: ReviewInfo | None = None
        for index, indicator_id in enumerate(IDS):
            card = IndicatorCard(indicator_id, self.ui.cards_host)
            card.activated.connect(self.open_gap_list)
            self.ui.cards_layout.addWidget(card, index // CARD_COLUMNS, index % CARD_COLUMNS)
            self.cards[indicator_id] = card
        # Three cards a row where the screen allows, two on a 1280×720 or 125 % screen.
        margins = self.ui.cards_layout.contentsMargins()
        self._reflow = ReflowGrid(self.ui.cards_layout, list(self.cards.values()), self.ui.scroll_area.viewport(),
                                  CARD_COLUMNS, margin=margins.left() + margins.right() + 24)
        self.ui.subtitle_label.setWordWrap(True)
        self.chart = IndicatorChart(self.ui.chart_host)
        self.ui.chart_layout.addWidget(self.chart)
        combo = self.ui.chart_indicator_combo
        combo.addItem("Tất cả chỉ tiêu", None)
        for indicator_id in IDS:
            combo.addItem(f"{indicator_id}. {TITLES[indicator_id]}", indicator_id)
        combo.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.ui.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        self.ui.notice_label.linkActivated.connect(self._open_page)
        context.period_changed.connect(lambda _p: self._changed())
        context.data_changed.connect(lambda _area: self._changed())
        self.refresh()

    # --- keeping up to date -------------------------------------------------------------
    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def activate(self) -> None:
        if self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.activate()

    def refresh(self) -> None:
        self._stale = False
        unit = self.context.unit
        period = self.context.period
        if unit is None:
            self.report, self.history = None, []
            self.ui.subtitle_label.setText("Chưa thiết lập thông tin đơn vị")
            self.ui.notice_label.setText("Hãy nhập thông tin công đoàn cơ sở ở trang <a href='unit'>Đơn vị</a>.")
            self.ui.notice_label.show()
            return
        self.report = compute_indicators(self.context.db, unit.id, period)
        for indicator in self.report.indicators:
            self.cards[indicator.id].show_indicator(indicator)
        self.review = received_review(self.context.db, unit.id, period.code)
        comments = self.review.content.indicator_comments if self.review else {}
        for indicator_id, card in self.cards.items():
            card.show_review_comment(comments.get(indicator_id))
        self.ui.subtitle_label.setText(
            f"{unit.name} — {period.label}, số liệu tính đến ngày {format_date(self.report.as_of)}")
        met = sum(1 for i in self.report.indicators if i.met and i.applicable)
        applicable = sum(1 for i in self.report.indicators if i.applicable)
        self.ui.summary_label.setText(f"Đạt {met}/{applicable} chỉ tiêu áp dụng")
        self._show_notices()
        periods = [p for p in recorded_periods(self.context.db, unit.id, include=period) if p <= period]
        self._periods = periods[-HISTORY_LENGTH:]
        self.history = []
        self._history_timer.start(0)

    def _load_history(self) -> None:
        """The chart: the earlier periods of the one shown on the cards (see refresh)."""
        if self.report is None or not self._periods:
            return
        period = self._periods[-1]
        self.history = [self.report if p == period else r
                        for p, r in zip(self._periods, self._history_for(self._periods, period), strict=True)]
        self._draw_chart()

    def _history_for(self, periods: list[Period], current: Period) -> list[IndicatorReport]:
        others = [p for p in periods if p != current]
        computed = dict(zip(others, indicator_history(self.context.db, self.context.unit_id, others), strict=True))
        return [computed.get(p, self.report) for p in periods]  # type: ignore[misc]

    def _show_notices(self) -> None:
        assert self.report is not None
        lines = []
        if not self.report.get("1").applicable or not self.report.get("2").applicable:
            lines.append("Chưa có số lao động của kỳ này nên chưa tính được chỉ tiêu 1 và 2: hãy nhập ở trang "
                         "<a href='unit'>Đơn vị</a>.")
        elif self.report.workforce_fallback:
            lines.append(self.report.workforce_note() + " Có thể nhập số liệu của kỳ này ở trang "
                         "<a href='unit'>Đơn vị</a>.")
        lines += unit_warnings(self.context.db, self.context.unit_id, self.report.as_of)
        if self.review is not None:
            comment = (self.review.content.comment or "").strip()
            line = f"Cấp trên đã xem xét tệp lần {self.review.revision}: <b>{self.review.status_label}</b>" + (
                f" — {html.escape(comment)}" if comment else "")
            if not line.endswith((".", "!", "?", "…")):  # the comment's own full stop ends the sentence
                line += "."
            lines.append(line + " Xem ở trang <a href='exchange'>Trao đổi dữ liệu</a>.")
        self.ui.notice_label.setText("<br>".join(f"• {line}" for line in lines))
        self.ui.notice_label.setVisible(bool(lines))

    def _draw_chart(self) -> None:
        if not self.history:
            return
        only = self.ui.chart_indicator_combo.currentData()
        self.chart.show_history(self._periods, self.history, only)

    # --- acting on a gap ----------------------------------------------------------------
    def open_gap_list(self, indicator_id: str) -> GapListDialog | None:
        if self.report is None:
            return None
        from kh06_desktop.ui.dashboard.gap_list_dialog import GapListDialog

        dialog = GapListDialog(self.context, self.context.period, self.report.get(indicator_id), self._open_page, self)
        self.gap_dialog = dialog
        dialog.finished.connect(lambda _r: self._changed())
        dialog.open()
        return dialog

    def _open_page(self, key: str) -> object:
        window = self.window()
        open_page = getattr(window, "open_page", None)
        return open_page(key) if callable(open_page) else None
