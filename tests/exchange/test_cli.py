"""`kh06 export`, `kh06 consolidate`, `kh06 consolidated-report` and `kh06 indicators` at the upper level."""

from __future__ import annotations

import json

from builders import make_file, populate
from openpyxl import load_workbook
from pypdf import PdfReader

from kh06_desktop.cli import main
from kh06_desktop.services.indicators.indicators import compute_indicators


def test_export_consolidate_report_and_indicators(db, unit, tmp_path, capsys):
    populate(db, unit.id, members=25)
    at_unit = compute_indicators(db, unit.id, "2025").to_json_dict()
    out = tmp_path / "u.kh06"
    assert main(["export", "--db", str(db.path), "--period", "2025", "--out", str(out)]) == 0
    assert "không kèm dữ liệu cá nhân" in capsys.readouterr().out

    upper = tmp_path / "upper.db"
    other = tmp_path / "o.kh06"
    other.write_bytes(make_file("U2"))
    assert main(["consolidate", "--db", str(upper), str(out), str(other)]) == 0
    assert "nhận 2, từ chối 0" in capsys.readouterr().out

    bad = tmp_path / "bad.kh06"
    bad.write_bytes(b"not a zip")
    assert main(["consolidate", "--db", str(upper), str(bad), str(out)]) == 2
    captured = capsys.readouterr()
    assert "Từ chối: bad.kh06 — Tệp không phải tệp dữ liệu KH06" in captured.err
    assert "đã được nhận trước đây" in captured.err

    third = tmp_path / "u3.kh06"
    third.write_bytes(make_file("U3"))
    assert main(["consolidate", "--db", str(upper), str(bad), str(third)]) == 1
    capsys.readouterr()

    assert main(["indicators", "--db", str(upper), "--unit", unit.code, "--period", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == at_unit
    assert main(["indicators", "--db", str(upper), "--period", "2025", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals["indicators"][0]["denominator"] == at_unit["indicators"][0]["denominator"] + 2 * 9

    pdf, xlsx = tmp_path / "t.pdf", tmp_path / "t.xlsx"
    assert main(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(pdf)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "BÁO CÁO TỔNG HỢP" in text and "KẾT QUẢ THEO KHU VỰC" in text and unit.code in text
    assert main(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Theo khu vực", "Đơn vị"]
    codes = [book["Đơn vị"].cell(row=r, column=2).value for r in range(7, 10)]  # below the title and header rows
    assert sorted(codes) == sorted([unit.code, "U2", "U3"])


def test_errors_are_one_vietnamese_line(tmp_path, capsys, db, unit):
    assert main(["consolidate", "--db", str(db.path), str(tmp_path / "none.kh06")]) == 2
    assert "là của công đoàn cơ sở" in capsys.readouterr().err
    upper = tmp_path / "upper.db"
    assert main(["consolidated-report", "--db", str(upper), "--period", "2025", "--out", str(tmp_path / "x.doc")]) == 2
    assert "phải có đuôi .pdf hoặc .xlsx" in capsys.readouterr().err
    assert main(["export", "--db", str(db.path), "--period", "2025X", "--out", str(tmp_path / "x.kh06")]) == 2
    err = capsys.readouterr().err
    assert "Kỳ báo cáo không hợp lệ" in err and "Traceback" not in err
