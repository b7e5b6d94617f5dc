"""Attendance sheet of a training or a study session, with a column to sign on paper."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.reports.document import OfficialDocument, esc
from kh06_desktop.reports.rows import Column, RowTable
from kh06_desktop.services.reports.report_lists import AttendanceData

COLUMNS = (
    Column("STT", 0.06, "center"),
    Column("Họ và tên", 0.27),
    Column("Năm\nsinh", 0.07, "center"),
    Column("Tổ công đoàn", 0.22),
    Column("Chức vụ\ncông đoàn", 0.17),
    Column("Ký tên", 0.21),
)


class AttendanceSheet(OfficialDocument):
    title = "DANH SÁCH THAM DỰ"

    def __init__(self, data: AttendanceData) -> None:
        what = "Lớp tập huấn" if data.kind == "training" else "Học tập, quán triệt"
        super().__init__(data.context.doc, data.stamp, f"{what}: {data.title}")
        self.data = data

    def body(self) -> list[Flowable]:
        d = self.data
        s = self.s
        facts = [f"Thời gian: {d.dates}"]
        if d.place:
            facts.append(f"địa điểm: {d.place}")
        if d.organiser:
            facts.append(f"cấp tổ chức: {d.organiser}")
        out: list[Flowable] = [Paragraph(esc("; ".join(facts) + "."), s["body"])]
        if not d.recorded:
            expected = ("ủy viên Ban Chấp hành, tổ trưởng, tổ phó công đoàn" if d.kind == "training"
                        else "toàn thể đoàn viên")
            out.append(Paragraph(esc(f"Chưa ghi nhận người tham dự: danh sách dự kiến gồm {expected} "
                                     f"({group_thousands(len(d.lines))} người) để ký khi tham dự."), s["body"]))
        rows = [(group_thousands(i), line.full_name, line.birth_year, line.group, line.roles, "")
                for i, line in enumerate(d.lines, start=1)]
        out.append(RowTable(COLUMNS, rows, font_size=10.5, row_height=9 * mm))
        listed = group_thousands(len(d.lines))
        if not d.recorded:
            total = f"Tổng số: {listed} người trong danh sách dự kiến."
        elif d.kind == "study":
            total = (f"Tổng số người tham dự: {group_thousands(len(d.lines) + d.non_members)} người, gồm {listed} "
                     f"đoàn viên có tên trong danh sách và {group_thousands(d.non_members)} người lao động chưa là "
                     f"đoàn viên.")
        else:
            total = f"Tổng số người tham dự: {listed} người."
        out.append(Paragraph(esc(total), self.after_table))
        return out


def render_attendance(data: AttendanceData) -> bytes:
    return AttendanceSheet(data).build()
