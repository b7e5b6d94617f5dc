"""The fonts of the printed documents: Liberation Serif, shipped in resources/fonts/ (SIL OFL
1.1, metric-compatible with Times New Roman, all Vietnamese letters), embedded and subset in
every PDF. No base-14 font (Helvetica, Times-Roman) is ever referenced, so nothing depends on
the reader's fonts."""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kh06_desktop import paths

SERIF = "KH06Serif"
SERIF_BOLD = "KH06Serif-Bold"
SERIF_ITALIC = "KH06Serif-Italic"
SERIF_BOLD_ITALIC = "KH06Serif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
# Page streams are Flate-compressed binary, not also ASCII85-armoured: the pure-Python ASCII85
# encoder took most of a 250-page roster's time, and binary streams are smaller.
rl_config.useA85 = 0

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the family once per process (reports may be built from a worker thread)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = paths.resources_dir() / "fonts"
        for name, file in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC,
                                      boldItalic=SERIF_BOLD_ITALIC)
        # <b>/<i> inside Paragraph markup resolve through these mappings.
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
        _registered = True


def string_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))
