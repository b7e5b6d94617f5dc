"""Renders docs/screenshots/audit_page.png (the audit trail page over a small realistic history),
restore_dialog.png and password_dialog.png.

    python tests/protect/audit_screenshot.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kh06_desktop.domain.enums import MemberStatus, Role, Sector  # noqa: E402
from kh06_desktop.domain.validation import validate_member  # noqa: E402
from kh06_desktop.paths import PROJECT_ROOT  # noqa: E402
from kh06_desktop.services.groups import groups
from kh06_desktop.services.members import members
from kh06_desktop.services.protect import access  # noqa: E402
from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402

PEOPLE = (
    ("Nguyễn Thị Hương", "Nữ", "14/03/1986", "001186004512", "0912345678", "Tổ Kế toán"),
    ("Trần Đức Thắng", "Nam", "02/09/1979", "001079011234", "0987654321", "Tổ Cơ khí"),
    ("Lê Văn Đạt", "Nam", "21/11/1992", "001092023456", "0903111222", "Tổ Cơ khí"),
    ("Phạm Thị Lan Anh", "Nữ", "05/02/1990", "001190034567", "0977888999", "Tổ Kho vận"),
)


def build(db_path: Path) -> None:
    db = open_database(db_path)
    unit = setup_unit(db, UnitProfile(code="CDCS-DTA", name="Công đoàn Công ty CP Thiết bị Điện Đông Anh",
                                      sector=Sector.STATE_ENTERPRISE, chair_name="Trần Văn Dũng"),
                      Workforce("2025", 120, 50, 110))
    ids = []
    for name, gender, born, cid, phone, group in PEOPLE:
        draft = validate_member({"full_name": name, "gender": gender, "birth_date": born, "citizen_id": cid,
                                 "phone": phone, "group_name": group, "join_date": "01/03/2015"},
                                today=dt.date(2025, 6, 1)).draft
        assert draft is not None
        ids.append(members.create_member(db, unit.id, draft, today=dt.date(2025, 6, 1)))
    members.add_position(db, ids[0], Role.CHAIR, dt.date(2023, 5, 1))
    members.add_position(db, ids[1], Role.GROUP_LEADER, dt.date(2024, 1, 1))
    kho = groups.create_group(db, unit.id, "Tổ Kho")
    rows = {g.name: g.id for g in groups.list_groups(db, unit.id)}
    groups.merge_groups(db, [kho], rows["Tổ Kho vận"])
    draft = validate_member({"full_name": "Phạm Thị Lan Anh", "gender": "Nữ", "birth_date": "05/02/1990",
                             "citizen_id": "001190034567", "phone": "0966555444", "group_name": "Tổ Kho vận",
                             "join_date": "01/03/2015", "department": "Phòng Kinh doanh"},
                            today=dt.date(2025, 6, 1)).draft
    assert draft is not None
    members.update_member(db, ids[3], draft, today=dt.date(2025, 6, 1))
    members.change_status(db, ids[2], MemberStatus.TRANSFERRED, dt.date.today())
    access.set_password(db, "matkhau123", "matkhau123")
    db.close()


def main() -> int:
    from PySide6.QtWidgets import QApplication  # noqa: F401 - created by ensure_application

    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.protect.audit_page import AuditPage

    app = ensure_application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kh06.db"
        build(path)
        db = open_database(path)
        page = AuditPage(AppContext(db))
        page.resize(1280, 720)
        page.show()
        model = page.model
        target = next(r for r in range(model.rowCount())
                      if model.row_at(r).entity == "member" and model.row_at(r).action == "update")
        page.ui.audit_table.selectRow(target)
        app.processEvents()
        out = PROJECT_ROOT / "docs" / "screenshots" / "audit_page.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(out))
        print(out)
        page.close()
        from kh06_desktop.services.protect import backup
        from kh06_desktop.ui.protect.password_dialog import SET, PasswordDialog
        from kh06_desktop.ui.protect.restore_dialog import RestoreDialog

        backup.set_backup_folder(db, Path(folder) / "backups")
        start = dt.datetime.now().replace(microsecond=0)
        for days, kind in ((0, backup.MANUAL), (0, backup.AUTO), (1, backup.AUTO), (2, backup.AUTO),
                           (9, backup.PRE_RESTORE), (30, backup.AUTO)):
            backup.backup_now(db, kind, now=start - dt.timedelta(days=days, hours=days % 5))
        for name, dialog in (("restore_dialog", RestoreDialog(db)), ("password_dialog", PasswordDialog(db, SET))):
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out.with_name(f"{name}.png")))
            dialog.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
