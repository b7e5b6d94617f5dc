"""`kh06 report`, `kh06 close-period`, `kh06 reopen-period`."""

from __future__ import annotations

from pathlib import Path

from kh06_desktop.cli import main as kh06
from kh06_desktop.services.periods.period_close import get_period_state
from kh06_desktop.services.reports.report_data import list_printed
from kh06_desktop.services.unit.units import UnitInfo
from kh06_desktop.store.database import Database
from tests.reports.conftest import PERIOD, pdf_text


def test_report_writes_each_kind(db: Database, unit: UnitInfo, populated: dict, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for kind in ("period", "roster", "training", "study", "hardship"):
        out = tmp_path / f"{kind}.pdf"
        code = kh06(["report", "--db", str(db.path), "--period", PERIOD, "--out", str(out), "--kind", kind,
                     "--number", "15/BC-CĐCS", "--date", "05/12/2025", "--signer", "Nguyễn Thị Hoa"])
        assert code == 0, capsys.readouterr().err
        text = " ".join(pdf_text(out.read_bytes()))
        assert "Nguyễn Thị Hoa" in text and "ngày 05 tháng 12 năm 2025" in text
    assert "Đã ghi" in capsys.readouterr().out
    assert {r.kind for r in list_printed(db, unit.id, PERIOD)} == {"period", "roster", "training", "study", "hardship"}


def test_report_errors_are_one_vietnamese_line(db: Database, unit: UnitInfo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert kh06(["report", "--db", str(db.path), "--period", "2025H3", "--out", str(tmp_path / "a.pdf")]) == 2
    assert "Kỳ báo cáo không hợp lệ" in capsys.readouterr().err
    assert kh06(["report", "--db", str(db.path), "--period", PERIOD, "--out", str(tmp_path / "a.pdf"),
                 "--kind", "training"]) == 2
    err = capsys.readouterr().err
    assert "chưa có lớp tập huấn" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert kh06(["report", "--db", str(db.path), "--period", PERIOD, "--out", str(tmp_path / "a.pdf"),
                 "--date", "31/02/2025"]) == 2
    assert "Ngày không tồn tại" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()


def test_close_and_reopen_from_the_command_line(db: Database, unit: UnitInfo, capsys) -> None:  # type: ignore[no-untyped-def]
    assert kh06(["close-period", "--db", str(db.path), "--period", "2025H1"]) == 0
    assert get_period_state(db, unit.id, "2025H1").closed
    assert kh06(["reopen-period", "--db", str(db.path), "--period", "2025H1"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert kh06(["reopen-period", "--db", str(db.path), "--period", "2025H1", "--yes"]) == 0
    state = get_period_state(db, unit.id, "2025H1")
    assert not state.closed and state.revision == 2
