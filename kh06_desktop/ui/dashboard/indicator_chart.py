"""A QtCharts line chart of the indicators' percentages over the recorded periods."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kh06_desktop.domain.indicators import IDS, TITLES, IndicatorReport
from kh06_desktop.domain.periods import Period

SHORT_TITLES = {"1": "Kết nạp", "2": "Học tập", "3": "Thăm hỏi", "4a": "BCH tập huấn", "4b": "Tổ trưởng, tổ phó",
                "5": "Ban nữ công"}
COLOURS = {"1": "#1f77b4", "2": "#ff7f0e", "3": "#2ca02c", "4a": "#d62728", "4b": "#9467bd", "5": "#8c564b"}


def short_label(period: Period) -> str:
    if period.half is None:
        return f"Năm {period.year}"
    return f"6 tháng {'đầu' if period.half == 1 else 'cuối'} {period.year}"


class IndicatorChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self._new_chart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Biểu đồ tỷ lệ các chỉ tiêu qua các kỳ")
        self.points: dict[str, list[tuple[int, float]]] = {}

    @staticmethod
    def _new_chart() -> QChart:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    def show_history(self, periods: list[Period], reports: list[IndicatorReport], only: str | None = None) -> None:
        # A fresh chart each time: axes removed from a live chart leave their grid lines drawn.
        old = self.chart()
        chart = self._new_chart()
        self.setChart(chart)
        old.deleteLater()
        axis_x = QBarCategoryAxis()
        axis_x.append([short_label(p) for p in periods])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f %%")
        small = QFont()
        small.setPointSize(8)
        axis_x.setLabelsFont(small)
        axis_y.setLabelsFont(small)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        top = 100.0
        self.points = {}
        for indicator_id in (only,) if only else IDS:
            series = QLineSeries()
            series.setName(f"{indicator_id}. {(TITLES if only else SHORT_TITLES)[indicator_id]}")
            pen = QPen(QColor(COLOURS[indicator_id]))
            pen.setWidth(3 if only else 2)
            series.setPen(pen)
            series.setPointsVisible(True)
            points = []
            for x, report in enumerate(reports):
                value = report.get(indicator_id).percent
                if value is not None:  # not applicable or no HR figures: no point
                    points.append((x, value))
                    series.append(x, value)
                    top = max(top, value)
            self.points[indicator_id] = points
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
            if only:
                target = QLineSeries()
                target.setName(f"Mục tiêu {reports[0].get(only).target:.0f} %" if reports else "Mục tiêu")
                dashed = QPen(QColor("#6b7785"))
                dashed.setStyle(Qt.PenStyle.DashLine)
                target.setPen(dashed)
                for x, report in enumerate(reports):
                    goal = report.get(only).target  # None only for upper-level totals of 5 (per sector)
                    if goal is not None:
                        target.append(x, goal)
                chart.addSeries(target)
                target.attachAxis(axis_x)
                target.attachAxis(axis_y)
        ceiling = (int(top) // 20 + 1) * 20 if top > 100 else 100
        axis_y.setRange(0, ceiling)
        axis_y.setTickCount(ceiling // 20 + 1)  # a line every 20 %
