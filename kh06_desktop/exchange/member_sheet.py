"""The member spreadsheet of DESIGN 6.2: reading any roster a union keeps, writing the same layout.

Reading (python-calamine: .xlsx, .xls, .ods): title rows may come first; the header row is the
row in the first 30 whose cells name the most known columns (case, diacritics, spacing and
"(dd/mm/yyyy)"-style hints ignored). A header may take two rows (merged cells over sub-labels:
"Ngày sinh" or "Năm sinh" over "Nam | Nữ" holds the birth date under the member's gender;
"Giới tính" over "Nam | Nữ" holds a mark such as "x"). A numbering row under the header ("1 2 3…"
or "(1) (2)…") is skipped, and cells merged down a column (a group name spanning its members)
are filled into every row they cover. Section headings, subtotals and the signature block are
skipped and reported (`exchange.sheet_rows`). Values come back as the file holds them — text,
float, int, date — column by column; validation turns them into members.

Workbooks with several sheets: every visible sheet with a recognisable header and member rows is
read (a "Hướng dẫn" cover sheet or a summary without names is skipped and named in the report);
hidden sheets are read only when no visible sheet holds a list. When several sheets are read and
a sheet has no "Tổ công đoàn" column, its name is the union group of its members (unless it is a
generic name such as "Sheet2" or "Danh sách").

Writing (XlsxWriter, constant memory): title rows, then the header, then one row per member;
text is always written as a string (a cell starting with = + - @ never becomes a formula),
dates as real dates shown dd/mm/yyyy, citizen ids as text so leading zeros survive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kh06_desktop.domain.validation import FIELD_LABELS
from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange.sheet_guard import GuardError, check_spreadsheet
from kh06_desktop.exchange.sheet_rows import SkippedRow

HEADER_SCAN_ROWS = 30
SHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")

# Folded, compacted spellings (letters and digits only) of each column's header.
_ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "sott", "sothutu"),
    "full_name": ("hovaten", "hoten", "hovatendoanvien", "hotendoanvien", "hovatendv", "hotendv", "hovatencanbo",
                  "hotencanbo", "hovatennguoilaodong"),
    "family_middle": ("hovatendem", "hodem", "hovadem", "ho", "hovachulot"),
    "given_name": ("ten",),
    "birth_date": ("ngaysinh", "ngaythangnamsinh", "ngaythangsinh", "namsinh", "ngaysinhnamsinh"),
    "gender": ("gioitinh", "gioi", "namnu", "phai"),
    "gender_male": ("nam",),
    "gender_female": ("nu",),
    "citizen_id": ("socccd", "cccd", "socancuoc", "socancuoccongdan", "cancuoccongdan", "socccdcmnd",
                   "cccdcmnd", "sodinhdanh", "sodinhdanhcanhan", "socmndcccd", "cmndcccd", "socmnd", "cmnd",
                   "socmt", "cmt", "socmndhoaccccd", "socccdhoaccmnd", "cccdcmt", "socccdcmt"),
    "card_number": ("sothedoanvien", "sothedv", "sothe", "thedoanvien", "sothecongdoan", "sothecd"),
    "group_name": ("tocongdoan", "tocd", "to", "tocongdoanbophan", "thuocto", "thuoctocongdoan", "tocdbp"),
    "roles": ("chucvucongdoan", "chucvucd", "chucvutrongcongdoan", "chucvucdcs", "chucdanhcongdoan"),
    "job_title": ("chucvu", "chucdanh", "chucvuchucdanh", "chucvuchinhquyen", "chucvudangchinhquyen",
                  "chucvuhiennay", "chucvudangdoanthe", "chucvunghenghiep"),
    "department": ("donvibophan", "donvi", "bophan", "phongban", "donvicongtac", "bophancongtac", "phongbanbophan",
                   "noilamviec", "bophanlamviec", "phongbandonvi", "phongbanphanxuong", "phanxuong"),
    "join_date": ("ngayvaocongdoan", "ngayvaocd", "ngayketnap", "ngayketnapcongdoan", "ngayketnapdoanvien",
                  "ngayvaocongdoancoso", "ngayketnapcd", "ngayvaocdcs", "ngaygianhapcongdoan"),
    "phone": ("dienthoai", "sodienthoai", "sdt", "dt", "dtdd", "didong", "sodt", "dienthoaididong",
              "sodienthoaididong", "dienthoailienhe"),
    "note": ("ghichu",),
}
_BY_KEY = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_HINT = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_GENERIC_SHEET = re.compile(r"^(sheet|trang tinh|bang tinh|danh sach|ds|tong hop|tat ca|list)\b|^\d+$")
_NOT_MARKED = frozenset({"0", "khong", "-", "no"})
_INTERNAL = frozenset({"family_middle", "gender_male", "gender_female"})

# Column layout written by `write_member_sheet` (and so read back by `read_member_sheet`).
WRITE_ORDER = ("stt", "full_name", "given_name", "birth_date", "gender", "citizen_id", "card_number",
               "group_name", "roles", "department", "join_date", "phone", "note")
PERSONAL_FIELDS = frozenset({"birth_date", "citizen_id", "phone"})
STATUS_LABEL = "Trạng thái"  # written only when leavers are exported too; ignored on import
JOB_TITLE_LABEL = "Chức vụ"
_WIDTHS = {"status": 20, "stt": 6, "full_name": 28, "given_name": 10, "birth_date": 12, "gender": 9, "citizen_id": 15,
           "card_number": 14, "group_name": 24, "roles": 22, "department": 24, "join_date": 13, "phone": 13,
           "note": 30}


def label_of(name: str) -> str:
    """The Vietnamese column label of a field (as written in an exported file)."""
    if name == "stt":
        return "STT"
    if name == "job_title":
        return JOB_TITLE_LABEL
    return STATUS_LABEL if name == "status" else FIELD_LABELS.get(name, name)


class SheetError(Exception):
    """The file cannot be used as a member list; the message is Vietnamese, for the user."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    row_number: int  # 1-based, as Excel shows it
    values: dict[str, object]  # field → value as in the file (None when empty)


@dataclass(slots=True)
class MemberSheet:
    path: Path
    sheet_name: str
    header_row: int  # 1-based; the first row of the header
    columns: dict[str, int]  # field → 0-based column index
    column_labels: dict[str, str]  # field → label as written in the file
    unknown_columns: list[str]
    row_numbers: list[int] = field(default_factory=list)  # of the member rows, 1-based
    data: dict[str, list[object]] = field(default_factory=dict)  # field → value per member row ("" when empty)
    skipped: list[SkippedRow] = field(default_factory=list)
    groups_from_headings: int = 0  # member rows whose union group came from a section heading
    group_from_sheet_name: str | None = None
    title_lines: list[str] = field(default_factory=list)  # the text of the rows above the header

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def rows(self) -> list[SheetRow]:
        """The member rows one by one (a view of `data`)."""
        names = list(self.data)
        columns = [self.data[name] for name in names]
        return [SheetRow(number, {name: None if value == "" else value for name, value in zip(names, values,
                                                                                              strict=True)})
                for number, *values in zip(self.row_numbers, *columns, strict=True)]


@dataclass(slots=True)
class MemberWorkbook:
    path: Path
    sheets: list[MemberSheet]  # the sheets read, in workbook order
    skipped_sheets: list[tuple[str, str]]  # (sheet name, why it was not read)

    @property
    def file_name(self) -> str:
        return self.path.name


def header_key(text: object) -> str:
    """'Ngày sinh (dd/mm/yyyy)' → 'ngaysinh': how header cells are compared."""
    return _NON_ALNUM.sub("", fold(_HINT.sub(" ", str(text))))


def field_for_label(text: object) -> str | None:
    return _BY_KEY.get(header_key(text)) if isinstance(text, str) and text.strip() else None


# --- reading ---------------------------------------------------------------------------------


def _open_workbook(path: Path, checked: Callable[[], None] | None = None, *,  # type: ignore[no-untyped-def]
                   guarded_beside: bool = False):
    """The workbook, opened by python-calamine once `check_spreadsheet` accepted the file;
    `checked` is called between the two (the guard's verdict is in, the parse begins). With
    `guarded_beside` (a child process of `cli.sheet_sandbox`) the guard runs in the parent."""
    import python_calamine as calamine

    if not path.exists():
        raise SheetError(f"Không tìm thấy tệp: {path}")
    if path.is_dir():
        raise SheetError(f"Đường dẫn là một thư mục, không phải tệp bảng tính: {path}")
    if not path.is_file():
        raise SheetError(f"«{path.name}» không phải một tệp thường (thiết bị hoặc đường ống), không phải bảng tính")
    if path.stat().st_size == 0:
        raise SheetError(f"Tệp «{path.name}» rỗng (0 byte), không phải bảng tính")
    try:  # before python-calamine sees it: a hostile grid aborts the process, not just the import
        if not guarded_beside:
            check_spreadsheet(path)
    except GuardError as exc:
        raise SheetError(str(exc)) from None
    if checked is not None:
        checked()
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise SheetError(f"Tệp «{path.name}» đang đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi nhập lại") from None
    except Exception:  # noqa: BLE001 - calamine raises several types for "not a workbook"
        if _is_encrypted_office_file(path):
            raise SheetError(
                f"Tệp «{path.name}» đang đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi nhập lại") from None
        raise SheetError(
            f"Tệp «{path.name}» không phải bảng tính đọc được (Excel .xlsx, .xls hoặc LibreOffice .ods)"
        ) from None


def _is_encrypted_office_file(path: Path) -> bool:
    """An encrypted .xlsx is an OLE container holding an 'EncryptedPackage' stream."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False
    return head.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in head


def _match_row(cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = field_for_label(cell)
        if name and name not in found:
            found[name] = index
    return found


def _has_name(columns: Mapping[str, int]) -> bool:
    return "full_name" in columns or ("given_name" in columns and "family_middle" in columns)


@dataclass(slots=True)
class _Header:
    row: int  # 0-based first header row
    last_row: int  # 0-based last header row
    columns: dict[str, int]
    labels: dict[str, str]
    split_birth: tuple[int, int] | None = None  # (male column, female column) under "Ngày sinh"
    split_gender: tuple[int | None, int | None] | None = None  # marks under "Nam" / "Nữ"


def _merged_left(merged: list, row: int, col: int) -> int | None:  # type: ignore[type-arg]
    """Leftmost column of a merged range covering (row, col), if any."""
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c0 <= col <= c1:
            return int(c0)
    return None


def _split_under(columns: dict[str, int], name: str, nam: int, nu: int, merged: list, row: int) -> bool:  # type: ignore[type-arg]
    """Do 'Nam' | 'Nữ' sub-labels sit under the header cell of `name`?"""
    if name not in columns:
        return False
    owner_col = columns[name]
    owners = {c: _merged_left(merged, row, c) for c in (nam, nu)}
    return all(o == owner_col or c == owner_col for c, o in owners.items()) or {nam, nu} == {owner_col, owner_col + 1}


def _find_header(grid: list[list[object]], merged: list) -> _Header | None:  # type: ignore[type-arg]
    best: _Header | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid))):
        first = _match_row(grid[r])
        if not first:
            continue
        columns, labels, last = dict(first), {k: str(grid[r][c]) for k, c in first.items()}, r
        split_birth: tuple[int, int] | None = None
        split_gender: tuple[int | None, int | None] | None = None
        if r + 1 < len(grid):
            below = grid[r + 1]
            extra = {k: c for k, c in _match_row(below).items() if k not in columns and c not in columns.values()
                     and k not in ("gender_male", "gender_female")}
            folded = {c: fold(str(v)) for c, v in enumerate(below) if isinstance(v, str) and v.strip()}
            nam = [c for c, v in folded.items() if v == "nam"]
            nu = [c for c, v in folded.items() if v == "nu"]
            if nam and nu and _split_under(columns, "birth_date", nam[0], nu[0], merged, r):
                split_birth = (nam[0], nu[0])
            elif nam and nu and _split_under(columns, "gender", nam[0], nu[0], merged, r):
                split_gender = (nam[0], nu[0])
                del columns["gender"]
            if extra or split_birth or split_gender:
                columns.update(extra)
                labels.update({k: str(below[c]) for k, c in extra.items()})
                last = r + 1
        if split_gender is None and ("gender_male" in columns or "gender_female" in columns):
            if "gender" in columns:  # a real gender column wins; lone "Nam"/"Nữ" labels are something else
                columns.pop("gender_male", None)
                columns.pop("gender_female", None)
            else:
                split_gender = (columns.pop("gender_male", None), columns.pop("gender_female", None))
        if "roles" in columns:  # "Chức vụ" beside "Chức vụ công đoàn" is the job title: not used
            columns.pop("job_title", None)
        for key in ("gender_male", "gender_female"):
            columns.pop(key, None)
            labels.pop(key, None)
        if not _has_name(columns) or len(columns) + (split_gender is not None) < 2:
            continue
        if best is None or len(columns) > len(best.columns):
            best = _Header(r, last, columns, labels, split_birth, split_gender)
    return best


def _fill_merged_down(grid: list[list[object]], merged: list, first_data_row: int) -> None:  # type: ignore[type-arg]
    """A value merged down a column (a group name over its members) belongs to every row."""
    for (r0, c0), (r1, _c1) in merged:
        if r1 <= r0 or r0 < first_data_row or r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and grid[r][c0] == "":
                grid[r][c0] = value


def _is_numbering(values: Iterable[object]) -> bool:
    present = [v for v in values if v != "" and v is not None]
    if not present:
        return False
    for v in present:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 0 < v < 100:
            continue
        if isinstance(v, str) and _NUMBERING.match(v.strip()):
            continue
        return False
    return True


def _marked(value: object) -> bool:
    if value is None or value == "":
        return False
    return not (isinstance(value, str) and fold(value).strip() in _NOT_MARKED) and value != 0



# --- writing ---------------------------------------------------------------------------------


def write_member_sheet(path: str | Path, rows: Iterable[Mapping[str, object]], include_personal: bool = True,
                       *, title: str = "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN", unit_name: str | None = None,
                       upper_name: str | None = None, subtitle: str | None = None, with_status: bool = False) -> int:
    """Write members (dicts keyed by field) in the import layout; returns the rows written."""
    from kh06_desktop.exchange.xlsx_writer import SafeWorkbook

    fields = [f for f in WRITE_ORDER if include_personal or f not in PERSONAL_FIELDS]
    if with_status:
        fields.insert(fields.index("note"), "status")
    workbook = SafeWorkbook(path, constant_memory=True)
    try:
        sheet = workbook.add_sheet("Danh sách đoàn viên")
        bold = workbook.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 12})
        title_format = workbook.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 14,
                                            "align": "center"})
        italic = workbook.add_format({"italic": True, "font_name": "Times New Roman", "font_size": 12,
                                      "align": "center"})
        head = workbook.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 12, "border": 1,
                                    "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#DDEBF7"})
        text = workbook.add_format({"font_name": "Times New Roman", "font_size": 12, "border": 1})
        ident = workbook.add_format({"font_name": "Times New Roman", "font_size": 12, "border": 1, "num_format": "@"})
        date = workbook.add_format({"font_name": "Times New Roman", "font_size": 12, "border": 1,
                                    "num_format": "dd/mm/yyyy", "align": "center"})
        number = workbook.add_format({"font_name": "Times New Roman", "font_size": 12, "border": 1,
                                      "align": "center"})
        for col, name in enumerate(fields):
            sheet.set_column(col, col, _WIDTHS[name], ident if name in ("citizen_id", "phone") else None)
        last = len(fields) - 1
        sheet.text(0, 0, nfc(upper_name or ""), bold)
        sheet.text(1, 0, nfc(unit_name or ""), bold)
        sheet.merge_text(2, 0, 2, last, nfc(title), title_format)
        sheet.merge_text(3, 0, 3, last, nfc(subtitle or f"(Lập ngày {dt.date.today():%d/%m/%Y})"), italic)
        header_row = 5
        sheet.set_row(header_row, 32)
        for col, name in enumerate(fields):
            sheet.text(header_row, col, label_of(name), head)
        count = 0
        for count, values in enumerate(rows, start=1):
            r = header_row + count
            for col, name in enumerate(fields):
                value = count if name == "stt" else values.get(name)
                if value is None or value == "":
                    sheet.blank(r, col, text)
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.date(r, col, value, date)
                elif isinstance(value, bool):
                    sheet.text(r, col, "Có" if value else "Không", text)
                elif isinstance(value, (int, float)) and name == "stt":
                    sheet.number(r, col, value, number)
                else:  # everything else is text, even digits: ids and phones keep their zeros
                    sheet.text(r, col, nfc(str(value)), ident if name in ("citizen_id", "phone") else text)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, header_row + max(count, 1), last)
    finally:
        workbook.close()
    return count

