"""Undo of the last import (DESIGN 6.1 `undo-import`): a backup before every import, restored only
when nothing else was written since; a sheet titled for another union is flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fixtures.member_sheets import simple_roster

from kh06_desktop.cli import main
from kh06_desktop.domain.union_names import other_union
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.common.errors import Conflict, NotFound
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.members.member_update import commit_update, prepare_update
from kh06_desktop.services.members.members import create_member, list_member_rows
from kh06_desktop.services.protect.backup import PRE_IMPORT, list_backups
from kh06_desktop.services.protect.import_undo import undo_last_import, undo_state
from tests.services.test_member_update import BASE, UPDATED

TODAY = dt.date(2025, 6, 15)


def names(db, unit) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(r.full_name for r in list_member_rows(db, unit.id, today=TODAY))


def test_an_import_takes_a_backup_and_can_be_undone(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert not undo_state(db).possible and "Chưa có lần nhập" in undo_state(db).reason
    with pytest.raises(NotFound):
        undo_last_import(db)
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", BASE), today=TODAY))
    assert [b.kind for b in list_backups(db)] == [PRE_IMPORT]
    assert len(names(db, unit)) == 5
    state = undo_state(db)
    assert state.possible and "Nhập 5 đoàn viên" in state.summary
    result = undo_last_import(db)
    assert names(db, unit) == [] and "Nhập 5 đoàn viên" in result.summary
    assert not undo_state(db).possible  # the restore itself is now the last thing written


def test_an_update_can_be_undone(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", BASE), today=TODAY))
    before = names(db, unit)
    plan = prepare_update(db, unit.id, simple_roster(tmp_path / "b.xlsx", UPDATED), today=TODAY)
    commit_update(db, unit.id, plan, today=TODAY)
    assert names(db, unit) != before
    assert "Cập nhật danh sách" in undo_state(db).summary
    undo_last_import(db)
    assert names(db, unit) == before


def test_undo_is_refused_when_something_was_written_since(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", BASE), today=TODAY))
    draft = validate_member({"full_name": "Hồ Thị Gấm", "birth_date": "01/01/1991"}, today=TODAY).draft
    create_member(db, unit.id, draft, today=TODAY)
    state = undo_state(db)
    assert not state.possible
    assert "từ lúc nhập đã có 1 thay đổi khác được ghi (Thêm đoàn viên" in state.reason
    with pytest.raises(Conflict):
        undo_last_import(db)
    assert "Hồ Thị Gấm" in names(db, unit) and len(names(db, unit)) == 6


def test_cli_undo_import(db, unit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = str(db.path)
    assert main(["import-members", "--db", path, str(simple_roster(tmp_path / "a.xlsx", BASE))]) == 0
    assert main(["undo-import", "--db", path]) == 0
    assert "Đã hoàn tác lần nhập gần nhất (Nhập 5 đoàn viên" in capsys.readouterr().out
    assert main(["undo-import", "--db", path]) == 2
    assert "Chưa có lần nhập" in capsys.readouterr().err
    assert main(["import-members", "--db", path, str(simple_roster(tmp_path / "a.xlsx", BASE))]) == 0
    draft = validate_member({"full_name": "Hồ Thị Gấm"}, today=TODAY).draft
    create_member(db, unit.id, draft, today=TODAY)
    capsys.readouterr()
    assert main(["undo-import", "--db", path]) == 2
    err = capsys.readouterr().err
    assert "Không hoàn tác được" in err and "Thêm đoàn viên" in err and len(err.strip().splitlines()) == 1


def test_a_sheet_titled_for_another_union_is_flagged(db, unit, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    title = "CĐCS CÔNG TY CỔ PHẦN CƠ KHÍ ĐIỆN LỰC MIỀN BẮC"
    plan = prepare_import(db, unit.id, simple_roster(tmp_path / "khac.xlsx", BASE, title=title), today=TODAY)
    assert plan.other_union == title
    own = "CĐCS CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH"
    assert prepare_import(db, unit.id, simple_roster(tmp_path / "minh.xlsx", BASE, title=own),
                          today=TODAY).other_union is None
    assert main(["import-members", "--db", str(db.path), "--dry-run", str(tmp_path / "khac.xlsx")]) == 0
    assert f"Cảnh báo: tiêu đề của tệp ghi «{title}»" in capsys.readouterr().err


@pytest.mark.parametrize(("lines", "expected"), [
    (["CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM", "DANH SÁCH ĐOÀN VIÊN"], None),  # the upper union: not a grassroots one
    (["DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN TRƯỜNG THCS KIM ĐỒNG"], "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN TRƯỜNG THCS KIM ĐỒNG"),
    (["Công đoàn cơ sở Công ty Thiết bị Điện Đông Anh"], None),
    (["CĐCS"], None),
])
def test_other_union_reads_only_lines_naming_a_grassroots_union(lines: list[str], expected: str | None) -> None:
    assert other_union(lines, "Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh",
                       "Công ty Cổ phần Thiết bị Điện Đông Anh") == expected


def test_exporting_the_list_after_an_import_does_not_block_its_undo(db, unit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Checking an import by exporting the list (a read, audited for privacy) must not make the import
    impossible to undo; the export's audit row survives the undo."""
    from sqlalchemy import select

    from kh06_desktop.services.members.member_export import export_members
    from kh06_desktop.store.models import AuditEntry

    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "a.xlsx", BASE), today=TODAY))
    export_members(db, unit.id, tmp_path / "check.xlsx")
    state = undo_state(db)
    assert state.possible, state.reason
    undo_last_import(db)
    assert names(db, unit) == []
    with db.reading() as session:
        kept = session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "export",
                                                                AuditEntry.entity == "member")).all()
    assert len(kept) == 1 and "check.xlsx" in (kept[0] or "")
