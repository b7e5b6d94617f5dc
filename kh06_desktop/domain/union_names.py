"""Does a sheet's title name another grassroots union than the one importing it?

Rosters usually begin with title rows naming the union ("CĐCS CÔNG TY CỔ PHẦN CƠ KHÍ ĐIỆN LỰC
MIỀN BẮC", "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN TRƯỜNG THCS KIM ĐỒNG"). Only a line that clearly names a
grassroots union — "CĐCS …", "Công đoàn cơ sở …", or "Công đoàn" followed by an employer word
(công ty, trường, bệnh viện…) — is compared, so the upper union's line ("CÔNG ĐOÀN CÔNG THƯƠNG
VIỆT NAM") and plain titles never raise the question. The line names another union when at most
half of its distinctive words (generic words such as "công ty", "cổ phần" aside) appear in
the unit's name or its employer's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kh06_desktop.domain.vntext import fold

_EMPLOYER_WORDS = (r"cong ty|tong cong ty|truong|benh vien|nha may|xi nghiep|chi nhanh|trung tam|so|phong|"
                   r"uy ban|ubnd|vien|ban|cuc|doanh nghiep|hop tac xa|khach san|ngan hang|tap doan|buu dien|"
                   r"van phong|hoc vien|dai hoc|mam non|tieu hoc|thcs|thpt|tram|doi|hoi|co quan")
_UNION_LINE = re.compile(
    r"(?:^|\s)(?:bch\s+)?(?:cdcs|cd\s+co\s+so|cong\s+doan\s+co\s+so|"
    rf"(?:cong\s+doan|cd)\s+(?=(?:{_EMPLOYER_WORDS})\b))\s*(?P<name>.+)$")
_GENERIC = frozenset(
    "cong ty co phan cp tnhh mtv mot thanh vien trach nhiem huu han tong chi nhanh tap doan doan cd cdcs so va "
    "truong benh vien nha may xi nghiep trung tam thcs thpt tieu hoc mam non dai hoc hoc vien viet nam "
    "doanh nghiep nha nuoc co quan danh sach doan vien nam ngay thang lap".split())
_WORD = re.compile(r"[a-z0-9đ]+")


def _distinctive(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text)) if w not in _GENERIC and len(w) > 1}


def other_union(title_lines: Iterable[str], *names: str | None) -> str | None:
    """The title line that clearly names another grassroots union than `names` (the unit's name,
    its employer…), or None."""
    own = set().union(*(_distinctive(name) for name in names if name))
    if not own:
        return None
    for line in title_lines:
        match = _UNION_LINE.search(fold(line).replace("-", " "))
        if match is None:
            continue
        words = _distinctive(match["name"])
        if len(words) < 2:
            continue
        if len(words & own) * 2 <= len(words):
            return line.strip()
    return None
