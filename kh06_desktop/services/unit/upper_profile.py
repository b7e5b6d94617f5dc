"""The upper level's profile: its name and code, the union body above it, the chair who signs its
consolidated report, the place on the date line and the «Nơi nhận» list.

An upper level has no local unit row: the profile lives in the settings table (keys `upper_*`),
read and written here only, one transaction per save with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange.hygiene import HygieneError, normalise_unit_code
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.services.common.settings import SPECS
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting

_KEYS = {
    "code": "upper_code",
    "name": "upper_name",
    "parent_body": "upper_parent",
    "chair_name": "upper_chair_name",
    "chair_title": "upper_chair_title",
    "place": "upper_place",
    "recipients": "upper_recipients",
}
DEPUTY_TITLES = ("Phó Chủ tịch", "Phó Chủ tịch thường trực")


@dataclass(frozen=True, slots=True)
class UpperProfile:
    code: str = ""
    name: str = ""
    parent_body: str = ""  # the union body above it, printed over its name
    chair_name: str = ""
    chair_title: str = "Chủ tịch"
    place: str = ""  # empty: the date line carries no place
    recipients: tuple[str, ...] = ()  # empty: default_recipients()

    def recipients_or_default(self) -> tuple[str, ...]:
        return clean_recipients(self.recipients or default_recipients(self), self.name)


def default_recipients(profile: UpperProfile) -> tuple[str, ...]:
    """The usual «Nơi nhận» of a consolidated report: the body above (if any), the units, the archive."""
    out: list[str] = []
    if profile.parent_body.strip():
        out.append(f"{profile.parent_body.strip()} (để báo cáo)")
    out += ["Các công đoàn cơ sở trực thuộc", "Lưu: VT, Ban Thường vụ"]
    return tuple(out)


def clean_recipients(recipients: tuple[str, ...] | list[str], issuer: str) -> tuple[str, ...]:
    """Trimmed NFC entries without the issuer itself (a report is not sent to the body issuing it)."""
    own = fold(issuer).strip()
    out: list[str] = []
    for entry in recipients:
        text = nfc(entry).strip().lstrip("-").strip().rstrip(";.").strip()
        if not text:
            continue
        name_part = fold(text.split("(")[0]).strip()
        if own and name_part == own:
            continue
        out.append(text)
    return tuple(out)


def _read(db: Database) -> dict[str, str]:
    with db.reading() as session:
        rows = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(_KEYS.values()))).all())
    return {field: rows.get(key, SPECS[key].default) or "" for field, key in _KEYS.items()}


def get_upper_profile(db: Database) -> UpperProfile:
    values = _read(db)
    recipients = tuple(line for line in values.pop("recipients").splitlines() if line.strip())
    return UpperProfile(**values, recipients=recipients)


def save_upper_profile(db: Database, profile: UpperProfile) -> UpperProfile:
    """Validate and store the profile (one transaction, audited). Name and code are required."""
    name, code = nfc(profile.name).strip(), nfc(profile.code).strip()
    problems = []
    if not name:
        problems.append(("name", "Chưa nhập tên công đoàn cấp trên"))
    if not code:
        problems.append(("code", "Chưa nhập mã công đoàn cấp trên"))
    else:
        try:
            code = normalise_unit_code(code)  # compared like every unit code (DESIGN 6.3)
        except HygieneError as exc:
            problems.append(("code", str(exc)))
    if problems:
        listed = "; ".join(p[1][:1].lower() + p[1][1:] for p in problems)
        raise InvalidInput("Hồ sơ công đoàn cấp trên chưa đủ: " + listed, problems)
    clean = UpperProfile(
        code=code, name=name, parent_body=nfc(profile.parent_body).strip(), chair_name=nfc(profile.chair_name).strip(),
        chair_title=nfc(profile.chair_title).strip() or "Chủ tịch", place=nfc(profile.place).strip(),
        recipients=clean_recipients(profile.recipients, name))
    new = {"code": clean.code, "name": clean.name, "parent_body": clean.parent_body, "chair_name": clean.chair_name,
           "chair_title": clean.chair_title, "place": clean.place, "recipients": "\n".join(clean.recipients)}
    old = _read(db)
    with db.transaction() as session:
        for field, value in new.items():
            key = _KEYS[field]
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
        audit.record(session, "update", "upper_profile", None, old=old, new=new,
                     summary=f"Cập nhật hồ sơ công đoàn cấp trên {clean.name}")
    return clean
