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
from collections.abc import Callable

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
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kh06_desktop.domain.vntext import nfc
from kh06_desktop.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts
from kh06_desktop.services.reports.report_data import DocumentInfo, Stamp

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 13


def esc(text: object) -> str:
    """NFC text made safe for Paragraph markup (decomposed marks print misplaced)."""
    value = nfc(str(text)) if text is not None else ""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def balanced_lines(text: str, style: ParagraphStyle, width: float) -> str:
    """Escaped `text` wrapped to `width` without a lone word on its last line.

    Issuing-body names are centred headings: "CÔNG ĐOÀN CÔNG THƯƠNG / VIỆT NAM" reads well, while a
    plain wrap leaves "NAM" alone on the second line."""
    words = nfc(text).split()
    fits = functools.partial(_fits, style=style, width=width)
    lines: list[list[str]] = [[]]
    for word in words:
        if lines[-1] and not fits(lines[-1] + [word]):
            lines.append([])
        lines[-1].append(word)
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())  # no widow: bring one more word down
    return "<br/>".join(esc(" ".join(line)) for line in lines if line)


def _fits(words: list[str], style: ParagraphStyle, width: float) -> bool:
    return stringWidth(" ".join(words), style.fontName, style.fontSize) <= width



def date_line(place: str, day) -> str:  # type: ignore[no-untyped-def]
    """'Hà Nội, ngày 05 tháng 12 năm 2025' — day and month below 10 with a leading zero."""
    return f"{nfc(place)}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4),
        "plain": ParagraphStyle("plain", parent=base, alignment=TA_LEFT, spaceAfter=2),
        "heading": ParagraphStyle("heading", parent=base, fontName=SERIF_BOLD, spaceBefore=8, spaceAfter=4,
                                  keepWithNext=True),
        "subheading": ParagraphStyle("subheading", parent=base, fontName=SERIF_BOLD, firstLineIndent=10 * mm,
                                     spaceBefore=4, spaceAfter=2, keepWithNext=True, alignment=TA_JUSTIFY),
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


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle in the document font: a Table otherwise names Helvetica for every cell (even
    cells holding Paragraphs), which leaves a non-embedded font reference in the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTSIZE", (0, 0), (-1, -1), 12),
                       *commands])


class Rule(Flowable):
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


class _DeferredCanvas(Canvas):
    """Holds pages back until the end so each can say "Trang x/y"."""

    decorate: Callable[[Canvas, int, int], None] | None = None

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

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

    # -- sizes
    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4

    @property
    def width(self) -> float:
        return self.pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT

    # -- parts a subclass fills
    def body(self) -> list[Flowable]:
        raise NotImplementedError

    def pdf_title(self) -> str:
        return f"{self.title.capitalize()} {self.subtitle}".strip()

    # -- the official header
    def header(self) -> list[Flowable]:
        s = self.s
        left_w = self.width * (0.45 if not self.landscape else 0.5)
        right_w = self.width - left_w
        left: list[Flowable] = []
        if self.doc.upper_union:
            left.append(Paragraph(balanced_lines(self.doc.upper_union.upper(), s["upper"], left_w), s["upper"]))
        issuer = balanced_lines(self.doc.unit_name.upper(), s["issuer"], left_w)
        left += [Paragraph(issuer, s["issuer"]), Rule(min(left_w * 0.4, 30 * mm)),
                 Paragraph(f"Số: {esc(self.doc.number)}", s["number"])]
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
        out: list[Flowable] = [table, Paragraph(esc(self.title), s["title"])]
        if self.subtitle:
            out.append(Paragraph(esc(self.subtitle), s["subtitle"]))
        out += [Rule(30 * mm, 3), Spacer(1, 6)]
        return out

    # -- the closing block: Nơi nhận (left, with the QR) and the signature (right)
    def closing(self) -> list[Flowable]:
        s = self.s
        left_w = self.width * 0.48
        recipients: list[Flowable] = [Paragraph("Nơi nhận:", s["recipients_title"])]
        recipients += [Paragraph(f"- {esc(r)}", s["recipients"]) for r in self.doc.recipients]
        recipients += [Spacer(1, 6), qr_drawing(self.stamp.qr_payload, 22 * mm),
                       Paragraph(esc(self.stamp_caption()), ParagraphStyle(
                           "qrcap", parent=s["small"], alignment=TA_LEFT))]
        sign: list[Flowable] = []
        if self.doc.signer_capacity:
            sign.append(Paragraph(esc(self.doc.signer_capacity.upper()), s["sign"]))
        sign.append(Paragraph(esc(self.doc.signer_title.upper()), s["sign"]))
        sign.append(Spacer(1, 28 * mm if self.sign_and_stamp else 18 * mm))  # signature and stamp
        sign.append(Paragraph(esc(self.doc.signer_name), s["sign"]))
        table = Table([[recipients, sign]], colWidths=[left_w, self.width - left_w])
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ))
        return [Spacer(1, 10), KeepTogether([table])]

    def stamp_caption(self) -> str:
        stamp = self.stamp
        caption = f"Mã dữ liệu {stamp.short} · {stamp.unit_code} · kỳ {stamp.period} · lần {stamp.revision}"
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
            canvas.setFont(SERIF, 11)
            canvas.drawCentredString(MARGIN_LEFT + self.width / 2, height - MARGIN_TOP + 5 * mm,
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
        template.build(self.header() + self.body() + self.closing(), canvasmaker=canvas_class)
        return buffer.getvalue()
