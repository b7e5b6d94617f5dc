"""Updating the member list from HR's updated list (DESIGN 6.1 `import-members --update`).

Every half-year HR sends the current staff list. `prepare_update` reads it with the same reader
and checks as the plain import (title rows, any column order, lost zeros…), then matches each row
to a member of the unit: by citizen id, else by card number, else by name (marks aside) and date
of birth. A row that could be two members, or whose card number points at a member with another
citizen id, is listed as an error, never guessed. The plan sorts the rows into

- new: no member matches, the row is added as in a plain import;
- changed: the member's fields that differ, field by field (old → new). An empty cell never
  erases what the list holds; a column the file lacks changes nothing. The union group and the
  positions follow the file as the clerk chooses (`follow_groups`, `follow_positions`: the
  command line follows unless told --keep-groups / --keep-positions, the wizard as ticked);
- unchanged;
- absent: active members no row matched — kept, or marked as left on a date (`missing="left"`);
- errors: the file's own errors, ambiguous matches, two rows matching one member.

`commit_update` writes all of it in one transaction or nothing: the changed columns with one
executemany, one audit row per member changed, added or marked as left, and one "import" row
for the whole update (which `undo-import` looks for).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.member_rows import FIELD_LABELS, JOB_TITLE, role_tuple
from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.exchange.member_sheet import MemberWorkbook
from kh06_desktop.services.common import audit, bulk
from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.members.member_duplicates import known_groups
from kh06_desktop.services.members.member_import import (
    ImportPlan,
    ProgressLike,
    RowIssue,
    _collector_paused,
    _ensure_groups,
    _member_columns,
    _n,
    check_sheet,
    closed_join_dates,
)
from kh06_desktop.services.periods.period_close import ensure_period_open
from kh06_desktop.services.protect.import_undo import backup_before_import
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import AuditEntry, Member, Position

__all__ = ["AbsentMember", "ChangedMember", "FieldChange", "UpdatePlan", "UpdateResult", "commit_update",
           "prepare_update"]

# Fields compared between a row and its member, in the order the preview lists them.
COMPARED = ("full_name", "gender", "birth_date", "citizen_id", "card_number", "department", "join_date", "phone",
            "note")
_MISSING = ("keep", "left")
NAME_ONLY = "Họ tên (chưa ghi ngày sinh)"
_MATCHED_BY = {"Số CCCD": "số CCCD", "Số thẻ đoàn viên": "số thẻ đoàn viên",
               "Họ tên và ngày sinh": "họ tên và ngày sinh", NAME_ONLY: "họ tên (cả hai chưa ghi ngày sinh)"}
_GENDER_TEXT = {Gender.MALE.value: "Nam", Gender.FEMALE.value: "Nữ"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # member field, or "group" / "roles"
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ChangedMember:
    row: int  # the row in the file
    member_id: int
    name: str  # the name in the list (before the change)
    matched_by: str  # "số CCCD" / "số thẻ đoàn viên" / "họ tên và ngày sinh"
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class AbsentMember:
    member_id: int
    name: str
    birth_date: dt.date | None
    group_name: str | None


@dataclass(frozen=True, slots=True)
class SameMember:
    row: int
    member_id: int
    name: str


@dataclass(frozen=True, slots=True)
class NewRow:
    row: int
    index: int  # into the checked rows
    name: str
    birth_date: dt.date | None
    group_name: str | None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    added: int
    changed: int
    marked_left: int
    groups_created: list[str]
    positions_opened: int
    positions_closed: int


@dataclass(slots=True)
class UpdatePlan:
    """What an update would do; built by `prepare_update`, written by `commit_update`."""

    sheet: ImportPlan  # the file as read and checked
    follow_groups: bool
    follow_positions: bool
    new: list[NewRow] = field(default_factory=list)
    changed: list[ChangedMember] = field(default_factory=list)
    unchanged: list[SameMember] = field(default_factory=list)
    absent: list[AbsentMember] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    # member id → the new values of the member columns that change (written as they are)
    updates: dict[int, dict[str, object]] = field(default_factory=dict, repr=False)
    # member id → (roles to open, roles to close, group the leader roles lead) when positions follow the file
    role_changes: dict[int, tuple[tuple[Role, ...], tuple[Role, ...], str | None]] = field(
        default_factory=dict, repr=False)
    group_of_member: dict[int, str | None] = field(default_factory=dict, repr=False)  # when groups follow
    # rows whose group / positions differ from the list but were left as they are (not following the file)
    groups_not_followed: int = 0
    positions_not_followed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unit_id(self) -> int:
        return self.sheet.unit_id

    @property
    def file_name(self) -> str:
        return self.sheet.file_name

    @property
    def error_rows(self) -> list[int]:
        return sorted({issue.row for issue in self.errors})

    @property
    def has_work(self) -> bool:
        return bool(self.new or self.changed or self.absent)


class _Listed:
    """The unit's members, as columns, with the look-ups matching uses."""

    def __init__(self, session: Session, unit_id: int, today: dt.date) -> None:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                "SELECT m.id, m.full_name, m.name_folded, m.gender, m.birth_date, m.citizen_id, m.card_number,"
                " m.department, m.join_date, m.phone, m.note, m.status, m.group_id, g.name"
                " FROM member m LEFT JOIN union_group g ON g.id = m.group_id WHERE m.unit_id = ?", (unit_id,))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        iso: dict[str | None, dt.date | None] = {None: None}
        self.by_id: dict[int, tuple[Any, ...]] = {}
        self.by_cid: dict[str, list[int]] = {}
        self.by_card: dict[str, list[int]] = {}
        self.by_name_birth: dict[tuple[str, dt.date], list[int]] = {}
        self.by_name_no_birth: dict[str, list[int]] = {}  # members whose date of birth is not recorded
        self.by_name: dict[str, list[int]] = {}
        for row in rows:
            mid, _name, folded, _gender, birth, cid, card = row[:7]
            for slot in (4, 8):
                text = row[slot]
                if text not in iso:
                    iso[text] = dt.date.fromisoformat(text)
            birth_date = iso[birth]
            row = (*row[:4], birth_date, *row[5:8], iso[row[8]], *row[9:])
            self.by_id[mid] = row
            if cid:
                self.by_cid.setdefault(cid, []).append(mid)
            if card:
                self.by_card.setdefault(card, []).append(mid)
            if birth_date is not None:
                self.by_name_birth.setdefault((folded, birth_date), []).append(mid)
            else:
                self.by_name_no_birth.setdefault(folded, []).append(mid)
            self.by_name.setdefault(folded, []).append(mid)
        held: dict[int, list[str]] = {}
        for member_id, role in session.execute(
                select(Position.member_id, Position.role).join(Member, Member.id == Position.member_id)
                .where(Member.unit_id == unit_id, (Position.start_date.is_(None)) | (Position.start_date <= today),
                       (Position.end_date.is_(None)) | (Position.end_date >= today))):
            held.setdefault(member_id, []).append(role)
        self.roles = {mid: frozenset(roles) for mid, roles in held.items()}


# Column slots of a listed member (see _Listed's SELECT).
_SLOT = {"id": 0, "full_name": 1, "name_folded": 2, "gender": 3, "birth_date": 4, "citizen_id": 5, "card_number": 6,
         "department": 7, "join_date": 8, "phone": 9, "note": 10, "status": 11, "group_id": 12, "group_name": 13}


def _shown(value: object, name: str) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, dt.date):
        return format_date(value)
    if name == "gender":
        return _GENDER_TEXT.get(str(value), str(value))
    return str(value)


def _role_names(roles: frozenset[str] | tuple[str, ...]) -> str:
    return ", ".join(sorted(Role(r).label for r in roles)) or "(không có)"


def prepare_update(db: Database, unit_id: int, path: str | Path, progress: ProgressLike | None = None, *,
                   follow_groups: bool = False, follow_positions: bool = False, missing: str = "keep",
                   today: dt.date | None = None, workbook: MemberWorkbook | None = None) -> UpdatePlan:
    """Read, check and match an updated list; nothing is written. Raises SheetError for an unusable file.
    `missing` is only recorded for the summary: `commit_update` takes the decision."""
    if missing not in _MISSING:
        raise InvalidInput(f"Cách xử lý người không có trong tệp không hợp lệ: {missing}")
    today = today or dt.date.today()
    with _collector_paused():
        sheet = check_sheet(db, unit_id, path, progress, today, workbook)
        if progress is not None:
            progress.report(0, 0, "Đang đối chiếu với danh sách…")
        with db.reading() as session:
            listed = _Listed(session, unit_id, today)
            groups = known_groups(session, unit_id).groups
        plan = UpdatePlan(sheet, follow_groups, follow_positions, errors=list(sheet.errors),
                          warnings=list(sheet.warnings))
        closed = closed_join_dates(db, unit_id, sheet.checked, sheet.checked.count) if sheet.checked else {}
        _match(plan, listed, today, closed)
        plan.new_groups = _groups_to_create(plan, groups)
    if progress is not None:
        progress.report(1, 1, "Đã đối chiếu xong")
    return plan


def _match(plan: UpdatePlan, listed: _Listed, today: dt.date, closed: dict[int, str]) -> None:
    """Match the rows to the list. `closed`: rows whose join date falls in a closed period, an error
    only where the update would write that date (a new member, or a changed join date)."""
    sheet = plan.sheet
    checked = sheet.checked
    if checked is None:
        return
    numbers = sheet.row_numbers
    values = checked.values
    present = set(sheet.columns)
    if present & {"roles", JOB_TITLE} and not any(values["roles"]):
        # A positions column without one position in it (an unused column of HR's template) says
        # nothing about positions: following it would end every position the list holds.
        present -= {"roles", JOB_TITLE}
    ids, cards = checked.texts("citizen_id"), checked.texts("card_number")
    names, births = checked.full_names(), checked.dates("birth_date")
    bad_rows = {issue.row for issue in sheet.errors}
    compared = [name for name in COMPARED if name in present]
    taken: dict[int, int] = {}  # member id → the row that matched it
    for i in range(checked.count):
        row = numbers[i]
        member_id, how, problem = _find(listed, ids[i], cards[i], names[i], births[i])
        if problem is not None:
            plan.errors.append(RowIssue(row, problem[0], problem[1], problem[2], "", sheet.sheet_name))
            continue
        if row in bad_rows:
            continue  # its errors are listed already
        if i in closed and (member_id is None or values["join_date"][i] != listed.by_id[member_id][_SLOT["join_date"]]):
            plan.errors.append(RowIssue(row, FIELD_LABELS["join_date"], _shown(values["join_date"][i], "join_date"),
                                        closed[i], "join_date", sheet.sheet_name))
            continue
        if member_id is None:
            plan.new.append(NewRow(row, i, names[i], births[i], checked.texts("group_name")[i]))
            same_name = listed.by_name.get(fold(names[i])) if names[i] else None
            if same_name:
                plan.warnings.append(RowIssue(row, FIELD_LABELS["full_name"], names[i], "Người mới nhưng trùng họ tên "
                                              "với đoàn viên " + _who(listed, same_name) + ": cần kiểm tra có phải "
                                              "cùng một người không", "full_name", sheet.sheet_name))
            continue
        if member_id in taken:
            plan.errors.append(RowIssue(row, how, names[i], f"Dòng {taken[member_id]} và dòng {row} cùng khớp với "
                                        f"đoàn viên {listed.by_id[member_id][1]}: hãy kiểm tra lại tệp", "",
                                        sheet.sheet_name))
            continue
        taken[member_id] = row
        member = listed.by_id[member_id]
        changes, new_values = _differences(member, values, i, compared)
        if "group_name" in present:
            group = checked.texts("group_name")[i]
            if group and fold(group) != fold(member[13] or ""):
                if plan.follow_groups:
                    changes.append(FieldChange("group", FIELD_LABELS["group_name"], _shown(member[13], "group"),
                                               group))
                    plan.group_of_member[member_id] = group
                else:
                    plan.groups_not_followed += 1
        if present & {"roles", JOB_TITLE}:  # positions read from either column
            wanted = frozenset(r.value for r in role_tuple(values["roles"][i]))
            held = listed.roles.get(member_id, frozenset())
            if wanted != held and not plan.follow_positions:
                plan.positions_not_followed += 1
            elif wanted != held:
                changes.append(FieldChange("roles", FIELD_LABELS["roles"], _role_names(held), _role_names(wanted)))
                group = checked.texts("group_name")[i] if "group_name" in present else None
                plan.role_changes[member_id] = (tuple(Role(r) for r in sorted(wanted - held)),
                                                tuple(Role(r) for r in sorted(held - wanted)), group or member[13])
        if member[11] != MemberStatus.ACTIVE.value:
            plan.warnings.append(RowIssue(row, FIELD_LABELS["full_name"], names[i],
                                          f"Đoàn viên {member[1]} đã được ghi là đã chuyển sinh hoạt hoặc đã thôi "
                                          "nhưng vẫn có trong tệp: cần kiểm tra (không đổi trạng thái)", "full_name",
                                          sheet.sheet_name))
        if changes:
            plan.changed.append(ChangedMember(row, member_id, member[1], _MATCHED_BY.get(how, how), tuple(changes)))
            if new_values:
                plan.updates[member_id] = new_values
        else:
            plan.unchanged.append(SameMember(row, member_id, member[1]))
    matched = set(taken)
    plan.absent = sorted((AbsentMember(mid, m[1], m[4], m[13]) for mid, m in listed.by_id.items()
                          if mid not in matched and m[11] == MemberStatus.ACTIVE.value),
                         key=lambda a: fold(a.name))
    _maybe_renamed(plan, sheet.sheet_name)
    plan.errors.sort(key=lambda issue: issue.row)


def _maybe_renamed(plan: UpdatePlan, sheet_name: str) -> None:
    """A new row born the same day, with the same given name, as a member no row matched may be that
    member with a corrected name: flagged for checking (never merged by guess)."""
    if not plan.new or not plan.absent:
        return
    absent: dict[tuple[dt.date, str], list[str]] = {}
    for member in plan.absent:
        if member.birth_date is not None and member.name:
            absent.setdefault((member.birth_date, fold(member.name).rsplit(" ", 1)[-1]), []).append(member.name)
    for row in plan.new:
        if row.birth_date is None or not row.name:
            continue
        names = absent.get((row.birth_date, fold(row.name).rsplit(" ", 1)[-1]))
        if names:
            plan.warnings.append(RowIssue(
                row.row, FIELD_LABELS["full_name"], row.name, f"Cùng ngày sinh {format_date(row.birth_date)} với "
                f"{', '.join(names[:3])} (không có trong tệp): nếu là sửa tên, hãy ghi số CCCD hoặc số thẻ cho "
                "dòng này để cập nhật đúng người", "full_name", sheet_name))


def _find(listed: _Listed, cid: str | None, card: str | None, name: str, birth: dt.date | None,
          ) -> tuple[int | None, str, tuple[str, str, str] | None]:
    """(member id or None, how it matched, or (column, value, message) when it cannot be decided)."""
    cid_label, card_label, name_label = FIELD_LABELS["citizen_id"], FIELD_LABELS["card_number"], "Họ tên và ngày sinh"
    if cid:
        found = listed.by_cid.get(cid)
        if found:
            if len(found) > 1:
                return None, cid_label, (cid_label, cid, "Số CCCD khớp với nhiều đoàn viên: "
                                         + _who(listed, found) + "; hãy sửa danh sách trước")
            return found[0], cid_label, None
    if card:
        found = listed.by_card.get(card)
        if found:
            if len(found) > 1:
                return None, card_label, (card_label, card, "Số thẻ khớp với nhiều đoàn viên: "
                                          + _who(listed, found) + "; không tự chọn")
            other = listed.by_id[found[0]][5]
            if cid and other and other != cid:
                return None, card_label, (card_label, card, f"Số thẻ của đoàn viên {listed.by_id[found[0]][1]} nhưng "
                                          f"số CCCD khác ({other}): không tự chọn, hãy kiểm tra")
            return found[0], card_label, None
    if birth is not None and name:
        found = listed.by_name_birth.get((fold(name), birth))
        if found:
            if cid:  # a member with another citizen id is another person with the same name and birthday
                found = [mid for mid in found if not listed.by_id[mid][5]]
            if len(found) > 1:
                return None, name_label, (FIELD_LABELS["full_name"], name, "Họ tên và ngày sinh khớp với nhiều "
                                          "đoàn viên: " + _who(listed, found) + "; không tự chọn, hãy ghi số CCCD "
                                          "hoặc số thẻ")
            if found:
                return found[0], name_label, None
    if birth is None and name:  # neither the row nor the member has a date of birth: the name decides
        found = listed.by_name_no_birth.get(fold(name))
        if found and cid:
            found = [mid for mid in found if not listed.by_id[mid][5]]
        if found and len(found) > 1:
            return None, name_label, (FIELD_LABELS["full_name"], name, "Họ tên khớp với nhiều đoàn viên chưa ghi ngày "
                                      "sinh: " + _who(listed, found) + "; không tự chọn, hãy ghi ngày sinh, số CCCD "
                                      "hoặc số thẻ")
        if found:
            return found[0], NAME_ONLY, None
    return None, "", None


def _who(listed: _Listed, ids: Sequence[int]) -> str:
    return ", ".join(f"{listed.by_id[mid][1]}" + (f" (sinh {format_date(listed.by_id[mid][4])})"
                                                  if listed.by_id[mid][4] else "") for mid in ids[:5])


def _differences(member: tuple[Any, ...], values: dict[str, list[object]], i: int, compared: list[str],
                 ) -> tuple[list[FieldChange], dict[str, object]]:
    changes: list[FieldChange] = []
    new_values: dict[str, object] = {}
    for name in compared:
        new = values[name][i]
        if new is None or new == "":
            continue  # an empty cell never erases what the list holds
        if name == "gender":
            new = new.value if isinstance(new, Gender) else new
        old = member[_SLOT[name]]
        if new != old:
            changes.append(FieldChange(name, FIELD_LABELS[name], _shown(old, name), _shown(new, name)))
            new_values[name] = new
    if "full_name" in new_values:
        given = values["given_name"][i]
        new_values["given_name"] = given
        new_values["name_folded"] = fold(str(new_values["full_name"]))
        new_values["sort_key"] = name_sort_key(str(new_values["full_name"]), str(given))
    return changes, new_values


def _groups_to_create(plan: UpdatePlan, known: dict[str, tuple[int, str]]) -> list[str]:
    names = [row.group_name for row in plan.new] + list(plan.group_of_member.values())
    found: dict[str, str] = {}
    for name in names:
        if name and fold(name) not in known:
            found.setdefault(fold(name), name)
    return list(found.values())


def commit_update(db: Database, unit_id: int, plan: UpdatePlan, *, missing: str = "keep",
                  as_of: dt.date | None = None, progress: ProgressLike | None = None,
                  today: dt.date | None = None, backup: bool = True) -> UpdateResult:
    """Write a checked update in one transaction, or nothing. `missing="left"` marks the absent
    members as left on `as_of` (default today) and ends their positions that day."""
    if missing not in _MISSING:
        raise InvalidInput(f"Cách xử lý người không có trong tệp không hợp lệ: {missing}")
    if not plan.ok:
        raise Conflict(f"Tệp còn {len(plan.error_rows)} dòng lỗi: hãy sửa trong tệp rồi làm lại; chưa ghi gì")
    if plan.unit_id != unit_id:
        raise Conflict("Kết quả đối chiếu thuộc đơn vị khác; hãy kiểm tra lại tệp")
    today = today or dt.date.today()
    day = as_of or today
    if day > today:
        raise InvalidInput("Ngày ghi nhận ở tương lai", [("as_of", "Ngày ở tương lai")])
    if progress is not None:
        progress.report(0, 3, "Đang sao lưu trước khi cập nhật…")
    saved = backup_before_import(db) if backup else None
    with _collector_paused():
        return _commit(db, unit_id, plan, missing, day, progress, saved)


def _commit(db: Database, unit_id: int, plan: UpdatePlan, missing: str, day: dt.date,
            progress: ProgressLike | None, saved: str | None) -> UpdateResult:
    now = dt.datetime.now().replace(microsecond=0)
    actor = audit._actor()
    left = plan.absent if missing == "left" else []
    with bulk.write_transaction(db, len(plan.new) + len(plan.changed) + len(left)) as session:
        bulk.begin_write(session)
        if left or plan.role_changes:
            ensure_period_open(session, unit_id, day)
        _check_unchanged_since(session, unit_id, plan)
        known = known_groups(session, unit_id)
        sheet, checked = plan.sheet, plan.sheet.checked
        assert checked is not None  # noqa: S101 - a plan with rows always has them
        wanted_groups = [row.group_name for row in plan.new] + list(plan.group_of_member.values())
        group_ids, created = _ensure_groups(session, unit_id, wanted_groups, known)
        audits: list[dict[str, object]] = []

        def audit_row(action: str, member_id: int | None, old: dict[str, object] | None,
                      new: dict[str, object] | None, summary: str) -> None:
            audits.append({"at": now, "actor": actor, "action": action, "entity": "member", "entity_id": member_id,
                           "unit_id": unit_id, "summary": summary, "old_values": audit.to_json(old),
                           "new_values": audit.to_json(new)})

        if progress is not None:
            progress.check()
            progress.report(0, 3, "Đang ghi các thay đổi…")
        # 1. changed members: one executemany per set of changed columns
        by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
        source = f"Cập nhật theo tệp «{plan.file_name}»"
        for change in plan.changed:
            new_values = dict(plan.updates.get(change.member_id, {}))
            if change.member_id in plan.group_of_member:
                name = plan.group_of_member[change.member_id]
                new_values["group_id"] = group_ids.get(fold(name)) if name else None
            if new_values:
                if "gender" in new_values and isinstance(new_values["gender"], Gender):
                    new_values["gender"] = new_values["gender"].value
                key = tuple(sorted(new_values))
                by_columns.setdefault(key, []).append(
                    {"b_member_id": change.member_id, **{f"b_{k}": v for k, v in new_values.items()}})
            audit_row("update", change.member_id, {c.field: c.old for c in change.changes},
                      {c.field: c.new for c in change.changes}, f"{source} (dòng {change.row}, khớp theo "
                      f"{change.matched_by})")
        table = bulk.table_of(Member)
        for columns, rows in by_columns.items():
            statement = (update(table).where(table.c.id == _bind("member_id"))
                         .values({name: _bind(name) for name in columns} | {"updated_at": now}))
            session.connection().execute(statement, rows)
        # 2. positions that follow the file
        opened = closed = 0
        position_rows: list[dict[str, object]] = []
        for member_id, (to_open, to_close, group) in plan.role_changes.items():
            gid = group_ids.get(fold(group)) if group else None
            for role in to_open:
                position_rows.append({"member_id": member_id, "role": role.value, "start_date": day, "end_date": None,
                                      "group_id": gid if role.is_group_lead else None})
            if to_close:
                closed += _end_positions(session, [member_id], day, [r.value for r in to_close])
        if position_rows:
            opened = bulk.insert_rows(session, bulk.table_of(Position), position_rows)
        if progress is not None:
            progress.check()
            progress.report(1, 3, "Đang ghi đoàn viên mới…")
        # 3. new members, as a plain import of those rows
        added = 0
        if plan.new:
            part = dataclasses.replace(sheet, valid=[row.index for row in plan.new])
            first_id = bulk.first_free_id(session, table)
            columns_, positions = _member_columns(part, checked, first_id, group_ids, day)
            added = bulk.insert_columns(session, table, columns_, len(plan.new), rebuild_indexes=True,
                                        constants={"unit_id": unit_id, "status": MemberStatus.ACTIVE.value,
                                                   "created_at": now, "updated_at": now})
            bulk.sync_id_sequence(session, table)
            if positions:
                bulk.insert_rows(session, bulk.table_of(Position), positions)
            for offset, row in enumerate(plan.new):
                audit_row("create", first_id + offset, None, {"full_name": row.name},
                          f"{source} (dòng {row.row}): đoàn viên mới")
        if progress is not None:
            progress.check()
            progress.report(2, 3, "Đang ghi người không có trong tệp…")
        # 4. the absent, marked as left
        if left:
            ids = [a.member_id for a in left]
            for start in range(0, len(ids), 900):
                chunk = ids[start:start + 900]
                session.execute(update(Member).where(Member.id.in_(chunk))
                                .values(status=MemberStatus.LEFT.value, status_date=day, updated_at=now))
            closed += _end_positions(session, ids, day, None)
            for absent in left:
                audit_row("status", absent.member_id, {"status": MemberStatus.ACTIVE.value},
                          {"status": MemberStatus.LEFT.value, "status_date": day},
                          f"{source}: không có trong tệp, ghi là đã thôi từ {format_date(day)}")
        if audits:
            bulk.insert_rows(session, bulk.table_of(AuditEntry), audits)
        summary = (f"Cập nhật danh sách theo tệp «{plan.file_name}» (trang «{sheet.sheet_name}»): "
                   f"{_n(added)} mới, {_n(len(plan.changed))} thay đổi, {_n(len(left))} ghi là đã thôi")
        if created:
            summary += f"; tạo {len(created)} tổ công đoàn mới: " + ", ".join(created)
        audit.record(session, "import", "member", None, unit_id=unit_id, summary=summary,
                     new={"file": plan.file_name, "sheet": sheet.sheet_name, "update": True, "added": added,
                          "changed": len(plan.changed), "left": len(left), "groups_created": created,
                          "backup": saved})
        if progress is not None:
            progress.check()  # the last moment a cancel can still roll everything back
    return UpdateResult(added, len(plan.changed), len(left), created, opened, closed)


def _bind(name: str) -> Any:
    """A parameter of the UPDATE (named apart from the columns it sets, as SQLAlchemy requires)."""
    return bindparam(f"b_{name}")


def _end_positions(session: Session, member_ids: list[int], day: dt.date, roles: list[str] | None) -> int:
    """End the open positions of these members on `day` (not before their start); returns how many."""
    count = 0
    for start in range(0, len(member_ids), 900):
        chunk = member_ids[start:start + 900]
        query = select(Position).where(Position.member_id.in_(chunk),
                                       (Position.end_date.is_(None)) | (Position.end_date > day))
        if roles is not None:
            query = query.where(Position.role.in_(roles))
        for position in session.scalars(query):
            position.end_date = max(day, position.start_date) if position.start_date else day
            count += 1
    session.flush()
    return count


def _check_unchanged_since(session: Session, unit_id: int, plan: UpdatePlan) -> None:
    """The members the plan changes must still be there (nothing deleted them since the preview)."""
    ids = [c.member_id for c in plan.changed] + [a.member_id for a in plan.absent]
    if not ids:
        return
    found = 0
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        found += len(session.scalars(select(Member.id).where(Member.unit_id == unit_id, Member.id.in_(chunk))).all())
    if found != len(ids):
        raise Conflict("Danh sách đoàn viên đã thay đổi từ lúc đối chiếu: hãy đối chiếu lại tệp")

