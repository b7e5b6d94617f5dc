"""File names made from what users typed (a unit's code, a period): safe on Windows, macOS and Linux.

A unit code is free text ("CĐCS/HN:01", "CON"): put into a suggested file name as it is, a slash
makes a folder, a colon or a question mark is refused by Windows, a trailing dot or space is
silently dropped by Windows, and a name such as CON or LPT1 is a device there, not a file.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_PART = 80  # characters; leaves room for the folder in Windows' 260-character paths


def safe_file_part(text: str, fallback: str = "don-vi") -> str:
    """`text` (NFC) usable as a piece of a file name on every system; Vietnamese letters are kept."""
    cleaned = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    cleaned = cleaned[:MAX_PART].rstrip(" .")
    if not cleaned.strip("_"):
        return fallback
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned
