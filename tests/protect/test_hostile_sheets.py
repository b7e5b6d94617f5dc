"""Issue 11, spreadsheets (cases 12-14): every hostile workbook is refused with one Vietnamese
line before python-calamine sees it; nothing written, the process alive, memory bounded."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kh06_desktop.cli import main
from kh06_desktop.exchange.member_sheet import SheetError
from kh06_desktop.exchange.sheet_guard import check_spreadsheet
from kh06_desktop.exchange.sheet_reader import read_member_workbook
from tests.protect.protect_helpers import count_members

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "messy"
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]
_COLUMNS = "ABCDEFGHIJKL"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>')


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # ("s", index): a shared string
        return f'<c r="{ref}" t="s"><v>{value[1]}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows: dict[int, list[object]], extra_cells: str = "", prolog: str = "") -> str:
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{_COLUMNS[i]}{r}", v) for i, v in enumerate(cells)) + "</row>"
                   for r, cells in sorted(rows.items()))
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{body}{extra_cells}</sheetData></worksheet>')


def xlsx(path: Path, sheet: str | bytes, shared: str | bytes | None = None,
         stored: bool = False, sheet_member: str = "xl/worksheets/sheet1.xml") -> Path:
    """A minimal workbook written member by member (nothing large is committed: all is built here)."""
    shared = shared if shared is not None else ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                                                'openxmlformats.org/spreadsheetml/2006/main"></sst>')
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels",
                         WORKBOOK_RELS.replace("worksheets/sheet1.xml", sheet_member.removeprefix("xl/")))
        archive.writestr(sheet_member, sheet, compress_type=method)
        archive.writestr("xl/sharedStrings.xml", shared)
    return path


def good_rows(count: int = 3) -> dict[int, list[object]]:
    rows: dict[int, list[object]] = {1: list(HEADER)}
    for i in range(count):
        rows[i + 2] = [i + 1, f"Nguyễn Văn An {i}", "01/02/1990", "Nam", f"00109000{i:04d}"]
    return rows


def refused(path: Path) -> str:
    with pytest.raises(SheetError) as caught:
        read_member_workbook(path)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    return message


def test_a_plain_crafted_workbook_passes_the_guard_and_is_read(tmp_path) -> None:
    path = xlsx(tmp_path / "ds.xlsx", sheet_xml(good_rows(5)))
    check_spreadsheet(path)
    (sheet,) = read_member_workbook(path).sheets
    assert len(sheet.row_numbers) == 5


def test_12_a_cell_at_xfd1048576_is_refused_without_ending_the_process(db, unit, tmp_path) -> None:
    path = xlsx(tmp_path / "xfd.xlsx", sheet_xml(good_rows(2), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    assert path.stat().st_size < 4096
    assert "quá lớn để đọc an toàn" in refused(path)
    # The command line, in its own process: exit 2 with one line, not an abort (134), little memory.
    # Its peak is VmHWM, which belongs to the new process image; getrusage's ru_maxrss would carry
    # over the size of the forking pytest process (Linux keeps it across exec).
    run = ("import re, sys\nfrom kh06_desktop.cli import main\ncode = main(sys.argv[1:])\n"
           "print(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())[1])\nsys.exit(code)")
    for extra in ([], ["--dry-run"]):
        done = subprocess.run([sys.executable, "-c", run, "import-members", "--db", str(db.path), str(path), *extra],
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "quá lớn" in done.stderr
        assert int(done.stdout.split()[-1]) < 1024 * 1024  # its peak, in KB on Linux: under 1 GB
    assert count_members(db) == 0


def test_12_a_sheet_stored_outside_the_usual_folder_is_measured_too(tmp_path) -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = xlsx(tmp_path / "lech.xlsx", sheet_xml(good_rows(2), far), sheet_member="xl/khac/trang.xml")
    assert "quá lớn để đọc an toàn" in refused(path)


@pytest.mark.parametrize("extra", [
    '<row r="2000"><c r="XFD2000"><v>1</v></c></row>',
    '<row r="1048576"><c r="L1048576"><v>1</v></c></row>',
], ids=["XFD2000", "row-1048576"])
def test_12_13_grids_that_would_take_gigabytes_are_refused(tmp_path, extra) -> None:
    rows = good_rows(2)
    assert "quá lớn để đọc an toàn" in refused(xlsx(tmp_path / "grid.xlsx", sheet_xml(rows, extra)))


def test_13_a_50_mb_shared_string_referenced_1000_times_is_refused(tmp_path) -> None:
    huge = "A" * (50 * 1024 * 1024)
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
              f'2006/main"><si><t>{huge}</t></si></sst>')
    del huge
    rows = good_rows(2)
    rows.update({r: [r, ("s", 0)] for r in range(10, 1010)})
    path = xlsx(tmp_path / "chuoi.xlsx", sheet_xml(rows), shared)
    del shared
    assert path.stat().st_size < 200 * 1024
    message = refused(path)
    assert "chuoi.xlsx" in message and ("32.767" in message or "quá lớn khi giải nén" in message)


def test_13_a_long_run_of_whitespace_is_refused(tmp_path) -> None:
    spaces = " " * (8 * 1024 * 1024)
    path = xlsx(tmp_path / "trang.xlsx", sheet_xml(good_rows(2), f"<row r='9'><c r='A9' t='inlineStr'><is><t>"
                                                                  f"{spaces}</t></is></c></row>"))
    assert path.stat().st_size < 64 * 1024
    assert "32.767" in refused(path)


def test_13_a_member_larger_than_declared_is_refused(tmp_path) -> None:
    path = xlsx(tmp_path / "ok.xlsx", sheet_xml(good_rows(3)))
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Lower the sheet's declared size in the central directory: it inflates beyond what it claims.
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"xl/worksheets/sheet1.xml") + 1)
    raw[central + 24:central + 28] = (info.file_size // 2).to_bytes(4, "little")
    bad = tmp_path / "noi-doi.xlsx"
    bad.write_bytes(bytes(raw))
    assert "hỏng hoặc không an toàn" in refused(bad)


def test_14_a_crc_damaged_workbook_is_damaged_or_unsafe(tmp_path) -> None:
    path = xlsx(tmp_path / "crc.xlsx", sheet_xml(good_rows(3)), stored=True)
    raw = bytearray(path.read_bytes())
    where = raw.find("Nguyễn Văn An 1".encode())
    raw[where] = ord("M")  # same length, still XML: only the CRC tells
    path.write_bytes(bytes(raw))
    assert "hỏng hoặc không an toàn" in refused(path)


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
], ids=["xxe", "billion-laughs"])
def test_14_xxe_and_billion_laughs_are_unsafe(tmp_path, prolog) -> None:
    rows = good_rows(2)
    rows[5] = [3, "&lol3;" if "lol" in prolog else "&xxe;"]
    assert "không an toàn" in refused(xlsx(tmp_path / "xml.xlsx", sheet_xml(rows, prolog=prolog)))


def test_14_a_long_cell_is_cut_in_the_import_report(db, unit, tmp_path, capsys) -> None:
    rows = good_rows(2)
    rows[3][4] = "9" * 30_000  # a 30,000-digit citizen id: an error, quoted in the report
    path = xlsx(tmp_path / "dai.xlsx", sheet_xml(rows))
    assert main(["import-members", "--db", str(db.path), str(path)]) == 1
    out = capsys.readouterr().out
    assert len(out) < 5_000 and "9" * 200 + "…" in out and "9" * 300 not in out
    assert count_members(db) == 0


def test_ods_and_xls_are_capped_by_size(tmp_path) -> None:
    ods = tmp_path / "ds.ods"
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="o" '
                                        'xmlns:table="t"><office:body><office:spreadsheet><table:table>'
                                        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                                        'office:value-type="float" table:number-columns-repeated="16384"/>'
                                        '</table:table-row></table:table></office:spreadsheet></office:body>'
                                        '</office:document-content>')
    assert "quá lớn để đọc an toàn" in refused(ods)
    xls = tmp_path / "to.xls"
    with xls.open("wb") as handle:
        handle.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        handle.truncate(70 * 1024 * 1024)  # sparse: no disk used
    assert "quá lớn" in refused(xls)


def test_12_an_xls_whose_grid_does_not_fit_is_refused_without_ending_the_process(tmp_path) -> None:
    """One RK cell of a real .xls moved to IV65536: python-calamine would need > 1 GB (and abort)."""
    raw = bytearray((FIXTURES / "gioi_tinh_x.xls").read_bytes())
    rk = raw.find(b"\x7e\x02\x0a\x00")  # an RK record: type 0x027E, 10 bytes: row, col, xf, value
    assert rk > 0
    raw[rk + 4:rk + 8] = (65535).to_bytes(2, "little") + (255).to_bytes(2, "little")
    far = tmp_path / "xa.xls"
    far.write_bytes(bytes(raw))
    assert len(raw) < 16 * 1024
    assert "quá lớn để đọc an toàn" in refused(far)
    for name in ("gioi_tinh_x.xls", "nhieu_trang.xls", "tieu_de_nhom.xls"):
        check_spreadsheet(FIXTURES / name)  # real .xls files pass


def test_13_millions_of_cells_in_one_place_are_refused(tmp_path) -> None:
    """A small area but 8 million cells: python-calamine collects every one before building its grid."""
    crowd = '<row r="9">' + '<c r="A9"/>' * 8_000_000 + "</row>"
    path = xlsx(tmp_path / "dong.xlsx", sheet_xml(good_rows(2), crowd))
    del crowd
    assert path.stat().st_size < 1024 * 1024
    assert "quá lớn để đọc an toàn" in refused(path)


_MEASURED_SHEETS = {
    "plain": sheet_xml(good_rows(40)),
    "shared": sheet_xml({1: [("s", 0), ("s", 1)], 2: [("s", 1), 7], 9: [("s", 5), ("s", 0)]}),
    "prefixed": ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                 '<x:row r="1"><x:c r="B3" t="s"><x:v>1</x:v></x:c><x:c r="XFD70"><x:v>1</x:v></x:c>'
                 '<x:c t="inlineStr"><x:is><x:t>Lê Thị Bình</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>'),
    "mixed": sheet_xml(good_rows(5), '<row r="90"><x:c r="K90" t="s"><v>0</v></x:c><c r="C91"/>'
                                     '<c t="inlineStr"><is><x:t xml:space="preserve">Ghi chú</x:t></is></c></row>'),
    "colon-in-text": sheet_xml({1: ["giờ:c 8:30", "a:t b", "x:v>"], 4: [("s", 1), 3]}),
    "unaddressed": sheet_xml({}, '<row><c t="s"><v>1</v></c><c><v>2</v></c><c/><c></c></row>'),
}
_SHARED = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{'Chuỗi dùng chung ' * (i + 1)}</t></si>" for i in range(6)) + "</sst>")


@pytest.mark.parametrize("name", sorted(_MEASURED_SHEETS))
def test_the_fast_scan_of_unprefixed_xml_measures_exactly_what_the_general_one_does(tmp_path, monkeypatch,
                                                                                     name) -> None:
    """Pieces without namespace-prefixed cell tags are scanned with simpler patterns: the grid,
    the cells and the characters counted must be the same as the general patterns count."""
    import re

    from kh06_desktop.exchange import sheet_guard

    path = xlsx(tmp_path / f"{name}.xlsx", _MEASURED_SHEETS[name], shared=_SHARED)

    def measure() -> tuple[int, ...]:
        with zipfile.ZipFile(path) as archive:
            shared = sheet_guard._shared_string_lengths(archive, archive.getinfo("xl/sharedStrings.xml"), path.name)
            grid = sheet_guard._xlsx_sheet(archive, archive.getinfo("xl/worksheets/sheet1.xml"), path.name, shared)
        return grid.min_row, grid.max_row, grid.min_col, grid.max_col, grid.cells, grid.chars

    fast = measure()
    monkeypatch.setattr(sheet_guard, "_PREFIXED", re.compile(b""))  # every piece through the general patterns
    general = measure()
    assert fast == general
    assert fast[4] > 0 and fast[5] > 0
    if name == "prefixed":  # the prefixed cells are measured: column XFD, row 70
        assert fast[1] == 70 and fast[3] == 16384


# Sheets where the quick, bounded measure of the guard meets what it must handle: addresses with
# six or seven digits, "$", two or three letters, leading zeros; shared-string cells with other
# attributes after t="s"; a piece mixing cells with their address first and cells without it.
_BOUNDED_SHEETS = {
    **_MEASURED_SHEETS,
    "far-rows": sheet_xml(good_rows(3), '<row r="123456"><c r="B123456"><v>1</v></c><c r="$C$654321"><v>2</v></c>'
                                        '<c r="D0000012"/></row>'),
    "wide": sheet_xml(good_rows(3), '<row r="8"><c r="AB8"><v>1</v></c><c r="AZ8" t="s"><v>2</v></c></row>'),
    "shared-attributes": sheet_xml(good_rows(2), '<row r="7"><c r="A7" t="s" s="3"><v>4</v></c>'
                                                 '<c r="B7" t="s"><v> 5 </v></c><c r="C7" t="s"><v>99</v></c></row>'),
    "address-later": sheet_xml(good_rows(2), '<row r="9"><c s="1" r="K900"><v>1</v></c><c r="A9"/></row>'),
}


@pytest.mark.parametrize("name", sorted(_BOUNDED_SHEETS))
def test_the_bounded_scan_never_measures_less_than_the_exact_one(tmp_path, name) -> None:
    """check_spreadsheet measures first with bounds (rows of short addresses taken as up to 99.999)
    and measures exactly only when the bound is over the limit: every bound must be at least the
    exact figure, cell for cell and character for character, or a file could pass on the bound."""
    from kh06_desktop.exchange import sheet_guard

    path = xlsx(tmp_path / f"{name}.xlsx", _BOUNDED_SHEETS[name], shared=_SHARED)

    def measure(bounded: bool) -> sheet_guard._Grid:
        with zipfile.ZipFile(path) as archive:
            shared = sheet_guard._shared_string_lengths(archive, archive.getinfo("xl/sharedStrings.xml"), path.name)
            return sheet_guard._xlsx_sheet(archive, archive.getinfo("xl/worksheets/sheet1.xml"), path.name, shared,
                                           bounded=bounded)

    exact, bound = measure(False), measure(True)
    assert exact.cells > 0 and exact.chars > 0
    assert bound.min_row <= exact.min_row and bound.max_row >= exact.max_row
    assert bound.min_col <= exact.min_col and bound.max_col >= exact.max_col
    assert bound.area >= exact.area and bound.cells >= exact.cells and bound.chars >= exact.chars
    if name == "far-rows":  # long addresses are read exactly, not bounded
        assert bound.max_row == exact.max_row == 654_321
    if name == "wide":
        assert bound.max_col == exact.max_col == 52


def test_a_file_over_the_bound_but_within_the_limit_is_measured_exactly_and_accepted(tmp_path) -> None:
    """60 columns of 40 rows: bounded as 100.000 rows × 60 columns (over 320 MB), measured exactly
    (40 × 60 cells) and let through; the same columns over 150.000 rows are refused."""
    from kh06_desktop.exchange import sheet_guard

    letters = [f"{a}{b}" for a in " AB" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][:60]
    row = "".join(f'<c r="{c.strip()}{{r}}"><v>1</v></c>' for c in letters)
    body = "".join(f'<row r="{r}">' + row.format(r=r) + "</row>" for r in range(1, 41))
    wide = xlsx(tmp_path / "rong.xlsx", sheet_xml({}, body))
    with zipfile.ZipFile(wide) as archive, pytest.raises(sheet_guard._BoundTooHigh):
        sheet_guard._check_xlsx(archive, wide.name, archive.infolist(), bounded=True)
    check_spreadsheet(wide)
    far = xlsx(tmp_path / "xa.xlsx", sheet_xml({}, body + '<row r="150000"><c r="A150000"/></row>'))
    assert "quá lớn để đọc an toàn" in refused(far)


def test_shared_string_lengths_of_plain_and_rich_strings_are_the_exact_ones(tmp_path) -> None:
    """Plain strings are measured in one pass per piece; a piece with rich text, an empty string, a
    prefixed or an attributed <si> is measured string by string. Both give the same lengths."""
    import re

    from kh06_desktop.exchange import sheet_guard

    strings = ['<si><t>Nguyễn Văn An</t></si>', '<si><t xml:space="preserve"> Lê  Bình </t></si>',
               '<si><t></t></si>', '<si><r><t>Trần</t></r><r><rPr><b/></rPr><t> Thị Cúc</t></r></si>',
               '<si><t>Đỗ</t><rPh><t>x</t></rPh></si>']
    for name, body in (("plain", strings[:3] * 50), ("rich", strings * 50),
                       ("prefixed", [s.replace("<si>", "<x:si>").replace("</si>", "</x:si>") for s in strings])):
        sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               '2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(body) + "</sst>")
        path = xlsx(tmp_path / f"{name}.xlsx", sheet_xml(good_rows(2)), shared=sst)
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/sharedStrings.xml")
            fast = sheet_guard._shared_string_lengths(archive, info, path.name)
            expected = [len(re.sub(rb"<[^>]*>", b"", m)) for m in sheet_guard._SI.findall(archive.read(info))]
        assert fast == expected and len(fast) == len(body)
