"""The member spreadsheet of DESIGN 6.2: reading any roster a union keeps, writing the same layout.

Reading (python-calamine: .xlsx, .xls, .ods): title rows may come first; the header row is the
row in the first 30 whose cells name the most known columns (case, diacritics, spacing and
"(dd/mm/yyyy)"-style hints ignored). A header may take two rows (merged cells over sub-labels,
including the classic "Ngày sinh" over "Nam | Nữ"). A numbering row under the header
("1 2 3…" or "(1) (2)…") is skipped, and cells merged down a column (a group name spanning its
members) are filled into every row they cover. Values come back as the file holds them:
text, float, date; validation turns them into a member.

Writing (XlsxWriter, constant memory): title rows, then the header, then one row per member;
text is always written as a string (a cell starting with = + - @ never becomes a formula),
dates as real dates shown dd/mm/yyyy, citizen ids as text so leading zeros survive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kh06_desktop.domain.validation import FIELD_LABELS
from kh06_desktop.domain.vntext import fold, nfc

HEADER_SCAN_ROWS = 30
SHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")

# Folded, compacted spellings (letters and digits only) of each column's header.
_ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "sott", "sothutu"),
    "full_name": ("hovaten", "hoten", "hovatendoanvien", "hotendoanvien", "hovatendv", "hotendv"),
    "family_middle": ("hovatendem", "hodem", "hovadem", "ho", "hovachulot"),
    "given_name": ("ten",),
    "birth_date": ("ngaysinh", "ngaythangnamsinh", "ngaythangsinh"),
    "gender": ("gioitinh", "gioi", "namnu", "phai"),
    "citizen_id": ("socccd", "cccd", "socancuoc", "socancuoccongdan", "cancuoccongdan", "socccdcmnd",
                   "cccdcmnd", "sodinhdanh", "sodinhdanhcanhan", "socmndcccd", "cmndcccd"),
    "card_number": ("sothedoanvien", "sothedv", "sothe", "thedoanvien", "sothecongdoan"),
    "group_name": ("tocongdoan", "tocd", "to", "tocongdoanbophan"),
    "roles": ("chucvucongdoan", "chucvucd", "chucvu", "chucvutrongcongdoan"),
    "department": ("donvibophan", "donvi", "bophan", "phongban", "donvicongtac", "bophancongtac", "phongbanbophan"),
    "join_date": ("ngayvaocongdoan", "ngayvaocd", "ngayketnap", "ngayketnapcongdoan", "ngayketnapdoanvien"),
    "phone": ("dienthoai", "sodienthoai", "sdt", "dt", "dtdd", "didong"),
    "note": ("ghichu",),
}
_BY_KEY = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_HINT = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")

# Column layout written by `write_member_sheet` (and so read back by `read_member_sheet`).
WRITE_ORDER = ("stt", "full_name", "given_name", "birth_date", "gender", "citizen_id", "card_number",
               "group_name", "roles", "department", "join_date", "phone", "note")
PERSONAL_FIELDS = frozenset({"birth_date", "citizen_id", "phone"})
STATUS_LABEL = "Trạng thái"  # written only when leavers are exported too; ignored on import
_WIDTHS = {"status": 20, "stt": 6, "full_name": 28, "given_name": 10, "birth_date": 12, "gender": 9, "citizen_id": 15,
           "card_number": 14, "group_name": 24, "roles": 22, "department": 24, "join_date": 13, "phone": 13,
           "note": 30}


def label_of(name: str) -> str:
    """The Vietnamese column label of a field (as written in an exported file)."""
    if name == "stt":
        return "STT"
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
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.name


def header_key(text: object) -> str:
    """'Ngày sinh (dd/mm/yyyy)' → 'ngaysinh': how header cells are compared."""
    return _NON_ALNUM.sub("", fold(_HINT.sub(" ", str(text))))


def field_for_label(text: object) -> str | None:
    return _BY_KEY.get(header_key(text)) if isinstance(text, str) and text.strip() else None


# --- reading ---------------------------------------------------------------------------------


def _open_workbook(path: Path):  # type: ignore[no-untyped-def]
    import python_calamine as calamine

    if not path.exists():
        raise SheetError(f"Không tìm thấy tệp: {path}")
    if path.is_dir():
        raise SheetError(f"Đường dẫn là một thư mục, không phải tệp bảng tính: {path}")
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise SheetError(f"Tệp «{path.name}» đang đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi nhập lại") from None
    except Exception:  # noqa: BLE001 - calamine raises several types for "not a workbook"
        raise SheetError(
            f"Tệp «{path.name}» không phải bảng tính đọc được (Excel .xlsx, .xls hoặc LibreOffice .ods)"
        ) from None


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


def _merged_left(merged: list, row: int, col: int) -> int | None:  # type: ignore[type-arg]
    """Leftmost column of a merged range covering (row, col), if any."""
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c0 <= col <= c1:
            return c0
    return None


def _find_header(grid: list[list[object]], merged: list) -> _Header | None:  # type: ignore[type-arg]
    best: _Header | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid))):
        first = _match_row(grid[r])
        if not first:
            continue
        columns, labels, last = dict(first), {k: str(grid[r][c]) for k, c in first.items()}, r
        split_birth = None
        if r + 1 < len(grid):
            below = grid[r + 1]
            extra = {k: c for k, c in _match_row(below).items() if k not in columns and c not in columns.values()}
            folded = {c: fold(str(v)) for c, v in enumerate(below) if isinstance(v, str) and v.strip()}
            nam = [c for c, v in folded.items() if v == "nam"]
            nu = [c for c, v in folded.items() if v == "nu"]
            if "birth_date" in columns and nam and nu:
                birth_col = columns["birth_date"]
                owner = {c: _merged_left(merged, r, c) for c in (nam[0], nu[0])}
                if all(o == birth_col or c == birth_col for c, o in owner.items()) or (
                        {nam[0], nu[0]} == {birth_col, birth_col + 1}):
                    split_birth = (nam[0], nu[0])
            if extra or split_birth:
                columns.update(extra)
                labels.update({k: str(below[c]) for k, c in extra.items()})
                last = r + 1
        if not _has_name(columns) or len(columns) < 2:
            continue
        if best is None or len(columns) > len(best.columns):
            best = _Header(r, last, columns, labels, split_birth)
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


def _is_numbering(values: Mapping[str, object]) -> bool:
    present = [v for v in values.values() if v is not None]
    if not present:
        return False
    for v in present:
        if isinstance(v, float) and v.is_integer() and 0 < v < 100:
            continue
        if isinstance(v, str) and _NUMBERING.match(v.strip()):
            continue
        return False
    return True


def _sheet_rows(grid: list[list[object]], header: _Header) -> list[SheetRow]:
    columns = header.columns
    items = [(name, col) for name, col in columns.items()]
    rows: list[SheetRow] = []
    first = header.last_row + 1
    for index in range(first, len(grid)):
        cells = grid[index]
        width = len(cells)
        values: dict[str, object] = {}
        empty = True
        for name, col in items:
            value = cells[col] if col < width else ""
            if value == "" or value is None:
                values[name] = None
                continue
            if isinstance(value, str) and not value.strip():
                values[name] = None
                continue
            values[name] = value
            if name != "stt":
                empty = False
        if header.split_birth:
            male, female = (cells[c] if c < width and cells[c] != "" else None for c in header.split_birth)
            if male is not None or female is not None:
                empty = False
                values["birth_date"] = male if male is not None else female
                if values.get("gender") is None and (male is None) != (female is None):
                    values["gender"] = "Nam" if male is not None else "Nữ"
        if empty:
            continue
        if not rows and index <= first + 1 and _is_numbering(values):
            continue  # the "(1) (2) (3)…" row many rosters put under the header
        if "full_name" not in columns:
            family, given = values.pop("family_middle", None), values.get("given_name")
            joined = " ".join(str(p).strip() for p in (family, given) if p is not None)
            values["full_name"] = joined or None
        else:
            values.pop("family_middle", None)
        rows.append(SheetRow(index + 1, values))
    return rows


def read_member_sheet(path: str | Path, sheet_name: str | None = None) -> MemberSheet:
    """Read the member list of a spreadsheet: the first sheet with a recognisable header."""
    path = Path(path)
    workbook = _open_workbook(path)
    try:
        names = [sheet_name] if sheet_name else list(workbook.sheet_names)
        any_data = False
        for name in names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                grid = sheet.to_python(skip_empty_area=False)
            except Exception:  # noqa: BLE001 - a damaged or chart-only sheet
                continue
            if not grid:
                continue
            any_data = True
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # noqa: BLE001 - formats without merge information
                merged = []
            header = _find_header(grid, merged)
            if header is None:
                continue
            _fill_merged_down(grid, merged, header.last_row + 1)
            rows = _sheet_rows(grid, header)
            if not rows:
                raise SheetError(f"Trang «{name}» có dòng tiêu đề nhưng chưa có đoàn viên nào")
            columns = {k: v for k, v in header.columns.items() if k != "family_middle"}
            if header.split_birth:
                columns["birth_date"] = header.split_birth[0]
            header_cells = set(header.columns.values()) | set(header.split_birth or ())
            unknown = [nfc(str(v)) for c, v in enumerate(grid[header.row])
                       if c not in header_cells and isinstance(v, str) and v.strip()
                       and _merged_left(merged, header.row, c) not in header_cells]
            return MemberSheet(path, name, header.row + 1, columns, {k: nfc(v) for k, v in header.labels.items()},
                               unknown, rows)
    finally:
        workbook.close()
    if not any_data:
        raise SheetError(f"Tệp «{path.name}» không có dữ liệu")
    raise SheetError(
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu của tệp «{path.name}»: cần cột "
        "«Họ và tên» và ít nhất một cột khác như «Ngày sinh», «Giới tính», «Số CCCD»"
    )


# --- writing ---------------------------------------------------------------------------------


def write_member_sheet(path: str | Path, rows: Iterable[Mapping[str, object]], include_personal: bool = True,
                       *, title: str = "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN", unit_name: str | None = None,
                       upper_name: str | None = None, subtitle: str | None = None, with_status: bool = False) -> int:
    """Write members (dicts keyed by field) in the import layout; returns the rows written."""
    import xlsxwriter

    fields = [f for f in WRITE_ORDER if include_personal or f not in PERSONAL_FIELDS]
    if with_status:
        fields.insert(fields.index("note"), "status")
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet("Danh sách đoàn viên")
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
        sheet.write_string(0, 0, nfc(upper_name or ""), bold)
        sheet.write_string(1, 0, nfc(unit_name or ""), bold)
        sheet.merge_range(2, 0, 2, last, nfc(title), title_format)
        sheet.merge_range(3, 0, 3, last, nfc(subtitle or f"(Lập ngày {dt.date.today():%d/%m/%Y})"), italic)
        header_row = 5
        sheet.set_row(header_row, 32)
        for col, name in enumerate(fields):
            sheet.write_string(header_row, col, label_of(name), head)
        count = 0
        for count, values in enumerate(rows, start=1):
            r = header_row + count
            for col, name in enumerate(fields):
                value = count if name == "stt" else values.get(name)
                if value is None or value == "":
                    sheet.write_blank(r, col, None, text)
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(r, col, value, date)
                elif isinstance(value, bool):
                    sheet.write_string(r, col, "Có" if value else "Không", text)
                elif isinstance(value, (int, float)) and name == "stt":
                    sheet.write_number(r, col, value, number)
                else:  # everything else is text, even digits: ids and phones keep their zeros
                    sheet.write_string(r, col, nfc(str(value)), ident if name in ("citizen_id", "phone") else text)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, header_row + max(count, 1), last)
    finally:
        workbook.close()
    return count
