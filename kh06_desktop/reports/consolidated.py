"""The upper level's consolidated report: totals by sector and the table of units with their six
indicators. PDF in the same official form as the unit's report (reports/document.py, landscape
for the wide table), and XLSX (XlsxWriter) for officers who work on in Excel. Both take the data
a service gathered (services/consolidated_report.py) and return bytes; they never query.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.domain.indicators import IDS, TITLES, Indicator, round_percent
from kh06_desktop.exchange.xlsx_writer import SafeWorkbook
from kh06_desktop.reports.document import OfficialDocument, esc, heading, lines_cell, nowrap_cell, table_style
from kh06_desktop.reports.fonts import SERIF_BOLD
from kh06_desktop.services.exchange.consolidated_report import ConsolidatedReportData
from kh06_desktop.services.exchange.consolidated_view import UnitIndicators

ROWS_PER_TABLE = 40  # one Table per chunk: much faster than one long table (STACK-NOTES)


def _cell(indicator: Indicator) -> str:
    if indicator.denominator == 0:
        return "—"
    return f"{indicator.percent_text()}"


def _verdict(indicator: Indicator, units: int | None = None) -> str:
    if units == 0:
        return ""  # a sector without units has nothing to assess
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


def _pair(indicator: Indicator) -> str:
    return f"{group_thousands(indicator.numerator)}/{group_thousands(indicator.denominator)}"


def _sector_results_cell(item: Indicator, style: ParagraphStyle, width: float) -> Paragraph:
    """Indicator 5 over all sectors, in short lines per sector (its name wraps; «3/4», «75,0 %»,
    «mục tiêu 100 %» and the verdict are each kept whole), so the cell keeps a readable size
    instead of shrinking «Doanh nghiệp nhà nước: 3/4 (75,0 %), mục tiêu 100 % – Chưa đạt» to one line."""
    blocks: list[str] = []
    whole: list[str] = []
    for part in item.parts:
        if not part.denominator:
            continue
        rounded = round_percent(part.numerator, part.denominator, 1)
        percent = "—" if rounded is None else f"{rounded:.1f}".replace(".", ",") + " %"
        verdict = "Đạt" if part.met else "Chưa đạt"
        pieces = [f"{group_thousands(part.numerator)}/{group_thousands(part.denominator)}", percent,
                  f"mục tiêu {part.target:.0f} %", verdict]
        whole += pieces
        kept = [esc(p).replace(" ", "\u00a0") for p in pieces]
        kept[-1] = f"<b>{kept[-1]}</b>" if verdict == "Chưa đạt" else kept[-1]
        blocks.append("<br/>".join([f"<i>{esc(part.label)}</i>", *kept]))
    if not blocks:
        return Paragraph("Không có đơn vị đủ điều kiện", style)
    needed = max(stringWidth(p, SERIF_BOLD, style.fontSize) for p in whole)
    if needed > width:
        size = style.fontSize * width / needed
        style = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size,
                               leading=max(style.leading * size / style.fontSize, size * 1.15))
    return Paragraph("<br/><br/>".join(blocks), style)


PAD = 3  # cell padding (ReportLab's default is 6 points: 3 each side), points


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
        rows: list[list[Any]] = [head]
        widths = [0.16, 0.08] + [0.76 / 6] * 6
        inner = widths[2] * self.width - 2 * PAD
        parts = [p for p in self.data.totals.by_sector if p.units] + [self.data.totals.overall]
        for part in parts:
            label = part.sector.label if part.sector is not None else "Toàn bộ"
            cells = [Paragraph(esc(label), s["cell"]), Paragraph(group_thousands(part.units), s["cell_right"])]
            for item in part.indicators:
                if item.parts:  # indicator 5 over all sectors: each sector against its own target
                    cells.append(_sector_results_cell(item, s["cell_center"], inner))
                    continue
                verdict = _verdict(item)
                lines = [_pair(item), _cell(item) if item.denominator else "",
                         f"<b>{esc(verdict)}</b>" if verdict == "Chưa đạt" else esc(verdict)]
                cells.append(lines_cell(lines, s["cell_center"], inner))
            rows.append(cells)
        table = Table(rows, colWidths=[w * self.width for w in widths], repeatRows=1)
        table.setStyle(table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),  # every cell ruled, as union tables are
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("BACKGROUND", (0, -1), (-1, -1), "#eeeeee"),  # the overall line stands out
        ))
        return table

    def _unit_tables(self) -> list[Flowable]:
        # 11 columns on a landscape page: 10 pt cells keep "100,0 %" on one line
        s = {name: ParagraphStyle(f"{name}_small", parent=self.s[name], fontSize=10, leading=12)
             for name in ("cell", "cell_center", "cell_head")}
        head = [Paragraph(esc(t), s["cell_head"])
                for t in ("STT", "Mã", "Tên công đoàn cơ sở", "Khu vực", *(f"CT {i}" for i in IDS), "Đánh giá")]
        widths = [0.05, 0.10, 0.21, 0.12] + [0.076] * 6 + [0.064]
        inner = [w * self.width - 2 * PAD for w in widths]
        units = self.data.units
        out: list[Flowable] = []
        for start in range(0, max(len(units), 1), ROWS_PER_TABLE):
            rows: list[list[Any]] = [head]
            for number, unit in enumerate(units[start:start + ROWS_PER_TABLE], start=start + 1):
                rows.append([nowrap_cell(group_thousands(number), s["cell_center"], inner[0]),
                             Paragraph(esc(unit.code), s["cell"]),
                             Paragraph(esc(unit.name), s["cell"]),
                             Paragraph(esc(unit.sector.label), s["cell"]),
                             *(lines_cell([_pair(i), _cell(i) + ("" if i.met else "*")] if i.denominator
                                          else ["—"], s["cell_center"], inner[4]) for i in unit.indicators),
                             nowrap_cell(unit_verdict(unit), s["cell_center"], inner[-1])])
            table = Table(rows, colWidths=[w * self.width for w in widths], repeatRows=1)
            table.setStyle(table_style(("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                                       ("ALIGN", (0, 1), (0, -1), "CENTER")))
            out.append(table)
        return out

    def body(self) -> list[Flowable]:
        s, data = self.s, self.data
        legend = "; ".join(f"CT {i}: {TITLES[i]}" for i in IDS)
        intro = (f"Tổng hợp số liệu của {group_thousands(len(data.units))} công đoàn cơ sở đã gửi tệp dữ liệu "
                 f"{esc(data.period_label.lower())}, tính đến ngày {data.totals.as_of:%d/%m/%Y}. "
                 "Chỉ tiêu 5 ở cấp trên là tỷ lệ đơn vị đủ điều kiện đã thành lập Ban nữ công quần chúng: "
                 "100\u00a0% với khu vực hành chính sự nghiệp và doanh nghiệp nhà nước, 70\u00a0% với khu vực ngoài "
                 "nhà nước.")
        legend_style = ParagraphStyle("legend", parent=s["plain"], keepWithNext=True)
        out: list[Flowable] = [Paragraph(intro, s["body"]), *heading("I. KẾT QUẢ THEO KHU VỰC", s["heading"]),
                               self._totals_table(), Spacer(1, 8),
                               *heading("II. KẾT QUẢ TỪNG ĐƠN VỊ", s["heading"]),
                               Paragraph(esc(legend) + ". Mỗi ô: số đạt/tổng số và tỷ lệ; dấu *: chưa đạt mục tiêu.",
                                         legend_style)]
        out += self._unit_tables()
        if data.duplicates:
            out.append(Paragraph(f"Có {group_thousands(data.duplicates)} dòng đoàn viên trùng số CCCD giữa các đơn "
                                 "vị cần kiểm tra lại.", s["body"]))
        return out


def consolidated_pdf(data: ConsolidatedReportData) -> bytes:
    return ConsolidatedDocument(data).build()


def _ratio(indicator: Indicator) -> float | None:
    """The exact fraction numerator/denominator for Excel's percent format (not a rounded 93.16);
    None without a denominator."""
    return indicator.numerator / indicator.denominator if indicator.denominator else None


class _Formats:
    def __init__(self, book: SafeWorkbook) -> None:
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1}
        self.head = book.add_format({**cell, "bold": True, "text_wrap": True, "align": "center",
                                     "bg_color": "#EEEEEE"})
        self.text = book.add_format({**cell, "text_wrap": True})
        self.center = book.add_format({**cell, "align": "center"})
        self.count = book.add_format({**cell, "num_format": "#,##0"})
        self.pct = book.add_format({**cell, "num_format": "0.0%"})
        self.bold_text = book.add_format({**cell, "bold": True, "text_wrap": True})
        self.bold_count = book.add_format({**cell, "bold": True, "num_format": "#,##0"})
        self.bold_pct = book.add_format({**cell, "bold": True, "num_format": "0.0%"})
        self.bold_center = book.add_format({**cell, "bold": True, "align": "center"})
        self.issuer = book.add_format({**base, "bold": True, "font_size": 12})
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.note = book.add_format({**base, "italic": True})


def _title_block(sheet, data: ConsolidatedReportData, f: _Formats, title: str) -> None:  # type: ignore[no-untyped-def]
    sheet.text(0, 0, data.doc.unit_name.upper(), f.issuer)
    sheet.text(1, 0, title, f.title)
    sheet.text(2, 0, f"{data.period_label[0].upper()}{data.period_label[1:]}; số liệu tính đến ngày "
                             f"{data.totals.as_of:%d/%m/%Y}; {group_thousands(len(data.units))} đơn vị đã gửi tệp "
                             f"dữ liệu; in ngày {data.doc.date:%d/%m/%Y}.", f.note)


def _print_setup(sheet, header_rows: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    sheet.repeat_rows(*header_rows)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C&\"Times New Roman\"Trang &P/&N")


def _write_indicator(sheet, row: int, col: int, item: Indicator, f: _Formats, bold: bool,  # type: ignore[no-untyped-def]
                     target: bool, units: int | None = None) -> int:
    """Đạt, Tổng số, Tỷ lệ, (Mục tiêu,) Đánh giá from column `col`; returns the next column."""
    count, pct, text = (f.bold_count, f.bold_pct, f.bold_center) if bold else (f.count, f.pct, f.center)
    if units == 0:  # a sector without units: nothing to count or assess
        for k in range(5 if target else 4):
            sheet.blank(row, col + k, count)
        sheet.text(row, col + (4 if target else 3), "Chưa có đơn vị", text)
        return col + (5 if target else 4)
    sheet.number(row, col, item.numerator, count)
    sheet.number(row, col + 1, item.denominator, count)
    ratio = _ratio(item)
    if ratio is None:
        sheet.blank(row, col + 2, pct)
    else:
        sheet.number(row, col + 2, ratio, pct)
    col += 3
    if target:
        if item.target is None:  # indicator 5 over all sectors: each sector's own target, in words
            sheet.text(row, col, "; ".join(p.text() for p in item.parts if p.denominator), f.text)
        else:
            sheet.number(row, col, item.target / 100, pct)
        col += 1
    sheet.text(row, col, _verdict(item), text)
    return col + 1


def consolidated_xlsx(data: ConsolidatedReportData) -> bytes:
    """Two sheets: «Theo khu vực» (totals by sector) and «Đơn vị» (one row per unit), each with a
    title block, two frozen header rows (indicator, then đạt / tổng số / tỷ lệ …), counts as
    numbers in #,##0, rates as real fractions in 0.0%, a totals row, and an A4 landscape print
    set-up one page wide with the header rows repeated. Values only: no formulas."""
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer)  # text stays text: unit names come from the units' files
    f = _Formats(book)
    head_row = 4

    sheet = book.add_sheet("Theo khu vực")
    _title_block(sheet, data, f, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH 06 THEO KHU VỰC – {data.period_label.upper()}")
    sheet.merge_text(head_row, 0, head_row + 1, 0, "Khu vực", f.head)
    sheet.merge_text(head_row, 1, head_row + 1, 1, "Số đơn vị", f.head)
    col = 2
    for i in IDS:
        sheet.merge_text(head_row, col, head_row, col + 4, f"CT {i}: {TITLES[i]}", f.head)
        sheet.texts(head_row + 1, col, ["Đạt", "Tổng số", "Tỷ lệ", "Mục tiêu", "Đánh giá"], f.head)
        col += 5
    columns = col
    row = head_row + 2
    for part in data.totals.by_sector:
        sheet.text(row, 0, part.sector.label if part.sector is not None else "", f.text)
        sheet.number(row, 1, part.units, f.count)
        col = 2
        for item in part.indicators:
            col = _write_indicator(sheet, row, col, item, f, False, True, part.units)
        row += 1
    overall = data.totals.overall
    sheet.text(row, 0, "Tổng cộng", f.bold_text)
    sheet.number(row, 1, overall.units, f.bold_count)
    col = 2
    for item in overall.indicators:
        col = _write_indicator(sheet, row, col, item, f, True, True)
    sheet.set_row(head_row, 48)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, columns - 1, 9)
    sheet.freeze_panes(head_row + 2, 2)
    _print_setup(sheet, (head_row, head_row + 1))

    units = book.add_sheet("Đơn vị")
    _title_block(units, data, f, f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH 06 CỦA TỪNG ĐƠN VỊ – {data.period_label.upper()}")
    fixed = ["STT", "Mã", "Tên công đoàn cơ sở", "Khu vực", "Lần sửa đổi"]
    for k, label in enumerate(fixed):
        units.merge_text(head_row, k, head_row + 1, k, label, f.head)
    col = len(fixed)
    for i in IDS:
        units.merge_text(head_row, col, head_row, col + 3, f"CT {i}: {TITLES[i]}", f.head)
        units.texts(head_row + 1, col, ["Đạt", "Tổng số", "Tỷ lệ", "Đánh giá"], f.head)
        col += 4
    units.merge_text(head_row, col, head_row + 1, col, "Đạt tất cả", f.head)
    columns = col + 1
    row = head_row + 2
    for number, unit in enumerate(data.units, start=1):
        units.number(row, 0, number, f.count)
        units.text(row, 1, unit.code, f.text)
        units.text(row, 2, unit.name, f.text)
        units.text(row, 3, unit.sector.label, f.text)
        units.number(row, 4, unit.revision, f.count)
        col = len(fixed)
        for item in unit.indicators:
            col = _write_indicator(units, row, col, item, f, False, False)
        units.text(row, col, unit_verdict(unit), f.center)
        row += 1
    last_unit_row = row - 1
    units.merge_text(row, 0, row, 3, f"Tổng cộng ({group_thousands(len(data.units))} đơn vị)", f.bold_text)
    units.blank(row, 4, f.bold_count)
    col = len(fixed)
    for item in overall.indicators:
        col = _write_indicator(units, row, col, item, f, True, False)
    met = sum(1 for unit in data.units if unit.all_met)
    units.text(row, col, f"{group_thousands(met)} đạt", f.bold_center)
    units.set_row(head_row, 48)
    units.set_column(0, 0, 6)
    units.set_column(1, 1, 14)
    units.set_column(2, 2, 44)
    units.set_column(3, 3, 24)
    units.set_column(4, 4, 8)
    units.set_column(len(fixed), columns - 2, 9)
    units.set_column(columns - 1, columns - 1, 10)
    units.freeze_panes(head_row + 2, 3)
    units.autofilter(head_row + 1, 0, max(last_unit_row, head_row + 2), columns - 1)
    _print_setup(units, (head_row, head_row + 1))
    book.close()
    return buffer.getvalue()
