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
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from itertools import count as count_from
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender, MemberStatus
from kh06_desktop.domain.formats import DateError, format_date, parse_date
from kh06_desktop.domain.member_rows import JOB_TITLE, CheckedRows, _last_words, role_tuple, validate_rows
from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.union_names import other_union
from kh06_desktop.domain.validation import FIELD_LABELS, MemberDraft, draft_of
from kh06_desktop.domain.vntext import fold, fold_all, name_sort_key, nfc
from kh06_desktop.exchange.member_sheet import (
    JOB_TITLE_LABEL,
    MemberWorkbook,
    SheetError,
    label_of,
)
from kh06_desktop.exchange.sheet_reader import read_member_workbook
from kh06_desktop.services.common import audit, bulk
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.members.member_duplicates import Known as _Known
from kh06_desktop.services.members.member_duplicates import find_duplicates, known_groups, known_members
from kh06_desktop.services.periods.period_close import closed_periods
from kh06_desktop.services.protect.import_undo import backup_before_import
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member, Position, ReportingPeriod, UnionGroup, Unit

__all__ = ["ImportPlan", "ImportResult", "RowIssue", "SheetError", "commit_import", "prepare_import"]

PREVIEW_ROWS = 50
_CHUNK = 2000
T = TypeVar("T")
_STATUS = {MemberStatus.ACTIVE.value: "đang sinh hoạt", MemberStatus.TRANSFERRED.value: "đã chuyển sinh hoạt",
           MemberStatus.LEFT.value: "đã thôi"}


class ProgressLike(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None: ...


MAX_SHOWN_VALUE = 200  # characters of a cell quoted in an import report


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int  # 1-based row number as Excel shows it
    column: str  # Vietnamese column label
    value: str  # the cell as written in the file
    message: str  # the reason, in Vietnamese (names the sheet when several sheets were read)
    field: str = ""
    sheet: str = ""

    def __post_init__(self) -> None:
        # A cell can hold 32,767 characters (and a hostile one megabytes): reports show its start.
        if len(self.value) > MAX_SHOWN_VALUE:
            object.__setattr__(self, "value", self.value[:MAX_SHOWN_VALUE] + f"… ({len(self.value):,} ký tự)"
                               .replace(",", "."))


@dataclass(frozen=True, slots=True)
class ImportResult:
    inserted: int
    groups_created: list[str]
    positions_created: int


@dataclass(slots=True)
class ImportPlan:
    unit_id: int
    path: Path
    sheet_name: str  # several sheets: their names joined as «A», «B» would show them
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
    notes: list[str] = field(default_factory=list)  # what was read and how (sheets, skipped rows, rules)
    imported_on: dt.date | None = None  # the start date of imported positions (the day checked)
    sheets: list[str] = field(default_factory=list)  # the sheets read
    other_union: str | None = None  # a title row naming another union than the unit (ask before going on)
    checked: CheckedRows | None = field(default=None, repr=False)
    row_numbers: list[int] = field(default_factory=list, repr=False)
    valid: list[int] = field(default_factory=list, repr=False)  # indexes into `checked` of the rows to import

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def drafts(self) -> list[tuple[int, MemberDraft]]:
        """(row number, draft) of the rows to import, built on demand."""
        if self.checked is None:
            return []
        return [(self.row_numbers[i], draft_of(self.checked, i)) for i in self.valid]  # type: ignore[misc]

    @property
    def column_mapping(self) -> list[tuple[str, str]]:
        """(label in the file, the field it was read as) for display."""
        return [(label, label_of(name)) for name, label in self.columns.items()]

    @property
    def error_rows(self) -> list[int]:
        return [row for _sheet, row in sorted({(issue.sheet, issue.row) for issue in self.errors})]

    @property
    def fields(self) -> list[str]:
        """Fields present in the file, in file order (the preview's columns)."""
        return list(self.columns)


_DATE_FIELDS = frozenset({"birth_date", "join_date"})


def display(value: object, field_name: str | None = None) -> str:
    """A cell value as the officer sees it in Excel (a date column shows serial numbers as dates)."""
    if value is None:
        return ""
    if field_name in _DATE_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and not (value == value and float(value).is_integer() and 1900 <= value <= 2100):  # a year stays a year
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


_known = known_members


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, label_of(name))


def _merge_sheets(book: MemberWorkbook) -> tuple[dict[str, list[object]], list[int], list[int], int]:
    """All sheets' member rows as one set of columns: (data, row numbers, sheet index per row, count)."""
    if len(book.sheets) == 1:
        sheet = book.sheets[0]
        return sheet.data, sheet.row_numbers, [0] * len(sheet.row_numbers), len(sheet.row_numbers)
    names = list(dict.fromkeys(name for sheet in book.sheets for name in sheet.data))
    data: dict[str, list[object]] = {name: [] for name in names}
    numbers: list[int] = []
    sheet_of: list[int] = []
    for position, sheet in enumerate(book.sheets):
        n = len(sheet.row_numbers)
        for name in names:
            data[name].extend(sheet.data.get(name) or [None] * n)
        numbers.extend(sheet.row_numbers)
        sheet_of.extend([position] * n)
    return data, numbers, sheet_of, len(numbers)


def _book_notes(book: MemberWorkbook) -> list[str]:
    notes = []
    if len(book.sheets) > 1:
        notes.append("Đọc " + str(len(book.sheets)) + " trang có danh sách: " + "; ".join(
            f"«{s.sheet_name}» ({_n(len(s.row_numbers))} dòng, tiêu đề ở dòng {s.header_row})" for s in book.sheets))
    for name, reason in book.skipped_sheets:
        notes.append(f"Bỏ qua trang «{name}»: {reason}")
    for sheet in book.sheets:
        if sheet.group_from_sheet_name:
            notes.append(f"Trang «{sheet.sheet_name}» không có cột «Tổ công đoàn»: các đoàn viên trong trang "
                         f"được ghi vào tổ «{sheet.group_from_sheet_name}» (tên trang)")
        if sheet.groups_from_headings:
            notes.append(f"{_n(sheet.groups_from_headings)} đoàn viên chưa ghi tổ được xếp vào tổ theo dòng tiêu đề "
                         "nhóm ngay phía trên (ví dụ «I. PHÒNG KẾ TOÁN» → tổ «Phòng kế toán»)")
        if sheet.skipped:
            notes.append(f"Bỏ qua {_n(len(sheet.skipped))} dòng không phải đoàn viên (tiêu đề nhóm, dòng cộng, "
                         "phần ký tên): xem danh sách «Cần kiểm tra».")
    return notes


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a roster creates millions of objects (every cell) and no reference cycles: Python's
    cyclic garbage collector would scan them again and again as they are made (a third of the time
    of a 100,000-row import). It is paused for the import and restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepare_import(db: Database, unit_id: int, path: str | Path, progress: ProgressLike | None = None,
                   *, today: dt.date | None = None, workbook: MemberWorkbook | None = None) -> ImportPlan:
    """Read and check a member list; nothing is written. Raises SheetError for an unusable file.
    `workbook` is the file already read (the command line reads it while the rest starts up)."""
    with _collector_paused():
        return _prepare(db, unit_id, path, progress, today, book=workbook)


def check_sheet(db: Database, unit_id: int, path: str | Path, progress: ProgressLike | None,
                today: dt.date | None, workbook: MemberWorkbook | None = None) -> ImportPlan:
    """`prepare_import` for an update from an updated list: the rows are checked the same way, but
    only duplicates inside the file are errors (a row like a member already in the list is that
    member, matched by `member_update`)."""
    return _prepare(db, unit_id, path, progress, today, against_list=False, book=workbook)


def _prepare(db: Database, unit_id: int, path: str | Path, progress: ProgressLike | None,
             today: dt.date | None, against_list: bool = True, book: MemberWorkbook | None = None) -> ImportPlan:
    today = today or dt.date.today()
    if progress is not None:
        progress.report(0, 0, "Đang đọc tệp…")
    if book is None:
        book = read_member_workbook(path)
    with db.reading() as session:
        known = _known(session, unit_id) if against_list else known_groups(session, unit_id)
        unit = session.get(Unit, unit_id)
        own_names = (unit.name, unit.employer) if unit is not None else ()
    if progress is not None:
        progress.check()
        progress.report(0, 0, "Đang kiểm tra…")
    data, numbers, sheet_of, total = _merge_sheets(book)
    several = len(book.sheets) > 1
    sheet_names = [s.sheet_name for s in book.sheets]
    first = book.sheets[0]
    labels: dict[str, str] = {}
    for sheet in book.sheets:
        for name in sorted(sheet.columns, key=sheet.columns.__getitem__):
            labels.setdefault(name, sheet.column_labels.get(name, label_of(name)))
    unknown = list(dict.fromkeys(label for s in book.sheets for label in s.unknown_columns))
    plan = ImportPlan(unit_id, book.path, "», «".join(sheet_names), first.header_row, labels, unknown, total, 0,
                      notes=_book_notes(book), sheets=sheet_names, row_numbers=numbers, imported_on=today,
                      other_union=other_union([line for s in book.sheets for line in s.title_lines], *own_names))
    checked = plan.checked = validate_rows(data, total, today)
    where: Callable[[int], str] = (lambda i: f" (trang «{sheet_names[sheet_of[i]]}»)") if several else (lambda i: "")
    dup_errors, dup_warnings = find_duplicates(checked, numbers, known, where)
    if progress is not None:
        progress.check()

    def issue(i: int, name: str, message: str, value: str | None = None) -> RowIssue:
        shown = display((data.get(name) or [None] * total)[i], name) if value is None else value
        return RowIssue(numbers[i], _label(name), shown, message + where(i), name, sheet_names[sheet_of[i]])

    # An update checks the closed periods itself: a matched member's unchanged join date writes nothing.
    closed = closed_join_dates(db, unit_id, checked, total) if against_list else {}
    for i, message in closed.items():
        dup_errors.setdefault(i, []).append((JOIN_DATE_FIELD, display(checked.values["join_date"][i], "join_date"),
                                             message))
    latest = _latest_closed(db, unit_id)
    joins = checked.values["join_date"]
    undated = [i for i in range(total) if joins[i] is None and i not in checked.errors] \
        if latest is not None and None in joins else []
    if undated and latest is not None:
        plan.notes.append(
            f"{_n(len(undated))} đoàn viên không có ngày vào công đoàn: không làm thay đổi số liệu của "
            f"{Period.parse(latest.code).label.lower()} đã chốt (số liệu kỳ đã chốt được lưu lại khi chốt); "
            "họ được tính từ các kỳ chưa chốt")
    for i in sorted(checked.errors.keys() | dup_errors.keys()):
        plan.errors += [issue(i, f.field, f.message) for f in checked.errors.get(i, ())]
        plan.errors += [RowIssue(numbers[i], _label(f), v, m, f, sheet_names[sheet_of[i]]) for f, v, m in
                        dup_errors.get(i, ())]
    warned: dict[int, list[RowIssue]] = {}
    for i in checked.warnings.keys() | dup_warnings.keys():
        warned[i] = [issue(i, f.field, f.message) for f in checked.warnings.get(i, ())] + [
            RowIssue(numbers[i], _label(f), v, m, f, sheet_names[sheet_of[i]]) for f, v, m in dup_warnings.get(i, ())]
    if checked.first_job_title_row is not None:
        i = checked.first_job_title_row
        titles = sorted(checked.job_titles, key=lambda t: -checked.job_titles[t])
        shown = ", ".join(titles[:4]) + ("…" if len(titles) > 4 else "")
        warned.setdefault(i, []).append(RowIssue(
            numbers[i], JOB_TITLE_LABEL, titles[0], f"Cột «{labels.get(JOB_TITLE, JOB_TITLE_LABEL)}» ghi chức danh "
            f"công việc ({shown}), không phải chức vụ công đoàn: bỏ qua ở {_n(sum(checked.job_titles.values()))} "
            "dòng; chỉ nhận các chức vụ công đoàn (Chủ tịch, Tổ trưởng…) ghi trong cột này", JOB_TITLE,
            sheet_names[sheet_of[i]]))
    skipped = [(position, RowIssue(row.row_number, labels.get(row.field, label_of(row.field)) if row.field else "",
                                   row.text, row.reason + (f" (trang «{sheet.sheet_name}»)" if several else ""),
                                   row.field, sheet.sheet_name))
               for position, sheet in enumerate(book.sheets) for row in sheet.skipped]
    flat = [(sheet_of[i], numbers[i], w) for i, ws in warned.items() for w in ws]
    flat += [(position, w.row, w) for position, w in skipped]
    flat.sort(key=lambda item: (item[0], item[1]))
    plan.warnings = [w for _, _, w in flat]
    bad = set(checked.errors) | set(dup_errors)
    plan.valid = [i for i in range(total) if i not in bad] if bad else list(range(total))
    plan.valid_count = len(plan.valid)
    plan.new_groups = _new_groups(checked.values["group_name"], plan.valid, known)
    preview_fields = list(labels)
    for i in range(min(PREVIEW_ROWS, total)):
        plan.preview.append({name: display((data.get(name) or [None] * total)[i], name) for name in preview_fields})
        plan.preview_rows.append(numbers[i])
        plan.preview_status.append("error" if i in bad else "warning" if i in warned else "ok")
    if progress is not None:
        progress.report(total, total, "Đã kiểm tra xong")
    return plan


JOIN_DATE_FIELD = "join_date"


def closed_join_dates(db: Database, unit_id: int, checked: CheckedRows, total: int) -> dict[int, str]:
    """Rows whose join date falls on or before the end of a closed period: each would change
    that period's figures, so the row is refused, naming the period (it must be reopened first)."""
    with db.reading() as session:
        periods = closed_periods(session, unit_id)
    if not periods:
        return {}
    out: dict[int, str] = {}
    for i in range(total):
        joined = checked.values["join_date"][i]
        if not isinstance(joined, dt.date):
            continue
        hit = next((row for row in periods if joined <= row.end_date), None)
        if hit is not None:
            out[i] = (f"Ngày vào công đoàn thuộc {Period.parse(hit.code).label.lower()} đã chốt số liệu ngày "
                      f"{hit.closed_at:%d/%m/%Y} (lần {hit.revision}): nhập dòng này sẽ làm thay đổi số liệu đã "
                      f"báo cáo. Hãy mở lại kỳ {hit.code} ở trang Báo cáo trước khi nhập")
    return out


def _latest_closed(db: Database, unit_id: int) -> ReportingPeriod | None:
    with db.reading() as session:
        periods = closed_periods(session, unit_id)
    return periods[-1] if periods else None


def _new_groups(groups: list[object], valid: list[int], known: _Known) -> list[str]:
    found: dict[str, str] = {}
    for name in dict.fromkeys(groups[i] for i in valid) if len(valid) != len(groups) else dict.fromkeys(groups):
        if name:
            key = fold(name)  # type: ignore[arg-type]
            if key not in known.groups and key not in found:
                found[key] = name  # type: ignore[assignment]
    return list(found.values())


def _member_columns(plan: ImportPlan, checked: CheckedRows, first_id: int, group_ids: dict[str, int],
                    imported_on: dt.date | None = None) -> tuple[dict[str, Sequence[object]], list[dict[str, object]]]:
    """The member table's columns for the rows to import, and the positions they hold."""
    values = checked.values
    valid = plan.valid
    whole = len(valid) == checked.count

    def pick(column: Sequence[T]) -> list[T]:
        return list(column) if whole else [column[i] for i in valid]

    count = len(valid)
    names, givens = pick(checked.full_names()), pick(checked.texts("given_name"))
    distinct = set(names)
    folded = fold_all(distinct)
    # One key per distinct name, given name last; then the rows whose given name is another part.
    by_name = {name: name_sort_key(name) for name in distinct}
    sort_keys = list(map(by_name.__getitem__, names))  # one look-up per row, in C
    for offset in _given_not_last(checked, valid, whole, names, givens):
        sort_keys[offset] = name_sort_key(names[offset], givens[offset])
    group_names = pick(checked.texts("group_name"))
    group_of = {name: group_ids.get(fold(name)) if name else None for name in set(group_names)}
    groups = list(map(group_of.__getitem__, group_names))
    gender_code: dict[object, str | None] = {None: None, Gender.MALE: Gender.MALE.value,
                                             Gender.FEMALE: Gender.FEMALE.value}
    columns: dict[str, Sequence[object]] = {
        "id": list(range(first_id, first_id + count)), "full_name": names,
        "given_name": givens, "name_folded": list(map(folded.__getitem__, names)),
        "sort_key": sort_keys,
        "gender": list(map(gender_code.__getitem__, pick(values["gender"]))), "birth_date": pick(values["birth_date"]),
        "citizen_id": pick(values["citizen_id"]), "card_number": pick(values["card_number"]), "group_id": groups,
        "department": pick(values["department"]), "join_date": pick(values["join_date"]),
        "phone": pick(values["phone"]), "note": pick(values["note"])}
    positions: list[dict[str, object]] = []
    roles_of = pick(values["roles"])
    for offset in compress(count_from(), roles_of):  # the few rows holding a position
        for role in role_tuple(roles_of[offset]):
            # The start of a position already held is not in the file: it starts on the import day,
            # so it counts from the period in progress on, never backwards in earlier periods.
            positions.append({"member_id": first_id + offset, "role": role.value, "start_date": imported_on,
                              "end_date": None, "group_id": groups[offset] if role.is_group_lead else None})
    return columns, positions


def _given_not_last(checked: CheckedRows, valid: list[int], whole: bool, names: list[str],
                    givens: list[str | None]) -> list[int]:
    """Offsets among the rows to import whose given name is not the last word of their name."""
    rows = checked.given_not_last
    if rows is None:  # not known: compare
        return [offset for offset, (given, last) in enumerate(zip(givens, _last_words(names), strict=True))
                if given != last]
    if whole:
        return rows
    offset_of = {row: offset for offset, row in enumerate(valid)}
    return [offset_of[row] for row in rows if row in offset_of]


def _clashes(plan: ImportPlan, checked: CheckedRows, known: _Known) -> list[str]:
    """Duplicates that appeared in the database after the plan was checked."""
    if not known.citizen_ids and not known.name_births:
        return []
    ids, names, births = checked.texts("citizen_id"), checked.full_names(), checked.dates("birth_date")
    out = []
    for i in plan.valid:
        cid, birth = ids[i], births[i]
        if cid and cid in known.citizen_ids:
            out.append(f"dòng {plan.row_numbers[i]}")
        elif birth and (names[i].lower(), birth) in known.name_births:
            out.append(f"dòng {plan.row_numbers[i]}")
    return out


def commit_import(db: Database, unit_id: int, plan: ImportPlan, progress: ProgressLike | None = None, *,
                  backup: bool = True) -> ImportResult:
    """Write a checked plan: all of it in one transaction, or nothing. A backup is taken first
    (`backup`), so that the import can be undone (`services.protect.import_undo`)."""
    with _collector_paused():
        return _commit(db, unit_id, plan, progress, backup)


def _commit(db: Database, unit_id: int, plan: ImportPlan, progress: ProgressLike | None,
            backup: bool) -> ImportResult:
    if not plan.ok:
        raise Conflict(f"Tệp còn {len(plan.error_rows)} dòng lỗi: hãy sửa trong tệp rồi nhập lại; chưa nhập gì")
    if plan.unit_id != unit_id:
        raise Conflict("Kết quả kiểm tra thuộc đơn vị khác; hãy kiểm tra lại tệp")
    checked = plan.checked
    if not plan.valid or checked is None:
        raise Conflict("Tệp không có đoàn viên nào để nhập")
    total = len(plan.valid)
    if progress is not None:
        progress.report(0, total, "Đang sao lưu trước khi nhập…")
    saved = backup_before_import(db) if backup else None
    now = dt.datetime.now().replace(microsecond=0)
    with bulk.write_transaction(db, total) as session:
        bulk.begin_write(session)
        known = _known(session, unit_id)
        clashes = _clashes(plan, checked, known)
        if clashes:
            raise Conflict("Danh sách đoàn viên đã thay đổi từ lúc kiểm tra (trùng ở "
                           + ", ".join(clashes[:5]) + ("…" if len(clashes) > 5 else "") + "): hãy kiểm tra lại tệp")
        groups = checked.texts("group_name")
        wanted = groups if len(plan.valid) == len(groups) else [groups[i] for i in plan.valid]
        group_ids, created = _ensure_groups(session, unit_id, wanted, known)
        members = bulk.table_of(Member)
        first_id = bulk.first_free_id(session, members)
        columns, positions = _member_columns(plan, checked, first_id, group_ids, plan.imported_on or now.date())

        def step(done: int) -> None:
            if progress is not None:
                progress.check()
                progress.report(done, total, f"Đang ghi {done:,}/{total:,} đoàn viên…".replace(",", "."))

        step(0)
        bulk.insert_columns(session, members, columns, total, step,
                            rebuild_indexes=True, constants={"unit_id": unit_id, "status": MemberStatus.ACTIVE.value,
                                                             "created_at": now, "updated_at": now})
        bulk.sync_id_sequence(session, members)
        if positions:
            bulk.insert_rows(session, bulk.table_of(Position), positions)
        summary = f"Nhập {total} đoàn viên từ tệp «{plan.file_name}» (trang «{plan.sheet_name}»)"
        if created:
            summary += f"; tạo {len(created)} tổ công đoàn mới: " + ", ".join(created)
        audit.record(session, "import", "member", None, unit_id=unit_id, summary=summary,
                     new={"file": plan.file_name, "sheet": plan.sheet_name, "members": total,
                          "first_member_id": first_id, "positions": len(positions), "groups_created": created,
                          "backup": saved})
        if progress is not None:
            progress.check()  # the last moment a cancel can still roll everything back
    return ImportResult(total, created, len(positions))


def _ensure_groups(session: Session, unit_id: int, names: Iterable[str | None],
                   known: _Known) -> tuple[dict[str, int], list[str]]:
    """Folded group name → id, creating the groups the unit does not have yet."""
    ids = {folded: gid for folded, (gid, _name) in known.groups.items()}
    wanted: dict[str, str] = {}
    for name in dict.fromkeys(names):
        if name:
            key = fold(name)
            if key not in ids and key not in wanted:
                wanted[key] = name
    if wanted:
        table = bulk.table_of(UnionGroup)
        first = bulk.first_free_id(session, table)
        rows: list[dict[str, object]] = [{"id": first + i, "unit_id": unit_id, "name": name, "name_folded": key}
                                         for i, (key, name) in enumerate(wanted.items())]
        bulk.insert_rows(session, table, rows)
        bulk.sync_id_sequence(session, table)
        ids.update({key: first + i for i, key in enumerate(wanted)})
    return ids, list(wanted.values())
