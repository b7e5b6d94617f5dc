"""Reading the audit trail: filter by dates, entity, action and text, a page at a time, and turn
the stored old/new JSON into lines a union officer can read ("Họ và tên: A → B").

Filtering happens in SQL (one query per page, one for the count), so a trail of hundreds of
thousands of rows stays quick. Text search ignores case and diacritics (including đ/d) through a
folding function registered on the SQLite connection, the same folding the member search uses.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, MemberStatus, Role, Sector, SupportKind
from kh06_desktop.domain.formats import format_date, format_vnd
from kh06_desktop.domain.validation import FIELD_LABELS
from kh06_desktop.domain.vntext import fold
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import AuditEntry, Member, Position, UnionGroup, Unit

PAGE_SIZE = 500

ENTITY_LABELS = {
    "unit": "Đơn vị", "workforce_snapshot": "Số lao động", "union_group": "Tổ công đoàn", "member": "Đoàn viên",
    "position": "Chức vụ", "setting": "Cài đặt", "database": "Cơ sở dữ liệu", "reporting_period": "Kỳ báo cáo",
    "training": "Tập huấn", "training_attendee": "Người dự tập huấn", "study_session": "Buổi học tập",
    "study_attendee": "Người dự học tập", "hardship_case": "Trường hợp khó khăn", "support_visit": "Thăm hỏi – hỗ trợ",
    "women_committee": "Ban nữ công", "activity": "Hoạt động", "printed_report": "Báo cáo đã in",
    "export_record": "Tệp dữ liệu đã gửi", "submission": "Tệp đơn vị gửi lên",
}
ACTION_LABELS = {
    "create": "Thêm", "update": "Sửa", "delete": "Xóa", "merge": "Gộp", "status": "Đổi trạng thái",
    "import": "Nhập từ tệp", "export": "Xuất tệp", "restore": "Khôi phục", "close": "Chốt số liệu",
    "reopen": "Mở lại", "print": "In báo cáo", "consolidate": "Tổng hợp",
    "demo": "Tạo dữ liệu mẫu", "attend": "Thêm người dự", "unattend": "Bỏ người dự",
    "pin_key": "Ghi nhận khóa ký", "withdraw": "Rút tệp đã nhận",
}
_EXTRA_FIELDS = {
    "name": "Tên", "code": "Mã", "sector": "Khu vực", "employer": "Đơn vị sử dụng lao động",
    "upper_union": "Công đoàn cấp trên", "address": "Địa chỉ", "founding_date": "Ngày thành lập",
    "chair_name": "Chủ tịch", "chair_title": "Chức danh người ký", "status": "Trạng thái",
    "status_date": "Ngày chuyển/thôi", "group_id": "Tổ công đoàn (mã số)", "member_id": "Đoàn viên (mã số)",
    "role": "Chức vụ", "start_date": "Từ ngày", "end_date": "Đến ngày", "period": "Kỳ",
    "total_workers": "Tổng số lao động", "female_workers": "Lao động nữ", "eligible_workers": "Lao động đủ điều kiện",
    "backup_dir": "Thư mục sao lưu", "title": "Tên", "topic": "Chủ đề", "date": "Ngày", "place": "Địa điểm",
    "kind": "Hình thức", "value_vnd": "Giá trị", "fund_source": "Nguồn kinh phí", "reason": "Lý do",
    "text": "Nội dung", "revision": "Lần sửa", "closed": "Đã chốt", "consent_date": "Ngày đồng ý",
    "opened_on": "Ngày ghi nhận", "closed_on": "Ngày kết thúc", "details": "Chi tiết",
    "established": "Đã thành lập", "decision_number": "Số quyết định", "decision_date": "Ngày quyết định",
    "eligible_override": "Điều chỉnh điều kiện thành lập", "override_reason": "Lý do điều chỉnh",
    "proposals": "Đề xuất, kiến nghị", "report_number": "Số văn bản", "report_date": "Ngày văn bản",
    "signer_name": "Người ký", "signer_title": "Chức danh người ký", "level": "Cấp tổ chức",
    "non_member_count": "Số người ngoài công đoàn", "solution_group": "Nhóm giải pháp",
    "member_ids": "Đoàn viên (mã số)", "case_id": "Trường hợp (mã số)", "closed_at": "Lúc chốt",
    "signing_key": "Khóa ký (khóa công khai)", "key_pinned_at": "Lúc ghi nhận khóa ký",
    "fingerprint": "Dấu vân tay khóa",
}
FIELD_NAMES: dict[str, str] = {**FIELD_LABELS, **_EXTRA_FIELDS}
PERSONAL_FIELDS = frozenset({"citizen_id", "phone", "birth_date"})
_CODES: dict[str, dict[str, str]] = {
    "gender": {g.value: g.label for g in Gender},
    "status": {s.value: s.label for s in MemberStatus},
    "role": {r.value: r.label for r in Role},
    "sector": {s.value: s.label for s in Sector},
    "kind": {k.value: k.label for k in SupportKind},
}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    entity: str | None = None
    action: str | None = None
    text: str | None = None  # in the summary, the values or the user name; accents ignored
    entity_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    entity: str
    entity_id: int | None
    unit_id: int | None
    summary: str | None
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    entity_name: str | None = None  # the member's, group's or unit's name today (or as recorded)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)


# --- queries ---------------------------------------------------------------------------------


def _register_fold(session: Session) -> bool:
    """Make kh06_fold() available on this SQLite connection; False on other databases."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    raw = connection.connection.driver_connection
    raw.create_function("kh06_fold", 1, lambda v: fold(v) if v else v, deterministic=True)  # type: ignore[union-attr]
    return True


_Columns = TypeVarTuple("_Columns")


def _filtered(query: Select[*_Columns], criteria: AuditFilter, session: Session) -> Select[*_Columns]:
    if criteria.date_from:
        query = query.where(AuditEntry.at >= dt.datetime.combine(criteria.date_from, dt.time()))
    if criteria.date_to:
        query = query.where(AuditEntry.at < dt.datetime.combine(criteria.date_to + dt.timedelta(days=1), dt.time()))
    if criteria.entity:
        query = query.where(AuditEntry.entity == criteria.entity)
    if criteria.action:
        query = query.where(AuditEntry.action == criteria.action)
    if criteria.entity_id is not None:
        query = query.where(AuditEntry.entity_id == criteria.entity_id)
    if criteria.unit_id is not None:
        query = query.where(AuditEntry.unit_id == criteria.unit_id)
    needle = fold(criteria.text or "")
    if needle:
        columns = (AuditEntry.summary, AuditEntry.old_values, AuditEntry.new_values, AuditEntry.actor)
        if _register_fold(session):
            query = query.where(or_(*(func.kh06_fold(c).contains(needle, autoescape=True) for c in columns)))
        else:
            query = query.where(or_(*(c.icontains(criteria.text, autoescape=True) for c in columns)))
    return query


def _loads(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"?": text}
    return value if isinstance(value, dict) else {"?": value}


def count_audit(db: Database, criteria: AuditFilter = AuditFilter()) -> int:
    with db.reading() as session:
        return session.scalar(_filtered(select(func.count(AuditEntry.id)), criteria, session)) or 0


def query_audit(db: Database, criteria: AuditFilter = AuditFilter(), offset: int = 0,
                limit: int = PAGE_SIZE) -> list[AuditRow]:
    """One page of the trail, newest first."""
    columns = (AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity,
               AuditEntry.entity_id, AuditEntry.unit_id, AuditEntry.summary, AuditEntry.old_values,
               AuditEntry.new_values)
    with db.reading() as session:
        query = _filtered(select(*columns), criteria, session)
        rows = session.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                               .offset(offset).limit(limit)).all()
        result = [AuditRow(i, at, actor, action, entity, eid, uid, summary, _loads(old), _loads(new))
                  for (i, at, actor, action, entity, eid, uid, summary, old, new) in rows]
        names = _names(session, result)
    return [replace(r, entity_name=names.get((r.entity, r.entity_id)) or _recorded_name(r)) for r in result]


def _names(session: Session, rows: list[AuditRow]) -> dict[tuple[str, int | None], str]:
    """Current names of the records a page of the trail mentions: one query per kind of record."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.entity_id is not None and row.entity in ("member", "position", "union_group", "unit"):
            wanted.setdefault(row.entity, set()).add(row.entity_id)
    queries = {
        "member": lambda ids: select(Member.id, Member.full_name).where(Member.id.in_(ids)),
        "position": lambda ids: select(Position.id, Member.full_name).join(Member, Member.id == Position.member_id)
        .where(Position.id.in_(ids)),
        "union_group": lambda ids: select(UnionGroup.id, UnionGroup.name).where(UnionGroup.id.in_(ids)),
        "unit": lambda ids: select(Unit.id, Unit.name).where(Unit.id.in_(ids)),
    }
    names: dict[tuple[str, int | None], str] = {}
    for entity, ids in wanted.items():
        for record_id, name in session.execute(queries[entity](sorted(ids))).all():
            names[(entity, record_id)] = name
    return names


def _recorded_name(row: AuditRow) -> str | None:
    """A deleted record's name, as its audit row kept it."""
    for values in (row.new, row.old):
        for key in ("full_name", "name", "title", "topic"):
            if isinstance(values.get(key), str):
                return str(values[key])
    return None


def audit_vocabulary(db: Database) -> tuple[list[str], list[str]]:
    """The entities and actions present in the trail (for the filter lists)."""
    with db.reading() as session:
        entities = list(session.scalars(select(AuditEntry.entity).distinct()))
        actions = list(session.scalars(select(AuditEntry.action).distinct()))
    return (sorted(entities, key=lambda e: fold(ENTITY_LABELS.get(e, e))),
            sorted(actions, key=lambda a: fold(ACTION_LABELS.get(a, a))))


# --- readable values -------------------------------------------------------------------------


def mask(name: str, value: Any) -> str:
    """Personal data hidden until revealed, the way the members page hides it: the last digits of
    a number and the year of birth stay visible, enough to tell records apart."""
    if value in (None, ""):
        return "(trống)"
    text = str(value)
    if name == "birth_date":
        return f"••/••/{text[:4]}" if text[:4].isdigit() else "••/••/••••"
    if name == "citizen_id":
        return "•" * 8 + text[-4:]
    return "•" * max(len(text) - 3, 3) + text[-3:]


def readable_value(name: str, value: Any, reveal: bool = False) -> str:
    if name in PERSONAL_FIELDS and not reveal:
        return mask(name, value)
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name in _CODES and isinstance(value, str):
        return _CODES[name].get(value, value)
    if name == "value_vnd" and isinstance(value, int):
        return format_vnd(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return format_date(dt.date.fromisoformat(value))
            moment = dt.datetime.fromisoformat(value)
            return f"{format_date(moment.date())} {moment:%H:%M}"
        except ValueError:
            pass
    return str(value)


def _field_order(name: str) -> tuple[int, str]:
    keys = list(FIELD_NAMES)
    return (keys.index(name) if name in FIELD_NAMES else len(keys), name)


def describe_changes(row: AuditRow, reveal: bool = False) -> list[str]:
    """One line per field: "Họ và tên: A → B" for an edit, "Họ và tên: A" for a new or deleted record."""
    lines = []
    for name in sorted(set(row.old) | set(row.new), key=_field_order):
        label = FIELD_NAMES.get(name, name)
        if name in row.old and name in row.new:
            before = readable_value(name, row.old[name], reveal)
            after = readable_value(name, row.new[name], reveal)
            lines.append(f"{label}: {before} → {after}")
        elif name in row.new:
            lines.append(f"{label}: {readable_value(name, row.new[name], reveal)}")
        else:
            lines.append(f"{label}: {readable_value(name, row.old[name], reveal)} (bỏ)")
    return lines
