"""Which rows under a roster's header are members, read column by column.

Real rosters hold more than members between the header and the end of the sheet; each such row
is skipped and reported (never rejected, never silently imported):
- empty rows (anywhere) are skipped without a word;
- section headings: "I. PHÒNG KẾ TOÁN", "Tổ công đoàn Phân xưởng 1" merged across the row, a
  roman numeral in the STT column… — a row with text but no member data (no date, gender, id,
  phone, position) and no STT number. A heading sets the union group of the members under it
  whose "Tổ công đoàn" cell is empty (or when the sheet has no such column), until the next one;
- subtotal rows: "Cộng: 25 người", "Tổng cộng", "Tổng số đoàn viên: 120";
- the signature block after the list: from the first row holding "Người lập biểu", "Hà Nội, ngày
  … tháng … năm …", "TM. BAN CHẤP HÀNH", "(Ký, ghi rõ họ tên)" or a title such as "CHỦ TỊCH"
  alone, to the end of the sheet (a full member row further down — STT, name and data — ends it).
A row with member data but no name stays a member row: validation reports the missing name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kh06_desktop.domain.vntext import nfc

EMPTY, MEMBER, HEADING_LIKE, SUBTOTAL, FOOTER = -1, 0, 1, 2, 3
# Member data: a row with any of these is a member row, whatever else it holds.
DATA_FIELDS = ("birth_date", "gender", "citizen_id", "card_number", "join_date", "phone", "roles", "job_title",
               "gender_male", "gender_female")

_FOOTER_PARTS = ("người lập", "lập biểu", "ký tên", "ký, ghi rõ", "ký và ghi rõ", "ghi rõ họ tên", "ký, họ tên",
                 "thủ trưởng", "xác nhận của", "t/m ", "t/m.", "tm.", "tm ", "đóng dấu")
_FOOTER_CELLS = frozenset({"chủ tịch", "phó chủ tịch", "kế toán", "giám đốc", "người lập", "thủ quỹ", "trưởng ban",
                           "ban chấp hành", "tm. ban chấp hành", "t/m ban chấp hành", "thủ trưởng đơn vị",
                           "chủ tịch công đoàn", "người lập biểu", "người lập bảng", "lãnh đạo đơn vị"})
_FOOTER_DATE = re.compile(r"ngày\s*\S{0,6}\s*tháng\s*\S{0,6}\s*năm")
_SUBTOTAL = re.compile(r"^(?:tổng\s*cộng|tổng\s*số|tổng|cộng)(?:\s|:|$|\d|\()")
_NUMBERING = re.compile(r"^\s*(?:[ivxlc]+|[a-zđ]|\d+(?:\.\d+)*)\s*[.)/:\-–]\s*\S")
_ROMAN = re.compile(r"^\s*(?:[ivxlc]+|[a-z])\s*[.)]?\s*$", re.IGNORECASE)
_GROUP_WORDS = re.compile(r"^(?:tổ|phòng|phân xưởng|xưởng|bộ phận|khối|ban|đội|chi nhánh|văn phòng|trung tâm|"
                          r"khoa|nhà máy|công đoàn|cđ|cđbp|đơn vị|xí nghiệp|dây chuyền|danh sách|ds)(?:\s|$|:)")
_HEADING_PREFIX = re.compile(r"^\s*(?:[IVXLCivxlc]+|[A-Za-zĐđ]|\d+(?:\.\d+)*)\s*[.)/:\-–]\s*")
_GROUP_PREFIX = re.compile(r"^(?:tổ\s+công\s+đoàn|tổ\s+cđ|công\s+đoàn\s+bộ\s+phận|cđbp)\s+(?=\S)", re.IGNORECASE)
_FOOTER_ANY = re.compile("|".join([_FOOTER_DATE.pattern, *(re.escape(part) for part in _FOOTER_PARTS)]))
_HEADING_ANY = re.compile(f"(?:{_NUMBERING.pattern})|(?:{_GROUP_WORDS.pattern})")
_TRAILING_COUNT = re.compile(r"\s*(?:\(\s*\d+\s*(?:người|đoàn\s*viên|đv)?\s*\)|[:\-–]\s*\d+\s*(?:người|đoàn\s*viên|đv)?"
                             r"|\d+\s*(?:người|đoàn\s*viên|đv))\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row_number: int  # 1-based, as Excel shows it
    field: str  # the column the text was in ("" when several)
    text: str
    reason: str  # Vietnamese, for the import report


def text_kind(text: str) -> int:
    """What a cell's text says about its row: EMPTY, MEMBER (plain text), HEADING_LIKE, SUBTOTAL, FOOTER."""
    lower = text.strip().lower()
    if "  " in lower or not unicodedata.is_normalized("NFC", lower) or not lower.isprintable():
        lower = nfc(lower)
    if not lower:
        return EMPTY
    if lower in _FOOTER_CELLS or _FOOTER_ANY.search(lower):
        return FOOTER
    if _SUBTOTAL.match(lower):
        return SUBTOTAL
    if _HEADING_ANY.match(lower):
        return HEADING_LIKE
    return MEMBER


_FOOTER_CELL_LINE = re.compile("^(?:" + "|".join(re.escape(cell) for cell in sorted(_FOOTER_CELLS)) + r")$",
                               re.MULTILINE)
_LINE_START = re.compile(f"^(?:(?:{_SUBTOTAL.pattern})|(?:{_NUMBERING.pattern})|(?:{_GROUP_WORDS.pattern}))",
                         re.MULTILINE)


def all_plain(texts: set[str]) -> bool:
    """True when no text in the set is a heading, subtotal or signature (each would be MEMBER for
    `text_kind`): a few regular expressions over the texts joined, instead of one call per name.
    A False may be wrong (a pattern matching across two lines): callers then check text by text."""
    if not texts or any(text != text.strip() or "\n" in text for text in texts):
        return False
    joined = "\n".join(texts).lower()
    if not unicodedata.is_normalized("NFC", joined) or "  " in joined:
        return False
    return not (_FOOTER_ANY.search(joined) or _FOOTER_CELL_LINE.search(joined) or _LINE_START.search(joined))


def heading_group(text: str) -> str | None:
    """'I. PHÒNG KẾ TOÁN (12 người)' → 'Phòng kế toán': the union group a heading names."""
    name = nfc(text)
    name = _HEADING_PREFIX.sub("", name, count=1)
    name = _TRAILING_COUNT.sub("", name).strip(" :-–")
    name = _GROUP_PREFIX.sub("", name).strip()
    if not name or len(name) > 120:
        return None
    if name.isupper():  # headings are often in capitals; groups are written in sentence case
        name = name[0] + name[1:].lower()
    return name


def is_stt_number(value: object) -> bool:
    if value.__class__ in (int, float):
        return True
    return isinstance(value, str) and value.strip().rstrip(".").isdigit()


def is_section_marker(value: object) -> bool:
    """'I', 'II', 'A', 'B.' in the STT column: a section, not a member."""
    return isinstance(value, str) and bool(_ROMAN.match(value))
