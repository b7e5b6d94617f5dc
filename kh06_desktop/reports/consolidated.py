"""The upper level's consolidated report: totals by sector and the table of units with their six
indicators. PDF in the same official form as the unit's report (reports/document.py, landscape
for the wide table), and XLSX (XlsxWriter) for officers who work on in Excel. Both take the data
a service gathered (services/consolidated_report.py) and return bytes; they never query.
"""

from __future__ import annotations

import io

import xlsxwriter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.domain.indicators import IDS, TITLES, Indicator
from kh06_desktop.reports.document import OfficialDocument, esc, table_style
from kh06_desktop.services.exchange.consolidated_report import ConsolidatedReportData
from kh06_desktop.services.exchange.consolidated_view import UnitIndicators

ROWS_PER_TABLE = 40  # one Table per chunk: much faster than one long table (STACK-NOTES)


def _cell(indicator: Indicator) -> str:
    if indicator.denominator == 0:
        return "—"
    return f"{indicator.percent_text()}"


def _verdict(indicator: Indicator) -> str:
    if indicator.target is None:  # indicator 5 over sectors: met only when every sector is
        return "Đạt" if indicator.met else "Chưa đạt"
    if indicator.denominator == 0:
        return "Không áp dụng" if indicator.met else "Thiếu số liệu"
    return "Đạt" if indicator.met else "Chưa đạt"


def unit_verdict(unit: UnitIndicators) -> str:
    """«Đạt tất cả»: never for a unit with missing data (1 or 2 without workforce figures)."""
    if unit.all_met:
        return "Đạt"
    return "Thiếu số liệu" if unit.missing_data else "Chưa đạt"


class ConsolidatedDocument(OfficialDocument):
    title = "BÁO CÁO TỔNG HỢP"
    landscape = True

    def __init__(self, data: ConsolidatedReportData) -> None:
        super().__init__(data.doc, data.stamp,
                         f"Kết quả thực hiện Kế hoạch 06-KH/BCSĐ – {data.period_label.lower()}")
        self.data = data

    def _totals_table(self) -> Table:
        s = self.s
        head = [Paragraph(esc(t), s["cell_head"]) for t in ("Khu vực", "Số đơn vị", *(f"CT {i}" for i in IDS))]
        rows: list[list] = [head]
        parts = [p for p in self.data.totals.by_sector if p.units] + [self.data.totals.overall]
        for part in parts:
            label = part.sector.label if part.sector is not None else "Toàn bộ"
            cells = [Paragraph(esc(label), s["cell"]), Paragraph(group_thousands(part.units), s["cell_right"])]
            for item in part.indicators:
                if item.parts:  # indicator 5 over all sectors: each sector against its own target
                    text = "<br/>".join(esc(p.text()) for p in item.parts if p.denominator)
                    cells.append(Paragraph(text or "Không có đơn vị đủ điều kiện", s["cell"]))
                    continue
                text = (f"{group_thousands(item.numerator)}/{group_thousands(item.denominator)}<br/>"
                        f"{esc(_cell(item))} – {esc(_verdict(item))}")
                cells.append(Paragraph(text, s["cell_center"]))
            rows.append(cells)
        widths = [0.16, 0.08] + [0.76 / 6] * 6
        table = Table(rows, colWidths=[w * self.width for w in widths], repeatRows=1)
        table.setStyle(table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),  # every cell ruled, as union tables are
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, -1), (-1, -1), "#eeeeee"),  # the overall line stands out
        ))
        return table

    def _unit_tables(self) -> list[Flowable]:
        # 11 columns on a landscape page: 10 pt cells keep "100,0 %" on one line
        s = {name: ParagraphStyle(f"{name}_small", parent=self.s[name], fontSize=10, leading=12)
             for name in ("cell", "cell_center", "cell_head")}
        head = [Paragraph(esc(t), s["cell_head"])
                for t in ("STT", "Mã", "Tên công đoàn cơ sở", "Khu vực", *(f"CT {i}" for i in IDS), "Đánh giá")]
        widths = [0.05, 0.11, 0.26, 0.13] + [0.062] * 6 + [0.078]
        units = self.data.units
        out: list[Flowable] = []
        for start in range(0, max(len(units), 1), ROWS_PER_TABLE):
            rows: list[list] = [head]
            for number, unit in enumerate(units[start:start + ROWS_PER_TABLE], start=start + 1):
                rows.append([Paragraph(str(number), s["cell_center"]), Paragraph(esc(unit.code), s["cell"]),
                             Paragraph(esc(unit.name), s["cell"]),
                             Paragraph(esc(unit.sector.label), s["cell"]),
                             *(Paragraph(esc(_cell(i)) + ("" if i.met else "*"), s["cell_center"])
                               for i in unit.indicators),
                             Paragraph(unit_verdict(unit), s["cell_center"])])
            table = Table(rows, colWidths=[w * self.width for w in widths], repeatRows=1)
            table.setStyle(table_style(("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                       ("ALIGN", (0, 1), (0, -1), "CENTER")))
            out.append(table)
        return out

    def body(self) -> list[Flowable]:
        s, data = self.s, self.data
        legend = "; ".join(f"CT {i}: {TITLES[i]}" for i in IDS)
        intro = (f"Tổng hợp số liệu của {group_thousands(len(data.units))} công đoàn cơ sở đã gửi tệp dữ liệu "
                 f"{esc(data.period_label.lower())}, tính đến ngày {data.totals.as_of:%d/%m/%Y}. "
                 "Chỉ tiêu 5 ở cấp trên là tỷ lệ đơn vị đủ điều kiện đã thành lập Ban nữ công quần chúng: "
                 "100 % với khu vực hành chính sự nghiệp và doanh nghiệp nhà nước, 70 % với khu vực ngoài nhà nước.")
        out: list[Flowable] = [Paragraph(intro, s["body"]), Paragraph("I. KẾT QUẢ THEO KHU VỰC", s["heading"]),
                               self._totals_table(), Spacer(1, 8),
                               Paragraph("II. KẾT QUẢ TỪNG ĐƠN VỊ", s["heading"]),
                               Paragraph(esc(legend) + ". Dấu * : chưa đạt mục tiêu.", s["plain"])]
        out += self._unit_tables()
        if data.duplicates:
            out.append(Paragraph(f"Có {group_thousands(data.duplicates)} dòng đoàn viên trùng số CCCD giữa các đơn "
                                 "vị cần kiểm tra lại.", s["body"]))
        return out


def consolidated_pdf(data: ConsolidatedReportData) -> bytes:
    return ConsolidatedDocument(data).build()


def consolidated_xlsx(data: ConsolidatedReportData) -> bytes:
    """Two sheets: «Theo khu vực» (totals) and «Đơn vị» (one row per unit, numbers as numbers)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "font_name": "Times New Roman", "text_wrap": True, "border": 1,
                            "align": "center", "valign": "vcenter"})
    plain = book.add_format({"font_name": "Times New Roman", "border": 1})
    pct = book.add_format({"font_name": "Times New Roman", "border": 1, "num_format": "0.0"})
    title = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 14})

    sheet = book.add_worksheet("Theo khu vực")
    sheet.write(0, 0, f"Tổng hợp kết quả Kế hoạch 06 – {data.period_label}", title)
    head = ["Khu vực", "Số đơn vị"]
    for i in IDS:
        head += [f"CT {i} đạt", f"CT {i} tổng", f"CT {i} %", f"CT {i} mục tiêu %", f"CT {i} đánh giá"]
    sheet.write_row(2, 0, head, bold)
    for row, part in enumerate((*data.totals.by_sector, data.totals.overall), start=3):
        sheet.write(row, 0, part.sector.label if part.sector is not None else "Toàn bộ", plain)
        sheet.write_number(row, 1, part.units, plain)
        for k, item in enumerate(part.indicators):
            col = 2 + 5 * k
            sheet.write_number(row, col, item.numerator, plain)
            sheet.write_number(row, col + 1, item.denominator, plain)
            rounded = item.percent_rounded(1)  # one decimal, half up, as on screen and in the PDF
            sheet.write(row, col + 2, rounded, pct) if rounded is not None else sheet.write_blank(
                row, col + 2, None, pct)
            if item.target is None:  # indicator 5 over all sectors: the per-sector targets, in words
                sheet.write_string(row, col + 3, "; ".join(p.text() for p in item.parts if p.denominator), plain)
            else:
                sheet.write_number(row, col + 3, item.target, pct)
            sheet.write(row, col + 4, _verdict(item), plain)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, len(head), 11)

    units = book.add_worksheet("Đơn vị")
    head = ["STT", "Mã", "Tên công đoàn cơ sở", "Khu vực", "Lần sửa đổi"]
    for i in IDS:
        head += [f"CT {i} đạt", f"CT {i} tổng", f"CT {i} %", f"CT {i} đánh giá"]
    head.append("Đạt tất cả")
    units.write_row(0, 0, head, bold)
    for row, unit in enumerate(data.units, start=1):
        units.write_number(row, 0, row, plain)
        units.write_row(row, 1, [unit.code, unit.name, unit.sector.label], plain)
        units.write_number(row, 4, unit.revision, plain)
        for k, item in enumerate(unit.indicators):
            col = 5 + 4 * k
            units.write_number(row, col, item.numerator, plain)
            units.write_number(row, col + 1, item.denominator, plain)
            rounded = item.percent_rounded(1)
            units.write(row, col + 2, rounded, pct) if rounded is not None else units.write_blank(
                row, col + 2, None, pct)
            units.write(row, col + 3, _verdict(item), plain)
        units.write(row, len(head) - 1, unit_verdict(unit), plain)
    units.freeze_panes(1, 3)
    units.autofilter(0, 0, max(len(data.units), 1), len(head) - 1)
    units.set_column(1, 1, 14)
    units.set_column(2, 2, 44)
    units.set_column(3, 3, 24)
    book.close()
    return buffer.getvalue()

