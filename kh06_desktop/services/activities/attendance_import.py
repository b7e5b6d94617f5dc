"""An attendance list from a spreadsheet (the signed sheet of a training or study session),
matched to members of the unit.

A row matches a member by citizen id, or else by full name (diacritics and case ignored)
together with date of birth. Nothing is guessed: a row whose id belongs to someone with a
different name, whose name and birth date fit no member or several, or that has neither an id
nor a birth date is reported with its row number, for the officer to add by hand. The header
row is found the way the member import finds it (`exchange.member_sheet`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kh06_desktop.domain.citizen_id import CitizenIdError, normalize_citizen_id
from kh06_desktop.domain.formats import DateError, parse_date
from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange.member_sheet import SheetError
from kh06_desktop.exchange.sheet_reader import read_member_sheet
from kh06_desktop.services.activities import studies, trainings
from kh06_desktop.services.common.errors import InvalidInput
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Member

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AttendanceMatch:
    row_number: int
    member_id: int
    full_name: str
    matched_by: str  # "Số CCCD" or "Họ tên và ngày sinh"


@dataclass(frozen=True, slots=True)
class AttendanceProblem:
    row_number: int
    name: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row_number}: {self.name or '(không có tên)'} — {self.message}"


@dataclass(frozen=True, slots=True)
class AttendancePreview:
    file_name: str
    matched: tuple[AttendanceMatch, ...]
    problems: tuple[AttendanceProblem, ...]

    @property
    def member_ids(self) -> list[int]:
        return [m.member_id for m in self.matched]


@dataclass(frozen=True, slots=True)
class _Wanted:
    row: int
    name: str
    folded: str
    birth: dt.date | None
    citizen_id: str | None


def _rows(path: Path) -> tuple[list[_Wanted], list[AttendanceProblem]]:
    try:
        sheet = read_member_sheet(path)
    except SheetError as exc:
        raise InvalidInput(str(exc)) from None
    if "birth_date" not in sheet.columns and "citizen_id" not in sheet.columns:
        raise InvalidInput(f"Tệp «{sheet.file_name}» cần có cột «Ngày sinh» hoặc «Số CCCD» để đối chiếu với "
                           "danh sách đoàn viên")
    wanted: list[_Wanted] = []
    problems: list[AttendanceProblem] = []
    for row in sheet.rows:
        name = nfc(str(row.values.get("full_name") or ""))
        if not name:
            problems.append(AttendanceProblem(row.row_number, "", "thiếu họ và tên"))
            continue
        try:
            birth = parse_date(row.values.get("birth_date"))
        except DateError as exc:
            reason = str(exc)
            text = "ngày sinh" + reason[4:] if reason.startswith("Ngày ") else f"ngày sinh: {reason}"
            problems.append(AttendanceProblem(row.row_number, name, text))
            continue
        try:
            cid = normalize_citizen_id(row.values.get("citizen_id"))
        except CitizenIdError as exc:
            problems.append(AttendanceProblem(row.row_number, name, str(exc)))
            continue
        if birth is None and cid is None:
            problems.append(AttendanceProblem(row.row_number, name, "thiếu ngày sinh và số CCCD để đối chiếu"))
            continue
        wanted.append(_Wanted(row.row_number, name, fold(name), birth, cid))
    return wanted, problems


def match_attendance(db: Database, unit_id: int, path: str | Path) -> AttendancePreview:
    """Read the file and match its rows to members; writes nothing."""
    path = Path(path)
    wanted, problems = _rows(path)
    by_cid: dict[str, tuple[int, str, str]] = {}
    by_name: dict[tuple[str, dt.date], list[tuple[int, str]]] = {}
    cids = sorted({w.citizen_id for w in wanted if w.citizen_id})
    names = sorted({w.folded for w in wanted if not w.citizen_id or w.birth})
    with db.reading() as session:  # set-based: one query per chunk of ids or names, not per row
        for i in range(0, len(cids), _CHUNK):
            for mid, full, folded, cid in session.execute(
                    select(Member.id, Member.full_name, Member.name_folded, Member.citizen_id)
                    .where(Member.unit_id == unit_id, Member.citizen_id.in_(cids[i:i + _CHUNK]))):
                if cid is not None:  # always: the IN filter leaves out NULL; this narrows the type
                    by_cid[cid] = (mid, full, folded)
        for i in range(0, len(names), _CHUNK):
            for mid, full, folded, birth in session.execute(
                    select(Member.id, Member.full_name, Member.name_folded, Member.birth_date)
                    .where(Member.unit_id == unit_id, Member.name_folded.in_(names[i:i + _CHUNK]),
                           Member.birth_date.is_not(None))):
                if birth is not None:  # always (IS NOT NULL above); this narrows the type
                    by_name.setdefault((folded, birth), []).append((mid, full))
    matched: list[AttendanceMatch] = []
    seen: dict[int, int] = {}
    for w in wanted:
        found: tuple[int, str, str] | None = None
        if w.citizen_id:
            hit = by_cid.get(w.citizen_id)
            if hit and hit[2] != w.folded:
                problems.append(AttendanceProblem(w.row, w.name, f"số CCCD {w.citizen_id} là của đoàn viên "
                                                  f"{hit[1]}, khác họ tên trong danh sách"))
                continue
            if hit:
                found = (hit[0], hit[1], "Số CCCD")
            elif not w.birth:
                problems.append(AttendanceProblem(w.row, w.name, f"không có đoàn viên nào mang số CCCD {w.citizen_id}"))
                continue
        if found is None and w.birth:
            hits = by_name.get((w.folded, w.birth), [])
            if len(hits) > 1:
                problems.append(AttendanceProblem(w.row, w.name, f"có {len(hits)} đoàn viên cùng họ tên và ngày sinh "
                                                  f"{w.birth:%d/%m/%Y}: hãy chọn tay"))
                continue
            if not hits:
                problems.append(AttendanceProblem(w.row, w.name, f"không tìm thấy đoàn viên cùng họ tên, sinh ngày "
                                                  f"{w.birth:%d/%m/%Y}"))
                continue
            found = (hits[0][0], hits[0][1], "Họ tên và ngày sinh")
        assert found is not None
        if found[0] in seen:
            problems.append(AttendanceProblem(w.row, w.name, f"trùng với dòng {seen[found[0]]}"))
            continue
        seen[found[0]] = w.row
        matched.append(AttendanceMatch(w.row, found[0], found[1], found[2]))
    problems.sort(key=lambda p: p.row_number)
    return AttendancePreview(path.name, tuple(matched), tuple(problems))


def import_training_attendance(db: Database, training_id: int, preview: AttendancePreview) -> int:
    """Add the matched members of a preview to a training; returns how many were new."""
    return trainings.add_attendees(db, training_id, preview.member_ids)


def import_study_attendance(db: Database, session_id: int, preview: AttendancePreview) -> int:
    return studies.add_attendees(db, session_id, preview.member_ids)
