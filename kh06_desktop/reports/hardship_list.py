"""The list of members in hardship visited or supported in the period, amounts and total."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from kh06_desktop.domain.formats import format_date, format_vnd, group_thousands
from kh06_desktop.reports.document import OfficialDocument, esc, table_style
from kh06_desktop.services.reports.report_lists import HardshipListData

COLUMNS = (("STT", 0.07), ("Họ và tên", 0.19), ("Tổ công đoàn", 0.14), ("Hoàn cảnh", 0.17),
           ("Ngày ghi nhận", 0.13), ("Hình thức, ngày hỗ trợ", 0.17), ("Số tiền (đồng)", 0.13))


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
        for i, line in enumerate(d.lines, start=1):
            rows.append([Paragraph(str(i), s["cell_center"]), Paragraph(esc(line.full_name), s["cell"]),
                         Paragraph(esc(line.group), s["cell"]), Paragraph(esc(line.reason), s["cell"]),
                         Paragraph(format_date(line.opened_on), s["cell_center"]),
                         Paragraph(esc(line.support), s["cell"]),
                         Paragraph(group_thousands(line.amount_vnd), s["cell_right"])])
        rows.append(["", Paragraph("<b>Tổng cộng</b>", s["cell"]), "", "", "", "",
                     Paragraph(f"<b>{group_thousands(d.total_vnd)}</b>", s["cell_right"])])
        table = Table(rows, colWidths=[self.width * f for _, f in COLUMNS], repeatRows=1)
        last = len(rows) - 1
        table.setStyle(table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),  # header row
            ("SPAN", (1, last), (5, last)),  # "Tổng cộng" across the text columns
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ))
        supported = len(d.lines) - d.unsupported
        summary = (f"Trong kỳ có {group_thousands(len(d.lines))} trường hợp đoàn viên có hoàn cảnh khó khăn; đã thăm "
                   f"hỏi, hỗ trợ {group_thousands(supported)} trường hợp với tổng số tiền {format_vnd(d.total_vnd)}"
                   + (f"; còn {group_thousands(d.unsupported)} trường hợp chưa được hỗ trợ." if d.unsupported
                      else "."))
        return [Paragraph(esc(summary), self.s["body"]), table]


def render_hardship_list(data: HardshipListData) -> bytes:
    return HardshipList(data).build()
