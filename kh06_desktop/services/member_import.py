"""Importing a member list from a spreadsheet (DESIGN 6.2): check everything first, then write
all of it or nothing.

`prepare_import` reads and validates every row without writing: errors (a bad date, a duplicate
in the file or of a member already in the list…) stop the import and are reported per row
with the column, the value and the reason; warnings (a citizen id that disagrees with the date
of birth) are shown for checking. `commit_import` writes a plan without errors in one
transaction: new union groups, the members (Core executemany), their positions, one audit row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from kh06_desktop.domain.citizen_id import CitizenIdError, normalize_citizen_id
from kh06_desktop.domain.enums import MemberStatus
from kh06_desktop.domain.formats import DateError, format_date, parse_date
from kh06_desktop.domain.validation import FIELD_LABELS, MemberDraft, validate_member
from kh06_desktop.domain.vntext import fold, name_sort_key, nfc
from kh06_desktop.exchange.member_sheet import SheetError, label_of, read_member_sheet
from kh06_desktop.services import audit, bulk
from kh06_desktop.services.errors import Conflict
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, UnionGroup

__all__ = ["ImportPlan", "ImportResult", "RowIssue", "SheetError", "commit_import", "prepare_import"]

PREVIEW_ROWS = 50
_CHUNK = 2000
_STATUS = {MemberStatus.ACTIVE.value: "đang sinh hoạt", MemberStatus.TRANSFERRED.value: "đã chuyển sinh hoạt",
           MemberStatus.LEFT.value: "đã thôi"}


class ProgressLike(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None: ...


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int  # 1-based row number as Excel shows it
    column: str  # Vietnamese column label
    value: str  # the cell as written in the file
    message: str  # the reason, in Vietnamese
    field: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    inserted: int
    groups_created: list[str]
    positions_created: int


@dataclass(slots=True)
class ImportPlan:
    unit_id: int
    path: Path
    sheet_name: str
    header_row: int
    columns: dict[str, str]  # field → label as written in the file
    unknown_columns: list[str]
    total_rows: int
    valid_count: int
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)  # first rows, display text keyed by field
    preview_rows: list[int] = field(default_factory=list)  # their row numbers
    preview_status: list[str] = field(default_factory=list)  # "ok" / "warning" / "error" per preview row
    drafts: list[tuple[int, MemberDraft]] = field(default_factory=list, repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def column_mapping(self) -> list[tuple[str, str]]:
        """(label in the file, the field it was read as) for display."""
        return [(label, label_of(name)) for name, label in self.columns.items()]

    @property
    def error_rows(self) -> list[int]:
        return sorted({issue.row for issue in self.errors})

    @property
    def fields(self) -> list[str]:
        """Fields present in the file, in file order (the preview's columns)."""
        return list(self.columns)


_DATE_FIELDS = frozenset({"birth_date", "join_date"})


def display(value: object, field_name: str | None = None) -> str:
    """A cell value as the officer sees it in Excel (a date column shows serial numbers as dates)."""
    if value is None:
        return ""
    if field_name in _DATE_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            value = parse_date(value)
        except DateError:
            pass
    if isinstance(value, dt.datetime):
        return format_date(value.date()) if not (value.hour or value.minute) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


@dataclass(slots=True)
class _Known:
    """What the unit already holds, to catch duplicates before writing."""

    citizen_ids: dict[str, tuple[str, str]]  # id → (name, status)
    name_births: dict[tuple[str, dt.date], tuple[str, str]]  # (name in lower case, birth) → member
    folded_births: dict[tuple[str, dt.date], tuple[str, str]]  # (name without marks, birth) → member
    groups: dict[str, tuple[int, str]]  # folded name → (id, name)


def _known(session: Session, unit_id: int) -> _Known:
    citizen_ids: dict[str, tuple[str, str]] = {}
    name_births: dict[tuple[str, dt.date], tuple[str, str]] = {}
    folded_births: dict[tuple[str, dt.date], tuple[str, str]] = {}
    rows = session.execute(select(Member.full_name, Member.name_folded, Member.birth_date, Member.citizen_id,
                                  Member.status).where(Member.unit_id == unit_id))
    for name, folded, birth, cid, status in rows:
        if cid:
            citizen_ids[cid] = (name, status)
        if birth:
            name_births[(name.lower(), birth)] = (name, status)
            folded_births[(folded, birth)] = (name, status)
    groups = {folded: (gid, name) for gid, name, folded in session.execute(
        select(UnionGroup.id, UnionGroup.name, UnionGroup.name_folded).where(UnionGroup.unit_id == unit_id))}
    return _Known(citizen_ids, name_births, folded_births, groups)


def _who(entry: tuple[str, str]) -> str:
    name, status = entry
    return name if status == MemberStatus.ACTIVE.value else f"{name} ({_STATUS.get(status, status)})"


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, label_of(name))


def prepare_import(db: Database, unit_id: int, path: str | Path, progress: ProgressLike | None = None,
                   *, today: dt.date | None = None) -> ImportPlan:
    """Read and check a member list; nothing is written. Raises SheetError for an unusable file."""
    today = today or dt.date.today()
    if progress is not None:
        progress.report(0, 0, "Đang đọc tệp…")
    sheet = read_member_sheet(path)
    with db.reading() as session:
        known = _known(session, unit_id)
    total = len(sheet.rows)
    labels = {name: sheet.column_labels.get(name, label_of(name))
              for name in sorted(sheet.columns, key=sheet.columns.__getitem__)}
    plan = ImportPlan(unit_id, sheet.path, sheet.sheet_name, sheet.header_row, labels,
                      list(sheet.unknown_columns), total, 0)
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, dt.date], int] = {}
    seen_folded: dict[tuple[str, dt.date], int] = {}
    new_groups: dict[str, str] = {}
    errors, warnings, drafts = plan.errors, plan.warnings, plan.drafts
    preview_fields = sorted(sheet.columns, key=sheet.columns.__getitem__)  # file order
    for start in range(0, total, _CHUNK):
        if progress is not None:
            progress.check()
            progress.report(start, total, f"Đang kiểm tra dòng {start + 1:,}/{total:,}…".replace(",", "."))
        for row in sheet.rows[start:start + _CHUNK]:
            number, raw = row.row_number, row.values
            result = validate_member(raw, today)
            row_errors = [RowIssue(number, _label(i.field), display(raw.get(i.field), i.field), i.message, i.field)
                          for i in result.errors]
            row_warnings = [RowIssue(number, _label(i.field), display(raw.get(i.field), i.field), i.message, i.field)
                            for i in result.warnings]
            draft = result.draft
            # Rows with other errors take part too: a duplicate is still one once they are fixed.
            cid, name, birth = _identity(draft, raw)
            same, similar = _duplicates(number, cid, name, birth, known, seen_ids, seen_names, seen_folded)
            row_errors += same
            row_warnings += similar
            if cid and cid not in seen_ids:
                seen_ids[cid] = number
            if name and birth:
                seen_names.setdefault((name.lower(), birth), number)
                seen_folded.setdefault((fold(name), birth), number)
            if draft is not None and not row_errors:
                drafts.append((number, draft))
                if draft.group_name:
                    key = fold(draft.group_name)
                    if key not in known.groups and key not in new_groups:
                        new_groups[key] = draft.group_name
            errors += row_errors
            warnings += row_warnings
            if len(plan.preview) < PREVIEW_ROWS:
                plan.preview.append({name: display(raw.get(name), name) for name in preview_fields})
                plan.preview_rows.append(number)
                plan.preview_status.append("error" if row_errors else "warning" if row_warnings else "ok")
    plan.valid_count = len(drafts)
    plan.new_groups = list(new_groups.values())
    if progress is not None:
        progress.report(total, total, "Đã kiểm tra xong")
    return plan


def _identity(draft: MemberDraft | None, raw: dict[str, object]) -> tuple[str | None, str, dt.date | None]:
    """(citizen id, full name, birth date) of a row, as far as they can be read."""
    if draft is not None:
        return draft.citizen_id, draft.full_name, draft.birth_date
    cid, birth = None, None
    with contextlib.suppress(CitizenIdError):
        cid = normalize_citizen_id(raw.get("citizen_id"))
    with contextlib.suppress(DateError):
        birth = parse_date(raw.get("birth_date"))
    return cid, nfc(str(raw.get("full_name") or "")), birth


def _duplicates(number: int, cid: str | None, name: str, birth: dt.date | None, known: _Known,
                seen_ids: dict[str, int], seen_names: dict[tuple[str, dt.date], int],
                seen_folded: dict[tuple[str, dt.date], int]) -> tuple[list[RowIssue], list[RowIssue]]:
    """(errors, warnings): the same citizen id, or the same name and birthday, is a duplicate;
    names that differ only by their marks (Hùng / Hưng) on the same birthday are flagged."""
    errors: list[RowIssue] = []
    cid_label, name_label = FIELD_LABELS["citizen_id"], FIELD_LABELS["full_name"]
    if cid:
        if cid in seen_ids:
            errors.append(RowIssue(number, cid_label, cid, f"Trùng số CCCD với dòng {seen_ids[cid]} trong tệp",
                                   "citizen_id"))
        elif cid in known.citizen_ids:
            holder = _who(known.citizen_ids[cid])
            errors.append(RowIssue(number, cid_label, cid, f"Số CCCD đã có trong danh sách: đoàn viên {holder}",
                                   "citizen_id"))
    if errors or not (name and birth):  # one duplicate message per row is enough
        return errors, []
    key = (name.lower(), birth)
    if key in seen_names:
        errors.append(RowIssue(number, name_label, name,
                               f"Trùng họ tên và ngày sinh với dòng {seen_names[key]} trong tệp", "full_name"))
    elif key in known.name_births:
        errors.append(RowIssue(number, name_label, name, f"Đã có đoàn viên {_who(known.name_births[key])} cùng "
                               f"ngày sinh {format_date(birth)} trong danh sách", "full_name"))
    if errors:
        return errors, []
    folded = (fold(name), birth)
    if folded in seen_folded:
        return [], [RowIssue(number, name_label, name, f"Họ tên gần giống (chỉ khác dấu) và cùng ngày sinh với "
                             f"dòng {seen_folded[folded]}: cần kiểm tra có trùng người không", "full_name")]
    if folded in known.folded_births:
        return [], [RowIssue(number, name_label, name, f"Họ tên gần giống đoàn viên "
                             f"{_who(known.folded_births[folded])} (chỉ khác dấu), cùng ngày sinh: cần kiểm tra",
                             "full_name")]
    return [], []


_MEMBER_COLUMNS = ("id", "unit_id", "full_name", "given_name", "name_folded", "sort_key", "gender", "birth_date",
                   "citizen_id", "card_number", "group_id", "department", "join_date", "status", "phone", "note",
                   "created_at", "updated_at")


def _member_rows(plan: ImportPlan, unit_id: int, first_id: int, group_ids: dict[str, int],
                 now: dt.datetime) -> tuple[list[tuple[object, ...]], list[dict[str, object]]]:
    """Member rows as tuples in `_MEMBER_COLUMNS` order, and the positions they hold."""
    rows: list[tuple[object, ...]] = []
    positions: list[dict[str, object]] = []
    sort_keys: dict[tuple[str, str], str] = {}  # names repeat: compute each key once
    active = MemberStatus.ACTIVE.value
    for offset, (_number, d) in enumerate(plan.drafts):
        member_id = first_id + offset
        group_id = group_ids.get(fold(d.group_name)) if d.group_name else None
        key = sort_keys.get((d.full_name, d.given_name))
        if key is None:
            key = sort_keys[(d.full_name, d.given_name)] = name_sort_key(d.full_name, d.given_name)
        rows.append((member_id, unit_id, d.full_name, d.given_name, d.name_folded, key,
                     d.gender.value if d.gender else None, d.birth_date, d.citizen_id, d.card_number, group_id,
                     d.department, d.join_date, active, d.phone, d.note, now, now))
        for role in d.roles:
            # The start of a position already held is not in the file: leave it open-ended so the
            # reports of the current period count it.
            positions.append({"member_id": member_id, "role": role.value, "start_date": None, "end_date": None,
                              "group_id": group_id if role.is_group_lead else None})
    return rows, positions


def _clashes(plan: ImportPlan, known: _Known) -> list[str]:
    """Duplicates that appeared in the database after the plan was checked."""
    out = []
    for number, draft in plan.drafts:
        if draft.citizen_id and draft.citizen_id in known.citizen_ids:
            out.append(f"dòng {number}")
        elif draft.birth_date and (draft.full_name.lower(), draft.birth_date) in known.name_births:
            out.append(f"dòng {number}")
    return out


def commit_import(db: Database, unit_id: int, plan: ImportPlan, progress: ProgressLike | None = None) -> ImportResult:
    """Write a checked plan: all of it in one transaction, or nothing."""
    if not plan.ok:
        raise Conflict(f"Tệp còn {len(plan.error_rows)} dòng lỗi: hãy sửa trong tệp rồi nhập lại; chưa nhập gì")
    if plan.unit_id != unit_id:
        raise Conflict("Kết quả kiểm tra thuộc đơn vị khác; hãy kiểm tra lại tệp")
    if not plan.drafts:
        raise Conflict("Tệp không có đoàn viên nào để nhập")
    total = len(plan.drafts)
    now = dt.datetime.now().replace(microsecond=0)
    with db.transaction() as session:
        known = _known(session, unit_id)
        clashes = _clashes(plan, known)
        if clashes:
            raise Conflict("Danh sách đoàn viên đã thay đổi từ lúc kiểm tra (trùng ở "
                           + ", ".join(clashes[:5]) + ("…" if len(clashes) > 5 else "") + "): hãy kiểm tra lại tệp")
        group_ids, created = _ensure_groups(session, unit_id, (d.group_name for _, d in plan.drafts), known)
        first_id = bulk.first_free_id(session, Member.__table__)  # type: ignore[arg-type]
        rows, positions = _member_rows(plan, unit_id, first_id, group_ids, now)

        def step(done: int) -> None:
            if progress is not None:
                progress.check()
                progress.report(done, total, f"Đang ghi {done:,}/{total:,} đoàn viên…".replace(",", "."))

        step(0)
        bulk.insert_rows(session, Member.__table__, rows, step, _MEMBER_COLUMNS)  # type: ignore[arg-type]
        bulk.sync_id_sequence(session, Member.__table__)  # type: ignore[arg-type]
        if positions:
            bulk.insert_rows(session, Position.__table__, positions)  # type: ignore[arg-type]
        summary = f"Nhập {total} đoàn viên từ tệp «{plan.file_name}» (trang «{plan.sheet_name}»)"
        if created:
            summary += f"; tạo {len(created)} tổ công đoàn mới: " + ", ".join(created)
        audit.record(session, "import", "member", None, unit_id=unit_id, summary=summary,
                     new={"file": plan.file_name, "sheet": plan.sheet_name, "members": total,
                          "first_member_id": first_id, "positions": len(positions), "groups_created": created})
        if progress is not None:
            progress.check()  # the last moment a cancel can still roll everything back
    return ImportResult(total, created, len(positions))


def _ensure_groups(session: Session, unit_id: int, names: Iterable[str | None],
                   known: _Known) -> tuple[dict[str, int], list[str]]:
    """Folded group name → id, creating the groups the unit does not have yet."""
    ids = {folded: gid for folded, (gid, _name) in known.groups.items()}
    wanted: dict[str, str] = {}
    for name in names:
        if name:
            key = fold(name)
            if key not in ids and key not in wanted:
                wanted[key] = name
    if wanted:
        first = bulk.first_free_id(session, UnionGroup.__table__)  # type: ignore[arg-type]
        rows = [{"id": first + i, "unit_id": unit_id, "name": name, "name_folded": key}
                for i, (key, name) in enumerate(wanted.items())]
        bulk.insert_rows(session, UnionGroup.__table__, rows)  # type: ignore[arg-type]
        bulk.sync_id_sequence(session, UnionGroup.__table__)  # type: ignore[arg-type]
        ids.update({row["name_folded"]: row["id"] for row in rows})
    return ids, list(wanted.values())
