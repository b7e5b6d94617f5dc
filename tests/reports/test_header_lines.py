"""Issuing-body names wrap without a lone word on their last line."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from kh06_desktop.reports.document import balanced_lines
from kh06_desktop.reports.fonts import SERIF, SERIF_BOLD, register_fonts

COLUMN = 165 * mm * 0.45  # the issuing-body column of a portrait page


def test_upper_union_keeps_viet_nam_together() -> None:
    register_fonts()
    style = ParagraphStyle("upper", fontName=SERIF, fontSize=12)
    assert balanced_lines("Công đoàn Công Thương Việt Nam".upper(), style, COLUMN) == \
        "CÔNG ĐOÀN CÔNG THƯƠNG<br/>VIỆT NAM"


def test_short_names_stay_on_one_line_and_text_is_escaped() -> None:
    register_fonts()
    style = ParagraphStyle("issuer", fontName=SERIF_BOLD, fontSize=12)
    assert balanced_lines("CĐCS  A&B", style, COLUMN) == "CĐCS A&amp;B"
