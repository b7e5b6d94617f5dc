"""The period report on Kế hoạch 06: situation, indicators, results by solution group, proposals."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from kh06_desktop.domain.formats import format_date, format_percent, group_thousands
from kh06_desktop.domain.indicators import needed_for_target, round_percent
from kh06_desktop.domain.periods import Period
from kh06_desktop.reports.document import OfficialDocument, esc, heading, keep, nowrap_cell, table_style
from kh06_desktop.reports.rows import Column, RowTable
from kh06_desktop.services.reports.report_data import IndicatorLine, PeriodReportData

# Column widths of the indicator table as fractions of the frame width.
INDICATOR_COLUMNS = (
    ("TT", 0.05), ("Chỉ tiêu", 0.31), ("Mục tiêu", 0.10), ("Kết quả", 0.16), ("Tỷ lệ", 0.10),
    ("Đánh giá", 0.11), ("Còn thiếu", 0.17),
)
PAD = 3  # cell padding, points


def target_text(line: IndicatorLine) -> str:
    target = line.target
    if target is None:
        return "—"
    if isinstance(target, str):
        return target
    value = format_percent(target, 0)
    # Targets 2 and 4b are floors ("100 % trở lên", "ít nhất 75 %"); the others are to be reached.
    return value if (target >= 100 and line.id != "2") else f"≥ {value}"


def percent_text(numerator: int, denominator: int) -> str:
    """One decimal, half up, from the exact fraction (as the screen and the spreadsheets)."""
    rounded = round_percent(numerator, denominator, 1)
    return "—" if rounded is None else f"{rounded:.1f}".replace(".", ",") + " %"


def count(value: int | None) -> str:
    return "—" if value is None else group_thousands(value)


def missing_text(line: IndicatorLine) -> str:
    """The gap in the dashboard's words: "9 (cần thêm 6 để đạt mục tiêu)" when the target is
    below 100 % and fewer than all the missing reach it."""
    if line.denominator == 0 or line.missing == 0:
        return keep(count(line.missing)) if line.denominator else "—"
    text = keep(count(line.missing))
    if isinstance(line.target, (int, float)):
        needed = needed_for_target(line.numerator, line.denominator, float(line.target))
        if needed and needed < line.missing:
            text += f" (cần thêm {keep(group_thousands(needed))} để đạt mục tiêu)"
    return text


def sentence(text: str) -> str:
    """A line of the report closed with a full stop when it has no closing punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in ".;:!?…)" else text + "."


class PeriodReport(OfficialDocument):
    title = "BÁO CÁO"

    def __init__(self, data: PeriodReportData) -> None:
        super().__init__(data.doc, data.stamp,
                         f"Kết quả thực hiện Kế hoạch số 06-KH/BCSĐ {data.period_label[0].lower()}"
                         f"{data.period_label[1:]}")
        self.data = data

    def header(self) -> list[Flowable]:
        flowables = super().header()
        f = self.data.figures
        state = f"đã chốt, lần {f.revision}" if self.data.closed else f"chưa chốt, lần {f.revision}"
        if self.data.period_end is not None:  # printed before the period's last day
            text = (f"Kỳ báo cáo chưa kết thúc (kỳ đến ngày {format_date(self.data.period_end)}): số liệu tạm tính "
                    f"đến ngày {format_date(self.data.doc.date)} – {state}")
        else:
            text = f"Số liệu tính đến ngày {format_date(f.as_of)} – {state}"
        note = Paragraph(f"<i>({text})</i>", self.s["plain"])
        note.style = self.s["dateline"]
        flowables.insert(-1, note)
        return flowables

    def body(self) -> list[Flowable]:
        s = self.s
        f = self.data.figures
        doc = self.data.doc
        out: list[Flowable] = [Paragraph(
            "Thực hiện Kế hoạch số 06-KH/BCSĐ ngày 05/4/2022 của Ban cán sự đảng Bộ Công Thương thực hiện "
            "Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị về đổi mới tổ chức và hoạt động của Công "
            f"đoàn Việt Nam trong tình hình mới, Ban Chấp hành {esc(doc.unit_name)} báo cáo kết quả thực hiện "
            f"từ ngày {format_date(f.start_date)} đến ngày {format_date(f.as_of)} như sau:", s["body"])]
        out += self.situation()
        out += self.indicators()
        out += self.results()
        out += self.assessment()
        out += self.proposals()
        return out

    def assessment(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = heading("IV. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG KỲ TỚI", s["heading"])
        lines = [line for line in self.data.assessment.splitlines() if line.strip()]
        out += [Paragraph(esc(sentence(line)), s["body"]) for line in lines]
        return out

    def annex(self) -> list[Flowable]:
        """PHỤ LỤC: who is still missing for each indicator not fully reached (on request)."""
        if not self.data.gaps:
            return []
        s = self.s
        out: list[Flowable] = [PageBreak(), Paragraph("PHỤ LỤC", s["title"]), Paragraph(
            esc(f"Danh sách còn thiếu theo từng chỉ tiêu – {self.data.period_label.lower()}"), s["subtitle"]),
            Spacer(1, 8)]
        columns = (Column("STT", 0.07, "center"), Column("Họ và tên", 0.30), Column("Tổ công đoàn", 0.23),
                   Column("Còn thiếu", 0.40))
        for gap in self.data.gaps:
            out.append(Paragraph(esc(f"Chỉ tiêu {gap.id}: {gap.title} (còn thiếu {group_thousands(gap.missing)})"),
                                 ParagraphStyle("gap_heading", parent=s["heading"], spaceBefore=10)))
            people = [line for line in gap.lines]
            if len(people) == 1 and not people[0].group:  # a count, not a list (indicators 1 and 5)
                out.append(Paragraph(esc(sentence(f"{people[0].name}: {people[0].detail}")), s["body"]))
                continue
            rows = [(group_thousands(k), line.name, line.group, line.detail) for k, line in enumerate(people, 1)]
            out.append(RowTable(columns, rows, font_size=10.5))
        return out

    def situation(self) -> list[Flowable]:
        s = self.s
        x = self.data.figures.situation
        if x.total_workers is None:
            workforce = "Đơn vị chưa nhập số liệu lao động của kỳ này."
        else:
            source = "" if x.workforce_period in (None, self.data.figures.period) else \
                f" (kỳ này chưa nhập, dùng số liệu {Period.parse(x.workforce_period).label.lower()})"
            workforce = (f"Tổng số công chức, viên chức, người lao động: {count(x.total_workers)} người, "
                         f"trong đó nữ: {count(x.female_workers)} người; số người lao động đủ điều kiện kết nạp "
                         f"vào Công đoàn: {count(x.eligible_workers)} người{source}.")
        members = (f"Tổng số đoàn viên công đoàn: {count(x.members)} người, trong đó nữ: {count(x.female_members)} "
                   f"người; kết nạp mới trong kỳ: {count(x.admitted_in_period)} đoàn viên. Số tổ công đoàn: "
                   f"{count(x.groups)}; số ủy viên Ban Chấp hành: {count(x.bch_members)}; số tổ trưởng, tổ phó "
                   f"công đoàn: {count(x.group_leads)}.")
        return [*heading("I. TÌNH HÌNH ĐƠN VỊ", s["heading"]), Paragraph(workforce, s["body"]),
                Paragraph(members, s["body"])]

    def indicators(self) -> list[Flowable]:
        s = self.s
        head = [Paragraph(label, s["cell_head"]) for label, _ in INDICATOR_COLUMNS]
        rows: list[list[object]] = [head]
        widths = [self.width * fraction for _, fraction in INDICATOR_COLUMNS]
        inner = [w - 2 * PAD for w in widths]
        for line in self.data.figures.indicators:
            rows.append([
                nowrap_cell(line.id, s["cell_center"], inner[0]),
                Paragraph(esc(line.title), s["cell"]),
                nowrap_cell(target_text(line), s["cell_center"], inner[2]),
                nowrap_cell(f"{count(line.numerator)}/{count(line.denominator)}", s["cell_center"], inner[3]),
                nowrap_cell(percent_text(line.numerator, line.denominator), s["cell_center"], inner[4]),
                nowrap_cell("Đạt" if line.met else "Chưa đạt", s["cell_center"], inner[5], bold=not line.met),
                Paragraph(missing_text(line), s["cell_center"]),
            ])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),  # a ruled table, as on paper
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),  # header row
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ))
        note = Paragraph(
            "<i>Kết quả: số đạt/tổng số; còn thiếu: số người (hoặc trường hợp) chưa thực hiện so với tổng số "
            "(100\u00a0%), và số cần thêm để đạt mục tiêu khi mục tiêu thấp hơn 100\u00a0%.</i>", s["plain"])
        note.style = ParagraphStyle("table_note", parent=s["recipients"], spaceBefore=4, spaceAfter=6)
        return [*heading("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", s["heading"]), table, note]

    def results(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = heading("III. KẾT QUẢ THỰC HIỆN CÁC NHÓM GIẢI PHÁP", s["heading"])
        for group in self.data.figures.results:
            out.append(Paragraph(f"{group.number}. {esc(group.title)}", s["subheading"]))
            if not group.lines:
                out.append(Paragraph("<i>- Chưa ghi nhận hoạt động trong kỳ.</i>", s["body"]))
            for line in group.lines:
                when = f"{format_date(line.date)}: " if line.date else ""
                out.append(Paragraph(f"- {when}{esc(sentence(line.text))}", s["body"]))
        return out

    def proposals(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = heading("V. ĐỀ XUẤT, KIẾN NGHỊ", s["heading"])
        lines = [line for line in self.data.proposals.splitlines() if line.strip()]
        out += [Paragraph(esc(line), s["body"]) for line in lines] or [Paragraph("Không có.", s["body"])]
        return out


def render_period_report(data: PeriodReportData) -> bytes:
    return PeriodReport(data).build()



