"""Measuring generated PDFs: word boxes (pdftotext -bbox, poppler) and text with its font size (pypdf)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float


def words(pdf: bytes) -> list[list[Word]]:
    """Every word of every page with its box, in points from the page's top left."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
    pages: list[list[Word]] = []
    for chunk in out.split("<page ")[1:]:
        pages.append([Word(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
                      for m in _WORD.findall(chunk)])
    return pages


def sized_text(pdf: bytes, page: int) -> list[tuple[str, float]]:
    """(text run, font size in points) of one page, as pypdf reads the content stream."""
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            runs.append((text.strip(), float(size) * abs(float(tm[3])) * abs(float(cm[3]))))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(w.text for w in page) for page in words(pdf)]
