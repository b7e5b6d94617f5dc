"""Showing and printing a PDF held in memory: a QPdfView preview, and printing through QPrinter.

Qt renders the pages (QPdfDocument.render) at the printer's resolution and paints them on the
printer, so what prints is what the preview shows.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget


class PdfPreview(QPdfView):
    """A page-by-page view of PDF bytes; keeps the buffer the document reads from alive.

    The document must NOT be the view's child: deleting the view would then delete the
    document inside the view's destructor, whose closing signal reaches the half-destroyed view
    (a crash in QAbstractScrollArea::viewport). Give it an owner that outlives the view.
    """

    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]  # QPdfView takes no parent in the stubs, None works
        self.pdf_document = document
        self._buffer: QBuffer | None = None
        self.setDocument(self.pdf_document)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def show_pdf(self, pdf: bytes) -> int:
        """Show the PDF; returns its page count."""
        self.pdf_document.close()
        # The buffer is the document's child: the document (closed in its destructor) always
        # goes before the bytes it reads from.
        buffer = QBuffer(self.pdf_document)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        return self.pdf_document.pageCount()


def on_white(image: QImage) -> QImage:
    """QPdfDocument.render gives a transparent page: put it on white paper."""
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of `document` on `printer`; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Không mở được máy in")
    try:
        dpi = printer.resolution()
        count = document.pageCount()
        for index in range(count):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = on_white(document.render(index, size))
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio,
                                                                   Qt.TransformationMode.SmoothTransformation))
        return count
    finally:
        painter.end()
