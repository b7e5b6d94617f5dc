"""The member roster: Vietnamese name order, grouped by union group, header on every page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.reports.document import OfficialDocument, esc
from kh06_desktop.reports.rows import Column, Heading, Row, RowTable
from kh06_desktop.services.reports.report_lists import RosterData

COLUMNS = (
    Column("STT", 0.06, "center"),
    Column("Họ và tên", 0.25),
    Column("Giới\ntính", 0.06, "center"),
    Column("Năm\nsinh", 0.06, "center"),
    Column("Chức vụ\ncông đoàn", 0.15),
    Column("Đơn vị,\nbộ phận", 0.18),
    Column("Ngày vào\ncông đoàn", 0.12, "center"),
    Column("Số thẻ\nđoàn viên", 0.13, "center"),
)


class Roster(OfficialDocument):
    title = "DANH SÁCH ĐOÀN VIÊN"

    def __init__(self, data: RosterData) -> None:
        super().__init__(data.context.doc, data.stamp, f"Tính đến ngày {format_date(data.context.as_of)}")
        self.data = data

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        number = 0
        for group in self.data.groups:
            rows.append(Heading(f"{group.name} ({group_thousands(len(group.rows))} đoàn viên)"))
            for r in group.rows:
                number += 1
                rows.append((group_thousands(number), r.full_name, r.gender, r.birth_year, r.roles, r.department,
                             format_date(r.join_date), r.card_number))
        return rows

    def body(self) -> list[Flowable]:
        d = self.data
        summary = (f"Tổng số đoàn viên: {group_thousands(d.total)} người (nữ: {group_thousands(d.female)} người), "
                   f"sinh hoạt tại {group_thousands(len(d.groups))} tổ công đoàn; xếp theo tổ, trong mỗi tổ theo "
                   f"tên, tên đệm, họ.")
        total = (f"Tổng cộng: {group_thousands(d.total)} đoàn viên (nữ: {group_thousands(d.female)} người) trong "
                 f"{group_thousands(len(d.groups))} tổ công đoàn.")
        return [Paragraph(esc(summary), self.s["body"]), RowTable(COLUMNS, self.rows(), font_size=10.5),
                Paragraph(esc(total), self.after_table)]


def render_roster(data: RosterData) -> bytes:
    return Roster(data).build()
