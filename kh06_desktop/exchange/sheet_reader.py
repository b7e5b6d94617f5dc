"""Reading member rows out of a workbook (the rules are described in `exchange.member_sheet`).

The grid python-calamine returns is read column by column: one pass over the rows decides which
are members (a dictionary remembers what each distinct name cell looks like, so 100,000 rows cost
little), then each mapped column is copied out in one list comprehension.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any

from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange import sheet_rows as sr
from kh06_desktop.exchange.member_sheet import (
    _GENERIC_SHEET,
    _INTERNAL,
    HEADER_SCAN_ROWS,
    MemberSheet,
    MemberWorkbook,
    SheetError,
    _fill_merged_down,
    _find_header,
    _Header,
    _is_numbering,
    _marked,
    _merged_left,
    _open_workbook,
)
from kh06_desktop.exchange.sheet_open import OpenedWorkbook, visible_sheets
from kh06_desktop.exchange.sheet_rows import SkippedRow

_SKIP_REASONS = {sr.SUBTOTAL: "Dòng cộng/tổng, không phải đoàn viên: bỏ qua"}


def _merged_across(merged: list, row: int, col: int) -> bool:  # type: ignore[type-arg]
    return any(r0 <= row <= r1 and c0 <= col <= c1 and c1 > c0 for (r0, c0), (r1, c1) in merged)


def _extract(grid: list[list[object]], header: _Header, merged: list, path: Path, sheet_name: str) -> MemberSheet:  # type: ignore[type-arg]
    columns = header.columns
    widths = set(map(len, grid))
    width = max(widths, default=0)
    if len(widths) > 1:  # calamine's rows are as wide as the sheet; be safe with ragged input
        for row in grid:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
    name_col = columns.get("full_name")
    split_name = None if name_col is not None else (columns["family_middle"], columns["given_name"])
    stt_col = columns.get("stt")
    data_cols = [c for f, c in columns.items() if f in sr.DATA_FIELDS]
    data_cols += [c for pair in (header.split_birth, header.split_gender) if pair for c in pair if c is not None]
    all_cols = sorted(set(columns.values()) | set(data_cols))
    field_of = {c: f for f, c in columns.items()}

    kinds: dict[object, int] = {}  # distinct name cell → what it looks like
    kept: list[int] = []
    heading_of: dict[int, str] = {}  # kept row index → group named by the heading above it
    skipped: list[SkippedRow] = []
    current_heading: str | None = None
    footer_from: int | None = None
    footer_rows = 0
    first = header.last_row + 1
    if first < len(grid) and _is_numbering(grid[first][c] for c in all_cols):
        first += 1  # the "(1) (2) (3)…" row many rosters put under the header

    footer_entry: int | None = None  # position in `skipped` of the row that started the signature block

    def keep(index: int) -> None:
        kept.append(index)
        if current_heading is not None:
            heading_of[index] = current_heading

    last = len(grid)
    while last > first and grid[last - 1].count("") == width:
        last -= 1  # the empty area below the list
    plain = _plain_rows(grid, first, last, name_col, stt_col, kinds)

    for index in range(first, last) if not plain else ():
        cells = grid[index]
        if split_name is None:
            name = cells[name_col]  # type: ignore[index]
        else:
            name = " ".join(str(cells[c]).strip() for c in split_name if cells[c] != "").strip()
        stt = cells[stt_col] if stt_col is not None else ""
        numbered = stt.__class__ is float or stt.__class__ is int or (stt != "" and sr.is_stt_number(stt))
        if footer_from is None and numbered and name.__class__ is str and kinds.get(name) == sr.MEMBER:
            kept.append(index)  # the usual row: numbered, with a name already seen to be a plain name
            if current_heading is not None:
                heading_of[index] = current_heading
            continue
        has_data = any(cells[c] != "" for c in data_cols)
        if footer_from is not None:
            if numbered and has_data and name != "":
                footer_from = None  # a full member row: that was a note, not the signature block
                if footer_entry is not None:  # set together with footer_from
                    entry = skipped[footer_entry]
                    skipped[footer_entry] = SkippedRow(entry.row_number, entry.field, entry.text,
                                                       "Dòng ghi chú, không phải đoàn viên: bỏ qua")
            else:
                if any(cells[c] != "" for c in all_cols):
                    footer_rows += 1
                continue
        kind = sr.EMPTY
        if name.__class__ is str:
            kind = kinds.get(name, -2)
            if kind == -2:
                kind = kinds[name] = sr.text_kind(name)
        if kind == sr.MEMBER and (has_data or numbered):
            keep(index)
            continue
        named = kind != sr.EMPTY
        if named:
            texts = [(name_col if name_col is not None else split_name[0], name)]  # type: ignore[index]
        else:
            texts = [(c, cell) for c in all_cols if isinstance(cell := cells[c], str) and cell.strip()]
            if not texts:
                if has_data or numbered or (name != "" and name is not None and not isinstance(name, str)):
                    keep(index)  # member data without a name: validation says what is missing
                continue  # an empty row
            kind = max((sr.text_kind(str(t)) for _, t in texts), key=lambda k: (k == sr.FOOTER, k == sr.SUBTOTAL))
        col, text = texts[0]
        text = nfc(str(text))
        row_number = index + 1
        if kind == sr.FOOTER and not numbered:
            footer_from, footer_rows, footer_entry = row_number, 1, len(skipped)
            skipped.append(SkippedRow(row_number, field_of.get(col, ""), text, ""))
            continue
        if kind == sr.SUBTOTAL and not (has_data and numbered):
            skipped.append(SkippedRow(row_number, field_of.get(col, ""), text, _SKIP_REASONS[sr.SUBTOTAL]))
            continue
        heading = not has_data and not numbered and (
            kind == sr.HEADING_LIKE or not named or _merged_across(merged, index, col)
            or sr.is_section_marker(stt) or (stt_col is not None and text.isupper()))
        if not heading:
            keep(index)  # a name alone: a member whose other cells are empty, or member data: validated
            continue
        if named and sr.is_section_marker(stt):
            text = f"{nfc(str(stt)).strip()}. {text}"
        current_heading = sr.heading_group(text)
        reason = "Dòng tiêu đề nhóm, không phải đoàn viên: bỏ qua"
        if current_heading:
            reason += f"; các dòng dưới (chưa ghi tổ) thuộc tổ «{current_heading}»"
        skipped.append(SkippedRow(row_number, field_of.get(col, ""), text, reason))
    if footer_from is not None and footer_entry is not None:
        entry = skipped[footer_entry]
        span = f"dòng {footer_from}" if footer_rows == 1 else f"{footer_rows} dòng có chữ, từ dòng {footer_from}"
        skipped[footer_entry] = SkippedRow(entry.row_number, entry.field, entry.text,
                                           f"Phần ký tên cuối danh sách ({span}): bỏ qua")

    # Empty cells stay "" (validation reads "" as empty); each column is copied out in C.
    if plain:
        kept = list(range(first, last))
    rows = grid[first:last] if plain else [grid[i] for i in kept]
    data: dict[str, list[object]] = {}
    for field_name, col in columns.items():
        if field_name in _INTERNAL or field_name == "stt":
            continue
        data[field_name] = list(map(itemgetter(col), rows))
    if split_name is not None:
        data["full_name"] = [" ".join(str(grid[i][c]).strip() for c in split_name if grid[i][c] != "") or None
                             for i in kept]
    if header.split_birth:
        male, female = header.split_birth
        data["birth_date"] = [grid[i][male] if grid[i][male] != "" else (grid[i][female] or None) for i in kept]
        if "gender" not in columns:
            data["gender"] = [None if (grid[i][male] != "") == (grid[i][female] != "")
                              else "Nam" if grid[i][male] != "" else "Nữ" for i in kept]
    elif header.split_gender:
        male_col, female_col = header.split_gender
        data["gender"] = [_gender_mark(grid[i][male_col] if male_col is not None else None,
                                       grid[i][female_col] if female_col is not None else None, male_col, female_col)
                          for i in kept]
    groups_from_headings = 0
    if heading_of:
        groups = data.get("group_name") or [None] * len(kept)
        for position, i in enumerate(kept):
            if not groups[position] and i in heading_of:
                groups[position] = heading_of[i]
                groups_from_headings += 1
        data["group_name"] = groups
    out_columns = {k: v for k, v in columns.items() if k not in _INTERNAL}
    if header.split_birth:
        out_columns["birth_date"] = header.split_birth[0]
    if header.split_gender:
        out_columns["gender"] = next(c for c in header.split_gender if c is not None)
    header_cells = set(columns.values()) | set(header.split_birth or ()) | {
        c for c in header.split_gender or () if c is not None}
    unknown = [nfc(str(v)) for c, v in enumerate(grid[header.row])
               if c not in header_cells and isinstance(v, str) and v.strip()
               and _merged_left(merged, header.row, c) not in header_cells]
    out_labels = {k: nfc(v) for k, v in header.labels.items() if k not in _INTERNAL}
    if header.split_gender and "gender" not in out_labels:
        out_labels["gender"] = "Nam/Nữ"
    numbers = list(range(first + 1, last + 1)) if plain else [i + 1 for i in kept]
    return MemberSheet(path, sheet_name, header.row + 1, out_columns, out_labels, unknown, numbers, data,
                       skipped, groups_from_headings)


def _plain_rows(grid: list[list[object]], first: int, last: int, name_col: int | None, stt_col: int | None,
                kinds: dict[object, int]) -> bool:
    """The usual roster, checked in bulk: every row numbered, every name a plain name (no heading,
    subtotal or signature): then every row is a member row and the row-by-row pass is not needed."""
    if name_col is None or stt_col is None or last <= first:
        return False
    body = grid[first:last]
    if not set(map(type, map(itemgetter(stt_col), body))) <= {int, float}:
        return False
    names = set(map(itemgetter(name_col), body))
    if set(map(type, names)) != {str}:
        return False
    if sr.all_plain(names):
        kinds.update(dict.fromkeys(names, sr.MEMBER))
        return True
    for name in names:
        kinds[name] = sr.text_kind(name)
    return all(kind == sr.MEMBER for kind in kinds.values())


def _gender_mark(male: object, female: object, male_col: int | None, female_col: int | None) -> str | None:
    """'x' under 'Nam' or 'Nữ'. With only a 'Nữ' column (the usual statistics form) a blank is a man."""
    m, f = _marked(male), _marked(female)
    if m and f:
        return "Nam và Nữ"  # both ticked: validation rejects it with the usual reason
    if m or f:
        return "Nam" if m else "Nữ"
    if male_col is None and female_col is not None:
        return "Nam"
    if female_col is None and male_col is not None:
        return "Nữ"
    return None


def _read_sheet(workbook, path: Path, name: str,  # type: ignore[no-untyped-def]
                parsed: dict[str, Any] | None = None,
                keep: Callable[[object], None] | None = None) -> MemberSheet | str:
    """The sheet's members, or why it holds none (`parsed`: sheets python-calamine has parsed already;
    `keep` is handed the parsed sheet and its grid, which the caller may leave to the process's end)."""
    try:
        sheet = parsed.pop(name) if parsed and name in parsed else workbook.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 - a damaged or chart-only sheet
        return "không đọc được"
    if not grid or not any(cell != "" for row in grid[:HEADER_SCAN_ROWS * 4] for cell in row):
        return "trống"
    try:
        merged = list(sheet.merged_cell_ranges or [])
    except Exception:  # noqa: BLE001 - formats without merge information
        merged = []
    header = _find_header(grid, merged)
    if header is None:
        return "không có dòng tiêu đề danh sách"
    _fill_merged_down(grid, merged, header.last_row + 1)
    result = _extract(grid, header, merged, path, name)
    if keep is not None:
        keep(sheet)
        keep(grid)
    result.title_lines = [line for row in grid[:header.row]
                          if (line := nfc(" ".join(str(cell).strip() for cell in row if str(cell).strip())))]
    if not result.row_numbers:
        return f"có dòng tiêu đề (dòng {header.row + 1}) nhưng chưa có đoàn viên nào"
    return result


def read_member_workbook(path: str | Path, checked: Callable[[], None] | None = None, *,
                         guarded_beside: bool = False, opened: OpenedWorkbook | None = None,
                         keep: Callable[[object], None] | None = None) -> MemberWorkbook:
    """Every sheet of the file that holds a member list (rules in `exchange.member_sheet`);
    `checked` is called once the spreadsheet guard has accepted the file, before it is parsed.
    `guarded_beside`: only in the child process of `cli.sheet_sandbox`, whose parent runs the
    guard while this reads (the child is the one a hostile grid would end); there `opened` may
    be the file already opened by `sheet_open.head_start`. `keep` receives each parsed sheet
    and its grid instead of letting them be freed here (the command line keeps them to its end:
    freeing 100,000 rows of cells takes 0.03 s the user would wait for)."""
    path = Path(path)
    parsed: dict[str, Any] = {}
    if opened is not None and guarded_beside:
        workbook, parsed = opened.workbook, opened.parsed
        if checked is not None:
            checked()
    else:
        workbook = _open_workbook(path, checked, guarded_beside=guarded_beside)
    try:
        sheets = visible_sheets(workbook)
        read: list[MemberSheet] = []
        skipped: list[tuple[str, str]] = []
        hidden: list[str] = []
        for name, visible in sheets:
            if not visible:
                hidden.append(name)
                continue
            result = _read_sheet(workbook, path, name, parsed, keep)
            (read.append(result) if isinstance(result, MemberSheet) else skipped.append((name, result)))
        for name in hidden:
            result = _read_sheet(workbook, path, name) if not read else "trang ẩn"
            (read.append(result) if isinstance(result, MemberSheet) else skipped.append((name, result)))
    finally:
        workbook.close()
    if not read:
        reasons = [reason for _, reason in skipped]
        if any(r.startswith("có dòng tiêu đề") for r in reasons):
            first = next((n, r) for n, r in skipped if r.startswith("có dòng tiêu đề"))
            raise SheetError(f"Trang «{first[0]}» có dòng tiêu đề nhưng chưa có đoàn viên nào")
        if all(r == "trống" for r in reasons):
            raise SheetError(f"Tệp «{path.name}» không có dữ liệu")
        raise SheetError(
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu của tệp «{path.name}»: cần cột "
            "«Họ và tên» và ít nhất một cột khác như «Ngày sinh», «Giới tính», «Số CCCD»")
    if len(read) > 1:
        for sheet in read:
            if "group_name" not in sheet.columns and not sheet.groups_from_headings:
                label = nfc(sheet.sheet_name).strip()
                if label and not _GENERIC_SHEET.match(fold(label)):
                    sheet.data["group_name"] = [label] * len(sheet.row_numbers)
                    sheet.group_from_sheet_name = label
    return MemberWorkbook(path, read, skipped)


def read_member_sheet(path: str | Path, sheet_name: str | None = None) -> MemberSheet:
    """The member list of one sheet: `sheet_name`, or the first sheet that holds one."""
    if sheet_name is None:
        return read_member_workbook(path).sheets[0]
    path = Path(path)
    workbook = _open_workbook(path)
    try:
        result = _read_sheet(workbook, path, sheet_name)
    finally:
        workbook.close()
    if isinstance(result, str):
        raise SheetError(f"Trang «{sheet_name}» của tệp «{path.name}»: {result}")
    return result
