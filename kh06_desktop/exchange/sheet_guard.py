"""What a spreadsheet will cost, measured before python-calamine sees it.

python-calamine allocates the whole grid a sheet spans, and copies a shared string into every
cell that uses it: one cell at XFD1048576 (a 1.8 KB file) makes it ask for 512 GB and abort the
process — a Rust abort, not an exception, that would take the window with it. So every workbook
is first read here, as a stream, with fixed memory:

- .xlsx/.xlsm and .ods (zip): plain deflate/stored members, bounded declared sizes, each member's
  CRC checked as it is read; every XML member scanned in chunks with regular expressions (a
  workbook may point its sheets anywhere), refusing any DOCTYPE/ENTITY (XXE, billion laughs) and
  any text run longer than a cell can hold, and counting the grid each sheet spans, its cells and
  the characters they will hold (shared strings found through the workbook's relations);
- .xls (BIFF inside an OLE container): a size cap, then a first reading in a child process under
  a memory limit (`sheet_probe`): a grid that does not fit ends the child, not this process.

The estimate must stay under `MAX_COST` (about 320 MB); anything else is refused with a
Vietnamese reason (`GuardError`, shown as `SheetError`). A sheet is first measured with bounds
(`_bounded_piece`: exact cells, columns and characters, rows of short addresses bounded), which
reads 60–110 MB of XML a second; only when a bound is over the limit is it measured exactly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import IO

_MB = 1024 * 1024
MAX_COST = 320 * _MB
MAX_FILE_BYTES = 64 * _MB  # on disk: a 100,000-member list is ~6 MB
MAX_XLS_BYTES = 48 * _MB
PROBE_MEMORY = 900 * _MB  # address space of the .xls probe (Python and python-calamine included)
PROBE_SECONDS = 20
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 160 * _MB  # one sheet's XML, uncompressed (100,000 rows of inline strings: ~56 MB); ~10 s to scan
MAX_TOTAL_BYTES = 320 * _MB
MAX_SHARED_STRINGS_BYTES = 48 * _MB
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_RUN = MAX_CELL_CHARS * 4  # characters of text (or spacing) between two tags
CELL_BYTES = 56  # measured: calamine's cell in Rust plus the Python list slot (5.2 M cells: 290 MB)
SPARSE_CELL_BYTES = 48
MAX_ODS_CONTENT_BYTES = 128 * _MB
_CHUNK = 1 << 16

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _n(value: int) -> str:
    """1.234.567: Vietnamese thousands."""
    return f"{value:,}".replace(",", ".")


class GuardError(Exception):
    """The spreadsheet is refused before it is parsed; the message is Vietnamese."""


def _unsafe(name: str) -> GuardError:
    return GuardError(f"Tệp «{name}» bị hỏng hoặc không an toàn, không đọc được (nội dung nén hoặc XML của bảng tính "
                      "không hợp lệ)")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Grid:
    """The area a sheet spans and the characters its cells hold, counted as the XML streams by."""

    def __init__(self, shared_lengths: list[int]) -> None:
        self.shared = shared_lengths
        self.min_row = self.min_col = 1 << 40
        self.max_row = self.max_col = 0
        self.chars = 0
        self.cells = 0
        self.row = 0
        self.col = 0

    def cell_at(self, row: int, col: int) -> None:
        self.min_row, self.max_row = min(self.min_row, row), max(self.max_row, row)
        self.min_col, self.max_col = min(self.min_col, col), max(self.max_col, col)

    @property
    def area(self) -> int:
        if self.max_row == 0:
            return 0
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    def cost(self) -> int:
        # The grid, the cells python-calamine collects before it builds the grid, the text (UTF-8 in
        # Rust, then UCS-2/4 in Python).
        return self.area * CELL_BYTES + self.cells * SPARSE_CELL_BYTES + self.chars * 6


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, shown: str = "") -> IO[bytes]:
    if info.file_size > limit:
        raise GuardError(f"Tệp «{shown}»: thành phần «{info.filename}» quá lớn khi giải nén "
                         f"({info.file_size // _MB} MB, tối đa {limit // _MB} MB): có thể là tệp độc hại")
    return archive.open(info)


_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", re.DOTALL)
_TAG = re.compile(rb"<[^>]*>")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s/>]")
_CELL_REF_B = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\"")
_SHARED_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\bt=\"s\"[^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,9})\s*<")
_VALUE_TEXT = re.compile(rb"<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>([^<]*)<")
# The same four patterns for a piece with no namespace-prefixed <c>, <v> or <t> tag (a piece where
# `_PREFIXED` finds nothing: each prefixed match of the patterns above holds such a ":c", ":v" or
# ":t"). There they find exactly what the general ones find, several times faster, because the
# literal "<c" / "<v" / "<t" lets the engine skip every other tag. `_SHARED_CELL` needs the
# literal t="s": a piece without it has no shared-string cell.
_PREFIXED = re.compile(rb":(?:c[\s/>]|[vt][\s>])")
_PLAIN_CELL_OPEN = re.compile(rb"<c[\s/>]")
_PLAIN_CELL_REF_B = re.compile(rb"<c\s[^>]*?\br=\"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\"")
_PLAIN_SHARED_CELL = re.compile(rb"<c\s[^>]*?\bt=\"s\"[^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,9})\s*<")
_PLAIN_VALUE_TEXT = re.compile(rb"<[vt](?:\s[^>]*)?>([^<]*)<")
_SHARED_MARK = b't="s"'


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, limit: int,
            boundary: bytes = b"<") -> Iterator[bytes]:
    """The member's bytes in pieces that end before a tag starts (so no tag is cut in two),
    refusing DOCTYPE/ENTITY declarations and text runs longer than a cell can hold."""
    carry = b""
    read = 0
    with _stream(archive, info, limit, shown) as stream:
        while True:
            chunk = stream.read(_CHUNK * 16)
            read += len(chunk)
            if read > limit:
                raise GuardError(f"«{info.filename}» lớn hơn kích thước đã khai báo: tệp không an toàn")
            data = carry + chunk
            if not chunk:
                if data:
                    _scan_text(data, shown)
                    yield data
                return
            cut = data.rfind(boundary)
            if cut <= 0:
                if len(data) > MAX_TEXT_RUN + len(boundary) + 16:
                    _scan_text(data, shown)  # raises: a run with no tag this long
                carry = data
                continue
            piece, carry = data[:cut], data[cut:]
            _scan_text(piece, shown)
            yield piece


def _scan_text(piece: bytes, shown: str) -> None:
    if _DOCTYPE.search(piece):
        raise GuardError(f"Tệp «{shown}» có khai báo DOCTYPE/ENTITY (XXE, «billion laughs»): tệp không an toàn")
    # A run of MAX_TEXT_RUN bytes without a tag holds a whole aligned window of half that size: look
    # for such a window first (memchr over a few thousand slices), and measure the runs only then.
    half = MAX_TEXT_RUN // 2
    suspect = len(piece) > half and any(piece.find(b"<", start, start + half) < 0
                                        for start in range(0, len(piece) - half + 1, half))
    if suspect and max(map(len, piece.split(b"<"))) > MAX_TEXT_RUN:
        raise GuardError(f"Tệp «{shown}» có một ô hoặc một đoạn dài quá {_n(MAX_CELL_CHARS)} ký tự "
                         "(giới hạn của Excel): tệp không an toàn")


# A shared string of plain text, as most writers write them: the text and its closing tag (the
# "</t>" keeps an empty text apart from b"", which any other "<si" gives).
_PLAIN_SI = re.compile(rb'<si(?:><t(?: xml:space="preserve")?>([^<]*</t>)</si>)?')


def _shared_string_lengths(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> list[int]:
    """The length (in UTF-8 bytes of text, an upper bound of characters) of every shared string.
    A piece whose every string is plain text is measured in one pass; any other (rich text runs,
    phonetic hints, prefixed tags) string by string."""
    lengths: list[int] = []
    for piece in _chunks(archive, info, shown, MAX_SHARED_STRINGS_BYTES, boundary=b"<si"):
        plain = b":si" not in piece and b"" not in (texts := _PLAIN_SI.findall(piece))
        found = [n - 4 for n in map(len, texts)] if plain else [len(_TAG.sub(b"", body)) for body in _SI.findall(piece)]
        if found and max(found) > MAX_CELL_CHARS * 4:
            raise GuardError(f"Tệp «{shown}» có một chuỗi dài quá {_n(MAX_CELL_CHARS)} ký tự (giới hạn của một "
                             "ô Excel): tệp không an toàn")
        lengths.extend(found)
    return lengths


class _BoundTooHigh(Exception):
    """The quick upper bound of a workbook's cost is over the limit: measure it exactly."""


# One entry per "<c" of a piece: a cell addressed first with one letter and at most five digits
# gives its letter (a cached one-byte object, so nothing is allocated for it); any other address
# gives the whole address; anything else that starts with "<c" (<cols>, a cell with its address
# later or without one, an odd address) gives b"" and sends the piece to the exact scan.
_SIMPLE_CELL = re.compile(rb'<c(?: r="([A-Z](?=[0-9]{1,5}")|\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?="))|)')
_SMALL_ROWS = 99_999  # the highest row five digits can write


def _bounded_piece(grid: _Grid, piece: bytes, columns: set[bytes]) -> bool:
    """Measure a piece whose every "<c" is a cell with its address first, as most writers write
    them (Excel, LibreOffice, openpyxl, XlsxWriter), with an upper bound instead of the exact
    rows: a one-letter, five-digit address is taken as somewhere in rows 0–99.999, any other is
    read exactly. Cells and columns are exact. False (and nothing counted) for any other piece.
    Only for a piece without namespace-prefixed cell tags (`_PREFIXED` finds nothing)."""
    kinds = set(found := _SIMPLE_CELL.findall(piece))
    if b"" in kinds:
        return False
    for kind in kinds:
        if len(kind) == 1:
            columns.add(kind)
            grid.min_row, grid.max_row = 0, max(grid.max_row, _SMALL_ROWS)
            continue
        match = _CELL_REF.match(kind.decode("ascii"))
        if match is None:  # cannot happen (the pattern only gives addresses): measure exactly all the same
            raise _BoundTooHigh
        columns.add(match.group(1).encode("ascii"))
        row = int(match.group(2))
        grid.min_row, grid.max_row = min(grid.min_row, row), max(grid.max_row, row)
    grid.cells += len(found)
    _columns_span(grid, columns)
    return True


def _columns_span(grid: _Grid, columns: set[bytes]) -> None:
    """The grid's first and last column from the column letters seen so far."""
    if columns:
        numbers = [_column_number(c.decode("ascii")) for c in columns]
        grid.min_col, grid.max_col = min(numbers), max(numbers)


# Each t="s" of a piece: the index of a shared-string cell written as most writers write it
# (t="s" last, the index straight after), or b"" for any other t="s".
_SIMPLE_SHARED = re.compile(rb't="s"(?:><v>([0-9]{1,9})<)?')


def _shared_chars(piece: bytes, plain: bool, bounded: bool, shared: list[int]) -> int:
    """The characters the piece's shared-string cells will hold (each cell gets its own copy).
    `bounded` (a piece without prefixed tags): every t="s" followed by its index counts, which
    is at least what the exact pattern counts (each of its cells has such a t="s")."""
    count = len(shared)
    if bounded and plain and b"" not in (found := _SIMPLE_SHARED.findall(piece)):
        indexes = list(map(int, found))
    else:
        indexes = list(map(int, (_PLAIN_SHARED_CELL if plain else _SHARED_CELL).findall(piece)))
    if indexes and max(indexes) < count:
        return sum(map(shared.__getitem__, indexes))
    return sum(shared[i] for i in indexes if i < count)


def _xlsx_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, shared: list[int],
                bounded: bool = False) -> _Grid:
    """The grid a sheet spans, its cells and characters, measured exactly; with `bounded`, the
    rows of most pieces are only bounded (`_bounded_piece`) and a cost over the limit raises
    `_BoundTooHigh` (the caller then measures exactly) instead of refusing the file."""
    grid = _Grid(shared)
    cells = referenced = 0
    columns: set[bytes] = set()
    for piece in _chunks(archive, info, shown, MAX_MEMBER_BYTES):
        plain = _PREFIXED.search(piece) is None
        if bounded and plain and _bounded_piece(grid, piece, columns):
            pass  # cells, columns and a bound on the rows counted; the text is counted below
        else:
            refs = (_PLAIN_CELL_REF_B if plain else _CELL_REF_B).findall(piece)
            if plain and piece.count(b"<c") == len(refs):
                found = len(refs)  # every "<c" opens a cell with its address: nothing else to count
            else:
                found = len((_PLAIN_CELL_OPEN if plain else _CELL_OPEN).findall(piece))
            cells += found
            grid.cells += found
            referenced += len(refs)
            if refs:
                columns.update(map(itemgetter(0), refs))
                rows = list(map(int, set(map(itemgetter(1), refs))))  # each row's cells share its number
                grid.min_row, grid.max_row = min(grid.min_row, min(rows)), max(grid.max_row, max(rows))
                _columns_span(grid, columns)
        if _SHARED_MARK in piece:
            grid.chars += _shared_chars(piece, plain, bounded, shared)
        grid.chars += sum(map(len, (_PLAIN_VALUE_TEXT if plain else _VALUE_TEXT).findall(piece)))
        if cells > referenced:  # cells without their address: placed one after the other
            grid.max_row = max(grid.max_row, 1)
            grid.min_row, grid.min_col = min(grid.min_row, 1), min(grid.min_col, 1)
            grid.max_col = max(grid.max_col, cells - referenced)
        if grid.cost() > MAX_COST:
            if bounded:
                raise _BoundTooHigh
            raise _too_big(shown, grid)
    return grid


def _too_big(shown: str, grid: _Grid) -> GuardError:
    return GuardError(
        f"Tệp «{shown}» quá lớn để đọc an toàn: một trang trải trên {_n(grid.max_row)} dòng × {_n(grid.max_col)} cột "
        f"(cần khoảng {_n(grid.cost() // _MB)} MB bộ nhớ, tối đa {MAX_COST // _MB} MB). Hãy xóa các ô thừa ở xa "
        "danh sách (Ctrl+End trong Excel cho biết ô cuối) rồi lưu lại")


def _check_zip_directory(archive: zipfile.ZipFile, shown: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise GuardError(f"Tệp «{shown}» chứa quá nhiều thành phần ({_n(len(infos))}): tệp không an toàn")
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise _unsafe(shown)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise GuardError(f"Tệp «{shown}» giải nén ra quá lớn ({_n(total // _MB)} MB, tối đa "
                         f"{MAX_TOTAL_BYTES // _MB} MB): có thể là tệp độc hại")
    return infos


_SST_TARGET = re.compile(rb"<Relationship\b[^>]*?Type=\"[^\"]*/sharedStrings\"[^>]*?Target=\"([^\"]+)\""
                         rb"|<Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Type=\"[^\"]*/sharedStrings\"")


def _shared_strings_name(archive: zipfile.ZipFile, names: set[str]) -> str:
    """Where the workbook says its shared strings are (python-calamine follows the same link)."""
    rels = "xl/_rels/workbook.xml.rels"
    if rels in names and archive.getinfo(rels).file_size <= _MB:
        match = _SST_TARGET.search(archive.read(rels))
        if match:
            target = (match.group(1) or match.group(2)).decode("utf-8", "replace")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target.removeprefix("./")
    return "xl/sharedStrings.xml"


def _check_xlsx(archive: zipfile.ZipFile, shown: str, infos: list[zipfile.ZipInfo], bounded: bool = False) -> None:
    """Every XML member is scanned as if it were a sheet (a workbook may point its sheets
    anywhere): cells, text runs, DOCTYPE; the shared strings as the workbook names them.
    `bounded`: see `_xlsx_sheet`."""
    names = {info.filename for info in infos}
    if any(name.endswith(".bin") and name.startswith(("xl/worksheets/", "xl/workbook")) for name in names):
        raise GuardError(f"Tệp «{shown}» là bảng tính nhị phân (.xlsb), phần mềm không đọc: hãy lưu lại thành .xlsx")
    strings_name = _shared_strings_name(archive, names)
    shared: list[int] = []
    if strings_name in names:
        shared = _shared_string_lengths(archive, archive.getinfo(strings_name), shown)
    cost = 0
    for info in infos:
        if info.filename == strings_name or info.is_dir():
            continue
        if info.filename.endswith((".xml", ".rels", ".vml")) or info.filename.startswith("xl/worksheets/"):
            grid = _xlsx_sheet(archive, info, shown, shared, bounded)
            cost += grid.cost()
            if cost > MAX_COST:
                if bounded:
                    raise _BoundTooHigh
                raise _too_big(shown, grid)


def _check_ods(archive: zipfile.ZipFile, shown: str, infos: list[zipfile.ZipInfo]) -> None:
    """python-calamine reads an .ods' content.xml (the other members are scanned by _check_xlsx)."""
    for info in infos:
        if info.filename == "content.xml":
            _ods_content(archive, info, shown)


_ODS_TAG = re.compile(rb"<(/?)(?:\w+:)?(table-row|table-cell|covered-table-cell|table)\b([^>]*)>")
_ROWS_REPEATED = re.compile(rb"number-rows-repeated=\"([0-9]+)\"")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated=\"([0-9]+)\"")
_TEXT_RUN = re.compile(rb">([^<]+)<")


def _ods_content(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> None:
    """Rows and cells repeated with content count in full (empty repeats cost nothing)."""
    grid = _Grid([])
    row_repeat = cells = 0
    for piece in _chunks(archive, info, shown, MAX_ODS_CONTENT_BYTES):
        grid.chars += sum(map(len, _TEXT_RUN.findall(piece)))
        for closing, kind, attrs in _ODS_TAG.findall(piece):
            if kind == b"table":
                grid.row = 0
            elif kind == b"table-row":
                if closing:
                    grid.row += row_repeat
                    continue
                row_repeat, cells = _repeat(_ROWS_REPEATED, attrs), 0
                if attrs.endswith(b"/"):
                    grid.row += row_repeat
            elif not closing:
                repeat = _repeat(_COLUMNS_REPEATED, attrs)
                cells += repeat
                if b"value-type" in attrs:
                    grid.cell_at(grid.row + max(row_repeat, 1), cells)
                    grid.cells += repeat * max(row_repeat, 1)
        if grid.cost() > MAX_COST:
            raise _too_big(shown, grid)


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    match = pattern.search(attrs)
    if match is None:
        return 1
    return int(match.group(1)) if len(match.group(1)) < 9 else 1 << 30


def _probe_in_child(path: Path) -> None:
    """An .xls is read once in a child process under a memory limit (sheet_probe): a grid that
    does not fit ends that child, not this process. Skipped in a frozen build (no interpreter
    to start), where the size cap alone applies."""
    if getattr(sys, "frozen", False):
        return
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
               RUST_BACKTRACE="0")
    try:
        done = subprocess.run([sys.executable, "-m", "kh06_desktop.exchange.sheet_probe", str(path),
                               str(PROBE_MEMORY)], capture_output=True, text=True, timeout=PROBE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        raise GuardError(f"Tệp «{path.name}» cần quá {PROBE_SECONDS} giây để đọc: tệp không an toàn hoặc "
                         "quá lớn") from None
    except OSError:
        return  # no child could be started: the size cap alone applies
    if done.returncode != 0 or done.stdout.strip() not in ("OK", "ERR"):
        raise GuardError(f"Tệp «{path.name}» quá lớn để đọc an toàn: một trang cần hơn {PROBE_MEMORY // _MB} MB bộ nhớ "
                         "(thường do một ô có dữ liệu ở rất xa danh sách; Ctrl+End trong Excel cho biết ô cuối). Hãy "
                         "xóa các ô thừa rồi lưu lại")


def check_spreadsheet(path: Path) -> None:
    """Refuse (GuardError) a spreadsheet that would take more than ~320 MB, that is damaged, or
    that carries XML tricks; return quietly for one python-calamine may open."""
    shown = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise GuardError(f"Tệp «{shown}» quá lớn ({size // _MB} MB, tối đa {MAX_FILE_BYTES // _MB} MB cho một "
                         "danh sách đoàn viên)")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: .xls (or an encrypted .xlsx, which calamine refuses)
        if size > MAX_XLS_BYTES:
            raise GuardError(f"Tệp «{shown}» quá lớn ({size // _MB} MB, tối đa {MAX_XLS_BYTES // _MB} MB)")
        _probe_in_child(path)
        return
    if not head.startswith(b"PK"):
        return  # not a zip: python-calamine says it is no workbook
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: python-calamine says it is no workbook
    try:
        with archive:
            infos = _check_zip_directory(archive, shown)
            if any(info.filename == "content.xml" for info in infos):
                _check_ods(archive, shown, infos)  # what python-calamine reads of an .ods
            try:  # and of an .xlsx, whatever the file's name says: bounded first, exactly if need be
                _check_xlsx(archive, shown, infos, bounded=True)
            except _BoundTooHigh:
                _check_xlsx(archive, shown, infos)
    except GuardError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError,
            RuntimeError, UnicodeError):
        raise _unsafe(shown) from None
    except RecursionError:
        raise _unsafe(shown) from None
