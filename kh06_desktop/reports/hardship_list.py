"""The list of members in hardship visited or supported in the period, amounts and total."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from kh06_desktop.domain.formats import format_date, format_vnd, group_thousands
from kh06_desktop.reports.document import OfficialDocument, esc, keep, nowrap_cell, table_style
from kh06_desktop.services.reports.report_lists import HardshipListData

COLUMNS = (("STT", 0.06), ("Họ và tên", 0.20), ("Tổ công đoàn", 0.15), ("Hoàn cảnh", 0.15),
           ("Ngày ghi nhận", 0.13), ("Hình thức, ngày hỗ trợ", 0.18), ("Số tiền (đồng)", 0.13))
PAD = 3


def support_cell(text: str) -> str:
    """"Thăm hỏi 12/03/2025; Trợ cấp 02/04/2025": a kind ("Trợ cấp") and a date never break inside."""
    items = []
    for item in text.split("; "):
        words = item.split(" ")
        if words and "/" in words[-1]:
            items.append(keep(" ".join(words[:-1])) + " " + keep(words[-1]))
        else:
            items.append(keep(item))
    return ";<br/>".join(items)


def small(style: ParagraphStyle) -> ParagraphStyle:
    """11 pt cells: a date or an amount stays on one line in its column."""
    return ParagraphStyle(f"{style.name}11", parent=style, fontSize=11, leading=13)


class HardshipList(OfficialDocument):
    title = "DANH SÁCH THĂM HỎI, HỖ TRỢ ĐOÀN VIÊN CÓ HOÀN CẢNH KHÓ KHĂN"

    def __init__(self, data: HardshipListData) -> None:
        label = data.context.period_label
        super().__init__(data.context.doc, data.stamp, f"{label[0].upper()}{label[1:]}")
        self.data = data

    def body(self) -> list[Flowable]:
        s = {key: small(style) for key, style in self.s.items()}
        d = self.data
        head = [Paragraph(label, s["cell_head"]) for label, _ in COLUMNS]
        rows: list[list[object]] = [head]
        widths = [self.width * f for _, f in COLUMNS]
        inner = [w - 2 * PAD for w in widths]
        for i, line in enumerate(d.lines, start=1):
            rows.append([nowrap_cell(group_thousands(i), s["cell_center"], inner[0]),
                         Paragraph(esc(line.full_name), s["cell"]),
                         Paragraph(esc(line.group), s["cell"]), Paragraph(esc(line.reason), s["cell"]),
                         nowrap_cell(format_date(line.opened_on), s["cell_center"], inner[4]),
                         Paragraph(support_cell(line.support), s["cell"]),
                         nowrap_cell(group_thousands(line.amount_vnd), s["cell_right"], inner[6])])
        rows.append(["", Paragraph("<b>Tổng cộng</b>", s["cell"]), "", "", "", "",
                     nowrap_cell(group_thousands(d.total_vnd), s["cell_right"], inner[6], bold=True)])
        table = Table(rows, colWidths=widths, repeatRows=1)
        last = len(rows) - 1
        table.setStyle(table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),  # header row
            ("SPAN", (1, last), (5, last)),  # "Tổng cộng" across the text columns
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ))
        supported = len(d.lines) - d.unsupported
        summary = (f"Trong kỳ có {group_thousands(len(d.lines))} trường hợp đoàn viên có hoàn cảnh khó khăn; đã thăm "
                   f"hỏi, hỗ trợ {group_thousands(supported)} trường hợp với tổng số tiền {format_vnd(d.total_vnd)}"
                   + (f"; còn {group_thousands(d.unsupported)} trường hợp chưa được hỗ trợ." if d.unsupported
                      else "."))
        return [Paragraph(esc(summary), self.s["body"]), table]


def render_hardship_list(data: HardshipListData) -> bytes:
    return HardshipList(data).build()
