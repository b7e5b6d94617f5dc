"""Hygiene of what comes from outside (DESIGN 6.3 "Hygiene"): unit codes, text, numbers, JSON.

- Unit codes are normalised (NFKC, trimmed, upper case) and must then be 2-40 of `A-Z 0-9 . _ -`:
  `demo-1`, `DEMO-1 ` and a full-width `ＤＥＭＯ-1` are one unit; a Cyrillic look-alike or a
  control character is refused.
- Text loses its control and invisible formatting characters (NUL, ESC, RTL overrides, zero-width
  spaces): names are stripped, codes refused.
- JSON is read strictly: duplicate keys, NaN/Infinity and numbers beyond what any field can mean
  are refused before the schema sees them.
- `printable` is how untrusted text is shown on a terminal: escapes never go out raw.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

UNIT_CODE = re.compile(r"^[A-Z0-9._-]{2,40}$")
# C0/C1 controls (tab and newline kept in free text), zero-width and bidirectional formatting,
# byte-order marks, interlinear annotations: nothing a name needs, all things a spoofer uses.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
MAX_INTEGER_DIGITS = 15  # no field means more than 10^15 (money in VND included)
MAX_NUMBER = 1e15


class HygieneError(ValueError):
    """Untrusted input breaks a hygiene rule; the message is Vietnamese."""


def normalise_unit_code(text: str) -> str:
    """The unit code as compared and stored; HygieneError when it has other characters."""
    code = unicodedata.normalize("NFKC", str(text)).strip().upper()
    if not UNIT_CODE.match(code):
        raise HygieneError(f"Mã đơn vị «{printable(str(text), 60)}» không hợp lệ: chỉ gồm chữ cái Latinh không dấu, "
                           "chữ số, «-», «_», «.», dài 2–40 ký tự")
    return code


def clean_text(text: str) -> str:
    """NFC, without control or invisible formatting characters (tab and newline kept)."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_strings(value: Any) -> Any:
    """Every string inside a JSON value through clean_text (in place for lists and dicts)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (str, dict, list)):
                value[key] = clean_strings(item)
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (str, dict, list)):
                value[index] = clean_strings(item)
        return value
    return value


def printable(text: str, limit: int | None = None) -> str:
    """Untrusted text for a terminal or a one-line message: control, escape and bidirectional
    characters shown as \\uXXXX, never sent raw; optionally cut to `limit` characters."""
    text = str(text)
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return text


# --- strict JSON --------------------------------------------------------------------------------


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise HygieneError(f"có khóa JSON trùng lặp «{printable(key, 40)}»")
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise HygieneError(f"có giá trị số không hợp lệ «{name}»")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise HygieneError(f"có số nguyên quá lớn ({printable(text, 20)})")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise HygieneError(f"có số quá lớn hoặc không hữu hạn ({printable(text, 20)})")
    return value


def strict_loads(body: bytes | str) -> Any:
    """json.loads that refuses duplicate keys, NaN/±Infinity and out-of-range numbers
    (HygieneError), besides the usual ValueError for what is not JSON."""
    return json.loads(body, object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer,
                      parse_float=_number)
