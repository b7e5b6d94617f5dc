"""Validation of many member records at once, column by column (the spreadsheet import).

A roster repeats most of its values (genders, dates, groups, positions, given names): each column
is checked once per distinct value with the checks of `domain.member_fields`, then the outcomes
are spread back over the rows; only the few checks that join two fields (the given name ends the
full name, joining the union before the age of 15, a citizen id against birth year and gender)
run per row. `validation.validate_member` is this with one row, so a form and an import follow
exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, count, repeat
from typing import TypeVar, cast

from kh06_desktop.domain import member_fields as mf
from kh06_desktop.domain.citizen_id import future_birth_year, mismatch_warnings
from kh06_desktop.domain.enums import Gender, Role

FIELD_LABELS = {
    "full_name": "Họ và tên",
    "given_name": "Tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "citizen_id": "Số CCCD",
    "card_number": "Số thẻ đoàn viên",
    "group_name": "Tổ công đoàn",
    "roles": "Chức vụ công đoàn",
    "department": "Đơn vị/Bộ phận",
    "join_date": "Ngày vào công đoàn",
    "phone": "Điện thoại",
    "note": "Ghi chú",
}
JOB_TITLE = "job_title"  # a plain "Chức vụ" column: positions taken from it, job titles ignored
TEXT_LIMITS = {"card_number": 40, "group_name": 120, "department": mf.MAX_TEXT, "note": mf.MAX_NOTE}
Flagged = list[tuple[int, mf.Outcome]]  # (row index, outcome) of the rows with an error or a warning
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldIssue:
    field: str
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(slots=True)
class CheckedRows:
    """Clean values per field (one list entry per row) and the issues of the rows that have any."""

    count: int
    values: dict[str, list[object]]
    errors: dict[int, list[FieldIssue]] = field(default_factory=dict)
    warnings: dict[int, list[FieldIssue]] = field(default_factory=dict)
    job_titles: dict[str, int] = field(default_factory=dict)  # ignored job title → rows holding it
    first_job_title_row: int | None = None
    # Rows whose given name was typed other than the last word of the name (their sort key needs
    # both); every other row's given name is that last word. None: not known.
    given_not_last: list[int] | None = None

    def ok(self, index: int) -> bool:
        return index not in self.errors

    # Typed views of the columns whose checks give one kind of value (the lists themselves, not copies).
    def full_names(self) -> list[str]:
        """'full_name': name_outcome always gives text ("" for an empty cell)."""
        return cast(list[str], self.values["full_name"])

    def texts(self, name: str) -> list[str | None]:
        """A text column (citizen_id, phone, card_number, group_name, department, note): text or None."""
        return cast(list[str | None], self.values[name])

    def dates(self, name: str) -> list[dt.date | None]:
        """'birth_date' or 'join_date': a date or None."""
        return cast(list[dt.date | None], self.values[name])


def _lines_of(column: Sequence[object]) -> str | None:
    """The column joined by newlines, when every cell is text without a line break of its own."""
    try:
        joined = "\n".join(column)  # type: ignore[arg-type]
    except TypeError:  # a cell that is not text
        return None
    return joined if joined.count("\n") == len(column) - 1 else None


def _digits(joined: str) -> bool:
    """Only ASCII digits between the line breaks (or nothing at all)."""
    digits = joined.replace("\n", "")
    return not digits or (digits.isascii() and digits.isdigit())


def _clean_ids(column: Sequence[str], joined: str, lengths: set[int]) -> bool:
    """Every cell empty or 12 digits."""
    return lengths <= {0, 12} and _digits(joined)


def _clean_phones(column: Sequence[str], joined: str, lengths: set[int]) -> bool:
    """Every cell empty or 0 and 9 digits (a line of digits starts with 0 exactly after a break)."""
    filled = len(column) - column.count("")
    return lengths <= {0, 10} and _digits(joined) and joined.count("\n0") + (joined[:1] == "0") == filled


def _clean_text(column: Sequence[str], joined: str, lengths: set[int]) -> bool:
    """Every cell empty or printable ASCII words with single spaces between them."""
    return joined.isascii() and joined.replace("\n", "").isprintable() and "  " not in joined \
        and " \n" not in joined and "\n " not in joined and joined[:1] != " " and joined[-1:] != " "


# Values these tests accept are clean as they are (their check returns them unchanged). Each is a
# few scans of the joined column in C: ids, phones and card numbers are all different, so checking
# them one by one would cost a call per row. They get the set of the cells' lengths beside.
_CLEAN: dict[str, Callable[[Sequence[str], str, set[int]], bool]] = {
    "citizen_id": _clean_ids, "phone": _clean_phones, "text": _clean_text}


_BLANK: dict[object, object] = {"": None}


def _blank_as_none(column: Sequence[object]) -> list[object]:
    """The column with its empty cells ("") as None, in C; for columns without other false values."""
    return list(map(_BLANK.get, column, column))


def _already_clean(column: Sequence[object], clean: Callable[[Sequence[str], str, set[int]], bool],
                   limit: int = 1 << 30) -> list[object] | None:
    """The column itself (empty cells as None) when every cell is text `clean` accepts; else None.
    The tests hold for a column when they hold for each of its cells: the first cell is tried
    alone first (a Vietnamese department or group name fails there, before the whole is joined)."""
    first = column[0] if column else None
    if not isinstance(first, str) or not clean([first], first, {len(first)}):
        return None
    joined = _lines_of(column)
    if joined is None:
        return None
    texts = cast(Sequence[str], column)  # every cell is a str: joining them succeeded
    lengths = set(map(len, texts))
    if not clean(texts, joined, lengths) or max(lengths, default=0) > limit:
        return None
    return _blank_as_none(column) if 0 in lengths else list(column)


def _clean_dates(column: Sequence[object], check: Callable[[object], mf.Outcome]) -> list[object] | None:
    """The column itself (empty cells as None) when every cell is a plain date (or empty) and the
    earliest and the latest pass `check` unchanged: a date check (not in the future, an age within
    bounds) accepts every date between two it accepts. Else None (checked value by value)."""
    try:
        distinct = set(column)
    except TypeError:
        return None
    distinct.discard("")
    distinct.discard(None)
    if not distinct or set(map(type, distinct)) != {dt.date}:
        return None
    dates = cast(set[dt.date], distinct)
    for edge in (min(dates), max(dates)):
        value, error, warning = check(edge)
        if value is not edge or error is not None or warning is not None:
            return None
    return _blank_as_none(column) if "" in column or None in column else list(column)


_WORD = r"[^\W\d_]+(?:['\-][^\W\d_]+)*"
_NAME = f"{_WORD}(?: {_WORD})+"  # what name_outcome keeps as it is: letters, single spaces, two words or more
_CLEAN_NAMES = re.compile(f"{_NAME}(?:\n{_NAME})*")


def _clean_names(column: Sequence[object]) -> list[object] | None:
    """The names themselves when every distinct one is already clean (NFC, letters and single spaces,
    two words or more, not all in capitals or all in lower case): one regular expression over the
    distinct names joined; else None."""
    try:
        distinct = set(column)
    except TypeError:
        return None
    if len(column) <= 64 or set(map(type, distinct)) != {str}:
        return None
    texts = cast(set[str], distinct)  # every value is a str: checked just above
    joined = "\n".join(texts)
    if max(map(len, texts)) > mf.MAX_NAME or not _CLEAN_NAMES.fullmatch(joined) \
            or not unicodedata.is_normalized("NFC", joined) \
            or any(name.isupper() or name.islower() for name in texts):
        return None
    return list(column)


def _spread(column: Sequence[T], check: Callable[[T], mf.Outcome],
            quick: Callable[[Sequence[object]], list[object] | None] | None = None) -> tuple[list[object], Flagged]:
    """(clean values, [(row index, outcome)] of rows with an error or warning). `quick` may take a
    long column whole when it sees every cell is clean (`_already_clean`, `_clean_dates`)."""
    if quick is not None and len(column) > 64:
        already = quick(column)
        if already is not None:
            return already, []
    try:
        distinct = set(column)
        if (True in distinct or False in distinct) and any(value.__class__ is bool for value in distinct):
            raise TypeError  # True == 1 == 1.0 as dict keys: check such a column value by value
    except TypeError:  # unhashable cells (the form passes a list of roles)
        outcomes = [check(value) for value in column]
        flagged = [(i, o) for i, o in enumerate(outcomes) if o[1] is not None or o[2] is not None]
        return [o[0] for o in outcomes], flagged
    memo: dict[object, mf.Outcome] = {value: check(value) for value in distinct}
    empty = memo[""][0] if "" in memo else ""
    if (empty == "" or empty is None) and all(o[0] is value or value == "" for value, o in memo.items()) \
            and all(value or value == "" for value in memo):
        # Every value is already clean (dates, ids, text): no second look-up per row; an empty
        # cell ("") stays "" or becomes None as its check says.
        values: list[object] = list(column) if empty == "" else _blank_as_none(column)
    else:
        values = [memo[value][0] for value in column]
    bad = {value for value, o in memo.items() if o[1] is not None or o[2] is not None}
    flagged = [(i, memo[value]) for i, value in enumerate(column) if value in bad] if bad else []
    return values, flagged


def validate_rows(columns: Mapping[str, Sequence[object]], count: int, today: dt.date | None = None) -> CheckedRows:
    """Check `count` records given as columns (field → raw values); missing fields are empty."""
    today = today or dt.date.today()
    result = CheckedRows(count, {})
    errors, warnings, values = result.errors, result.warnings, result.values
    empty: list[object] = [None] * count

    def note(name: str, flagged: Flagged) -> None:
        for index, (_value, error, warning) in flagged:
            if error is not None:
                errors.setdefault(index, []).append(FieldIssue(name, error))
            if warning is not None:
                warnings.setdefault(index, []).append(FieldIssue(name, warning))

    def column(name: str) -> Sequence[object]:
        return columns.get(name) or empty

    clean_names = _clean_names(column("full_name"))
    flagged: Flagged = []
    if clean_names is None:
        clean_names, flagged = _spread(column("full_name"), mf.name_outcome)
    values["full_name"] = clean_names
    names = result.full_names()
    note("full_name", flagged)
    typed_given = columns.get("given_name")
    if typed_given:
        # Most typed given names are the last word of the name: only the others are checked.
        given, flagged = _last_words(names), []
        others = list(compress(range(count), map(operator.ne, given, typed_given))) if given != typed_given else []
        result.given_not_last = others
        if others:
            checked, flagged = _spread([(names[i], typed_given[i]) for i in others],
                                       lambda pair: mf.given_outcome(*pair))
            for i, value in zip(others, checked, strict=True):
                given[i] = value
            flagged = [(others[i], outcome) for i, outcome in flagged]
        values["given_name"] = given
    else:  # the last word of each name (mf.given_outcome of an empty given name)
        values["given_name"], flagged, result.given_not_last = _last_words(names), [], []
    note("given_name", flagged)
    birth_check = mf.date_outcome(FIELD_LABELS["birth_date"], today, birth=True)
    join_check = mf.date_outcome(FIELD_LABELS["join_date"], today, birth=False)
    for name, check, quick in (("gender", mf.gender_outcome, None),
                               ("birth_date", birth_check, partial(_clean_dates, check=birth_check)),
                               ("join_date", join_check, partial(_clean_dates, check=join_check))):
        if name in columns:
            values[name], flagged = _spread(columns[name], check, quick)
            note(name, flagged)
        else:
            values[name] = empty
    births, joins = result.dates("birth_date"), result.dates("join_date")
    if "birth_date" in columns and "join_date" in columns:
        for index, (birth, joined) in enumerate(zip(births, joins, strict=True)):
            if birth is not None and joined is not None and joined.year - birth.year < mf.MIN_AGE:
                errors.setdefault(index, []).append(
                    FieldIssue("join_date", f"Ngày vào công đoàn khi chưa đủ {mf.MIN_AGE} tuổi"))
    if "citizen_id" in columns:
        values["citizen_id"], flagged = _spread(columns["citizen_id"], mf.citizen_id_outcome,
                                                partial(_already_clean, clean=_CLEAN["citizen_id"]))
        note("citizen_id", flagged)
        _check_future_years(result.texts("citizen_id"), today.year, errors)
        _check_ids_against_person(result.texts("citizen_id"), births, values["gender"], warnings)
    else:
        values["citizen_id"] = empty
    if "phone" in columns:
        values["phone"], flagged = _spread(columns["phone"], mf.phone_outcome,
                                           partial(_already_clean, clean=_CLEAN["phone"]))
        note("phone", flagged)
    else:
        values["phone"] = empty
    _roles(columns, count, result)
    for name, limit in TEXT_LIMITS.items():
        values[name] = (_spread(columns[name], mf.text_outcome(limit),
                                partial(_already_clean, clean=_CLEAN["text"], limit=limit))[0] if name in columns
                        else empty)
    return result


def _last_words(names: Sequence[str]) -> list[object]:
    """The last word of each name (its default given name)."""
    last = {name: name.rsplit(" ", 1)[-1] for name in set(names)}
    return list(map(last.__getitem__, names))  # "" for an empty name


def _check_future_years(ids: list[str | None], current_year: int, errors: dict[int, list[FieldIssue]]) -> None:
    """An id whose digits 4-6 encode a birth year after this year is an error (checked once per
    distinct century-and-year code); the id is then dropped from the row's values, so it is not also
    compared with the date of birth."""
    codes = {cid[3:6] for cid in ids if cid is not None}
    bad = {code: message for code in codes
           if (message := future_birth_year("000" + code + "000000", current_year)) is not None}
    if not bad:
        return
    for index, cid in enumerate(ids):
        if cid is not None and cid[3:6] in bad:
            errors.setdefault(index, []).append(FieldIssue("citizen_id", bad[cid[3:6]]))
            ids[index] = None


def _check_ids_against_person(ids: Sequence[str | None], births: Sequence[dt.date | None], genders: Sequence[object],
                              warnings: dict[int, list[FieldIssue]]) -> None:
    """Digits 4-6 of a citizen id against birth year and gender: flagged, never refused. Digit 4 is
    2 × (century - 19) + 1 for a woman; digits 5-6 the year within the century."""
    female = Gender.FEMALE
    if None not in births and None not in genders:
        # Every row has its birth date and gender (a complete list): digits 4-6 are one code per
        # birth date and gender, compared row by row in C; rows without an id are left out.
        dates = cast(list[dt.date], births)
        distinct = set(dates)
        by_year = {year: (f"{2 * (year // 100 - 19)}{year % 100:02d}", f"{2 * (year // 100 - 19) + 1}{year % 100:02d}")
                   for year in {b.year for b in distinct}}
        codes = ({b: by_year[b.year][0] for b in distinct}, {b: by_year[b.year][1] for b in distinct})  # man, woman
        expected = map(dict.__getitem__, map(codes.__getitem__, map(operator.is_, genders, repeat(female))), dates)
        texts = cast(list[str], [cid or "" for cid in ids] if None in ids else ids)
        suspects: list[int] = [i for i in compress(count(), map(operator.not_, map(str.startswith, texts, expected,
                                                                                     repeat(3))))
                               if ids[i] is not None]
    else:
        year_digits: dict[dt.date | None, tuple[str, int]] = {
            b: (f"{b.year % 100:02d}", b.year // 100 - 19) for b in set(births) if b is not None}
        year_digits[None] = ("", 0)
        suspects = [i for i, (cid, birth, gender) in enumerate(zip(ids, births, genders, strict=True))
                    if cid is not None
                    and ((birth is not None and (cid[4:6] != year_digits[birth][0]
                                                 or (ord(cid[3]) - 48) // 2 != year_digits[birth][1]))
                         or (gender is not None and (ord(cid[3]) & 1 == 1) != (gender is female)))]
    for index in suspects:
        gender = genders[index]
        warnings.setdefault(index, []).extend(
            FieldIssue("citizen_id", message) for message in
            mismatch_warnings(ids[index], births[index], None if gender is None else gender is female))  # type: ignore[arg-type]


def _roles(columns: Mapping[str, Sequence[object]], count: int, result: CheckedRows) -> None:
    """Positions from 'Chức vụ công đoàn' (strict) or, without it, a plain 'Chức vụ' (lenient)."""
    if "roles" in columns:
        roles, flagged = _spread(columns["roles"], mf.roles_outcome)
        for index, (_value, error, _warning) in flagged:
            if error is not None:  # roles_outcome never warns: every flagged row has an error
                result.errors.setdefault(index, []).append(FieldIssue("roles", error))
    elif JOB_TITLE in columns:
        roles, flagged = _spread(columns[JOB_TITLE], mf.job_title_outcome)
        for index, (_value, _error, ignored) in flagged:
            if ignored is None:  # job_title_outcome never errs: every flagged row has ignored titles
                continue
            result.job_titles[ignored] = result.job_titles.get(ignored, 0) + 1
            if result.first_job_title_row is None:
                result.first_job_title_row = index
    else:
        roles = [()] * count
    result.values["roles"] = roles


def draft_values(rows: CheckedRows, index: int) -> dict[str, object]:
    """The clean values of one row, keyed as MemberDraft's fields."""
    values = rows.values
    return {name: values[name][index] for name in (
        "full_name", "given_name", "gender", "birth_date", "citizen_id", "card_number", "group_name", "department",
        "join_date", "phone", "note", "roles")}


def role_tuple(value: object) -> tuple[Role, ...]:
    return value if isinstance(value, tuple) else ()
