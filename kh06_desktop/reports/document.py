"""The base of every printed document: page, official header, signature, recipients, QR stamp.

Form of the document — the union's rules (Quyết định 933/QĐ-TLĐ ngày 14/5/2024 của Đoàn Chủ
tịch Tổng Liên đoàn, "Quy định về thể loại, thẩm quyền ban hành, thể thức và kỹ thuật trình
bày văn bản của tổ chức Công đoàn", which replaces QĐ 1013 and 1014/QĐ-TLĐ of 2011 and is
built on Nghị định 30/2020/NĐ-CP về công tác văn thư, Phụ lục I). Sources read:
hethongphapluat.vn (text of QĐ 933/QĐ-TLĐ), the Phụ lục I table of NĐ 30/TT 01/2011 as
published (slideshare "Mẫu chữ và chi tiết trình bày thể thức văn bản"), trademarkvn.com.vn
(summary of NĐ 30/2020: A4, Times New Roman, Unicode TCVN 6909:2001, black; page numbers
13–14 pt, centred in the top margin, not on the first page; days 01–09 and months 01–02
written with a leading zero).

    element                              case / size / style             here
    page                                 A4 portrait (lists may be landscape)
    margins                              top, bottom 20–25 mm; left 30–35; right 15–20   20/20/30/15
    national title (quốc hiệu)           CAPS 12–13 upright bold         12 bold
    motto (tiêu ngữ)                     lower 13–14 upright bold, ruled 13 bold, full-length rule
    upper union (cơ quan cấp trên)       CAPS 12–13 upright              12
    issuing body (tên cơ quan ban hành)  CAPS 12–13 upright bold, ruled  12 bold, short rule
    number (Số, ký hiệu)                 13 upright                      13
    place and date                       13–14 italic                    13 italic
    document type (tên loại) / title     CAPS 13–14 bold; subject 13–14 bold   14 bold / 13 bold
    body                                 13–14 regular, justified, 1 cm first-line indent  13
    signing capacity / title             CAPS 13–14 bold ("TM. BAN CHẤP HÀNH" / "CHỦ TỊCH")  13 bold
    signer's name                        13–14 bold                      13 bold
    "Nơi nhận:" / list                   12 bold italic / 11 regular     12 / 11
    page number                          13–14, top centre, from page 2  "Trang x/y", 11

Union documents use the issuing body of the union hierarchy (upper union over the grassroots
union) at top left and the national title and motto at top right, as QĐ 933 shows. Every page
also carries, in the bottom margin, a small line with the unit, period, revision and the short
digest, and the last page a QR code of the same (reportlab's own QR widget), so the upper level
can tell which data file a paper was printed from.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.vntext import nfc
from kh06_desktop.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts
from kh06_desktop.reports.rows import RowTable
from kh06_desktop.services.reports.report_data import DocumentInfo, Stamp

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 13
PAGE_NUMBER_SIZE = 13  # NĐ 30: 13–14 pt


# A number is never the first word of a line after these words ("số / 21", "năm / 2025").
_BOUND_NUMBER = re.compile(r"(?<!\S)(số|Số|năm|tháng|ngày|lần|kỳ|Tổ|Xưởng|Đội|Phòng|Chỉ tiêu|chỉ tiêu|CT) (?=\d)")


def esc(text: object) -> str:
    """NFC text made safe for Paragraph markup (decomposed marks print misplaced), with a number
    bound to the word before it by a non-breaking space."""
    value = nfc(str(text)) if text is not None else ""
    value = _BOUND_NUMBER.sub("\\1\u00a0", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Word pairs a line never breaks between (compound words and bound phrases of report titles and
# union names), and words a line never ends with (a line must not end on "của", "và", "năm" …).
_BOUND = frozenset({
    ("khó", "khăn"), ("công", "đoàn"), ("động", "lực"), ("trợ", "cấp"), ("thăm", "hỏi"), ("hỗ", "trợ"),
    ("đoàn", "viên"), ("nông", "nghiệp"), ("việt", "nam"), ("công", "ty"), ("kế", "hoạch"), ("thực", "hiện"),
    ("kết", "quả"), ("cơ", "sở"), ("hoàn", "cảnh"), ("danh", "sách"), ("chỉ", "tiêu"), ("tập", "huấn"),
    ("học", "tập"), ("quán", "triệt"), ("tham", "dự"), ("nữ", "công"), ("công", "thương"), ("thiết", "bị"),
    ("tổng", "hợp"), ("báo", "cáo"), ("cổ", "phần"), ("tổng", "công"), ("máy", "động"), ("điện", "lực"),
    ("hóa", "chất"), ("cấp", "trên"), ("người", "lao"), ("lao", "động"), ("ban", "chấp"), ("chấp", "hành"),
    ("tình", "hình"), ("đơn", "vị"), ("giải", "pháp"), ("đề", "xuất"), ("kiến", "nghị"), ("khu", "vực"),
    ("than", "khoáng"), ("khoáng", "sản"), ("dầu", "khí"), ("xăng", "dầu"), ("cao", "su"), ("dệt", "may"),
    ("thép", "việt"), ("sáu", "tháng"), ("máy", "nông"), ("cả", "năm"), ("đầu", "năm"), ("tính", "đến"),
    ("đến", "ngày"), ("tổ", "trưởng"), ("tổ", "phó"),
})
_NO_LINE_END = frozenset({"của", "và", "các", "những", "năm", "tháng", "ngày", "số", "-", "–", "với", "cho",
                          "tại", "về", "thực", "lần"})


def _break_penalty(before: str, after: str) -> float:
    a, b = before.lower().strip(",.;:()"), after.lower().strip(",.;:()")
    if (a, b) in _BOUND or a in _NO_LINE_END or b in ("-", "–"):
        return 1e6
    if before.endswith((",", ";", ":")) or after[:1] in ("(", "-", "–"):
        return -2e3  # a phrase ends here: a good place to break
    return 0.0


def phrase_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in the fewest lines no wider than `width`, broken between phrases: never inside a
    compound word or before a number ("năm / 2025"), with lines as even as possible (no lone last
    word). A text that cannot be broken that way falls back to the plain wrap."""
    words = nfc(text).split()
    if not words:
        return []
    space = stringWidth(" ", font, size)
    sizes = [stringWidth(w, font, size) for w in words]
    n = len(words)

    def line_width(i: int, j: int) -> float:
        return float(sum(sizes[i:j]) + space * (j - i - 1))

    # best[i] = (cost, next break) for words[i:]; each line costs far more than any uneven
    # spacing, so the fewest lines win unless the only way to get them is a bad break.
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice: tuple[float, int] | None = None
        for j in range(i + 1, n + 1):
            w = line_width(i, j)
            if w > width and j > i + 1:
                break
            slack = (width - w) if j < n else (width - w) * 0.6
            penalty = _break_penalty(words[j - 1], words[j]) if j < n else 0.0
            option = (best[j][0] + 3e5 + slack * slack + penalty, j)
            if choice is None or option[0] < choice[0]:
                choice = option
        best[i] = choice or (3e5, i + 1)
    out, i = [], 0
    while i < n:
        j = best[i][1]
        out.append(" ".join(words[i:j]))
        i = j
    return out


def balanced_lines(text: str, style: ParagraphStyle, width: float) -> str:
    """Escaped `text` wrapped to `width` between phrases (see `phrase_lines`), lines joined by <br/>.

    Issuing-body names and titles are centred headings: "CÔNG ĐOÀN CÔNG THƯƠNG / VIỆT NAM" reads
    well, while a plain wrap leaves "NAM" alone on the second line."""
    return "<br/>".join(esc(line) for line in phrase_lines(text, style.fontName, style.fontSize, width))


def keep(text: object) -> str:
    """Escaped text whose spaces never break: a number with its unit, "93,2 %", "Chưa đạt"."""
    return esc(text).replace(" ", "\u00a0")


def nowrap_cell(text: str, style: ParagraphStyle, width: float, bold: bool = False) -> Paragraph:
    """A table cell that stays on one line (numbers, "x/y", percentages): set smaller if it would
    not fit `width` (the column less its padding), never broken or cut."""
    value = nfc(text).replace(" ", "\u00a0")
    font = SERIF_BOLD if bold else style.fontName
    needed = stringWidth(value, font, style.fontSize)
    markup = f"<b>{esc(value)}</b>" if bold else esc(value)
    if needed <= width:
        return Paragraph(markup, style)
    size = style.fontSize * width / needed
    return Paragraph(markup, ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size,
                                            leading=max(style.leading * size / style.fontSize, size * 1.15)))


def lines_cell(parts: list[str], style: ParagraphStyle, width: float) -> Paragraph:
    """A cell of several unbreakable parts, one per line ("2.952/3.186", "92,5 %", "Chưa đạt"), each
    kept whole; the cell is set smaller if its widest part would not fit."""
    values = [nfc(p).replace(" ", "\u00a0") for p in parts if p]
    needed = max((stringWidth(v.replace("<b>", "").replace("</b>", ""), SERIF_BOLD, style.fontSize)
                  for v in values), default=0.0)
    markup = "<br/>".join(values)
    if needed <= width:
        return Paragraph(markup, style)
    size = style.fontSize * width / needed
    return Paragraph(markup, ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size,
                                            leading=max(style.leading * size / style.fontSize, size * 1.15)))


def date_line(place: str, day) -> str:  # type: ignore[no-untyped-def]
    """'Hà Nội, ngày 05 tháng 02 năm 2026', 'ngày 15 tháng 4 năm 2026' — NĐ 30: a leading zero
    for days below 10 and for months 1 and 2 only. Without a place, the date line alone."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{nfc(place)}, {when}" if place and place.strip() else when[0].upper() + when[1:]


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        "plain": ParagraphStyle("plain", parent=base, alignment=TA_LEFT, spaceAfter=6),
        "heading": ParagraphStyle("heading", parent=base, fontName=SERIF_BOLD, spaceBefore=8, spaceAfter=6,
                                  keepWithNext=True),
        "subheading": ParagraphStyle("subheading", parent=base, fontName=SERIF_BOLD, firstLineIndent=10 * mm,
                                     spaceBefore=6, spaceAfter=6, keepWithNext=True, alignment=TA_JUSTIFY),
        "upper": ParagraphStyle("upper", parent=base, fontSize=12, leading=14, alignment=TA_CENTER),
        "issuer": ParagraphStyle("issuer", parent=base, fontName=SERIF_BOLD, fontSize=12, leading=14,
                                 alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=base, alignment=TA_CENTER),
        "nation": ParagraphStyle("nation", parent=base, fontName=SERIF_BOLD, fontSize=12, leading=14,
                                 alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        "dateline": ParagraphStyle("dateline", parent=base, fontName=SERIF_ITALIC, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=SERIF_BOLD, fontSize=14, leading=17,
                                alignment=TA_CENTER, spaceBefore=12),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        "recipients_title": ParagraphStyle("recipients_title", parent=base, fontName=SERIF_BOLD_ITALIC, fontSize=12,
                                           leading=14),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=11, leading=13),
        "cell": ParagraphStyle("cell", parent=base, fontSize=12, leading=14),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=12, leading=14, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=12, leading=14, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=SERIF_BOLD, fontSize=12, leading=14,
                                    alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11, alignment=TA_CENTER),
    }


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle in the document font: a Table otherwise names Helvetica for every cell (even
    cells holding Paragraphs), which leaves a non-embedded font reference in the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTSIZE", (0, 0), (-1, -1), 12),
                       *commands])


class Rule(Flowable):  # type: ignore[misc]  # reportlab has no type stubs
    """A centred horizontal rule (under the issuing body, the motto, the title)."""

    def __init__(self, length: float, space: float = 3.5) -> None:
        super().__init__()
        self.length, self.space = length, space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.space * 2

    def draw(self) -> None:
        x = (self._avail - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.space, x + self.length, self.space)


def qr_drawing(payload: str, size: float) -> Drawing:
    widget = QrCodeWidget(payload, barLevel="M", barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=SERIF, initialFontSize=8)  # else the renderer names Helvetica
    drawing.add(widget)
    return drawing


def recipient_lines(recipients: tuple[str, ...] | list[str]) -> list[str]:
    """«Nơi nhận» entries as NĐ 30 writes them: each "- …;", the last "- Lưu: VT, …."."""
    entries = [nfc(r).strip().lstrip("-").strip().rstrip(";.,").strip() for r in recipients]
    entries = [e for e in entries if e]
    kept = [e for e in entries if not e.lower().startswith("lưu")]
    archive = next((e for e in entries if e.lower().startswith("lưu")), "Lưu: VT")
    return [f"- {e};" for e in kept] + [f"- {archive}."]


def heading(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A section heading that never ends a page: it moves to the next page unless a few lines
    of what follows fit under it (keepWithNext alone cannot see into a long table)."""
    return [CondPageBreak(35 * mm), Paragraph(text, style)]


class NumberLine(Flowable):  # type: ignore[misc]  # reportlab has no type stubs
    """«Số: 05/BC-CĐCS», or with no number «Số:» and a real blank of 18 mm before the symbol for
    the number written by hand (spaces, even non-breaking ones, collapse in the PDF layout)."""

    BLANK = 18 * mm

    def __init__(self, number: str, style: ParagraphStyle) -> None:
        super().__init__()
        raw = nfc(number or "")
        self.blank = not raw.strip(" \u00a0") or raw.strip(" \u00a0").startswith("/") or raw.startswith("\u00a0")
        self.symbol = raw.strip(" \u00a0") if self.blank else ""
        self.number = "" if self.blank else raw.strip()
        self.style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.style.leading

    def draw(self) -> None:
        font, size = self.style.fontName, self.style.fontSize
        y = self.style.leading - size
        canvas = self.canv
        canvas.setFont(font, size)
        if not self.blank:
            canvas.drawCentredString(self._avail / 2, y, f"Số: {self.number}")
            return
        head, tail = "Số:", self.symbol
        total = stringWidth(head, font, size) + self.BLANK + stringWidth(tail, font, size)
        x = (self._avail - total) / 2
        canvas.drawString(x, y, head)
        canvas.drawString(x + stringWidth(head, font, size) + self.BLANK, y, tail)


class KeepWithClosing(Flowable):  # type: ignore[misc]  # reportlab has no type stubs
    """The last flowable of the body and the closing block (Nơi nhận, signature) as one: when the
    closing does not fit under the body, the body's last part goes over with it, so a page never
    holds the signature alone."""

    def __init__(self, last: Flowable, closing: Flowable,
                 closing_cache: dict[float, tuple[float, float]] | None = None) -> None:
        super().__init__()
        self.last, self.closing = last, closing
        self._sizes: tuple[float, float] = (0.0, 0.0)
        self._widths: tuple[float, float] = (0.0, 0.0)
        self._closing_cache: dict[float, tuple[float, float]] = {} if closing_cache is None else closing_cache

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w1, h1 = self.last.wrap(avail_width, avail_height)
        w2, h2 = self._closing_size(avail_width, avail_height)
        self._sizes = (h1, h2)
        self._widths = (w1, w2)
        self.width = avail_width
        return avail_width, h1 + h2

    def _closing_size(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The closing block's size, measured once per width: a long list asks on every page."""
        cached = self._closing_cache.get(avail_width)
        if cached is None:
            width, height = self.closing.wrap(avail_width, avail_height)
            cached = (float(width), float(height))
            self._closing_cache[avail_width] = cached
        return cached

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.last.getSpaceBefore())

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        h1 = self.last.wrap(avail_width, avail_height)[1]
        # At least a few lines (rows) of the body go over with the closing block, never a lone one.
        tail = max(min(h1 * 0.25, 80.0), 45.0)
        room = min(avail_height, h1 - tail)
        parts = self.last.split(avail_width, room) if room > 0 else []
        if len(parts) < 2:
            return []  # all of it to the next page
        return [*parts[:-1], KeepWithClosing(parts[-1], self.closing, self._closing_cache)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        h1, h2 = self._sizes
        w1, w2 = self._widths
        self.last.drawOn(canvas, x, y + h2, _sW + self.width - w1)
        self.closing.drawOn(canvas, x, y, _sW + self.width - w2)


class _DeferredCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type stubs
    """Holds pages back until the end so each can say "Trang x/y"."""

    decorate: Callable[[Canvas, int, int], None] | None = None

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            if self.decorate is not None:
                self.decorate(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


class OfficialDocument:
    """One printed document. Subclasses give a title and the body flowables (`body()`); this
    class owns the page, the header, the closing block and the page decorations."""

    title = "BÁO CÁO"
    landscape = False
    sign_and_stamp = True

    def __init__(self, doc: DocumentInfo, stamp: Stamp, subtitle: str = "") -> None:
        register_fonts()
        self.doc = doc
        self.stamp = stamp
        self.subtitle = subtitle
        self.s = styles()
        self.after_table = ParagraphStyle("after_table", parent=self.s["body"], spaceBefore=8)

    # -- sizes
    @property
    def pagesize(self) -> tuple[float, float]:
        size = landscape(A4) if self.landscape else A4
        return float(size[0]), float(size[1])

    @property
    def width(self) -> float:
        return float(self.pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT)

    # -- parts a subclass fills
    def body(self) -> list[Flowable]:
        raise NotImplementedError

    def annex(self) -> list[Flowable]:
        """Pages after the signature (a period report's gap lists); none by default."""
        return []

    def pdf_title(self) -> str:
        return f"{self.title.capitalize()} {self.subtitle}".strip()

    # -- the official header
    def number_line(self) -> Flowable:
        return NumberLine(self.doc.number, self.s["number"])

    def header(self) -> list[Flowable]:
        s = self.s
        left_w = self.width * (0.45 if not self.landscape else 0.5)
        right_w = self.width - left_w
        text_w = left_w - 8 * mm  # at least 4 mm between the issuer's lines and the motto's column
        left: list[Flowable] = []
        if self.doc.upper_union:
            left.append(Paragraph(balanced_lines(self.doc.upper_union.upper(), s["upper"], text_w), s["upper"]))
        issuer = balanced_lines(self.doc.unit_name.upper(), s["issuer"], text_w)
        left += [Paragraph(issuer, s["issuer"]), Rule(min(left_w * 0.4, 30 * mm)), self.number_line()]
        right: list[Flowable] = [
            Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["nation"]),
            Paragraph("Độc lập - Tự do - Hạnh phúc", s["motto"]),
            Rule(56.5 * mm),
            Spacer(1, 4),
            Paragraph(esc(date_line(self.doc.place, self.doc.date)), s["dateline"]),
        ]
        table = Table([[left, right]], colWidths=[left_w, right_w])
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ))
        title_w = self.width * 0.9
        out: list[Flowable] = [table, Paragraph(balanced_lines(self.title, s["title"], title_w), s["title"])]
        subject = phrase_lines(self.subtitle, s["subtitle"].fontName, s["subtitle"].fontSize, title_w)
        if subject:
            out.append(Paragraph("<br/>".join(esc(line) for line in subject), s["subtitle"]))
            longest = max(stringWidth(line, s["subtitle"].fontName, s["subtitle"].fontSize) for line in subject)
            out.append(Rule(longest * 0.4, 4))  # NĐ 30: a rule 1/3 to 1/2 of the subject line
        else:
            out.append(Rule(stringWidth(self.title, s["title"].fontName, s["title"].fontSize) * 0.4, 3))
        out.append(Spacer(1, 6))
        return out

    # -- the closing block: Nơi nhận (left, with the QR) and the signature (right)
    def signature(self) -> list[Flowable]:
        """TM. BAN CHẤP HÀNH / CHỦ TỊCH; a deputy signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (NĐ 30)."""
        s = self.s
        title = nfc(self.doc.signer_title or "Chủ tịch").strip()
        lines: list[str] = []
        if self.doc.signer_capacity:
            lines.append(self.doc.signer_capacity.upper())
        if title.lower().startswith("phó chủ tịch") and not title.upper().startswith("KT."):
            lines.append("KT. CHỦ TỊCH")
        lines.append(title.upper())
        sign: list[Flowable] = [Paragraph(esc(line), s["sign"]) for line in lines]
        sign.append(Spacer(1, 28 * mm if self.sign_and_stamp else 18 * mm))  # signature and stamp
        sign.append(Paragraph(esc(self.doc.signer_name), s["sign"]))
        return sign

    def closing(self) -> Flowable:
        s = self.s
        left_w = self.width * 0.48
        recipients: list[Flowable] = [Paragraph("Nơi nhận:", s["recipients_title"])]
        recipients += [Paragraph(esc(r), s["recipients"]) for r in recipient_lines(self.doc.recipients)]
        recipients += [Spacer(1, 6), qr_drawing(self.stamp.qr_payload, 22 * mm),
                       Paragraph(esc(self.stamp_caption()), ParagraphStyle(
                           "qrcap", parent=s["small"], alignment=TA_LEFT))]
        table = Table([[recipients, self.signature()]], colWidths=[left_w, self.width - left_w])
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
        ))
        return table

    def stamp_caption(self) -> str:
        stamp = self.stamp
        caption = (f"Mã dữ liệu {stamp.short} · {stamp.unit_code} · {_period_words(stamp.period)} · "
                   f"lần {stamp.revision}")
        if stamp.key_fingerprint:
            caption += f" · khóa {stamp.key_fingerprint}"
        if stamp.file_digest:
            caption += f" · tệp {stamp.file_digest[:12]}"
        return caption

    # -- every page
    def decorate(self, canvas: Canvas, number: int, total: int) -> None:
        width, height = self.pagesize
        canvas.setFillColor(colors.black)
        if number > 1:  # NĐ 30: page number centred in the top margin, not on the first page
            canvas.setFont(SERIF, PAGE_NUMBER_SIZE)
            canvas.drawCentredString(MARGIN_LEFT + self.width / 2, height - MARGIN_TOP + 7 * mm,
                                     f"Trang {number}/{total}")
        canvas.setFont(SERIF, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN_LEFT, MARGIN_BOTTOM - 9 * mm, f"KH06 · {self.stamp_caption()}")

    def build(self) -> bytes:
        buffer = io.BytesIO()
        template = BaseDocTemplate(
            buffer, pagesize=self.pagesize, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=self.pdf_title(), author=self.doc.unit_name,
            subject=f"{self.stamp.unit_code} {self.stamp.period} lần {self.stamp.revision}",
            creator="KH06 Desktop", initialFontName=SERIF, initialFontSize=BODY_SIZE, lang="vi-VN")
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        canvas_class = type("DocumentCanvas", (_DeferredCanvas,), {"decorate": staticmethod(self.decorate)})
        body = self.body()
        tail: Flowable = KeepWithClosing(body[-1], self.closing())
        rest = body[:-1]
        if rest and isinstance(body[-1], Paragraph) and isinstance(rest[-1], (Table, RowTable)):
            # a list's closing sentence ("Tổng số …") is kept with the last rows of its list too
            tail = KeepWithClosing(rest.pop(), tail)
        flowables = self.header() + rest + [tail] + self.annex()
        template.build(flowables, canvasmaker=canvas_class)
        return buffer.getvalue()


def _period_words(code: str) -> str:
    """«6 tháng đầu năm 2026» for 2026H1 on paper; a code that does not parse is printed as it is."""
    try:
        return Period.parse(code).label.lower()
    except ValueError:
        return f"kỳ {code}"
